/* Users as sign-in sees them, sessions, API tokens and sign-in failures. */
#include "store/store.h"

#include <string.h>

#include "store/db.h"
#include "store/rows.h"

#define USER_COLUMNS                                                                        \
	"u.id, u.username, u.display_name, u.role, u.institution_id, u.locale, u.active, "  \
	"u.totp_enabled, u.watched_since"
#define USER_NCOLUMNS 9

/* Reads the USER_COLUMNS starting at column `col`. */
static void
read_user(struct db *db, struct db_stmt *st, int col, struct arena *a, struct user *u)
{
	u->id = db_col_int(db, st, col);
	u->username = arena_strdup(a, db_col_text(db, st, col + 1));
	u->display_name = arena_strdup(a, db_col_text(db, st, col + 2));
	u->role = role_parse(db_col_text(db, st, col + 3));
	u->institution_id = db_col_null(db, st, col + 4) ? 0 : db_col_int(db, st, col + 4);
	u->locale = arena_strdup(a, db_col_text(db, st, col + 5));
	u->active = db_col_int(db, st, col + 6) != 0;
	u->totp_enabled = db_col_int(db, st, col + 7) != 0;
	u->watched_since = row_int_or_zero(db, st, col + 8);
}

/* Steps a one-row query: URA_OK with the row, URA_ENOTFOUND without, or the error. */
static enum ura_status
step_one(struct db *db, struct db_stmt *st)
{
	return db_row_status(db, db_step(db, st));
}

