/*
 * A SQLite database copied into PostgreSQL (store/copy.h). Rows travel by COPY in PostgreSQL's
 * binary format, each value encoded by the target column's type (bigint, text or bytea: the
 * only ones the schema uses; any other is refused), in batches of COPY_BATCH bytes. Binary
 * rather than text, which would carry every ciphertext as hex for the server to decode:
 * measured here (docs/CONTRACT.md), the server took COPY of the attachments' chunks 7 to 9
 * times as fast in binary, and of the cases table about twice as fast; a whole generated
 * database with 191 MB of attachments moved in 15 to 21 s instead of 24 to 34 s.
 */
#include "store/copy.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "crypt/attachment.h"
#include "store/attachments.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/postgres.h"
#include "store/sqlite.h"

#define COPY_BATCH (256 * 1024)
#define SQL_MAX (8 * 1024)
#define COLUMNS_MAX 64

/*
 * What becomes of a table's rows. Most are copied as stored. Sessions are not (everyone
 * signs in again). A fresh schema's migrations fill a few tables themselves: the audit
 * chain's head at its start (001) and the session generation (026) make way for the
 * source's rows, which continue them; the summary report's grains, slots and wait buckets
 * (024) are each engine's own definitions (SQLite's date modifiers, PostgreSQL's intervals)
 * and stay the target's. A migration that fills another table must name it here: until then
 * migrate-to refuses every fresh target, naming the table.
 */
enum table_fate { TABLE_COPIED, TABLE_DROPPED, TABLE_REPLACED, TABLE_TARGETS_OWN };

static enum table_fate
table_fate(const char *name)
{
	static const struct {
		const char *name;
		enum table_fate fate;
	} fates[] = {
		{ "sessions", TABLE_DROPPED },
		{ "audit_head", TABLE_REPLACED },
		{ "session_generation", TABLE_REPLACED },
		{ "report_grains", TABLE_TARGETS_OWN },
		{ "report_slots", TABLE_TARGETS_OWN },
		{ "report_wait_buckets", TABLE_TARGETS_OWN },
	};

	for (size_t i = 0; i < sizeof(fates) / sizeof(fates[0]); i++)
		if (strcmp(name, fates[i].name) == 0)
			return fates[i].fate;
	return TABLE_COPIED;
}

static const char *
not_copied_note(enum table_fate fate)
{
	return fate == TABLE_DROPPED ? "  (not copied: sign in again)"
	       : fate == TABLE_TARGETS_OWN ? "  (not copied: PostgreSQL's own)" : NULL;
}

/* A column's type on the target, which decides how its values are encoded. */
enum kind { KIND_UNKNOWN, KIND_INT, KIND_TEXT, KIND_BLOB };

struct table {
	char name[64];
	char columns[COLUMNS_MAX][64];
	enum kind kinds[COLUMNS_MAX];
	int ncolumns;
	char *select_sql, *count_sql, *copy_sql;
	struct db_query select_rows, count_rows;
	int64_t source;
};

struct copy_run {
	struct db *src, *dst;
	struct table *tables; /* in the order they are copied */
	int ntables;
	char files_dir[1100];  /* SQLite's attachments: "<db>.files" (store/attachments.h) */
	struct copy_report *report;
	char *buf;
	size_t len, cap;
	int64_t chunks;
	char *err;
	size_t errlen;
};

/* Table and column names go into SQL unquoted by a driver: only [a-z0-9_] is accepted. */
static bool
name_ok(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n == 0 || n > 63)
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static enum ura_status
fail(struct copy_run *r, enum ura_status st, const char *what, const char *detail)
{
	snprintf(r->err, r->errlen, "%s%s%s", what, detail != NULL ? ": " : "",
		 detail != NULL ? detail : "");
	return st != URA_OK ? st : URA_EINTERNAL;
}

/* ---- the source's tables ---- */

/* Appends to sql (SQL_MAX bytes); false when it would not fit. */
static bool
sql_add(char *sql, size_t *len, const char *text)
{
	size_t n = strlen(text);

	if (*len + n + 1 > SQL_MAX)
		return false;
	memcpy(sql + *len, text, n + 1);
	*len += n;
	return true;
}

