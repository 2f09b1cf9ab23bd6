/*
 * Protection orders and the case plan: POST /cases/{id}/protection-orders,
 * PATCH /protection-orders/{id}, POST /protection-orders/{id}/breaches,
 * POST /cases/{id}/actions, PATCH /actions/{id}, and the lists under a case. Dates and
 * transitions are domain/clocks' decisions; the deadline scanner (jobs/) reads the rows.
 */
#include "api/case_plan.h"

#include <string.h>

#include "api/app.h"
#include "api/case_op.h"
#include "api/input.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "domain/clocks.h"
#include "store/meetings.h"

/* ---- protection orders ---- */

json_t *
order_json(const struct order_row *o)
{
	char today[CLOCKS_DATE_LEN];
	json_t *doc;

	clocks_date_format(clock_now(), today, sizeof(today));
	doc = json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:s?, s:s?, s:s?, s:I, s:o}",
		"id", (json_int_t)o->id, "case_id", (json_int_t)o->case_id, "type", o->type,
		"status", order_status_shown(o->status, o->valid_to, today),
		"requested_on", o->requested_on,
		"decision_due_at", json_time(o->decision_due_at), "decided_on", o->decided_on,
		"valid_from", o->valid_from, "valid_to", o->valid_to,
		"breaches", (json_int_t)o->breaches, "created_at", json_time(o->created_at));

	json_object_set_new(doc, "court_institution_id", o->court_institution_id
			    ? json_integer(o->court_institution_id) : json_null());
	return doc;
}

/* The request time: now when requested today, else the start of that day (UTC). */
static int64_t
requested_at(const char *requested_on, int64_t now)
{
	int64_t day;

	if (!clocks_date_parse(requested_on, &day))
		return now;
	return clocks_day(day) == clocks_day(now) ? now : day;
}

static enum ura_status
check_court(struct db *db, struct request *r, int64_t court)
{
	const char *type = NULL;
	enum ura_status st;

	if (court == 0)
		return URA_OK;
	st = store_institution_type(db, &r->arena, court, &type);
	if (st != URA_OK && st != URA_ENOTFOUND)
		return st;
	if (st == URA_ENOTFOUND || strcmp(type, "court") != 0) {
		field_errors_add(&r->errors, "court_institution_id",
				 st == URA_ENOTFOUND ? MSG_NO_SUCH_OBJECT : MSG_NOT_ALLOWED_VALUE);
		return URA_EUNPROCESSABLE;
	}
	return URA_OK;
}

static enum ura_status
order_apply(struct db *db, struct case_op_run *run)
{
	struct order_row *o = run->data;
	struct request *r = run->r;
	int64_t now = clock_now();
	int kind = order_kind_parse(o->type);
	enum ura_status st = check_court(db, r, o->court_institution_id);

	if (st != URA_OK)
		return st;
	o->case_id = run->case_id;
	o->status = "pending";
	o->created_by = r->caller.user.id;
	o->created_at = o->updated_at = now;
	o->decision_due_at = order_decision_due((enum order_kind)kind,
						requested_at(o->requested_on, now), NULL);
	if ((st = store_order_insert(db, o, &o->id)) != URA_OK)
		return st;
	run->object_id = o->id;
	run->fields = "[\"type\",\"requested_on\",\"court_institution_id\"]";
	return URA_OK;
}

static const struct case_op order_add_op = {
	.action = "order.create", .object_type = "protection_order", .need = PERM_ORDER,
	.apply = order_apply,
};

void
handle_case_order_add(struct request *r)
{
	static const char *const allowed[] = { "type", "requested_on", "court_institution_id",
					       NULL };
	struct order_row o = { 0 };
	struct order_dates dates;
	struct case_op_run run;

	o.type = input_enum(r, "type", IN_REQUIRED, order_kinds_accepted);
	if (o.type != NULL)
		o.type = order_kinds[order_kind_parse(o.type)];
	o.requested_on = input_string(r, "requested_on", IN_REQUIRED, LIMIT_DATE_CHARS,
				      LIMIT_DATE_CHARS);
	o.court_institution_id = input_id(r, "court_institution_id", IN_OPTIONAL);
	dates = (struct order_dates){ .requested_on = o.requested_on };
	if (o.requested_on != NULL)
		order_dates_check(&dates, clock_now(), &r->errors);
	if (input_done(r, allowed) && case_op_perform(r, &order_add_op, &o, &run))
		reply_json(r, 201, order_json(&o));
}

