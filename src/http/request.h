/*
 * One HTTP request as handlers see it: method, path parameters, query, headers, the parsed JSON
 * body, the signed-in caller, and a reply. Everything lives in the request's arena, which is
 * freed when the response has been sent. Handlers never touch libmicrohttpd.
 */
#ifndef URA_HTTP_REQUEST_H
#define URA_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/i18n.h"
#include "core/status.h"
#include "domain/types.h"

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OTHER };

#define REQUEST_PARAMS_MAX 4
#define REQUEST_PAIRS_MAX 64

struct pair {
	const char *name, *value;
};

struct reply_header {
	const char *name, *value;
	struct reply_header *next;
};

struct app;
struct route;
struct case_key_cache;

struct request {
	struct arena arena;
	struct app *app;
	enum http_method method;
	const char *path;
	char request_id[48];
	char client_addr[64];
	enum lang lang;
	int64_t started_ns;

	struct pair headers[REQUEST_PAIRS_MAX];
	int nheaders;
	struct pair query[REQUEST_PAIRS_MAX];
	int nquery;
	bool too_many_pairs;

	char *body;
	size_t body_len, body_cap;
	json_t *json; /* the body when it is a JSON object; owned, freed with the request */
	void *upload; /* a streamed body's sink (http/server.h, struct body_sink), or NULL */

	const struct route *route;
	int route_index;
	const char *params[REQUEST_PARAMS_MAX];
	int nparams;

	bool signed_in;
	struct caller caller;
	struct field_errors errors;
	struct case_key_cache *case_keys; /* api/case_keys.c: the case keys this request opened */

	/* the reply */
	int status;
	const char *content_type;
	char *reply_body;
	size_t reply_len;
	struct reply_header *reply_headers;
	bool replied;
	struct reply_stream *reply_stream; /* a body written as it is sent (reply_streamed) */
};

/* Case-insensitive header lookup; NULL when absent. */
const char *req_header(const struct request *r, const char *name);
/* Query argument; NULL when absent. */
const char *req_query(const struct request *r, const char *name);

/*
 * Path parameter i as a positive int64. On failure replies 400 naming `field` and returns
 * false, so handlers read: if (!req_param_id(r, 0, "id", &id)) return;
 */
bool req_param_id(struct request *r, int i, const char *field, int64_t *out);
/* Query argument as a positive id (0 when absent). Replies 400 and returns false when bad. */
bool req_query_id(struct request *r, const char *name, int64_t *out);
/* Query argument as an integer min..max into *out, left untouched when absent or empty (the
 * caller's default). Replies 400 (out of range) and returns false when bad. */
bool req_query_int(struct request *r, const char *name, int64_t min, int64_t max,
		   int64_t *out);

/* Pagination: ?limit= (1..500, default 50) and ?cursor= (an id). Replies 400 when bad. */
bool req_page(struct request *r, int *limit, int64_t *after);

/* An RFC 3339 UTC time as JSON; JSON null for 0 (never happened). */
json_t *json_time(int64_t t);

/* ---- replies ---- */
void reply_header_add(struct request *r, const char *name, const char *value);
/* Sends `body` (consumed: decref'd) as JSON with `status`. */
void reply_json(struct request *r, int status, json_t *body);
void reply_text(struct request *r, int status, const char *content_type, const char *text,
		size_t len);
void reply_empty(struct request *r, int status);
/* Sends `len` bytes of `data` (copied; may hold NULs) with `content_type`. */
void reply_bytes(struct request *r, int status, const char *content_type, const void *data,
		 size_t len);
/* Sends `len` bytes already in the request's arena (not copied again: a download). */
void reply_owned(struct request *r, int status, const char *content_type, char *data,
		 size_t len);
/*
 * A body produced as it is sent (a download), never whole in memory: `read(cls, pos, buf,
 * max)` is called in order (pos: the bytes sent so far) on the thread that sends the answer,
 * after the handler returned, and writes 1..max bytes into buf; -1 aborts the answer (the
 * connection is closed short of `len`, so the client sees it incomplete). `release(cls)` is
 * called once, whether the body was sent, cut short or never started.
 */
struct reply_stream {
	uint64_t len;
	long (*read)(void *cls, uint64_t pos, char *buf, size_t max);
	void (*release)(void *cls);
	void *cls;
};
void reply_streamed(struct request *r, int status, const char *content_type,
		    const struct reply_stream *stream);
/* A header the handler added to the reply, or NULL. */
const char *reply_header_get(const struct request *r, const char *name);
/* A list page: {"items":[...], "next": cursor-or-null}. */
void reply_list(struct request *r, json_t *items, int64_t next_after);

/* RFC 9457 problems, in the request's language. */
void reply_problem(struct request *r, int status, enum msg detail);
/* The same with members of `extra` (a JSON object, consumed) beside the standard ones. */
void reply_problem_with(struct request *r, int status, enum msg detail, json_t *extra);
/* The same with a detail already written in the request's language (a message with a value
 * filled in). */
void reply_problem_text(struct request *r, int status, const char *detail, json_t *extra);
/* The problem for a status code from a lower layer (the one mapping lives in problem.c). */
void reply_status(struct request *r, enum ura_status st);
/* 400 when any collected error was a wrong JSON type, else 422, with errors[]. */
void reply_invalid(struct request *r);
/* Adds a field error and replies at once (one-error shortcut). */
void reply_field_error(struct request *r, int status, const char *field, enum msg message);
/* A value outside the vocabulary `allowed` (NULL-terminated, static): the answer lists it. */
void reply_field_choice(struct request *r, int status, const char *field,
			const char *const *allowed);
/* The HTTP status for a status code. */
int ura_status_http(enum ura_status st);

#endif
