/* libmicrohttpd glue: request intake and its checks, the lanes requests run in, and replies. */
#include "http/server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "http/guard.h"
#include "http/limits.h"
#include "http/metrics.h"
#include "http/pool.h"

/*
 * A request's life: READING (head, then body) → PARKED (whole, waiting one more turn of the
 * event loop before it is suspended; see request_complete) → RUNNING (on a pool) → DONE.
 */
enum phase { PHASE_READING, PHASE_PARKED, PHASE_RUNNING, PHASE_DONE };

#define CONTENT_SECURITY_POLICY                                                              \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "          \
	"connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "   \
	"base-uri 'none'; form-action 'self'"

/* The server's view of a request: the handler-facing part plus connection state. */
struct server_request {
	struct request req;
	struct MHD_Connection *conn;
	enum phase phase;
	bool begun;                  /* the head has been read into req */
	bool too_large;
	size_t discarded;            /* bytes of an oversized body read and dropped */
	bool streaming;              /* the body goes to `sink`, not into memory */
	size_t streamed;             /* bytes handed to it */
	struct body_sink sink;
	struct pool *pool;           /* where it runs, once PARKED */
	struct pool_item item;
};

struct server {
	struct MHD_Daemon *daemon;
	struct server_handlers handlers;
	struct app *app;
	size_t body_limit;
	struct pool *workers, *hashers;
	struct guard *guard;
	int gate_fd;
};

static void
run_request(struct pool_item *item, void *cls)
{
	struct server *s = cls;
	struct server_request *sr =
		(struct server_request *)(void *)((char *)item - offsetof(struct server_request, item));

	s->handlers.dispatch(&sr->req);
	sr->phase = PHASE_DONE;
	MHD_resume_connection(sr->conn);
}

/* ---- intake ---- */

struct pair_sink {
	struct request *r;
	struct pair *pairs;
	int *n, max;
	bool *overflow;
};

static enum MHD_Result
collect_pair(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct pair_sink *sink = cls;

	(void)kind;
	if (*sink->n == sink->max) {
		*sink->overflow = true;
		return MHD_NO;
	}
	sink->pairs[*sink->n].name = arena_strdup(&sink->r->arena, key);
	sink->pairs[*sink->n].value = arena_strdup(&sink->r->arena, value ? value : "");
	(*sink->n)++;
	return MHD_YES;
}

static bool
valid_request_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > 40)
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

static void
client_address(struct MHD_Connection *conn, char *out, size_t len)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info ? info->client_addr : NULL;

	snprintf(out, len, "unknown");
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
			  (socklen_t)len);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
			  (socklen_t)len);
}

/*
 * libmicrohttpd's URI log callback: called with the request target as sent, before it is
 * decoded, and its answer becomes the request's state. Routing uses this raw path, so that
 * "%2f" or "%63ases" never turn into a different path after they passed a check.
 */
static void *
on_request_line(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct server *s = cls;
	struct server_request *sr = xcalloc(1, sizeof(*sr));
	size_t len = strcspn(uri, "?#");

	arena_init(&sr->req.arena);
	sr->conn = conn;
	sr->req.path = arena_strndup(&sr->req.arena, uri, len);
	guard_request_started(s->guard, conn);
	return sr;
}

/* A path may not hide a separator or a NUL in an escape; other escapes simply match no route. */
static bool
path_acceptable(const char *path)
{
	for (const char *p = strchr(path, '%'); p != NULL; p = strchr(p + 1, '%'))
		if ((p[1] == '2' && (p[2] == 'f' || p[2] == 'F')) || (p[1] == '0' && p[2] == '0'))
			return false;
	return path[0] == '/';
}

static int
header_count(const struct request *r, const char *name)
{
	int n = 0;

	for (int i = 0; i < r->nheaders; i++)
		n += strcasecmp(r->headers[i].name, name) == 0;
	return n;
}