/* The table's columns (as SQLite orders them). */
static bool
table_columns(struct copy_run *r, struct table *t)
{
	static struct db_query q = DB_QUERY("SELECT name FROM pragma_table_info($1) ORDER BY cid");
	struct db_stmt *st = db_prepare(r->src, &q);
	bool ok = st != NULL;

	if (ok)
		db_bind_text(r->src, st, 1, t->name);
	while (ok && db_step(r->src, st) == DB_ROW) {
		const char *c = db_col_text(r->src, st, 0);
		if ((ok = name_ok(c) && t->ncolumns < COLUMNS_MAX))
			snprintf(t->columns[t->ncolumns++], sizeof(t->columns[0]), "%s", c);
	}
	if (st != NULL)
		db_done(r->src, st);
	return ok && t->ncolumns > 0;
}

/* The table's statements: its rows, its count, and the COPY that takes the rows. */
static enum ura_status
table_statements(struct copy_run *r, struct table *t)
{
	char *select = xcalloc(1, SQL_MAX), *copy = xcalloc(1, SQL_MAX), part[128];
	size_t slen = 0, clen = 0;
	bool ok = table_columns(r, t);

	snprintf(part, sizeof(part), "COPY %s (", t->name);
	ok = ok && sql_add(select, &slen, "SELECT ") && sql_add(copy, &clen, part);
	for (int i = 0; ok && i < t->ncolumns; i++)
		ok = (i == 0 || (sql_add(select, &slen, ", ") && sql_add(copy, &clen, ", "))) &&
		     sql_add(select, &slen, t->columns[i]) && sql_add(copy, &clen, t->columns[i]);
	snprintf(part, sizeof(part), " FROM %s", t->name);
	ok = ok && sql_add(select, &slen, part) &&
	     sql_add(copy, &clen, ") FROM STDIN (FORMAT binary)");
	t->select_sql = select;
	t->copy_sql = copy;
	snprintf(part, sizeof(part), "SELECT count(*) FROM %s", t->name);
	t->count_sql = xstrdup(part);
	t->select_rows = (struct db_query)DB_QUERY(t->select_sql);
	t->count_rows = (struct db_query)DB_QUERY(t->count_sql);
	return ok ? URA_OK : fail(r, URA_EINVAL, "cannot read the columns of table", t->name);
}

/* Every table of the source but SQLite's own and schema_migrations, in creation order. */
static enum ura_status
tables_read(struct copy_run *r)
{
	static struct db_query q = DB_QUERY(
		"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
		"AND name <> 'schema_migrations' ORDER BY rowid");
	struct db_stmt *st = db_prepare(r->src, &q);
	enum ura_status rc = st != NULL ? URA_OK : URA_EINTERNAL;

	r->tables = xcalloc(COPY_TABLES_MAX, sizeof(*r->tables));
	while (rc == URA_OK && db_step(r->src, st) == DB_ROW) {
		const char *name = db_col_text(r->src, st, 0);
		if (r->ntables == COPY_TABLES_MAX || !name_ok(name))
			rc = fail(r, URA_EINVAL, "unexpected table in the source", name);
		else
			snprintf(r->tables[r->ntables++].name, sizeof(r->tables->name), "%s", name);
	}
	if (st != NULL)
		db_done(r->src, st);
	for (int i = 0; rc == URA_OK && i < r->ntables; i++)
		rc = table_statements(r, &r->tables[i]);
	return rc;
}

static int
table_index(const struct copy_run *r, const char *name)
{
	for (int i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i].name, name) == 0)
			return i;
	return -1;
}

/* Whether every table `t` refers to (but itself) is placed already. */
static bool
parents_placed(struct copy_run *r, const struct table *t, const bool *placed)
{
	static struct db_query q = DB_QUERY("SELECT \"table\" FROM pragma_foreign_key_list($1)");
	struct db_stmt *st = db_prepare(r->src, &q);
	bool ready = st != NULL;

	if (st != NULL)
		db_bind_text(r->src, st, 1, t->name);
	while (ready && db_step(r->src, st) == DB_ROW) {
		int k = table_index(r, db_col_text(r->src, st, 0));
		ready = k < 0 || &r->tables[k] == t || placed[k];
	}
	if (st != NULL)
		db_done(r->src, st);
	return ready;
}

