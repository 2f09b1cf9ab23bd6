/*
 * Calendar arithmetic for the report rollups: month and year starts in UTC, and the split of
 * a period into the days, months and years the summary reads (domain/rollups.h).
 */
#include "domain/rollups.h"

#include <time.h>

static int64_t
start_of(int64_t t, int months_after, int whole_year)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	if (whole_year) {
		tm.tm_mon = 0;
		tm.tm_year += months_after ? 1 : 0;
	} else {
		tm.tm_mon += months_after;
	}
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return (int64_t)timegm(&tm); /* timegm normalises month 12 into the next year */
}

int64_t rollup_month_start(int64_t t) { return start_of(t, 0, 0); }
int64_t rollup_next_month(int64_t t) { return start_of(t, 1, 0); }
int64_t rollup_year_start(int64_t t) { return start_of(t, 0, 1); }
int64_t rollup_next_year(int64_t t) { return start_of(t, 1, 1); }

/* The first boundary at or after t. */
static int64_t
ceil_to(int64_t t, int64_t (*start)(int64_t), int64_t (*next)(int64_t))
{
	return start(t) == t ? t : next(t);
}

struct rollup_split
rollup_split(int64_t from, int64_t to)
{
	struct rollup_split s;
	int64_t m1 = ceil_to(from, rollup_month_start, rollup_next_month);
	int64_t m2 = rollup_month_start(to);
	int64_t y1 = ceil_to(from, rollup_year_start, rollup_next_year);
	int64_t y2 = rollup_year_start(to);

	if (from >= to || m1 >= m2) /* no whole month: every day from the facts */
		m1 = m2 = y1 = y2 = to > from ? to : from;
	else if (y1 >= y2) /* whole months, no whole year */
		y1 = y2 = m2;
	s.months_from = m1;
	s.years_from = y1;
	s.years_to = y2;
	s.months_to = m2;
	return s;
}
