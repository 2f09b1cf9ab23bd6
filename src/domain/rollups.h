/*
 * How a report's period is read from the rollups (store/reports.c, migration 024): the whole
 * calendar years inside it from the yearly rows, the whole months around them from the
 * monthly rows, and the days left at either end from the facts themselves. Pure.
 */
#ifndef URA_DOMAIN_ROLLUPS_H
#define URA_DOMAIN_ROLLUPS_H

#include <stdint.h>

/* Times are epoch seconds (UTC). */
int64_t rollup_month_start(int64_t t);
int64_t rollup_next_month(int64_t t); /* the start of the month after t's */
int64_t rollup_year_start(int64_t t);
int64_t rollup_next_year(int64_t t);

/* [from, to) as five runs: days [from, months_from), months [months_from, years_from),
 * years [years_from, years_to), months [years_to, months_to), days [months_to, to). Each
 * run may be empty; together they are [from, to) exactly, and each run's grain holds it
 * whole (months_from and months_to are month starts, years_* year starts, unless empty). */
struct rollup_split {
	int64_t months_from, years_from, years_to, months_to;
};
struct rollup_split rollup_split(int64_t from, int64_t to);

#endif