/* Orders the tables so that each comes after those its foreign keys refer to. */
static enum ura_status
tables_order(struct copy_run *r)
{
	struct table *ordered = xcalloc(COPY_TABLES_MAX, sizeof(*ordered));
	bool placed[COPY_TABLES_MAX] = { false }, progress = true;
	int n = 0;

	while (n < r->ntables && progress) {
		progress = false;
		for (int i = 0; i < r->ntables; i++) {
			if (placed[i] || !parents_placed(r, &r->tables[i], placed))
				continue;
			ordered[n++] = r->tables[i];
			placed[i] = progress = true;
		}
	}
	if (n < r->ntables) {
		free(ordered);
		return fail(r, URA_EINVAL, "the source's foreign keys form a cycle", NULL);
	}
	/* The statements' texts moved with the rows; their query slots are not assigned yet. */
	for (int i = 0; i < n; i++) {
		ordered[i].select_rows = (struct db_query)DB_QUERY(ordered[i].select_sql);
		ordered[i].count_rows = (struct db_query)DB_QUERY(ordered[i].count_sql);
	}
	free(r->tables);
	r->tables = ordered;
	return URA_OK;
}

static enum ura_status
count_rows(struct db *db, struct db_query *q, int64_t *n)
{
	struct db_stmt *st = db_prepare(db, q);
	enum ura_status rc = st != NULL ? db_row_status(db, db_step(db, st)) : URA_EINTERNAL;

	*n = rc == URA_OK ? db_col_int(db, st, 0) : 0;
	if (st != NULL)
		db_done(db, st);
	return rc;
}

/* ---- the target ---- */

/* Switches the user triggers of every table of the target off or on. */
#define TRIGGERS_SQL(how)                                                                     \
	"DO $$DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables "              \
	"WHERE schemaname = current_schema() LOOP "                                           \
	"EXECUTE format('ALTER TABLE %I " how " TRIGGER USER', r.tablename); END LOOP; END$$"

static enum ura_status
triggers_set(struct copy_run *r, bool on)
{
	return db_exec(r->dst, on ? TRIGGERS_SQL("ENABLE") : TRIGGERS_SQL("DISABLE"));
}

/* Migrated to the source's version in the transaction, and empty of Ura data. */
static enum ura_status
target_prepare(struct copy_run *r, int version)
{
	enum ura_status rc;
	int applied = 0;
	int64_t n;

	/* A target in use (a server's transaction) makes it wait, not for ever. */
	if ((rc = db_exec(r->dst, "BEGIN")) != URA_OK ||
	    (rc = db_exec(r->dst, "SET LOCAL lock_timeout = '10s'")) != URA_OK ||
	    (rc = db_exec(r->dst, "SELECT pg_advisory_xact_lock(21825, 0)")) != URA_OK ||
	    (rc = store_migrations_run(r->dst, true, &applied)) != URA_OK)
		return fail(r, rc, "cannot migrate the target", db_error_text(r->dst));
	if (store_db_schema_version(r->dst, true) != version)
		return fail(r, URA_EINVAL, "the target's schema is not the source's version "
			    "(upgrade ura, or `ura migrate` the source)", NULL);
	for (int i = 0; i < r->ntables; i++) {
		struct table *t = &r->tables[i];
		if ((rc = count_rows(r->dst, &t->count_rows, &n)) != URA_OK)
			return fail(r, rc, "cannot count the target's rows", db_error_text(r->dst));
		/* A fresh schema's own rows (table_fate) are not data. */
		if (n > 0 && table_fate(t->name) == TABLE_COPIED) {
			snprintf(r->err, r->errlen, "the target already holds Ura data (%lld rows "
				 "in %s): migrate into a new, empty database", (long long)n, t->name);
			return URA_EEXISTS;
		}
	}
	/* The seeded rows the source's continue make way for them. */
	for (int i = 0; i < r->ntables; i++) {
		char sql[96];

		if (table_fate(r->tables[i].name) != TABLE_REPLACED)
			continue;
		snprintf(sql, sizeof(sql), "DELETE FROM %s", r->tables[i].name);
		if ((rc = db_exec(r->dst, sql)) != URA_OK)
			return fail(r, rc, "cannot prepare the target", db_error_text(r->dst));
	}
	if ((rc = triggers_set(r, false)) != URA_OK)
		return fail(r, rc, "cannot prepare the target", db_error_text(r->dst));
	return URA_OK;
}

