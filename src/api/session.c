/* Sessions, sign-in with throttling, CSRF and API tokens. */
#include "api/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/app.h"
#include "api/input.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "crypt/crypt.h"
#include "domain/session.h"

static const char *
cookie_name(const struct request *r)
{
	/* Over TLS the __Host- prefix pins the cookie to this host and to Secure. */
	return r->app->config->https ? "__Host-ura_session" : "ura_session";
}

/* The value of cookie `name` in the Cookie header, copied into the arena; NULL if absent. */
static const char *
cookie_value(struct request *r, const char *name)
{
	const char *h = req_header(r, "Cookie");
	size_t nlen = strlen(name);

	while (h != NULL && *h != '\0') {
		while (*h == ' ' || *h == ';')
			h++;
		const char *end = strchr(h, ';');
		size_t len = end ? (size_t)(end - h) : strlen(h);
		if (len > nlen && strncmp(h, name, nlen) == 0 && h[nlen] == '=')
			return arena_strndup(&r->arena, h + nlen + 1, len - nlen - 1);
		h = end;
	}
	return NULL;
}

json_t *
user_summary_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)u->id, "username",
			 u->username, "display_name", u->display_name, "role", role_name(u->role),
			 "institution_id",
			 u->institution_id ? json_integer(u->institution_id) : json_null(),
			 "locale", u->locale);
}

static enum ura_status
touch_fn(struct db *db, void *ctx)
{
	const int64_t *id = ctx;
	return store_session_touch(db, *id, clock_now());
}

static enum ura_status
identify_bearer(struct request *r, struct db *db, const char *token)
{
	unsigned char h[TOKEN_HASH_LEN];
	enum ura_status st;

	token_hash(token, strlen(token), h);
	st = store_token_find(db, &r->arena, h, clock_now(), &r->caller.token_id, &r->caller.user);
	if (st == URA_ENOTFOUND || (st == URA_OK && !r->caller.user.active))
		return URA_EAUTH;
	return st;
}

static enum ura_status
identify_cookie(struct request *r, struct db *db, const char *token)
{
	unsigned char h[TOKEN_HASH_LEN];
	struct session_row row;
	int64_t now = clock_now();
	enum ura_status st;

	token_hash(token, strlen(token), h);
	st = store_session_find(db, &r->arena, h, &row);
	if (st == URA_ENOTFOUND)
		return URA_EAUTH;
	if (st != URA_OK)
		return st;
	if (!row.user.active || !session_is_live(now, row.last_seen_at, row.expires_at))
		return URA_EAUTH;
	r->caller.user = row.user;
	r->caller.session_id = row.id;
	r->caller.via_cookie = true;
	memcpy(r->caller.csrf_hash, row.csrf_hash, sizeof(row.csrf_hash));
	if (session_needs_touch(now, row.last_seen_at))
		return store_write(r->app->store, touch_fn, &r->caller.session_id);
	return URA_OK;
}

enum ura_status
session_identify(struct request *r)
{
	const char *auth = req_header(r, "Authorization"), *cookie;
	struct db *db = store_reader(r->app->store);
	enum ura_status st;

	if (db == NULL)
		return URA_EUNAVAILABLE;
	if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0)
		st = identify_bearer(r, db, auth + 7);
	else if ((cookie = cookie_value(r, cookie_name(r))) != NULL)
		st = identify_cookie(r, db, cookie);
	else
		st = URA_EAUTH;
	r->signed_in = st == URA_OK;
	return st;
}

bool
session_csrf_ok(const struct request *r)
{
	const char *token = req_header(r, "X-CSRF-Token");
	unsigned char h[TOKEN_HASH_LEN];

	if (token == NULL || strlen(token) != TOKEN_TEXT_LEN)
		return false;
	token_hash(token, strlen(token), h);
	return crypt_equal(h, r->caller.csrf_hash, sizeof(h));
}

/* ---- sign-in ---- */

struct sign_in {
	struct request *r;
	const char *account_subject, *address_subject;
	struct user user;
	bool success;
	unsigned char token_hash[TOKEN_HASH_LEN], csrf_hash[TOKEN_HASH_LEN];
	int64_t session_id;
};

