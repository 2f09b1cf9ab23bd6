/*
 * The attachments' sweep (issue 16): what no live attachment needs is removed, at start (on
 * the job's own thread while the server answers: /readyz never waits for it) and then once a
 * day of the clock, on the leader.
 *
 * A round first purges the deleted attachments (a soft delete hides an attachment at once;
 * its bytes, name and key go at the next round: store_deleted_attachments_purge, a bounded
 * batch per write, SQLite's files after each commit), then, on SQLite, sweeps <db>.files/
 * (attachment_files_sweep): the files of purged rows, and the files no row names that are
 * older than a day (ATTACHMENT_ORPHAN_GRACE_SECONDS) (an upload refused after its rename, a crash between a rename and its
 * commit or between an anonymisation's commit and its files' removal).
 */
#ifndef URA_JOBS_ATTACHMENT_SWEEP_H
#define URA_JOBS_ATTACHMENT_SWEEP_H

#include "core/status.h"
#include "store/attachments.h"
#include "store/store.h"

/* Deleted attachments purged per write transaction. */
#define SWEEP_PURGE_BATCH 64

/* One round at `now`: *purged counts the deleted attachments purged, *removed the files. */
enum ura_status attachment_sweep_round(struct store *s, const struct attachment_files *f,
				       int64_t now, int64_t *purged, int64_t *removed);

struct attachment_sweep;
/* Starts the thread; its first round starts at once, and `first_round_done(ctx)` (when not
 * NULL) is called on that thread when it has ended. NULL when the thread cannot start. */
struct attachment_sweep *attachment_sweep_start(struct store *s,
						const struct attachment_files *f,
						void (*first_round_done)(void *ctx), void *ctx);
/* Waits for a round under way to end; NULL is allowed. */
void attachment_sweep_stop(struct attachment_sweep *w);

#endif
