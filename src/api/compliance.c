/*
 * GET /mechanisms/{id}/compliance: meetings held against the yearly minimum, attendance,
 * decisions. The figures are SQL aggregations (store_compliance).
 */
#include "api/meetings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "core/clock.h"
#include "domain/clocks.h"
#include "store/meetings.h"

void
governance_quarter_bounds(int year, int64_t out[5])
{
	static const int months[5] = { 1, 4, 7, 10, 1 };
	char date[32];

	for (int i = 0; i < 5; i++) {
		snprintf(date, sizeof(date), "%04d-%02d-01", (year + (i == 4)) % 10000, months[i]);
		clocks_date_parse(date, &out[i]);
	}
}

struct compliance_input {
	int year;
	int64_t bounds[5];
	struct compliance figures;
};

static enum ura_status
compliance_apply(struct db *db, struct meeting_run *run)
{
	struct compliance_input *in = run->data;
	char today[CLOCKS_DATE_LEN];

	/* Member staff read meetings, not the mechanism's performance. */
	if (run->access == GOVERNANCE_MEMBER)
		return URA_EFORBIDDEN;
	clocks_date_format(clock_now(), today, sizeof(today));
	governance_quarter_bounds(in->year, in->bounds);
	return store_compliance(db, &run->r->arena, run->mechanism_id, in->bounds, today,
				&in->figures);
}

static const struct meeting_op compliance_op = {
	.need = GOVERNANCE_READ, .apply = compliance_apply,
};

static json_t *
compliance_json(const struct meeting_run *run, const struct compliance_input *in)
{
	const struct compliance *c = &in->figures;
	json_t *quarters = json_array(), *attendance = json_array();
	int64_t held = 0;

	for (int q = 0; q < 4; q++) {
		const struct compliance_quarter *x = &c->quarters[q];
		int64_t total = x->regular + x->ad_hoc + x->case_conference;
		held += total;
		json_array_append_new(quarters, json_pack("{s:i, s:I, s:I, s:I, s:I}", "quarter",
			q + 1, "held", (json_int_t)total, "regular", (json_int_t)x->regular,
			"ad_hoc", (json_int_t)x->ad_hoc,
			"case_conference", (json_int_t)x->case_conference));
	}
	for (int i = 0; i < c->nattendance; i++) {
		const struct compliance_attendance *a = &c->attendance[i];
		/* Two decimals, rounded half up: 2 of 3 is 0.67. */
		double rate = a->meetings > 0
			? (double)((a->present * 200 + a->meetings) / (2 * a->meetings)) / 100 : 0;
		json_array_append_new(attendance, json_pack("{s:I, s:I, s:I, s:f}",
			"institution_id", (json_int_t)a->institution_id,
			"meetings", (json_int_t)a->meetings, "present", (json_int_t)a->present,
			"rate", rate));
	}
	return json_pack("{s:I, s:i, s:I, s:I, s:b, s:o, s:o, s:{s:I, s:I}}",
		"mechanism_id", (json_int_t)run->mechanism_id, "year", in->year,
		"minimum_per_year", (json_int_t)c->minimum_per_year, "held", (json_int_t)held,
		"meets_minimum", held >= c->minimum_per_year, "quarters", quarters,
		"attendance", attendance, "decisions", "open", (json_int_t)c->decisions_open,
		"overdue", (json_int_t)c->decisions_overdue);
}

bool
governance_query_year(struct request *r, int *year)
{
	char now[CLOCKS_DATE_LEN];
	int64_t y;

	clocks_date_format(clock_now(), now, sizeof(now));
	y = strtol(now, NULL, 10);
	if (!req_query_int(r, "year", GOVERNANCE_YEAR_MIN, GOVERNANCE_YEAR_MAX, &y))
		return false;
	*year = (int)y;
	return true;
}

void
handle_mechanism_compliance(struct request *r)
{
	struct compliance_input in = { 0 };
	struct meeting_run run;

	if (governance_query_year(r, &in.year) && meeting_op_perform(r, &compliance_op, &in, &run))
		reply_json(r, 200, compliance_json(&run, &in));
}
