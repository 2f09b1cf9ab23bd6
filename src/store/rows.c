/* Reading and binding the value shapes every query file needs. */
#include "store/rows.h"

#include <string.h>

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