enum ura_status
store_user_for_sign_in(struct db *db, struct arena *a, const char *username, struct user *out,
		       const char **password_hash)
{
	static struct db_query q = DB_QUERY(
		"SELECT " USER_COLUMNS ", u.password_hash FROM users u WHERE u.username = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, username);
	if ((rc = step_one(db, st)) == URA_OK) {
		read_user(db, st, 0, a, out);
		*password_hash = arena_strdup(a, db_col_text(db, st, USER_NCOLUMNS));
	}
	db_done(db, st);
	return rc;
}

enum ura_status
store_user_by_id(struct db *db, struct arena *a, int64_t id, struct user *out)
{
	static struct db_query q = DB_QUERY("SELECT " USER_COLUMNS " FROM users u WHERE u.id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	if ((rc = step_one(db, st)) == URA_OK)
		read_user(db, st, 0, a, out);
	db_done(db, st);
	return rc;
}

/* UPDATE ... RETURNING id for one user by name. */
static enum ura_status
update_user_returning(struct db *db, struct db_stmt *st, int64_t *user_id)
{
	enum ura_status rc = step_one(db, st);

	if (rc == URA_OK && user_id != NULL)
		*user_id = db_col_int(db, st, 0);
	db_done(db, st);
	return rc;
}

enum ura_status
store_user_set_password(struct db *db, const char *username, const char *hash, int64_t now,
			int64_t *user_id)
{
	static struct db_query q = DB_QUERY(
		"UPDATE users SET password_hash = $1, updated_at = $2 WHERE username = $3 RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, hash);
	db_bind_int(db, st, 2, now);
	db_bind_text(db, st, 3, username);
	return update_user_returning(db, st, user_id);
}

enum ura_status
store_user_set_active(struct db *db, const char *username, bool active, int64_t now,
		      int64_t *user_id)
{
	static struct db_query q = DB_QUERY(
		"UPDATE users SET active = $1, updated_at = $2 WHERE username = $3 RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, active ? 1 : 0);
	db_bind_int(db, st, 2, now);
	db_bind_text(db, st, 3, username);
	return update_user_returning(db, st, user_id);
}

enum ura_status
store_session_insert(struct db *db, const unsigned char *token_hash,
		     const unsigned char *csrf_hash, int64_t user_id, int64_t now,
		     int64_t expires_at, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO sessions (token_hash, csrf_hash, user_id, created_at, last_seen_at, "
		"expires_at) VALUES ($1, $2, $3, $4, $4, $5) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_blob(db, st, 1, token_hash, 32);
	db_bind_blob(db, st, 2, csrf_hash, 32);
	db_bind_int(db, st, 3, user_id);
	db_bind_int(db, st, 4, now);
	db_bind_int(db, st, 5, expires_at);
	if ((rc = step_one(db, st)) == URA_OK)
		*id = db_col_int(db, st, 0);
	db_done(db, st);
	return rc;
}

enum ura_status
store_session_find(struct db *db, struct arena *a, const unsigned char *token_hash,
		   struct session_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT " USER_COLUMNS ", s.id, s.last_seen_at, s.expires_at, s.csrf_hash "
		"FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;
	size_t len = 0;
	const void *csrf;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_blob(db, st, 1, token_hash, 32);
	if ((rc = step_one(db, st)) == URA_OK) {
		read_user(db, st, 0, a, &out->user);
		out->id = db_col_int(db, st, USER_NCOLUMNS);
		out->last_seen_at = db_col_int(db, st, USER_NCOLUMNS + 1);
		out->expires_at = db_col_int(db, st, USER_NCOLUMNS + 2);
		csrf = db_col_blob(db, st, USER_NCOLUMNS + 3, &len);
		if (len == sizeof(out->csrf_hash))
			memcpy(out->csrf_hash, csrf, len);
		else
			rc = URA_EINTERNAL;
	}
	db_done(db, st);
	return rc;
}

enum ura_status
store_session_generation(struct db *db, int64_t *out)
{
	static struct db_query q =
		DB_QUERY("SELECT value FROM session_generation WHERE id = 1");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	if ((rc = step_one(db, st)) == URA_OK)
		*out = db_col_int(db, st, 0);
	db_done(db, st);
	return rc == URA_ENOTFOUND ? URA_EINTERNAL : rc;
}

enum ura_status
store_session_touch(struct db *db, int64_t id, int64_t now)
{
	static struct db_query q = DB_QUERY("UPDATE sessions SET last_seen_at = $1 WHERE id = $2");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, now);
	db_bind_int(db, st, 2, id);
	return db_run(db, st);
}

enum ura_status
store_session_delete(struct db *db, int64_t id)
{
	static struct db_query q = DB_QUERY("DELETE FROM sessions WHERE id = $1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	return db_run(db, st);
}

enum ura_status
store_token_insert(struct db *db, int64_t user_id, const char *name,
		   const unsigned char *token_hash, int64_t now, int64_t expires_at, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	db_bind_text(db, st, 2, name);
	db_bind_blob(db, st, 3, token_hash, 32);
	db_bind_int(db, st, 4, now);
	db_bind_int(db, st, 5, expires_at);
	if ((rc = step_one(db, st)) == URA_OK)
		*id = db_col_int(db, st, 0);
	db_done(db, st);
	return rc;
}

enum ura_status
store_token_find(struct db *db, struct arena *a, const unsigned char *token_hash, int64_t now,
		 int64_t *token_id, struct user *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT " USER_COLUMNS ", t.id FROM api_tokens t JOIN users u ON u.id = t.user_id "
		"WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_blob(db, st, 1, token_hash, 32);
	db_bind_int(db, st, 2, now);
	if ((rc = step_one(db, st)) == URA_OK) {
		read_user(db, st, 0, a, out);
		*token_id = db_col_int(db, st, USER_NCOLUMNS);
	}
	db_done(db, st);
	return rc;
}

enum ura_status
store_token_list(struct db *db, struct arena *a, int64_t user_id, struct token_row **out,
		 int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, name, created_at, expires_at, revoked_at FROM api_tokens "
		"WHERE user_id = $1 ORDER BY id DESC LIMIT $2");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(struct token_row) * STORE_TOKENS_LISTED);
	db_bind_int(db, st, 1, user_id);
	db_bind_int(db, st, 2, STORE_TOKENS_LISTED);
	while ((rc = db_step(db, st)) == DB_ROW && *n < STORE_TOKENS_LISTED) {
		struct token_row *t = &(*out)[(*n)++];
		t->id = db_col_int(db, st, 0);
		t->user_id = user_id;
		t->name = arena_strdup(a, db_col_text(db, st, 1));
		t->created_at = db_col_int(db, st, 2);
		t->expires_at = db_col_int(db, st, 3);
		t->revoked_at = db_col_null(db, st, 4) ? 0 : db_col_int(db, st, 4);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_token_revoke(struct db *db, int64_t user_id, int64_t token_id, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 "
		"AND revoked_at IS NULL RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, now);
	db_bind_int(db, st, 2, token_id);
	db_bind_int(db, st, 3, user_id);
	rc = step_one(db, st);
	db_done(db, st);
	return rc;
}

enum ura_status
store_sign_in_failure_add(struct db *db, const char *subject, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO sign_in_failures (subject, at) VALUES ($1, $2)");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, subject);
	db_bind_int(db, st, 2, now);
	return db_run(db, st);
}

enum ura_status
store_sign_in_failures(struct db *db, const char *subject, int64_t since, int *count,
		       int64_t *oldest)
{
	static struct db_query q = DB_QUERY(
		"SELECT count(*), coalesce(min(at), 0) FROM sign_in_failures "
		"WHERE subject = $1 AND at > $2");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, subject);
	return row_count_since(db, st, since, count, oldest);
}

enum ura_status
store_sign_in_failures_clear(struct db *db, const char *subject)
{
	static struct db_query q = DB_QUERY("DELETE FROM sign_in_failures WHERE subject = $1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, subject);
	return db_run(db, st);
}
