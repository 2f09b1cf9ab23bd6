/* An account's life after an administrator's change: ending its sessions and tokens, the
 * watch over new staff, its language, and the lock that orders one user's writes. */
#include "store/store.h"

#include "domain/accounts.h"
#include "store/db.h"
#include "store/rows.h"

enum ura_status
store_user_end_sessions(struct db *db, int64_t user_id, int64_t keep_session_id, int64_t now)
{
	static struct db_query sessions = DB_QUERY(
		"DELETE FROM sessions WHERE user_id = $1 AND id <> $2");
	static struct db_query tokens = DB_QUERY(
		"UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL");
	/* A calendar feed's token is a credential of the account too. */
	static struct db_query feeds = DB_QUERY(
		"DELETE FROM calendar_subscriptions WHERE user_id = $1");
	struct db_stmt *st = db_prepare(db, &sessions);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	db_bind_int(db, st, 2, keep_session_id);
	if ((rc = db_run(db, st)) != URA_OK)
		return rc;
	if ((st = db_prepare(db, &tokens)) == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	db_bind_int(db, st, 2, now);
	if ((rc = db_run(db, st)) != URA_OK)
		return rc;
	if ((st = db_prepare(db, &feeds)) == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	return db_run(db, st);
}

/* "UPDATE users ... WHERE id = $1 RETURNING id" with the integer $2; ENOTFOUND without. */
static enum ura_status
user_update(struct db *db, struct db_query *q, int64_t user_id, int64_t value)
{
	struct db_stmt *st = db_prepare(db, q);
	int64_t found;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	db_bind_int(db, st, 2, value);
	return row_returning_int(db, st, &found);
}

enum ura_status
store_user_lock(struct db *db, int64_t user_id)
{
	/* An UPDATE that changes nothing takes the row lock on either engine. */
	static struct db_query q = DB_QUERY(
		"UPDATE users SET updated_at = updated_at + $2 WHERE id = $1 RETURNING id");

	return user_update(db, &q, user_id, 0);
}

enum ura_status
store_user_set_preferences(struct db *db, int64_t user_id, const char *locale,
			   int email_notifications, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE users SET locale = COALESCE($2, locale), email_notifications = CASE WHEN "
		"$3 < 0 THEN email_notifications ELSE $3 END, updated_at = $4 WHERE id = $1 "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t found;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	if (locale != NULL)
		db_bind_text(db, st, 2, locale);
	else
		db_bind_null(db, st, 2);
	db_bind_int(db, st, 3, email_notifications);
	db_bind_int(db, st, 4, now);
	return row_returning_int(db, st, &found);
}

static enum ura_status
announce(struct db *db, int64_t user_id, int64_t institution_id, const char *kind, int64_t now,
	 struct arena *a)
{
	struct notification n = { .kind = kind, .object_type = "user", .object_id = user_id,
		.institution_id = institution_id,
		.dedupe = arena_printf(a, "%s:%lld:%lld", kind, (long long)user_id,
				       (long long)now) };

	return store_notify_role(db, ROLE_MANAGER, institution_id, user_id, &n, now);
}

enum ura_status
store_account_effects(struct db *db, struct arena *a, int64_t user_id, int64_t institution_id,
		      unsigned effects, int64_t now)
{
	static struct db_query watch = DB_QUERY(
		"UPDATE users SET watched_since = $2 WHERE id = $1 RETURNING id");
	enum ura_status st = URA_OK;

	if (effects & ACCOUNT_END_SESSIONS)
		st = store_user_end_sessions(db, user_id, 0, now);
	if (st == URA_OK && (effects & ACCOUNT_WATCH))
		st = user_update(db, &watch, user_id, now);
	if (st == URA_OK && (effects & ACCOUNT_ANNOUNCE_NEW))
		st = announce(db, user_id, institution_id, "staff_account_added", now, a);
	if (st == URA_OK && (effects & ACCOUNT_ANNOUNCE_RESET))
		st = announce(db, user_id, institution_id, "staff_password_reset", now, a);
	return st;
}
