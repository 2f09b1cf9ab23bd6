/*
 * Opening the store, the connections each thread reads on, and running migrations through the
 * writer (what they apply and how a version is read: store/migrate.c). The writer thread and
 * its batches: store/writer.c.
 */
#include "store/store_impl.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/audit.h"
#include "core/log.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/postgres.h"
#include "store/sqlite.h"

#define TLS_STORES 4

/*
 * Each thread keeps its own connection per store, found by the store's serial number (never
 * by address: a closed store's address may be reused by the next one).
 */
static __thread struct {
	uint64_t serial;
	struct db *db;
} tls_conns[TLS_STORES];
/* SQLite: this thread's reads share one read transaction until store_read_end (issue 15). */
static __thread bool tls_snapshot;
/* PostgreSQL: a background job's round, whose connection is an idle one (store_round_begin). */
static __thread bool tls_round;
static atomic_uint_fast64_t next_serial = 1;

bool
store_url_is_postgres(const char *url)
{
	return pg_url(url);
}

static struct store *
store_new(enum engine engine, const char *url)
{
	struct store *s = xcalloc(1, sizeof(*s));

	s->engine = engine;
	s->serial = atomic_fetch_add(&next_serial, 1);
	snprintf(s->path, sizeof(s->path), "%s", url);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->work, NULL);
	audit_batch_init(&s->audit);
	return s;
}

static void
store_free(struct store *s)
{
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->work);
	audit_batch_free(&s->audit);
	free(s);
}

/* Starts the writer thread on s->writer_db; frees the store when it cannot. */
static enum ura_status
start_writer(struct store **out, struct store *s, char *err, size_t errlen)
{
	if (s->writer_db == NULL) {
		store_free(s);
		return URA_EUNAVAILABLE;
	}
	if (writer_start(s) != URA_OK) {
		db_close(s->writer_db);
		store_free(s);
		snprintf(err, errlen, "cannot start the writer thread");
		return URA_EINTERNAL;
	}
	*out = s;
	return URA_OK;
}

static bool remember(struct store *s, struct db *db);
static void tls_put(const struct store *s, struct db *db);

/* The writer's connection and the calling thread's read connection are made at once: each
 * is a new server process, and a start reads (and writes nothing) before it listens. */
static enum ura_status
open_postgres(struct store **out, const char *url, char *err, size_t errlen)
{
	struct store *s = store_new(ENGINE_POSTGRES, url);
	struct db *writer = pg_db_open_start(url), *reader;
	char reader_err[256];

	reader = pg_db_open(url, reader_err, sizeof(reader_err));
	s->writer_db = pg_db_open_finish(writer, err, errlen);
	if (reader != NULL && s->writer_db != NULL && remember(s, reader))
		tls_put(s, reader);
	else if (reader != NULL)
		db_close(reader);
	return start_writer(out, s, err, errlen);
}

static enum ura_status
open_sqlite(struct store **out, const char *path, bool create, char *err, size_t errlen)
{
	struct store *s;
	struct stat st;

	if (!create && stat(path, &st) != 0) {
		snprintf(err, errlen, "no database at %s (create one with `ura init`)", path);
		return URA_ENOTFOUND;
	}
	s = store_new(ENGINE_SQLITE, path);
	s->writer_db = sqlite_db_open(path, false, create, err, errlen);
	return start_writer(out, s, err, errlen);
}

enum ura_status
store_open(struct store **out, const char *url, bool create, char *err, size_t errlen)
{
	*out = NULL;
	return pg_url(url) ? open_postgres(out, url, err, errlen)
			   : open_sqlite(out, url, create, err, errlen);
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	writer_stop(s);
	for (int i = 0; i < s->nreaders; i++)
		db_close(s->readers[i]);
	for (int i = 0; i < TLS_STORES; i++)
		if (tls_conns[i].serial == s->serial)
			tls_conns[i].serial = 0, tls_conns[i].db = NULL;
	db_close(s->writer_db);
	store_free(s);
}

static struct db *
tls_find(const struct store *s)
{
	for (int i = 0; i < TLS_STORES; i++)
		if (tls_conns[i].serial == s->serial)
			return tls_conns[i].db;
	return NULL;
}

static void
tls_put(const struct store *s, struct db *db)
{
	int slot = (int)(s->serial % TLS_STORES);

	for (int i = 0; i < TLS_STORES; i++)
		if (tls_conns[i].serial == 0) {
			slot = i;
			break;
		}
	tls_conns[slot].serial = s->serial;
	tls_conns[slot].db = db;
}

