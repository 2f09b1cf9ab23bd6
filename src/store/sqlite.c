/*
 * The SQLite driver: WAL, foreign keys, synchronous=FULL, a busy timeout, and a per-connection
 * cache of prepared statements indexed by query slot. SQL is written with $N placeholders;
 * SQLite reads "$1" as a named parameter, so binding looks the index up by name once per
 * statement and keeps it.
 */
#include "store/sqlite.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"

struct db_stmt {
	sqlite3_stmt *stmt;
	int *index_of; /* $N -> SQLite parameter index, for N up to max_n (0: not in the SQL) */
	int max_n;
};

struct sqlite_db {
	struct db base;
	sqlite3 *conn;
	struct db_stmt **cache;
	int cache_len;
};

static const struct db_driver sqlite_driver;

static struct sqlite_db *
sqlite_of(struct db *db)
{
	return (struct sqlite_db *)db;
}

/* The number N of a parameter named "$N", or 0 for any other name. */
static int
dollar_number(const char *name)
{
	return name != NULL && name[0] == '$' ? atoi(name + 1) : 0;
}

/* Maps each $N of the statement to its SQLite index (SQLite numbers named parameters in the
 * order they first appear, so the two may differ). */
static void
map_parameters(struct db_stmt *st)
{
	int count = sqlite3_bind_parameter_count(st->stmt);

	for (int i = 1; i <= count; i++) {
		int n = dollar_number(sqlite3_bind_parameter_name(st->stmt, i));
		if (n > st->max_n)
			st->max_n = n;
	}
	st->index_of = xcalloc((size_t)st->max_n + 1, sizeof(*st->index_of));
	for (int i = 1; i <= count; i++) {
		int n = dollar_number(sqlite3_bind_parameter_name(st->stmt, i));
		if (n > 0)
			st->index_of[n] = i;
	}
}

static struct db_stmt *
sqlite_stmt_new(struct sqlite_db *s, const char *sql)
{
	struct db_stmt *st = xcalloc(1, sizeof(*st));

	if (sqlite3_prepare_v3(s->conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->stmt, NULL) !=
	    SQLITE_OK) {
		log_event(LOG_ERROR, "sqlite_prepare", "error=\"%s\"", sqlite3_errmsg(s->conn));
		free(st);
		return NULL;
	}
	map_parameters(st);
	return st;
}

static struct db_stmt *
sqlite_prepare(struct db *db, struct db_query *q)
{
	struct sqlite_db *s = sqlite_of(db);
	int slot = db_query_slot(q);

	if (slot >= s->cache_len) {
		int len = slot + 32;
		s->cache = realloc(s->cache, (size_t)len * sizeof(*s->cache));
		if (s->cache == NULL)
			abort();
		memset(s->cache + s->cache_len, 0, (size_t)(len - s->cache_len) * sizeof(*s->cache));
		s->cache_len = len;
	}
	if (s->cache[slot] == NULL)
		s->cache[slot] = sqlite_stmt_new(s, q->sql);
	return s->cache[slot];
}

static int
param(struct db_stmt *st, int i)
{
	return i > 0 && i <= st->max_n ? st->index_of[i] : 0;
}

static void sqlite_bind_int(struct db_stmt *st, int i, int64_t v)
{ sqlite3_bind_int64(st->stmt, param(st, i), v); }
static void sqlite_bind_text(struct db_stmt *st, int i, const char *s, size_t len)
{ sqlite3_bind_text(st->stmt, param(st, i), s, (int)len, SQLITE_TRANSIENT); }
static void sqlite_bind_blob(struct db_stmt *st, int i, const void *p, size_t len)
{ sqlite3_bind_blob(st->stmt, param(st, i), p, (int)len, SQLITE_TRANSIENT); }
static void sqlite_bind_null(struct db_stmt *st, int i)
{ sqlite3_bind_null(st->stmt, param(st, i)); }

static enum db_step
sqlite_step(struct db_stmt *st)
{
	int rc = sqlite3_step(st->stmt);

	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return DB_FAIL;
}

static bool sqlite_col_null(struct db_stmt *st, int col)
{ return sqlite3_column_type(st->stmt, col) == SQLITE_NULL; }
static int64_t sqlite_col_int(struct db_stmt *st, int col)
{ return sqlite3_column_int64(st->stmt, col); }
static const char *sqlite_col_text(struct db_stmt *st, int col)
{ return (const char *)sqlite3_column_text(st->stmt, col); }

static const void *
sqlite_col_blob(struct db_stmt *st, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(st->stmt, col);
	*len = (size_t)sqlite3_column_bytes(st->stmt, col);
	return p;
}

static void
sqlite_done(struct db_stmt *st)
{
	sqlite3_reset(st->stmt);
	sqlite3_clear_bindings(st->stmt);
}

static enum ura_status
sqlite_exec(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(sqlite_of(db)->conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_event(LOG_ERROR, "sqlite_exec", "error=\"%s\"", msg ? msg : "?");
		sqlite3_free(msg);
		return db_error(db);
	}
	return URA_OK;
}

static enum ura_status
sqlite_error(struct db *db)
{
	int ext = sqlite3_extended_errcode(sqlite_of(db)->conn);

	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return URA_EEXISTS;
	if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_CANTOPEN)
		return URA_EUNAVAILABLE;
	/* A full disk, or the size cap (PRAGMA max_page_count): the write is refused whole. */
	if ((ext & 0xff) == SQLITE_FULL)
		return URA_EFULL;
	return URA_EINTERNAL;
}

static const char *sqlite_error_text(struct db *db)
{ return sqlite3_errmsg(sqlite_of(db)->conn); }

