/*
 * Opening the store, per-thread read connections, the write path, and running migrations
 * through it (what they apply and how a version is read: store/migrate.c).
 *
 * Why a writer thread: a durable commit costs one fsync (about 0.34 ms for SQLite here), which
 * caps one-commit-per-request near 2,000 writes/s. The writer takes every write that is
 * waiting, runs each in its own savepoint inside one transaction, and commits once: each
 * request still returns only after its data is on disk, and a failing request rolls back
 * alone. Both engines write this way, each process with one writer connection.
 *
 * PostgreSQL, several processes on one database: each batch first locks the audit chain's head
 * row, so the processes' batches take turns on that one lock and cannot deadlock on rows
 * locked in different orders (every write appends to the chain, so a batch would take the head
 * anyway). A lost connection fails the batch's writes as unavailable; the next batch
 * reconnects.
 *
 * The audit entries the batch's writes append are written just before the commit, all of them
 * in a few statements (audit_batch_write), not three statements each while the batch holds the
 * chain's lock; a write that rolls back takes its entries with it. And between two writes, the
 * release of one's savepoint and the next one's go in one round trip.
 */
#include "store/store.h"

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

#define WRITE_BATCH_MAX 512
#define READERS_MAX 1024
#define TLS_STORES 4

enum engine { ENGINE_SQLITE, ENGINE_POSTGRES };

struct write_job {
	store_write_fn fn;
	void *ctx;
	enum ura_status status;
	bool done;
	pthread_cond_t finished; /* signalled for this job alone: no waiter wakes for another's */
	struct write_job *next;
};

struct store {
	enum engine engine;
	uint64_t serial;                 /* unique per store_open, for the thread caches */
	char path[1024];                 /* file path or URL */
	struct db *writer_db;            /* the writer thread's connection */
	struct audit_batch audit;        /* the running batch's audit entries */
	bool head_exists;                /* PostgreSQL: audit_head is there to lock (migrated) */
	pthread_t writer;
	pthread_mutex_t lock;
	pthread_cond_t work;
	struct write_job *head, *tail;
	bool stopping;
	struct db *readers[READERS_MAX]; /* every connection handed out, closed with the store */
	int nreaders;
	struct db *idle[READERS_MAX];    /* PostgreSQL: connections no request holds (a stack) */
	int nidle;
	atomic_bool full;                /* the last write found the database full */
	atomic_int_fast64_t pending;     /* writes queued or in the running batch */
	atomic_int_fast64_t writes, batches; /* done since store_open */
};

/*
 * Each thread keeps its own connection per store, found by the store's serial number (never
 * by address: a closed store's address may be reused by the next one).
 */
static __thread struct {
	uint64_t serial;
	struct db *db;
} tls_conns[TLS_STORES];
/* The writer thread during a batch. PostgreSQL: store_reader answers with the batch's
 * connection, so that a write function reads what it (and its batch) wrote, as when each
 * request ran its own transaction on its own connection. (SQLite's writer thread reads the
 * last commit on a reader connection, as it always has: serial stays 0.) Both: audit_append
 * on the batch's connection adds to the batch's entries (store_batch_audit). */
static __thread struct {
	uint64_t serial;
	struct db *db;
	struct audit_batch *audit;
} tls_batch;
/* SQLite: this thread's reads share one read transaction until store_read_end (issue 15). */
static __thread bool tls_snapshot;
/* PostgreSQL: a background job's round, whose connection is an idle one (store_round_begin). */
static __thread bool tls_round;
static atomic_uint_fast64_t next_serial = 1;


static struct db_query q_savepoint = DB_QUERY("SAVEPOINT request");
static struct db_query q_rollback_to = DB_QUERY("ROLLBACK TO request");
static struct db_query q_begin = DB_QUERY_BY_ENGINE("BEGIN IMMEDIATE", "BEGIN");
static struct db_query q_head_exists = DB_QUERY(
	"SELECT CASE WHEN to_regclass('audit_head') IS NULL THEN 0 ELSE 1 END");
