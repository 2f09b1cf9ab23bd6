/*
 * Unit tests for src/domain/clocks.c, all at a fixed now (2026-11-23T10:00:00Z, 11:00 in
 * Tirana): the mechanisms' calendar (local days, summer time, dates to and from epoch seconds); the review clock for every level with default, NULL and custom days; the
 * decision and expiry clocks of protection orders, each exactly at, just before and just after
 * its moment; a breach's review; the dates of an order checked against each other; deciding an
 * order from every state; every action transition; and which actions are overdue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/i18n.h"
#include "core/status.h"
#include "domain/clocks.h"
#include "domain/types.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define DAY INT64_C(86400)
#define HOUR INT64_C(3600)
/* 2026-11-23T10:00:00Z; its local day 20780 begins at MIDNIGHT, 2026-11-22T23:00:00Z. */
#define NOW INT64_C(1795428000)
#define MIDNIGHT (INT64_C(1795392000) - HOUR)
/* 2026-07-04T22:30:00Z: half past midnight on 5 July in Tirana (summer time, UTC+2). */
#define SUMMER_NIGHT INT64_C(1783204200)

/* ---- dates ---- */

static void
test_date_format(void **state)
{
	static const struct {
		int64_t t;
		const char *date;
	} rows[] = {
		{ 0, "1970-01-01" },
		{ -HOUR, "1970-01-01" },           /* local midnight, 1970-01-01T00:00+01:00 */
		{ -HOUR - 1, "1969-12-31" },
		{ DAY - HOUR - 1, "1970-01-01" },
		{ DAY - HOUR, "1970-01-02" },
		{ DAY - 1, "1970-01-02" },         /* 23:59:59 UTC is already tomorrow in Tirana */
		{ SUMMER_NIGHT, "2026-07-05" },
		{ INT64_C(1783202399), "2026-07-04" }, /* 2026-07-04T21:59:59Z, 23:59:59 local */
		{ INT64_C(1767223800), "2026-01-01" }, /* 2025-12-31T23:30:00Z */
		{ NOW, "2026-11-23" },
		{ MIDNIGHT, "2026-11-23" },
		{ MIDNIGHT - 1, "2026-11-22" },
		{ MIDNIGHT + DAY - 1, "2026-11-23" },
		{ INT64_C(1709208000), "2024-02-29" }, /* 2024-02-29T12:00:00Z */
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		char buf[CLOCKS_DATE_LEN] = "";

		clocks_date_format(rows[i].t, buf, sizeof(buf));
		assert_string_equal(buf, rows[i].date);
	}
}

static void
test_date_parse(void **state)
{
	static const struct {
		const char *s;
		bool ok;
		int64_t t;
	} rows[] = {
		{ "2026-11-23", true, MIDNIGHT },
		{ "1970-01-01", true, -HOUR },
		{ "1969-12-31", true, -DAY - HOUR },
		{ "2024-02-29", true, INT64_C(1709164800) - HOUR },
		{ "2026-07-05", true, INT64_C(1783202400) }, /* 2026-07-04T22:00:00Z, summer */
		{ "2026-02-29", false, 0 },
		{ "2026-11-31", false, 0 },
		{ "2026-11-23T10:00:00Z", false, 0 },
		{ "23.11.2026", false, 0 },
		{ "2026-1-23", false, 0 },
		{ "", false, 0 },
		{ NULL, false, 0 },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t t = 42;

		if (clocks_date_parse(rows[i].s, &t) != rows[i].ok)
			fail_msg("%s: expected %s", rows[i].s ? rows[i].s : "NULL",
				 rows[i].ok ? "valid" : "invalid");
		assert_int_equal(t, rows[i].ok ? rows[i].t : 42);
	}
}

