/*
 * The HTTP server: libmicrohttpd's epoll thread pool reads requests; a pool of worker threads
 * runs them (each worker holds its own database connection), so a handler may block on the
 * database without stalling other connections. Requests that hash a password (argon2id, tens
 * of milliseconds of CPU and memory each) run on a pool of their own, small and with a
 * bounded queue, so that a flood of sign-ins never queues signed-in work behind it. A
 * connection is suspended while its request runs and resumed to send the reply.
 *
 * What enters is bounded where it enters (http/limits.h): the head's size and fields (431),
 * the body (413), connections in all and per client address, and the time a client has to
 * deliver a whole request (http/guard.h). Routing sees the path as sent, never decoded.
 */
#ifndef URA_HTTP_SERVER_H
#define URA_HTTP_SERVER_H

#include <stddef.h>

#include "http/request.h"

struct server_options {
	const char *address;   /* "127.0.0.1", "::1", "0.0.0.0" */
	unsigned port;         /* 0 picks a free port */
	int threads;           /* event threads; 0 = one per core */
	int workers;           /* request workers */
	int connection_limit;
	int per_address_limit; /* connections from one client address; 0 = no limit */
	int connection_timeout;/* seconds without a byte before a connection is closed */
	int request_timeout;   /* seconds a connection has to deliver a whole request */
	int hash_workers;      /* threads for requests that hash passwords */
	int hash_queue;        /* such requests waiting at most; past it 503 */
	const char *hash_gate; /* tests only: a FIFO each hashing request waits on for a byte */
	size_t body_limit;     /* bytes; larger bodies get 413 */
};

/* Where a request runs. */
enum server_lane {
	LANE_EVENT,  /* cheap, no database: on the event thread, skipping a handoff */
	LANE_WORKER, /* the request workers */
	LANE_HASH,   /* the password-hashing workers */
};

/*
 * A body that goes somewhere as it arrives instead of into memory (an upload, written to disk
 * chunk by chunk): the server hands each piece to `write` on the event thread, never more
 * than `limit` bytes in all, and the handler finds `cls` in r->upload.
 */
struct body_sink {
	size_t limit;                                    /* past it: too_large */
	void *cls;
	void (*write)(void *cls, const char *p, size_t n);
	void (*too_large)(struct request *r, void *cls); /* replies (413, naming the limit) */
	void (*release)(void *cls);                      /* when the request is over, always */
};

struct server_handlers {
	/* Where the request runs (it may also route it). */
	enum server_lane (*lane)(struct request *r);
	/* Runs a request to completion (routing, authentication, handler); must set a reply. */
	void (*dispatch)(struct request *r);
	/* Once the head is read: whether the request's body streams to a sink (filled in);
	 * NULL when no route streams. */
	bool (*body_sink)(struct request *r, struct body_sink *sink);
};

struct server;
struct server *server_start(const struct server_options *o, const struct server_handlers *h,
			    struct app *app, unsigned *bound_port, char *err, size_t errlen);
/* Finishes the requests under way, then stops. */
void server_stop(struct server *s);

#endif