/* An order's writers: the owner institution's staff, and the court's for a decision. */
struct order_write {
	struct request *r;
	int64_t id;
	bool court_may;               /* the court institution may do this too */
	struct order_dates dates;
	const char *decision;
	struct order_row row;
	struct case_facts f;
};

static enum ura_status
order_write_check(struct db *db, struct order_write *w)
{
	struct request *r = w->r;
	struct policy_decision d;
	enum ura_status st = store_order_get(db, &r->arena, w->id, &w->row);

	if (st != URA_OK || (st = case_facts_load(r, db, w->row.case_id, &w->f)) != URA_OK)
		return st;
	d = case_facts_decide(r, &w->f);
	if (d.access == ACCESS_OWNER ||
	    (w->court_may && user_is_staff_of(&r->caller.user, w->row.court_institution_id)))
		return URA_OK;
	return d.access == ACCESS_NONE || d.access == ACCESS_PACKET ? URA_ENOTFOUND
								    : URA_EFORBIDDEN;
}

static enum ura_status
decide_fn(struct db *db, void *ctx)
{
	struct order_write *w = ctx;
	struct request *r = w->r;
	enum order_status to;
	enum ura_status st = order_write_check(db, w);

	if (st != URA_OK)
		return st;
	w->dates.requested_on = w->row.requested_on;
	if ((st = order_decide((enum order_status)order_status_parse(w->row.status),
			       (enum order_status)order_status_parse(w->decision), &w->dates,
			       clock_now(), &r->errors, &to)) != URA_OK)
		return st;
	w->row.status = order_statuses[to];
	w->row.decided_on = w->dates.decided_on;
	w->row.valid_from = w->dates.valid_from;
	w->row.valid_to = w->dates.valid_to;
	if ((st = store_order_decide(db, &w->row, clock_now())) != URA_OK ||
	    (st = api_audit_case(db, r, "order.decide", "protection_order", w->id,
				 w->row.case_id, "[\"decision\",\"decided_on\",\"valid_from\","
				 "\"valid_to\"]")) != URA_OK)
		return st;
	return store_order_get(db, &r->arena, w->id, &w->row);
}

void
handle_order_decide(struct request *r)
{
	static const char *const allowed[] = { "decision", "decided_on", "valid_from", "valid_to",
					       NULL };
	struct order_write w = { .r = r, .court_may = true };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &w.id))
		return;
	w.decision = input_enum(r, "decision", IN_REQUIRED, order_decisions);
	w.dates.decided_on = input_string(r, "decided_on", IN_OPTIONAL, 1, LIMIT_DATE_CHARS);
	w.dates.valid_from = input_string(r, "valid_from", IN_OPTIONAL, 1, LIMIT_DATE_CHARS);
	w.dates.valid_to = input_string(r, "valid_to", IN_OPTIONAL, 1, LIMIT_DATE_CHARS);
	if (!input_done(r, allowed))
		return;
	if ((st = store_write(r->app->store, decide_fn, &w)) != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 200, order_json(&w.row));
}

/* A breach makes the risk review due today and tells the owner and the coordinator. */
static enum ura_status
breach_fn(struct db *db, void *ctx)
{
	struct order_write *w = ctx;
	struct request *r = w->r;
	int64_t now = clock_now();
	char today[CLOCKS_DATE_LEN];
	struct notification n = { .kind = "order_breach", .object_type = "protection_order",
				  .object_id = w->id };
	enum ura_status st = order_write_check(db, w);

	if (st != URA_OK)
		return st;
	clocks_date_format(now, today, sizeof(today));
	n.case_id = w->row.case_id;
	n.dedupe = arena_printf(&r->arena, "order_breach:%lld:%lld", (long long)w->id,
				(long long)w->row.breaches + 1);
	if ((st = store_order_breach(db, w->id, w->dates.requested_on, r->caller.user.id,
				     now)) != URA_OK ||
	    (st = store_case_review_due(db, w->row.case_id, today, now)) != URA_OK ||
	    (st = store_notify_institution(db, w->f.row.owner_institution_id, &n, now)) ||
	    (st = store_notify_user(db, w->f.row.mechanism_coordinator_id, &n, now)) ||
	    (st = api_audit_case(db, r, "order.breach", "protection_order", w->id,
				 w->row.case_id, "[\"occurred_on\"]")) != URA_OK)
		return st;
	return store_order_get(db, &r->arena, w->id, &w->row);
}

