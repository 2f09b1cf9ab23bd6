/* Driver dispatch for prepared statements, and the shared query-slot counter. */
#include "store/db.h"

#include <stdatomic.h>
#include <string.h>

static atomic_int next_slot;

int
db_query_slot(struct db_query *q)
{
	int slot = __atomic_load_n(&q->slot, __ATOMIC_ACQUIRE);

	if (slot < 0) {
		int fresh = atomic_fetch_add(&next_slot, 1), expected = -1;
		/* Two threads may race here; the first one's slot wins and the other is unused. */
		if (!__atomic_compare_exchange_n(&q->slot, &expected, fresh, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return expected;
		slot = fresh;
	}
	return slot;
}

void db_bind_int(struct db *db, struct db_stmt *st, int i, int64_t v)
{ db->driver->bind_int(st, i, v); }

void
db_bind_text(struct db *db, struct db_stmt *st, int i, const char *s)
{
	if (s == NULL)
		db->driver->bind_null(st, i);
	else
		db->driver->bind_text(st, i, s, strlen(s));
}

void db_bind_blob(struct db *db, struct db_stmt *st, int i, const void *p, size_t len)
{ db->driver->bind_blob(st, i, p, len); }
void db_bind_null(struct db *db, struct db_stmt *st, int i)
{ db->driver->bind_null(st, i); }
enum db_step db_step(struct db *db, struct db_stmt *st)
{ return db->driver->step(st); }
bool db_col_null(struct db *db, struct db_stmt *st, int col)
{ return db->driver->col_null(st, col); }
int64_t db_col_int(struct db *db, struct db_stmt *st, int col)
{ return db->driver->col_int(st, col); }
const char *db_col_text(struct db *db, struct db_stmt *st, int col)
{ return db->driver->col_text(st, col); }
const void *db_col_blob(struct db *db, struct db_stmt *st, int col, size_t *len)
{ return db->driver->col_blob(st, col, len); }
void db_done(struct db *db, struct db_stmt *st)
{ db->driver->done(st); }
enum ura_status db_exec(struct db *db, const char *sql)
{ return db->driver->exec(db, sql); }
enum ura_status db_error(struct db *db)
{ return db->driver->error(db); }
const char *db_error_text(struct db *db)
{ return db->driver->error_text(db); }
void db_close(struct db *db)
{ if (db != NULL) db->driver->close(db); }

enum ura_status
db_row_status(struct db *db, enum db_step rc)
{
	return rc == DB_ROW ? URA_OK : rc == DB_DONE ? URA_ENOTFOUND : db_error(db);
}

enum ura_status
db_run(struct db *db, struct db_stmt *st)
{
	enum db_step rc = db_step(db, st);
	enum ura_status status = rc == DB_FAIL ? db_error(db) : URA_OK;

	db_done(db, st);
	return status;
}
