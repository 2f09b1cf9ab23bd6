/*
 * A mechanism's local action plans: GET|POST /mechanisms/{id}/action-plans, GET
 * /action-plans/{id} (with the progress of each pillar, summed by the database), GET|POST
 * /action-plans/{id}/activities and PATCH /activities/{id}. Who may read or write is
 * domain/plans' decision from the mechanism's standing, which the store reads with the plan
 * or activity itself. Plans are not case data: reads are not audited, every write is.
 */
#include "api/action_plans.h"

#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "core/clock.h"
#include "domain/plans.h"

/* ---- shared body readers ---- */

const char *
plans_given_fields(struct request *r, const char *const *allowed)
{
	const char *text = "[";

	for (const char *const *name = allowed; *name != NULL; name++)
		if (input_present(r, *name))
			text = arena_printf(&r->arena, "%s%s\"%s\"", text,
					    text[1] != '\0' ? "," : "", *name);
	return arena_printf(&r->arena, "%s]", text);
}

/* ---- access ---- */

/*
 * Whether the caller has `need` on a mechanism of standing `m`. A caller without any access
 * is told the thing does not exist when `hidden` (a plan, an activity), and forbidden
 * otherwise (a mechanism's list, which is public knowledge).
 */
static enum ura_status
access_check(const struct request *r, const struct mechanism_standing *m, enum plan_access need,
	     bool hidden)
{
	enum plan_access have = plan_access_for(&r->caller.user, m);

	if (have >= need)
		return URA_OK;
	return have == PLAN_ACCESS_NONE && hidden ? URA_ENOTFOUND : URA_EFORBIDDEN;
}

/* The mechanism's standing for the caller, checked for `need`; 404 without the mechanism. */
static enum ura_status
mechanism_check(struct db *db, struct request *r, int64_t mechanism_id, enum plan_access need)
{
	struct mechanism_facts f;
	struct mechanism_standing m;
	enum ura_status st = store_mechanism_facts(db, &r->arena, mechanism_id,
						   r->caller.user.institution_id, &f);

	if (st != URA_OK)
		return st;
	m = (struct mechanism_standing){ .coordinator_user_id = f.coordinator_user_id,
					 .viewer_institution_is_member = f.institution_is_member };
	return access_check(r, &m, need, false);
}

static enum ura_status
plan_load(struct db *db, struct request *r, int64_t id, enum plan_access need,
	  struct action_plan_row *out)
{
	enum ura_status st = store_action_plan_get(db, &r->arena, id,
						   r->caller.user.institution_id, out);

	return st != URA_OK ? st : access_check(r, &out->standing, need, true);
}

/* ---- replies ---- */

static json_t *
plan_json(const struct action_plan_row *p)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)p->id,
			 "mechanism_id", (json_int_t)p->mechanism_id, "title", p->title,
			 "period_from", p->period_from, "period_to", p->period_to,
			 "created_at", json_time(p->created_at));
}

static json_t *
id_or_null(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

static json_t *
activity_json(const struct activity_row *x)
{
	json_t *partners = json_loads(x->partner_institution_ids, 0, NULL);

	return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:s?, s:s?, s:s?, s:o, s:I, s:s, s:s?}",
		"id", (json_int_t)x->id, "plan_id", (json_int_t)x->plan_id, "pillar", x->pillar,
		"title", x->title, "responsible_institution_id",
		id_or_null(x->responsible_institution_id), "partner_institution_ids",
		partners != NULL ? partners : json_array(), "starts_on", x->starts_on,
		"ends_on", x->ends_on, "indicator", x->indicator,
		"target", x->has_target ? json_integer(x->target) : json_null(),
		"progress", (json_int_t)x->progress, "status", x->status,
		"national_objective", x->national_objective);
}

static json_t *
progress_json(const struct pillar_progress *rows, int n)
{
	json_t *list = json_array();

	for (int i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:I, s:I, s:I, s:I}",
			"pillar", rows[i].pillar, "activities", (json_int_t)rows[i].activities,
			"done", (json_int_t)rows[i].done, "target_sum",
			(json_int_t)rows[i].target_sum, "progress_sum",
			(json_int_t)rows[i].progress_sum));
	return list;
}

/* ---- plans ---- */

void
handle_mechanism_plans_list(struct request *r)
{
	struct action_plan_row *rows;
	struct db *db;
	int64_t id, after;
	int limit, n = 0;
	json_t *items;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || !req_page(r, &limit, &after) ||
	    (db = api_reader(r)) == NULL)
		return;
	st = mechanism_check(db, r, id, PLAN_ACCESS_READ);
	if (st == URA_OK)
		st = store_action_plans_list(db, &r->arena, id, after, limit + 1, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, plan_json(&rows[i]));
	reply_list(r, items, n > limit ? rows[limit - 1].id : 0);
}

static const char *const plan_fields[] = { "title", "period_from", "period_to", NULL };

struct plan_create {
	struct request *r;
	struct action_plan_row row;
};

