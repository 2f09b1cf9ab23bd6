/*
 * Unit tests for src/domain/rollups.c: month and year starts (at, before and after a
 * boundary, December into January, leap February), and the split of a report's period into
 * days, months and years: a calendar year, two years, a quarter, part of a month, a span
 * across two months, an empty period, and every period of a span of days checked to be split
 * exactly into runs their grains hold whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "domain/rollups.h"

#define DAY INT64_C(86400)

static int64_t
utc(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };

	return (int64_t)timegm(&tm);
}

static void
starts(void **state)
{
	(void)state;
	assert_int_equal(rollup_month_start(utc(2026, 3, 1)), utc(2026, 3, 1));
	assert_int_equal(rollup_month_start(utc(2026, 3, 1) - 1), utc(2026, 2, 1));
	assert_int_equal(rollup_month_start(utc(2026, 3, 31) + 3600), utc(2026, 3, 1));
	assert_int_equal(rollup_next_month(utc(2026, 12, 15)), utc(2027, 1, 1));
	assert_int_equal(rollup_next_month(utc(2024, 2, 29)), utc(2024, 3, 1));
	assert_int_equal(rollup_year_start(utc(2026, 7, 4)), utc(2026, 1, 1));
	assert_int_equal(rollup_year_start(utc(2026, 1, 1)), utc(2026, 1, 1));
	assert_int_equal(rollup_next_year(utc(2026, 12, 31)), utc(2027, 1, 1));
}

static void
expect_split(int64_t from, int64_t to, int64_t m1, int64_t y1, int64_t y2, int64_t m2)
{
	struct rollup_split s = rollup_split(from, to);

	assert_int_equal(s.months_from, m1);
	assert_int_equal(s.years_from, y1);
	assert_int_equal(s.years_to, y2);
	assert_int_equal(s.months_to, m2);
}

static void
splits(void **state)
{
	int64_t y26 = utc(2026, 1, 1), y27 = utc(2027, 1, 1), y28 = utc(2028, 1, 1);

	(void)state;
	/* a calendar year: the yearly rows only */
	expect_split(y26, y27, y26, y26, y27, y27);
	expect_split(y26, y28, y26, y26, y28, y28);
	/* a quarter: three months, no year */
	expect_split(utc(2026, 4, 1), utc(2026, 7, 1), utc(2026, 4, 1), utc(2026, 7, 1),
		     utc(2026, 7, 1), utc(2026, 7, 1));
	/* part of a month: days only */
	expect_split(utc(2026, 4, 3), utc(2026, 4, 20), utc(2026, 4, 20), utc(2026, 4, 20),
		     utc(2026, 4, 20), utc(2026, 4, 20));
	/* across two months without a whole one: days only */
	expect_split(utc(2026, 4, 3), utc(2026, 5, 20), utc(2026, 5, 20), utc(2026, 5, 20),
		     utc(2026, 5, 20), utc(2026, 5, 20));
	/* 2025-11-15 .. 2027-02-10: days, Dec 2025, 2026, Jan 2027, days */
	expect_split(utc(2025, 11, 15), utc(2027, 2, 10), utc(2025, 12, 1), y26, y27,
		     utc(2027, 2, 1));
	/* empty */
	expect_split(y26, y26, y26, y26, y26, y26);
}

/* Every period of whole days between two dates is split into ordered runs, aligned. */
static void
every_period(void **state)
{
	int64_t first = utc(2025, 11, 20), last = utc(2027, 2, 10);

	(void)state;
	for (int64_t from = first; from <= last; from += 7 * DAY) {
		for (int64_t to = from; to <= last; to += 5 * DAY) {
			struct rollup_split s = rollup_split(from, to);
			assert_true(from <= s.months_from && s.months_from <= s.years_from);
			assert_true(s.years_from <= s.years_to && s.years_to <= s.months_to);
			assert_true(s.months_to <= to);
			if (s.months_from < s.years_from || s.years_to < s.months_to) {
				assert_int_equal(rollup_month_start(s.months_from), s.months_from);
				assert_int_equal(rollup_month_start(s.months_to), s.months_to);
			}
			if (s.years_from < s.years_to) {
				assert_int_equal(rollup_year_start(s.years_from), s.years_from);
				assert_int_equal(rollup_year_start(s.years_to), s.years_to);
			}
			/* a day run never holds a whole month */
			int64_t c = rollup_month_start(from) == from ? from : rollup_next_month(from);
			int64_t e = rollup_month_start(to);
			assert_true(rollup_next_month(c) > s.months_from);
			assert_true(e <= s.months_to || rollup_month_start(e - 1) < s.months_to);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(starts),
		cmocka_unit_test(splits),
		cmocka_unit_test(every_period),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
