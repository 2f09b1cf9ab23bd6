/*
 * The deadline scanner: every minute, the leader process (store_leader_try) notifies whatever
 * has fallen due (store/deadlines.h). Each notification exists once, however many rounds or
 * processes see the same deadline.
 *
 * A round is a series of steps: what is due read on the scanner's own read connection (a
 * window of DEADLINE_STEP_ROWS candidates), then only the notifications nobody has yet
 * written in short write transactions (DEADLINE_WRITE_US each), so the writer never reads
 * through the cases and other writes pass between them; a round that finds nothing new does
 * not write at all. On PostgreSQL those transactions run on the scanner's own connection,
 * beside the writer (store_write_beside): a notification appends nothing to the audit chain,
 * and a server slow to answer one insert (a new connection's first, which compiles the
 * triggers, took 14-30 ms at 200,000 cases) then holds up no request's write. The first
 * round runs at start on the scanner's own thread: the server answers (and /readyz says
 * ready) meanwhile, whatever the size of the database.
 */
#ifndef URA_JOBS_DEADLINES_H
#define URA_JOBS_DEADLINES_H

#include "core/status.h"
#include "store/store.h"

/* Candidates one read of a round looks at, at most (off the writer). */
#define DEADLINE_STEP_ROWS 256
/* Notifications one read finds at most, for the writer to insert (a window with more is
 * read again once they are written). */
#define DEADLINE_FIND_ROWS 1024
/* How long one write transaction of a round inserts them, at most: it stops after the row
 * that passes this, and the next write goes on (bench/start.sh logs the longest write). */
#define DEADLINE_WRITE_US 3000

struct deadline_scanner;

/* Starts the thread; its first round starts at once, and `first_round_done(ctx)` (when not
 * NULL) is called on that thread when it has ended. NULL when the thread cannot start. */
struct deadline_scanner *deadline_scanner_start(struct store *s,
						void (*first_round_done)(void *ctx), void *ctx);
/* Ends a round under way after its current step, and the thread. NULL is allowed. */
void deadline_scanner_stop(struct deadline_scanner *sc);

#endif
