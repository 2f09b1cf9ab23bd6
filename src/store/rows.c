/* Reading and binding the value shapes every query file needs. */
#include "store/rows.h"

#include <stdio.h>
#include <string.h>

char *
sql_parameter_rows(const char *head, int first, int rows, int columns,
		   const char *const *types, const char *tail)
{
	/* A parameter takes at most 40 characters: ", (CAST($65535 AS BIGINT))" and room. */
	size_t cap = strlen(head) + strlen(tail) + (size_t)rows * (size_t)columns * 40 + 1, len;
	char *sql = xmalloc(cap);

	len = (size_t)snprintf(sql, cap, "%s", head);
	for (int row = 0; row < rows; row++)
		for (int c = 0; c < columns; c++)
			len += (size_t)snprintf(sql + len, cap - len, "%s%s$%d%s%s%s%s",
						c > 0 ? ", " : row > 0 ? ", (" : "(",
						types != NULL ? "CAST(" : "",
						first + row * columns + c,
						types != NULL ? " AS " : "",
						types != NULL ? types[c] : "",
						types != NULL ? ")" : "",
						c == columns - 1 ? ")" : "");
	snprintf(sql + len, cap - len, "%s", tail);
	return sql;
}

const char *
row_text(struct db *db, struct db_stmt *st, int col, struct arena *a)
{
	const char *s = db_col_null(db, st, col) ? NULL : db_col_text(db, st, col);
	return s != NULL ? arena_strdup(a, s) : NULL;
}

int64_t
row_int_or_zero(struct db *db, struct db_stmt *st, int col)
{
	return db_col_null(db, st, col) ? 0 : db_col_int(db, st, col);
}

void
row_blob(struct db *db, struct db_stmt *st, int col, struct arena *a, struct blob *b)
{
	size_t len = 0;
	const void *p = db_col_null(db, st, col) ? NULL : db_col_blob(db, st, col, &len);
	unsigned char *copy = p != NULL && len > 0 ? arena_alloc(a, len) : NULL;

	if (copy != NULL)
		memcpy(copy, p, len);
	*b = (struct blob){ copy, copy ? len : 0 };
}

void
bind_blob_or_null(struct db *db, struct db_stmt *st, int i, const struct blob *b)
{
	if (b == NULL || b->len == 0)
		db_bind_null(db, st, i);
	else
		db_bind_blob(db, st, i, b->p, b->len);
}

void
bind_int_or_null(struct db *db, struct db_stmt *st, int i, int64_t v)
{
	if (v == 0)
		db_bind_null(db, st, i);
	else
		db_bind_int(db, st, i, v);
}

enum ura_status
row_returning_int(struct db *db, struct db_stmt *st, int64_t *id)
{
	enum db_step rc = db_step(db, st);

	if (rc == DB_ROW)
		*id = db_col_int(db, st, 0);
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
row_count_since(struct db *db, struct db_stmt *st, int64_t since, int *count, int64_t *oldest)
{
	enum db_step rc;

	db_bind_int(db, st, 2, since);
	if ((rc = db_step(db, st)) == DB_ROW) {
		*count = (int)db_col_int(db, st, 0);
		*oldest = db_col_int(db, st, 1);
	}
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
row_by_id(struct db *db, struct arena *a, struct db_query *q, int64_t id, row_reader read,
	  void *out)
{
	struct db_stmt *st = db_prepare(db, q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	if ((rc = db_step(db, st)) == DB_ROW)
		read(db, st, a, out);
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
rows_by_id(struct db *db, struct arena *a, struct db_query *q, int64_t id, int64_t after,
	   int limit, size_t size, row_reader read, void **out, int *n)
{
	struct db_stmt *st = db_prepare(db, q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	db_bind_int(db, st, 2, after);
	db_bind_int(db, st, 3, limit);
	return rows_read(db, st, a, limit, size, read, out, n);
}

enum ura_status
rows_read(struct db *db, struct db_stmt *st, struct arena *a, int limit, size_t size,
	  row_reader read, void **out, int *n)
{
	enum db_step rc;

	*n = 0;
	*out = arena_alloc(a, size * (size_t)(limit > 0 ? limit : 1));
	while ((rc = db_step(db, st)) == DB_ROW && *n < limit)
		read(db, st, a, (char *)*out + size * (size_t)(*n)++);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
row_status_move(struct db *db, struct db_query *q, int64_t id, const char *from, const char *to,
		int64_t now)
{
	struct db_stmt *st = db_prepare(db, q);
	int64_t moved;
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, to);
	db_bind_int(db, st, 2, now);
	db_bind_int(db, st, 3, id);
	db_bind_text(db, st, 4, from);
	status = row_returning_int(db, st, &moved);
	return status == URA_ENOTFOUND ? URA_ECONFLICT : status;
}

enum ura_status
rows_ids_found(struct db *db, struct arena *a, struct db_query *q, int64_t scope,
	       const int64_t *ids, int n, bool *found)
{
	struct db_stmt *st;
	enum db_step rc;

	for (int i = 0; i < n; i++)
		found[i] = false;
	if (n == 0)
		return URA_OK;
	if ((st = db_prepare(db, q)) == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, arena_ids_json(a, ids, n));
	db_bind_int(db, st, 2, scope);
	while ((rc = db_step(db, st)) == DB_ROW) {
		int64_t id = db_col_int(db, st, 0);
		for (int i = 0; i < n; i++)
			found[i] = found[i] || ids[i] == id;
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}