static void
test_day_and_round_trip(void **state)
{
	static const struct {
		int64_t t, day;
	} rows[] = {
		{ -HOUR, 0 }, { DAY - HOUR - 1, 0 }, { DAY - HOUR, 1 }, { -HOUR - 1, -1 },
		{ -DAY - HOUR, -1 }, { -DAY - HOUR - 1, -2 },
		{ NOW, 20780 }, { MIDNIGHT, 20780 }, { MIDNIGHT - 1, 20779 },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++)
		if (clocks_day(rows[i].t) != rows[i].day)
			fail_msg("t %lld: day %lld, expected %lld", (long long)rows[i].t,
				 (long long)clocks_day(rows[i].t), (long long)rows[i].day);
	/* Every day from 1960 to 2040 formats and parses back to its local midnight, which is
	 * the first second of that day and follows the last second of the day before. */
	for (int64_t d = -3653; d <= 25567; d++) {
		char buf[CLOCKS_DATE_LEN];
		int64_t t = -1, start = clocks_day_start(d);

		clocks_date_format(d * DAY + 12 * HOUR, buf, sizeof(buf));
		if (!clocks_date_parse(buf, &t) || t != start)
			fail_msg("day %lld: %s read back as %lld", (long long)d, buf, (long long)t);
		if (clocks_day(start) != d || clocks_day(start - 1) != d - 1)
			fail_msg("day %lld: starts at %lld", (long long)d, (long long)start);
	}
}

/* Summer time under the EU rule: from 01:00 UTC on the last Sunday of March to 01:00 UTC on
 * the last Sunday of October; the day it starts has 23 hours, the day it ends 25. */
static void
test_summer_time(void **state)
{
	static const struct {
		int64_t t, offset;
	} rows[] = {
		{ INT64_C(1774745999), HOUR },         /* 2026-03-29T00:59:59Z */
		{ INT64_C(1774746000), 2 * HOUR },     /* 2026-03-29T01:00:00Z */
		{ INT64_C(1792890000) - 1, 2 * HOUR }, /* 2026-10-25T00:59:59Z */
		{ INT64_C(1792890000), HOUR },         /* 2026-10-25T01:00:00Z */
		{ NOW, HOUR }, { SUMMER_NIGHT, 2 * HOUR },
	};
	int64_t march29, march30, oct25, oct26;

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++)
		if (clocks_utc_offset(rows[i].t) != rows[i].offset)
			fail_msg("%lld: offset %lld", (long long)rows[i].t,
				 (long long)clocks_utc_offset(rows[i].t));
	assert_true(clocks_date_parse("2026-03-29", &march29));
	assert_true(clocks_date_parse("2026-03-30", &march30));
	assert_true(clocks_date_parse("2026-10-25", &oct25));
	assert_true(clocks_date_parse("2026-10-26", &oct26));
	assert_int_equal(march29, INT64_C(1774738800)); /* 2026-03-28T23:00:00Z */
	assert_int_equal(march30 - march29, 23 * HOUR);
	assert_int_equal(oct25, INT64_C(1792879200)); /* 2026-10-24T22:00:00Z */
	assert_int_equal(oct26 - oct25, 25 * HOUR);
	/* A review a week after 23:30 on Thursday 26 March (2026-03-26T22:30:00Z) is due on
	 * 2 April: the clocks move forward in between, the day does not. */
	{
		char day[CLOCKS_DATE_LEN];

		clocks_date_format(risk_next_review(RISK_HIGH, NULL, INT64_C(1774564200)), day,
				   sizeof(day));
		assert_string_equal(day, "2026-04-02");
		/* 23:00 and 01:00 local, a day later, on either side of the change */
		assert_int_equal(clocks_days_later(march29 - HOUR, 1), march30 - HOUR);
		assert_int_equal(clocks_days_later(march29 + HOUR, 1), march30 + HOUR);
		assert_int_equal(clocks_days_later(oct25 - HOUR, 1), oct26 - HOUR);
		assert_int_equal(clocks_days_later(oct26 + HOUR, -1), oct25 + HOUR);
		assert_int_equal(clocks_days_later(NOW, 7), NOW + 7 * DAY);
	}
}

/* ---- risk reviews ---- */