/* Sends what the buffer holds. */
static enum ura_status
flush(struct copy_run *r)
{
	enum ura_status rc = r->len > 0 ? pg_db_copy_put(r->dst, r->buf, r->len) : URA_OK;

	r->len = 0;
	return rc;
}

/* Appends `n` bytes, sending the batch first when they would take it past COPY_BATCH (a value
 * longer than a batch grows the buffer). */
static enum ura_status
put(struct copy_run *r, const void *p, size_t n)
{
	enum ura_status rc;

	if (r->len + n > COPY_BATCH && (rc = flush(r)) != URA_OK)
		return rc;
	if (n > r->cap) {
		r->cap = n;
		free(r->buf);
		r->buf = xmalloc(r->cap);
	}
	memcpy(r->buf + r->len, p, n);
	r->len += n;
	return URA_OK;
}

/* An integer of `bytes` bytes, most significant first (the binary format's order). */
static enum ura_status
put_int(struct copy_run *r, uint64_t v, int bytes)
{
	unsigned char b[8];

	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
	return put(r, b, (size_t)bytes);
}

/* A field: its length (-1 for NULL), then its bytes. */
static enum ura_status
put_field(struct copy_run *r, const void *p, size_t n)
{
	enum ura_status rc;

	if (p == NULL)
		return put_int(r, (uint32_t)-1, 4);
	if (n > INT32_MAX)
		return URA_EINVAL;
	return (rc = put_int(r, n, 4)) != URA_OK ? rc : put(r, p, n);
}

static enum ura_status
put_bigint(struct copy_run *r, int64_t v)
{
	enum ura_status rc = put_int(r, 8, 4);
	return rc != URA_OK ? rc : put_int(r, (uint64_t)v, 8);
}

/* Starts a COPY: the statement, then the binary format's signature, flags and extension. */
static enum ura_status
copy_begin(struct copy_run *r, const char *sql)
{
	static const unsigned char signature[11] = "PGCOPY\n\377\r\n";
	enum ura_status rc = pg_db_copy_begin(r->dst, sql);

	r->len = 0;
	if (rc == URA_OK && (rc = put(r, signature, sizeof(signature))) == URA_OK)
		rc = put_int(r, 0, 8);
	return rc;
}

/* Ends a COPY (its trailer, then the end): committed to the transaction when everything before
 * went well, else abandoned (the reason kept in err). */
static enum ura_status
copy_end(struct copy_run *r, enum ura_status rc, const char *what, int64_t *rows)
{
	enum ura_status end;

	if (rc == URA_OK && (rc = put_int(r, 0xffff, 2)) == URA_OK)
		rc = flush(r);
	r->len = 0;
	end = pg_db_copy_end(r->dst, rc == URA_OK ? NULL : "ura migrate-to failed", rows);
	if (rc == URA_OK)
		rc = end;
	if (rc != URA_OK && r->err[0] == '\0')
		fail(r, rc, what, db_error_text(r->dst));
	return rc;
}

/* Each column's type on the target: every column of the source must be there, as bigint,
 * text or bytea. */