static enum ura_status
plan_create_fn(struct db *db, void *ctx)
{
	struct plan_create *c = ctx;
	struct request *r = c->r;
	enum ura_status st = mechanism_check(db, r, c->row.mechanism_id, PLAN_ACCESS_WRITE);

	if (st != URA_OK)
		return st;
	c->row.created_by = r->caller.user.id;
	c->row.created_at = c->row.updated_at = clock_now();
	if ((st = store_action_plan_insert(db, &c->row, &c->row.id)) != URA_OK)
		return st;
	return api_audit(db, r, "action_plan.create", "action_plan", c->row.id,
			 plans_given_fields(r, plan_fields));
}

void
handle_mechanism_plan_create(struct request *r)
{
	struct plan_create c = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &c.row.mechanism_id))
		return;
	c.row.title = input_string(r, "title", IN_REQUIRED, 1, LIMIT_NAME_CHARS);
	c.row.period_from = input_string(r, "period_from", IN_REQUIRED, 1, LIMIT_DATE_CHARS);
	c.row.period_to = input_string(r, "period_to", IN_REQUIRED, 1, LIMIT_DATE_CHARS);
	plans_dates_check("period_from", c.row.period_from, "period_to", c.row.period_to,
			  &r->errors);
	if (!input_done(r, plan_fields))
		return;
	if ((st = store_write(r->app->store, plan_create_fn, &c)) != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 201, plan_json(&c.row));
}

void
handle_plan_get(struct request *r)
{
	struct action_plan_row plan;
	struct pillar_progress *progress;
	struct db *db;
	int64_t id;
	int n = 0;
	json_t *doc;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || (db = api_reader(r)) == NULL)
		return;
	st = plan_load(db, r, id, PLAN_ACCESS_READ, &plan);
	if (st == URA_OK)
		st = store_plan_progress(db, &r->arena, id, &progress, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	doc = plan_json(&plan);
	json_object_set_new(doc, "progress", progress_json(progress, n));
	reply_json(r, 200, doc);
}

/* ---- activities ---- */

void
handle_plan_activities_list(struct request *r)
{
	struct action_plan_row plan;
	struct activity_row *rows;
	struct db *db;
	int64_t id, after;
	int limit, n = 0;
	json_t *items;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || !req_page(r, &limit, &after) ||
	    (db = api_reader(r)) == NULL)
		return;
	st = plan_load(db, r, id, PLAN_ACCESS_READ, &plan);
	if (st == URA_OK)
		st = store_activities_list(db, &r->arena, id, after, limit + 1, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, activity_json(&rows[i]));
	reply_list(r, items, n > limit ? rows[limit - 1].id : 0);
}

/* An activity's institutions: the responsible one (when given) and the partners. */
struct activity_institutions {
	int64_t ids[LIMIT_ACTIVITY_PARTNERS + 1];
	int n;
	bool has_responsible; /* ids[0] is the responsible institution */
};

/* "partner_institution_ids": distinct positive ids, at most LIMIT_ACTIVITY_PARTNERS; JSON. */
static const char *
partners_read(struct request *r, struct activity_institutions *inst)
{
	struct in_obj body = input_root(r);
	int n = in_id_list(&body, "partner_institution_ids", IN_NULLABLE, LIMIT_ACTIVITY_PARTNERS,
			   inst->ids + inst->n);

	if (n < 0)
		return input_present(r, "partner_institution_ids") &&
		       !input_null(r, "partner_institution_ids") ? NULL : "[]";
	inst->n += n;
	return arena_ids_json(&r->arena, inst->ids + inst->has_responsible, n);
}

/* Every institution named exists (422 naming each that does not). */
static enum ura_status
institutions_check(struct db *db, struct request *r, const struct activity_institutions *inst)
{
	bool known[LIMIT_ACTIVITY_PARTNERS + 1];
	enum ura_status st = store_institutions_known(db, &r->arena, inst->ids, inst->n, known);

	for (int i = 0; st == URA_OK && i < inst->n; i++) {
		int partner = i - inst->has_responsible;
		if (known[i])
			continue;
		field_errors_add(&r->errors, partner < 0 ? "responsible_institution_id"
			: arena_printf(&r->arena, "partner_institution_ids[%d]", partner),
			MSG_NO_SUCH_OBJECT);
	}
	return st == URA_OK && r->errors.count > 0 ? URA_EUNPROCESSABLE : st;
}

static const char *const activity_fields[] = { "pillar", "title", "responsible_institution_id",
					       "partner_institution_ids", "starts_on", "ends_on",
					       "indicator", "target", "national_objective", NULL };

struct activity_create {
	struct request *r;
	struct activity_row row;
	struct activity_institutions inst;
};

static enum ura_status
activity_create_fn(struct db *db, void *ctx)
{
	struct activity_create *c = ctx;
	struct request *r = c->r;
	struct action_plan_row plan;
	enum ura_status st = plan_load(db, r, c->row.plan_id, PLAN_ACCESS_WRITE, &plan);

	if (st != URA_OK || (st = institutions_check(db, r, &c->inst)) != URA_OK)
		return st;
	c->row.status = activity_statuses[ACTIVITY_PLANNED];
	c->row.created_at = c->row.updated_at = clock_now();
	if ((st = store_activity_insert(db, &c->row, &c->row.id)) != URA_OK)
		return st;
	return api_audit(db, r, "activity.create", "activity", c->row.id,
			 plans_given_fields(r, activity_fields));
}

