/* Row helpers shared by the store's query files (internal to src/store/). */
#ifndef URA_STORE_ROWS_H
#define URA_STORE_ROWS_H

#include "store/db.h"
#include "store/store.h"

/* Column text copied into the arena; NULL for SQL NULL. */
const char *row_text(struct db *db, struct db_stmt *st, int col, struct arena *a);
/* Column integer; 0 for SQL NULL. */
int64_t row_int_or_zero(struct db *db, struct db_stmt *st, int col);
/* Column blob copied into the arena; an empty blob for SQL NULL. */
void row_blob(struct db *db, struct db_stmt *st, int col, struct arena *a, struct blob *b);
/* Binds a blob, or SQL NULL when it is NULL or empty. */
void bind_blob_or_null(struct db *db, struct db_stmt *st, int i, const struct blob *b);

#endif
