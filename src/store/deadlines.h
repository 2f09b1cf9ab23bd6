/*
 * The deadline scan in SQL (store/deadlines.c), in bounded steps: the scanner (jobs/deadlines)
 * runs one step per write transaction, so the writer is never held for a whole scan, however
 * many cases there are. Split from store.h, the store's door, which it extends.
 */
#ifndef URA_STORE_DEADLINES_H
#define URA_STORE_DEADLINES_H

#include "store/store.h"

/* What a deadline scan looks at. */
struct deadline_scan {
	int64_t now;
	const char *today;                /* the UTC date of now */
	const char *expiry_warning_until; /* granted orders ending on or before this day */
	const char *task_due_until;       /* open reintegration tasks due up to this day */
	bool quarter_ending;              /* the quarter has 14 days or fewer left */
	const char *quarter;              /* "2026Q4" */
	int64_t quarter_start, quarter_end;
};

/* A rule's rows are read in the order of its index, (due time, id); a step ends after at
 * most `limit` of them. 16: a date, "9999-12-31" and its NUL. */
struct deadline_key {
	int64_t time, id;
	char date[16];
};

/* Where a scan is: which rule, and how far in it. Zeroed: at the start. */
struct deadline_cursor {
	int rule;
	struct deadline_key after; /* the last row done in this rule; zero: none yet */
	bool done;                 /* every rule ran to its end */
	int64_t steps;             /* steps taken, for the log */
};

/*
 * One step of the scan: the next rows (at most `limit`) of the cursor's rule notified, each
 * finding once per person, then the cursor moved on (to the next rule at the end of this
 * one; `done` after the last). Run it in a write transaction, again until done. The rules:
 * referrals past respond_by, reviews due, order decisions overdue, orders expiring, actions
 * overdue, reintegration tasks due soon or overdue, reports waiting past their triage time
 * and (when the quarter is ending) mechanisms without a regular meeting in it.
 */
enum ura_status store_deadlines_scan_step(struct db *db, const struct deadline_scan *s,
					  struct deadline_cursor *c, int limit);

#endif
