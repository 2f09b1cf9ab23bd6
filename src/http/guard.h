/*
 * The connection guard: what keeps one client from holding the server's connections.
 *
 * - A deadline per request: a connection must deliver its whole request (head and body)
 *   within `request_seconds` of its first byte (of the connection, or of the end of the
 *   previous answer on a kept-alive connection), however slowly it trickles. libmicrohttpd's
 *   own timeout restarts with every byte, so one reaper thread shuts down the connections
 *   past their deadline. While a request is answered it has no deadline.
 * - A lingering close: when libmicrohttpd closes a connection whose client is still sending
 *   (after a 431 or 413), the socket is kept open and drained for a bounded time and size,
 *   so that the client reads the answer instead of a reset.
 *
 * The guard owns a copy of each socket only while it drains it; the socket of a live
 * connection stays libmicrohttpd's, and is touched only under the guard's lock, which the
 * close notification also takes before libmicrohttpd closes the socket.
 */
#ifndef URA_HTTP_GUARD_H
#define URA_HTTP_GUARD_H

#include <microhttpd.h>

struct guard;

/* Starts the reaper and the drainer; NULL when a thread cannot be started. */
struct guard *guard_start(int request_seconds);
/* Stops both threads (after libmicrohttpd has stopped) and closes what is still drained. */
void guard_stop(struct guard *g);

/* MHD_OPTION_NOTIFY_CONNECTION (cls: the guard). */
void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code);
/* A request line arrived: a close before the request is whole lingers (see above). */
void guard_request_started(struct guard *g, struct MHD_Connection *c);
/* The connection delivered its whole request: no deadline while it is answered. */
void guard_request_received(struct guard *g, struct MHD_Connection *c);
/* The answer went out: the next request on this connection has a deadline of its own. */
void guard_request_done(struct guard *g, struct MHD_Connection *c);

#endif
