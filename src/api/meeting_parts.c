/*
 * What a meeting holds: attendance, agenda, minutes, decisions; and members' requests for an
 * ad hoc meeting. Each runs in the frame of api/meetings.c.
 */
#include "api/meetings.h"

#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "domain/clocks.h"
#include "store/meetings.h"

/* ---- attendance ---- */

struct attendance_input {
	struct attendance_row rows[LIMIT_ATTENDANCE_ROWS];
	int64_t ids[LIMIT_ATTENDANCE_ROWS];
	int n;
};

/* The rows, each institution once. The number of rows is checked before any row is read. */
static bool
read_attendance(struct request *r, struct attendance_input *in)
{
	static const char *const allowed[] = { "institution_id", "present", "attendees", NULL };
	struct in_obj root = input_root(r), row;
	json_t *item;
	size_t i;
	int again;

	in->n = 0;
	if (json_array_size(r->json) > LIMIT_ATTENDANCE_ROWS) {
		reply_field_error(r, 422, "attendance", MSG_TOO_MANY_ITEMS);
		return false;
	}
	json_array_foreach(r->json, i, item) {
		struct attendance_row *a = &in->rows[in->n];
		if (!in_row(&root, "", i, item, &row))
			continue;
		a->institution_id = in_id(&row, "institution_id", IN_REQUIRED);
		a->present = in_bool(&row, "present", IN_REQUIRED, NULL);
		in_int(&row, "attendees", IN_OPTIONAL, 0, 100, &a->attendees);
		in_unknown(&row, allowed);
		in->ids[in->n++] = a->institution_id;
	}
	if (r->errors.count == 0 && (again = in_repeated_at(&r->arena, in->ids, in->n)) >= 0)
		field_errors_add(&r->errors, arena_printf(&r->arena, "[%d].institution_id", again),
				 MSG_DUPLICATE_ITEM);
	return input_done_errors(r);
}

static enum ura_status
attendance_apply(struct db *db, struct meeting_run *run)
{
	struct attendance_input *in = run->data;
	struct request *r = run->r;
	bool member[LIMIT_ATTENDANCE_ROWS];
	enum ura_status st = store_members_among(db, &r->arena, run->mechanism_id, in->ids, in->n,
						 member);

	for (int i = 0; st == URA_OK && i < in->n; i++)
		if (!member[i])
			field_errors_add(&r->errors, arena_printf(&r->arena, "[%d].institution_id",
								  i), MSG_NOT_A_MEMBER);
	if (st != URA_OK)
		return st;
	if (r->errors.count > 0)
		return URA_EUNPROCESSABLE;
	if ((st = store_attendance_clear(db, run->meeting_id)) != URA_OK)
		return st;
	for (int i = 0; i < in->n; i++)
		if ((st = store_attendance_add(db, run->meeting_id, &in->rows[i])) != URA_OK)
			return st;
	run->fields = "[\"attendance\"]";
	return URA_OK;
}

static const struct meeting_op attendance_op = {
	.action = "meeting.attendance", .need = GOVERNANCE_MANAGE, .on_meeting = true,
	.state = MEETING_NOT_CANCELLED, .answer_meeting = true, .apply = attendance_apply,
};

void
handle_meeting_attendance(struct request *r)
{
	struct attendance_input *in = arena_alloc(&r->arena, sizeof(*in));
	struct meeting_run run;

	/* Who may is known before the rows are read: a stranger's list costs nothing. */
	if (meeting_op_allowed(r, &attendance_op) && read_attendance(r, in) &&
	    meeting_op_perform(r, &attendance_op, in, &run))
		meeting_reply(&run, 200);
}

/* ---- a case of the mechanism ---- */

static enum ura_status
check_case(struct db *db, struct meeting_run *run, int64_t case_id, const char *field)
{
	struct case_row c;
	enum ura_status st = store_case_get(db, &run->r->arena, case_id, &c);

	if (st != URA_OK && st != URA_ENOTFOUND)
		return st;
	if (st == URA_ENOTFOUND || c.mechanism_id != run->mechanism_id) {
		field_errors_add(&run->r->errors, field, MSG_NO_SUCH_OBJECT);
		return URA_EUNPROCESSABLE;
	}
	return URA_OK;
}

/* ---- agenda ---- */

struct agenda_input {
	int64_t case_id;
	const char *topic;
	struct agenda_row row;
};

static enum ura_status
agenda_apply(struct db *db, struct meeting_run *run)
{
	struct agenda_input *in = run->data;
	enum ura_status st;

	if (in->case_id && (st = check_case(db, run, in->case_id, "case_id")) != URA_OK)
		return st;
	in->row = (struct agenda_row){ .meeting_id = run->meeting_id, .case_id = in->case_id };
	st = store_agenda_add(db, &in->row, clock_now(), &in->row.id);
	if (st == URA_EEXISTS)
		return URA_ECONFLICT;
	if (st != URA_OK || (in->topic != NULL &&
			     (st = sealed_store(db, run->r, SEALED_AGENDA_TOPIC, in->row.id,
						in->topic)) != URA_OK))
		return st;
	run->object_id = in->row.id;
	run->object_type = "agenda_item";
	run->fields = in->case_id ? "[\"case_id\"]" : "[\"topic\"]";
	return URA_OK;
}

