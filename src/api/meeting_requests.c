/*
 * Members' requests for an ad hoc meeting, read back and answered:
 * GET /mechanisms/{id}/meeting-requests?status=open|answered, GET /meeting-requests/{id} and
 * POST /meeting-requests/{id}/answer. The coordinator sees every request of the mechanism,
 * staff of a member institution their own institution's (domain/governance decides); the
 * coordinator alone answers, once: "scheduled" into a scheduled meeting of the mechanism, or
 * "declined" with a reason. Reasons and answers are stored encrypted and every read of them
 * is audited; the cases a request names show as references only. Making a request is in
 * api/meeting_parts.c.
 */
#include "api/meetings.h"

#include <string.h>

#include "api/action_plans.h"
#include "api/app.h"
#include "api/input.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "store/meetings.h"

#define REQUEST_FIELDS "[\"reason\",\"cases\",\"answer\"]" /* what a read shows */

static json_t *
id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

json_t *
meeting_request_json(struct request *r, const struct meeting_request_row *q, bool *ok)
{
	json_t *cases = q->cases != NULL ? json_loads(q->cases, 0, NULL) : NULL;
	json_t *doc = json_pack("{s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)q->id, "mechanism_id", (json_int_t)q->mechanism_id,
		"institution_id", (json_int_t)q->institution_id, "status", q->status,
		"meeting_id", id_or_null(q->meeting_id), "created_at", json_time(q->created_at),
		"answered_at", json_time(q->answered_at),
		"cases", json_is_array(cases) ? cases : json_array());

	if (cases != NULL && !json_is_array(cases))
		json_decref(cases);
	json_object_set_new(doc, "reason", sealed_open(r, SEALED_REQUEST_REASON, q->id, &q->reason,
						       ok));
	json_object_set_new(doc, "answer", opened_text(r, "meeting_requests", "answer", q->id,
						       &q->answer, ok));
	return doc;
}

/* ---- list ---- */

struct request_list {
	struct meeting_request_filter filter;
	struct meeting_request_row *rows;
	int n;
};

static enum ura_status
list_apply(struct db *db, struct meeting_run *run)
{
	struct request_list *l = run->data;

	l->filter.mechanism_id = run->mechanism_id;
	/* The coordinator sees all; a member institution its own (meeting_request_visible). */
	l->filter.institution_id = run->access == GOVERNANCE_MANAGE
				   ? 0 : run->r->caller.user.institution_id;
	return store_meeting_requests_list(db, &run->r->arena, &l->filter, &l->rows, &l->n);
}

/* National and admin read meetings, not members' requests (which may name people). */
static const struct meeting_op list_op = { .need = GOVERNANCE_MEMBER, .apply = list_apply };

/* ?status=open|answered (answered: scheduled or declined). */
static bool
read_state(struct request *r, enum meeting_request_state *out)
{
	const char *s = req_query(r, "status");

	*out = REQUESTS_ANY;
	if (s == NULL || *s == '\0')
		return true;
	if (strcmp(s, "open") == 0 || strcmp(s, "answered") == 0) {
		*out = s[0] == 'o' ? REQUESTS_OPEN : REQUESTS_ANSWERED;
		return true;
	}
	reply_field_error(r, 400, "status", MSG_NOT_ALLOWED_VALUE);
	return false;
}

void
handle_meeting_requests_list(struct request *r)
{
	struct request_list l = { 0 };
	struct meeting_run run;
	enum ura_status st;
	json_t *items;
	bool ok = true;
	int limit;

	if (!read_state(r, &l.filter.state) || !req_page(r, &limit, &l.filter.before))
		return;
	l.filter.limit = limit + 1; /* one more than asked tells whether there is a next page */
	if (!meeting_op_perform(r, &list_op, &l, &run))
		return;
	items = json_array();
	for (int i = 0; i < l.n && i < limit; i++)
		json_array_append_new(items, meeting_request_json(r, &l.rows[i], &ok));
	st = ok ? api_audit_read(r, "meeting_request.list", "mechanism", run.mechanism_id, 0,
				 REQUEST_FIELDS) : URA_EINTERNAL;
	if (st != URA_OK) {
		json_decref(items);
		reply_status(r, st);
		return;
	}
	/* Newest first: the cursor is the last id shown; the next page holds older ones. */
	reply_list(r, items, l.n > limit ? l.rows[limit - 1].id : 0);
}