static enum ura_status
sign_in_record_fn(struct db *db, void *ctx)
{
	struct sign_in *s = ctx;
	int64_t now = clock_now();
	enum ura_status st;

	if (!s->success) {
		st = store_sign_in_failure_add(db, s->account_subject, now);
		return st == URA_OK ? store_sign_in_failure_add(db, s->address_subject, now) : st;
	}
	if ((st = store_sign_in_failures_clear(db, s->account_subject)) != URA_OK ||
	    (st = store_session_insert(db, s->token_hash, s->csrf_hash, s->user.id, now,
				       now + SESSION_ABSOLUTE_SECONDS, &s->session_id)) != URA_OK)
		return st;
	return audit_append(db, &(struct audit_event){
		.actor_user_id = s->user.id, .institution_id = s->user.institution_id,
		.action = "session.create", .object_type = "session", .object_id = s->session_id,
		.request_id = s->r->request_id }, now);
}

/* Replies 429 and returns false when this account or address must wait. */
static bool
sign_in_allowed(struct request *r, struct db *db, struct sign_in *s)
{
	int64_t now = clock_now(), since = now - THROTTLE_WINDOW_SECONDS, acc_old, addr_old;
	int acc, addr, wait;
	char retry[24];

	if (store_sign_in_failures(db, s->account_subject, since, &acc, &acc_old) != URA_OK ||
	    store_sign_in_failures(db, s->address_subject, since, &addr, &addr_old) != URA_OK) {
		reply_status(r, URA_EUNAVAILABLE);
		return false;
	}
	wait = throttle_retry_after(now, acc, acc_old, addr, addr_old);
	if (wait == 0)
		return true;
	snprintf(retry, sizeof(retry), "%d", wait);
	reply_header_add(r, "Retry-After", retry);
	reply_problem(r, 429, MSG_THROTTLED);
	return false;
}

static void
reply_signed_in(struct request *r, struct sign_in *s, const char *token, const char *csrf)
{
	char cookie[256];

	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
		 cookie_name(r), token, SESSION_ABSOLUTE_SECONDS,
		 r->app->config->https ? "; Secure" : "");
	reply_header_add(r, "Set-Cookie", cookie);
	reply_json(r, 201, json_pack("{s:o, s:s}", "user", user_summary_json(&s->user),
				     "csrf_token", csrf));
}

void
handle_session_create(struct request *r)
{
	static const char *const allowed[] = { "username", "password", "totp", NULL };
	const char *username = input_string(r, "username", IN_REQUIRED, 1, 64);
	const char *password = input_string(r, "password", IN_REQUIRED, 1, 256);
	const char *hash = NULL;
	char token[TOKEN_TEXT_LEN + 1], csrf[TOKEN_TEXT_LEN + 1];
	struct sign_in s = { .r = r };
	struct db *db;
	enum ura_status st;

	input_string(r, "totp", IN_OPTIONAL, 0, 16);
	if (!input_done(r, allowed) || (db = api_reader(r)) == NULL)
		return;
	s.account_subject = arena_printf(&r->arena, "account:%s", username);
	s.address_subject = arena_printf(&r->arena, "address:%s", r->client_addr);
	if (!sign_in_allowed(r, db, &s))
		return;
	st = store_user_for_sign_in(db, &r->arena, username, &s.user, &hash);
	if (st != URA_OK && st != URA_ENOTFOUND) {
		reply_status(r, st);
		return;
	}
	/* Unknown user, wrong password, disabled account: the same answer and the same work. */
	s.success = password_verify(st == URA_OK ? hash : NULL, password) && s.user.active;
	if (s.success) {
		token_new(token);
		token_new(csrf);
		token_hash(token, strlen(token), s.token_hash);
		token_hash(csrf, strlen(csrf), s.csrf_hash);
	}
	st = store_write(r->app->store, sign_in_record_fn, &s);
	if (st != URA_OK)
		reply_status(r, st);
	else if (!s.success)
		reply_problem(r, 401, MSG_BAD_CREDENTIALS);
	else
		reply_signed_in(r, &s, token, csrf);
	sodium_memzero(token, sizeof(token));
	sodium_memzero(csrf, sizeof(csrf));
}

