/*
 * GET /mechanisms/{id}/dashboard: the coordinator's figures of their mechanism — open cases
 * by risk level, cases with a referral overdue, a review due, an order expiring, an action
 * overdue; members' requests still open; this year's meetings held against the minimum.
 * One statement (store_dashboard). Each figure is the length of a list the coordinator can
 * open (CONTRACT.md says which): the cases are counted with GET /cases' own conditions.
 * Only the mechanism's coordinator reads it; national and admin read the reports.
 */
#include "api/meetings.h"

#include <stdlib.h>

#include "api/app.h"
#include "core/clock.h"
#include "domain/clocks.h"

struct dashboard_input {
	int year;
	struct dashboard figures;
};

static enum ura_status
dashboard_apply(struct db *db, struct meeting_run *run)
{
	struct dashboard_input *in = run->data;
	char today[CLOCKS_DATE_LEN], until[CLOCKS_DATE_LEN];
	struct dashboard_scope s = { .mechanism_id = run->mechanism_id, .now = clock_now(),
				     .today = today, .expiring_until = until };

	/* The deadline scanner's own clocks, as the case list's filters use them. */
	clocks_date_format(s.now, today, sizeof(today));
	clocks_day_format(clocks_day(s.now) + order_deadlines_default.expiry_warning_days, until,
			   sizeof(until));
	in->year = (int)strtol(today, NULL, 10);
	governance_quarter_bounds(in->year, s.quarter_starts);
	return store_dashboard(db, &s, &in->figures);
}

static const struct meeting_op dashboard_op = {
	.need = GOVERNANCE_MANAGE, .apply = dashboard_apply,
};

static json_t *
dashboard_json(const struct meeting_run *run, const struct dashboard_input *in)
{
	const struct dashboard *d = &in->figures;
	json_t *quarters = json_array();
	int64_t held = 0;

	for (int q = 0; q < 4; q++) {
		held += d->held[q];
		json_array_append_new(quarters, json_pack("{s:i, s:I, s:I}", "quarter", q + 1,
			"held", (json_int_t)d->held[q], "regular", (json_int_t)d->regular[q]));
	}
	return json_pack("{s:I, s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:I, s:I, s:I, s:I, s:I, "
			 "s:{s:i, s:I, s:I, s:b, s:o}}",
		"mechanism_id", (json_int_t)run->mechanism_id,
		"open_cases", "unassessed", (json_int_t)d->open_by_risk[0],
		"standard", (json_int_t)d->open_by_risk[1], "medium", (json_int_t)d->open_by_risk[2],
		"high", (json_int_t)d->open_by_risk[3], "extreme", (json_int_t)d->open_by_risk[4],
		"total", (json_int_t)d->open_total,
		"referrals_overdue", (json_int_t)d->referrals_overdue,
		"reviews_due", (json_int_t)d->reviews_due,
		"orders_expiring", (json_int_t)d->orders_expiring,
		"actions_overdue", (json_int_t)d->actions_overdue,
		"meeting_requests_open", (json_int_t)d->meeting_requests_open,
		"compliance", "year", in->year, "minimum_per_year", (json_int_t)d->minimum_per_year,
		"held", (json_int_t)held, "meets_minimum", held >= d->minimum_per_year,
		"quarters", quarters);
}

void
handle_mechanism_dashboard(struct request *r)
{
	struct dashboard_input in = { 0 };
	struct meeting_run run;

	if (meeting_op_perform(r, &dashboard_op, &in, &run))
		reply_json(r, 200, dashboard_json(&run, &in));
}