static void
test_next_review(void **state)
{
	static const struct review_days custom = { .extreme = 1, .high = 2, .medium = 5,
						   .standard = 10 };
	static const struct {
		int line;
		enum risk_level level;
		const struct review_days *d;
		int64_t expected;
	} rows[] = {
		{ __LINE__, RISK_EXTREME, &review_days_default, NOW + 3 * DAY },
		{ __LINE__, RISK_HIGH, &review_days_default, NOW + 7 * DAY },
		{ __LINE__, RISK_MEDIUM, &review_days_default, NOW + 30 * DAY },
		{ __LINE__, RISK_STANDARD, &review_days_default, NOW + 60 * DAY },
		{ __LINE__, RISK_EXTREME, NULL, NOW + 3 * DAY },
		{ __LINE__, RISK_HIGH, NULL, NOW + 7 * DAY },
		{ __LINE__, RISK_MEDIUM, NULL, NOW + 30 * DAY },
		{ __LINE__, RISK_STANDARD, NULL, NOW + 60 * DAY },
		{ __LINE__, RISK_EXTREME, &custom, NOW + 1 * DAY },
		{ __LINE__, RISK_HIGH, &custom, NOW + 2 * DAY },
		{ __LINE__, RISK_MEDIUM, &custom, NOW + 5 * DAY },
		{ __LINE__, RISK_STANDARD, &custom, NOW + 10 * DAY },
		/* unassessed and out of range: the strictest interval */
		{ __LINE__, RISK_UNASSESSED, NULL, NOW + 3 * DAY },
		{ __LINE__, RISK_UNASSESSED, &custom, NOW + 1 * DAY },
		{ __LINE__, (enum risk_level)9, &custom, NOW + 1 * DAY },
	};

	(void)state;
	assert_int_equal(review_days_default.extreme, 3);
	assert_int_equal(review_days_default.high, 7);
	assert_int_equal(review_days_default.medium, 30);
	assert_int_equal(review_days_default.standard, 60);
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t got = risk_next_review(rows[i].level, rows[i].d, NOW);

		if (got != rows[i].expected)
			fail_msg("line %d: %lld, expected %lld", rows[i].line, (long long)got,
				 (long long)rows[i].expected);
	}
}

static void
test_review_overdue_and_breach(void **state)
{
	int64_t due = risk_next_review(RISK_HIGH, NULL, NOW);

	(void)state;
	assert_false(risk_review_overdue(due, due - 1));
	assert_false(risk_review_overdue(due, due)); /* exactly at the deadline: due, not late */
	assert_true(risk_review_overdue(due, due + 1));
	/* A breach brings a future review to now ... */
	assert_int_equal(risk_review_after_breach(due, NOW), NOW);
	assert_int_equal(risk_review_after_breach(NOW, NOW), NOW);
	/* ... and leaves an overdue one as overdue as it was. */
	assert_int_equal(risk_review_after_breach(NOW - 5 * DAY, NOW), NOW - 5 * DAY);
	assert_false(risk_review_overdue(risk_review_after_breach(due, NOW), NOW));
	assert_true(risk_review_overdue(risk_review_after_breach(due, NOW), NOW + 1));
}

/* ---- protection orders: clocks ---- */

static void
test_order_decision_due(void **state)
{
	static const struct order_deadlines custom = { .immediate_hours = 24, .regular_days = 30,
						       .expiry_warning_days = 14 };
	static const struct {
		int line;
		enum order_kind kind;
		const struct order_deadlines *d;
		int64_t expected;
	} rows[] = {
		{ __LINE__, ORDER_IMMEDIATE, &order_deadlines_default, NOW + 48 * HOUR },
		{ __LINE__, ORDER_REGULAR, &order_deadlines_default, NOW + 15 * DAY },
		{ __LINE__, ORDER_IMMEDIATE, NULL, NOW + 48 * HOUR },
		{ __LINE__, ORDER_REGULAR, NULL, NOW + 15 * DAY },
		{ __LINE__, ORDER_IMMEDIATE, &custom, NOW + 24 * HOUR },
		{ __LINE__, ORDER_REGULAR, &custom, NOW + 30 * DAY },
		{ __LINE__, (enum order_kind)7, &custom, NOW + 24 * HOUR }, /* the strictest */
	};

	(void)state;
	assert_int_equal(order_deadlines_default.immediate_hours, 48);
	assert_int_equal(order_deadlines_default.regular_days, 15);
	assert_int_equal(order_deadlines_default.expiry_warning_days, 7);
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t got = order_decision_due(rows[i].kind, NOW, rows[i].d);

		if (got != rows[i].expected)
			fail_msg("line %d: %lld, expected %lld", rows[i].line, (long long)got,
				 (long long)rows[i].expected);
	}
}

