/*
 * GET /mechanisms/{id}/compliance (meetings held against the yearly minimum, attendance,
 * decisions) and GET /mechanisms/{id}/calendar.ics. The figures are SQL aggregations
 * (store_compliance); the calendar is report/ics.c over the mechanism's meetings.
 */
#include "api/meetings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "core/clock.h"
#include "core/labels.h"
#include "domain/clocks.h"
#include "report/ics.h"

/* The five boundaries of a year's quarters, as epoch seconds (UTC). */
static void
quarter_bounds(int year, int64_t out[5])
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
	quarter_bounds(in->year, in->bounds);
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

void
handle_mechanism_compliance(struct request *r)
{
	const char *year = req_query(r, "year");
	struct compliance_input in = { 0 };
	struct meeting_run run;
	char now[CLOCKS_DATE_LEN], *end = NULL;

	clocks_date_format(clock_now(), now, sizeof(now));
	in.year = (int)strtol(now, NULL, 10);
	if (year != NULL && *year != '\0') {
		long y = strtol(year, &end, 10);
		if (*end != '\0' || y < 2000 || y > 2100) {
			reply_field_error(r, 400, "year", MSG_OUT_OF_RANGE);
			return;
		}
		in.year = (int)y;
	}
	if (meeting_op_perform(r, &compliance_op, &in, &run))
		reply_json(r, 200, compliance_json(&run, &in));
}

/* ---- calendar ---- */

#define CALENDAR_MAX 1000 /* meetings in one feed: 250 years of four a year */

struct calendar_input {
	struct meeting_row *rows;
	int n;
};

static enum ura_status
calendar_apply(struct db *db, struct meeting_run *run)
{
	struct calendar_input *in = run->data;
	struct meeting_filter f = { .mechanism_id = run->mechanism_id, .to = INT64_MAX,
				    .limit = CALENDAR_MAX };

	return store_mechanism_meetings(db, &run->r->arena, &f, &in->rows, &in->n);
}

static const struct meeting_op calendar_op = {
	.need = GOVERNANCE_READ, .apply = calendar_apply,
};

void
handle_mechanism_calendar(struct request *r)
{
	struct calendar_input in = { 0 };
	struct meeting_run run;
	struct ics_event *events;
	enum lang lang;
	char *text;

	if (!meeting_op_perform(r, &calendar_op, &in, &run))
		return;
	/* A calendar application rarely says which language it wants: the subscriber's own
	 * language then, as their account has it. */
	lang = req_header(r, "Accept-Language") != NULL
	       ? r->lang : lang_from_accept_language(r->caller.user.locale);
	events = arena_alloc(&r->arena, sizeof(*events) * (size_t)(in.n + 1));
	for (int i = 0; i < in.n; i++) {
		const struct meeting_row *m = &in.rows[i];
		const char *kind = label_text("meeting_kind", m->kind, lang);
		events[i] = (struct ics_event){ .id = m->id, .start = m->scheduled_at,
			.duration_minutes = (int)m->duration_minutes, .location = m->place,
			.summary = arena_printf(&r->arena, "%s — %s", kind, run.m.name),
			.cancelled = strcmp(m->status, "cancelled") == 0,
			.sequence = (int)m->sequence };
	}
	text = ics_calendar(events, in.n, run.m.name, "-//Ura//Mechanism meetings//EN",
			    clock_now());
	if (text == NULL) {
		reply_status(r, URA_EINTERNAL);
		return;
	}
	reply_text(r, 200, "text/calendar; charset=utf-8", text, strlen(text));
	free(text);
}
