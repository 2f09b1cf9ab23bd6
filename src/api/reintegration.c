/*
 * A reintegration case's release and pre-release timeline, and the violent-extremism needs
 * checklist: GET /reintegration/plan, GET /cases/{id}/reintegration, PUT /cases/{id}/release,
 * PATCH /reintegration-tasks/{id}, GET and PUT /cases/{id}/reintegration/needs. The dates and
 * transitions are domain/reintegration's; the reminders are the deadline scan's
 * (store/deadlines.c). The checklist's answers are sealed like other free text of a case.
 */
#include "api/reintegration.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/case_op.h"
#include "api/input.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "core/embedded.h"
#include "domain/clocks.h"
#include "domain/reintegration.h"
#include "store/reintegration.h"

/* ---- the plan file, parsed once and kept for the life of the process ---- */

static pthread_once_t plan_once = PTHREAD_ONCE_INIT;
static json_t *plan_doc;
static struct reintegration_plan plan;
static bool plan_ok;

static void
plan_load(void)
{
	const char *error = NULL;

	plan_doc = json_loads(reintegration_json, JSON_REJECT_DUPLICATES, NULL);
	plan_ok = plan_doc != NULL && reintegration_plan_read(plan_doc, &plan, &error) == URA_OK;
}

/* The plan, or NULL (and a 500 sent) when the shipped file is broken. */
static const struct reintegration_plan *
plan_or_reply(struct request *r)
{
	pthread_once(&plan_once, plan_load);
	if (!plan_ok)
		reply_status(r, URA_EINTERNAL);
	return plan_ok ? &plan : NULL;
}

void
handle_reintegration_plan(struct request *r)
{
	if (plan_or_reply(r) != NULL)
		reply_json(r, 200, json_pack("{s:O, s:O}", "tasks",
					     json_object_get(plan_doc, "tasks"), "instrument",
					     json_object_get(plan_doc, "instrument")));
}

/* ---- documents ---- */

static json_t *
task_json(const struct reintegration_task_row *t, int64_t now)
{
	bool done = strcmp(t->status, "done") == 0;
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:o}", "id",
		(json_int_t)t->id, "case_id", (json_int_t)t->case_id, "code", t->code,
		"institution_type", t->institution_type, "institution_id",
		(json_int_t)t->institution_id, "due_on", t->due_on, "status", t->status, "state",
		task_states[reintegration_task_state(done, t->due_on, now)], "done_at",
		json_time(t->done_at));

	json_object_set_new(o, "days_left", done ? json_null()
				: json_integer(reintegration_days_left(t->due_on, now)));
	return o;
}

/* What GET /cases/{id}/reintegration answers, read on `db`. */
struct timeline {
	struct release_row release;
	bool has_release;
	struct reintegration_task_row *tasks;
	int ntasks;
};

static enum ura_status
timeline_load(struct db *db, struct request *r, int64_t case_id, struct timeline *t)
{
	enum ura_status st = store_release_get(db, &r->arena, case_id, &t->release);

	if (st != URA_OK && st != URA_ENOTFOUND)
		return st;
	t->has_release = st == URA_OK;
	return store_reintegration_tasks(db, &r->arena, case_id, &t->tasks, &t->ntasks);
}

static json_t *
timeline_json(struct request *r, int64_t case_id, const struct timeline *t)
{
	int64_t now = clock_now();
	json_t *tasks = json_array();
	const struct release_row *x = t->has_release ? &t->release : NULL;

	for (int i = 0; i < t->ntasks; i++)
		json_array_append_new(tasks, task_json(&t->tasks[i], now));
	return json_pack("{s:I, s:s?, s:s?, s:s?, s:i, s:o}", "case_id", (json_int_t)case_id,
			 "release_on", x ? x->release_on : NULL, "variant", x ? x->variant : NULL,
			 "plan_starts_on", x ? x->plan_starts_on : NULL, "lead_months",
			 r->app->config->reintegration_lead_months, "tasks", tasks);
}