static struct db_query q_head_lock = DB_QUERY("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE");
static struct db_query q_commit = DB_QUERY("COMMIT");
static struct db_query q_rollback = DB_QUERY("ROLLBACK");

static enum ura_status
run_simple(struct db *db, struct db_query *q)
{
	struct db_stmt *st = db_prepare(db, q);
	return st != NULL ? db_run(db, st) : URA_EINTERNAL;
}

/* A failure of the batch's own statements (savepoints, commit): full and unreachable say so,
 * anything else is ours. */
static enum ura_status
batch_failure(enum ura_status st)
{
	return st == URA_EFULL || st == URA_EUNAVAILABLE ? st : URA_EINTERNAL;
}

/*
 * Opens a job's savepoint. Past the first job, the savepoint of the job before is still open
 * (with its work, or empty after a rollback to it): releasing it and opening the next take one
 * round trip. The last job's is released by the COMMIT. A failure here is the batch's.
 */
static enum ura_status
open_savepoint(struct db *db, bool first)
{
	enum ura_status st = first ? run_simple(db, &q_savepoint)
				   : db_exec(db, "RELEASE request; SAVEPOINT request");

	return st == URA_OK ? URA_OK : batch_failure(st);
}

/* One job inside the batch transaction, isolated by its savepoint: a job that fails leaves
 * nothing behind for the commit, its audit entries included. */
static void
run_job(struct db *db, struct audit_batch *audit, struct write_job *job)
{
	int entries = audit->n;

	job->status = job->fn(db, job->ctx);
	if (job->status == URA_OK)
		return;
	audit_batch_truncate(audit, entries);
	run_simple(db, &q_rollback_to);
}

/* Every job of the batch that had succeeded failed after all, with `why`. */
static void
batch_fail(struct write_job *batch, enum ura_status why)
{
	for (struct write_job *j = batch; j != NULL; j = j->next)
		if (j->status == URA_OK)
			j->status = why;
}

static bool
in_transaction(const struct store *s, struct db *db)
{
	return s->engine == ENGINE_SQLITE ? sqlite_db_in_transaction(db) : pg_db_in_transaction(db);
}

/*
 * PostgreSQL: the batch's first lock is the audit head's row, which orders the batches of
 * every process on the database. Before the schema exists (the first migration's batch) there
 * is nothing to lock: migrations take an advisory lock of their own.
 */
static enum ura_status
lock_chain(struct store *s, struct db *db)
{
	struct db_stmt *st;
	enum db_step rc;

	if (s->engine == ENGINE_SQLITE)
		return URA_OK;
	if (!s->head_exists) {
		if ((st = db_prepare(db, &q_head_exists)) == NULL)
			return URA_EINTERNAL;
		if ((rc = db_step(db, st)) == DB_ROW)
			s->head_exists = db_col_int(db, st, 0) == 1;
		db_done(db, st);
		if (rc == DB_FAIL)
			return db_error(db);
	}
	return s->head_exists ? run_simple(db, &q_head_lock) : URA_OK;
}

/* BEGIN and the chain's lock, on a connection brought back first if the server restarted. */
static enum ura_status
batch_begin(struct store *s, struct db *db)
{
	enum ura_status st;

	if (s->engine == ENGINE_POSTGRES && pg_db_revive(db) != URA_OK)
		return URA_EUNAVAILABLE;
	if ((st = run_simple(db, &q_begin)) != URA_OK)
		return st;
	if ((st = lock_chain(s, db)) != URA_OK)
		run_simple(db, &q_rollback);
	return st;
}

