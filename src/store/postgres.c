/*
 * The PostgreSQL driver: one libpq connection per struct db, and a per-connection cache of
 * prepared statements indexed by query slot.
 *
 * Parameters travel as text, except blobs, which go in binary (bytea needs no escaping then).
 * A statement is prepared (PQprepare) on its first execution, with the types of the values
 * bound then: integers as bigint, blobs as bytea, text and NULL left for the server to infer
 * from the SQL. So `$1 = 0` compares a bigint, as it does on SQLite, without casts in the SQL.
 * Results come back as text; bytea columns are decoded from their hex form on demand.
 *
 * A connection that dies (the server restarted) is re-established: pg_db_revive reconnects a
 * connection libpq reports as bad, and a statement that fails for that reason outside a
 * transaction is sent once more on the new connection. Reconnecting forgets the prepared
 * statements, so the cache marks them all unprepared.
 */
#include "store/postgres.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"

#define PG_MAX_PARAMS 65535 /* the protocol's limit */
#define PG_MAX_COLS 64
#define PG_INT8OID 20
#define PG_BYTEAOID 17
#define PG_TEXTOID 25

struct pg_db;

struct db_stmt {
	struct pg_db *owner;
	const char *sql;
	char name[16];
	bool prepared;
	int nparams;                          /* the highest $N bound since the last done */
	int room;                             /* the length of each array below */
	Oid *types;
	const char **values;                  /* into bufs, or NULL for SQL NULL */
	int *lengths;
	int *formats;                         /* 0 text, 1 binary */
	char **bufs;
	size_t *caps;
	PGresult *res;                        /* set once executed, until done */
	int row, nrows;
	unsigned char *blobs[PG_MAX_COLS];    /* decoded bytea of the current row */
	size_t blob_lens[PG_MAX_COLS];
};

struct pg_db {
	struct db base;
	PGconn *conn;
	struct db_stmt **cache;
	int cache_len;
	char sqlstate[6];
	char message[256];
	bool unavailable;
};

static const struct db_driver pg_driver;

static struct pg_db *
pg_of(struct db *db)
{
	return (struct pg_db *)db;
}

bool
pg_url(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

/* ---- errors ---- */

/* One line without double quotes, fit for a log field. */
static void
tidy(char *text)
{
	for (char *c = text; *c != '\0'; c++)
		if (*c == '\n' || *c == '"')
			*c = *c == '"' ? '\'' : ' ';
	for (size_t n = strlen(text); n > 0 && text[n - 1] == ' '; n--)
		text[n - 1] = '\0';
}

/* Keeps the reason of a failed result (or of the connection) for db_error and the log. */
static void
record_error(struct pg_db *p, const PGresult *r)
{
	const char *state = r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r != NULL ? PQresultErrorMessage(r) : "";

	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(p->conn);
	snprintf(p->sqlstate, sizeof(p->sqlstate), "%s", state != NULL ? state : "");
	snprintf(p->message, sizeof(p->message), "%s", msg);
	tidy(p->message);
	/* Class 08 is a connection failure; 57P01-57P03 an administrator shutdown or restart. */
	p->unavailable = PQstatus(p->conn) == CONNECTION_BAD ||
			 strncmp(p->sqlstate, "08", 2) == 0 || strncmp(p->sqlstate, "57P", 3) == 0;
	if (strcmp(p->sqlstate, "23505") != 0)
		log_event(p->unavailable ? LOG_WARN : LOG_ERROR, "postgres_error",
			  "sqlstate=%s error=\"%s\"", p->sqlstate[0] ? p->sqlstate : "-", p->message);
}

static enum ura_status
pg_error(struct db *db)
{
	struct pg_db *p = pg_of(db);

	if (p->unavailable)
		return URA_EUNAVAILABLE;
	if (strcmp(p->sqlstate, "23505") == 0)
		return URA_EEXISTS;
	/* A serialization failure or deadlock: the request may simply be tried again. */
	if (strcmp(p->sqlstate, "40001") == 0 || strcmp(p->sqlstate, "40P01") == 0)
		return URA_EUNAVAILABLE;
	/* disk_full: as SQLite's SQLITE_FULL, the write is refused whole and may come again. */
	if (strcmp(p->sqlstate, "53100") == 0)
		return URA_EFULL;
	return URA_EINTERNAL;
}

static const char *pg_error_text(struct db *db)
{ return pg_of(db)->message; }

/* ---- connections ---- */

static void
forget_prepared(struct pg_db *p)
{
	for (int i = 0; i < p->cache_len; i++)
		if (p->cache[i] != NULL)
			p->cache[i]->prepared = false;
}

enum ura_status
pg_db_revive(struct db *db)
{
	struct pg_db *p = pg_of(db);

	if (PQstatus(p->conn) == CONNECTION_OK)
		return URA_OK;
	forget_prepared(p);
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		record_error(p, NULL);
		return URA_EUNAVAILABLE;
	}
	log_event(LOG_INFO, "postgres_reconnected", "server=%s", PQhost(p->conn));
	return URA_OK;
}