/* The head's checks; replies (and returns false) on the first that fails. */
static bool
head_acceptable(struct server *s, struct server_request *sr, bool too_many_headers)
{
	struct request *r = &sr->req;
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(sr->conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	const char *declared;

	if (too_many_headers || (info != NULL && info->header_size > LIMIT_HEADER_BYTES)) {
		reply_problem(r, 431, MSG_HEADERS_TOO_LARGE);
		return false;
	}
	if (!path_acceptable(r->path)) {
		reply_field_error(r, 400, "path", MSG_ENCODED_PATH);
		return false;
	}
	/* Two lengths, or a length and chunks, leave the body's end to whoever reads it. */
	if (header_count(r, "Content-Length") > 1 ||
	    (header_count(r, "Content-Length") > 0 && header_count(r, "Transfer-Encoding") > 0)) {
		reply_problem(r, 400, MSG_AMBIGUOUS_LENGTH);
		return false;
	}
	declared = req_header(r, "Content-Length");
	if (declared != NULL &&
	    strtoull(declared, NULL, 10) > (sr->streaming ? sr->sink.limit : s->body_limit))
		sr->too_large = true;
	return true;
}

/* The head has been read: headers, query, language, request id; false when it is refused. */
static bool
request_begin(struct server *s, struct server_request *sr, const char *method)
{
	struct request *r = &sr->req;
	bool too_many_headers = false;
	struct pair_sink headers = { r, r->headers, &r->nheaders, LIMIT_HEADER_FIELDS,
				     &too_many_headers };
	struct pair_sink query = { r, r->query, &r->nquery, LIMIT_QUERY_FIELDS,
				   &r->too_many_pairs };
	const char *rid;

	sr->begun = true;
	r->app = s->app;
	r->started_ns = clock_monotonic_ns();
	r->route_index = -1;
	r->method = http_method_parse(method);
	MHD_get_connection_values(sr->conn, MHD_HEADER_KIND, collect_pair, &headers);
	MHD_get_connection_values(sr->conn, MHD_GET_ARGUMENT_KIND, collect_pair, &query);
	r->lang = lang_from_accept_language(req_header(r, "Accept-Language"));
	rid = req_header(r, "X-Request-Id");
	if (valid_request_id(rid)) {
		snprintf(r->request_id, sizeof(r->request_id), "%s", rid);
	} else {
		unsigned char raw[8];
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(r->request_id, sizeof(r->request_id), raw, sizeof(raw));
	}
	client_address(sr->conn, r->client_addr, sizeof(r->client_addr));
	if (s->handlers.body_sink != NULL && s->handlers.body_sink(r, &sr->sink)) {
		sr->streaming = true;
		r->upload = sr->sink.cls;
	}
	return head_acceptable(s, sr, too_many_headers);
}

static void
body_append(struct server *s, struct server_request *sr, const char *data, size_t len)
{
	struct request *r = &sr->req;

	if (sr->streaming) {
		if (sr->too_large || sr->streamed + len > sr->sink.limit) {
			sr->too_large = true;
			sr->discarded += len;
		} else {
			sr->sink.write(sr->sink.cls, data, len);
			sr->streamed += len;
		}
		return;
	}
	if (sr->too_large || r->body_len + len > s->body_limit) {
		sr->too_large = true;
		sr->discarded += len;
		return;
	}
	if (r->body_len + len + 1 > r->body_cap) {
		size_t cap = r->body_cap ? r->body_cap : 4096;
		while (cap < r->body_len + len + 1)
			cap *= 2;
		if (cap > s->body_limit + 1)
			cap = s->body_limit + 1;
		r->body = realloc(r->body, cap);
		if (r->body == NULL)
			abort();
		r->body_cap = cap;
	}
	memcpy(r->body + r->body_len, data, len);
	r->body_len += len;
	r->body[r->body_len] = '\0';
}

/* ---- replies ---- */

/* 413: a streamed body's sink says which limit it passed. */
static void
reply_too_large(struct server_request *sr)
{
	if (sr->streaming)
		sr->sink.too_large(&sr->req, sr->sink.cls);
	else
		reply_problem(&sr->req, 413, MSG_BODY_TOO_LARGE);
}

/* What libmicrohttpd asks of a streamed body at most per call. */
#define STREAM_BLOCK (64 * 1024)

static void stream_drop(struct request *r);

/* A streamed body (reply_streamed) as libmicrohttpd reads it: the producer's -1 becomes the
 * end with an error, which closes the connection short of the announced length. */
static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	const struct reply_stream *st = cls;
	long n = st->read(st->cls, pos, buf, max);

	return n < 0 ? MHD_CONTENT_READER_END_WITH_ERROR : (ssize_t)n;
}

static void
stream_free(void *cls)
{
	struct reply_stream *st = cls;

	st->release(st->cls);
	free(st);
}

/* The stream passes to the response (which releases it when it is destroyed); the request
 * keeps nothing of it. */
