/* The second factor's rows: the user's (encrypted) secrets and last used step, and the
 * hashes of the recovery codes. */
#include "store/store.h"

#include "store/db.h"
#include "store/rows.h"

enum ura_status
store_totp_get(struct db *db, struct arena *a, int64_t user_id, struct totp_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT totp_enabled, totp_last_step, totp_secret, totp_pending FROM users "
		"WHERE id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	if ((rc = db_step(db, st)) == DB_ROW) {
		out->enabled = db_col_int(db, st, 0) != 0;
		out->last_step = db_col_int(db, st, 1);
		row_blob(db, st, 2, a, &out->secret);
		row_blob(db, st, 3, a, &out->pending);
	}
	db_done(db, st);
	return db_row_status(db, rc);
}

/* Binds the user id as $1 of an "UPDATE users ... WHERE id = $1 ... RETURNING id" and runs it. */
static enum ura_status
user_returning(struct db *db, struct db_stmt *st, int64_t user_id)
{
	int64_t found;

	db_bind_int(db, st, 1, user_id);
	return row_returning_int(db, st, &found);
}

enum ura_status
store_totp_set_pending(struct db *db, int64_t user_id, const struct blob *b)
{
	static struct db_query q = DB_QUERY(
		"UPDATE users SET totp_pending = $2 WHERE id = $1 RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	bind_blob_or_null(db, st, 2, b);
	return user_returning(db, st, user_id);
}

static enum ura_status
recovery_codes_clear(struct db *db, int64_t user_id)
{
	static struct db_query q = DB_QUERY("DELETE FROM totp_recovery_codes WHERE user_id = $1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	return db_run(db, st);
}

enum ura_status
store_totp_enable(struct db *db, int64_t user_id, int64_t step,
		  const unsigned char (*code_hashes)[32], int ncodes, int64_t now)
{
	static struct db_query enable = DB_QUERY(
		"UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_enabled = 1, "
		"totp_last_step = $2 WHERE id = $1 AND totp_pending IS NOT NULL RETURNING id");
	static struct db_query add = DB_QUERY(
		"INSERT INTO totp_recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)");
	struct db_stmt *st = db_prepare(db, &enable);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 2, step);
	if ((rc = user_returning(db, st, user_id)) != URA_OK)
		return rc == URA_ENOTFOUND ? URA_ECONFLICT : rc;
	if ((rc = recovery_codes_clear(db, user_id)) != URA_OK)
		return rc;
	for (int i = 0; i < ncodes; i++) {
		if ((st = db_prepare(db, &add)) == NULL)
			return URA_EINTERNAL;
		db_bind_int(db, st, 1, user_id);
		db_bind_blob(db, st, 2, code_hashes[i], 32);
		db_bind_int(db, st, 3, now);
		if ((rc = db_run(db, st)) != URA_OK)
			return rc;
	}
	return URA_OK;
}

enum ura_status
store_totp_use_step(struct db *db, int64_t user_id, int64_t step)
{
	/* One guarded UPDATE: of two sign-ins with the same code, only the first moves it. */
	static struct db_query q = DB_QUERY(
		"UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2 "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 2, step);
	rc = user_returning(db, st, user_id);
	return rc == URA_ENOTFOUND ? URA_ECONFLICT : rc;
}

enum ura_status
store_recovery_code_use(struct db *db, int64_t user_id, const unsigned char hash[32],
			int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE totp_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 "
		"AND used_at IS NULL RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t found;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	db_bind_blob(db, st, 2, hash, 32);
	db_bind_int(db, st, 3, now);
	return row_returning_int(db, st, &found);
}

enum ura_status
store_totp_remove(struct db *db, int64_t user_id)
{
	static struct db_query q = DB_QUERY(
		"UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_enabled = 0 "
		"WHERE id = $1 RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	if ((rc = user_returning(db, st, user_id)) != URA_OK)
		return rc;
	return recovery_codes_clear(db, user_id);
}
