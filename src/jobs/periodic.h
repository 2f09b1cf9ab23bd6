/*
 * A background job's thread: `round(ctx)` every `seconds`, stopped promptly (a stop wakes the
 * wait). The deadline scanner, the files sweep, retention and the mailer run on one each.
 *
 * The thread is named `name` (at most 15 characters: top, perf, /proc/PID/task/TID/comm) and
 * runs at the lowest priority, nice 19 (issue 15; `jobs_nice` may say another): what it computes itself (retention reads
 * every closed case, the sweep every file) gives way to the requests' threads, which are all
 * at the process's own, so a first round that grows with the data does not delay /readyz or
 * anything else a request waits for. Nice 19, not SCHED_IDLE: on a machine kept busy it
 * still gets its share, so a round ends. What it hands to the writer (store_write) runs at
 * the writer's priority, in the short transactions the jobs already keep to.
 *
 * A job whose work is done by PostgreSQL (the deadline scanner there: its thread only sends
 * statements and waits) starts with `background` false: nice 19 would lower none of that work,
 * whose server process has its own priority, and would only delay each of its thread's
 * wake-ups behind every busy thread of the machine (a first scan of 6,611 findings beside six
 * busy loops took 7.0 s at nice 19, 0.44 s at the process's priority, for 16 ms of CPU).
 */
#ifndef URA_JOBS_PERIODIC_H
#define URA_JOBS_PERIODIC_H

#include <stdbool.h>

struct periodic;

/* NULL when the thread cannot start. The first round comes after the first wait. */
struct periodic *periodic_start(const char *name, int seconds, void (*round)(void *ctx),
				void *ctx);
/* The same, with a first round at once on the job's thread (the caller does not wait), after
 * which `first_done(first_ctx)` is called there, unless stopped meanwhile (NULL: nothing);
 * at nice 19 when `background`, else at the process's priority. */
struct periodic *periodic_start_now(const char *name, int seconds, void (*round)(void *ctx),
				    void *ctx, void (*first_done)(void *ctx), void *first_ctx,
				    bool background);
/* The nice value of the background jobs started from now on (0: the process's own). */
void periodic_background_nice(int nice);
/* Waits for a round under way to end; NULL is allowed. */
void periodic_stop(struct periodic *p);

#endif