/* Keeps the connection for store_close; false when the store has handed out too many. */
static bool
remember(struct store *s, struct db *db)
{
	bool ok;

	pthread_mutex_lock(&s->lock);
	ok = s->nreaders < READERS_MAX;
	if (ok)
		s->readers[s->nreaders++] = db;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

/*
 * Between store_read_begin and store_read_end, a SQLite reader opens one read transaction (it
 * takes its snapshot at the first read): the request's statements then check the log and lock
 * once, and keep the pages they read, instead of each its own transaction that a commit in
 * between sends back to the disk.
 */
static struct db *
snapshot_begin(struct store *s, struct db *db)
{
	if (tls_snapshot && s->engine == ENGINE_SQLITE && !sqlite_db_in_transaction(db) &&
	    db_exec(db, "BEGIN") != URA_OK)
		log_event(LOG_ERROR, "store_read_begin", "error=\"%s\"", db_error_text(db));
	return db;
}

/* Ends the calling thread's read transaction, if it has one (SQLite). */
void
reader_snapshot_end(struct store *s)
{
	struct db *db = s->engine == ENGINE_SQLITE ? tls_find(s) : NULL;

	if (db != NULL && sqlite_db_in_transaction(db) && db_exec(db, "COMMIT") != URA_OK)
		log_event(LOG_ERROR, "store_read_end", "error=\"%s\"", db_error_text(db));
}

/*
 * PostgreSQL: a request holds a connection from its first read to its end (store_read_end),
 * then leaves it idle for the next request, on whichever thread. A connection is a server
 * process, 30 ms of CPU to start on a 2-core VM: a connection per worker thread made a client
 * whose requests landed on ten threads start ten (issue 15). A background job's round takes
 * one too (store_round_begin), so that a start opens none for its jobs.
 */
static struct db *
idle_take(struct store *s)
{
	struct db *db = NULL;

	if (!(tls_snapshot || tls_round) || s->engine != ENGINE_POSTGRES)
		return NULL;
	pthread_mutex_lock(&s->lock);
	if (s->nidle > 0)
		db = s->idle[--s->nidle];
	pthread_mutex_unlock(&s->lock);
	if (db != NULL)
		tls_put(s, db);
	return db;
}

/* This thread's connection to the idle ones, if it has one (PostgreSQL). */
static void
idle_give_back(struct store *s)
{
	for (int i = 0; s->engine == ENGINE_POSTGRES && i < TLS_STORES; i++) {
		if (tls_conns[i].serial != s->serial)
			continue;
		pthread_mutex_lock(&s->lock);
		s->idle[s->nidle++] = tls_conns[i].db; /* each of them is in readers[] too */
		pthread_mutex_unlock(&s->lock);
		tls_conns[i].serial = 0, tls_conns[i].db = NULL;
	}
}

void
store_reader_hand_back(struct store *s)
{
	idle_give_back(s);
}

struct db *
store_reader(struct store *s)
{
	char err[256];
	struct db *db = writer_batch_db(s);

	if (db != NULL)
		return db;
	if ((db = tls_find(s)) != NULL || (db = idle_take(s)) != NULL) {
		/* Reconnect after a server restart (reads run no transaction on PostgreSQL). */
		if (s->engine == ENGINE_POSTGRES && pg_db_revive(db) != URA_OK)
			return NULL;
		return snapshot_begin(s, db);
	}
	db = s->engine == ENGINE_POSTGRES ? pg_db_open(s->path, err, sizeof(err))
					  : sqlite_db_open(s->path, true, false, err, sizeof(err));
	if (db == NULL) {
		log_event(LOG_ERROR, "store_reader", "error=\"%s\"", err);
		return NULL;
	}
	if (!remember(s, db)) {
		db_close(db);
		log_event(LOG_ERROR, "store_reader", "error=\"too many reader threads\"");
		return NULL;
	}
	tls_put(s, db);
	return snapshot_begin(s, db);
}

void
store_read_begin(struct store *s)
{
	(void)s;
	tls_snapshot = true;
}

void
store_read_end(struct store *s)
{
	tls_snapshot = false;
	reader_snapshot_end(s);
	idle_give_back(s);
}

void
store_round_begin(struct store *s)
{
	(void)s;
	tls_round = true;
}

void
store_round_end(struct store *s)
{
	tls_round = false;
	idle_give_back(s);
}

enum ura_status
store_ping(struct store *s)
{
	static struct db_query q = DB_QUERY("SELECT 1");
	struct db *db = store_reader(s);
	struct db_stmt *st;

	if (db == NULL || (st = db_prepare(db, &q)) == NULL)
		return URA_EUNAVAILABLE;
	if (db_run(db, st) != URA_OK)
		return URA_EUNAVAILABLE;
	return atomic_load(&s->full) ? URA_EFULL : URA_OK;
}

enum ura_status
store_backup(struct store *s, const char *dest, char *err, size_t errlen)
{
	struct db *db;

	if (s->engine == ENGINE_POSTGRES) {
		snprintf(err, errlen, "back up a PostgreSQL database with pg_dump");
		return URA_EINVAL;
	}
	if ((db = store_reader(s)) == NULL) {
		snprintf(err, errlen, "cannot read the database");
		return URA_EUNAVAILABLE;
	}
	return sqlite_db_backup(db, dest, err, errlen);
}

enum ura_status
store_checkpoint(struct store *s)
{
	char err[256];
	struct db *db;
	enum ura_status st;

	if (s->engine == ENGINE_POSTGRES)
		return URA_OK;
	/* Readers are read-only and the writer is always in a transaction: a connection of its
	 * own, which waits (busy_timeout) for the writer and readers to finish. */
	if ((db = sqlite_db_open(s->path, false, false, err, sizeof(err))) == NULL)
		return URA_EUNAVAILABLE;
	st = db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE);");
	db_close(db);
	return st;
}

