/*
 * The store's insides, shared by its two halves: store.c (opening, the connections each thread
 * reads on, migrations) and writer.c (the writer thread and its batches, and what runs on its
 * connection). Internal to src/store/; everything else uses store/store.h.
 */
#ifndef URA_STORE_STORE_IMPL_H
#define URA_STORE_STORE_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "audit/audit.h"
#include "store/db.h"
#include "store/store.h"

#define READERS_MAX 1024

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

/* Starts s's writer thread on s->writer_db; URA_EINTERNAL when it cannot. */
enum ura_status writer_start(struct store *s);
/* Asks the writer to stop once the writes queued are done, and waits for it. */
void writer_stop(struct store *s);
/* Inside a batch on PostgreSQL, on the writer's thread: the batch's connection; else NULL. */
struct db *writer_batch_db(const struct store *s);
/* store.c: ends the calling thread's read transaction, if it has one (SQLite), so that what it
 * reads after a write sees it. */
void reader_snapshot_end(struct store *s);

#endif