static const struct meeting_op agenda_op = {
	.action = "meeting.agenda", .need = GOVERNANCE_MANAGE, .on_meeting = true,
	.state = MEETING_SCHEDULED, .answer_meeting = true, .apply = agenda_apply,
};

void
handle_meeting_agenda_add(struct request *r)
{
	static const char *const allowed[] = { "case_id", "topic", NULL };
	struct agenda_input in = { 0 };
	struct meeting_run run;

	in.case_id = input_id(r, "case_id", IN_OPTIONAL);
	in.topic = input_string(r, "topic", IN_OPTIONAL, 1, LIMIT_TITLE_CHARS);
	if (r->errors.count == 0 && (in.case_id != 0) == (in.topic != NULL))
		field_errors_add(&r->errors, in.case_id ? "topic" : "case_id",
				 in.case_id ? MSG_NOT_ALLOWED_VALUE : MSG_REQUIRED);
	if (!input_done(r, allowed) || !meeting_op_perform(r, &agenda_op, &in, &run))
		return;
	for (int i = 0; i < run.details.nagenda; i++)
		if (run.details.agenda[i].id == run.object_id) {
			bool ok = true;
			json_t *item = json_pack("{s:I, s:s?, s:s?, s:b}", "id", (json_int_t)run.object_id,
				"case_reference", run.details.agenda[i].case_reference,
				"risk_level", run.details.agenda[i].risk_level, "automatic", false);
			json_object_set_new(item, "case_id", in.case_id ? json_integer(in.case_id)
									: json_null());
			json_object_set_new(item, "topic", sealed_open(r, SEALED_AGENDA_TOPIC,
				run.object_id, &run.details.agenda[i].topic, &ok));
			reply_json(r, ok ? 201 : 500, item);
			return;
		}
	reply_status(r, URA_EINTERNAL);
}

/* ---- minutes ---- */

struct text_input {
	const char *text;
};

static enum ura_status
minutes_apply(struct db *db, struct meeting_run *run)
{
	const struct text_input *in = run->data;

	run->fields = "[\"minutes\"]";
	return sealed_store(db, run->r, SEALED_MEETING_MINUTES, run->meeting_id, in->text);
}

static const struct meeting_op minutes_op = {
	.action = "meeting.minutes", .need = GOVERNANCE_MANAGE, .on_meeting = true,
	.state = MEETING_NOT_CANCELLED, .answer_meeting = true, .apply = minutes_apply,
};

void
handle_meeting_minutes(struct request *r)
{
	static const char *const allowed[] = { "text", NULL };
	struct text_input in = { input_string(r, "text", IN_REQUIRED, 1, LIMIT_MINUTES_CHARS) };
	struct meeting_run run;

	if (input_done(r, allowed) && meeting_op_perform(r, &minutes_op, &in, &run))
		meeting_reply(&run, 200);
}

/* ---- decisions ---- */

struct decision_input {
	const char *text;
	struct decision_row row;
};

/* A decision about a case becomes an action of its plan, for the responsible institution. */
static enum ura_status
decision_action(struct db *db, struct meeting_run *run, struct decision_input *in)
{
	struct action_row a = { .case_id = in->row.case_id, .kind = "case_plan",
		.responsible_institution_id = in->row.responsible_institution_id,
		.due_on = in->row.due_on, .status = "open", .created_by = run->r->caller.user.id,
		.created_at = in->row.created_at };
	const struct keys *k;
	enum ura_status st = store_action_insert(db, &a, &in->row.action_id);

	/* The action's title is the case's text: under the case's key, like its plan's. */
	if (st != URA_OK || (st = case_key_for(run->r, db, a.case_id, &k)) != URA_OK)
		return st;
	return sealed_store_k(db, run->r, k, SEALED_ACTION_TITLE, in->row.action_id, in->text);
}

static enum ura_status
decision_apply(struct db *db, struct meeting_run *run)
{
	struct decision_input *in = run->data;
	struct request *r = run->r;
	enum ura_status st = store_institution_exists(db, in->row.responsible_institution_id);

	if (st == URA_ENOTFOUND) {
		field_errors_add(&r->errors, "responsible_institution_id", MSG_NO_SUCH_OBJECT);
		return URA_EUNPROCESSABLE;
	}
	in->row.meeting_id = run->meeting_id;
	in->row.status = "open";
	in->row.created_at = in->row.updated_at = clock_now();
	if (st != URA_OK ||
	    (in->row.case_id && (st = check_case(db, run, in->row.case_id, "case_id")) != URA_OK) ||
	    (in->row.case_id && (st = decision_action(db, run, in)) != URA_OK) ||
	    (st = store_decision_insert(db, &in->row, &in->row.id)) != URA_OK ||
	    (st = sealed_store(db, r, SEALED_DECISION_TEXT, in->row.id, in->text)) != URA_OK)
		return st;
	in->row.text = sealed_text(r, "meeting_decisions", "text", in->row.id, in->text);
	run->object_id = in->row.id;
	run->object_type = "decision";
	run->fields = "[\"text\",\"responsible_institution_id\",\"due_on\",\"case_id\"]";
	return URA_OK;
}

