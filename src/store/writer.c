/*
 * The write path: one writer thread per store, its batches, and what runs on its connection
 * (the leader's lock, SQLite's size cap). The store's connections for reading: store.c.
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
#include "store/store_impl.h"

#include <stdio.h>

#include "core/log.h"
#include "store/postgres.h"
#include "store/sqlite.h"

#define WRITE_BATCH_MAX 512

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

enum ura_status
writer_start(struct store *s)
{
	return pthread_create(&s->writer, NULL, writer_main, s) == 0 ? URA_OK : URA_EINTERNAL;
}

void
writer_stop(struct store *s)
{
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->writer, NULL);
}

struct db *
writer_batch_db(const struct store *s)
{
	return tls_batch.serial == s->serial ? tls_batch.db : NULL;
}

/* Queues the job for the writer thread and waits until its batch is committed. */
static enum ura_status
queue_write(struct store *s, store_write_fn fn, void *ctx)
{
	struct write_job job = { .fn = fn, .ctx = ctx };

	reader_snapshot_end(s); /* what is read after the write sees it */
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