static enum ura_status
sign_out_fn(struct db *db, void *ctx)
{
	struct request *r = ctx;
	enum ura_status st = store_session_delete(db, r->caller.session_id);

	if (st != URA_OK)
		return st;
	return api_audit(db, r, "session.delete", "session", r->caller.session_id, NULL);
}

void
handle_session_delete(struct request *r)
{
	enum ura_status st;
	char cookie[128];

	/* A bearer token is not a session: it ends nothing here, and says how to revoke it. */
	if (r->caller.session_id == 0) {
		reply_problem(r, 403, MSG_BEARER_NOT_SESSION);
		return;
	}
	st = store_write(r->app->store, sign_out_fn, r);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	snprintf(cookie, sizeof(cookie), "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
		 cookie_name(r), r->app->config->https ? "; Secure" : "");
	reply_header_add(r, "Set-Cookie", cookie);
	reply_empty(r, 204);
}

void
handle_me(struct request *r)
{
	reply_json(r, 200, user_summary_json(&r->caller.user));
}

/* ---- API tokens ---- */

struct token_create {
	struct request *r;
	const char *name;
	int64_t expires_at, id;
	unsigned char hash[TOKEN_HASH_LEN];
};

static enum ura_status
token_create_fn(struct db *db, void *ctx)
{
	struct token_create *t = ctx;
	struct request *r = t->r;
	int64_t now = clock_now();
	enum ura_status st = store_token_insert(db, r->caller.user.id, t->name, t->hash, now,
						t->expires_at, &t->id);

	if (st != URA_OK)
		return st;
	return api_audit(db, r, "token.create", "token", t->id, NULL);
}

/* Integrations get at most a year; a longer-lived secret is a liability. */
#define TOKEN_MAX_SECONDS (366 * 24 * 3600)

void
handle_tokens_create(struct request *r)
{
	static const char *const allowed[] = { "name", "expires_at", NULL };
	struct token_create t = { .r = r };
	char token[TOKEN_TEXT_LEN + 1], when[32];
	int64_t now = clock_now();
	enum ura_status st;

	t.name = input_string(r, "name", IN_REQUIRED, 1, 100);
	t.expires_at = input_time(r, "expires_at", IN_REQUIRED);
	if (t.expires_at != 0 && t.expires_at <= now)
		field_errors_add(&r->errors, "expires_at", MSG_IN_THE_PAST);
	else if (t.expires_at > now + TOKEN_MAX_SECONDS)
		field_errors_add(&r->errors, "expires_at", MSG_OUT_OF_RANGE);
	if (!input_done(r, allowed))
		return;
	token_new(token);
	token_hash(token, strlen(token), t.hash);
	st = store_write(r->app->store, token_create_fn, &t);
	if (st != URA_OK) {
		sodium_memzero(token, sizeof(token));
		reply_status(r, st);
		return;
	}
	clock_format_rfc3339(t.expires_at, when, sizeof(when));
	reply_json(r, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)t.id, "name",
				     t.name, "token", token, "expires_at", when));
	sodium_memzero(token, sizeof(token));
}

void
handle_tokens_list(struct request *r)
{
	struct token_row *rows;
	json_t *items;
	struct db *db;
	int n;
	enum ura_status st;

	if ((db = api_reader(r)) == NULL)
		return;
	st = store_token_list(db, &r->arena, r->caller.user.id, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:o, s:o, s:o}", "id",
			(json_int_t)rows[i].id, "name", rows[i].name, "created_at",
			json_time(rows[i].created_at), "expires_at",
			json_time(rows[i].expires_at), "revoked_at",
			json_time(rows[i].revoked_at)));
	reply_list(r, items, 0);
}

struct token_revoke {
	struct request *r;
	int64_t id;
};

static enum ura_status
token_revoke_fn(struct db *db, void *ctx)
{
	struct token_revoke *t = ctx;
	struct request *r = t->r;
	int64_t now = clock_now();
	enum ura_status st = store_token_revoke(db, r->caller.user.id, t->id, now);

	if (st != URA_OK)
		return st;
	return api_audit(db, r, "token.revoke", "token", t->id, NULL);
}

void
handle_tokens_revoke(struct request *r)
{
	struct token_revoke t = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &t.id))
		return;
	st = store_write(r->app->store, token_revoke_fn, &t);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_empty(r, 204);
}
