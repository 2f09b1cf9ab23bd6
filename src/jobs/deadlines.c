/* The scanner's rounds: what falls due now, in bounded steps (jobs/periodic.h runs them). */
#include "jobs/deadlines.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/arena.h"
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

/* A write that holds the writer longer than this is logged (the goal is well under it). */
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
	struct deadline_findings found;       /* the current read's */
	int64_t writes, notified;             /* write transactions, findings written */
	int64_t longest_us, longest_cpu_us;   /* the longest write: time, CPU time on the writer */
	int64_t slow, cpu_us;                 /* writes over STEP_WARN_US; their CPU time in all */
};

static int64_t
clock_us(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Runs on the writer (SQLite) or beside it, on the scanner's own connection (PostgreSQL:
 * store_write_beside): how long it runs is measured here (the commit comes after). */
static enum ura_status
write_fn(struct db *db, void *ctx)
{
	struct scan_step *s = ctx;
	int64_t at = clock_us(CLOCK_MONOTONIC), cpu = clock_us(CLOCK_THREAD_CPUTIME_ID);
	enum ura_status st = store_deadlines_notify(db, &s->t->scan, &s->found,
						    clock_monotonic_ns() +
						    (int64_t)DEADLINE_WRITE_US * 1000);

	at = clock_us(CLOCK_MONOTONIC) - at;
	cpu = clock_us(CLOCK_THREAD_CPUTIME_ID) - cpu;
	s->longest_us = at > s->longest_us ? at : s->longest_us;
	s->longest_cpu_us = cpu > s->longest_cpu_us ? cpu : s->longest_cpu_us;
	s->slow += at > STEP_WARN_US;
	s->cpu_us += cpu;
	return st;
}

/* One step: the next findings read on this thread's read connection, then written, in as
 * many write transactions as their time budget asks; the cursor moves once they are. */
static enum ura_status
scan_step(struct store *store, struct scan_step *s)
{
	struct arena a;
	struct db *db = store_reader(store);
	enum ura_status st = URA_EUNAVAILABLE;

	arena_init(&a);
	if (db != NULL)
		st = store_deadlines_find(db, &a, &s->t->scan, &s->cursor, DEADLINE_STEP_ROWS,
					  DEADLINE_FIND_ROWS, &s->found);
	while (st == URA_OK && s->found.written < s->found.n) {
		st = store_write_beside(store, write_fn, s);
		s->writes++;
	}
	s->notified += s->found.written;
	if (st == URA_OK)
		store_deadlines_advance(&s->cursor, &s->found);
	arena_free(&a);
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
 * fails. Logged when it is the first, or when a write held the writer too long. */
static void
scan_round(void *ctx)
{
	struct deadline_scanner *sc = ctx;
	struct scan_times t;
	struct scan_step s = { .t = &t };
	enum ura_status st = URA_OK;
	int64_t began = clock_us(CLOCK_MONOTONIC), cpu = clock_us(CLOCK_THREAD_CPUTIME_ID);

	if (store_leader_try(sc->store)) {
		store_round_begin(sc->store);
		scan_times_init(&t);
		while (st == URA_OK && !s.cursor.done && !atomic_load(&sc->stop))
			st = scan_step(sc->store, &s);
		store_round_end(sc->store);
		if (st != URA_OK)
			log_event(LOG_ERROR, "deadline_scan_failed", "status=%s",
				  ura_status_name(st));
		else if (!sc->first_done || s.longest_us > STEP_WARN_US)
			log_event(s.longest_us > STEP_WARN_US ? LOG_WARN : LOG_INFO,
				  "deadline_scan", "reads=%lld writes=%lld findings=%lld "
				  "longest_write_us=%lld longest_write_cpu_us=%lld slow_writes=%lld "
				  "writes_cpu_ms=%lld round_ms=%lld scanner_cpu_ms=%lld "
				  "beside_writer=%s", (long long)s.cursor.steps, (long long)s.writes,
				  (long long)s.notified, (long long)s.longest_us,
				  (long long)s.longest_cpu_us, (long long)s.slow,
				  (long long)s.cpu_us / 1000,
				  (long long)(clock_us(CLOCK_MONOTONIC) - began) / 1000,
				  (long long)(clock_us(CLOCK_THREAD_CPUTIME_ID) - cpu) / 1000,
				  store_writes_beside(sc->store) ? "true" : "false");
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
	/* SQLite reads on this thread: in the background. PostgreSQL does the reading and the
	 * writing beside the writer, in its own process: this thread waits (periodic.h). */
	if ((sc->thread = periodic_start_now("ura-scanner", ROUND_SECONDS, scan_round, sc,
					     first_round_done, ctx,
					     !store_writes_beside(s))) == NULL) {
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
