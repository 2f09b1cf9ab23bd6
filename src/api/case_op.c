/* The frame around every write to a case. */
#include "api/case_op.h"

#include <string.h>

#include "api/app.h"
#include "api/case_document.h"
#include "api/case_keys.h"
#include "core/clock.h"

/* 404 when the caller may not know the case exists, 403 when it may but not do this (the
 * case's status is looked at afterwards: a closed case answers 409, not 403). */
static enum ura_status
authorize(const struct case_op *op, const struct case_op_run *run)
{
	const struct policy_decision *d = &run->d;

	if (d->access == ACCESS_NONE || d->access == ACCESS_PACKET)
		return URA_ENOTFOUND;
	if (op->apply_decides)
		return URA_OK;
	return case_facts_permissions(run->r, &run->f, d, false) & (1u << op->need)
	       ? URA_OK : URA_EFORBIDDEN;
}

/* The case read back after the change. The facts loaded before it still decide: an update or
 * a close changes neither the owner nor the referrals, so only the row and the incidents are
 * read again. The read is audited like any other. */
static enum ura_status
reload(struct db *db, struct case_op_run *run)
{
	struct request *r = run->r;
	enum ura_status st = store_case_get(db, &r->arena, run->case_id, &run->f.row);

	if (st != URA_OK || (st = store_case_incidents(db, &r->arena, run->case_id,
						       &run->f.incidents, &run->f.nincidents)))
		return st;
	return api_audit_case(db, r, "case.read", "case", run->case_id, run->case_id,
			      category_set_text(&r->arena, run->d.readable));
}

struct op_call {
	const struct case_op *op;
	struct case_op_run *run;
};

static enum ura_status
perform_fn(struct db *db, void *ctx)
{
	struct op_call *call = ctx;
	const struct case_op *op = call->op;
	struct case_op_run *run = call->run;
	enum ura_status st = store_case_lock(db, run->case_id);

	if (st != URA_OK || (st = case_facts_load(run->r, db, run->case_id, &run->f)) != URA_OK)
		return st;
	run->d = case_facts_decide(run->r, &run->f);
	if ((st = authorize(op, run)) != URA_OK)
		return st;
	/* An anonymised case holds only counts: nothing is added to it, not even on_closed. */
	if (run->f.row.anonymised_at != 0) {
		field_errors_add(&run->r->errors, "status", MSG_CASE_ANONYMISED);
		return URA_ECONFLICT;
	}
	/* A closed case is a record: nothing is added to it or changed, but for what follows a
	 * case by nature (on_closed). */
	if (!op->on_closed && strcmp(run->f.row.status, "closed") == 0) {
		field_errors_add(&run->r->errors, "status", MSG_CASE_CLOSED);
		return URA_ECONFLICT;
	}
	run->object_id = run->case_id;
	if ((st = op->apply(db, run)) != URA_OK ||
	    (st = api_audit_case(db, run->r, op->action, op->object_type, run->object_id,
				 run->case_id, run->fields)) != URA_OK)
		return st;
	return op->answer_case ? reload(db, run) : URA_OK;
}

bool
case_op_perform(struct request *r, const struct case_op *op, void *data, struct case_op_run *run)
{
	struct op_call call = { op, run };
	enum ura_status st;

	memset(run, 0, sizeof(*run));
	run->r = r;
	run->data = data;
	if (!req_param_id(r, 0, "id", &run->case_id))
		return false;
	if ((st = store_write(r->app->store, perform_fn, &call)) != URA_OK) {
		/* A refusal says why when the operation named it. */
		if ((st == URA_ECONFLICT || st == URA_EFORBIDDEN) && r->errors.count > 0)
			reply_problem(r, ura_status_http(st), r->errors.items[0].message);
		else
			reply_status(r, st);
		return false;
	}
	return true;
}

void
case_op_reply_case(struct case_op_run *run, int status)
{
	struct request *r = run->r;
	struct case_view v = { &run->f.row, run->f.incidents, run->f.nincidents, run->f.consents,
			       run->f.nconsents, run->d.readable, run->d.access == ACCESS_OWNER,
			       case_facts_address_readable(r, &run->f, &run->d) };
	json_t *doc = case_document_json(&r->arena, case_row_keys(r, &run->f.row), &v);

	if (doc == NULL) {
		reply_status(r, URA_EINTERNAL);
		return;
	}
	json_object_update_new(doc, case_facts_access_json(r, &run->f, &run->d));
	reply_header_add(r, "ETag", arena_printf(&r->arena, "\"%lld\"",
						 (long long)run->f.row.version));
	reply_json(r, status, doc);
}


enum ura_status
case_read_decide(struct request *r, struct db *db, int64_t case_id, int category,
		 struct case_facts *f, struct policy_decision *d)
{
	enum ura_status st = case_facts_load(r, db, case_id, f);

	if (st != URA_OK)
		return st;
	*d = case_facts_decide(r, f);
	if (d->access == ACCESS_NONE || d->access == ACCESS_PACKET)
		return URA_ENOTFOUND;
	if (category >= 0 && !(d->readable & (1u << category)))
		return URA_EFORBIDDEN;
	return URA_OK;
}

void
case_list_read_perform(struct request *r, const struct case_list_read *op)
{
	struct case_list_page page = { 0 };
	struct case_facts f;
	struct policy_decision d = { 0 };
	struct db *db;
	json_t *list;
	bool ok = true;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &page.case_id) ||
	    !req_page(r, &page.limit, &page.after) || (db = api_reader(r)) == NULL)
		return;
	st = case_read_decide(r, db, page.case_id, op->category, &f, &d);
	list = json_array();
	page.facts = &f;
	page.decision = d;
	if (st == URA_OK)
		st = op->items(db, r, &page, list, &ok);
	if (st == URA_OK && !ok)
		st = URA_EINTERNAL;
	if (st == URA_OK)
		st = api_audit_read(r, op->action, "case", page.case_id, page.case_id,
				    op->category < 0 ? NULL : arena_printf(&r->arena, "[\"%s\"]",
					category_name((enum category)op->category)));
	if (st != URA_OK) {
		json_decref(list);
		reply_status(r, st);
		return;
	}
	reply_list(r, list, page.next);
}
