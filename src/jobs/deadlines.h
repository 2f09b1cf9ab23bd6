/*
 * The deadline scanner: every minute, the leader process (store_leader_try) notifies whatever
 * has fallen due (store/deadlines.h). Each notification exists once, however many rounds or
 * processes see the same deadline.
 *
 * A round is a series of short write transactions (DEADLINE_STEP_ROWS candidates each), so
 * the writer is never held for a whole scan and other writes pass between the steps. The
 * first round runs at start on the scanner's own thread: the server answers (and /readyz says
 * ready) meanwhile, whatever the size of the database.
 */
#ifndef URA_JOBS_DEADLINES_H
#define URA_JOBS_DEADLINES_H

#include "core/status.h"
#include "store/store.h"

/* Candidates one write transaction of a round reads at most: a few milliseconds of the
 * writer (bench/start.sh logs the longest step). */
#define DEADLINE_STEP_ROWS 64

struct deadline_scanner;

/* Starts the thread; its first round starts at once, and `first_round_done(ctx)` (when not
 * NULL) is called on that thread when it has ended. NULL when the thread cannot start. */
struct deadline_scanner *deadline_scanner_start(struct store *s,
						void (*first_round_done)(void *ctx), void *ctx);
/* Ends a round under way after its current step, and the thread. NULL is allowed. */
void deadline_scanner_stop(struct deadline_scanner *sc);

#endif
