/*
 * Unit tests for src/core/clock.c: clock_parse_date (real calendar dates only: leap years,
 * 1900-02-29 invalid, 2000-02-29 valid, the supported year range, strict shape) and its day
 * count; clock_parse_rfc3339 (Z, numeric offsets, fractions, leap seconds, garbage);
 * clock_format_rfc3339 and the round trip between the two; clock_fix, clock_now and
 * clock_unfix.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/clock.h"

/* 2026-11-23T09:30:00Z, the README's example, as epoch seconds. */
#define EXAMPLE_T INT64_C(1795426200)

static void
test_parse_date_accepts_real_dates_and_counts_days(void **state)
{
	static const struct {
		const char *s;
		int64_t days;
	} cases[] = {
		{ "1970-01-01", 0 },
		{ "1969-12-31", -1 },
		{ "1900-01-01", -25567 },
		{ "2000-02-29", 11016 },
		{ "2000-03-01", 11017 },
		{ "2024-02-29", 19782 },
		{ "2026-11-23", 20780 },
		{ "2999-12-31", 376199 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t days = 123456789;

		if (!clock_parse_date(cases[i].s, &days))
			fail_msg("'%s' refused", cases[i].s);
		if (days != cases[i].days)
			fail_msg("'%s': %lld days, expected %lld", cases[i].s, (long long)days,
				 (long long)cases[i].days);
		/* days may be NULL when only validity matters */
		assert_true(clock_parse_date(cases[i].s, NULL));
	}
}

static void
test_parse_date_leap_years(void **state)
{
	static const struct {
		int year;
		bool leap;
	} cases[] = {
		{ 1900, false }, { 1992, true }, { 1996, true }, { 1999, false }, { 2000, true },
		{ 2023, false }, { 2024, true }, { 2100, false }, { 2400, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char s[32];

		snprintf(s, sizeof(s), "%04d-02-29", cases[i].year);
		if (clock_parse_date(s, NULL) != cases[i].leap)
			fail_msg("%s", s);
		snprintf(s, sizeof(s), "%04d-02-28", cases[i].year);
		assert_true(clock_parse_date(s, NULL));
		snprintf(s, sizeof(s), "%04d-02-30", cases[i].year);
		assert_false(clock_parse_date(s, NULL));
	}
}

static void
test_parse_date_month_lengths(void **state)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	(void)state;
	for (int m = 1; m <= 12; m++) {
		char s[32];

		snprintf(s, sizeof(s), "2023-%02d-%02d", m, days[m - 1]);
		if (!clock_parse_date(s, NULL))
			fail_msg("%s refused", s);
		snprintf(s, sizeof(s), "2023-%02d-%02d", m, days[m - 1] + 1);
		if (clock_parse_date(s, NULL))
			fail_msg("%s accepted", s);
	}
}

static void
test_parse_date_refuses_everything_else(void **state)
{
	static const char *const bad[] = {
		"1991-02-31", "1900-02-29", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10",
		"2024-01-00", "2024-01-32",
		"1899-12-31", "3000-01-01", "0000-01-01", /* outside 1900..2999 */
		"2024-1-01", "2024-01-1", "24-01-01", "2024/01/01", "2024.01.01", "20240101",
		" 2024-01-01", "2024-01-01 ", "2024-01-01x", "2024-01-01T00:00:00Z", "+024-01-01",
		"2024--1-01", "2024-0a-01", "", "yesterday",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t days = 42;

		if (clock_parse_date(bad[i], &days))
			fail_msg("'%s' accepted", bad[i]);
	}
}

static void
test_parse_rfc3339_accepts_valid_times(void **state)
{
	static const struct {
		const char *s;
		int64_t t;
	} cases[] = {
		{ "2026-11-23T09:30:00Z", EXAMPLE_T },
		{ "2026-11-23t09:30:00z", EXAMPLE_T },                /* lower case T and Z */
		{ "2026-11-23T09:30:00.5Z", EXAMPLE_T },              /* fractions are dropped */
		{ "2026-11-23T09:30:00.123456789Z", EXAMPLE_T },
		{ "2026-11-23T10:30:00+01:00", EXAMPLE_T },           /* Tirana in winter */
		{ "2026-11-23T04:00:00-05:30", EXAMPLE_T },
		{ "2026-11-23T09:30:00+00:00", EXAMPLE_T },
		{ "2026-11-23T09:30:00-00:00", EXAMPLE_T },
		{ "2026-11-24T00:30:00+15:00", EXAMPLE_T },
		{ "2026-11-23T11:30:00.999+02:00", EXAMPLE_T },
		{ "1970-01-01T00:00:00Z", 0 },
		{ "1900-01-01T00:00:00Z", INT64_C(-2208988800) },
		{ "2000-02-29T00:00:00Z", INT64_C(951782400) },
		{ "2999-12-31T23:59:59Z", INT64_C(32503679999) },
		{ "2016-12-31T23:59:60Z", INT64_C(1483228799) },      /* a leap second: :59 */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t t = -1;

		if (!clock_parse_rfc3339(cases[i].s, &t))
			fail_msg("'%s' refused", cases[i].s);
		if (t != cases[i].t)
			fail_msg("'%s': %lld, expected %lld", cases[i].s, (long long)t,
				 (long long)cases[i].t);
	}
}

static void
test_parse_rfc3339_refuses_garbage(void **state)
{
	static const char *const bad[] = {
		"",
		"now",
		"2026-11-23",                      /* a date is not a time */
		"2026-11-23T09:30:00",             /* no zone */
		"2026-11-23T09:30Z",               /* no seconds */
		"2026-11-23 09:30:00Z",            /* space instead of T */
		"2026-11-23T24:00:00Z",
		"2026-11-23T23:60:00Z",
		"2026-11-23T23:59:61Z",
		"2026-02-30T09:30:00Z",            /* no such day */
		"1899-12-31T23:59:59Z",
		"2026-11-23T09:30:00.Z",           /* a dot without digits */
		"2026-11-23T09:30:00,5Z",
		"2026-11-23T09:30:00+0100",
		"2026-11-23T09:30:00+01",
		"2026-11-23T09:30:00+1:00",
		"2026-11-23T09:30:00+24:00",
		"2026-11-23T09:30:00+01:60",
		"2026-11-23T09:30:00ZZ",
		"2026-11-23T09:30:00Z ",
		" 2026-11-23T09:30:00Z",
		"2026-11-23T09:30:00+01:00Z",
		"2026-11-23T9:30:00Z",
		"2026-11-23T09:3a:00Z",
		"2026-11-23T09:30:00UTC",
		"2026-11-23X09:30:00Z",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t t = 0;

		if (clock_parse_rfc3339(bad[i], &t))
			fail_msg("'%s' accepted as %lld", bad[i], (long long)t);
	}
}

static void
test_format_rfc3339(void **state)
{
	static const struct {
		int64_t t;
		const char *s;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00Z" },
		{ EXAMPLE_T, "2026-11-23T09:30:00Z" },
		{ INT64_C(951782400), "2000-02-29T00:00:00Z" },
		{ INT64_C(-2208988800), "1900-01-01T00:00:00Z" },
		{ INT64_C(32503679999), "2999-12-31T23:59:59Z" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[21]; /* the documented minimum */

		memset(buf, 'x', sizeof(buf));
		clock_format_rfc3339(cases[i].t, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].s);
	}
}

static void
test_round_trip_format_then_parse(void **state)
{
	/* Every ~3.3 days from 1900 to 2999, at a varying time of day. */
	const int64_t from = INT64_C(-2208988800), to = INT64_C(32503679999);
	int checked = 0;

	(void)state;
	for (int64_t t = from; t <= to; t += 287893) {
		char buf[32];
		int64_t back = 0;

		clock_format_rfc3339(t, buf, sizeof(buf));
		if (!clock_parse_rfc3339(buf, &back) || back != t)
			fail_msg("%lld -> '%s' -> %lld", (long long)t, buf, (long long)back);
		checked++;
	}
	assert_true(checked > 100000);
}

static void
test_round_trip_parse_then_format_normalises_to_utc(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "2026-11-23T09:30:00Z", "2026-11-23T09:30:00Z" },
		{ "2026-11-23T10:30:00.250+01:00", "2026-11-23T09:30:00Z" },
		{ "2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00Z" },
		{ "2024-03-01T00:15:00+01:00", "2024-02-29T23:15:00Z" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[32];
		int64_t t;

		assert_true(clock_parse_rfc3339(cases[i].in, &t));
		clock_format_rfc3339(t, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].out);
	}
}

