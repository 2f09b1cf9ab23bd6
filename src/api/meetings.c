/*
 * Meetings: the frame every governance handler runs in, the meeting as JSON, and creating,
 * listing, reading and changing meetings. The agenda shows case references and risk only.
 */
#include "api/meetings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "domain/clocks.h"
#include "store/meetings.h"

/* ---- the frame ---- */

static enum ura_status
load(struct db *db, struct meeting_run *run, const struct meeting_op *op)
{
	struct request *r = run->r;
	enum ura_status st;

	if (op->on_meeting) {
		if ((st = store_meeting_get(db, &r->arena, run->meeting_id, &run->meeting)))
			return st;
		run->mechanism_id = run->meeting.mechanism_id;
	}
	if (op->on_request) {
		if ((st = store_meeting_request_get(db, &r->arena, run->request_id, &run->request)))
			return st;
		run->mechanism_id = run->request.mechanism_id;
	}
	if ((st = store_mechanism_facts(db, &r->arena, run->mechanism_id,
					r->caller.user.institution_id, &run->m)) != URA_OK)
		return st;
	run->access = governance_access(&r->caller.user, run->m.coordinator_user_id,
					run->m.institution_is_member);
	/* A meeting or a request is not shown to those who may not read it: 404, as for a
	 * case; a mechanism's lists are public knowledge: 403. */
	if (run->access == GOVERNANCE_NONE)
		return op->on_meeting || op->on_request || op->hidden ? URA_ENOTFOUND
								       : URA_EFORBIDDEN;
	if (op->on_request && !meeting_request_visible(run->access, r->caller.user.institution_id,
						       run->request.institution_id))
		return URA_ENOTFOUND;
	if (run->access < op->need)
		return URA_EFORBIDDEN;
	if ((op->state == MEETING_SCHEDULED && strcmp(run->meeting.status, "scheduled") != 0) ||
	    (op->state == MEETING_NOT_CANCELLED && strcmp(run->meeting.status, "cancelled") == 0))
		return URA_ECONFLICT;
	return URA_OK;
}

struct op_call {
	const struct meeting_op *op;
	struct meeting_run *run;
};

static enum ura_status
finish(struct db *db, struct meeting_run *run, const struct meeting_op *op)
{
	struct request *r = run->r;
	enum ura_status st;

	if (!op->answer_meeting)
		return URA_OK;
	if ((st = store_meeting_get(db, &r->arena, run->meeting_id, &run->meeting)) != URA_OK)
		return st;
	return store_meeting_details(db, &r->arena, run->meeting_id, &run->details);
}

static enum ura_status
write_fn(struct db *db, void *ctx)
{
	struct op_call *call = ctx;
	struct meeting_run *run = call->run;
	enum ura_status st = load(db, run, call->op);

	if (st != URA_OK || (st = call->op->apply(db, run)) != URA_OK ||
	    (st = api_audit(db, run->r, call->op->action, run->object_type,
			    run->object_id ? run->object_id : run->meeting_id, run->fields)))
		return st;
	return finish(db, run, call->op);
}

/* A run of `op` on the meeting, request or mechanism `id`. */
static void
run_begin(struct request *r, const struct meeting_op *op, int64_t id, void *data,
	  struct meeting_run *run)
{
	memset(run, 0, sizeof(*run));
	run->r = r;
	run->data = data;
	run->object_type = "meeting";
	*(op->on_meeting ? &run->meeting_id : op->on_request ? &run->request_id
							      : &run->mechanism_id) = id;
}

/* A refusal: a conflict says why (its first error) in the detail. */
static void
reply_refusal(struct request *r, enum ura_status st)
{
	if (st == URA_ECONFLICT && r->errors.count > 0)
		reply_problem(r, 409, r->errors.items[0].message);
	else
		reply_status(r, st);
}

