/*
 * The one source of "now". Production reads the system clock; when URA_NOW (RFC 3339) is set
 * the clock is fixed there, so deadlines are tested by setting the time, never by waiting.
 */
#ifndef URA_CLOCK_H
#define URA_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fixes the clock at `t` (seconds since the epoch, UTC); clock_unfix returns to the system. */
void clock_fix(int64_t t);
void clock_unfix(void);
/* Seconds since the epoch, UTC. */
int64_t clock_now(void);
/* Nanoseconds of a clock that only moves forward (durations, deadlines); never fixed. */
int64_t clock_monotonic_ns(void);

/* Parses "YYYY-MM-DDTHH:MM:SSZ" (fraction and numeric offset accepted) into epoch seconds. */
bool clock_parse_rfc3339(const char *s, int64_t *out);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void clock_format_rfc3339(int64_t t, char *buf, size_t len);
/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12, d 1..31). */
int64_t clock_days_from_civil(int64_t y, unsigned m, unsigned d);
/* A calendar date "YYYY-MM-DD" that exists (1991-02-31 does not); days since epoch in *days. */
bool clock_parse_date(const char *s, int64_t *days);

#endif
