/*
 * A mechanism's meetings (api/meetings.c, api/meeting_parts.c), its compliance
 * (api/compliance.c) and dashboard (api/dashboard.c), members' requests for a meeting
 * (api/meeting_requests.c) and its calendar with the subscriptions to it
 * (api/calendar_feed.c). Every handler runs through one frame that loads the mechanism (and
 * the meeting or request), decides with domain/governance who may do what, and audits
 * writes.
 */
#ifndef URA_API_MEETINGS_H
#define URA_API_MEETINGS_H

#include "domain/governance.h"
#include "http/request.h"
#include "store/meetings.h"
#include "store/store.h"

struct meeting_run;

struct meeting_op {
	const char *action;            /* audited as this; NULL for a read */
	enum governance_access need;   /* the least access the caller needs */
	bool on_meeting;               /* the path's {id} is a meeting, else a mechanism */
	bool on_request;               /* the path's {id} is a request for an ad hoc meeting */
	bool hidden;                   /* without access, 404 (not 403) on a mechanism too */
	enum meeting_state_need {
		MEETING_ANY_STATE,
		MEETING_NOT_CANCELLED,   /* attendance, minutes, decisions: also after it is held */
		MEETING_SCHEDULED,       /* changes, agenda: only before (409 otherwise) */
	} state;
	bool answer_meeting;           /* the answer is the meeting, read back */
	enum ura_status (*apply)(struct db *db, struct meeting_run *run);
};

struct meeting_run {
	struct request *r;
	int64_t mechanism_id, meeting_id;
	struct mechanism_facts m;
	enum governance_access access;
	struct meeting_row meeting;      /* with on_meeting */
	int64_t request_id;
	struct meeting_request_row request; /* with on_request */
	struct meeting_details details;  /* with answer_meeting, after apply */
	void *data;
	int64_t object_id;               /* for the audit (the meeting by default) */
	const char *object_type, *fields;
};

/* Runs `op`; on failure replies and returns false. Reads run on the reader, writes in one
 * write transaction with their audit entry. */
bool meeting_op_perform(struct request *r, const struct meeting_op *op, void *data,
			struct meeting_run *run);
/* The same on the meeting, mechanism or request `id` (not the path's). */
bool meeting_op_perform_on(struct request *r, const struct meeting_op *op, int64_t id,
			   void *data, struct meeting_run *run);
/* The checks of `op` (the caller's access, the meeting's state) on a reader, for a handler
 * to make before it reads a body whose size the caller chose; replies and returns false when
 * they fail. meeting_op_perform makes them again, in its transaction. */
bool meeting_op_allowed(struct request *r, const struct meeting_op *op);
/* The meeting as JSON (minutes, topics and decision texts decrypted); NULL on tampering. */
json_t *meeting_json(struct request *r, const struct meeting_row *m,
		     const struct meeting_details *d);
void meeting_reply(struct meeting_run *run, int status);
/* A decision as JSON (its text decrypted; *ok cleared on tampering). */
json_t *decision_json(struct request *r, const struct decision_row *x, bool *ok);
/* Puts the cases marked for a meeting on the mechanism's next scheduled meeting, if any. */
enum ura_status meetings_agenda_follow(struct db *db, int64_t mechanism_id, int64_t now);

void handle_mechanism_meetings_list(struct request *r);
void handle_mechanism_meeting_create(struct request *r);
void handle_meeting_get(struct request *r);
void handle_meeting_update(struct request *r);
void handle_meeting_attendance(struct request *r);
void handle_meeting_agenda_add(struct request *r);
void handle_meeting_minutes(struct request *r);
void handle_meeting_decision_add(struct request *r);
void handle_meeting_request(struct request *r);
void handle_mechanism_compliance(struct request *r);
/* ?year= (GOVERNANCE_YEAR_MIN..MAX; default: the current year); replies 400 when bad. */
#define GOVERNANCE_YEAR_MIN 2000
#define GOVERNANCE_YEAR_MAX 2100
bool governance_query_year(struct request *r, int *year);
/* The five boundaries of the year's quarters (epoch seconds, UTC); the last is next year's. */
void governance_quarter_bounds(int year, int64_t out[5]);

/* The coordinator's dashboard (api/dashboard.c). */
void handle_mechanism_dashboard(struct request *r);
/* Requests read back and answered (api/meeting_requests.c). A request as JSON, its reason
 * and answer decrypted (*ok cleared on tampering), its cases as references. */
json_t *meeting_request_json(struct request *r, const struct meeting_request_row *q, bool *ok);
void handle_meeting_requests_list(struct request *r);
void handle_meeting_request_get(struct request *r);
void handle_meeting_request_answer(struct request *r);
/* Calendar subscriptions and their feed (api/calendar_feed.c, with the calendar itself). */
void handle_mechanism_calendar(struct request *r);
void handle_calendar_subscribe(struct request *r);
void handle_calendar_unsubscribe(struct request *r);
void handle_calendar_feed(struct request *r);

#endif
