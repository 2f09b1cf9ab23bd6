/*
 * The caller's own account. GET /me says who they are and what the browser needs (the
 * institution's name, whether a second factor is on or still to set up, when to lock an idle
 * screen); PATCH /me sets their language; POST /me/password changes their password under the
 * sign-in throttle and ends their other sessions and tokens.
 */
#include "api/me.h"

#include <sodium.h>
#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "api/session.h"
#include "api/sign_in.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "crypt/crypt.h"
#include "domain/accounts.h"
#include "domain/directory.h"

/* The fields of the user's own row the session does not carry: the e-mail preferences. */
static bool
me_email(struct request *r, struct db *db, const struct user *u, json_t **email, int *wanted)
{
	struct record rec;
	enum ura_status st = store_entity_get(db, &r->arena, &entity_user, u->id, &rec);
	int e = entity_field_index(&entity_user, "email");

	if (st != URA_OK)
		return false;
	*email = rec.vals[e].null ? json_null() : json_string(rec.vals[e].s);
	*wanted = rec.vals[entity_field_index(&entity_user, "email_notifications")].i != 0;
	return true;
}

json_t *
me_json(struct request *r, struct db *db, const struct user *u)
{
	const char *institution = NULL;
	struct record rec;
	json_t *email;
	int wanted;

	if (u->institution_id > 0) {
		enum ura_status st = store_entity_get(db, &r->arena, &entity_institution,
						      u->institution_id, &rec);
		if (st != URA_OK && st != URA_ENOTFOUND)
			return NULL;
		if (st == URA_OK)
			institution = rec.vals[entity_field_index(&entity_institution, "name")].s;
	}
	if (!me_email(r, db, u, &email, &wanted))
		return NULL;
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s?, s:s, s:b, s:b, s:i, s:o, s:b}",
			 "id", (json_int_t)u->id, "username", u->username,
			 "display_name", u->display_name, "role", role_name(u->role),
			 "institution_id",
			 u->institution_id ? json_integer(u->institution_id) : json_null(),
			 "institution_name", institution, "locale", u->locale,
			 "totp_enabled", u->totp_enabled,
			 "totp_enrolment_required",
			 account_totp_enrolment_required(r->app->config->totp_required_roles, u),
			 "idle_lock_minutes", r->app->config->ui_idle_lock_minutes, "email", email,
			 "email_notifications", wanted);
}

static void
reply_me(struct request *r, int status)
{
	struct db *db = api_reader(r);
	json_t *me;

	if (db == NULL)
		return;
	if ((me = me_json(r, db, &r->caller.user)) == NULL)
		reply_status(r, URA_EUNAVAILABLE);
	else
		reply_json(r, status, me);
}

void
handle_me(struct request *r)
{
	reply_me(r, 200);
}

struct preferences {
	struct request *r;
	const char *locale;     /* NULL: unchanged */
	int email_notifications; /* -1: unchanged */
	const char *fields;     /* for the audit entry */
};

static enum ura_status
preferences_fn(struct db *db, void *ctx)
{
	struct preferences *p = ctx;
	enum ura_status st = store_user_set_preferences(db, p->r->caller.user.id, p->locale,
							p->email_notifications, clock_now());

	return st != URA_OK ? st : api_audit(db, p->r, "user.update", "user",
					    p->r->caller.user.id, p->fields);
}

/* PATCH /me: the person's language, and whether notifications reach them by e-mail. */
void
handle_me_update(struct request *r)
{
	static const char *const allowed[] = { "locale", "email_notifications", NULL };
	struct preferences p = { .r = r, .email_notifications = -1 };
	bool given = false, wanted;
	enum ura_status st;

	p.locale = input_enum(r, "locale", IN_OPTIONAL, directory_locales);
	wanted = input_bool(r, "email_notifications", IN_OPTIONAL, &given);
	if (p.locale == NULL && !given && r->errors.count == 0)
		field_errors_add(&r->errors, "locale", MSG_REQUIRED);
	if (!input_done(r, allowed))
		return;
	if (given)
		p.email_notifications = wanted;
	p.fields = p.locale && given ? "[\"locale\",\"email_notifications\"]"
		   : p.locale ? "[\"locale\"]" : "[\"email_notifications\"]";
	if (p.locale != NULL)
		r->caller.user.locale = p.locale;
	if ((st = store_write(r->app->store, preferences_fn, &p)) != URA_OK)
		reply_status(r, st);
	else
		reply_me(r, 200);
}

struct password_change {
	struct request *r;
	struct throttle t;
	bool current_ok;
	char hash[PASSWORD_HASH_MAX];
};

static enum ura_status
password_fn(struct db *db, void *ctx)
{
	struct password_change *p = ctx;
	struct request *r = p->r;
	int64_t now = clock_now();
	enum ura_status st;

	if (!p->current_ok)
		return throttle_fail(db, &p->t);
	if ((st = store_user_set_password(db, r->caller.user.username, p->hash, now, NULL)) ||
	    (st = store_user_end_sessions(db, r->caller.user.id, r->caller.session_id, now)) ||
	    (st = store_sign_in_failures_clear(db, p->t.account)))
		return st;
	return api_audit(db, r, "user.password_change", "user", r->caller.user.id,
			 "[\"password\"]");
}

/* The current password's check and the new one's hash, before the write (argon2id). */
static enum ura_status
password_prepare(struct request *r, struct db *db, struct password_change *p,
		 const char *current, const char *fresh)
{
	struct user u;
	const char *stored = NULL;
	enum ura_status st = store_user_for_sign_in(db, &r->arena, r->caller.user.username, &u,
						    &stored);

	if (st != URA_OK)
		return st;
	p->current_ok = password_verify(stored, current);
	return p->current_ok ? password_hash(fresh, p->hash) : URA_OK;
}

void
handle_me_password(struct request *r)
{
	static const char *const allowed[] = { "current_password", "new_password", NULL };
	const char *current = input_string(r, "current_password", IN_REQUIRED, 1, 256);
	const char *fresh = input_string(r, "new_password", IN_REQUIRED, 1, 256);
	struct password_change p = { .r = r };
	struct db *db;
	enum ura_status st;

	if (fresh != NULL && utf8_length(fresh) < 12)
		field_errors_add(&r->errors, "new_password", MSG_PASSWORD_TOO_SHORT);
	if ((db = throttle_credential_check(r, allowed, &p.t)) == NULL)
		return;
	if ((st = password_prepare(r, db, &p, current, fresh)) == URA_OK)
		st = store_write(r->app->store, password_fn, &p);
	sodium_memzero(p.hash, sizeof(p.hash));
	if (st != URA_OK)
		reply_status(r, st);
	else if (!p.current_ok)
		reply_field_error(r, 422, "current_password", MSG_WRONG_PASSWORD);
	else
		reply_empty(r, 204);
}
