/*
 * Opening the store, per-thread read connections, the write path and migrations.
 *
 * Why a writer thread: a durable SQLite commit costs one fsync (about 0.34 ms here), which caps
 * one-commit-per-request near 2,000 writes/s. The writer takes every write that is waiting,
 * runs each in its own savepoint inside one transaction, and commits once: each request still
 * returns only after its data is on disk, and a failing request rolls back alone.
 */
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/clock.h"
#include "core/log.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/sqlite.h"

#define WRITE_BATCH_MAX 512
#define READERS_MAX 1024

struct write_job {
	store_write_fn fn;
	void *ctx;
	enum ura_status status;
	bool done;
	struct write_job *next;
};

struct store {
	char path[1024];
	struct db *writer_db;
	pthread_t writer;
	pthread_mutex_t lock;
	pthread_cond_t work, finished;
	struct write_job *head, *tail;
	bool stopping;
	struct db *readers[READERS_MAX]; /* every connection handed out, closed with the store */
	int nreaders;
	const struct migration *migrations;
	uint64_t serial; /* tells stores apart even when one is allocated where another was */
};

/* Each thread keeps its own read connection; `tls_serial` says which store it belongs to. */
static __thread struct db *tls_reader;
static __thread uint64_t tls_serial;
static _Atomic uint64_t next_serial = 1;

static struct db_query q_savepoint = DB_QUERY("SAVEPOINT request");
static struct db_query q_release = DB_QUERY("RELEASE request");
static struct db_query q_rollback_to = DB_QUERY("ROLLBACK TO request");
static struct db_query q_begin = DB_QUERY("BEGIN IMMEDIATE");
static struct db_query q_commit = DB_QUERY("COMMIT");
static struct db_query q_rollback = DB_QUERY("ROLLBACK");

static enum ura_status
run_simple(struct db *db, struct db_query *q)
{
	struct db_stmt *st = db_prepare(db, q);
	return st != NULL ? db_run(db, st) : URA_EINTERNAL;
}

/* One job inside the batch transaction, isolated by its savepoint. */
static void
run_job(struct db *db, struct write_job *job)
{
	if (run_simple(db, &q_savepoint) != URA_OK) {
		job->status = URA_EINTERNAL;
		return;
	}
	job->status = job->fn(db, job->ctx);
	if (job->status != URA_OK)
		run_simple(db, &q_rollback_to);
	if (run_simple(db, &q_release) != URA_OK && job->status == URA_OK)
		job->status = URA_EINTERNAL;
}