static void
test_fix_now_unfix(void **state)
{
	int64_t before, now, after;

	(void)state;
	clock_fix(EXAMPLE_T);
	assert_int_equal(clock_now(), EXAMPLE_T);
	assert_int_equal(clock_now(), EXAMPLE_T); /* fixed: it does not move */

	clock_fix(EXAMPLE_T + 3600);
	assert_int_equal(clock_now(), EXAMPLE_T + 3600);
	clock_fix(-5);
	assert_int_equal(clock_now(), -5);

	clock_unfix();
	before = (int64_t)time(NULL);
	now = clock_now();
	after = (int64_t)time(NULL);
	assert_true(now >= before && now <= after);
	assert_true(now != -5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_date_accepts_real_dates_and_counts_days),
		cmocka_unit_test(test_parse_date_leap_years),
		cmocka_unit_test(test_parse_date_month_lengths),
		cmocka_unit_test(test_parse_date_refuses_everything_else),
		cmocka_unit_test(test_parse_rfc3339_accepts_valid_times),
		cmocka_unit_test(test_parse_rfc3339_refuses_garbage),
		cmocka_unit_test(test_format_rfc3339),
		cmocka_unit_test(test_round_trip_format_then_parse),
		cmocka_unit_test(test_round_trip_parse_then_format_normalises_to_utc),
		cmocka_unit_test(test_fix_now_unfix),
	};

	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
