/* The scanner's rounds: what falls due now, in bounded steps (jobs/periodic.h runs them). */
#include "jobs/deadlines.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "domain/clocks.h"
#include "domain/reintegration.h"
#include "domain/governance.h"
#include "jobs/periodic.h"
#include "store/deadlines.h"

#define ROUND_SECONDS 60

/* A quarter ending this close gets its warning about a missing regular meeting. */
#define QUARTER_WARNING_DAYS 14

/* A step that holds the writer longer than this is logged (the goal is well under it). */
#define STEP_WARN_US 10000

struct deadline_scanner {
	struct store *store;
	struct periodic *thread;
	atomic_bool stop;
	bool first_done; /* the first round's figures are always logged */
};

struct scan_times {
	struct deadline_scan scan;
	char today[CLOCKS_DATE_LEN], until[CLOCKS_DATE_LEN], soon[CLOCKS_DATE_LEN], quarter[16];
};

struct scan_step {
	const struct scan_times *t;
	struct deadline_cursor cursor;
	int64_t longest_us, longest_cpu_us; /* the longest step on the writer: time, CPU time */
};

static int64_t
clock_us(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Runs on the writer: how long it holds it is measured here (the commit comes after). */
static enum ura_status
step_fn(struct db *db, void *ctx)
{
	struct scan_step *s = ctx;
	int64_t at = clock_us(CLOCK_MONOTONIC), cpu = clock_us(CLOCK_THREAD_CPUTIME_ID);
	enum ura_status st = store_deadlines_scan_step(db, &s->t->scan, &s->cursor,
						       DEADLINE_STEP_ROWS);

	at = clock_us(CLOCK_MONOTONIC) - at;
	cpu = clock_us(CLOCK_THREAD_CPUTIME_ID) - cpu;
	s->longest_us = at > s->longest_us ? at : s->longest_us;
	s->longest_cpu_us = cpu > s->longest_cpu_us ? cpu : s->longest_cpu_us;
	return st;
}

/* The quarter `now` falls in: its name, start and end. */
static void
quarter_of(struct scan_times *t, int64_t now)
{
	int year = (int)strtol(t->today, NULL, 10), month = (int)strtol(t->today + 5, NULL, 10);
	int q = quarter_of_month(month);
	char start[32], end[32];

	snprintf(start, sizeof(start), "%04d-%02d-01", year % 10000, (q - 1) * 3 + 1);
	snprintf(end, sizeof(end), "%04d-%02d-01", (year + (q == 4)) % 10000,
		 q == 4 ? 1 : q * 3 + 1);
	clocks_date_parse(start, &t->scan.quarter_start);
	clocks_date_parse(end, &t->scan.quarter_end);
	snprintf(t->quarter, sizeof(t->quarter), "%04dQ%d", year % 10000, q);
	t->scan.quarter = t->quarter;
	t->scan.quarter_ending = t->scan.quarter_end - now <= QUARTER_WARNING_DAYS * CLOCKS_DAY;
}

static void
scan_times_init(struct scan_times *t)
{
	*t = (struct scan_times){ .scan.now = clock_now() };
	clocks_date_format(t->scan.now, t->today, sizeof(t->today));
	clocks_day_format(clocks_day(t->scan.now) + order_deadlines_default.expiry_warning_days,
			   t->until, sizeof(t->until));
	t->scan.today = t->today;
	t->scan.expiry_warning_until = t->until;
	clocks_day_format(clocks_day(t->scan.now) + REINTEGRATION_DUE_SOON_DAYS, t->soon,
			   sizeof(t->soon));
	t->scan.task_due_until = t->soon;
	quarter_of(t, t->scan.now);
}

/* One round, if this process leads: steps until the scan is done, a stop is asked or a step
 * fails. Logged when it is the first, or when a step held the writer too long. */
static void
scan_round(void *ctx)
{
	struct deadline_scanner *sc = ctx;
	struct scan_times t;
	struct scan_step s = { .t = &t };
	enum ura_status st = URA_OK;
	int64_t began = clock_us(CLOCK_MONOTONIC);

	if (store_leader_try(sc->store)) {
		scan_times_init(&t);
		while (st == URA_OK && !s.cursor.done && !atomic_load(&sc->stop))
			st = store_write(sc->store, step_fn, &s);
		if (st != URA_OK)
			log_event(LOG_ERROR, "deadline_scan_failed", "status=%s",
				  ura_status_name(st));
		else if (!sc->first_done || s.longest_us > STEP_WARN_US)
			log_event(s.longest_us > STEP_WARN_US ? LOG_WARN : LOG_INFO,
				  "deadline_scan", "steps=%lld longest_step_us=%lld "
				  "longest_step_cpu_us=%lld round_ms=%lld",
				  (long long)s.cursor.steps, (long long)s.longest_us,
				  (long long)s.longest_cpu_us,
				  (long long)(clock_us(CLOCK_MONOTONIC) - began) / 1000);
	}
	sc->first_done = true;
}

struct deadline_scanner *
deadline_scanner_start(struct store *s, void (*first_round_done)(void *ctx), void *ctx)
{
	struct deadline_scanner *sc = calloc(1, sizeof(*sc));

	if (sc == NULL)
		return NULL;
	sc->store = s;
	atomic_init(&sc->stop, false);
	if ((sc->thread = periodic_start_now("ura-scanner", ROUND_SECONDS, scan_round, sc,
					     first_round_done, ctx)) == NULL) {
		free(sc);
		return NULL;
	}
	return sc;
}

void
deadline_scanner_stop(struct deadline_scanner *sc)
{
	if (sc == NULL)
		return;
	atomic_store(&sc->stop, true);
	periodic_stop(sc->thread);
	free(sc);
}
