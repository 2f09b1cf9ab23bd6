/*
 * Every request passes here, in this order: route (404/405), caller (401, session expiry),
 * CSRF on cookie writes (403), a second factor still to set up (403), query parameters the
 * route does not declare (400), body (415/400), then the route's handler.
 */
#include <string.h>
#include <strings.h>

#include "api/app.h"
#include "api/input.h"
#include "api/session.h"
#include "api/upload.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/utf8.h"
#include "domain/accounts.h"
#include "http/json_fault.h"

struct db *
api_reader(struct request *r)
{
	struct db *db = store_reader(r->app->store);

	if (db == NULL)
		reply_status(r, URA_EUNAVAILABLE);
	return db;
}

enum ura_status
api_audit(struct db *db, const struct request *r, const char *action, const char *object_type,
	  int64_t object_id, const char *fields)
{
	return api_audit_case(db, r, action, object_type, object_id, 0, fields);
}

enum ura_status
api_audit_case(struct db *db, const struct request *r, const char *action,
	       const char *object_type, int64_t object_id, int64_t case_id, const char *fields)
{
	return api_audit_case_detail(db, r, action, object_type, object_id, case_id, fields,
				     NULL);
}

enum ura_status
api_audit_case_detail(struct db *db, const struct request *r, const char *action,
		      const char *object_type, int64_t object_id, int64_t case_id,
		      const char *fields, const char *detail)
{
	int64_t now = clock_now();
	/* A new (or newly moved, or reset) staff account's case work is flagged for the
	 * auditor for its first days (domain/accounts.h). */
	bool flagged = case_id != 0 &&
		       account_reads_flagged(r->caller.user.watched_since, now,
					     r->app->config->new_staff_flag_days);
	struct audit_event e = {
		.actor_user_id = r->caller.user.id,
		.institution_id = r->caller.user.institution_id,
		.action = action,
		.object_type = object_type,
		.object_id = object_id,
		.case_id = case_id,
		.request_id = r->request_id,
		.fields = fields,
		.flagged = flagged,
		.detail = detail,
	};
	return audit_append(db, &e, now);
}

struct read_event {
	struct request *r;
	const char *action, *object_type, *fields;
	int64_t object_id, case_id;
};

static enum ura_status
audit_read_fn(struct db *db, void *ctx)
{
	const struct read_event *e = ctx;

	return api_audit_case(db, e->r, e->action, e->object_type, e->object_id, e->case_id,
			      e->fields);
}

enum ura_status
api_audit_read(struct request *r, const char *action, const char *object_type,
	       int64_t object_id, int64_t case_id, const char *fields)
{
	struct read_event e = { r, action, object_type, fields, object_id, case_id };

	return store_write(r->app->store, audit_read_fn, &e);
}