bool
meeting_op_allowed(struct request *r, const struct meeting_op *op)
{
	struct meeting_run run;
	struct db *db;
	int64_t id;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || (db = api_reader(r)) == NULL)
		return false;
	run_begin(r, op, id, NULL, &run);
	if ((st = load(db, &run, op)) != URA_OK)
		reply_refusal(r, st);
	return st == URA_OK;
}

bool
meeting_op_perform(struct request *r, const struct meeting_op *op, void *data,
		   struct meeting_run *run)
{
	int64_t id;

	return req_param_id(r, 0, "id", &id) && meeting_op_perform_on(r, op, id, data, run);
}

bool
meeting_op_perform_on(struct request *r, const struct meeting_op *op, int64_t id, void *data,
		      struct meeting_run *run)
{
	struct op_call call = { op, run };
	struct db *db;
	enum ura_status st;

	run_begin(r, op, id, data, run);
	if (op->action != NULL) {
		st = store_write(r->app->store, write_fn, &call);
	} else {
		if ((db = api_reader(r)) == NULL)
			return false;
		if ((st = load(db, run, op)) == URA_OK && op->apply != NULL)
			st = op->apply(db, run);
		if (st == URA_OK)
			st = finish(db, run, op);
	}
	if (st != URA_OK)
		reply_refusal(r, st);
	return st == URA_OK;
}

/* ---- the meeting as JSON ---- */

static json_t *
agenda_json(struct request *r, const struct meeting_details *d, bool *ok)
{
	json_t *list = json_array();

	for (int i = 0; i < d->nagenda; i++) {
		const struct agenda_row *x = &d->agenda[i];
		json_t *item = json_pack("{s:I, s:s?, s:s?, s:b}", "id", (json_int_t)x->id,
					 "case_reference", x->case_reference,
					 "risk_level", x->risk_level, "automatic", x->automatic);
		json_object_set_new(item, "case_id", x->case_id ? json_integer(x->case_id)
								: json_null());
		json_object_set_new(item, "topic", sealed_open(r, SEALED_AGENDA_TOPIC, x->id,
							       &x->topic, ok));
		json_array_append_new(list, item);
	}
	return list;
}

json_t *
decision_json(struct request *r, const struct decision_row *x, bool *ok)
{
	json_t *item = json_pack("{s:I, s:I, s:I, s:s, s:s}", "id", (json_int_t)x->id,
				 "meeting_id", (json_int_t)x->meeting_id,
				 "responsible_institution_id",
				 (json_int_t)x->responsible_institution_id, "due_on", x->due_on,
				 "status", x->status);

	json_object_set_new(item, "case_id", x->case_id ? json_integer(x->case_id) : json_null());
	json_object_set_new(item, "action_id", x->action_id ? json_integer(x->action_id)
							    : json_null());
	json_object_set_new(item, "text", sealed_open(r, SEALED_DECISION_TEXT, x->id, &x->text,
						      ok));
	return item;
}

