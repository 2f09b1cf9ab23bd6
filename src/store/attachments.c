/* Attachments' rows, and their bytes as PostgreSQL's chunk rows (store/attachments.h). */
#include "store/attachments.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypt/attachment.h"
#include "store/db.h"
#include "store/rows.h"

#define ATTACHMENT_COLUMNS                                                                  \
	"SELECT a.id, a.parent_type, a.parent_id, a.case_id, a.mechanism_id, a.category, "    \
	"a.institution_id, a.uploaded_by, u.display_name, a.content_type, a.size, a.file_id, " \
	"a.key_wrapped, a.name, a.created_at, a.deleted_at "                                  \
	"FROM attachments a JOIN users u ON u.id = a.uploaded_by "

static void
read_attachment(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct attachment_row *x = row;

	x->id = db_col_int(db, st, 0);
	x->parent_type = row_text(db, st, 1, a);
	x->parent_id = db_col_int(db, st, 2);
	x->case_id = row_int_or_zero(db, st, 3);
	x->mechanism_id = row_int_or_zero(db, st, 4);
	x->category = row_text(db, st, 5, a);
	x->institution_id = row_int_or_zero(db, st, 6);
	x->uploaded_by = db_col_int(db, st, 7);
	x->uploader_name = row_text(db, st, 8, a);
	x->content_type = row_text(db, st, 9, a);
	x->size = db_col_int(db, st, 10);
	x->file_id = row_text(db, st, 11, a);
	row_blob(db, st, 12, a, &x->key_wrapped);
	row_blob(db, st, 13, a, &x->name);
	x->created_at = db_col_int(db, st, 14);
	x->deleted_at = row_int_or_zero(db, st, 15);
}