static enum ura_status
table_kinds(struct copy_run *r, struct table *t)
{
	static struct db_query q = DB_QUERY(
		"SELECT column_name, data_type FROM information_schema.columns "
		"WHERE table_schema = current_schema() AND table_name = $1");
	struct db_stmt *st = db_prepare(r->dst, &q);
	enum db_step step = DB_FAIL;

	if (st != NULL)
		db_bind_text(r->dst, st, 1, t->name);
	while (st != NULL && (step = db_step(r->dst, st)) == DB_ROW) {
		const char *name = db_col_text(r->dst, st, 0), *type = db_col_text(r->dst, st, 1);
		enum kind k = strcmp(type, "bigint") == 0 ? KIND_INT
			      : strcmp(type, "text") == 0 ? KIND_TEXT
			      : strcmp(type, "bytea") == 0 ? KIND_BLOB : KIND_UNKNOWN;
		for (int i = 0; i < t->ncolumns; i++)
			if (strcmp(t->columns[i], name) == 0)
				t->kinds[i] = k;
	}
	if (st != NULL)
		db_done(r->dst, st);
	if (step != DB_DONE)
		return fail(r, URA_EINTERNAL, "cannot read the target's columns",
			    db_error_text(r->dst));
	for (int i = 0; i < t->ncolumns; i++)
		if (t->kinds[i] == KIND_UNKNOWN)
			return fail(r, URA_EINVAL, "a column is missing from the target, or of a type "
				    "migrate-to does not copy", t->columns[i]);
	return URA_OK;
}

/* One value of the source's current row, as the target's column type wants it. */
static enum ura_status
put_value(struct copy_run *r, struct db_stmt *st, int col, enum kind k)
{
	const void *p;
	size_t n = 0;

	if (db_col_null(r->src, st, col))
		return put_field(r, NULL, 0);
	if (k == KIND_INT)
		return put_bigint(r, db_col_int(r->src, st, col));
	if (k == KIND_TEXT) {
		p = db_col_text(r->src, st, col);
		return put_field(r, p, strlen(p));
	}
	p = db_col_blob(r->src, st, col, &n);
	return put_field(r, n > 0 ? p : "", n);
}

static enum ura_status
table_copy(struct copy_run *r, struct table *t)
{
	struct db_stmt *st;
	enum ura_status rc = table_kinds(r, t);
	enum db_step step = DB_FAIL;
	int64_t rows = 0;

	if (rc != URA_OK)
		return rc;
	if ((st = db_prepare(r->src, &t->select_rows)) == NULL ||
	    (rc = copy_begin(r, t->copy_sql)) != URA_OK) {
		if (st != NULL)
			db_done(r->src, st);
		return fail(r, URA_EINTERNAL, "cannot start copying", t->name);
	}
	while (rc == URA_OK && (step = db_step(r->src, st)) == DB_ROW) {
		rc = put_int(r, (uint64_t)t->ncolumns, 2);
		for (int i = 0; rc == URA_OK && i < t->ncolumns; i++)
			rc = put_value(r, st, i, t->kinds[i]);
	}
	if (rc == URA_OK && step != DB_DONE)
		rc = fail(r, URA_EINTERNAL, "cannot read the source", db_error_text(r->src));
	db_done(r->src, st);
	rc = copy_end(r, rc, t->name, &rows);
	r->report->rows += rows;
	return rc;
}

/* ---- attachments' files ---- */

/* One segment of a file (the stream's header, then each sealed chunk) as a row of
 * attachment_chunks (file_id, seq, data), as an upload on PostgreSQL writes them. */
static enum ura_status
chunk_row(struct copy_run *r, const char *file_id, int64_t seq, const unsigned char *p,
	  size_t len)
{
	enum ura_status rc;

	if ((rc = put_int(r, 3, 2)) != URA_OK ||
	    (rc = put_field(r, file_id, strlen(file_id))) != URA_OK ||
	    (rc = put_bigint(r, seq)) != URA_OK || (rc = put_field(r, p, len)) != URA_OK)
		return rc;
	r->chunks++;
	return URA_OK;
}

