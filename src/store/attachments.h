/*
 * Attachments' rows and bytes (store/attachments.c for the rows and PostgreSQL's chunks,
 * store/files.c for SQLite's directory). The bytes are ciphertext (crypt/attachment.h) kept
 * apart from the rows: SQLite: one file per attachment in <db>.files/ (0700), named by its
 * random file id, written under a temporary name, fsync'd and renamed, so a crash leaves no
 * half file under a name a row refers to; PostgreSQL: rows of attachment_chunks (the stream's
 * header, then one sealed chunk per row), inserted in the transaction that inserts the row.
 */
#ifndef URA_STORE_ATTACHMENTS_H
#define URA_STORE_ATTACHMENTS_H

#include <sys/types.h>

#include "domain/attachment.h"
#include "store/store.h"

struct attachment_row {
	int64_t id, parent_id, case_id, mechanism_id, institution_id, uploaded_by;
	int64_t size, created_at, deleted_at;
	const char *parent_type, *category, *content_type, *file_id;
	const char *uploader_name; /* the uploader's display name (read only) */
	struct blob key_wrapped, name;
};

enum ura_status store_attachment_insert(struct db *db, const struct attachment_row *a,
					int64_t *id);
/* The row, deleted or not. */
enum ura_status store_attachment_get(struct db *db, struct arena *a, int64_t id,
				     struct attachment_row *out);
/* A parent's attachments that are not deleted, by id after `after`, at most `limit`. */
enum ura_status store_attachments_of(struct db *db, struct arena *a, const char *parent_type,
				     int64_t parent_id, int64_t after, int limit,
				     struct attachment_row **out, int *n);
/* Marks it deleted; URA_ENOTFOUND when it already was. */
enum ura_status store_attachment_delete(struct db *db, int64_t id, int64_t by, int64_t now);
/* The bytes of the case's attachments that are not deleted (for the per-case limit). */
enum ura_status store_case_attachment_bytes(struct db *db, int64_t case_id, int64_t *total);
/* The case an incident belongs to. */
enum ura_status store_incident_case(struct db *db, int64_t incident_id, int64_t *case_id);

/* ---- the bytes ---- */

/* Where the bytes are (an engine's choice, fixed when the store opens). */
struct attachment_files;
/* SQLite: the directory <db>.files beside the database file, made (0700) when missing,
 * emptied of what an interrupted upload left (.part-*). PostgreSQL: temporary files for
 * uploads under way in the system's temporary directory. NULL (err set) when it cannot be
 * made. */
struct attachment_files *attachment_files_open(const char *db_url, char *err, size_t errlen);
void attachment_files_close(struct attachment_files *f);
/* The directory of SQLite's files; NULL on PostgreSQL. */
const char *attachment_files_dir(const struct attachment_files *f);

/* A new spool file for `file_id`'s ciphertext as it arrives (0600): SQLite a temporary name
 * in the directory, PostgreSQL an unnamed temporary file. -1 when it cannot be made. */
int attachment_spool_open(const struct attachment_files *f, const char *file_id);
/* SQLite: the spool made durable under its own name (fsync, rename, fsync of the
 * directory). PostgreSQL: nothing yet (store_attachment_bytes_insert). */
enum ura_status attachment_spool_commit(const struct attachment_files *f, int fd,
					const char *file_id);
/* Closes the spool; removes its temporary name, and the committed file too when `committed`
 * (the row that would have named it was refused). */
void attachment_spool_discard(const struct attachment_files *f, int fd, const char *file_id,
			      bool committed);
/* PostgreSQL: the spool's ciphertext as chunk rows, in the caller's transaction (after the
 * attachment's row). SQLite: nothing (the file is already in place). */
enum ura_status store_attachment_bytes_insert(struct db *db, const struct attachment_files *f,
					      int fd, const char *file_id);

/*
 * The ciphertext of one file, segment by segment in order (the stream's header, then each
 * sealed chunk), never more than a bounded buffer in memory: SQLite reads the file (opened
 * by attachment_reader_open, so a file removed meanwhile is still read whole); PostgreSQL
 * reads the chunk rows by seq, ATTACHMENT_READ_BATCH at a time, each batch one query on the
 * calling thread's reader connection (a download's later batches run on the thread that
 * sends the answer). NULL when the file cannot be opened.
 */
#define ATTACHMENT_READ_BATCH 8
struct attachment_reader;
struct attachment_reader *attachment_reader_open(struct store *s,
						 const struct attachment_files *f,
						 const char *file_id);
/* The next segment in *seg (valid until the next call), *len 0 at the end of the stream;
 * false when it cannot be read (a missing or misplaced chunk, an error of the database). */
bool attachment_reader_next(struct attachment_reader *r, const unsigned char **seg,
			    size_t *len);
/* NULL is allowed. */
void attachment_reader_close(struct attachment_reader *r);

/* SQLite's file of `file_id`, opened for reading; -1 when missing. */
int attachment_file_open(const struct attachment_files *f, const char *file_id);
/* Reads exactly `len` bytes of `fd` (fewer only at its end); -1 on an error. */
ssize_t attachment_read_full(int fd, unsigned char *p, size_t len);

/* ---- purging the bytes (migration 025) ---- */

/* Inside the write that anonymises case `case_id`: each of its attachments purged at `now`
 * (its name and wrapped key blanked, PostgreSQL's chunks deleted); SQLite's files follow the
 * commit (attachment_files_remove_case). */
enum ura_status store_case_attachments_purge(struct db *db, int64_t case_id, int64_t now);
/* Inside a write: at most `limit` attachments deleted at or before `cutoff` and not purged
 * yet, purged at `now` as above; *out their rows (id and file_id only), for their files. */
enum ura_status store_deleted_attachments_purge(struct db *db, struct arena *a, int64_t cutoff,
						int64_t now, int limit,
						struct attachment_row **out, int *n);
/* What the row naming `file_id` says of its bytes (domain/attachment.h). */
enum ura_status store_attachment_file_state(struct db *db, const char *file_id,
					    enum attachment_file_state *state);
/* After the commit that purged case `case_id`'s attachments: SQLite's files of them removed
 * (their ids read on the calling thread's reader, a page at a time). Nothing on PostgreSQL
 * or when `f` is NULL (the files sweep removes them then). */
enum ura_status attachment_files_remove_case(struct store *s, const struct attachment_files *f,
					     int64_t case_id);
/* SQLite's file of `file_id` removed (one already gone is no error). */
void attachment_file_remove(const struct attachment_files *f, const char *file_id);
/*
 * SQLite's files that no live attachment needs at `now`, removed (attachment_file_sweepable:
 * those whose row is purged, and those no row names once past the grace period, so an upload
 * under way is left). One indexed read on the calling thread's reader per file of the
 * directory; nothing on PostgreSQL. *removed counts them.
 */
enum ura_status attachment_files_sweep(struct store *s, const struct attachment_files *f,
				       int64_t now, int64_t *removed);
/* SQLite's directory for `db_url` for a command beside a running server: nothing is made or
 * swept (attachment_files_open does both). */
struct attachment_files *attachment_files_find(const char *db_url);

/* `ura backup` and `ura restore`: copies every file of SQLite's directory for `src_db` into
 * the one for `dest_db` (made 0700). Nothing on PostgreSQL (its chunks are in the dump). */
enum ura_status attachment_files_copy(const char *src_db, const char *dest_db, char *err,
				      size_t errlen);

#endif