static void
test_order_decision_overdue(void **state)
{
	int64_t due = order_decision_due(ORDER_IMMEDIATE, NOW, NULL);

	(void)state;
	assert_int_equal(due, INT64_C(1795600800)); /* 2026-11-25T10:00:00Z */
	assert_false(order_decision_overdue(ORDER_PENDING, due, due - 1));
	assert_false(order_decision_overdue(ORDER_PENDING, due, due));
	assert_true(order_decision_overdue(ORDER_PENDING, due, due + 1));
	/* a decided order is never overdue for a decision */
	assert_false(order_decision_overdue(ORDER_GRANTED, due, due + DAY));
	assert_false(order_decision_overdue(ORDER_DENIED, due, due + DAY));
}

static void
test_order_status_shown(void **state)
{
	(void)state;
	/* in force through its last day; expired from the day after */
	assert_string_equal(order_status_shown("granted", "2026-11-25", "2026-11-25"), "granted");
	assert_string_equal(order_status_shown("granted", "2026-11-25", "2026-11-26"), "expired");
	assert_string_equal(order_status_shown("granted", "2025-12-31", "2026-01-01"), "expired");
	/* only a granted order expires */
	assert_string_equal(order_status_shown("pending", NULL, "2026-11-26"), "pending");
	assert_string_equal(order_status_shown("denied", "2026-11-25", "2026-11-26"), "denied");
	assert_string_equal(order_status_shown("granted", NULL, "2026-11-26"), "granted");
}

static void
test_order_kind_names(void **state)
{
	(void)state;
	assert_int_equal(order_kind_parse("immediate"), ORDER_IMMEDIATE);
	assert_int_equal(order_kind_parse("emergency"), ORDER_IMMEDIATE);
	assert_int_equal(order_kind_parse("regular"), ORDER_REGULAR);
	assert_int_equal(order_kind_parse("urgent"), -1);
	for (int i = 0; order_kinds_accepted[i] != NULL; i++)
		assert_true(order_kind_parse(order_kinds_accepted[i]) >= 0);
}

static void
test_order_expiry(void **state)
{
	static const struct order_deadlines one_day = { .immediate_hours = 48, .regular_days = 15,
							.expiry_warning_days = 1 };
	int64_t valid_to;
	static const struct {
		int line;
		int64_t now; /* offset from valid_to's midnight */
		bool expiring, expired;
	} rows[] = {
		{ __LINE__, -7 * DAY - 1, false, false }, /* the second before the warning */
		{ __LINE__, -7 * DAY, true, false },      /* the warning begins */
		{ __LINE__, -7 * DAY + 10 * HOUR, true, false },
		{ __LINE__, 0, true, false },             /* the last day */
		{ __LINE__, DAY - 1, true, false },       /* its last second */
		{ __LINE__, DAY, false, true },           /* the next midnight: over */
		{ __LINE__, 30 * DAY, false, true },
		{ __LINE__, -60 * DAY, false, false },
	};

	(void)state;
	assert_true(clocks_date_parse("2026-11-30", &valid_to));
	assert_int_equal(order_expiry_warning_at(valid_to, NULL), MIDNIGHT);
	assert_int_equal(order_expiry_warning_at(valid_to, &order_deadlines_default), MIDNIGHT);
	assert_true(order_expiring(valid_to, NOW, NULL)); /* 7 days before, at 10:00 */
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t now = valid_to + rows[i].now;

		if (order_expiring(valid_to, now, NULL) != rows[i].expiring ||
		    order_expired(valid_to, now) != rows[i].expired)
			fail_msg("line %d: expiring %d expired %d", rows[i].line,
				 order_expiring(valid_to, now, NULL), order_expired(valid_to, now));
	}
	assert_int_equal(order_expiry_warning_at(valid_to, &one_day), valid_to - DAY);
	assert_false(order_expiring(valid_to, valid_to - DAY - 1, &one_day));
	assert_true(order_expiring(valid_to, valid_to - DAY, &one_day));
}

static void
test_order_names(void **state)
{
	(void)state;
	assert_string_equal(order_kinds[ORDER_IMMEDIATE], "immediate");
	assert_string_equal(order_kinds[ORDER_REGULAR], "regular");
	assert_null(order_kinds[2]);
	assert_string_equal(order_statuses[ORDER_PENDING], "pending");
	assert_string_equal(order_statuses[ORDER_GRANTED], "granted");
	assert_string_equal(order_statuses[ORDER_DENIED], "denied");
	assert_null(order_statuses[3]);
	for (int i = 0; order_kinds[i] != NULL; i++)
		assert_int_equal(order_kind_parse(order_kinds[i]), i);
	for (int i = 0; order_statuses[i] != NULL; i++)
		assert_int_equal(order_status_parse(order_statuses[i]), i);
	assert_int_equal(order_kind_parse("Immediate"), -1);
	assert_int_equal(order_kind_parse(""), -1);
	assert_int_equal(order_kind_parse(NULL), -1);
	assert_int_equal(order_status_parse("expired"), -1);
	assert_int_equal(order_status_parse(NULL), -1);
}

