/*
 * A CSO's structured feedback on the police response to a victim it accompanied:
 * POST /police-feedback (only the staff of a CSO that is a member of the mechanism; no field
 * names an officer), and GET /mechanisms/{id}/police-feedback?year=, the aggregate per
 * quarter and per police institution that the mechanism's members read. A line with fewer
 * than five answers, or hidden with one, shows "suppressed" and nothing else
 * (domain/hate_crime). Nobody reads another
 * CSO's single records: there is no route that answers them.
 */
#include "api/hate_crimes.h"

#include <string.h>

#include "api/app.h"
#include "api/case_op.h"
#include "api/input.h"
#include "api/meetings.h"
#include "core/clock.h"
#include "domain/hate_crime.h"
#include "store/hate_crimes.h"

/* ---- recording ---- */

static bool
read_feedback(struct request *r, struct police_feedback_row *f)
{
	static const char *const allowed[] = { "mechanism_id", "police_institution_id",
					       "occurred_on", "case_id", "informed_of_rights",
					       "treated_respectfully", "referred_to_support",
					       "hours_to_first_contact", NULL };

	f->mechanism_id = input_id(r, "mechanism_id", IN_REQUIRED);
	f->police_institution_id = input_id(r, "police_institution_id", IN_REQUIRED);
	f->occurred_on = input_date(r, "occurred_on", IN_REQUIRED, true);
	f->case_id = input_id(r, "case_id", IN_OPTIONAL | IN_NULLABLE);
	f->informed_of_rights = input_enum(r, "informed_of_rights", IN_REQUIRED,
					   feedback_answers);
	f->treated_respectfully = input_enum(r, "treated_respectfully", IN_REQUIRED,
					     feedback_answers);
	f->referred_to_support = input_enum(r, "referred_to_support", IN_REQUIRED,
					    feedback_yes_no);
	f->hours_to_first_contact = -1;
	input_int(r, "hours_to_first_contact", IN_OPTIONAL | IN_NULLABLE, 0, FEEDBACK_HOURS_MAX,
		  &f->hours_to_first_contact);
	return input_done(r, allowed);
}

/* The police institution must be the police; the case, when given, one of the mechanism's
 * that the CSO sees (422 naming the field otherwise: the CSO learns nothing new). */
static enum ura_status
feedback_apply(struct db *db, struct meeting_run *run)
{
	struct request *r = run->r;
	struct police_feedback_row *f = run->data;
	const char *type = NULL;
	struct case_facts facts;
	struct policy_decision d;
	enum ura_status st = store_institution_type(db, &r->arena, f->police_institution_id,
						    &type);

	if (st != URA_OK && st != URA_ENOTFOUND)
		return st;
	if (st == URA_ENOTFOUND)
		field_errors_add(&r->errors, "police_institution_id", MSG_NO_SUCH_OBJECT);
	else if (!police_feedback_about_police(type))
		field_errors_add(&r->errors, "police_institution_id", MSG_NOT_POLICE);
	if (f->case_id &&
	    (case_read_decide(r, db, f->case_id, -1, &facts, &d) != URA_OK ||
	     facts.row.mechanism_id != f->mechanism_id))
		field_errors_add(&r->errors, "case_id", MSG_NO_SUCH_OBJECT);
	if (r->errors.count > 0)
		return URA_EUNPROCESSABLE;
	f->cso_institution_id = r->caller.user.institution_id;
	f->created_by = r->caller.user.id;
	run->object_type = "police_feedback";
	run->fields = "[\"informed_of_rights\",\"treated_respectfully\",\"referred_to_support\","
		      "\"hours_to_first_contact\"]";
	return store_police_feedback_insert(db, f, clock_now(), &run->object_id);
}

static const struct meeting_op feedback_op = {
	.action = "police_feedback.create", .need = GOVERNANCE_MEMBER, .apply = feedback_apply,
};

/* Only the staff of a CSO: 403 in the caller's language before the body is looked at. */
static bool
caller_is_cso(struct request *r)
{
	const char *type = NULL;
	struct db *db = api_reader(r);
	enum ura_status st;

	if (db == NULL)
		return false;
	st = r->caller.user.institution_id
	     ? store_institution_type(db, &r->arena, r->caller.user.institution_id, &type)
	     : URA_ENOTFOUND;
	if (st != URA_OK && st != URA_ENOTFOUND) {
		reply_status(r, st);
		return false;
	}
	if (!police_feedback_may_write(&r->caller.user, type)) {
		reply_problem(r, 403, MSG_FEEDBACK_CSO_ONLY);
		return false;
	}
	return true;
}

