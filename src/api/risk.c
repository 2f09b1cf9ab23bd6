/*
 * Risk instruments and assessments: GET /instruments, GET /instruments/{id},
 * POST and GET /cases/{id}/assessments. Scoring, overrides and the review clock are
 * domain/risk and domain/clocks; this file loads the instrument, stores the result, moves the
 * case's risk and review date, and tells the coordinator about high and extreme risk.
 */
#include "api/risk.h"

#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/case_op.h"
#include "api/input.h"
#include "api/meetings.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "domain/clocks.h"
#include "domain/directory.h"
#include "domain/risk.h"

#define PROBLEMS_MAX 32

/* An instrument's stored definition, by id or (when `code` is not NULL) by code, checked
 * again (it was checked when loaded). */
static enum ura_status
instrument_load(struct db *db, struct request *r, int64_t id, const char *code,
		struct instrument_row *row, struct risk_instrument *ins)
{
	const char *error;
	enum ura_status st = code != NULL ? store_instrument_by_code(db, &r->arena, code, row)
					  : store_instrument_get(db, &r->arena, id, row);

	if (st != URA_OK)
		return st;
	return risk_instrument_parse(&r->arena, row->definition, ins, &error) == URA_OK
		       ? URA_OK : URA_EINTERNAL;
}

static json_t *
instrument_json(struct request *r, const struct instrument_row *row,
		const struct risk_instrument *ins, bool with_items)
{
	json_t *doc = json_pack("{s:I, s:s, s:s, s:I, s:s, s:i}", "id", (json_int_t)row->id,
				"code", ins->code, "kind", ins->kind,
				"version", (json_int_t)ins->version, "title", ins->title[r->lang],
				"item_count", ins->nitems);
	json_t *items;

	if (!with_items)
		return doc;
	items = json_array();
	for (int i = 0; i < ins->nitems; i++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:i, s:b}",
			"id", ins->items[i].id, "text", ins->items[i].text[r->lang],
			"weight", ins->items[i].weight, "critical", ins->items[i].critical));
	json_object_set_new(doc, "items", items);
	json_object_set_new(doc, "thresholds", json_pack("{s:i, s:i, s:i}", "medium", ins->medium,
							 "high", ins->high, "extreme", ins->extreme));
	return doc;
}

void
handle_instruments_list(struct request *r)
{
	const char *kind = req_query(r, "kind");
	struct instrument_row *rows;
	struct db *db;
	json_t *items;
	int64_t after;
	int n, limit;
	enum ura_status st;

	if (kind != NULL && *kind != '\0' && !vocabulary_has(mechanism_kinds, kind)) {
		reply_field_choice(r, 400, "kind", mechanism_kinds);
		return;
	}
	if (!req_page(r, &limit, &after) || (db = api_reader(r)) == NULL)
		return;
	if ((st = store_instrument_list(db, &r->arena, kind && *kind ? kind : NULL, after,
					limit + 1, &rows, &n))) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++) {
		struct risk_instrument ins;
		const char *error;
		if (risk_instrument_parse(&r->arena, rows[i].definition, &ins, &error) == URA_OK)
			json_array_append_new(items, instrument_json(r, &rows[i], &ins, false));
	}
	reply_list(r, items, n > limit ? rows[limit - 1].id : 0);
}

void
handle_instrument_get(struct request *r)
{
	struct instrument_row row;
	struct risk_instrument ins;
	struct db *db;
	int64_t id;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || (db = api_reader(r)) == NULL)
		return;
	if ((st = instrument_load(db, r, id, NULL, &row, &ins)) != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 200, instrument_json(r, &row, &ins, true));
}

/* ---- assessments ---- */

struct assessment_add {
	int64_t instrument_id;
	const char *instrument_code; /* the instrument named by its code instead of its id */
	json_t *answers;          /* borrowed from the body */
	const char *override_level, *override_reason;
	struct assessment_row row;
};

/* Scores the answers; every unknown item and non-boolean answer becomes a field error. */
static enum ura_status
score(struct request *r, const struct risk_instrument *ins, json_t *answers,
      struct risk_result *res)
{
	struct risk_answer_problem problems[PROBLEMS_MAX];
	int n = 0;
	enum ura_status st = risk_score(ins, answers, res, problems, PROBLEMS_MAX, &n);