/* ---- protection orders: dates and decisions ---- */

#define E(field, msg) { field, MSG_##msg, NULL }

struct dates_row {
	int line;
	struct order_dates dates;
	struct field_error want[4];
	int nwant;
};

/* errs must hold exactly the row's errors, in order. */
static void
check_errors(int line, const struct field_errors *errs, const struct field_error *want, int n)
{
	if (errs->count != n)
		fail_msg("line %d: %d errors (first %s), expected %d", line, errs->count,
			 errs->count ? errs->items[0].field : "-", n);
	for (int i = 0; i < n; i++)
		if (strcmp(errs->items[i].field, want[i].field) != 0 ||
		    errs->items[i].message != want[i].message)
			fail_msg("line %d: error %d is %s/%d, expected %s/%d", line, i,
				 errs->items[i].field, errs->items[i].message, want[i].field,
				 want[i].message);
}

static void
test_order_dates(void **state)
{
	static const struct dates_row rows[] = {
#define D(req, dec, from, to, n, ...) { __LINE__, { req, dec, from, to }, { __VA_ARGS__ }, n }
		D("2026-11-20", "2026-11-21", "2026-11-21", "2027-05-21", 0, { 0 }),
		D("2026-11-20", NULL, NULL, NULL, 0, { 0 }),
		D("2026-11-23", "2026-11-23", "2026-11-23", "2026-11-23", 0, { 0 }), /* all today */
		D("2026-11-24", NULL, NULL, NULL, 1, E("requested_on", DATE_IN_FUTURE)),
		D(NULL, NULL, NULL, NULL, 1, E("requested_on", REQUIRED)),
		D(NULL, "2026-11-21", NULL, NULL, 1, E("requested_on", REQUIRED)),
		D("2026-02-30", NULL, NULL, NULL, 1, E("requested_on", INVALID_DATE)),
		D("23/11/2026", NULL, NULL, NULL, 1, E("requested_on", INVALID_DATE)),
		/* decided before requested; on the same day is fine */
		D("2026-11-20", "2026-11-19", NULL, NULL, 1, E("decided_on", OUT_OF_RANGE)),
		D("2026-11-20", "2026-11-20", NULL, NULL, 0, { 0 }),
		D("2026-11-20", "2026-11-24", NULL, NULL, 1, E("decided_on", DATE_IN_FUTURE)),
		/* in force from before the decision */
		D("2026-11-20", "2026-11-21", "2026-11-20", "2026-12-20", 1,
		  E("valid_from", OUT_OF_RANGE)),
		D("2026-11-20", NULL, "2026-11-19", NULL, 1, E("valid_from", OUT_OF_RANGE)),
		D("2026-11-20", NULL, "2026-11-20", NULL, 0, { 0 }),
		/* valid_from after valid_to; the same day is a one-day order */
		D("2026-11-20", "2026-11-21", "2026-11-25", "2026-11-24", 1,
		  E("valid_to", OUT_OF_RANGE)),
		D("2026-11-20", "2026-11-21", "2026-11-25", "2026-11-25", 0, { 0 }),
		/* an unreadable date is reported once, and not compared */
		D("2026-11-20", "2026-13-01", "2026-11-01", NULL, 1, E("decided_on", INVALID_DATE)),
		D("2026-11-20", "2026-11-21", "soon", "2026-11-01", 1, E("valid_from", INVALID_DATE)),
		/* several at once: unreadable dates first, then the rules between dates */
		D("2026-02-30", "2026-11-24", NULL, "2026-11-31", 3, E("requested_on", INVALID_DATE),
		  E("valid_to", INVALID_DATE), E("decided_on", DATE_IN_FUTURE)),
		D("2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19", 3,
		  E("decided_on", OUT_OF_RANGE), E("valid_from", OUT_OF_RANGE),
		  E("valid_to", OUT_OF_RANGE)),
#undef D
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct field_errors errs = { .count = 0 };
		enum ura_status st = order_dates_check(&rows[i].dates, NOW, &errs);

		if (st != (rows[i].nwant ? URA_EUNPROCESSABLE : URA_OK))
			fail_msg("line %d: %s", rows[i].line, ura_status_name(st));
		check_errors(rows[i].line, &errs, rows[i].want, rows[i].nwant);
	}
}