void
handle_order_breach(struct request *r)
{
	static const char *const allowed[] = { "occurred_on", NULL };
	struct order_write w = { .r = r };
	struct order_dates check;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &w.id))
		return;
	/* The breach date reuses the order's date check as a "requested_on": a real date, not
	 * in the future. */
	w.dates.requested_on = input_string(r, "occurred_on", IN_REQUIRED, 1,
					    LIMIT_DATE_CHARS);
	check = (struct order_dates){ .requested_on = w.dates.requested_on };
	if (w.dates.requested_on != NULL && order_dates_check(&check, clock_now(), &r->errors))
		for (int i = 0; i < r->errors.count; i++)
			if (strcmp(r->errors.items[i].field, "requested_on") == 0)
				r->errors.items[i].field = "occurred_on";
	if (!input_done(r, allowed))
		return;
	if ((st = store_write(r->app->store, breach_fn, &w)) != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 201, order_json(&w.row));
}

static enum ura_status
order_items(struct db *db, struct request *r, struct case_list_page *p, json_t *list, bool *ok)
{
	struct order_row *rows;
	int n;
	enum ura_status st = store_case_orders(db, &r->arena, p->case_id, p->after, p->limit + 1,
					       &rows, &n);

	(void)ok;
	for (int i = 0; st == URA_OK && i < n && i < p->limit; i++)
		json_array_append_new(list, order_json(&rows[i]));
	p->next = n > p->limit ? rows[p->limit - 1].id : 0;
	return st;
}

static const struct case_list_read order_list = {
	.action = "order.list", .category = CAT_LEGAL, .items = order_items,
};

void
handle_case_orders_list(struct request *r)
{
	case_list_read_perform(r, &order_list);
}

/* ---- actions ---- */

/* The action; its title only where domain/policy lets this caller read the text (else
 * `withheld_fields: ["title"]`: the coordinator's summary has kind, status and dates). */
json_t *
action_json(struct request *r, const struct action_row *x, const struct policy_decision *d,
	    bool *ok)
{
	json_t *doc = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:o, s:o}", "id",
		(json_int_t)x->id, "case_id", (json_int_t)x->case_id, "kind", x->kind,
		"responsible_institution_id", (json_int_t)x->responsible_institution_id,
		"due_on", x->due_on, "status", x->status, "created_at", json_time(x->created_at),
		"updated_at", json_time(x->updated_at));

	if (policy_action_text_readable(d, &r->caller.user, x->responsible_institution_id,
					x->created_by))
		json_object_set_new(doc, "title",
				    sealed_open_k(r, case_keys_known(r, x->case_id),
						  SEALED_ACTION_TITLE, x->id, &x->title, ok));
	else
		json_object_set_new(doc, "withheld_fields", json_pack("[s]", "title"));
	return doc;
}

/* The answer to a write: its writers (owner or responsible staff) read the title. */
static void
reply_action(struct request *r, int status, const struct action_row *x)
{
	static const struct policy_decision writer = { .access = ACCESS_OWNER };
	bool ok = true;
	json_t *doc = action_json(r, x, &writer, &ok);

	if (!ok) {
		json_decref(doc);
		reply_status(r, URA_EINTERNAL);
		return;
	}
	reply_json(r, status, doc);
}

struct action_add {
	const char *title;
	struct action_row row;
};

static enum ura_status
action_apply(struct db *db, struct case_op_run *run)
{
	struct action_add *a = run->data;
	struct request *r = run->r;
	enum ura_status st = store_institution_exists(db, a->row.responsible_institution_id);

	if (st == URA_ENOTFOUND) {
		field_errors_add(&r->errors, "responsible_institution_id", MSG_NO_SUCH_OBJECT);
		return URA_EUNPROCESSABLE;
	}
	a->row.case_id = run->case_id;
	a->row.status = "open";
	a->row.created_by = r->caller.user.id;
	a->row.created_at = a->row.updated_at = clock_now();
	if (st != URA_OK || (st = store_action_insert(db, &a->row, &a->row.id)) != URA_OK ||
	    (st = sealed_store_k(db, r, case_row_keys(r, &run->f.row), SEALED_ACTION_TITLE,
				 a->row.id, a->title)) != URA_OK)
		return st;
	a->row.title = sealed_text_k(r, case_row_keys(r, &run->f.row), "case_actions", "title",
				     a->row.id, a->title);
	run->object_id = a->row.id;
	run->fields = "[\"title\",\"responsible_institution_id\",\"due_on\",\"kind\"]";
	return URA_OK;
}