	for (int i = 0; st == URA_EUNPROCESSABLE && i < n; i++)
		field_errors_add(&r->errors, problems[i].item
			? arena_printf(&r->arena, "answers.%s", problems[i].item) : "answers",
			problems[i].error == RISK_ANSWER_UNKNOWN_ITEM ? MSG_NO_SUCH_OBJECT
								       : MSG_NOT_BOOLEAN);
	return st;
}

/* The level: computed, or overridden by someone allowed to (domain/risk). */
static enum ura_status
decide_level(struct request *r, const struct assessment_add *a, enum risk_level computed,
	     enum risk_level *level)
{
	const char *field = NULL;
	enum risk_level requested;
	enum ura_status st;

	*level = computed;
	if (a->override_level == NULL)
		return URA_OK;
	requested = risk_level_parse(a->override_level);
	st = risk_override_check(r->caller.user.role, computed, requested,
				 a->override_reason != NULL, &field);
	if (st == URA_EUNPROCESSABLE)
		field_errors_add(&r->errors, field ? field : "override_level",
				 field && strcmp(field, "override_reason") == 0 ? MSG_REQUIRED
										: MSG_NOT_ALLOWED_VALUE);
	if (st == URA_OK)
		*level = requested;
	return st;
}

/* A high or extreme risk: the coordinator is told, and the case goes to the next meeting. */
static enum ura_status
tell_coordinator(struct db *db, struct case_op_run *run, const struct assessment_row *x)
{
	struct notification n = { .kind = "high_risk", .case_id = run->case_id,
		.object_type = "assessment", .object_id = x->id,
		.dedupe = arena_printf(&run->r->arena, "high_risk:%lld", (long long)x->id) };

	return store_notify_user(db, run->f.row.mechanism_coordinator_id, &n, x->assessed_at);
}

static enum ura_status
store_assessment(struct db *db, struct case_op_run *run, struct assessment_add *a, bool high)
{
	struct request *r = run->r;
	struct assessment_row *x = &a->row;
	char *answers = json_dumps(a->answers, JSON_COMPACT | JSON_SORT_KEYS);
	enum ura_status st = store_assessment_insert(db, x, &x->id);

	if (st == URA_OK)
		st = sealed_store_k(db, r, case_row_keys(r, &run->f.row),
				    SEALED_ASSESSMENT_ANSWERS, x->id, answers);
	free(answers);
	if (st == URA_OK && a->override_reason != NULL)
		st = sealed_store_k(db, r, case_row_keys(r, &run->f.row),
				    SEALED_ASSESSMENT_REASON, x->id, a->override_reason);
	if (st == URA_OK)
		st = store_case_set_risk(db, run->case_id, x->level, x->next_review_on, high,
					 x->assessed_at);
	if (st == URA_OK && high)
		st = tell_coordinator(db, run, x);
	if (st == URA_OK && high)
		st = meetings_agenda_follow(db, run->f.row.mechanism_id, x->assessed_at);
	return st;
}

static enum ura_status
assessment_apply(struct db *db, struct case_op_run *run)
{
	struct assessment_add *a = run->data;
	struct request *r = run->r;
	struct instrument_row row;
	struct risk_instrument ins;
	struct risk_result res;
	struct mechanism_facts m;
	struct review_days days;
	enum risk_level level;
	char *review = arena_alloc(&r->arena, CLOCKS_DATE_LEN);
	enum ura_status st = instrument_load(db, r, a->instrument_id, a->instrument_code, &row,
					    &ins);

	if (st == URA_ENOTFOUND || (st == URA_OK && strcmp(ins.kind, run->f.row.kind) != 0)) {
		field_errors_add(&r->errors, "instrument", st == URA_OK ? MSG_KIND_MISMATCH
									: MSG_NO_SUCH_OBJECT);
		return URA_EUNPROCESSABLE;
	}
	if (st != URA_OK || (st = score(r, &ins, a->answers, &res)) != URA_OK ||
	    (st = decide_level(r, a, res.level, &level)) != URA_OK ||
	    (st = store_mechanism_facts(db, &r->arena, run->f.row.mechanism_id, 0, &m)) != URA_OK)
		return st;
	/* The review clock is the mechanism's own. */
	days = (struct review_days){ .extreme = m.review_days[0], .high = m.review_days[1],
				     .medium = m.review_days[2], .standard = m.review_days[3] };
	a->row = (struct assessment_row){ .case_id = run->case_id, .instrument_id = row.id,
		.score = res.score, .computed_level = risk_level_names[res.level],
		.level = risk_level_names[level], .critical = res.critical_hit,
		.unanswered = res.unanswered, .assessed_by = r->caller.user.id,
		.assessed_at = clock_now(), .overridden = level != res.level };
	clocks_date_format(risk_next_review(level, &days, a->row.assessed_at),
			   review, CLOCKS_DATE_LEN);
	a->row.next_review_on = review;
	run->fields = a->override_reason ? "[\"answers\",\"level\",\"override_reason\"]"
					 : "[\"answers\",\"level\"]";
	if ((st = store_assessment(db, run, a, level >= RISK_HIGH)) != URA_OK)
		return st;
	run->object_id = a->row.id;
	return URA_OK;
}