enum ura_status
store_attachment_insert(struct db *db, const struct attachment_row *a, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO attachments (parent_type, parent_id, case_id, mechanism_id, category, "
		"institution_id, uploaded_by, content_type, size, file_id, key_wrapped, name, "
		"created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, a->parent_type);
	db_bind_int(db, st, 2, a->parent_id);
	bind_int_or_null(db, st, 3, a->case_id);
	bind_int_or_null(db, st, 4, a->mechanism_id);
	db_bind_text(db, st, 5, a->category);
	bind_int_or_null(db, st, 6, a->institution_id);
	db_bind_int(db, st, 7, a->uploaded_by);
	db_bind_text(db, st, 8, a->content_type);
	db_bind_int(db, st, 9, a->size);
	db_bind_text(db, st, 10, a->file_id);
	db_bind_blob(db, st, 11, a->key_wrapped.p, a->key_wrapped.len);
	db_bind_blob(db, st, 12, a->name.p, a->name.len);
	db_bind_int(db, st, 13, a->created_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_attachment_get(struct db *db, struct arena *a, int64_t id, struct attachment_row *out)
{
	static struct db_query q = DB_QUERY(ATTACHMENT_COLUMNS "WHERE a.id = $1");
	return row_by_id(db, a, &q, id, read_attachment, out);
}

enum ura_status
store_attachments_of(struct db *db, struct arena *a, const char *parent_type, int64_t parent_id,
		     int64_t after, int limit, struct attachment_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		ATTACHMENT_COLUMNS "WHERE a.parent_type = $1 AND a.parent_id = $2 AND a.id > $3 "
		"AND a.deleted_at IS NULL ORDER BY a.id LIMIT $4");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, parent_type);
	db_bind_int(db, st, 2, parent_id);
	db_bind_int(db, st, 3, after);
	db_bind_int(db, st, 4, limit);
	return rows_read(db, st, a, limit, sizeof(**out), read_attachment, (void **)out, n);
}

enum ura_status
store_attachment_delete(struct db *db, int64_t id, int64_t by, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE attachments SET deleted_at = $2, deleted_by = $3 "
		"WHERE id = $1 AND deleted_at IS NULL RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t done;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	db_bind_int(db, st, 2, now);
	db_bind_int(db, st, 3, by);
	return row_returning_int(db, st, &done);
}

enum ura_status
store_case_attachment_bytes(struct db *db, int64_t case_id, int64_t *total)
{
	static struct db_query q = DB_QUERY(
		"SELECT coalesce(sum(size), 0) FROM attachments "
		"WHERE case_id = $1 AND deleted_at IS NULL");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	return row_returning_int(db, st, total);
}

enum ura_status
store_incident_case(struct db *db, int64_t incident_id, int64_t *case_id)
{
	static struct db_query q = DB_QUERY("SELECT case_id FROM incidents WHERE id = $1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, incident_id);
	return row_returning_int(db, st, case_id);
}

/* ---- PostgreSQL's chunks ---- */

static enum ura_status
chunk_insert(struct db *db, const char *file_id, int64_t seq, const unsigned char *p, size_t len)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO attachment_chunks (file_id, seq, data) VALUES ($1, $2, $3)");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, file_id);
	db_bind_int(db, st, 2, seq);
	db_bind_blob(db, st, 3, p, len);
	return db_run(db, st);
}

enum ura_status
store_attachment_bytes_insert(struct db *db, const struct attachment_files *f, int fd,
			      const char *file_id)
{
	unsigned char *buf;
	enum ura_status st = URA_OK;
	size_t want = ATTACH_HEADER_LEN;
	ssize_t n;

	if (attachment_files_dir(f) != NULL)
		return URA_OK; /* SQLite: the file is in place already */
	if (lseek(fd, 0, SEEK_SET) != 0 || (buf = malloc(ATTACH_CHUNK_SEALED)) == NULL)
		return URA_EINTERNAL;
	for (int64_t seq = 0; st == URA_OK; seq++, want = ATTACH_CHUNK_SEALED) {
		if ((n = attachment_read_full(fd, buf, want)) < 0)
			st = URA_EINTERNAL;
		else if (n == 0)
			break;
		else
			st = chunk_insert(db, file_id, seq, buf, (size_t)n);
	}
	free(buf);
	return st;
}

/* ---- reading the bytes back ---- */

struct attachment_reader {
	struct store *store;
	int fd;                /* SQLite: the file; -1 on PostgreSQL */
	bool begun;            /* SQLite: the header has been read */
	char file_id[ATTACH_FILE_ID_LEN + 1];
	int64_t next_seq;      /* PostgreSQL: the seq of the next chunk to fetch */
	unsigned char *buf;    /* SQLite: one segment; PostgreSQL: one batch */
	size_t off[ATTACHMENT_READ_BATCH + 1]; /* PostgreSQL: segment i is buf[off[i]..off[i+1]) */
	int nseg, at;          /* PostgreSQL: segments in the batch, the next one handed out */
	bool end;              /* PostgreSQL: the last batch was short */
};

struct attachment_reader *
attachment_reader_open(struct store *s, const struct attachment_files *f, const char *file_id)
{
	struct attachment_reader *r;
	bool sqlite = attachment_files_dir(f) != NULL;

	if (strlen(file_id) != ATTACH_FILE_ID_LEN)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->store = s;
	memcpy(r->file_id, file_id, ATTACH_FILE_ID_LEN + 1);
	r->buf = malloc(sqlite ? ATTACH_CHUNK_SEALED : ATTACHMENT_READ_BATCH * ATTACH_CHUNK_SEALED);
	r->fd = sqlite ? attachment_file_open(f, file_id) : -1;
	if (r->buf == NULL || (sqlite && r->fd < 0)) {
		attachment_reader_close(r);
		return NULL;
	}
	return r;
}

/* PostgreSQL: the next batch of chunks, each checked to be the one expected in order. */
static bool
chunks_fetch(struct attachment_reader *r)
{
	static struct db_query q = DB_QUERY(
		"SELECT seq, data FROM attachment_chunks WHERE file_id = $1 AND seq >= $2 "
		"ORDER BY seq LIMIT $3");
	struct db *db = store_reader(r->store);
	struct db_stmt *st = db != NULL ? db_prepare(db, &q) : NULL;
	enum db_step rc = DB_FAIL;
	bool ok = true;

	if (st == NULL)
		return false;
	db_bind_text(db, st, 1, r->file_id);
	db_bind_int(db, st, 2, r->next_seq);
	db_bind_int(db, st, 3, ATTACHMENT_READ_BATCH);
	r->nseg = r->at = 0;
	r->off[0] = 0;
	while (ok && (rc = db_step(db, st)) == DB_ROW) {
		size_t len = 0;
		const void *p = db_col_blob(db, st, 1, &len);
		ok = db_col_int(db, st, 0) == r->next_seq++ && len <= ATTACH_CHUNK_SEALED &&
		     r->nseg < ATTACHMENT_READ_BATCH;
		if (ok) {
			memcpy(r->buf + r->off[r->nseg], p, len);
			r->off[r->nseg + 1] = r->off[r->nseg] + len;
			r->nseg++;
		}
	}
	db_done(db, st);
	r->end = r->nseg < ATTACHMENT_READ_BATCH;
	return ok && rc == DB_DONE;
}

bool
attachment_reader_next(struct attachment_reader *r, const unsigned char **seg, size_t *len)
{
	ssize_t n;

	if (r->fd >= 0) {
		n = attachment_read_full(r->fd, r->buf,
					 r->begun ? ATTACH_CHUNK_SEALED : ATTACH_HEADER_LEN);
		r->begun = true;
		*seg = r->buf;
		*len = n > 0 ? (size_t)n : 0;
		return n >= 0;
	}
	if (r->at == r->nseg && !r->end && !chunks_fetch(r))
		return false;
	*len = 0;
	*seg = r->buf;
	if (r->at < r->nseg) {
		*seg = r->buf + r->off[r->at];
		*len = r->off[r->at + 1] - r->off[r->at];
		r->at++;
	}
	return true;
}

void
attachment_reader_close(struct attachment_reader *r)
{
	if (r == NULL)
		return;
	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	free(r);
}

/* ---- purging the bytes ---- */

static bool
is_postgres(const struct db *db)
{
	return strcmp(db->driver->name, "postgres") == 0;
}

/* PostgreSQL: the chunks of one file (none on SQLite, whose bytes are files). */
static enum ura_status
chunks_delete(struct db *db, const char *file_id)
{
	static struct db_query q = DB_QUERY("DELETE FROM attachment_chunks WHERE file_id = $1");
	struct db_stmt *st;

	if (!is_postgres(db))
		return URA_OK;
	if ((st = db_prepare(db, &q)) == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, file_id);
	return db_run(db, st);
}

/* What purging leaves of a row: no name, no key (both NOT NULL: zero bytes). */
#define PURGED_SET                                                                          \
	"UPDATE attachments SET name = substr(name, 1, 0), "                                  \
	"key_wrapped = substr(key_wrapped, 1, 0), purged_at = $2 "

enum ura_status
store_case_attachments_purge(struct db *db, int64_t case_id, int64_t now)
{
	static struct db_query rows = DB_QUERY(PURGED_SET
		"WHERE case_id = $1 AND purged_at IS NULL");
	static struct db_query chunks = DB_QUERY(
		"DELETE FROM attachment_chunks WHERE file_id IN "
		"(SELECT file_id FROM attachments WHERE case_id = $1)");
	struct db_stmt *st = db_prepare(db, &rows);
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	db_bind_int(db, st, 2, now);
	if ((status = db_run(db, st)) != URA_OK || !is_postgres(db))
		return status;
	if ((st = db_prepare(db, &chunks)) == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	return db_run(db, st);
}

static void
read_purged(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct attachment_row *x = row;

	memset(x, 0, sizeof(*x));
	x->id = db_col_int(db, st, 0);
	x->file_id = row_text(db, st, 1, a);
}

enum ura_status
store_deleted_attachments_purge(struct db *db, struct arena *a, int64_t cutoff, int64_t now,
				int limit, struct attachment_row **out, int *n)
{
	static struct db_query q = DB_QUERY(PURGED_SET
		"WHERE id IN (SELECT id FROM attachments WHERE deleted_at IS NOT NULL AND "
		"purged_at IS NULL AND deleted_at <= $1 ORDER BY id LIMIT $3) RETURNING id, file_id");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status status;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, cutoff);
	db_bind_int(db, st, 2, now);
	db_bind_int(db, st, 3, limit);
	status = rows_read(db, st, a, limit, sizeof(**out), read_purged, (void **)out, n);
	for (int i = 0; status == URA_OK && i < *n; i++)
		status = chunks_delete(db, (*out)[i].file_id);
	return status;
}

enum ura_status
store_attachment_file_state(struct db *db, const char *file_id,
			    enum attachment_file_state *state)
{
	static struct db_query q = DB_QUERY(
		"SELECT CASE WHEN purged_at IS NULL THEN 1 ELSE 2 END FROM attachments "
		"WHERE file_id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status status;
	int64_t v = 0;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, file_id);
	status = row_returning_int(db, st, &v);
	*state = status == URA_ENOTFOUND ? FILE_UNNAMED : v == 1 ? FILE_LIVE : FILE_PURGED;
	return status == URA_ENOTFOUND ? URA_OK : status;
}

/* Purged attachments of a case, a page of them (id and file_id). */
#define REMOVE_PAGE 64

enum ura_status
attachment_files_remove_case(struct store *s, const struct attachment_files *f, int64_t case_id)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, file_id FROM attachments WHERE case_id = $1 AND id > $2 AND "
		"purged_at IS NOT NULL ORDER BY id LIMIT $3");
	struct db *db;
	int64_t after = 0;
	enum ura_status st = URA_OK;
	int n = REMOVE_PAGE;

	if (attachment_files_dir(f) == NULL)
		return URA_OK;
	if ((db = store_reader(s)) == NULL)
		return URA_EUNAVAILABLE;
	while (st == URA_OK && n == REMOVE_PAGE) {
		struct attachment_row *rows;
		struct arena a;
		arena_init(&a);
		st = rows_by_id(db, &a, &q, case_id, after, REMOVE_PAGE, sizeof(*rows), read_purged,
				(void **)&rows, &n);
		for (int i = 0; st == URA_OK && i < n; i++) {
			attachment_file_remove(f, rows[i].file_id);
			after = rows[i].id;
		}
		arena_free(&a);
	}
	return st;
}
