/* Request accessors and reply builders. */
#include "http/request.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/log.h"

const char *
req_header(const struct request *r, const char *name)
{
	for (int i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

const char *
req_query(const struct request *r, const char *name)
{
	for (int i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].name, name) == 0)
			return r->query[i].value;
	return NULL;
}

/* A positive decimal int64 with no sign, spaces or leading zeros tricks; false otherwise. */
static bool
parse_positive_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s < '1' || *s > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return false;
	*out = v;
	return true;
}

bool
req_param_id(struct request *r, int i, const char *field, int64_t *out)
{
	if (i < r->nparams && parse_positive_id(r->params[i], out))
		return true;
	reply_field_error(r, 400, field, MSG_INVALID_ID);
	return false;
}

bool
req_query_id(struct request *r, const char *name, int64_t *out)
{
	const char *s = req_query(r, name);

	*out = 0;
	if (s == NULL || *s == '\0' || parse_positive_id(s, out))
		return true;
	reply_field_error(r, 400, name, MSG_INVALID_ID);
	return false;
}

bool
req_query_int(struct request *r, const char *name, int64_t min, int64_t max, int64_t *out)
{
	const char *s = req_query(r, name);
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return true;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || !(*s == '-' || (*s >= '0' && *s <= '9')) || v < min ||
	    v > max) {
		reply_field_error(r, 400, name, MSG_OUT_OF_RANGE);
		return false;
	}
	*out = v;
	return true;
}

bool
req_page(struct request *r, int *limit, int64_t *after)
{
	const char *l = req_query(r, "limit"), *c = req_query(r, "cursor");
	int64_t v;

	*limit = 50;
	*after = 0;
	if (l != NULL) {
		if (!parse_positive_id(l, &v) || v > 500) {
			reply_field_error(r, 400, "limit", MSG_INVALID_LIMIT);
			return false;
		}
		*limit = (int)v;
	}
	if (c != NULL && !parse_positive_id(c, after)) {
		reply_field_error(r, 400, "cursor", MSG_INVALID_CURSOR);
		return false;
	}
	return true;
}

json_t *
json_time(int64_t t)
{
	char buf[32];

	if (t == 0)
		return json_null();
	clock_format_rfc3339(t, buf, sizeof(buf));
	return json_string(buf);
}

void
reply_header_add(struct request *r, const char *name, const char *value)
{
	struct reply_header *h = arena_alloc(&r->arena, sizeof(*h));

	h->name = name;
	h->value = arena_strdup(&r->arena, value);
	h->next = r->reply_headers;
	r->reply_headers = h;
}

void
reply_text(struct request *r, int status, const char *content_type, const char *text, size_t len)
{
	r->status = status;
	r->content_type = content_type;
	r->reply_body = arena_strndup(&r->arena, text, len);
	r->reply_len = len;
	r->replied = true;
}

void
reply_bytes(struct request *r, int status, const char *content_type, const void *data,
	    size_t len)
{
	char *copy = arena_alloc(&r->arena, len + 1);

	memcpy(copy, data, len);
	copy[len] = '\0';
	r->status = status;
	r->content_type = content_type;
	r->reply_body = copy;
	r->reply_len = len;
	r->replied = true;
}

void
reply_owned(struct request *r, int status, const char *content_type, char *data, size_t len)
{
	r->status = status;
	r->content_type = content_type;
	r->reply_body = data;
	r->reply_len = len;
	r->replied = true;
}

void
reply_streamed(struct request *r, int status, const char *content_type,
	       const struct reply_stream *stream)
{
	reply_empty(r, status);
	r->content_type = content_type;
	r->reply_stream = arena_alloc(&r->arena, sizeof(*r->reply_stream));
	*r->reply_stream = *stream;
}

const char *
reply_header_get(const struct request *r, const char *name)
{
	for (const struct reply_header *h = r->reply_headers; h != NULL; h = h->next)
		if (strcasecmp(h->name, name) == 0)
			return h->value;
	return NULL;
}

/* A reply body growing in the request's arena, for json_dump_callback. */
struct dump_buffer {
	struct arena *arena;
	char *p;
	size_t len, cap;
};

static int
dump_append(const char *chunk, size_t n, void *cls)
{
	struct dump_buffer *b = cls;

	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap * 2;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = arena_alloc(b->arena, cap);
		memcpy(p, b->p, b->len);
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, chunk, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

/* The body is serialised once, straight into the arena (issue 15: it was measured, then
 * written). */
void
reply_json(struct request *r, int status, json_t *body)
{
	struct dump_buffer b = { &r->arena, arena_alloc(&r->arena, 2048), 0, 2048 };

	b.p[0] = '\0';
	json_dump_callback(body, dump_append, &b, JSON_COMPACT);
	json_decref(body);
	r->status = status;
	r->content_type = "application/json";
	r->reply_body = b.p;
	r->reply_len = b.len;
	r->replied = true;
}

void
reply_empty(struct request *r, int status)
{
	r->status = status;
	r->content_type = NULL;
	r->reply_body = NULL;
	r->reply_len = 0;
	r->replied = true;
}

void
reply_list(struct request *r, json_t *items, int64_t next_after)
{
	json_t *body = json_object();

	json_object_set_new(body, "items", items);
	if (next_after > 0)
		json_object_set_new(body, "next",
				    json_string(arena_printf(&r->arena, "%lld", (long long)next_after)));
	else
		json_object_set_new(body, "next", json_null());
	reply_json(r, 200, body);
}