static const struct case_op action_add_op = {
	.action = "action.create", .object_type = "action", .need = PERM_ACTION,
	.apply = action_apply,
};

void
handle_case_action_add(struct request *r)
{
	static const char *const allowed[] = { "title", "responsible_institution_id", "due_on",
					       "kind", NULL };
	struct action_add a = { 0 };
	struct case_op_run run;
	int64_t day;

	a.title = input_string(r, "title", IN_REQUIRED, 1, LIMIT_TITLE_CHARS);
	a.row.responsible_institution_id = input_id(r, "responsible_institution_id", IN_REQUIRED);
	a.row.due_on = input_string(r, "due_on", IN_REQUIRED, 1, LIMIT_DATE_CHARS);
	if (a.row.due_on != NULL && !clocks_date_parse(a.row.due_on, &day))
		field_errors_add(&r->errors, "due_on", MSG_INVALID_DATE);
	a.row.kind = input_enum(r, "kind", IN_OPTIONAL, action_kinds);
	if (a.row.kind == NULL)
		a.row.kind = "case_plan";
	if (input_done(r, allowed) && case_op_perform(r, &action_add_op, &a, &run))
		reply_action(r, 201, &a.row);
}

struct action_move {
	struct request *r;
	int64_t id;
	const char *to;
	struct action_row row;
};

static enum ura_status
action_move_fn(struct db *db, void *ctx)
{
	struct action_move *m = ctx;
	struct request *r = m->r;
	struct case_facts f;
	struct policy_decision d;
	enum ura_status st = store_action_get(db, &r->arena, m->id, &m->row);

	if (st != URA_OK || (st = case_facts_load(r, db, m->row.case_id, &f)) != URA_OK)
		return st;
	d = case_facts_decide(r, &f);
	if (d.access != ACCESS_OWNER &&
	    !user_is_staff_of(&r->caller.user, m->row.responsible_institution_id))
		return d.access == ACCESS_NONE || d.access == ACCESS_PACKET ? URA_ENOTFOUND
									    : URA_EFORBIDDEN;
	if ((st = action_transition((enum action_status)action_status_parse(m->row.status),
				    (enum action_status)action_status_parse(m->to))) != URA_OK ||
	    (st = store_action_move(db, m->id, m->row.status, m->to, clock_now())) != URA_OK ||
	    (st = api_audit_case(db, r, "action.update", "action", m->id, m->row.case_id,
				 "[\"status\"]")) != URA_OK)
		return st;
	return store_action_get(db, &r->arena, m->id, &m->row);
}

void
handle_action_update(struct request *r)
{
	static const char *const allowed[] = { "status", NULL };
	struct action_move m = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &m.id))
		return;
	m.to = input_enum(r, "status", IN_REQUIRED, action_statuses);
	if (!input_done(r, allowed))
		return;
	if ((st = store_write(r->app->store, action_move_fn, &m)) != URA_OK)
		reply_status(r, st);
	else
		reply_action(r, 200, &m.row);
}

static enum ura_status
action_items(struct db *db, struct request *r, struct case_list_page *p, json_t *list, bool *ok)
{
	struct action_row *rows;
	int n;
	enum ura_status st = store_case_actions(db, &r->arena, p->case_id, p->after, p->limit + 1,
						&rows, &n);

	for (int i = 0; st == URA_OK && i < n && i < p->limit; i++)
		json_array_append_new(list, action_json(r, &rows[i], &p->decision, ok));
	p->next = n > p->limit ? rows[p->limit - 1].id : 0;
	return st;
}

static const struct case_list_read action_list = {
	.action = "action.list", .category = -1, .items = action_items,
};

void
handle_case_actions_list(struct request *r)
{
	case_list_read_perform(r, &action_list);
}
