/*
 * The HTTP server: libmicrohttpd's epoll thread pool reads requests; a pool of worker threads
 * runs them (each worker holds its own database connection), so a handler may block on the
 * database without stalling other connections. A connection is suspended while its request
 * runs and resumed to send the reply.
 */
#ifndef URA_HTTP_SERVER_H
#define URA_HTTP_SERVER_H

#include <stddef.h>

#include "http/request.h"

struct server_options {
	const char *address;  /* "127.0.0.1", "::1", "0.0.0.0" */
	unsigned port;        /* 0 picks a free port */
	int threads;          /* event threads; 0 = one per core */
	int workers;          /* request workers */
	int connection_limit;
	int connection_timeout;
	size_t body_limit;    /* bytes; larger bodies get 413 */
};

struct server_handlers {
	/* True when the request is cheap enough to run on the event thread (no database). */
	bool (*quick)(struct request *r);
	/* Runs a request to completion (routing, authentication, handler); must set a reply. */
	void (*dispatch)(struct request *r);
};

struct server;
struct server *server_start(const struct server_options *o, const struct server_handlers *h,
			    struct app *app, unsigned *bound_port, char *err, size_t errlen);
/* Finishes the requests under way, then stops. */
void server_stop(struct server *s);

#endif