static bool
is_json_type(const char *ct)
{
	size_t n = strlen("application/json");

	if (ct == NULL || strncasecmp(ct, "application/json", n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

bool
request_is_form(const struct request *r)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n = strlen("application/x-www-form-urlencoded");

	if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* 400 for a body jansson refused, saying what is wrong, and where when it can be told. */
static void
reply_not_json(struct request *r, const json_error_t *jerr)
{
	static const enum msg messages[] = {
		[JSON_FAULT_SYNTAX] = MSG_MALFORMED_JSON, [JSON_FAULT_NUL] = MSG_JSON_NUL,
		[JSON_FAULT_NUMBER_RANGE] = MSG_JSON_NUMBER_RANGE,
		[JSON_FAULT_DUPLICATE_KEY] = MSG_JSON_DUPLICATE_KEY,
		[JSON_FAULT_TOO_DEEP] = MSG_JSON_TOO_DEEP,
	};
	char path[256];
	enum json_fault fault = json_fault_of(r->body, r->body_len, jerr, path, sizeof(path));

	if (path[0] != '\0') {
		field_errors_add(&r->errors, arena_strdup(&r->arena, path), messages[fault]);
		r->errors.malformed = true;
	}
	reply_problem(r, 400, messages[fault]);
}

/* Checks and parses the body; replies and returns false when it is not acceptable. */
static bool
read_body(struct request *r)
{
	json_error_t jerr;
	json_t *v;

	if (r->route->body == BODY_UPLOAD)
		return true; /* the handler reads the upload (api/upload.c) */
	if (r->body_len == 0) {
		if (r->route->body == BODY_JSON || r->route->body == BODY_JSON_ARRAY ||
		    r->route->body == BODY_FORM_OR_JSON) {
			reply_problem(r, 400, MSG_BODY_REQUIRED);
			return false;
		}
		return true;
	}
	if (r->route->body == BODY_NONE && r->method == HTTP_GET)
		return true; /* a GET body carries no meaning; ignore it */
	if (r->route->body == BODY_FORM_OR_JSON && request_is_form(r))
		return true; /* the handler reads the form */
	if (!is_json_type(req_header(r, "Content-Type"))) {
		reply_problem(r, 415, r->route->body == BODY_FORM_OR_JSON ? MSG_NOT_JSON_OR_FORM
									  : MSG_NOT_JSON);
		return false;
	}
	if (!utf8_valid(r->body, r->body_len)) {
		reply_problem(r, 400, MSG_INVALID_UTF8);
		return false;
	}
	v = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL) {
		reply_not_json(r, &jerr);
		return false;
	}
	if (r->route->body == BODY_JSON_ARRAY ? !json_is_array(v) : !json_is_object(v)) {
		json_decref(v);
		reply_problem(r, 400, r->route->body == BODY_JSON_ARRAY ? MSG_NOT_ARRAY
									: MSG_NOT_OBJECT);
		return false;
	}
	r->json = v;
	return true;
}

static bool
is_write(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

enum server_lane
api_lane(struct request *r)
{
	char allow[64];

	if (router_match(api_routes, api_nroutes, r, allow, sizeof(allow)) != ROUTE_FOUND)
		return LANE_WORKER;
	return r->route->quick ? LANE_EVENT : r->route->hashes ? LANE_HASH : LANE_WORKER;
}

static void
dispatch_request(struct request *r)
{
	char allow[64];
	const char *unknown;
	enum route_match m;

	if (r->too_many_pairs) {
		reply_problem(r, 400, MSG_TITLE_400);
		return;
	}
	m = router_match(api_routes, api_nroutes, r, allow, sizeof(allow));
	if (m == ROUTE_NO_PATH) {
		reply_problem(r, 404, MSG_ROUTE_NOT_FOUND);
		return;
	}
	if (m == ROUTE_NO_METHOD) {
		reply_problem(r, 405, MSG_METHOD_NOT_ALLOWED);
		reply_header_add(r, "Allow", allow);
		return;
	}
	if (r->route->auth == AUTH_SIGNED_IN) {
		enum ura_status st = session_identify(r);
		if (st != URA_OK) {
			reply_status(r, st);
			return;
		}
		if (r->caller.via_cookie && is_write(r->method) && !session_csrf_ok(r)) {
			reply_problem(r, 403, MSG_CSRF);
			return;
		}
		if (!session_route_allowed(r)) {
			reply_problem(r, 403, MSG_TOTP_ENROLMENT_REQUIRED);
			return;
		}
	}
	if ((unknown = router_unknown_query(r->route, r)) != NULL) {
		reply_field_error(r, 400, unknown, MSG_UNKNOWN_PARAMETER);
		return;
	}
	if (!read_body(r))
		return;
	r->route->handler(r);
	if (!r->replied) {
		log_event(LOG_ERROR, "no_reply", "request=%s path=%s", r->request_id, r->path);
		reply_status(r, URA_EINTERNAL);
	}
}

void
api_dispatch(struct request *r)
{
	struct app *app = r->app;

	store_read_begin(app->store);
	dispatch_request(r);
	store_read_end(app->store);
	if (app->first_answered != NULL && !atomic_load_explicit(&app->answered,
								 memory_order_relaxed) &&
	    !atomic_exchange(&app->answered, true))
		app->first_answered(app->first_answered_ctx);
	/* An upload the handler did not keep (refused, or never reached it) is gone before
	 * the answer leaves. */
	if (r->upload != NULL)
		upload_settle(r->upload);
}