static json_t *
feedback_json(const struct police_feedback_row *f, int64_t id)
{
	return json_pack("{s:I, s:I, s:I, s:s, s:o, s:s, s:s, s:s, s:o}", "id", (json_int_t)id,
		"mechanism_id", (json_int_t)f->mechanism_id, "police_institution_id",
		(json_int_t)f->police_institution_id, "occurred_on", f->occurred_on, "case_id",
		f->case_id ? json_integer(f->case_id) : json_null(), "informed_of_rights",
		f->informed_of_rights, "treated_respectfully", f->treated_respectfully,
		"referred_to_support", f->referred_to_support, "hours_to_first_contact",
		f->hours_to_first_contact >= 0 ? json_integer(f->hours_to_first_contact)
					       : json_null());
}

void
handle_police_feedback_create(struct request *r)
{
	struct police_feedback_row f;
	struct meeting_run run;

	memset(&f, 0, sizeof(f));
	if (caller_is_cso(r) && read_feedback(r, &f) &&
	    meeting_op_perform_on(r, &feedback_op, f.mechanism_id, &f, &run))
		reply_json(r, 201, feedback_json(&f, run.object_id));
}

/* ---- the aggregate ---- */

struct aggregate_input {
	int year;
	struct feedback_line *lines;
	int n;
};

static enum ura_status
aggregate_apply(struct db *db, struct meeting_run *run)
{
	struct aggregate_input *in = run->data;

	return store_police_feedback_aggregate(db, &run->r->arena, run->mechanism_id, in->year,
					       &in->lines, &in->n);
}

static const struct meeting_op aggregate_op = {
	.need = GOVERNANCE_MEMBER, .apply = aggregate_apply,
};

/* A question's shares of the line's answers. */
static json_t *
shares_json(const struct feedback_line *l, int question)
{
	const char *const *answers = question == 2 ? feedback_yes_no : feedback_answers;
	json_t *o = json_object();

	for (int k = 0; answers[k] != NULL; k++)
		json_object_set_new(o, answers[k], json_real((double)l->answers[question][k] /
							     (double)l->count));
	return o;
}

static const char *const questions[] = { "informed_of_rights", "treated_respectfully",
					 "referred_to_support" };

/* A line: its count, and unless hidden the shares and the median hours. */
static json_t *
line_json(const struct feedback_line *l, int64_t count, bool hidden)
{
	json_t *o = json_object();

	json_object_set_new(o, "answers", hidden ? json_string(REPORT_SUPPRESSED) : json_integer(count));
	for (int q = 0; q < 3; q++)
		json_object_set_new(o, questions[q], hidden || l == NULL ? json_null()
								: shares_json(l, q));
	json_object_set_new(o, "median_hours_to_first_contact",
			    hidden || l == NULL || l->median_x2 < 0
			    ? json_null() : json_real((double)l->median_x2 / 2.0));
	return o;
}

/* The police lines of one quarter: lines[first..end). */
static json_t *
police_json(const struct feedback_line *lines, int first, int end, bool quarter_shown,
	    struct arena *a)
{
	int n = end - first;
	int64_t *counts = arena_alloc(a, sizeof(*counts) * (size_t)(n + 1));
	bool *hidden = arena_alloc(a, sizeof(*hidden) * (size_t)(n + 1));
	json_t *list = json_array();

	for (int i = 0; i < n; i++)
		counts[i] = lines[first + i].count;
	police_feedback_hide_lines(counts, n, hidden);
	for (int i = 0; i < n; i++) {
		const struct feedback_line *l = &lines[first + i];
		json_t *o = line_json(l, l->count, hidden[i] || !quarter_shown);

		json_object_set_new(o, "police_institution_id",
				    json_integer(l->police_institution_id));
		json_object_set_new(o, "name", json_string(l->police_name ? l->police_name : ""));
		json_array_append_new(list, o);
	}
	return list;
}

static json_t *
aggregate_json(struct request *r, const struct meeting_run *run,
	       const struct aggregate_input *in)
{
	json_t *quarters = json_array();
	int i = 0;

	for (int q = 1; q <= 4; q++) {
		const struct feedback_line *total = NULL;
		int first;
		json_t *o;

		if (i < in->n && in->lines[i].quarter == q && in->lines[i].police_institution_id == 0)
			total = &in->lines[i++];
		for (first = i; i < in->n && in->lines[i].quarter == q; i++)
			;
		/* zero answers show 0: nothing is hidden in nothing */
		o = line_json(total, total ? total->count : 0,
			      total != NULL && !police_feedback_shown(total->count));
		json_object_set_new(o, "quarter", json_integer(q));
		json_object_set_new(o, "police", police_json(in->lines, first, i, total != NULL &&
					police_feedback_shown(total->count), &r->arena));
		json_array_append_new(quarters, o);
	}
	return json_pack("{s:I, s:i, s:o}", "mechanism_id", (json_int_t)run->mechanism_id, "year",
			 in->year, "quarters", quarters);
}

void
handle_police_feedback_aggregate(struct request *r)
{
	struct aggregate_input in = { 0 };
	struct meeting_run run;

	if (governance_query_year(r, &in.year) && meeting_op_perform(r, &aggregate_op, &in, &run))
		reply_json(r, 200, aggregate_json(r, &run, &in));
}