/* "Today" is the local day of now, from its first second to its last. */
static void
test_order_dates_today_boundary(void **state)
{
	const struct order_dates today = { "2026-11-23", "2026-11-23", NULL, NULL };
	struct field_errors errs = { .count = 0 };

	(void)state;
	assert_int_equal(order_dates_check(&today, MIDNIGHT, &errs), URA_OK);
	assert_int_equal(order_dates_check(&today, MIDNIGHT + DAY - 1, &errs), URA_OK);
	assert_int_equal(order_dates_check(&today, MIDNIGHT - 1, &errs), URA_EUNPROCESSABLE);
	assert_int_equal(errs.count, 2);
	assert_string_equal(errs.items[0].field, "requested_on");
	assert_string_equal(errs.items[1].field, "decided_on");
	/* errors already present are kept, and do not make a good order fail */
	assert_int_equal(order_dates_check(&today, NOW, &errs), URA_OK);
	assert_int_equal(errs.count, 2);
	/* Half past midnight in July is already the 5th in Tirana, though still the 4th in UTC:
	 * an order requested "today" is not in the future, and the 6th is. */
	{
		const struct order_dates fifth = { "2026-07-05", NULL, NULL, NULL };
		const struct order_dates sixth = { "2026-07-06", NULL, NULL, NULL };
		struct field_errors more = { .count = 0 };

		assert_int_equal(order_dates_check(&fifth, SUMMER_NIGHT, &more), URA_OK);
		assert_int_equal(order_dates_check(&sixth, SUMMER_NIGHT, &more), URA_EUNPROCESSABLE);
	}
}

static void
test_order_decide_states(void **state)
{
	static const struct order_dates granted = { "2026-11-20", "2026-11-21", "2026-11-21",
						    "2027-05-21" };
	static const struct order_dates denied = { "2026-11-20", "2026-11-21", NULL, NULL };
	static const struct {
		int line;
		enum order_status from, decision;
		enum ura_status status;
	} rows[] = {
		{ __LINE__, ORDER_PENDING, ORDER_GRANTED, URA_OK },
		{ __LINE__, ORDER_PENDING, ORDER_DENIED, URA_OK },
		{ __LINE__, ORDER_PENDING, ORDER_PENDING, URA_EUNPROCESSABLE },
		{ __LINE__, ORDER_GRANTED, ORDER_GRANTED, URA_ECONFLICT },
		{ __LINE__, ORDER_GRANTED, ORDER_DENIED, URA_ECONFLICT },
		{ __LINE__, ORDER_GRANTED, ORDER_PENDING, URA_ECONFLICT },
		{ __LINE__, ORDER_DENIED, ORDER_GRANTED, URA_ECONFLICT },
		{ __LINE__, ORDER_DENIED, ORDER_DENIED, URA_ECONFLICT },
		{ __LINE__, ORDER_DENIED, ORDER_PENDING, URA_ECONFLICT },
		{ __LINE__, (enum order_status)3, ORDER_GRANTED, URA_EINVAL },
		{ __LINE__, (enum order_status)-1, ORDER_DENIED, URA_EINVAL },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct field_errors errs = { .count = 0 };
		enum order_status to = (enum order_status)99;
		enum ura_status st = order_decide(rows[i].from, rows[i].decision,
						  rows[i].decision == ORDER_DENIED ? &denied
										   : &granted,
						  NOW, &errs, &to);

		if (st != rows[i].status)
			fail_msg("line %d: %s, expected %s", rows[i].line, ura_status_name(st),
				 ura_status_name(rows[i].status));
		if (st == URA_OK ? to != rows[i].decision : to != (enum order_status)99)
			fail_msg("line %d: *to %d", rows[i].line, to);
		if ((st == URA_EUNPROCESSABLE) != (errs.count > 0))
			fail_msg("line %d: %d field errors", rows[i].line, errs.count);
	}
}