static void
run_batch(struct db *db, struct write_job *batch)
{
	enum ura_status begin = run_simple(db, &q_begin);

	for (struct write_job *j = batch; j != NULL; j = j->next) {
		if (begin != URA_OK)
			j->status = begin;
		else
			run_job(db, j);
	}
	if (begin != URA_OK)
		return;
	if (run_simple(db, &q_commit) != URA_OK) {
		log_event(LOG_ERROR, "store_commit", "error=\"%s\"", db_error_text(db));
		run_simple(db, &q_rollback);
		for (struct write_job *j = batch; j != NULL; j = j->next)
			if (j->status == URA_OK)
				j->status = URA_EINTERNAL;
	}
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

	pthread_mutex_lock(&s->lock);
	for (;;) {
		struct write_job *batch;

		while (s->head == NULL && !s->stopping)
			pthread_cond_wait(&s->work, &s->lock);
		if (s->head == NULL)
			break;
		batch = take_batch(s);
		pthread_mutex_unlock(&s->lock);
		run_batch(s->writer_db, batch);
		pthread_mutex_lock(&s->lock);
		/* `next` links are not read after done is set: the waiter may free its job. */
		for (struct write_job *j = batch, *next; j != NULL; j = next) {
			next = j->next;
			j->done = true;
		}
		pthread_cond_broadcast(&s->finished);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

enum ura_status
store_write(struct store *s, store_write_fn fn, void *ctx)
{
	struct write_job job = { .fn = fn, .ctx = ctx };

	pthread_mutex_lock(&s->lock);
	if (s->tail != NULL)
		s->tail->next = &job;
	else
		s->head = &job;
	s->tail = &job;
	pthread_cond_signal(&s->work);
	while (!job.done)
		pthread_cond_wait(&s->finished, &s->lock);
	pthread_mutex_unlock(&s->lock);
	return job.status;
}

static bool
is_postgres_url(const char *url)
{
	return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

enum ura_status
store_open(struct store **out, const char *url, bool create, char *err, size_t errlen)
{
	struct store *s;
	struct stat st;

	*out = NULL;
	if (is_postgres_url(url)) {
		snprintf(err, errlen, "this build has no PostgreSQL backend yet");
		return URA_EUNAVAILABLE;
	}
	if (!create && stat(url, &st) != 0) {
		snprintf(err, errlen, "no database at %s (create one with `ura init`)", url);
		return URA_ENOTFOUND;
	}
	s = xcalloc(1, sizeof(*s));
	s->serial = atomic_fetch_add(&next_serial, 1);
	snprintf(s->path, sizeof(s->path), "%s", url);
	s->migrations = migrations_sqlite;
	s->writer_db = sqlite_db_open(url, false, create, err, errlen);
	if (s->writer_db == NULL) {
		free(s);
		return URA_EUNAVAILABLE;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->finished, NULL);
	if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
		db_close(s->writer_db);
		free(s);
		snprintf(err, errlen, "cannot start the writer thread");
		return URA_EINTERNAL;
	}
	*out = s;
	return URA_OK;
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
	if (tls_serial == s->serial) {
		tls_serial = 0;
		tls_reader = NULL;
	}
	db_close(s->writer_db);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->work);
	pthread_cond_destroy(&s->finished);
	free(s);
}

struct db *
store_reader(struct store *s)
{
	char err[256];
	struct db *db;

	if (tls_serial == s->serial && tls_reader != NULL)
		return tls_reader;
	db = sqlite_db_open(s->path, true, false, err, sizeof(err));
	if (db == NULL) {
		log_event(LOG_ERROR, "store_reader", "error=\"%s\"", err);
		return NULL;
	}
	pthread_mutex_lock(&s->lock);
	if (s->nreaders == READERS_MAX) {
		pthread_mutex_unlock(&s->lock);
		db_close(db);
		log_event(LOG_ERROR, "store_reader", "error=\"too many reader threads\"");
		return NULL;
	}
	s->readers[s->nreaders++] = db;
	pthread_mutex_unlock(&s->lock);
	tls_serial = s->serial;
	tls_reader = db;
	return db;
}

enum ura_status
store_ping(struct store *s)
{
	static struct db_query q = DB_QUERY("SELECT 1");
	struct db *db = store_reader(s);
	struct db_stmt *st;

	if (db == NULL || (st = db_prepare(db, &q)) == NULL)
		return URA_EUNAVAILABLE;
	return db_run(db, st) == URA_OK ? URA_OK : URA_EUNAVAILABLE;
}

enum ura_status
store_backup(struct store *s, const char *dest, char *err, size_t errlen)
{
	struct db *db = store_reader(s);

	if (db == NULL) {
		snprintf(err, errlen, "cannot read the database");
		return URA_EUNAVAILABLE;
	}
	return sqlite_db_backup(db, dest, err, errlen);
}

/* ---- migrations ---- */

static int
schema_version_on(struct db *db)
{
	static struct db_query q_exists = DB_QUERY(
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
	static struct db_query q_version = DB_QUERY(
		"SELECT coalesce(max(version), 0) FROM schema_migrations");
	struct db_stmt *st = db_prepare(db, &q_exists);
	int version = -1;
	bool exists = false;

	if (st == NULL)
		return -1;
	if (db_step(db, st) == DB_ROW)
		exists = db_col_int(db, st, 0) > 0;
	db_done(db, st);
	if (!exists)
		return 0;
	st = db_prepare(db, &q_version);
	if (st != NULL && db_step(db, st) == DB_ROW)
		version = (int)db_col_int(db, st, 0);
	if (st != NULL)
		db_done(db, st);
	return version;
}

int
store_schema_version(struct store *s)
{
	struct db *db = store_reader(s);
	return db != NULL ? schema_version_on(db) : -1;
}

struct migrate_job {
	const struct migration *list;
	int applied;
};

static enum ura_status
migrate_fn(struct db *db, void *arg)
{
	static struct db_query q_record = DB_QUERY(
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)");
	struct migrate_job *job = arg;
	int current = schema_version_on(db);

	if (current < 0)
		return URA_EINTERNAL;
	for (const struct migration *m = job->list; m->version != 0; m++) {
		struct db_stmt *st;
		enum ura_status rc;

		if (m->version <= current)
			continue;
		rc = db_exec(db, m->sql);
		if (rc != URA_OK)
			return rc;
		if ((st = db_prepare(db, &q_record)) == NULL)
			return URA_EINTERNAL;
		db_bind_int(db, st, 1, m->version);
		db_bind_text(db, st, 2, m->name);
		db_bind_int(db, st, 3, clock_now());
		if ((rc = db_run(db, st)) != URA_OK)
			return rc;
		log_event(LOG_INFO, "migrate", "version=%d name=%s", m->version, m->name);
		job->applied++;
	}
	return URA_OK;
}

enum ura_status
store_migrate(struct store *s, int *applied, char *err, size_t errlen)
{
	struct migrate_job job = { .list = s->migrations };
	enum ura_status rc = store_write(s, migrate_fn, &job);

	if (rc != URA_OK)
		snprintf(err, errlen, "migration failed: %s", db_error_text(s->writer_db));
	if (applied != NULL)
		*applied = job.applied;
	return rc;
}
