/*
 * `ura migrate-to`: a whole SQLite database copied into a PostgreSQL one, in one transaction
 * on the target that is committed only once every count matches and the caller's check (the
 * audit chain) passes; any failure rolls it back, leaving the target as it was.
 *
 * The source is read under SQLite's exclusive lock (refused at once while a server or anything
 * else has it open) and never written. The target must hold no Ura data: no schema, or a
 * schema whose tables are empty (the audit chain's head still at its start). Rows travel as
 * they are stored (ciphertexts, blind indexes, wrapped keys, the reference counters) through
 * COPY, every table in the order its foreign keys need; PostgreSQL's triggers are off while
 * rows arrive (a copied notification must not queue a second e-mail); the identity sequences
 * are moved past each table's largest id. Sessions are not copied: everyone signs in again.
 * Attachments' files (<db>.files/, the stream's header then its sealed chunks) become rows of
 * attachment_chunks segment by segment, byte for byte: the format is the same on both engines.
 * A file missing for an attachment that has its bytes fails the copy; one whose bytes were
 * purged (purged_at, where the schema has it) has none to copy.
 */
#ifndef URA_STORE_COPY_H
#define URA_STORE_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

#define COPY_TABLES_MAX 95

struct db;

/* One table's rows on each side; `not_copied`: why the rows were not copied (NULL when
 * they were). */
struct copy_count {
	char table[64];
	int64_t source, target;
	const char *not_copied;
};

struct copy_report {
	struct copy_count counts[COPY_TABLES_MAX + 1]; /* the tables, then attachment_chunks */
	int ncounts;
	int64_t rows;    /* rows sent to the target, chunks included */
	int64_t files;   /* attachments' files read */
	double seconds;  /* copying the rows and the files (not migrating, not checking) */
};

/* The caller's last check on the target, inside its transaction (URA_OK to commit; else the
 * reason in err). */
typedef enum ura_status (*copy_check_fn)(struct db *target, void *ctx, char *err,
					 size_t errlen);

/* Copies the SQLite database at `sqlite_path` into the PostgreSQL database at `pg_url`
 * (migrating it first), then checks. URA_OK once committed; otherwise nothing on the target
 * has changed and err says why (`out` holds the counts made so far). */
enum ura_status store_copy_to_postgres(const char *sqlite_path, const char *pg_url,
				       copy_check_fn check, void *ctx, struct copy_report *out,
				       char *err, size_t errlen);

#endif
