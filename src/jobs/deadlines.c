/* The scanner's rounds: what falls due now, found in one write (jobs/periodic.h runs them). */
#include "jobs/deadlines.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/log.h"
#include "domain/clocks.h"
#include "domain/reintegration.h"
#include "domain/governance.h"
#include "jobs/periodic.h"

#define ROUND_SECONDS 60

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

static void
scan_round(void *store)
{
	deadlines_scan_once(store);
}

struct periodic *
deadline_scanner_start(struct store *s)
{
	deadlines_scan_once(s);
	return periodic_start(ROUND_SECONDS, scan_round, s);
}

void
deadline_scanner_stop(struct periodic *sc)
{
	periodic_stop(sc);
}
