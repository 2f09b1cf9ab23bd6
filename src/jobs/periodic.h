/*
 * A background job's thread: `round(ctx)` every `seconds`, stopped promptly (a stop wakes the
 * wait). The deadline scanner and the mailer run on one each.
 */
#ifndef URA_JOBS_PERIODIC_H
#define URA_JOBS_PERIODIC_H

struct periodic;

/* NULL when the thread cannot start. The first round comes after the first wait. */
struct periodic *periodic_start(int seconds, void (*round)(void *ctx), void *ctx);
/* The same, with a first round at once on the job's thread (the caller does not wait), after
 * which `first_done(first_ctx)` is called there, unless stopped meanwhile (NULL: nothing). */
struct periodic *periodic_start_now(int seconds, void (*round)(void *ctx), void *ctx,
				    void (*first_done)(void *ctx), void *first_ctx);
/* Waits for a round under way to end; NULL is allowed. */
void periodic_stop(struct periodic *p);

#endif