bool
pg_db_in_transaction(struct db *db)
{
	return PQtransactionStatus(pg_of(db)->conn) == PQTRANS_INTRANS;
}

static void
quiet_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* PQconnectPoll until the connection is made or fails; false when a wait for the server
 * passed 5 s (connect_timeout below bounds only a blocking connect). */
static bool
connect_poll(PGconn *conn)
{
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;

	while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
		struct pollfd fd = { .fd = PQsocket(conn),
				     .events = st == PGRES_POLLING_READING ? POLLIN : POLLOUT };
		int n = poll(&fd, 1, 5000);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		st = PQconnectPoll(conn);
	}
	return true;
}

struct db *
pg_db_open_start(const char *url)
{
	/* The URL comes last so that its own settings win over these defaults. */
	const char *const keys[] = { "fallback_application_name", "connect_timeout", "dbname",
				     NULL };
	const char *const vals[] = { "ura", "5", url, NULL };
	struct pg_db *p = xcalloc(1, sizeof(*p));

	p->base.driver = &pg_driver;
	p->conn = PQconnectStartParams(keys, vals, 1);
	return &p->base;
}

struct db *
pg_db_open_finish(struct db *db, char *err, size_t errlen)
{
	struct pg_db *p = pg_of(db);
	bool in_time = true;

	if (p->conn != NULL && PQstatus(p->conn) != CONNECTION_BAD)
		in_time = connect_poll(p->conn);
	if (p->conn == NULL || PQstatus(p->conn) != CONNECTION_OK) {
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
			 p->conn == NULL ? "out of memory" : !in_time ? "timeout expired"
			 : PQerrorMessage(p->conn));
		tidy(err);
		PQfinish(p->conn);
		free(p);
		return NULL;
	}
	PQsetNoticeProcessor(p->conn, quiet_notices, NULL);
	return &p->base;
}

struct db *
pg_db_open(const char *url, char *err, size_t errlen)
{
	return pg_db_open_finish(pg_db_open_start(url), err, errlen);
}

static void
free_blobs(struct db_stmt *st)
{
	for (int i = 0; i < PG_MAX_COLS; i++) {
		if (st->blobs[i] != NULL) {
			PQfreemem(st->blobs[i]);
			st->blobs[i] = NULL;
		}
	}
}

static void
stmt_free(struct db_stmt *st)
{
	free_blobs(st);
	PQclear(st->res);
	for (int i = 0; i < st->room; i++)
		free(st->bufs[i]);
	free(st->types);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st->bufs);
	free(st->caps);
	free(st);
}

static void
pg_close(struct db *db)
{
	struct pg_db *p = pg_of(db);

	for (int i = 0; i < p->cache_len; i++)
		if (p->cache[i] != NULL)
			stmt_free(p->cache[i]);
	free(p->cache);
	PQfinish(p->conn);
	free(p);
}

/* ---- statements ---- */

static struct db_stmt *
pg_prepare(struct db *db, struct db_query *q)
{
	struct pg_db *p = pg_of(db);
	int slot = db_query_slot(q);

	if (slot >= p->cache_len) {
		int len = slot + 32;
		p->cache = realloc(p->cache, (size_t)len * sizeof(*p->cache));
		if (p->cache == NULL)
			abort();
		memset(p->cache + p->cache_len, 0, (size_t)(len - p->cache_len) * sizeof(*p->cache));
		p->cache_len = len;
	}
	if (p->cache[slot] == NULL) {
		struct db_stmt *st = xcalloc(1, sizeof(*st));
		st->owner = p;
		st->sql = q->pg_sql != NULL ? q->pg_sql : q->sql;
		snprintf(st->name, sizeof(st->name), "ura_%d", slot);
		p->cache[slot] = st;
	}
	return p->cache[slot];
}