void
handle_plan_activity_create(struct request *r)
{
	struct activity_create c = { .r = r };
	struct activity_row *x = &c.row;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &x->plan_id))
		return;
	x->pillar = input_enum(r, "pillar", IN_REQUIRED, plan_pillars);
	x->title = input_string(r, "title", IN_REQUIRED, 1, LIMIT_ACTIVITY_TITLE_CHARS);
	x->responsible_institution_id = input_id(r, "responsible_institution_id", IN_NULLABLE);
	c.inst.has_responsible = x->responsible_institution_id > 0;
	c.inst.ids[0] = x->responsible_institution_id;
	c.inst.n = c.inst.has_responsible;
	x->partner_institution_ids = partners_read(r, &c.inst);
	x->starts_on = input_string(r, "starts_on", IN_NULLABLE, 1, LIMIT_DATE_CHARS);
	x->ends_on = input_string(r, "ends_on", IN_NULLABLE, 1, LIMIT_DATE_CHARS);
	plans_dates_check("starts_on", x->starts_on, "ends_on", x->ends_on, &r->errors);
	x->indicator = input_string(r, "indicator", IN_NULLABLE, 1, LIMIT_ACTIVITY_TITLE_CHARS);
	x->has_target = input_int(r, "target", IN_NULLABLE, 0, PLANS_COUNT_MAX, &x->target);
	x->national_objective = input_string(r, "national_objective", IN_NULLABLE, 1,
					     LIMIT_ACTIVITY_TITLE_CHARS);
	if (!input_done(r, activity_fields))
		return;
	if ((st = store_write(r->app->store, activity_create_fn, &c)) != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 201, activity_json(x));
}

static const char *const activity_change_fields[] = { "progress", "status", "indicator",
						      "target", "national_objective", NULL };

/* A PATCH: the fields given (indicator, target and national_objective may be null, which
 * clears them). */
struct activity_change {
	struct request *r;
	int64_t id;
	const char *status, *indicator, *national_objective;
	bool has_progress, has_indicator, has_target, clears_target, has_objective;
	int64_t progress, target;
	struct activity_row row;
};

static void
activity_change_apply(const struct activity_change *c, struct activity_row *x)
{
	if (c->status != NULL)
		x->status = c->status;
	if (c->has_progress)
		x->progress = c->progress;
	if (c->has_indicator)
		x->indicator = c->indicator;
	if (c->has_objective)
		x->national_objective = c->national_objective;
	if (c->has_target || c->clears_target) {
		x->has_target = c->has_target;
		x->target = c->target;
	}
}

static enum ura_status
activity_change_fn(struct db *db, void *ctx)
{
	struct activity_change *c = ctx;
	struct request *r = c->r;
	const char *from;
	enum ura_status st = store_activity_get(db, &r->arena, c->id, r->caller.user.institution_id,
						&c->row);

	if (st != URA_OK)
		return st;
	if (!activity_write_allowed(&r->caller.user, &c->row.standing,
				    c->row.responsible_institution_id))
		return access_check(r, &c->row.standing, PLAN_ACCESS_READ, true) == URA_OK
			       ? URA_EFORBIDDEN : URA_ENOTFOUND;
	if ((st = activity_status_move(c->row.status, c->status)) != URA_OK)
		return st;
	from = c->row.status;
	activity_change_apply(c, &c->row);
	c->row.updated_at = clock_now();
	if ((st = store_activity_update(db, &c->row, from, c->row.updated_at)) != URA_OK)
		return st;
	return api_audit(db, r, "activity.update", "activity", c->id,
			 plans_given_fields(r, activity_change_fields));
}

void
handle_activity_update(struct request *r)
{
	struct activity_change c = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &c.id))
		return;
	c.has_progress = input_int(r, "progress", IN_OPTIONAL, 0, PLANS_COUNT_MAX, &c.progress);
	c.status = input_enum(r, "status", IN_OPTIONAL, activity_statuses);
	c.indicator = input_string(r, "indicator", IN_NULLABLE, 1, LIMIT_ACTIVITY_TITLE_CHARS);
	c.has_indicator = input_present(r, "indicator");
	c.has_target = input_int(r, "target", IN_NULLABLE, 0, PLANS_COUNT_MAX, &c.target);
	c.clears_target = input_null(r, "target");
	c.national_objective = input_string(r, "national_objective", IN_NULLABLE, 1,
					    LIMIT_ACTIVITY_TITLE_CHARS);
	c.has_objective = input_present(r, "national_objective");
	if (!input_done(r, activity_change_fields))
		return;
	if (json_object_size(r->json) == 0) {
		reply_problem(r, 422, MSG_NOTHING_TO_CHANGE);
		return;
	}
	if ((st = store_write(r->app->store, activity_change_fn, &c)) != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 200, activity_json(&c.row));
}
