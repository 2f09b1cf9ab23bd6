/*
 * A background job's thread: `round(ctx)` every `seconds`, stopped promptly (a stop wakes the
 * wait). The deadline scanner, the files sweep, retention and the mailer run on one each.
 *
 * The thread is named `name` (at most 15 characters: top, perf, /proc/PID/task/TID/comm) and
 * runs at the lowest priority, nice 19 (issue 15): what it computes itself (retention reads
 * every closed case, the sweep every file) gives way to the requests' threads, which are all
 * at the process's own, so a first round that grows with the data does not delay /readyz or
 * anything else a request waits for. Nice 19, not SCHED_IDLE: on a machine kept busy it
 * still gets its share, so a round ends. What it hands to the writer (store_write) runs at
 * the writer's priority, in the short transactions the jobs already keep to.
 */
#ifndef URA_JOBS_PERIODIC_H
#define URA_JOBS_PERIODIC_H

struct periodic;

/* NULL when the thread cannot start. The first round comes after the first wait. */
struct periodic *periodic_start(const char *name, int seconds, void (*round)(void *ctx),
				void *ctx);
/* The same, with a first round at once on the job's thread (the caller does not wait), after
 * which `first_done(first_ctx)` is called there, unless stopped meanwhile (NULL: nothing). */
struct periodic *periodic_start_now(const char *name, int seconds, void (*round)(void *ctx),
				    void *ctx, void (*first_done)(void *ctx), void *first_ctx);
/* Waits for a round under way to end; NULL is allowed. */
void periodic_stop(struct periodic *p);

#endif