/* 409 (with its message) unless the case is of kind reintegration. */
static enum ura_status
reintegration_case(struct request *r, const struct case_facts *f)
{
	if (strcmp(f->row.kind, "reintegration") == 0)
		return URA_OK;
	field_errors_add(&r->errors, "kind", MSG_NOT_REINTEGRATION);
	return URA_ECONFLICT;
}

static void
reply_conflict_or_status(struct request *r, enum ura_status st)
{
	if (st == URA_ECONFLICT && r->errors.count > 0)
		reply_problem(r, 409, r->errors.items[0].message);
	else
		reply_status(r, st);
}

/* The frame of a read: the case as the caller may see it (404 otherwise), of kind
 * reintegration (409), and with `category` readable when it is not -1 (403). */
static struct db *
read_case(struct request *r, int64_t *case_id, int category, struct case_facts *f)
{
	struct db *db;
	struct policy_decision d = { 0 };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", case_id) || (db = api_reader(r)) == NULL)
		return NULL;
	st = case_facts_load(r, db, *case_id, f);
	if (st == URA_OK && ((d = case_facts_decide(r, f)).access == ACCESS_NONE ||
			     d.access == ACCESS_PACKET))
		st = URA_ENOTFOUND;
	if (st == URA_OK)
		st = reintegration_case(r, f);
	if (st == URA_OK && category >= 0 && !(d.readable & (1u << category)))
		st = URA_EFORBIDDEN;
	if (st != URA_OK) {
		reply_conflict_or_status(r, st);
		return NULL;
	}
	return db;
}

void
handle_case_reintegration(struct request *r)
{
	struct case_facts f;
	struct timeline t = { 0 };
	int64_t case_id;
	struct db *db = read_case(r, &case_id, -1, &f);
	enum ura_status st;

	if (db == NULL)
		return;
	st = timeline_load(db, r, case_id, &t);
	if (st == URA_OK)
		st = api_audit_read(r, "reintegration.read", "case", case_id, case_id, NULL);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 200, timeline_json(r, case_id, &t));
}

/* ---- PUT /cases/{id}/release ---- */

struct release_put {
	const char *release_on, *variant;
	const struct reintegration_plan *plan;
	struct timeline saved;
};

/* Every task of the variant, put at its day (open ones move; done ones stay). */
static enum ura_status
release_tasks(struct db *db, int64_t case_id, const struct release_put *p,
	      const char *plan_starts_on)
{
	enum release_variant v = (enum release_variant)release_variant_parse(p->variant);
	char due[CLOCKS_DATE_LEN];
	enum ura_status st = URA_OK;

	for (int i = 0; i < p->plan->ntasks && st == URA_OK; i++) {
		const struct reintegration_task_template *t = &p->plan->tasks[i];

		if (!reintegration_task_in(t, v))
			continue;
		if (!reintegration_task_due(p->release_on, t->offset_days, plan_starts_on, due,
					    sizeof(due)))
			return URA_EINTERNAL;
		st = store_reintegration_task_put(db, case_id, t, due);
	}
	if (st == URA_OK && v == VARIANT_STANDARD)
		st = store_reintegration_tasks_drop_variant(db, case_id);
	return st;
}

static enum ura_status
release_apply(struct db *db, struct case_op_run *run)
{
	struct release_put *p = run->data;
	struct request *r = run->r;
	char start[CLOCKS_DATE_LEN];
	struct release_row row = { .case_id = run->case_id, .release_on = p->release_on,
				   .variant = p->variant, .plan_starts_on = start,
				   .set_by = r->caller.user.id, .set_at = clock_now() };
	enum ura_status st = reintegration_case(r, &run->f);

	if (st != URA_OK)
		return st;
	if (!reintegration_plan_start(p->release_on, r->app->config->reintegration_lead_months,
				      start, sizeof(start)))
		return URA_EINTERNAL;
	if ((st = store_release_set(db, &row)) != URA_OK ||
	    (st = release_tasks(db, run->case_id, p, start)) != URA_OK)
		return st;
	run->fields = "[\"release_on\",\"variant\"]";
	return timeline_load(db, r, run->case_id, &p->saved);
}

