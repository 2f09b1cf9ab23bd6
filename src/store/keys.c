/* The one row holding the wrapped data key. */
#include "store/store.h"

#include <string.h>

#include "store/db.h"

enum ura_status
store_data_key_get(struct db *db, unsigned char *wrapped, size_t len)
{
	static struct db_query q = DB_QUERY("SELECT wrapped FROM data_key WHERE id = 1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;
	enum ura_status status = URA_OK;

	if (st == NULL)
		return URA_EINTERNAL;
	rc = db_step(db, st);
	if (rc == DB_ROW) {
		size_t n = 0;
		const void *p = db_col_blob(db, st, 0, &n);
		if (n == len)
			memcpy(wrapped, p, len);
		else
			status = URA_EINTERNAL;
	} else {
		status = rc == DB_DONE ? URA_ENOTFOUND : db_error(db);
	}
	db_done(db, st);
	return status;
}

enum ura_status
store_data_key_put(struct db *db, const unsigned char *wrapped, size_t len, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO data_key (id, wrapped, created_at) VALUES (1, $1, $2) "
		"ON CONFLICT (id) DO UPDATE SET wrapped = excluded.wrapped, rotated_at = $2");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_blob(db, st, 1, wrapped, len);
	db_bind_int(db, st, 2, now);
	return db_run(db, st);
}