/* The batch's audit entries, then COMMIT; rolled back when either fails. */
static enum ura_status
batch_commit(struct store *s, struct db *db)
{
	enum ura_status st = audit_batch_write(db, &s->audit);

	if (st != URA_OK) {
		log_event(LOG_ERROR, "store_audit_write", "error=\"%s\"", db_error_text(db));
	} else if ((st = run_simple(db, &q_commit)) != URA_OK) {
		log_event(LOG_ERROR, "store_commit", "error=\"%s\"", db_error_text(db));
	}
	if (st != URA_OK)
		run_simple(db, &q_rollback);
	return st == URA_OK ? URA_OK : batch_failure(st);
}

static void
run_batch(struct store *s, struct write_job *batch)
{
	struct db *db = s->writer_db;
	enum ura_status st = batch_begin(s, db);
	bool began = st == URA_OK; /* a transaction to roll back, until it ends by itself */

	for (struct write_job *j = batch; j != NULL && st == URA_OK; j = j->next) {
		if ((st = open_savepoint(db, j == batch)) != URA_OK)
			break;
		run_job(db, &s->audit, j);
		/*
		 * The transaction may end by itself (SQLite: a full disk, an I/O error;
		 * PostgreSQL: the connection lost): the jobs before this one are undone too, and
		 * those after it would run outside the batch. None of them is acknowledged.
		 */
		if (!in_transaction(s, db)) {
			st = j->status != URA_OK ? j->status : URA_EINTERNAL;
			began = false;
		}
	}
	if (st == URA_OK)
		st = batch_commit(s, db);
	else if (began)
		run_simple(db, &q_rollback);
	audit_batch_clear(&s->audit);
	if (st != URA_OK)
		batch_fail(batch, st);
}

static struct write_job *
take_batch(struct store *s)
{
	struct write_job *batch = s->head, *last = batch;
	int n = 1;

	while (last->next != NULL && n < WRITE_BATCH_MAX) {
		last = last->next;
		n++;
	}
	s->head = last->next;
	if (s->head == NULL)
		s->tail = NULL;
	last->next = NULL;
	return batch;
}