/* Grows an array of `room` elements of `size` bytes to `want`, the new ones zeroed. */
static void *
grow(void *array, int room, int want, size_t size)
{
	char *p = xrealloc(array, (size_t)want * size);

	memset(p + (size_t)room * size, 0, (size_t)(want - room) * size);
	return p;
}

/* Room for $1 to $i: most statements bind a few parameters, a multi-row INSERT hundreds. */
static void
make_room(struct db_stmt *st, int i)
{
	int want = st->room < 16 ? 16 : st->room;

	while (want < i)
		want *= 2;
	st->types = grow(st->types, st->room, want, sizeof(*st->types));
	st->values = grow(st->values, st->room, want, sizeof(*st->values));
	st->lengths = grow(st->lengths, st->room, want, sizeof(*st->lengths));
	st->formats = grow(st->formats, st->room, want, sizeof(*st->formats));
	st->bufs = grow(st->bufs, st->room, want, sizeof(*st->bufs));
	st->caps = grow(st->caps, st->room, want, sizeof(*st->caps));
	st->room = want;
}

/* Copies a parameter's bytes into the statement's buffer for $i. */
static void
set_param(struct db_stmt *st, int i, Oid type, int format, const void *v, size_t len)
{
	int k = i - 1;

	if (k < 0 || k >= PG_MAX_PARAMS)
		return;
	if (k >= st->room)
		make_room(st, i);
	if (st->caps[k] < len + 1) {
		st->caps[k] = len + 1 < 32 ? 32 : len + 1;
		free(st->bufs[k]);
		st->bufs[k] = xmalloc(st->caps[k]);
	}
	memcpy(st->bufs[k], v, len);
	st->bufs[k][len] = '\0';
	if (!st->prepared)
		st->types[k] = type;
	st->values[k] = st->bufs[k];
	st->lengths[k] = (int)len;
	st->formats[k] = format;
	if (i > st->nparams)
		st->nparams = i;
}

static void
pg_bind_int(struct db_stmt *st, int i, int64_t v)
{
	char text[24];
	int len = snprintf(text, sizeof(text), "%lld", (long long)v);

	set_param(st, i, PG_INT8OID, 0, text, (size_t)len);
}

/* Texts are declared text, so a statement may bind one it does not use (as with integers);
 * only NULLs are left for the server to type from their use. */
static void pg_bind_text(struct db_stmt *st, int i, const char *s, size_t len)
{ set_param(st, i, PG_TEXTOID, 0, s, len); }
static void pg_bind_blob(struct db_stmt *st, int i, const void *p, size_t len)
{ set_param(st, i, PG_BYTEAOID, 1, p, len); }

static void
pg_bind_null(struct db_stmt *st, int i)
{
	set_param(st, i, 0, 0, "", 0);
	if (i >= 1 && i <= PG_MAX_PARAMS)
		st->values[i - 1] = NULL;
}