static void
sqlite_close(struct db *db)
{
	struct sqlite_db *s = sqlite_of(db);

	for (int i = 0; i < s->cache_len; i++) {
		if (s->cache[i] != NULL) {
			sqlite3_finalize(s->cache[i]->stmt);
			free(s->cache[i]->index_of);
			free(s->cache[i]);
		}
	}
	free(s->cache);
	sqlite3_close_v2(s->conn);
	free(s);
}

static const struct db_driver sqlite_driver = {
	.name = "sqlite",
	.prepare = sqlite_prepare,
	.bind_int = sqlite_bind_int,
	.bind_text = sqlite_bind_text,
	.bind_blob = sqlite_bind_blob,
	.bind_null = sqlite_bind_null,
	.step = sqlite_step,
	.col_null = sqlite_col_null,
	.col_int = sqlite_col_int,
	.col_text = sqlite_col_text,
	.col_blob = sqlite_col_blob,
	.done = sqlite_done,
	.exec = sqlite_exec,
	.error = sqlite_error,
	.error_text = sqlite_error_text,
	.close = sqlite_close,
};

struct db *
sqlite_db_open(const char *path, bool readonly, bool create, char *err, size_t errlen)
{
	int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
		    (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
		    (create ? SQLITE_OPEN_CREATE : 0);
	struct sqlite_db *s = xcalloc(1, sizeof(*s));
	/* secure_delete: what is deleted or overwritten is zeroed in the file, so an anonymised
	 * case's old ciphertext and key leave no trace in free space (issue 16). */
	static const char pragmas[] =
		"PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;"
		"PRAGMA trusted_schema=OFF; PRAGMA secure_delete=ON;";
	/* A writer keeps the statement journal of a write that fires triggers (the report
	 * rollups of migration 024) in memory instead of a temporary file: a tenth of the cost.
	 * Readers keep SQLite's default: a report's sorts in temporary files, not in the heap,
	 * where a national summary's left the process 18 MB larger for good (issue 15). */
	static const char writer_pragmas[] = "PRAGMA temp_store=MEMORY; PRAGMA journal_mode=WAL;";

	s->base.driver = &sqlite_driver;
	if (sqlite3_open_v2(path, &s->conn, flags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 s->conn ? sqlite3_errmsg(s->conn) : "out of memory");
		sqlite_close(&s->base);
		return NULL;
	}
	if (sqlite3_exec(s->conn, pragmas, NULL, NULL, NULL) != SQLITE_OK ||
	    (!readonly && sqlite3_exec(s->conn, writer_pragmas, NULL, NULL, NULL) != SQLITE_OK)) {
		snprintf(err, errlen, "cannot configure %s: %s", path, sqlite3_errmsg(s->conn));
		sqlite_close(&s->base);
		return NULL;
	}
	return &s->base;
}

struct db *
sqlite_db_open_alone(const char *path, char *err, size_t errlen)
{
	/* Exclusive locking mode set before the first read: the write transaction below takes
	 * the file's EXCLUSIVE lock, which another connection's SHARED lock (every open WAL
	 * connection, even an idle one, holds one) refuses at once. */
	static const char pragmas[] =
		"PRAGMA locking_mode=EXCLUSIVE; PRAGMA busy_timeout=0; PRAGMA foreign_keys=ON;"
		"PRAGMA trusted_schema=OFF;";
	struct sqlite_db *s = xcalloc(1, sizeof(*s));
	int rc;

	s->base.driver = &sqlite_driver;
	if (sqlite3_open_v2(path, &s->conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
				    SQLITE_OPEN_EXRESCODE, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->conn, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 s->conn ? sqlite3_errmsg(s->conn) : "out of memory");
		sqlite_close(&s->base);
		return NULL;
	}
	if ((rc = sqlite3_exec(s->conn, "BEGIN EXCLUSIVE", NULL, NULL, NULL)) != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
			snprintf(err, errlen, "%s is in use (is `ura serve` running on it?): stop "
				 "the server first, or copy it with `ura backup` and migrate the copy",
				 path);
		else
			snprintf(err, errlen, "cannot lock %s: %s", path, sqlite3_errmsg(s->conn));
		sqlite_close(&s->base);
		return NULL;
	}
	return &s->base;
}

enum ura_status
sqlite_db_cap_size(struct db *db, int64_t max_bytes)
{
	sqlite3 *conn = sqlite_of(db)->conn;
	sqlite3_stmt *st = NULL;
	int64_t page = 4096, pages = 4294967294; /* SQLite's own largest page count */
	char sql[64];

	if (sqlite3_prepare_v2(conn, "PRAGMA page_size", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		page = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (max_bytes > 0 && page > 0)
		pages = max_bytes / page;
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld", (long long)pages);
	return sqlite_exec(db, sql);
}

bool
sqlite_db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(sqlite_of(db)->conn);
}

enum ura_status
sqlite_db_backup(struct db *db, const char *dest, char *err, size_t errlen)
{
	sqlite3 *out = NULL;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errlen, "cannot create %s", dest);
		sqlite3_close(out);
		return URA_EINTERNAL;
	}
	b = sqlite3_backup_init(out, "main", sqlite_of(db)->conn, "main");
	if (b == NULL) {
		snprintf(err, errlen, "backup failed: %s", sqlite3_errmsg(out));
		sqlite3_close(out);
		return URA_EINTERNAL;
	}
	/* Copy in steps so writers are not held off for the whole copy. */
	do {
		rc = sqlite3_backup_step(b, 256);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "backup failed: %s", sqlite3_errstr(rc));
	sqlite3_close(out);
	return rc == SQLITE_OK ? URA_OK : URA_EINTERNAL;
}
