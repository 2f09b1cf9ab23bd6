/* The attachments' sweep: deleted attachments purged, orphan files removed (see the header). */
#include "jobs/attachment_sweep.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "domain/clocks.h"
#include "jobs/periodic.h"

/* The job looks every hour whether the day has changed. */
#define ROUND_SECONDS 3600

struct purge_batch {
	int64_t now;
	struct arena arena;
	struct attachment_row *rows;
	int n;
};

static enum ura_status
purge_fn(struct db *db, void *ctx)
{
	struct purge_batch *b = ctx;

	return store_deleted_attachments_purge(db, &b->arena, b->now, b->now, SWEEP_PURGE_BATCH,
					       &b->rows, &b->n);
}

/* The deleted attachments purged, a batch per write, each batch's files after its commit. */
static enum ura_status
purge_deleted(struct store *s, const struct attachment_files *f, int64_t now, int64_t *purged)
{
	enum ura_status st;
	int n;

	do {
		struct purge_batch b = { .now = now };
		arena_init(&b.arena);
		if ((st = store_write(s, purge_fn, &b)) == URA_OK)
			for (int i = 0; i < b.n; i++)
				attachment_file_remove(f, b.rows[i].file_id);
		n = st == URA_OK ? b.n : 0;
		*purged += n;
		arena_free(&b.arena);
	} while (n == SWEEP_PURGE_BATCH);
	return st;
}

enum ura_status
attachment_sweep_round(struct store *s, const struct attachment_files *f, int64_t now,
		       int64_t *purged, int64_t *removed)
{
	enum ura_status st;

	*purged = *removed = 0;
	if ((st = purge_deleted(s, f, now, purged)) != URA_OK)
		return st;
	return attachment_files_sweep(s, f, now, removed);
}

struct attachment_sweep {
	struct store *store;
	const struct attachment_files *files;
	char last_day[CLOCKS_DATE_LEN]; /* the day of the last round that succeeded */
	struct periodic *thread;
};

static void
sweep_round(void *ctx)
{
	struct attachment_sweep *w = ctx;
	char today[CLOCKS_DATE_LEN];
	int64_t now = clock_now(), purged, removed;
	enum ura_status st;

	clocks_date_format(now, today, sizeof(today));
	if (strcmp(today, w->last_day) != 0 && store_leader_try(w->store)) {
		store_round_begin(w->store);
		st = attachment_sweep_round(w->store, w->files, now, &purged, &removed);
		store_round_end(w->store);
		if (st == URA_OK) {
			snprintf(w->last_day, sizeof(w->last_day), "%s", today);
			log_event(LOG_INFO, "attachment_sweep", "purged=%lld files_removed=%lld",
				  (long long)purged, (long long)removed);
		} else {
			log_event(LOG_ERROR, "attachment_sweep_failed", "status=%s",
				  ura_status_name(st));
		}
	}
}

struct attachment_sweep *
attachment_sweep_start(struct store *s, const struct attachment_files *f,
		       void (*first_round_done)(void *ctx), void *ctx)
{
	struct attachment_sweep *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	*w = (struct attachment_sweep){ .store = s, .files = f };
	if ((w->thread = periodic_start_now("ura-sweep", ROUND_SECONDS, sweep_round, w,
					    first_round_done, ctx, true)) == NULL) {
		free(w);
		return NULL;
	}
	return w;
}

void
attachment_sweep_stop(struct attachment_sweep *w)
{
	if (w == NULL)
		return;
	periodic_stop(w->thread);
	free(w);
}
