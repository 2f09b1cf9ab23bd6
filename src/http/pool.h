/*
 * A pool of threads that run queued items, first in first out: the server's request workers,
 * and its password-hashing workers. A pool may bound its queue: a place is reserved before an
 * item is queued, and refused when the pool already holds its maximum.
 */
#ifndef URA_HTTP_POOL_H
#define URA_HTTP_POOL_H

#include <stdbool.h>

/* Embedded in whatever is queued. */
struct pool_item {
	struct pool_item *next;
};

typedef void (*pool_run_fn)(struct pool_item *item, void *cls);

struct pool;

/*
 * Starts `threads` threads that call run(item, cls) for every item. `max_held` bounds the items
 * queued or running (0: no bound). `gate_fd`, for tests only, is a descriptor each thread reads
 * one byte from before it runs an item (-1: none). NULL when a thread cannot be started.
 */
struct pool *pool_start(int threads, int max_held, int gate_fd, pool_run_fn run, void *cls);
/* Takes a place for one item; false when the pool holds its maximum. */
bool pool_reserve(struct pool *p);
/* Gives back a place reserved for an item that will not be queued. */
void pool_release(struct pool *p);
/* Queues an item whose place was reserved. */
void pool_submit(struct pool *p, struct pool_item *item);
/* Runs what is queued, then stops the threads. */
void pool_stop(struct pool *p);

#endif
