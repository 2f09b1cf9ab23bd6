/*
 * The second factor's routes and the check of a code. The secret is kept encrypted under
 * "users.totp_secret#<id>" (the pending one too: confirming moves it into place); recovery
 * codes are kept as hashes and shown once. Failed codes count toward the sign-in throttle.
 */
#include "api/totp.h"

#include <sodium.h>
#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "api/session.h"
#include "api/sealed.h"
#include "api/sign_in.h"
#include "core/clock.h"
#include "core/log.h"
#include "crypt/field.h"
#include "crypt/totp.h"
#include "domain/accounts.h"
#include "domain/authz.h"
#include "report/qr.h"

/* The base32 text of a sealed secret; NULL (logged) when it does not decrypt. */
static char *
secret_open(struct request *r, int64_t user_id, const struct blob *b)
{
	char *s = field_decrypt(&r->arena, r->app->keys, "users", "totp_secret", user_id, b->p,
				b->len);

	if (s == NULL)
		log_event(LOG_ERROR, "decrypt_failed", "table=users column=totp_secret id=%lld",
			  (long long)user_id);
	return s;
}

static void
secret_wipe(char *s)
{
	if (s != NULL)
		sodium_memzero(s, strlen(s));
}

enum ura_status
totp_attempt_prepare(struct request *r, struct db *db, int64_t user_id, const char *code,
		     bool recovery_allowed, struct totp_attempt *a)
{
	struct totp_row row;
	enum ura_status st;
	char *secret;

	memset(a, 0, sizeof(*a));
	if (code == NULL || *code == '\0')
		return URA_OK;
	if ((st = store_totp_get(db, &r->arena, user_id, &row)) != URA_OK || !row.enabled)
		return st;
	if (totp_code_shape(code)) {
		if ((secret = secret_open(r, user_id, &row.secret)) == NULL)
			return URA_EINTERNAL;
		a->usable = totp_check(secret, clock_now(), code, row.last_step, &a->step) ==
			    TOTP_ACCEPTED;
		secret_wipe(secret);
	} else if (recovery_allowed && recovery_code_hash(code, a->hash)) {
		a->usable = a->recovery = true;
	}
	return URA_OK;
}

enum ura_status
totp_attempt_consume(struct db *db, int64_t user_id, const struct totp_attempt *a, int64_t now,
		     bool *ok)
{
	enum ura_status st;

	*ok = false;
	if (!a->usable)
		return URA_OK;
	st = a->recovery ? store_recovery_code_use(db, user_id, a->hash, now)
			 : store_totp_use_step(db, user_id, a->step);
	*ok = st == URA_OK;
	return st == URA_ENOTFOUND || st == URA_ECONFLICT ? URA_OK : st;
}

/* ---- POST /me/totp: a pending secret and its QR code ---- */

struct totp_begin {
	struct request *r;
	struct blob sealed;
	bool enabled; /* already on: 409 */
};

static enum ura_status
begin_fn(struct db *db, void *ctx)
{
	struct totp_begin *b = ctx;
	struct request *r = b->r;
	struct totp_row row;
	enum ura_status st = store_totp_get(db, &r->arena, r->caller.user.id, &row);

	if (st != URA_OK)
		return st;
	if ((b->enabled = row.enabled))
		return URA_ECONFLICT;
	if ((st = store_totp_set_pending(db, r->caller.user.id, &b->sealed)) != URA_OK)
		return st;
	return api_audit(db, r, "totp.begin", "user", r->caller.user.id, NULL);
}

static json_t *
enrolment_json(struct request *r, const char *secret, const char *uri, const struct qr *qr)
{
	json_t *rows = json_array();

	for (int i = 0; i < qr->size; i++)
		json_array_append_new(rows, json_string(qr->rows[i]));
	return json_pack("{s:s, s:s, s:{s:i, s:o}, s:s}", "secret", secret, "otpauth_uri", uri,
			 "qr", "size", qr->size, "rows", rows, "qr_svg", qr->svg);
}

void
handle_me_totp_begin(struct request *r)
{
	static const char *const allowed[] = { NULL };
	struct totp_begin b = { .r = r };
	char secret[TOTP_SECRET_TEXT_LEN + 1];
	const char *uri;
	struct qr qr;
	enum ura_status st;

	if (!session_required(r) || !input_done(r, allowed))
		return;
	totp_secret_new(secret);
	uri = arena_printf(&r->arena, "otpauth://totp/Ura:%s?secret=%s&issuer=Ura",
			   r->caller.user.username, secret);
	b.sealed = sealed_text(r, "users", "totp_secret", r->caller.user.id, secret);
	if (!qr_encode(&r->arena, uri, &qr))
		st = URA_EINTERNAL;
	else
		st = store_write(r->app->store, begin_fn, &b);
	if (st == URA_ECONFLICT && b.enabled)
		reply_problem(r, 409, MSG_TOTP_ALREADY_ENABLED);
	else if (st != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 201, enrolment_json(r, secret, uri, &qr));
	sodium_memzero(secret, sizeof(secret));
}

/* ---- POST /me/totp/confirm {"code"}: on, with ten recovery codes shown once ---- */

struct totp_confirm {
	struct request *r;
	struct throttle t;
	bool ok;
	int64_t step;
	char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT_LEN + 1];
	unsigned char hashes[RECOVERY_CODE_COUNT][32];
};

