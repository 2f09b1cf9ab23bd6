/* The scanner's thread: a round a minute, and a prompt stop. */
#include "jobs/deadlines.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "domain/clocks.h"
#include "domain/reintegration.h"
#include "domain/governance.h"

#define ROUND_SECONDS 60

struct deadline_scanner {
	struct store *store;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping;
};

/* A quarter ending this close gets its warning about a missing regular meeting. */
#define QUARTER_WARNING_DAYS 14

struct scan_times {
	struct deadline_scan scan;
	char today[CLOCKS_DATE_LEN], until[CLOCKS_DATE_LEN], soon[CLOCKS_DATE_LEN], quarter[16];
};

static enum ura_status
scan_fn(struct db *db, void *ctx)
{
	const struct scan_times *t = ctx;

	return store_deadlines_scan(db, &t->scan);
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

enum ura_status
deadlines_scan_once(struct store *s)
{
	struct scan_times t = { .scan.now = clock_now() };
	enum ura_status st;

	if (!store_leader_try(s))
		return URA_OK;
	clocks_date_format(t.scan.now, t.today, sizeof(t.today));
	clocks_date_format(t.scan.now + order_deadlines_default.expiry_warning_days * CLOCKS_DAY,
			   t.until, sizeof(t.until));
	t.scan.today = t.today;
	t.scan.expiry_warning_until = t.until;
	clocks_date_format(t.scan.now + REINTEGRATION_DUE_SOON_DAYS * CLOCKS_DAY, t.soon,
			   sizeof(t.soon));
	t.scan.task_due_until = t.soon;
	quarter_of(&t, t.scan.now);
	if ((st = store_write(s, scan_fn, &t)) != URA_OK)
		log_event(LOG_ERROR, "deadline_scan_failed", "status=%s", ura_status_name(st));
	return st;
}

static void *
scanner_main(void *arg)
{
	struct deadline_scanner *sc = arg;
	struct timespec until;

	pthread_mutex_lock(&sc->lock);
	while (!sc->stopping) {
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += ROUND_SECONDS;
		while (!sc->stopping &&
		       pthread_cond_timedwait(&sc->wake, &sc->lock, &until) == 0)
			;
		if (sc->stopping)
			break;
		pthread_mutex_unlock(&sc->lock);
		deadlines_scan_once(sc->store);
		pthread_mutex_lock(&sc->lock);
	}
	pthread_mutex_unlock(&sc->lock);
	return NULL;
}

struct deadline_scanner *
deadline_scanner_start(struct store *s)
{
	struct deadline_scanner *sc = calloc(1, sizeof(*sc));
	pthread_condattr_t attr;

	if (sc == NULL)
		return NULL;
	sc->store = s;
	deadlines_scan_once(s);
	pthread_mutex_init(&sc->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&sc->wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&sc->thread, NULL, scanner_main, sc) != 0) {
		pthread_cond_destroy(&sc->wake);
		pthread_mutex_destroy(&sc->lock);
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
	pthread_mutex_lock(&sc->lock);
	sc->stopping = true;
	pthread_cond_signal(&sc->wake);
	pthread_mutex_unlock(&sc->lock);
	pthread_join(sc->thread, NULL);
	pthread_cond_destroy(&sc->wake);
	pthread_mutex_destroy(&sc->lock);
	free(sc);
}