static struct MHD_Response *
stream_response(struct request *r)
{
	struct reply_stream *st = malloc(sizeof(*st));
	struct MHD_Response *resp;

	if (st == NULL) {
		stream_drop(r);
		return NULL;
	}
	*st = *r->reply_stream;
	r->reply_stream = NULL;
	resp = MHD_create_response_from_callback(st->len, STREAM_BLOCK, stream_read, st,
						 stream_free);
	if (resp == NULL)
		stream_free(st);
	return resp;
}

/* The stream of a reply that never became a response. */
static void
stream_drop(struct request *r)
{
	if (r->reply_stream != NULL)
		r->reply_stream->release(r->reply_stream->cls);
	r->reply_stream = NULL;
}

static enum MHD_Result
send_reply(struct server_request *sr)
{
	struct request *r = &sr->req;
	struct MHD_Response *resp =
		r->reply_stream != NULL
			? stream_response(r)
			: MHD_create_response_from_buffer(r->reply_len,
							  r->reply_body ? r->reply_body : (char *)"",
							  MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;

	if (resp == NULL)
		return MHD_NO;
	if (r->content_type != NULL)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	MHD_add_response_header(resp, "Content-Language", lang_tag(r->lang));
	/* Nothing is cached unless the handler says so (the UI's content-hashed files do). */
	if (reply_header_get(r, "Cache-Control") == NULL)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	/* The browser UI's rules, on every answer: nothing but this server's own files runs or
	 * loads, no page may frame Ura, and no address leaves in a Referer header. */
	if (reply_header_get(r, "Content-Security-Policy") == NULL) /* a download's "sandbox" */
		MHD_add_response_header(resp, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	for (struct reply_header *h = r->reply_headers; h != NULL; h = h->next)
		MHD_add_response_header(resp, h->name, h->value);
	ok = MHD_queue_response(sr->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	metrics_observe(r->route_index, r->status, (double)(clock_monotonic_ns() - r->started_ns) / 1e9);
	return ok;
}

/*
 * The whole request is in. Quick requests are answered here; the others wait for one more
 * turn of the event loop before their connection is suspended. By then libmicrohttpd has
 * stopped reading the connection (a whole request waits for its answer), so a client that
 * half-closed after sending is not mistaken, on resume, for one that went away.
 */
static enum MHD_Result
request_complete(struct server *s, struct server_request *sr)
{
	struct request *r = &sr->req;
	enum server_lane lane;

	guard_request_received(s->guard, sr->conn);
	if (sr->too_large) {
		if (r->replied)
			return MHD_YES; /* already answered */
		reply_too_large(sr);
		return send_reply(sr);
	}
	lane = s->handlers.lane(r);
	if (lane == LANE_EVENT) {
		s->handlers.dispatch(r);
		return send_reply(sr);
	}
	sr->pool = lane == LANE_HASH ? s->hashers : s->workers;
	if (!pool_reserve(sr->pool)) {
		reply_header_add(r, "Retry-After", "1");
		reply_problem(r, 503, MSG_BUSY);
		return send_reply(sr);
	}
	sr->phase = PHASE_PARKED;
	return MHD_YES;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size, void **state)
{
	struct server *s = cls;
	struct server_request *sr = *state;

	(void)version;
	if (sr == NULL) /* no request line callback: cannot happen, but never route blind */
		*state = sr = on_request_line(s, url, conn);
	if (!sr->begun)
		return request_begin(s, sr, method) ? MHD_YES : send_reply(sr);
	switch (sr->phase) {
	case PHASE_READING:
		if (*upload_data_size == 0)
			return request_complete(s, sr);
		body_append(s, sr, upload_data, *upload_data_size);
		*upload_data_size = 0;
		/*
		 * An oversized body is read and dropped so the client, still sending, can read
		 * the 413; past LIMIT_BODY_DISCARD it is cut off (the connection is then closed).
		 */
		if (sr->discarded > LIMIT_BODY_DISCARD && !sr->req.replied) {
			reply_too_large(sr);
			return send_reply(sr);
		}
		return MHD_YES;
	case PHASE_PARKED:
		sr->phase = PHASE_RUNNING;
		MHD_suspend_connection(conn);
		pool_submit(sr->pool, &sr->item);
		return MHD_YES;
	case PHASE_DONE:
		return send_reply(sr);
	case PHASE_RUNNING:
		break;
	}
	return MHD_YES;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **state,
	     enum MHD_RequestTerminationCode code)
{
	struct server *s = cls;
	struct server_request *sr = *state;

	(void)code;
	guard_request_done(s->guard, conn);
	if (sr == NULL)
		return;
	if (sr->phase == PHASE_PARKED) /* closed before it could run */
		pool_release(sr->pool);
	json_decref(sr->req.json);
	stream_drop(&sr->req); /* a download never handed to a response */
	if (sr->streaming)
		sr->sink.release(sr->sink.cls);
	/* Bodies carry passwords and personal data: leave nothing behind in freed memory. */
	if (sr->req.body != NULL)
		sodium_memzero(sr->req.body, sr->req.body_cap);
	free(sr->req.body);
	arena_free(&sr->req.arena);
	free(sr);
	*state = NULL;
}

/* ---- start and stop ---- */

static bool
bind_address(const struct server_options *o, struct sockaddr_storage *ss, bool *ipv6)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	*ipv6 = false;
	if (inet_pton(AF_INET, o->address, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)o->port);
		return true;
	}
	if (inet_pton(AF_INET6, o->address, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)o->port);
		*ipv6 = true;
		return true;
	}
	return false;
}