enum ura_status
store_restore(const char *source, const char *dest, char *err, size_t errlen)
{
	struct db *db;
	struct stat st;
	enum ura_status rc;

	if (pg_url(source) || pg_url(dest)) {
		snprintf(err, errlen, "restore a PostgreSQL database with pg_restore");
		return URA_EINVAL;
	}
	if (stat(dest, &st) == 0) {
		snprintf(err, errlen, "%s already exists; restore into a new path", dest);
		return URA_EEXISTS;
	}
	if (stat(source, &st) != 0) {
		snprintf(err, errlen, "no backup at %s", source);
		return URA_ENOTFOUND;
	}
	/* Read-only: restoring never changes the backup itself. */
	if ((db = sqlite_db_open(source, true, false, err, errlen)) == NULL)
		return URA_EINVAL;
	if (store_db_schema_version(db, false) <= 0) {
		snprintf(err, errlen, "%s is not a Ura database", source);
		rc = URA_EINVAL;
	} else {
		rc = sqlite_db_backup(db, dest, err, errlen);
	}
	db_close(db);
	return rc;
}

/* ---- migrations (their SQL side: store/migrate.c) ---- */

int
store_schema_version(struct store *s)
{
	struct db *db = store_reader(s);
	return db != NULL ? store_db_schema_version(db, s->engine == ENGINE_POSTGRES) : -1;
}

struct migrate_job {
	struct store *store;
	int applied;
};

/* On PostgreSQL, several processes may start at once: the first to lock migrates. */
static enum ura_status
migrate_lock(struct store *s, struct db *db)
{
	static struct db_query q = DB_QUERY("SELECT pg_advisory_xact_lock(21825, 0)");
	struct db_stmt *st;

	if (s->engine != ENGINE_POSTGRES)
		return URA_OK;
	return (st = db_prepare(db, &q)) != NULL ? db_run(db, st) : URA_EINTERNAL;
}

static enum ura_status
migrate_fn(struct db *db, void *arg)
{
	struct migrate_job *job = arg;
	enum ura_status rc = migrate_lock(job->store, db);

	if (rc != URA_OK)
		return rc;
	return store_migrations_run(db, job->store->engine == ENGINE_POSTGRES, &job->applied);
}

enum ura_status
store_migrate(struct store *s, int *applied, char *err, size_t errlen)
{
	struct migrate_job job = { .store = s };
	enum ura_status rc;

	/* Already at the newest version (every start but an upgrade's): a read says so, with no
	 * write transaction, chain lock or advisory lock (on PostgreSQL about 18 round trips on
	 * the writer before the server could answer; issue 15). Versions only ever grow. */
	if (store_schema_version(s) == store_migrations_latest(s->engine == ENGINE_POSTGRES)) {
		if (applied != NULL)
			*applied = 0;
		return URA_OK;
	}
	rc = store_write(s, migrate_fn, &job);

	/* The writer's last error: nothing else is written while the store migrates. */
	if (rc != URA_OK)
		snprintf(err, errlen, "migration failed: %s", db_error_text(s->writer_db));
	if (applied != NULL)
		*applied = job.applied;
	return rc;
}