static const struct meeting_op decision_op = {
	.action = "meeting.decision", .need = GOVERNANCE_MANAGE, .on_meeting = true,
	.state = MEETING_NOT_CANCELLED, .apply = decision_apply,
};

void
handle_meeting_decision_add(struct request *r)
{
	static const char *const allowed[] = { "text", "responsible_institution_id", "due_on",
					       "case_id", NULL };
	struct decision_input in = { 0 };
	struct meeting_run run;
	int64_t day;
	bool ok = true;
	json_t *doc;

	in.text = input_string(r, "text", IN_REQUIRED, 1, LIMIT_REASON_CHARS);
	in.row.responsible_institution_id = input_id(r, "responsible_institution_id",
						     IN_REQUIRED);
	in.row.due_on = input_string(r, "due_on", IN_REQUIRED, 1, LIMIT_DATE_CHARS);
	if (in.row.due_on != NULL && !clocks_date_parse(in.row.due_on, &day))
		field_errors_add(&r->errors, "due_on", MSG_INVALID_DATE);
	in.row.case_id = input_id(r, "case_id", IN_OPTIONAL);
	if (!input_done(r, allowed) || !meeting_op_perform(r, &decision_op, &in, &run))
		return;
	doc = decision_json(r, &in.row, &ok);
	reply_json(r, ok ? 201 : 500, doc);
}

/* ---- requests for an ad hoc meeting ---- */

struct request_input {
	const char *reason, *case_ids;
	int64_t ids[LIMIT_MEETING_REQUEST_CASES];
	int ncases;
	int64_t id;
};

static enum ura_status
request_apply(struct db *db, struct meeting_run *run)
{
	struct request_input *in = run->data;
	struct request *r = run->r;
	int64_t now = clock_now();
	bool found[LIMIT_MEETING_REQUEST_CASES];
	struct notification n = { .kind = "meeting_requested", .object_type = "mechanism",
				  .object_id = run->mechanism_id,
				  .institution_id = r->caller.user.institution_id };
	enum ura_status st;

	/* Asking is for member institutions; the coordinator calls meetings. */
	if (run->access != GOVERNANCE_MEMBER)
		return URA_EFORBIDDEN;
	/* One indexed statement for all the ids, whatever their number (at most the limit). */
	if ((st = store_cases_in_mechanism(db, &r->arena, run->mechanism_id, in->ids, in->ncases,
					   found)) != URA_OK)
		return st;
	for (int i = 0; i < in->ncases; i++) {
		if (!found[i]) {
			field_errors_add(&r->errors, "case_ids", MSG_NO_SUCH_OBJECT);
			return URA_EUNPROCESSABLE;
		}
	}
	if ((st = store_meeting_request_insert(db, run->mechanism_id, r->caller.user.institution_id,
					       r->caller.user.id, in->case_ids, now, &in->id)) ||
	    (st = sealed_store(db, r, SEALED_REQUEST_REASON, in->id, in->reason)) != URA_OK)
		return st;
	n.dedupe = arena_printf(&r->arena, "meeting_requested:%lld", (long long)in->id);
	run->object_id = in->id;
	run->object_type = "meeting_request";
	run->fields = "[\"reason\",\"case_ids\"]";
	if ((st = store_notify_user(db, run->m.coordinator_user_id, &n, now)) != URA_OK)
		return st;
	return store_meeting_request_get(db, &r->arena, in->id, &run->request);
}

static const struct meeting_op request_op = {
	.action = "meeting_request.create", .need = GOVERNANCE_MEMBER, .apply = request_apply,
};

void
handle_meeting_request(struct request *r)
{
	static const char *const allowed[] = { "reason", "case_ids", NULL };
	struct request_input *in = arena_alloc(&r->arena, sizeof(*in));
	struct in_obj body = input_root(r);
	struct meeting_run run;

	if (!meeting_op_allowed(r, &request_op))
		return;
	in->reason = input_string(r, "reason", IN_REQUIRED, 1, LIMIT_REASON_CHARS);
	in->ncases = in_id_list(&body, "case_ids", IN_OPTIONAL, LIMIT_MEETING_REQUEST_CASES,
				in->ids);
	if (in->ncases < 0)
		in->ncases = 0;
	in->case_ids = arena_ids_json(&r->arena, in->ids, in->ncases);
	if (input_done(r, allowed) && meeting_op_perform(r, &request_op, in, &run)) {
		bool ok = true;
		json_t *doc = meeting_request_json(r, &run.request, &ok);
		reply_json(r, ok ? 201 : 500, doc);
	}
}