static void *
writer_main(void *arg)
{
	struct store *s = arg;

	pthread_setname_np(pthread_self(), "ura-writer"); /* for top and perf */
	pthread_mutex_lock(&s->lock);
	for (;;) {
		struct write_job *batch;

		while (s->head == NULL && !s->stopping)
			pthread_cond_wait(&s->work, &s->lock);
		if (s->head == NULL)
			break;
		batch = take_batch(s);
		pthread_mutex_unlock(&s->lock);
		tls_batch.serial = s->engine == ENGINE_POSTGRES ? s->serial : 0;
		tls_batch.db = s->writer_db;
		tls_batch.audit = &s->audit;
		run_batch(s, batch);
		tls_batch.serial = 0;
		tls_batch.db = NULL;
		tls_batch.audit = NULL;
		pthread_mutex_lock(&s->lock);
		/* `next` links are not read after done is set: the waiter may free its job (once
		 * the lock is released, which its wait needs back). */
		atomic_fetch_add(&s->batches, 1);
		for (struct write_job *j = batch, *next; j != NULL; j = next) {
			next = j->next;
			j->done = true;
			pthread_cond_signal(&j->finished);
			atomic_fetch_add(&s->writes, 1);
			atomic_fetch_sub(&s->pending, 1);
		}
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static struct db *tls_find(const struct store *s);

/* Ends the calling thread's read transaction, if it has one (SQLite). */
static void
snapshot_end(struct store *s)
{
	struct db *db = s->engine == ENGINE_SQLITE ? tls_find(s) : NULL;

	if (db != NULL && sqlite_db_in_transaction(db) && db_exec(db, "COMMIT") != URA_OK)
		log_event(LOG_ERROR, "store_read_end", "error=\"%s\"", db_error_text(db));
}

/* Queues the job for the writer thread and waits until its batch is committed. */
static enum ura_status
queue_write(struct store *s, store_write_fn fn, void *ctx)
{
	struct write_job job = { .fn = fn, .ctx = ctx };

	snapshot_end(s); /* what is read after the write sees it */
	pthread_cond_init(&job.finished, NULL);
	pthread_mutex_lock(&s->lock);
	atomic_fetch_add(&s->pending, 1);
	if (s->tail != NULL)
		s->tail->next = &job;
	else
		s->head = &job;
	s->tail = &job;
	pthread_cond_signal(&s->work);
	while (!job.done)
		pthread_cond_wait(&job.finished, &s->lock);
	pthread_mutex_unlock(&s->lock);
	pthread_cond_destroy(&job.finished);
	return job.status;
}

enum ura_status
store_write(struct store *s, store_write_fn fn, void *ctx)
{
	enum ura_status st = queue_write(s, fn, ctx);

	/* Readiness follows the writes: full from the first refused, ready at the next done. */
	if ((st == URA_EFULL || st == URA_OK) && atomic_exchange(&s->full, st == URA_EFULL) !=
						     (st == URA_EFULL))
		log_event(st == URA_EFULL ? LOG_ERROR : LOG_INFO, "store_full", "full=%s",
			  st == URA_EFULL ? "true" : "false");
	return st;
}

struct audit_batch *
store_batch_audit(struct db *db)
{
	return db != NULL && db == tls_batch.db ? tls_batch.audit : NULL;
}

bool
store_writes_beside(const struct store *s)
{
	return s->engine == ENGINE_POSTGRES;
}

enum ura_status
store_write_beside(struct store *s, store_write_fn fn, void *ctx)
{
	struct db *db;
	enum ura_status st;

	if (s->engine == ENGINE_SQLITE)
		return store_write(s, fn, ctx);
	if ((db = store_reader(s)) == NULL)
		return URA_EUNAVAILABLE;
	if ((st = run_simple(db, &q_begin)) != URA_OK)
		return batch_failure(st);
	if ((st = fn(db, ctx)) == URA_OK && (st = run_simple(db, &q_commit)) == URA_OK)
		return URA_OK;
	run_simple(db, &q_rollback); /* also after a failed statement: the transaction is over */
	return st;
}

void
store_write_stats(struct store *s, struct store_write_stats *out)
{
	out->writes = atomic_load(&s->writes);
	out->batches = atomic_load(&s->batches);
	out->pending = atomic_load(&s->pending);
}

static enum ura_status
cap_fn(struct db *db, void *ctx)
{
	const int *max_mb = ctx;

	return sqlite_db_cap_size(db, (int64_t)*max_mb * 1024 * 1024);
}

enum ura_status
store_cap_size(struct store *s, int max_mb)
{
	/* On the writer's connection, the only one that writes. */
	return s->engine == ENGINE_SQLITE ? store_write(s, cap_fn, &max_mb) : URA_OK;
}

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
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
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
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->writer, NULL);
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
	struct db *db = tls_find(s);

	if (tls_batch.serial == s->serial)
		return tls_batch.db;
	if (db != NULL || (db = idle_take(s)) != NULL) {
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
	snapshot_end(s);
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

/* ---- the leader (one process of many runs the background jobs) ---- */

/* On the writer's connection: session-level advisory lock (21825, 1), held until the
 * connection closes. Asks first whether this session holds it already, so that the lock is not
 * taken twice. */
static enum ura_status
leader_fn(struct db *db, void *ctx)
{
	static struct db_query q = DB_QUERY(
		"SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' "
		"AND pid = pg_backend_pid() AND classid = 21825 AND objid = 1 AND objsubid = 2 "
		"AND granted) THEN 1 WHEN pg_try_advisory_lock(21825, 1) THEN 1 ELSE 0 END");
	struct db_stmt *st = db_prepare(db, &q);
	bool *leader = ctx;
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	rc = db_step(db, st);
	*leader = rc == DB_ROW && db_col_int(db, st, 0) == 1;
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

bool
store_leader_try(struct store *s)
{
	bool leader = false;

	if (s->engine == ENGINE_SQLITE)
		return true;
	return store_write(s, leader_fn, &leader) == URA_OK && leader;
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
