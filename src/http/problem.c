/* The one mapping from status codes to HTTP, and RFC 9457 problem replies. */
#include <string.h>

#include "core/log.h"
#include "http/request.h"

int
ura_status_http(enum ura_status st)
{
	switch (st) {
	case URA_OK: return 200;
	case URA_EINVAL: return 400;
	case URA_EUNPROCESSABLE: return 422;
	case URA_EAUTH: return 401;
	case URA_EFORBIDDEN: return 403;
	case URA_ENOTFOUND: return 404;
	case URA_ECONFLICT: return 409;
	case URA_EEXISTS: return 422;
	case URA_ESTALE: return 412;
	case URA_EPRECONDITION: return 428;
	case URA_ETHROTTLED: return 429;
	case URA_EUNAVAILABLE: return 503;
	case URA_EFULL: return 503;
	case URA_EINTERNAL: return 500;
	}
	return 500;
}

static enum msg
title_of(int status)
{
	switch (status) {
	case 400: return MSG_TITLE_400;
	case 401: return MSG_TITLE_401;
	case 403: return MSG_TITLE_403;
	case 404: return MSG_TITLE_404;
	case 405: return MSG_TITLE_405;
	case 409: return MSG_TITLE_409;
	case 412: return MSG_TITLE_412;
	case 413: return MSG_TITLE_413;
	case 415: return MSG_TITLE_415;
	case 422: return MSG_TITLE_422;
	case 428: return MSG_TITLE_428;
	case 429: return MSG_TITLE_429;
	case 431: return MSG_TITLE_431;
	case 503: return MSG_TITLE_503;
	default: return MSG_TITLE_500;
	}
}

static const char *
slug_of(int status)
{
	switch (status) {
	case 400: return "malformed-request";
	case 401: return "not-signed-in";
	case 403: return "forbidden";
	case 404: return "not-found";
	case 405: return "method-not-allowed";
	case 409: return "conflict";
	case 412: return "precondition-failed";
	case 413: return "too-large";
	case 415: return "unsupported-media-type";
	case 422: return "invalid-input";
	case 428: return "precondition-required";
	case 429: return "throttled";
	case 431: return "headers-too-large";
	case 503: return "unavailable";
	default: return "internal";
	}
}

/* One field's error; a value outside a vocabulary lists the vocabulary, in the message
 * ("Must be one of: a, b") for people and as "allowed" for programs. */
static json_t *
field_error_json(const struct field_error *e, enum lang lang)
{
	json_t *item = json_pack("{s:s}", "field", e->field), *allowed;
	char message[1024];
	size_t used;

	if (e->allowed == NULL) {
		json_object_set_new(item, "message", json_string(i18n_text(e->message, lang)));
		return item;
	}
	allowed = json_array();
	used = (size_t)snprintf(message, sizeof(message), "%s:", i18n_text(e->message, lang));
	for (const char *const *v = e->allowed; *v != NULL; v++) {
		json_array_append_new(allowed, json_string(*v));
		if (used < sizeof(message))
			used += (size_t)snprintf(message + used, sizeof(message) - used, "%s %s",
						 v == e->allowed ? "" : ",", *v);
	}
	json_object_set_new(item, "message", json_string(message));
	json_object_set_new(item, "allowed", allowed);
	return item;
}

/* `extra` (an object, consumed; may be NULL) adds members beside the standard ones. */
static void
send_problem_text(struct request *r, int status, const char *detail, json_t *extra)
{
	json_t *body = json_object();
	char type[64];

	snprintf(type, sizeof(type), "urn:ura:problem:%s", slug_of(status));
	json_object_set_new(body, "type", json_string(type));
	json_object_set_new(body, "title", json_string(i18n_text(title_of(status), r->lang)));
	json_object_set_new(body, "status", json_integer(status));
	json_object_set_new(body, "detail", json_string(detail));
	json_object_set_new(body, "instance", json_string(r->request_id));
	if (r->errors.count > 0) {
		json_t *errors = json_array();
		for (int i = 0; i < r->errors.count; i++)
			json_array_append_new(errors, field_error_json(&r->errors.items[i], r->lang));
		json_object_set_new(body, "errors", errors);
	}
	if (extra != NULL) {
		json_object_update_missing(body, extra);
		json_decref(extra);
	}
	reply_json(r, status, body);
	r->content_type = "application/problem+json";
}

static void
send_problem_with(struct request *r, int status, enum msg detail, json_t *extra)
{
	send_problem_text(r, status, i18n_text(detail, r->lang), extra);
}

void
reply_problem_text(struct request *r, int status, const char *detail, json_t *extra)
{
	send_problem_text(r, status, detail, extra);
}

static void
send_problem(struct request *r, int status, enum msg detail)
{
	send_problem_with(r, status, detail, NULL);
}

void
reply_problem_with(struct request *r, int status, enum msg detail, json_t *extra)
{
	send_problem_with(r, status, detail, extra);
}

void
reply_problem(struct request *r, int status, enum msg detail)
{
	send_problem(r, status, detail);
}

void
reply_status(struct request *r, enum ura_status st)
{
	int status = ura_status_http(st);
	enum msg detail;

	switch (st) {
	case URA_EAUTH: detail = MSG_SIGN_IN_REQUIRED; break;
	case URA_EFORBIDDEN: detail = MSG_FORBIDDEN; break;
	case URA_ENOTFOUND: detail = MSG_NOT_FOUND; break;
	case URA_ETHROTTLED: detail = MSG_THROTTLED; break;
	case URA_EUNAVAILABLE: detail = MSG_UNAVAILABLE; break;
	case URA_EFULL:
		/* Nothing was written; the same request succeeds once there is room again. */
		reply_header_add(r, "Retry-After", "60");
		detail = MSG_STORAGE_FULL;
		break;
	case URA_EINVAL: detail = MSG_MALFORMED_JSON; break;
	case URA_EUNPROCESSABLE:
	case URA_EEXISTS:
		reply_invalid(r);
		return;
	case URA_ECONFLICT: detail = MSG_TITLE_409; break;
	case URA_ESTALE: detail = MSG_STALE_VERSION; break;
	case URA_EPRECONDITION: detail = MSG_IF_MATCH_REQUIRED; break;
	default:
		log_event(LOG_ERROR, "request_failed", "request=%s path=%s status=%s",
			  r->request_id, r->path, ura_status_name(st));
		detail = MSG_INTERNAL;
		break;
	}
	send_problem(r, status, detail);
}

void
reply_invalid(struct request *r)
{
	send_problem(r, r->errors.malformed ? 400 : 422,
		     r->errors.malformed ? MSG_WRONG_TYPES : MSG_TITLE_422);
}

void
reply_field_error(struct request *r, int status, const char *field, enum msg message)
{
	field_errors_add(&r->errors, field, message);
	send_problem(r, status, message);
}

void
reply_field_choice(struct request *r, int status, const char *field, const char *const *allowed)
{
	field_errors_add_choice(&r->errors, field, allowed);
	send_problem(r, status, MSG_NOT_ALLOWED_VALUE);
}