static void
test_order_decide_fields(void **state)
{
	static const struct {
		int line;
		enum order_status decision;
		struct order_dates dates;
		struct field_error want[4];
		int nwant;
	} rows[] = {
#define R(dec, req, on, from, to, n, ...) \
	{ __LINE__, ORDER_##dec, { req, on, from, to }, { __VA_ARGS__ }, n }
		R(GRANTED, "2026-11-20", NULL, "2026-11-21", "2027-05-21", 1,
		  E("decided_on", REQUIRED)),
		R(GRANTED, "2026-11-20", "2026-11-21", NULL, "2027-05-21", 1,
		  E("valid_from", REQUIRED)),
		R(GRANTED, "2026-11-20", "2026-11-21", "2026-11-21", NULL, 1,
		  E("valid_to", REQUIRED)),
		R(GRANTED, "2026-11-20", NULL, NULL, NULL, 3, E("decided_on", REQUIRED),
		  E("valid_from", REQUIRED), E("valid_to", REQUIRED)),
		R(DENIED, "2026-11-20", NULL, NULL, NULL, 1, E("decided_on", REQUIRED)),
		R(DENIED, "2026-11-20", "2026-11-21", "2026-11-21", NULL, 1,
		  E("valid_from", NOT_ALLOWED_VALUE)),
		R(DENIED, "2026-11-20", "2026-11-21", NULL, "2027-05-21", 1,
		  E("valid_to", NOT_ALLOWED_VALUE)),
		/* the dates' own rules apply to a decision */
		R(GRANTED, "2026-11-20", "2026-11-19", "2026-11-21", "2027-05-21", 1,
		  E("decided_on", OUT_OF_RANGE)),
		R(GRANTED, "2026-11-20", "2026-11-21", "2027-05-21", "2026-11-21", 1,
		  E("valid_to", OUT_OF_RANGE)),
		R(GRANTED, "2026-11-20", "2026-11-25", "2026-11-25", "2027-05-21", 1,
		  E("decided_on", DATE_IN_FUTURE)),
		R(PENDING, "2026-11-20", "2026-11-21", NULL, NULL, 1,
		  E("decision", NOT_ALLOWED_VALUE)),
		/* a decision today on a request of today is in time and valid */
		R(GRANTED, "2026-11-23", "2026-11-23", "2026-11-23", "2026-12-23", 0, { 0 }),
#undef R
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct field_errors errs = { .count = 0 };
		enum order_status to = ORDER_PENDING;
		enum ura_status st = order_decide(ORDER_PENDING, rows[i].decision, &rows[i].dates,
						  NOW, &errs, &to);

		if (st != (rows[i].nwant ? URA_EUNPROCESSABLE : URA_OK))
			fail_msg("line %d: %s", rows[i].line, ura_status_name(st));
		check_errors(rows[i].line, &errs, rows[i].want, rows[i].nwant);
		assert_int_equal(to, st == URA_OK ? rows[i].decision : ORDER_PENDING);
	}
}

/* A decided order is a conflict before anything about its fields is said. */
static void
test_order_decide_conflict_first(void **state)
{
	static const struct order_dates bad = { NULL, "2099-01-01", "x", NULL };
	struct field_errors errs = { .count = 0 };
	enum order_status to = ORDER_GRANTED;

	(void)state;
	assert_int_equal(order_decide(ORDER_DENIED, ORDER_GRANTED, &bad, NOW, &errs, &to),
			 URA_ECONFLICT);
	assert_int_equal(errs.count, 0);
	assert_int_equal(order_decide(ORDER_PENDING, ORDER_GRANTED, &bad, NOW, &errs, &to),
			 URA_EUNPROCESSABLE);
	assert_true(errs.count > 0);
	assert_int_equal(to, ORDER_GRANTED);
}

/* ---- case-plan actions ---- */

static void
test_action_transitions(void **state)
{
	/* expected[from][to] */
	static const enum ura_status expected[4][4] = {
		/*                  open           in_progress    done           cancelled */
		[ACTION_OPEN] = { URA_ECONFLICT, URA_OK, URA_OK, URA_OK },
		[ACTION_IN_PROGRESS] = { URA_ECONFLICT, URA_ECONFLICT, URA_OK, URA_OK },
		[ACTION_DONE] = { URA_ECONFLICT, URA_ECONFLICT, URA_ECONFLICT, URA_ECONFLICT },
		[ACTION_CANCELLED] = { URA_ECONFLICT, URA_ECONFLICT, URA_ECONFLICT, URA_ECONFLICT },
	};

	(void)state;
	for (int f = 0; f < 4; f++)
		for (int t = 0; t < 4; t++) {
			enum ura_status st = action_transition((enum action_status)f,
							       (enum action_status)t);

			if (st != expected[f][t])
				fail_msg("%s → %s: %s, expected %s", action_statuses[f],
					 action_statuses[t], ura_status_name(st),
					 ura_status_name(expected[f][t]));
		}
	assert_int_equal(action_transition((enum action_status)4, ACTION_DONE), URA_EINVAL);
	assert_int_equal(action_transition(ACTION_OPEN, (enum action_status)4), URA_EINVAL);
	assert_int_equal(action_transition((enum action_status)-1, ACTION_OPEN), URA_EINVAL);
}

static void
test_action_names(void **state)
{
	static const char *const names[] = { "open", "in_progress", "done", "cancelled" };

	(void)state;
	for (size_t i = 0; i < NELEM(names); i++) {
		assert_string_equal(action_statuses[i], names[i]);
		assert_int_equal(action_status_parse(names[i]), (int)i);
	}
	assert_null(action_statuses[NELEM(names)]);
	assert_int_equal(action_status_parse("closed"), -1);
	assert_int_equal(action_status_parse("Open"), -1);
	assert_int_equal(action_status_parse(NULL), -1);
}

static void
test_action_overdue(void **state)
{
	static const struct {
		int line;
		enum action_status status;
		const char *due_on;
		int64_t now;
		bool overdue;
	} rows[] = {
		{ __LINE__, ACTION_OPEN, "2026-11-22", NOW, true },
		{ __LINE__, ACTION_IN_PROGRESS, "2026-11-22", NOW, true },
		{ __LINE__, ACTION_DONE, "2026-11-22", NOW, false },
		{ __LINE__, ACTION_CANCELLED, "2026-11-22", NOW, false },
		{ __LINE__, ACTION_OPEN, "2026-01-01", NOW, true },
		{ __LINE__, ACTION_OPEN, "2026-11-23", NOW, false },          /* due today */
		{ __LINE__, ACTION_OPEN, "2026-11-24", NOW, false },
		{ __LINE__, ACTION_OPEN, "2026-11-23", MIDNIGHT + DAY - 1, false },
		{ __LINE__, ACTION_OPEN, "2026-11-23", MIDNIGHT + DAY, true }, /* the next day */
		{ __LINE__, ACTION_OPEN, "2026-11-22", MIDNIGHT, true },
		{ __LINE__, ACTION_OPEN, "2026-11-22", MIDNIGHT - 1, false },
		{ __LINE__, ACTION_OPEN, NULL, NOW, false },
		{ __LINE__, ACTION_OPEN, "yesterday", NOW, false },
		{ __LINE__, ACTION_IN_PROGRESS, "2026-02-30", NOW, false },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++)
		if (action_overdue(rows[i].status, rows[i].due_on, rows[i].now) != rows[i].overdue)
			fail_msg("line %d: expected %s", rows[i].line,
				 rows[i].overdue ? "overdue" : "not overdue");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_day_and_round_trip),
		cmocka_unit_test(test_summer_time),
		cmocka_unit_test(test_next_review),
		cmocka_unit_test(test_review_overdue_and_breach),
		cmocka_unit_test(test_order_decision_due),
		cmocka_unit_test(test_order_decision_overdue),
		cmocka_unit_test(test_order_expiry),
		cmocka_unit_test(test_order_names),
		cmocka_unit_test(test_order_dates),
		cmocka_unit_test(test_order_dates_today_boundary),
		cmocka_unit_test(test_order_decide_states),
		cmocka_unit_test(test_order_decide_fields),
		cmocka_unit_test(test_order_decide_conflict_first),
		cmocka_unit_test(test_action_transitions),
		cmocka_unit_test(test_action_names),
		cmocka_unit_test(test_order_status_shown),
		cmocka_unit_test(test_order_kind_names),
		cmocka_unit_test(test_action_overdue),
	};

	return cmocka_run_group_tests_name("clocks", tests, NULL, NULL);
}
