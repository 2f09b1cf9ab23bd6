/*
 * Retention's work (issue 16), shared by the daily job, `ura retention` and the
 * administrator's routes: closed cases are scanned in bounded chunks on a read connection,
 * and each due case is anonymised in a write of its own, decided again on what is stored at
 * that moment (a legal hold placed meanwhile wins), so the writer is never held for more than
 * one case. Each anonymisation is one audit entry, with no personal data.
 */
#ifndef URA_JOBS_RETENTION_H
#define URA_JOBS_RETENTION_H

#include <stdatomic.h>

#include "core/config.h"
#include "domain/retention.h"
#include "store/attachments.h"
#include "store/retention.h"

/* Candidates read per chunk. */
#define RETENTION_CHUNK 200

/* The rules the settings give. */
struct retention_rules retention_rules_of(const struct config *c);

/* Called for each case past its period (due or held); false stops the scan. */
typedef bool (*retention_visit)(void *ctx, const struct retention_row *c,
				const struct retention_decision *d);
/*
 * Visits the cases past their period with id > after, reading at most `max_rows` candidates
 * (0: no limit). *next is the id to continue after, 0 when the end was reached.
 */
enum ura_status retention_scan(struct store *s, const struct retention_rules *rules,
			       int64_t now, int64_t after, int max_rows, retention_visit fn,
			       void *ctx, int64_t *next);

/* Who anonymises: the administrator who confirmed (with their request), or 0 for the daily
 * job and the command line. */
struct retention_actor {
	int64_t user_id, institution_id;
	const char *request_id;
};
/* Anonymises case `case_id` if it is due now; *verdict says what it was (RETENTION_DUE:
 * anonymised now; RETENTION_HELD, _KEEP, _OPEN, _DONE: left as it was). URA_ENOTFOUND.
 * After the commit, SQLite's files of the case's attachments are removed from `files` (a
 * crash before leaves them to the files sweep, as does a NULL `files`). */
enum ura_status retention_anonymise(struct store *s, const struct attachment_files *files,
				    const struct retention_rules *rules, int64_t case_id,
				    const struct retention_actor *who,
				    enum retention_verdict *verdict);
/* Anonymises every due case; *done counts them, *held those a hold kept. Then empties the
 * write-ahead log (store_checkpoint). A `stop` set (NULL: none) ends it after the chunk
 * under way, URA_OK with what was done so far. */
enum ura_status retention_apply_all(struct store *s, const struct attachment_files *files,
				    const struct retention_rules *rules, const atomic_bool *stop,
				    int64_t *done, int64_t *held);

struct retention_job;
/* The daily job: at start and then once per day (of the clock), on the leader, on a thread
 * of its own; `first_round_done` (may be NULL) is called there after the first round. With
 * `retention_auto_apply` it anonymises every due case; otherwise (the default) it tells the
 * administrators that the dry run lists cases waiting for their confirmation. */
struct retention_job *retention_job_start(struct store *s, const struct attachment_files *files,
					  const struct config *c,
					  void (*first_round_done)(void *ctx), void *ctx);
/* Ends a round under way at its next chunk (the next start does the round again), waits for
 * it; NULL is allowed. */
void retention_job_stop(struct retention_job *j);

#endif
