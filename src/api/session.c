/* Who is calling (session cookie or API token), CSRF, signing out, and API tokens. Signing
 * in is api/sign_in.c. */
#include "api/session.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/app.h"
#include "api/input.h"
#include "api/me.h"
#include "api/session_cache.h"
#include "api/totp.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "crypt/crypt.h"
#include "domain/accounts.h"
#include "domain/session.h"

const char *
session_cookie_name(const struct request *r)
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

/* The session row: from the cache while the session generation, read first, is the one it
 * was cached under; else from the database (api/session_cache.h). */
static enum ura_status
session_row_of(struct request *r, struct db *db, const unsigned char *h, int64_t now,
	       int64_t *generation, struct session_row *row)
{
	enum ura_status st;

	if ((st = store_session_generation(db, generation)) != URA_OK)
		return st;
	if (session_cache_get(h, *generation, now, &r->arena, row))
		return URA_OK;
	st = store_session_find(db, &r->arena, h, row);
	if (st == URA_OK && row->user.active &&
	    session_is_live(now, row->last_seen_at, row->expires_at) &&
	    !session_needs_touch(now, row->last_seen_at))
		session_cache_put(h, *generation, row);
	return st;
}

static enum ura_status
identify_cookie(struct request *r, struct db *db, const char *token)
{
	unsigned char h[TOKEN_HASH_LEN];
	struct session_row row;
	int64_t now = clock_now(), generation;
	enum ura_status st;

	token_hash(token, strlen(token), h);
	st = session_row_of(r, db, h, now, &generation, &row);
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
	if (!session_needs_touch(now, row.last_seen_at))
		return URA_OK;
	if ((st = store_write(r->app->store, touch_fn, &r->caller.session_id)) == URA_OK) {
		row.last_seen_at = now; /* a touch changes no generation */
		session_cache_put(h, generation, &row);
	}
	return st;
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
	else if ((cookie = cookie_value(r, session_cookie_name(r))) != NULL)
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
		 session_cookie_name(r), r->app->config->https ? "; Secure" : "");
	reply_header_add(r, "Set-Cookie", cookie);
	reply_empty(r, 204);
}

/* What a caller whose role needs a second factor may do before enrolling: see who they are,
 * enrol, change their password, sign out. */
bool
session_route_allowed(const struct request *r)
{
	void (*const allowed[])(struct request *) = {
		handle_me, handle_me_totp_begin, handle_me_totp_confirm, handle_me_password,
		handle_session_delete,
	};

	if (!account_totp_enrolment_required(r->app->config->totp_required_roles,
					     &r->caller.user))
		return true;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (r->route->handler == allowed[i])
			return true;
	return false;
}

bool
session_required(struct request *r)
{
	if (r->caller.session_id != 0)
		return true;
	reply_problem(r, 403, MSG_SESSION_REQUIRED);
	return false;
}

/*
 * The browser session again: who is signed in and the CSRF token for writes. A page that was
 * reloaded still has the cookie but has lost the token it kept in memory; nothing is stored in
 * the browser, so it asks here. Without a browser session (no cookie, an expired one, or a
 * bearer token, which is not a browser session) the answer is {"user":null,"csrf_token":null}.
 */
void
handle_session_get(struct request *r)
{
	const char *token = cookie_value(r, session_cookie_name(r));
	char csrf[TOKEN_TEXT_LEN + 1];
	struct db *db;
	json_t *me;

	if (session_identify(r) != URA_OK || r->caller.session_id == 0 || token == NULL) {
		reply_json(r, 200, json_pack("{s:n, s:n}", "user", "csrf_token"));
		return;
	}
	if ((db = api_reader(r)) == NULL)
		return;
	if ((me = me_json(r, db, &r->caller.user)) == NULL) {
		reply_status(r, URA_EUNAVAILABLE);
		return;
	}
	csrf_token_derive(token, csrf);
	reply_json(r, 200, json_pack("{s:o, s:s}", "user", me, "csrf_token", csrf));
	sodium_memzero(csrf, sizeof(csrf));
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

void
handle_tokens_create(struct request *r)
{
	static const char *const allowed[] = { "name", "expires_at", NULL };
	struct token_create t = { .r = r };
	char token[TOKEN_TEXT_LEN + 1], when[32];
	int64_t now = clock_now();
	enum ura_status st;

	/* A token cannot make tokens: a leaked one would otherwise outlive its own expiry. */
	if (!session_required(r))
		return;
	t.name = input_string(r, "name", IN_REQUIRED, 1, 100);
	t.expires_at = input_time(r, "expires_at", IN_REQUIRED);
	if (t.expires_at != 0 && t.expires_at <= now)
		field_errors_add(&r->errors, "expires_at", MSG_IN_THE_PAST);
	else if (t.expires_at > now + (int64_t)r->app->config->token_max_days * 86400)
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
	int n, limit;
	int64_t after;
	enum ura_status st;

	/* One page holds every token (at most 200); limit and cursor are checked, as anywhere. */
	if (!req_page(r, &limit, &after) || (db = api_reader(r)) == NULL)
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