static int
default_threads(int threads)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	return threads > 0 ? threads : cores > 0 ? (int)cores : 1;
}

/* The pools and the guard; false (err set) when one cannot start. */
static bool
start_helpers(struct server *s, const struct server_options *o, char *err, size_t errlen)
{
	s->gate_fd = -1;
	if (o->hash_gate != NULL && (s->gate_fd = open(o->hash_gate, O_RDWR | O_CLOEXEC)) < 0) {
		snprintf(err, errlen, "cannot open the hashing gate %s", o->hash_gate);
		return false;
	}
	if (s->gate_fd >= 0)
		log_event(LOG_WARN, "hash_gate", "note=\"test gate on password hashing\"");
	s->workers = pool_start(o->workers > 0 ? o->workers : 16, 0, -1, run_request, s);
	s->hashers = pool_start(o->hash_workers > 0 ? o->hash_workers : LIMIT_HASH_WORKERS_DEFAULT,
				o->hash_queue > 0 ? o->hash_queue : LIMIT_HASH_QUEUE_DEFAULT,
				s->gate_fd, run_request, s);
	s->guard = guard_start(o->request_timeout > 0 ? o->request_timeout
						      : LIMIT_REQUEST_SECONDS_DEFAULT);
	if (s->workers == NULL || s->hashers == NULL || s->guard == NULL) {
		snprintf(err, errlen, "cannot start the server's threads");
		return false;
	}
	return true;
}

static struct MHD_Daemon *
start_daemon(struct server *s, const struct server_options *o, struct sockaddr_storage *ss,
	     bool ipv6)
{
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO;

	return MHD_start_daemon(
		flags | (ipv6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)default_threads(o->threads),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->connection_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->per_address_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->connection_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LIMIT_CONNECTION_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, on_request_line, s,
		MHD_OPTION_NOTIFY_CONNECTION, guard_notify, s->guard,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_END);
}

struct server *
server_start(const struct server_options *o, const struct server_handlers *h, struct app *app,
	     unsigned *bound_port, char *err, size_t errlen)
{
	struct server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	bool ipv6;

	if (!bind_address(o, &ss, &ipv6)) {
		snprintf(err, errlen, "cannot listen on '%s': not an IP address", o->address);
		free(s);
		return NULL;
	}
	s->handlers = *h;
	s->app = app;
	s->body_limit = o->body_limit;
	if (!start_helpers(s, o, err, errlen)) {
		server_stop(s);
		return NULL;
	}
	if ((s->daemon = start_daemon(s, o, &ss, ipv6)) == NULL) {
		snprintf(err, errlen, "cannot listen on %s:%u (in use, or not permitted)",
			 o->address, o->port);
		server_stop(s);
		return NULL;
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	*bound_port = info ? info->port : o->port;
	return s;
}

void
server_stop(struct server *s)
{
	if (s == NULL)
		return;
	if (s->daemon != NULL)
		MHD_quiesce_daemon(s->daemon);
	pool_stop(s->hashers);
	pool_stop(s->workers);
	if (s->daemon != NULL)
		MHD_stop_daemon(s->daemon);
	guard_stop(s->guard);
	if (s->gate_fd >= 0)
		close(s->gate_fd);
	free(s);
}