static const struct case_op release_op = {
	.action = "reintegration.release", .object_type = "case", .need = PERM_NOTE,
	.apply = release_apply,
};

void
handle_case_release(struct request *r)
{
	static const char *const allowed[] = { "release_on", "variant", NULL };
	struct release_put p = { 0 };
	struct case_op_run run;

	if ((p.plan = plan_or_reply(r)) == NULL)
		return;
	p.release_on = input_date(r, "release_on", IN_REQUIRED, false);
	p.variant = input_enum(r, "variant", IN_OPTIONAL, release_variants);
	if (p.release_on != NULL && !reintegration_release_ok(p.release_on, clock_now()))
		field_errors_add(&r->errors, "release_on", MSG_OUT_OF_RANGE);
	if (!input_done(r, allowed))
		return;
	if (p.variant == NULL)
		p.variant = release_variants[VARIANT_STANDARD];
	if (case_op_perform(r, &release_op, &p, &run))
		reply_json(r, 200, timeline_json(r, run.case_id, &p.saved));
}

/* ---- PATCH /reintegration-tasks/{id} ---- */

struct task_mark {
	struct request *r;
	int64_t id;
	const char *status;
	struct reintegration_task_row row;
};

/* As a case_op, for a task: the case's readers that may contribute to it (PERM_NOTE). */
static enum ura_status
task_mark_fn(struct db *db, void *ctx)
{
	struct task_mark *m = ctx;
	struct request *r = m->r;
	struct case_facts f;
	struct policy_decision d;
	enum ura_status st = store_reintegration_task_get(db, &r->arena, m->id, &m->row);

	if (st != URA_OK || (st = case_facts_load(r, db, m->row.case_id, &f)) != URA_OK)
		return st;
	d = case_facts_decide(r, &f);
	if (d.access == ACCESS_NONE || d.access == ACCESS_PACKET)
		return URA_ENOTFOUND;
	if (!(case_facts_permissions(r, &f, &d, false) & (1u << PERM_NOTE)))
		return URA_EFORBIDDEN;
	if (strcmp(f.row.status, "closed") == 0) {
		field_errors_add(&r->errors, "status", MSG_CASE_CLOSED);
		return URA_ECONFLICT;
	}
	if ((st = reintegration_task_move(m->row.status, m->status)) != URA_OK ||
	    (st = store_reintegration_task_done(db, m->id, r->caller.user.id, clock_now())) ||
	    (st = api_audit_case(db, r, "reintegration_task.done", "reintegration_task", m->id,
				 m->row.case_id, "[\"status\"]")) != URA_OK)
		return st;
	return store_reintegration_task_get(db, &r->arena, m->id, &m->row);
}

void
handle_reintegration_task_update(struct request *r)
{
	static const char *const allowed[] = { "status", NULL };
	struct task_mark m = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &m.id))
		return;
	m.status = input_enum(r, "status", IN_REQUIRED, reintegration_task_statuses);
	if (!input_done(r, allowed))
		return;
	st = store_write(r->app->store, task_mark_fn, &m);
	if (st != URA_OK)
		reply_conflict_or_status(r, st);
	else
		reply_json(r, 200, task_json(&m.row, clock_now()));
}

/* ---- the needs checklist ---- */

static json_t *
needs_json(int64_t case_id, json_t *answers, int64_t updated_at, int64_t updated_by)
{
	json_t *o = json_pack("{s:I, s:o, s:o}", "case_id", (json_int_t)case_id, "answers",
			      answers, "updated_at", json_time(updated_at));

	json_object_set_new(o, "updated_by", updated_by ? json_integer(updated_by) : json_null());
	return o;
}