static bool
result_ok(const PGresult *r)
{
	ExecStatusType s = PQresultStatus(r);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

/* Sends a statement (prepared on first use) or, when st is NULL, the SQL text. */
static PGresult *
send_once(struct pg_db *p, struct db_stmt *st, const char *sql)
{
	if (st == NULL)
		return PQexec(p->conn, sql);
	if (!st->prepared) {
		PGresult *r = PQprepare(p->conn, st->name, st->sql, st->nparams, st->types);
		if (!result_ok(r))
			return r;
		PQclear(r);
		st->prepared = true;
	}
	return PQexecPrepared(p->conn, st->name, st->nparams, st->values, st->lengths,
			      st->formats, 0);
}

/*
 * Sends once more after reconnecting when the connection turned out dead while idle: no
 * transaction was open, so nothing of this connection's work is lost by resending.
 */
static PGresult *
send_statement(struct pg_db *p, struct db_stmt *st, const char *sql)
{
	bool idle = PQtransactionStatus(p->conn) == PQTRANS_IDLE;
	PGresult *r = send_once(p, st, sql);

	if (!result_ok(r) && idle && PQstatus(p->conn) == CONNECTION_BAD &&
	    pg_db_revive(&p->base) == URA_OK) {
		PQclear(r);
		r = send_once(p, st, sql);
	}
	if (!result_ok(r)) {
		record_error(p, r);
	} else {
		p->sqlstate[0] = '\0';
		p->unavailable = false;
	}
	return r;
}

static enum db_step
pg_step(struct db_stmt *st)
{
	free_blobs(st);
	if (st->res == NULL) {
		st->res = send_statement(st->owner, st, NULL);
		if (!result_ok(st->res)) {
			PQclear(st->res);
			st->res = NULL;
			return DB_FAIL;
		}
		st->row = -1;
		st->nrows = PQntuples(st->res);
	}
	if (st->row < st->nrows)
		st->row++;
	return st->row < st->nrows ? DB_ROW : DB_DONE;
}

static bool
has_value(struct db_stmt *st, int col)
{
	return st->res != NULL && st->row >= 0 && st->row < st->nrows && col >= 0 &&
	       col < PQnfields(st->res) && !PQgetisnull(st->res, st->row, col);
}

static bool pg_col_null(struct db_stmt *st, int col)
{ return !has_value(st, col); }

static int64_t
pg_col_int(struct db_stmt *st, int col)
{
	return has_value(st, col) ? strtoll(PQgetvalue(st->res, st->row, col), NULL, 10) : 0;
}

static const char *
pg_col_text(struct db_stmt *st, int col)
{
	return has_value(st, col) ? PQgetvalue(st->res, st->row, col) : NULL;
}

static const void *
pg_col_blob(struct db_stmt *st, int col, size_t *len)
{
	*len = 0;
	if (!has_value(st, col) || col >= PG_MAX_COLS)
		return NULL;
	if (st->blobs[col] == NULL) {
		const char *hex = PQgetvalue(st->res, st->row, col);
		st->blobs[col] = PQunescapeBytea((const unsigned char *)hex, &st->blob_lens[col]);
		if (st->blobs[col] == NULL)
			st->blob_lens[col] = 0;
	}
	*len = st->blob_lens[col];
	return st->blobs[col];
}

static void
pg_done(struct db_stmt *st)
{
	free_blobs(st);
	PQclear(st->res);
	st->res = NULL;
	st->nparams = 0;
	if (st->room > 0)
		memset(st->values, 0, (size_t)st->room * sizeof(*st->values));
}

static enum ura_status
pg_exec(struct db *db, const char *sql)
{
	struct pg_db *p = pg_of(db);
	PGresult *r = send_statement(p, NULL, sql);
	bool ok = result_ok(r);

	/* COMMIT of a transaction that had failed answers "ROLLBACK", not an error. */
	if (ok && strcmp(sql, "COMMIT") == 0 && strcmp(PQcmdStatus(r), "COMMIT") != 0) {
		snprintf(p->sqlstate, sizeof(p->sqlstate), "40000");
		snprintf(p->message, sizeof(p->message), "the transaction was rolled back");
		ok = false;
	}
	PQclear(r);
	return ok ? URA_OK : pg_error(db);
}

/* ---- COPY ... FROM STDIN ---- */

enum ura_status
pg_db_copy_begin(struct db *db, const char *sql)
{
	struct pg_db *p = pg_of(db);
	PGresult *r = PQexec(p->conn, sql);
	bool ok = PQresultStatus(r) == PGRES_COPY_IN;

	if (!ok)
		record_error(p, r);
	PQclear(r);
	return ok ? URA_OK : pg_error(db);
}

enum ura_status
pg_db_copy_put(struct db *db, const char *data, size_t len)
{
	struct pg_db *p = pg_of(db);

	if (len > INT32_MAX || PQputCopyData(p->conn, data, (int)len) != 1) {
		record_error(p, NULL);
		return pg_error(db);
	}
	return URA_OK;
}

enum ura_status
pg_db_copy_end(struct db *db, const char *abort_reason, int64_t *rows)
{
	struct pg_db *p = pg_of(db);
	enum ura_status st = URA_OK;
	PGresult *r;

	if (PQputCopyEnd(p->conn, abort_reason) != 1) {
		record_error(p, NULL);
		st = pg_error(db);
	}
	while ((r = PQgetResult(p->conn)) != NULL) {
		if (PQresultStatus(r) == PGRES_COMMAND_OK && rows != NULL)
			*rows = strtoll(PQcmdTuples(r), NULL, 10);
		else if (PQresultStatus(r) != PGRES_COMMAND_OK && st == URA_OK) {
			record_error(p, r);
			st = pg_error(db);
		}
		PQclear(r);
	}
	return abort_reason != NULL && st == URA_OK ? URA_EINTERNAL : st;
}

static const struct db_driver pg_driver = {
	.name = "postgres",
	.prepare = pg_prepare,
	.bind_int = pg_bind_int,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.col_null = pg_col_null,
	.col_int = pg_col_int,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.done = pg_done,
	.exec = pg_exec,
	.error = pg_error,
	.error_text = pg_error_text,
	.close = pg_close,
};
