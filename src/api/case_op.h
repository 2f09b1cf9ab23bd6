/*
 * One frame for every write to a case (update, close, incidents, notes, transfers): inside
 * one write transaction it loads the protocol's facts, lets domain/policy decide, refuses
 * (404 for a case the caller may not see, 403 for one it sees but may not change, 409 for a
 * closed case), runs the operation, and audits it. Handlers only read their input and
 * shape their answer, so none of them can forget a check.
 */
#ifndef URA_API_CASE_OP_H
#define URA_API_CASE_OP_H

#include "api/case_facts.h"
#include "domain/caseload.h"
#include "domain/policy.h"
#include "http/request.h"

struct case_op_run;

struct case_op {
	const char *action;      /* audited as this ("case.update") */
	const char *object_type; /* "case", "incident", "note" ... */
	enum case_permission need; /* who may: domain/caseload.h decides (403 otherwise) */
	bool answer_case;        /* the answer is the case read back (audited as case.read) */
	bool apply_decides;      /* not `need`: apply decides who may (a 403 naming why) */
	bool on_closed;          /* also on a closed case: what follows it (a prosecution's
				  * outcome comes months after the case closed) */
	/* The work, inside the transaction; sets run->object_id and run->fields. */
	enum ura_status (*apply)(struct db *db, struct case_op_run *run);
};

struct case_op_run {
	struct request *r;
	int64_t case_id;
	void *data;              /* the handler's input and output */
	struct case_facts f;     /* loaded before apply */
	struct policy_decision d;
	int64_t object_id;       /* what apply made or changed (the case by default) */
	const char *fields;      /* JSON array of field names for the audit, NULL for [] */
};

/* Runs `op` on the case named by the path's {id}; on failure replies and returns false. */
bool case_op_perform(struct request *r, const struct case_op *op, void *data,
		     struct case_op_run *run);

/* The checks of a read of the case: 404 when the caller may not see it, 403 when it may not
 * read `category` (-1: any reader may); loads *f and decides *d on the reader `db`. */
enum ura_status case_read_decide(struct request *r, struct db *db, int64_t case_id,
				 int category, struct case_facts *f, struct policy_decision *d);

/*
 * A read of a case's list (assessments, protection orders, actions): 404 for a case the caller
 * may not see, 403 when it may not read `category` (-1: any reader of the case may), then
 * `items` fills the answer's list with a page (ids after `after`, at most `limit`; *next the
 * last id shown when there are more) and the read is audited as `action`.
 */
struct case_list_page {
	int64_t case_id, after, next;
	int limit;
	const struct case_facts *facts; /* the case as loaded to decide (its referrals, ...) */
	struct policy_decision decision; /* the caller's, for what an item may show */
};
struct case_list_read {
	const char *action;
	int category;
	enum ura_status (*items)(struct db *db, struct request *r, struct case_list_page *page,
				 json_t *list, bool *ok);
};
void case_list_read_perform(struct request *r, const struct case_list_read *op);

/* For an op with answer_case: the case as the caller now sees it, with its ETag. */
void case_op_reply_case(struct case_op_run *run, int status);

#endif
