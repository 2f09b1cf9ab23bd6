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

/* Hands each segment of the ciphertext in order (the header, then each sealed chunk) to
 * `segment`, which returns false to stop (then URA_EINTERNAL). */
typedef bool (*attachment_segment_fn)(const unsigned char *p, size_t len, void *ctx);
enum ura_status store_attachment_bytes_read(struct db *db, const struct attachment_files *f,
					    const char *file_id, attachment_segment_fn segment,
					    void *ctx);

/* SQLite's file of `file_id`, segment by segment (store_attachment_bytes_read's half). */
enum ura_status attachment_file_read(const struct attachment_files *f, const char *file_id,
				     attachment_segment_fn segment, void *ctx);
/* Reads exactly `len` bytes of `fd` (fewer only at its end); -1 on an error. */
ssize_t attachment_read_full(int fd, unsigned char *p, size_t len);

/* `ura backup` and `ura restore`: copies every file of SQLite's directory for `src_db` into
 * the one for `dest_db` (made 0700). Nothing on PostgreSQL (its chunks are in the dump). */
enum ura_status attachment_files_copy(const char *src_db, const char *dest_db, char *err,
				      size_t errlen);

#endif
