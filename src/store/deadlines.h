/*
 * The deadline scan in SQL (store/deadlines.c), in bounded steps: the scanner (jobs/deadlines)
 * reads what is due on its read connection and hands the writer only the notifications to
 * insert, a bounded number per write transaction, so the writer is never held for a scan,
 * however many cases there are. Split from store.h, the store's door, which it extends.
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
	int64_t steps;             /* reads taken, for the log */
};

/* A person to tell of a finding (a notification of the rule's kind), not yet told. */
struct deadline_finding {
	int64_t user_id;   /* 0: nobody to tell (the intake rule still marks the report) */
	int64_t case_id;   /* 0: none */
	int64_t object_id;
	const char *dedupe; /* in the arena of the read */
};

/* What one read of the scan found, and where the cursor goes once it is written. */
struct deadline_findings {
	int rule;                     /* the rule read */
	struct deadline_finding *rows;
	int n;
	bool full;                    /* `rows` findings: the same window is read again */
	bool last;                    /* the window ran to the rule's end */
	struct deadline_key hi;       /* else the window's last key */
	int written;                  /* rows written so far (store_deadlines_notify) */
};

/*
 * One step of the scan, in three calls. store_deadlines_find reads, on a read connection (no
 * transaction needed, nothing written), the next window of the cursor's rule (at most `limit`
 * candidates in index order) and in it at most `rows` findings whose people have not been
 * told yet; the rows live in `a`. store_deadlines_notify writes those not written yet,
 * inside a write transaction (store_write), NOTIFY_ROWS a statement, at least one such chunk and
 * no more once the monotonic clock (clock_monotonic_ns) has passed `until_ns`: each finding once per person (one told
 * in between is left as is), and the intake rule's report marked told; call it again until
 * `written` is `n`. store_deadlines_advance then moves the cursor: the same window again when
 * the read was full, else the next window (or rule; `done` after the last). The rules:
 * referrals past respond_by, reviews due, order decisions overdue, orders expiring, actions
 * overdue, reintegration tasks due soon or overdue, reports waiting past their triage time
 * and (when the quarter is ending) mechanisms without a regular meeting in it.
 */
/* store_deadlines_notify writes this many findings a statement (and checks its budget after
 * each such chunk). */
#define NOTIFY_ROWS 32

enum ura_status store_deadlines_find(struct db *db, struct arena *a,
				     const struct deadline_scan *s,
				     const struct deadline_cursor *c, int limit, int rows,
				     struct deadline_findings *out);
enum ura_status store_deadlines_notify(struct db *db, const struct deadline_scan *s,
				       struct deadline_findings *f, int64_t until_ns);
void store_deadlines_advance(struct deadline_cursor *c, const struct deadline_findings *f);

#endif
