/* libmicrohttpd glue: request intake, the worker pool, and sending replies. */
#include "http/server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "http/metrics.h"
#include "http/router.h"

enum phase { PHASE_READING, PHASE_RUNNING, PHASE_DONE };

#define CONTENT_SECURITY_POLICY                                                              \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "          \
	"connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; "   \
	"base-uri 'none'; form-action 'self'"

/* How much of an oversized body is read (and dropped) before the connection is cut. */
#define DISCARD_MAX (16u * 1024 * 1024)

/* The server's view of a request: the handler-facing part plus connection state. */
struct server_request {
	struct request req;
	struct MHD_Connection *conn;
	enum phase phase;
	bool too_large;
	size_t discarded;            /* bytes of an oversized body read and dropped */
	struct server_request *next; /* worker queue */
};

struct server {
	struct MHD_Daemon *daemon;
	struct server_handlers handlers;
	struct app *app;
	size_t body_limit;
	pthread_t *workers;
	int nworkers;
	pthread_mutex_t lock;
	pthread_cond_t ready;
	struct server_request *head, *tail;
	bool stopping;
};

static int64_t
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- worker pool ---- */

static void *
worker_main(void *arg)
{
	struct server *s = arg;

	for (;;) {
		struct server_request *sr;

		pthread_mutex_lock(&s->lock);
		while (s->head == NULL && !s->stopping)
			pthread_cond_wait(&s->ready, &s->lock);
		sr = s->head;
		if (sr == NULL) {
			pthread_mutex_unlock(&s->lock);
			return NULL;
		}
		s->head = sr->next;
		if (s->head == NULL)
			s->tail = NULL;
		pthread_mutex_unlock(&s->lock);

		s->handlers.dispatch(&sr->req);
		sr->phase = PHASE_DONE;
		MHD_resume_connection(sr->conn);
	}
}

static void
pool_submit(struct server *s, struct server_request *sr)
{
	pthread_mutex_lock(&s->lock);
	sr->next = NULL;
	if (s->tail != NULL)
		s->tail->next = sr;
	else
		s->head = sr;
	s->tail = sr;
	pthread_cond_signal(&s->ready);
	pthread_mutex_unlock(&s->lock);
}

/* ---- intake ---- */

struct pair_sink {
	struct request *r;
	struct pair *pairs;
	int *n;
};