/* ---- one ---- */

/* Replies with the run's request (read back), audited as a read unless `audited`. */
static void
reply_request(struct request *r, struct meeting_run *run, int status, bool audited)
{
	bool ok = true;
	json_t *doc = meeting_request_json(r, &run->request, &ok);
	enum ura_status st = ok ? URA_OK : URA_EINTERNAL;

	if (st == URA_OK && !audited)
		st = api_audit_read(r, "meeting_request.read", "meeting_request", run->request_id, 0,
				    REQUEST_FIELDS);
	if (st != URA_OK) {
		json_decref(doc);
		reply_status(r, st);
		return;
	}
	reply_json(r, status, doc);
}

static const struct meeting_op read_op = { .need = GOVERNANCE_MEMBER, .on_request = true };

void
handle_meeting_request_get(struct request *r)
{
	struct meeting_run run;

	if (meeting_op_perform(r, &read_op, NULL, &run))
		reply_request(r, &run, 200, false);
}

/* ---- the answer ---- */

struct answer_input {
	const char *status, *answer;
	int64_t meeting_id;
};

/* A "scheduled" answer names a scheduled meeting of the request's own mechanism. */
static enum ura_status
meeting_check(struct db *db, struct meeting_run *run, int64_t meeting_id)
{
	struct meeting_row m;
	enum ura_status st = store_meeting_get(db, &run->r->arena, meeting_id, &m);

	if (st != URA_OK && st != URA_ENOTFOUND)
		return st;
	if (st == URA_ENOTFOUND ||
	    !meeting_request_meeting_fits(run->mechanism_id, m.mechanism_id, m.status)) {
		field_errors_add(&run->r->errors, "meeting_id", MSG_NOT_A_SCHEDULED_MEETING);
		return URA_EUNPROCESSABLE;
	}
	return URA_OK;
}

static const char *const answer_fields[] = { "status", "meeting_id", "answer", NULL };

static enum ura_status
answer_apply(struct db *db, struct meeting_run *run)
{
	const struct answer_input *in = run->data;
	struct request *r = run->r;
	struct notification n = { .kind = "meeting_request_answered",
				  .object_type = "meeting_request", .object_id = run->request_id };
	int64_t now = clock_now();
	struct blob answer;
	enum ura_status st = meeting_request_answer_check(run->request.status, in->status,
							  in->meeting_id != 0, in->answer != NULL,
							  &r->errors);

	if (st != URA_OK || (in->meeting_id && (st = meeting_check(db, run, in->meeting_id))))
		return st;
	answer = sealed_text(r, "meeting_requests", "answer", run->request_id, in->answer);
	if ((st = store_meeting_request_answer(db, run->request_id, in->status, in->meeting_id,
					       &answer, r->caller.user.id, now)) != URA_OK)
		return st;
	n.dedupe = arena_printf(&r->arena, "meeting_request_answered:%lld",
				(long long)run->request_id);
	run->object_type = "meeting_request";
	run->object_id = run->request_id;
	run->fields = plans_given_fields(r, answer_fields);
	if ((st = store_notify_institution(db, run->request.institution_id, &n, now)) != URA_OK)
		return st;
	return store_meeting_request_get(db, &r->arena, run->request_id, &run->request);
}

static const struct meeting_op answer_op = {
	.action = "meeting_request.answer", .need = GOVERNANCE_MANAGE, .on_request = true,
	.apply = answer_apply,
};

void
handle_meeting_request_answer(struct request *r)
{
	static const char *const answers[] = { "scheduled", "declined", NULL };
	struct answer_input in = { 0 };
	struct meeting_run run;

	in.status = input_enum(r, "status", IN_REQUIRED, answers);
	in.meeting_id = input_id(r, "meeting_id", IN_OPTIONAL);
	in.answer = input_string(r, "answer", IN_OPTIONAL, 1, LIMIT_REASON_CHARS);
	if (input_done(r, answer_fields) && meeting_op_perform(r, &answer_op, &in, &run))
		reply_request(r, &run, 200, true);
}