/* File ids name files: letters, digits, - and _ only (no path). */
static bool
file_id_ok(const char *id)
{
	if (id == NULL || *id == '\0')
		return false;
	for (; *id != '\0'; id++)
		if (!((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z') ||
		      (*id >= '0' && *id <= '9') || *id == '-' || *id == '_'))
			return false;
	return true;
}

static enum ura_status
file_copy(struct copy_run *r, const char *file_id)
{
	char path[1400];
	unsigned char *buf;
	size_t want = ATTACH_HEADER_LEN;
	enum ura_status rc = URA_OK;
	int64_t seq = 0;
	ssize_t n = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", r->files_dir, file_id_ok(file_id) ? file_id : "");
	if (!file_id_ok(file_id) || (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return fail(r, URA_ENOTFOUND, "an attachment's file is missing", path);
	buf = xmalloc(ATTACH_CHUNK_SEALED);
	while (rc == URA_OK && (n = attachment_read_full(fd, buf, want)) > 0) {
		rc = chunk_row(r, file_id, seq++, buf, (size_t)n);
		want = ATTACH_CHUNK_SEALED;
	}
	close(fd);
	free(buf);
	if (rc == URA_OK && n < 0)
		return fail(r, URA_EINTERNAL, "cannot read an attachment's file", path);
	if (rc == URA_OK)
		r->report->files++;
	return rc;
}

/* Whether the source's attachments record purged bytes (purged_at: an anonymised case's or a
 * deleted attachment's, whose file is gone and whose chunks PostgreSQL deletes). */
static bool
attachments_purge(const struct copy_run *r)
{
	for (int i = 0; i < r->ntables; i++)
		for (int c = 0; strcmp(r->tables[i].name, "attachments") == 0 &&
				c < r->tables[i].ncolumns; c++)
			if (strcmp(r->tables[i].columns[c], "purged_at") == 0)
				return true;
	return false;
}

/* The bytes of every attachment that still has them. */
static enum ura_status
chunks_copy(struct copy_run *r, int64_t *rows)
{
	static struct db_query q_all = DB_QUERY("SELECT file_id FROM attachments ORDER BY id");
	static struct db_query q_kept = DB_QUERY(
		"SELECT file_id FROM attachments WHERE purged_at IS NULL ORDER BY id");
	struct db_stmt *st = db_prepare(r->src, attachments_purge(r) ? &q_kept : &q_all);
	enum ura_status rc = URA_EINTERNAL;

	if (st == NULL || (rc = copy_begin(r, "COPY attachment_chunks (file_id, seq, data) "
					      "FROM STDIN (FORMAT binary)")) != URA_OK) {
		if (st != NULL)
			db_done(r->src, st);
		return fail(r, rc, "cannot start copying", "attachment_chunks");
	}
	while (rc == URA_OK && db_step(r->src, st) == DB_ROW)
		rc = file_copy(r, db_col_text(r->src, st, 0));
	db_done(r->src, st);
	rc = copy_end(r, rc, "attachment_chunks", rows);
	r->report->rows += *rows;
	return rc;
}

/* ---- the counts ---- */

static struct copy_count *
count_slot(struct copy_run *r, const char *table)
{
	struct copy_count *c = &r->report->counts[r->report->ncounts++];

	snprintf(c->table, sizeof(c->table), "%s", table);
	return c;
}

/* Each table's rows on both sides, and the chunks the files made; false at a mismatch. */
static enum ura_status
counts_check(struct copy_run *r)
{
	static struct db_query q_chunks = DB_QUERY("SELECT count(*) FROM attachment_chunks");
	enum ura_status rc = URA_OK;
	const char *differs = NULL;

	for (int i = 0; rc == URA_OK && i < r->ntables; i++) {
		struct table *t = &r->tables[i];
		struct copy_count *c = count_slot(r, t->name);
		c->source = t->source;
		c->not_copied = not_copied_note(table_fate(t->name));
		rc = count_rows(r->dst, &t->count_rows, &c->target);
		if (rc == URA_OK && c->not_copied == NULL && c->target != c->source &&
		    differs == NULL)
			differs = c->table;
	}
	if (rc == URA_OK) {
		struct copy_count *c = count_slot(r, "attachment_chunks");
		c->source = r->chunks;
		rc = count_rows(r->dst, &q_chunks, &c->target);
		if (rc == URA_OK && c->target != c->source && differs == NULL)
			differs = c->table;
	}
	if (rc != URA_OK)
		return fail(r, rc, "cannot count the target's rows", db_error_text(r->dst));
	return differs == NULL ? URA_OK : fail(r, URA_EINTERNAL, "row counts differ in", differs);
}

/* Identity columns continue past the largest id copied. */
static const char sequences_sql[] =
	"DO $$DECLARE r record; BEGIN FOR r IN SELECT table_name, column_name "
	"FROM information_schema.columns WHERE table_schema = current_schema() "
	"AND (is_identity = 'YES' OR column_default LIKE 'nextval(%') LOOP "
	"EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), "
	"coalesce(max(%I), 0) + 1, false) FROM %I', "
	"r.table_name, r.column_name, r.column_name, r.table_name); END LOOP; END$$";

/* Every table copied (table_fate), then the attachments' bytes, then the sequences. */
static enum ura_status
copy_all(struct copy_run *r)
{
	enum ura_status rc = URA_OK;
	int64_t chunk_rows = 0;

	for (int i = 0; rc == URA_OK && i < r->ntables; i++)
		if (not_copied_note(table_fate(r->tables[i].name)) == NULL)
			rc = table_copy(r, &r->tables[i]);
	if (rc == URA_OK)
		rc = chunks_copy(r, &chunk_rows);
	if (rc == URA_OK && ((rc = db_exec(r->dst, sequences_sql)) != URA_OK ||
			     (rc = triggers_set(r, true)) != URA_OK))
		return fail(r, rc, "cannot finish the target", db_error_text(r->dst));
	return rc;
}

static enum ura_status
source_open(struct copy_run *r, const char *path, int *version)
{
	struct stat sb;
	enum ura_status rc = URA_OK;

	if (stat(path, &sb) != 0)
		return fail(r, URA_ENOTFOUND, "no SQLite database at", path);
	if ((r->src = sqlite_db_open_alone(path, r->err, r->errlen)) == NULL)
		return URA_EUNAVAILABLE;
	*version = store_db_schema_version(r->src, false);
	if (*version <= 0)
		return fail(r, URA_EINVAL, "not a Ura database", path);
	if (*version != store_migrations_latest(false))
		return fail(r, URA_EINVAL, "the source's schema is not this ura's: run "
			    "`ura migrate --db FILE` on it first", NULL);
	if ((rc = tables_read(r)) != URA_OK || (rc = tables_order(r)) != URA_OK)
		return rc;
	for (int i = 0; rc == URA_OK && i < r->ntables; i++)
		rc = count_rows(r->src, &r->tables[i].count_rows, &r->tables[i].source);
	if (rc != URA_OK)
		return fail(r, rc, "cannot count the source's rows", db_error_text(r->src));
	snprintf(r->files_dir, sizeof(r->files_dir), "%s.files", path);
	return URA_OK;
}

static void
run_free(struct copy_run *r)
{
	/* The connections first: their statements point at the tables' SQL. */
	db_close(r->dst);
	db_close(r->src);
	for (int i = 0; r->tables != NULL && i < r->ntables; i++) {
		free(r->tables[i].select_sql);
		free(r->tables[i].count_sql);
		free(r->tables[i].copy_sql);
	}
	free(r->tables);
	free(r->buf);
}

static double
seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum ura_status
store_copy_to_postgres(const char *sqlite_path, const char *pg_url, copy_check_fn check,
		       void *ctx, struct copy_report *out, char *err, size_t errlen)
{
	struct copy_run r = { .report = out, .err = err, .errlen = errlen,
			      .buf = xmalloc(COPY_BATCH), .cap = COPY_BATCH };
	enum ura_status rc;
	double start;
	int version = 0;

	memset(out, 0, sizeof(*out));
	err[0] = '\0';
	if ((rc = source_open(&r, sqlite_path, &version)) != URA_OK)
		goto done;
	if ((r.dst = pg_db_open(pg_url, err, errlen)) == NULL) {
		rc = URA_EUNAVAILABLE;
		goto done;
	}
	if ((rc = target_prepare(&r, version)) == URA_OK) {
		start = seconds_now();
		rc = copy_all(&r);
		out->seconds = seconds_now() - start;
	}
	if (rc == URA_OK && (rc = counts_check(&r)) == URA_OK &&
	    (rc = check(r.dst, ctx, err, errlen)) == URA_OK &&
	    (rc = db_exec(r.dst, "COMMIT")) != URA_OK)
		fail(&r, rc, "cannot commit", db_error_text(r.dst));
	if (rc != URA_OK)
		db_exec(r.dst, "ROLLBACK");
done:
	run_free(&r);
	return rc;
}