static enum MHD_Result
collect_pair(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct pair_sink *sink = cls;

	(void)kind;
	if (*sink->n == REQUEST_PAIRS_MAX) {
		sink->r->too_many_pairs = true;
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

static struct server_request *
request_begin(struct server *s, struct MHD_Connection *conn, const char *url, const char *method)
{
	struct server_request *sr = xcalloc(1, sizeof(*sr));
	struct request *r = &sr->req;
	struct pair_sink headers = { r, r->headers, &r->nheaders };
	struct pair_sink query = { r, r->query, &r->nquery };
	const char *rid, *declared;

	arena_init(&r->arena);
	sr->conn = conn;
	r->app = s->app;
	r->started_ns = now_ns();
	r->route_index = -1;
	r->method = http_method_parse(method);
	r->path = arena_strdup(&r->arena, url);
	MHD_get_connection_values(conn, MHD_HEADER_KIND, collect_pair, &headers);
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_pair, &query);
	r->lang = lang_from_accept_language(req_header(r, "Accept-Language"));
	rid = req_header(r, "X-Request-Id");
	if (valid_request_id(rid)) {
		snprintf(r->request_id, sizeof(r->request_id), "%s", rid);
	} else {
		unsigned char raw[8];
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2hex(r->request_id, sizeof(r->request_id), raw, sizeof(raw));
	}
	client_address(conn, r->client_addr, sizeof(r->client_addr));
	declared = req_header(r, "Content-Length");
	if (declared != NULL && strtoull(declared, NULL, 10) > s->body_limit)
		sr->too_large = true;
	return sr;
}

static void
body_append(struct server *s, struct server_request *sr, const char *data, size_t len)
{
	struct request *r = &sr->req;

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

static enum MHD_Result
send_reply(struct server_request *sr)
{
	struct request *r = &sr->req;
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		r->reply_len, r->reply_body ? r->reply_body : (char *)"", MHD_RESPMEM_MUST_COPY);
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
	MHD_add_response_header(resp, "Content-Security-Policy", CONTENT_SECURITY_POLICY);
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	for (struct reply_header *h = r->reply_headers; h != NULL; h = h->next)
		MHD_add_response_header(resp, h->name, h->value);
	ok = MHD_queue_response(sr->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	metrics_observe(r->route_index, r->status, (double)(now_ns() - r->started_ns) / 1e9);
	return ok;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
	   const char *version, const char *upload_data, size_t *upload_data_size, void **state)
{
	struct server *s = cls;
	struct server_request *sr = *state;

	(void)version;
	if (sr == NULL) {
		*state = request_begin(s, conn, url, method);
		return MHD_YES;
	}
	if (sr->phase == PHASE_READING && *upload_data_size > 0) {
		body_append(s, sr, upload_data, *upload_data_size);
		*upload_data_size = 0;
		/*
		 * An oversized body is read and dropped so the client, still sending, can read
		 * the 413; past DISCARD_MAX it is cut off (the connection is then closed).
		 */
		if (sr->discarded > DISCARD_MAX && !sr->req.replied) {
			reply_problem(&sr->req, 413, MSG_BODY_TOO_LARGE);
			return send_reply(sr);
		}
		return MHD_YES;
	}
	if (sr->phase == PHASE_READING) {
		if (sr->too_large) {
			if (sr->req.replied)
				return MHD_YES; /* already answered */
			reply_problem(&sr->req, 413, MSG_BODY_TOO_LARGE);
			return send_reply(sr);
		}
		if (s->handlers.quick(&sr->req)) {
			s->handlers.dispatch(&sr->req);
			return send_reply(sr);
		}
		sr->phase = PHASE_RUNNING;
		MHD_suspend_connection(conn);
		pool_submit(s, sr);
		return MHD_YES;
	}
	if (sr->phase == PHASE_DONE)
		return send_reply(sr);
	return MHD_YES;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **state,
	     enum MHD_RequestTerminationCode code)
{
	struct server_request *sr = *state;

	(void)cls;
	(void)conn;
	(void)code;
	if (sr == NULL)
		return;
	json_decref(sr->req.json);
	/* Bodies carry passwords and, soon, personal data: leave nothing behind in freed memory. */
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

struct server *
server_start(const struct server_options *o, const struct server_handlers *h, struct app *app,
	     unsigned *bound_port, char *err, size_t errlen)
{
	struct server *s = xcalloc(1, sizeof(*s));
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	bool ipv6;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_TURBO;

	if (!bind_address(o, &ss, &ipv6)) {
		snprintf(err, errlen, "cannot listen on '%s': not an IP address", o->address);
		free(s);
		return NULL;
	}
	s->handlers = *h;
	s->app = app;
	s->body_limit = o->body_limit;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->ready, NULL);
	s->nworkers = o->workers > 0 ? o->workers : 16;
	s->workers = xcalloc((size_t)s->nworkers, sizeof(*s->workers));
	for (int i = 0; i < s->nworkers; i++)
		pthread_create(&s->workers[i], NULL, worker_main, s);
	s->daemon = MHD_start_daemon(
		flags | (ipv6 ? MHD_USE_IPv6 : 0), 0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)default_threads(o->threads),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)o->connection_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->connection_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_END);
	if (s->daemon == NULL) {
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
	pthread_mutex_lock(&s->lock);
	s->stopping = true;
	pthread_cond_broadcast(&s->ready);
	pthread_mutex_unlock(&s->lock);
	for (int i = 0; i < s->nworkers; i++)
		pthread_join(s->workers[i], NULL);
	if (s->daemon != NULL)
		MHD_stop_daemon(s->daemon);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->ready);
	free(s->workers);
	free(s);
}