void
handle_case_needs_get(struct request *r)
{
	struct case_facts f;
	struct blob sealed = { 0 };
	int64_t case_id, at = 0, by = 0;
	struct db *db = read_case(r, &case_id, CAT_RISK, &f);
	json_t *text = NULL, *answers = NULL;
	bool ok = true;
	enum ura_status st;

	if (db == NULL)
		return;
	st = store_needs_get(db, &r->arena, case_id, &sealed, &at, &by);
	if (st == URA_OK)
		text = opened_text_k(r, case_row_keys(r, &f.row), "reintegration_needs",
				     "answers", case_id, &sealed, &ok);
	if (st == URA_OK && ok)
		answers = json_loads(json_string_value(text), 0, NULL);
	json_decref(text);
	if (st == URA_ENOTFOUND)
		st = URA_OK;
	else if (st == URA_OK && (!ok || answers == NULL))
		st = URA_EINTERNAL;
	if (st == URA_OK)
		st = api_audit_read(r, "reintegration_needs.read", "case", case_id, case_id,
				    "[\"answers\"]");
	if (st != URA_OK) {
		json_decref(answers);
		reply_status(r, st);
		return;
	}
	reply_json(r, 200, needs_json(case_id, answers ? answers : json_object(), at, by));
}

struct needs_put {
	json_t *answers; /* the canonical answers: {item: {"answer", "note"?}} */
	int64_t at;
};

static enum ura_status
needs_apply(struct db *db, struct case_op_run *run)
{
	struct needs_put *p = run->data;
	struct request *r = run->r;
	struct release_row rel;
	char *text;
	struct blob sealed;
	enum ura_status st = reintegration_case(r, &run->f);

	if (st != URA_OK)
		return st;
	if (!(run->d.readable & (1u << CAT_RISK)))
		return URA_EFORBIDDEN;
	st = store_release_get(db, &r->arena, run->case_id, &rel);
	if (st == URA_OK && strcmp(rel.variant, "violent_extremism") != 0)
		st = URA_ENOTFOUND;
	if (st == URA_ENOTFOUND) {
		field_errors_add(&r->errors, "variant", MSG_NOT_VE_VARIANT);
		return URA_ECONFLICT;
	}
	if (st != URA_OK)
		return st;
	text = json_dumps(p->answers, JSON_COMPACT | JSON_SORT_KEYS);
	sealed = sealed_text_k(r, case_row_keys(r, &run->f.row), "reintegration_needs", "answers",
			       run->case_id, text);
	free(text);
	p->at = clock_now();
	run->fields = "[\"answers\"]";
	return store_needs_set(db, run->case_id, &sealed, r->caller.user.id, p->at);
}

static const struct case_op needs_op = {
	.action = "reintegration_needs.update", .object_type = "case", .need = PERM_NOTE,
	.apply = needs_apply,
};

/* One answer: {"answer": yes|no|unknown, "note"?: text}, copied into `out` under `id`. */
static void
read_answer(struct in_obj *answers, const char *id, json_t *out)
{
	static const char *const allowed[] = { "answer", "note", NULL };
	struct in_obj item;
	const char *answer, *note;

	if (!reintegration_item_known(&plan, id)) {
		in_error(answers, id, MSG_UNKNOWN_ITEM, false);
		return;
	}
	if (!in_object(answers, id, IN_REQUIRED, &item))
		return;
	answer = in_enum(&item, "answer", IN_REQUIRED, needs_answers);
	note = in_text(&item, "note", IN_OPTIONAL, 1, REINTEGRATION_NOTE_CHARS);
	in_unknown(&item, allowed);
	if (answer != NULL)
		json_object_set_new(out, id, note != NULL
				    ? json_pack("{s:s, s:s}", "answer", answer, "note", note)
				    : json_pack("{s:s}", "answer", answer));
}

void
handle_case_needs_put(struct request *r)
{
	static const char *const allowed[] = { "answers", NULL };
	struct in_obj root = input_root(r), answers;
	struct needs_put p = { .answers = json_object() };
	struct case_op_run run;
	const char *id;
	json_t *v;

	if (plan_or_reply(r) == NULL) {
		json_decref(p.answers);
		return;
	}
	if (in_object(&root, "answers", IN_REQUIRED, &answers))
		json_object_foreach(answers.json, id, v)
			read_answer(&answers, id, p.answers);
	if (input_done(r, allowed) && case_op_perform(r, &needs_op, &p, &run)) {
		reply_json(r, 200, needs_json(run.case_id, p.answers, p.at, r->caller.user.id));
		return;
	}
	json_decref(p.answers);
}
