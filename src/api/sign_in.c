/*
 * POST /session: the password, then (for a user who has one) the second factor, under the
 * throttle. Unknown user, wrong password and disabled account answer alike; only after the
 * right password does a missing or wrong second factor say so (`totp_required`), and that
 * failure counts like a wrong password.
 */
#include "api/sign_in.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "api/me.h"
#include "api/session.h"
#include "api/totp.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "crypt/crypt.h"
#include "domain/session.h"
#include "http/forwarded.h"

/* Every X-Forwarded-For header of the request, joined in order; NULL without any. */
static const char *
forwarded_for(struct request *r)
{
	const char *joined = NULL;

	for (int i = 0; i < r->nheaders; i++) {
		if (strcasecmp(r->headers[i].name, "X-Forwarded-For") != 0)
			continue;
		joined = joined == NULL ? r->headers[i].value
					: arena_printf(&r->arena, "%s,%s", joined,
						       r->headers[i].value);
	}
	return joined;
}

void
throttle_subjects(struct request *r, const char *username, struct throttle *t)
{
	char client[FORWARDED_ADDRESS_MAX];

	forwarded_client(r->app->config->trusted_proxies, r->client_addr, forwarded_for(r), client,
			 sizeof(client));
	t->account = arena_printf(&r->arena, "account:%s", username);
	t->address = arena_printf(&r->arena, "address:%s", client);
}

bool
throttle_allows(struct request *r, struct db *db, const struct throttle *t)
{
	int64_t now = clock_now(), since = now - THROTTLE_WINDOW_SECONDS, acc_old, addr_old;
	int acc, addr, wait;
	char retry[24];

	if (store_sign_in_failures(db, t->account, since, &acc, &acc_old) != URA_OK ||
	    store_sign_in_failures(db, t->address, since, &addr, &addr_old) != URA_OK) {
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

struct db *
throttle_credential_check(struct request *r, const char *const *allowed, struct throttle *t)
{
	struct db *db;

	if (!session_required(r) || !input_done(r, allowed) || (db = api_reader(r)) == NULL)
		return NULL;
	throttle_subjects(r, r->caller.user.username, t);
	return throttle_allows(r, db, t) ? db : NULL;
}

enum ura_status
throttle_fail(struct db *db, const struct throttle *t)
{
	int64_t now = clock_now();
	enum ura_status st = store_sign_in_failure_add(db, t->account, now);

	return st == URA_OK ? store_sign_in_failure_add(db, t->address, now) : st;
}

struct sign_in {
	struct request *r;
	struct throttle t;
	struct user user;
	bool password_ok;           /* the password was right (and the account active) */
	bool needs_totp;            /* ... and the user has a second factor */
	struct totp_attempt totp;   /* the code given, checked before the write */
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

	s->success = s->password_ok;
	if (s->success && s->needs_totp &&
	    (st = totp_attempt_consume(db, s->user.id, &s->totp, now, &s->success)) != URA_OK)
		return st;
	if (!s->success)
		return throttle_fail(db, &s->t);
	if ((st = store_sign_in_failures_clear(db, s->t.account)) != URA_OK ||
	    (st = store_session_insert(db, s->token_hash, s->csrf_hash, s->user.id, now,
				       now + SESSION_ABSOLUTE_SECONDS, &s->session_id)) != URA_OK)
		return st;
	return audit_append(db, &(struct audit_event){
		.actor_user_id = s->user.id, .institution_id = s->user.institution_id,
		.action = "session.create", .object_type = "session", .object_id = s->session_id,
		.request_id = s->r->request_id,
		.fields = s->totp.recovery ? "[\"recovery_code\"]" : NULL }, now);
}

static void
reply_signed_in(struct request *r, struct sign_in *s, const char *token, const char *csrf)
{
	struct db *db = api_reader(r);
	json_t *me = db != NULL ? me_json(r, db, &s->user) : NULL;
	char cookie[256];

	if (db == NULL)
		return;
	if (me == NULL) {
		reply_status(r, URA_EUNAVAILABLE);
		return;
	}
	snprintf(cookie, sizeof(cookie), "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
		 session_cookie_name(r), token, SESSION_ABSOLUTE_SECONDS,
		 r->app->config->https ? "; Secure" : "");
	reply_header_add(r, "Set-Cookie", cookie);
	reply_json(r, 201, json_pack("{s:o, s:s}", "user", me, "csrf_token", csrf));
}

/* The refusal: one answer for everything before the password is known right; after it, a
 * missing or wrong second factor is named, with `totp_required`. */
static void
reply_refused(struct request *r, const struct sign_in *s, bool totp_given)
{
	if (!s->password_ok || !s->needs_totp) {
		reply_problem(r, 401, MSG_BAD_CREDENTIALS);
		return;
	}
	field_errors_add(&r->errors, "totp", totp_given ? MSG_TOTP_WRONG : MSG_TOTP_REQUIRED);
	reply_problem_with(r, 401, totp_given ? MSG_TOTP_WRONG : MSG_TOTP_REQUIRED,
			   json_pack("{s:b}", "totp_required", 1));
}

/* The password (and the account), then the second factor's code, all before the write. */
static enum ura_status
check_credentials(struct request *r, struct db *db, struct sign_in *s, const char *username,
		  const char *password, const char *totp)
{
	const char *hash = NULL;
	enum ura_status st = store_user_for_sign_in(db, &r->arena, username, &s->user, &hash);

	if (st != URA_OK && st != URA_ENOTFOUND)
		return st;
	/* Unknown user, wrong password, disabled account: the same answer and the same work. */
	s->password_ok = password_verify(st == URA_OK ? hash : NULL, password) && s->user.active;
	s->needs_totp = s->password_ok && s->user.totp_enabled;
	if (s->needs_totp)
		return totp_attempt_prepare(r, db, s->user.id, totp, true, &s->totp);
	return URA_OK;
}

void
handle_session_create(struct request *r)
{
	static const char *const allowed[] = { "username", "password", "totp", NULL };
	const char *username = input_string(r, "username", IN_REQUIRED, 1, 64);
	const char *password = input_string(r, "password", IN_REQUIRED, 1, 256);
	const char *totp = input_string(r, "totp", IN_OPTIONAL, 0, 32);
	char token[TOKEN_TEXT_LEN + 1], csrf[TOKEN_TEXT_LEN + 1];
	struct sign_in s = { .r = r };
	struct db *db;
	enum ura_status st;

	if (!input_done(r, allowed) || (db = api_reader(r)) == NULL)
		return;
	throttle_subjects(r, username, &s.t);
	if (!throttle_allows(r, db, &s.t))
		return;
	if ((st = check_credentials(r, db, &s, username, password, totp)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	token_new(token);
	csrf_token_derive(token, csrf);
	token_hash(token, strlen(token), s.token_hash);
	token_hash(csrf, strlen(csrf), s.csrf_hash);
	st = store_write(r->app->store, sign_in_record_fn, &s);
	if (st != URA_OK)
		reply_status(r, st);
	else if (!s.success)
		reply_refused(r, &s, totp != NULL && *totp != '\0');
	else
		reply_signed_in(r, &s, token, csrf);
	sodium_memzero(token, sizeof(token));
	sodium_memzero(csrf, sizeof(csrf));
}