static enum ura_status
confirm_fn(struct db *db, void *ctx)
{
	struct totp_confirm *c = ctx;
	struct request *r = c->r;
	enum ura_status st;

	if (!c->ok)
		return throttle_fail(db, &c->t);
	st = store_totp_enable(db, r->caller.user.id, c->step,
			       (const unsigned char (*)[32])c->hashes, RECOVERY_CODE_COUNT,
			       clock_now());
	if (st != URA_OK)
		return st;
	return api_audit(db, r, "totp.enable", "user", r->caller.user.id, NULL);
}

/* Checks the code against the pending secret and makes the recovery codes; URA_ECONFLICT
 * when nothing is pending. */
static enum ura_status
confirm_prepare(struct request *r, struct db *db, const char *code, struct totp_confirm *c)
{
	struct totp_row row;
	enum ura_status st = store_totp_get(db, &r->arena, r->caller.user.id, &row);
	char *secret;

	if (st != URA_OK)
		return st;
	if (row.enabled || row.pending.len == 0)
		return URA_ECONFLICT;
	if ((secret = secret_open(r, r->caller.user.id, &row.pending)) == NULL)
		return URA_EINTERNAL;
	c->ok = totp_check(secret, clock_now(), code, row.last_step, &c->step) == TOTP_ACCEPTED;
	secret_wipe(secret);
	for (int i = 0; c->ok && i < RECOVERY_CODE_COUNT; i++) {
		recovery_code_new(c->codes[i]);
		recovery_code_hash(c->codes[i], c->hashes[i]);
	}
	return URA_OK;
}

static json_t *
recovery_codes_json(const struct totp_confirm *c)
{
	json_t *list = json_array();

	for (int i = 0; i < RECOVERY_CODE_COUNT; i++)
		json_array_append_new(list, json_string(c->codes[i]));
	return json_pack("{s:o}", "recovery_codes", list);
}

void
handle_me_totp_confirm(struct request *r)
{
	static const char *const allowed[] = { "code", NULL };
	const char *code = input_string(r, "code", IN_REQUIRED, 1, 32);
	struct totp_confirm c = { .r = r };
	struct db *db;
	enum ura_status st;

	if ((db = throttle_credential_check(r, allowed, &c.t)) == NULL)
		return;
	if ((st = confirm_prepare(r, db, code, &c)) == URA_OK)
		st = store_write(r->app->store, confirm_fn, &c);
	if (st == URA_ECONFLICT)
		reply_problem(r, 409, MSG_TOTP_NOT_PENDING);
	else if (st != URA_OK)
		reply_status(r, st);
	else if (!c.ok)
		reply_field_error(r, 422, "code", MSG_TOTP_WRONG);
	else
		reply_json(r, 200, recovery_codes_json(&c));
	sodium_memzero(c.codes, sizeof(c.codes));
}

/* ---- DELETE /me/totp {"code"}: off, where the role allows ---- */

struct totp_off {
	struct request *r;
	struct throttle t;
	struct totp_attempt attempt;
	bool ok;
};

static enum ura_status
off_fn(struct db *db, void *ctx)
{
	struct totp_off *o = ctx;
	struct request *r = o->r;
	enum ura_status st = totp_attempt_consume(db, r->caller.user.id, &o->attempt, clock_now(),
						  &o->ok);

	if (st != URA_OK)
		return st;
	if (!o->ok)
		return throttle_fail(db, &o->t);
	if ((st = store_totp_remove(db, r->caller.user.id)) != URA_OK)
		return st;
	return api_audit(db, r, "totp.disable", "user", r->caller.user.id,
			 o->attempt.recovery ? "[\"recovery_code\"]" : NULL);
}

void
handle_me_totp_delete(struct request *r)
{
	static const char *const allowed[] = { "code", NULL };
	const char *code = input_string(r, "code", IN_REQUIRED, 1, 32);
	struct totp_off o = { .r = r };
	struct db *db;
	enum ura_status st;

	if (role_list_has(r->app->config->totp_required_roles, r->caller.user.role)) {
		reply_problem(r, 403, MSG_TOTP_REQUIRED_FOR_ROLE);
		return;
	}
	if ((db = throttle_credential_check(r, allowed, &o.t)) == NULL)
		return;
	if (!r->caller.user.totp_enabled) {
		reply_problem(r, 409, MSG_TOTP_NOT_ENABLED);
		return;
	}
	if ((st = totp_attempt_prepare(r, db, r->caller.user.id, code, true, &o.attempt)) ==
	    URA_OK)
		st = store_write(r->app->store, off_fn, &o);
	if (st != URA_OK)
		reply_status(r, st);
	else if (!o.ok)
		reply_field_error(r, 422, "code", MSG_TOTP_WRONG);
	else
		reply_empty(r, 204);
}

/* ---- DELETE /users/{id}/totp: the administrator's reset ---- */

struct totp_reset {
	struct request *r;
	int64_t id;
};

static enum ura_status
reset_fn(struct db *db, void *ctx)
{
	struct totp_reset *t = ctx;
	enum ura_status st = store_totp_remove(db, t->id);

	if (st != URA_OK || (st = store_user_end_sessions(db, t->id, 0, clock_now())) != URA_OK)
		return st;
	return api_audit(db, t->r, "totp.reset", "user", t->id, NULL);
}

void
handle_user_totp_reset(struct request *r)
{
	struct totp_reset t = { .r = r };
	enum ura_status st;

	if (!authz_directory_write(&r->caller.user, DIR_USER)) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (!req_param_id(r, 0, "id", &t.id))
		return;
	if ((st = store_write(r->app->store, reset_fn, &t)) != URA_OK)
		reply_status(r, st);
	else
		reply_empty(r, 204);
}