json_t *
meeting_json(struct request *r, const struct meeting_row *m, const struct meeting_details *d)
{
	json_t *doc = json_pack("{s:I, s:I, s:s, s:s, s:o, s:I, s:s?, s:I, s:o, s:o}",
		"id", (json_int_t)m->id, "mechanism_id", (json_int_t)m->mechanism_id,
		"kind", m->kind, "status", m->status, "scheduled_at", json_time(m->scheduled_at),
		"duration_minutes", (json_int_t)m->duration_minutes, "place", m->place,
		"sequence", (json_int_t)m->sequence, "created_at", json_time(m->created_at),
		"updated_at", json_time(m->updated_at));
	json_t *attendance = json_array(), *decisions = json_array();
	bool ok = true;

	for (int i = 0; d != NULL && i < d->nattendance; i++)
		json_array_append_new(attendance, json_pack("{s:I, s:b, s:I}",
			"institution_id", (json_int_t)d->attendance[i].institution_id,
			"present", d->attendance[i].present,
			"attendees", (json_int_t)d->attendance[i].attendees));
	for (int i = 0; d != NULL && i < d->ndecisions; i++)
		json_array_append_new(decisions, decision_json(r, &d->decisions[i], &ok));
	json_object_set_new(doc, "attendance", attendance);
	json_object_set_new(doc, "agenda", d ? agenda_json(r, d, &ok) : json_array());
	json_object_set_new(doc, "decisions", decisions);
	json_object_set_new(doc, "minutes", sealed_open(r, SEALED_MEETING_MINUTES, m->id,
							&m->minutes, &ok));
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

void
meeting_reply(struct meeting_run *run, int status)
{
	json_t *doc = meeting_json(run->r, &run->meeting, &run->details);

	if (doc == NULL)
		reply_status(run->r, URA_EINTERNAL);
	else
		reply_json(run->r, status, doc);
}

enum ura_status
meetings_agenda_follow(struct db *db, int64_t mechanism_id, int64_t now)
{
	int64_t next;
	enum ura_status st = store_meeting_next(db, mechanism_id, now, &next);

	if (st == URA_ENOTFOUND)
		return URA_OK; /* the cases keep their mark for the next meeting made */
	return st == URA_OK ? store_agenda_fill(db, mechanism_id, next, now) : st;
}

/* ---- create, list, read, change ---- */

static enum ura_status
create_apply(struct db *db, struct meeting_run *run)
{
	struct meeting_row *m = run->data;
	int64_t now = clock_now();
	enum ura_status st;

	m->mechanism_id = run->mechanism_id;
	m->created_by = run->r->caller.user.id;
	m->created_at = now;
	if ((st = store_meeting_insert(db, m, &run->meeting_id)) != URA_OK)
		return st;
	run->fields = "[\"kind\",\"scheduled_at\",\"place\",\"duration_minutes\"]";
	return meetings_agenda_follow(db, run->mechanism_id, now);
}

static const struct meeting_op create_op = {
	.action = "meeting.create", .need = GOVERNANCE_MANAGE, .answer_meeting = true,
	.apply = create_apply,
};

/* The fields a meeting is made or changed with; NULL or 0 where not given. */
struct meeting_fields {
	const char *kind, *place, *status;
	int64_t scheduled_at, duration_minutes;
	bool has_place;
};

static bool
read_meeting_fields(struct request *r, struct meeting_fields *f, bool create)
{
	static const char *const allowed[] = { "kind", "scheduled_at", "place",
					       "duration_minutes", "status", NULL };
	static const char *const new_statuses[] = { "held", "cancelled", NULL };
	unsigned required = create ? IN_REQUIRED : IN_OPTIONAL;

	memset(f, 0, sizeof(*f));
	f->kind = input_enum(r, "kind", required, meeting_kinds);
	f->scheduled_at = input_time(r, "scheduled_at", required);
	f->place = input_string(r, "place", IN_OPTIONAL, 0, LIMIT_NAME_CHARS);
	f->has_place = input_present(r, "place");
	if (create && input_present(r, "status"))
		field_errors_add(&r->errors, "status", MSG_UNKNOWN_FIELD);
	else if (!create)
		f->status = input_enum(r, "status", IN_OPTIONAL, new_statuses);
	input_int(r, "duration_minutes", IN_OPTIONAL, 15, 1440, &f->duration_minutes);
	return input_done(r, allowed);
}

static void
apply_fields(struct meeting_row *m, const struct meeting_fields *f)
{
	m->kind = f->kind ? f->kind : m->kind;
	m->scheduled_at = f->scheduled_at ? f->scheduled_at : m->scheduled_at;
	m->place = f->has_place ? f->place : m->place;
	m->status = f->status ? f->status : m->status;
	m->duration_minutes = f->duration_minutes ? f->duration_minutes : m->duration_minutes;
}

void
handle_mechanism_meeting_create(struct request *r)
{
	struct meeting_row m = { .duration_minutes = 120, .status = "scheduled" };
	struct meeting_fields f;
	struct meeting_run run;

	if (!read_meeting_fields(r, &f, true))
		return;
	apply_fields(&m, &f);
	if (meeting_op_perform(r, &create_op, &m, &run))
		meeting_reply(&run, 201);
}

static enum ura_status
update_apply(struct db *db, struct meeting_run *run)
{
	const struct meeting_fields *f = run->data;
	int64_t now = clock_now();

	apply_fields(&run->meeting, f);
	/* Held counts for compliance: not before the meeting's time (its new time, if moved). */
	if (f->status != NULL && strcmp(f->status, "held") == 0 &&
	    !meeting_may_be_held(run->meeting.scheduled_at, now)) {
		field_errors_add(&run->r->errors, "status", MSG_MEETING_NOT_YET_HELD);
		return URA_ECONFLICT;
	}
	run->fields = "[\"kind\",\"scheduled_at\",\"place\",\"duration_minutes\",\"status\"]";
	return store_meeting_update(db, &run->meeting, now);
}

static const struct meeting_op update_op = {
	.action = "meeting.update", .need = GOVERNANCE_MANAGE, .on_meeting = true,
	.state = MEETING_SCHEDULED, .answer_meeting = true, .apply = update_apply,
};

void
handle_meeting_update(struct request *r)
{
	struct meeting_fields f;
	struct meeting_run run;

	if (read_meeting_fields(r, &f, false) && meeting_op_perform(r, &update_op, &f, &run))
		meeting_reply(&run, 200);
}

static const struct meeting_op read_op = {
	.need = GOVERNANCE_READ, .on_meeting = true, .answer_meeting = true,
};

void
handle_meeting_get(struct request *r)
{
	struct meeting_run run;

	if (meeting_op_perform(r, &read_op, NULL, &run))
		meeting_reply(&run, 200);
}

struct meeting_list {
	struct meeting_filter filter;
	struct meeting_row *rows;
	int n;
};

static enum ura_status
list_apply(struct db *db, struct meeting_run *run)
{
	struct meeting_list *l = run->data;

	l->filter.mechanism_id = run->mechanism_id;
	l->filter.limit++; /* one more than asked tells whether there is a next page */
	return store_mechanism_meetings(db, &run->r->arena, &l->filter, &l->rows, &l->n);
}

static const struct meeting_op list_op = { .need = GOVERNANCE_READ, .apply = list_apply };

/* ?year=YYYY: that year's meetings (UTC); without, every meeting. */
static bool
read_year(struct request *r, int64_t *from, int64_t *to)
{
	const char *year = req_query(r, "year");
	char date[32];
	long y;

	*from = 0;
	*to = INT64_MAX;
	if (year == NULL || *year == '\0')
		return true;
	snprintf(date, sizeof(date), "%.4s-01-01", year);
	if (strlen(year) != 4 || !clock_parse_date(date, from)) {
		reply_field_error(r, 400, "year", MSG_NOT_ALLOWED_VALUE);
		return false;
	}
	/* The year's length, not the next new year's day, which the parser may not take (3000). */
	y = strtol(year, NULL, 10);
	*to = clocks_day_start(*from + ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 366 : 365));
	*from = clocks_day_start(*from);
	return true;
}

void
handle_mechanism_meetings_list(struct request *r)
{
	struct meeting_list l;
	struct meeting_run run;
	json_t *items;

	if (!read_year(r, &l.filter.from, &l.filter.to) ||
	    !req_page(r, &l.filter.limit, &l.filter.after) ||
	    !meeting_op_perform(r, &list_op, &l, &run))
		return;
	l.filter.limit--;
	items = json_array();
	for (int i = 0; i < l.n && i < l.filter.limit; i++) {
		json_t *m = meeting_json(r, &l.rows[i], NULL);
		if (m == NULL) {
			json_decref(items);
			reply_status(r, URA_EINTERNAL);
			return;
		}
		json_object_del(m, "minutes"); /* the list is a calendar; minutes are per meeting */
		json_array_append_new(items, m);
	}
	reply_list(r, items, l.n > l.filter.limit ? l.rows[l.filter.limit - 1].id : 0);
}