static const struct case_op assessment_op = {
	.action = "assessment.create", .object_type = "assessment",
	.need = PERM_ASSESS, .apply = assessment_apply,
};

json_t *
assessment_json(const struct assessment_row *x)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:b, s:I, s:s, s:o, s:b}",
		"id", (json_int_t)x->id, "case_id", (json_int_t)x->case_id,
		"instrument_id", (json_int_t)x->instrument_id, "score", (json_int_t)x->score,
		"computed_level", x->computed_level, "level", x->level, "critical", x->critical,
		"unanswered", (json_int_t)x->unanswered, "next_review_on", x->next_review_on,
		"assessed_at", json_time(x->assessed_at), "overridden", x->overridden);
}

void
handle_case_assessment_add(struct request *r)
{
	static const char *const allowed[] = { "instrument", "answers", "override_level",
					       "override_reason", NULL };
	static const char *const levels[] = { "standard", "medium", "high", "extreme", NULL };
	struct assessment_add a = { 0 };
	struct in_obj body = input_root(r);
	struct case_op_run run;

	/* The instrument by its id (3) or its code ("dv-ura-1"). */
	if (json_is_string(json_object_get(r->json, "instrument")))
		a.instrument_code = in_text(&body, "instrument", IN_REQUIRED, 1, LIMIT_ENUM_CHARS);
	else
		a.instrument_id = input_id(r, "instrument", IN_REQUIRED);
	a.answers = in_field(&body, "answers", JSON_OBJECT, IN_REQUIRED);
	/* An instrument has at most RISK_ITEMS_MAX items: more keys cannot all be its own. */
	_Static_assert(LIMIT_RISK_ANSWERS >= RISK_ITEMS_MAX, "answers hold every item");
	if (a.answers != NULL && json_object_size(a.answers) > LIMIT_RISK_ANSWERS) {
		in_error(&body, "answers", MSG_TOO_MANY_ITEMS, false);
		a.answers = NULL;
	}
	a.override_level = input_enum(r, "override_level", IN_OPTIONAL, levels);
	a.override_reason = input_string(r, "override_reason", IN_OPTIONAL, 1, LIMIT_REASON_CHARS);
	if (input_done(r, allowed) && case_op_perform(r, &assessment_op, &a, &run))
		reply_json(r, 201, assessment_json(&a.row));
}

static enum ura_status
assessment_items(struct db *db, struct request *r, struct case_list_page *p, json_t *list,
		 bool *ok)
{
	struct assessment_row *rows;
	int n;
	enum ura_status st = store_case_assessments(db, &r->arena, p->case_id, p->after,
						    p->limit + 1, &rows, &n);

	(void)ok;
	for (int i = 0; st == URA_OK && i < n && i < p->limit; i++)
		json_array_append_new(list, assessment_json(&rows[i]));
	p->next = n > p->limit ? rows[p->limit - 1].id : 0;
	return st;
}

static const struct case_list_read assessment_list = {
	.action = "assessment.list", .category = CAT_RISK, .items = assessment_items,
};

void
handle_case_assessments_list(struct request *r)
{
	case_list_read_perform(r, &assessment_list);
}
