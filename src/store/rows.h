/* Row helpers shared by the store's query files (internal to src/store/). */
#ifndef URA_STORE_ROWS_H
#define URA_STORE_ROWS_H

#include "store/db.h"
#include "store/store.h"

/* New SQL text (xmalloc'd, for a static db_query made once): `head`, then `rows` rows of
 * `columns` parameters numbered from $first, "($1, $2), ($3, $4)", each parameter inside
 * CAST(... AS types[column]) when `types` is not NULL, then `tail`. For statements that take
 * many rows at once (a multi-row INSERT, an IN list). */
char *sql_parameter_rows(const char *head, int first, int rows, int columns,
			 const char *const *types, const char *tail);
/* Column text copied into the arena; NULL for SQL NULL. */
const char *row_text(struct db *db, struct db_stmt *st, int col, struct arena *a);
/* Column integer; 0 for SQL NULL. */
int64_t row_int_or_zero(struct db *db, struct db_stmt *st, int col);
/* Column blob copied into the arena; an empty blob for SQL NULL. */
void row_blob(struct db *db, struct db_stmt *st, int col, struct arena *a, struct blob *b);
/* Binds an integer, or SQL NULL for 0 (optional references). */
void bind_int_or_null(struct db *db, struct db_stmt *st, int i, int64_t v);
/* Steps an INSERT ... RETURNING id (or any one-integer row) and finishes the statement:
 * URA_OK with *id, URA_ENOTFOUND without a row, the database's error otherwise. */
enum ura_status row_returning_int(struct db *db, struct db_stmt *st, int64_t *id);
/* Reads one row of a query into a struct (columns in the query's order). */
typedef void (*row_reader)(struct db *db, struct db_stmt *st, struct arena *a, void *row);
/* The row of `q` (whose only parameter $1 is `id`) read into `out`; URA_ENOTFOUND without. */
enum ura_status row_by_id(struct db *db, struct arena *a, struct db_query *q, int64_t id,
			  row_reader read, void *out);
/* A page of the rows of `q` ("... WHERE x = $1 AND id > $2 ... LIMIT $3"): those after
 * `after`, at most `limit`, into an arena array of `size`-byte structs. */
enum ura_status rows_by_id(struct db *db, struct arena *a, struct db_query *q, int64_t id,
			   int64_t after, int limit, size_t size, row_reader read, void **out,
			   int *n);
/* The rows of the bound statement `st` (done afterwards), at most `limit`, into an arena
 * array of `size`-byte structs: for lists whose parameters rows_by_id does not fit. */
enum ura_status rows_read(struct db *db, struct db_stmt *st, struct arena *a, int limit,
			  size_t size, row_reader read, void **out, int *n);

/* A guarded status move: `q` is "UPDATE ... SET status = $1, <time column> = $2 WHERE
 * id = $3 AND status = $4 RETURNING id". URA_ECONFLICT when the row is no longer in `from`
 * (someone moved it first). */
enum ura_status row_status_move(struct db *db, struct db_query *q, int64_t id, const char *from,
				const char *to, int64_t now);

/* Steps "SELECT count(*), coalesce(min(<time>), 0) ... $2 ..." (its $1 already bound) with
 * `since` as $2, and finishes it: how many rows, and the oldest time among them. */
enum ura_status row_count_since(struct db *db, struct db_stmt *st, int64_t since, int *count,
				int64_t *oldest);
/*
 * A list of ids bound as one parameter (JSON text, "[3,8]") and read as a table, so that one
 * prepared statement checks any number of ids by their index: "... WHERE id IN "
 * ROWS_IDS_SQLITE("$1") in the SQLite text, ROWS_IDS_POSTGRES("$1") in PostgreSQL's
 * (DB_QUERY_BY_ENGINE).
 */
#define ROWS_IDS_SQLITE(param) "(SELECT value FROM json_each(" param "))"
#define ROWS_IDS_POSTGRES(param) \
	"(SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(" param " AS jsonb)))"
/* Which of ids[0..n) `q` returns in its first column; $1 is the list, $2 `scope` (which `q`
 * may leave unused). found[i] tells for ids[i]. */
enum ura_status rows_ids_found(struct db *db, struct arena *a, struct db_query *q,
			       int64_t scope, const int64_t *ids, int n, bool *found);

/* The key columns of a row's case ("c.key_source, c.data_key" at `col` and `col + 1`). */
#define CASE_KEY_COLUMNS "c.key_source, c.data_key"
void read_case_key_cols(struct db *db, struct db_stmt *st, int col, struct arena *a,
			struct case_key_cols *k);

/* Binds a blob, or SQL NULL when it is NULL or empty. */
void bind_blob_or_null(struct db *db, struct db_stmt *st, int i, const struct blob *b);

/* store_report_table for any query of that shape (label, column, count) over a report's
 * scope (store/reports.c binds the eight parameters; report_scope_bind for other statements). */
enum ura_status store_report_fill(struct db *db, struct db_query *q,
				  const struct report_scope *s, struct report_table *t);
void report_scope_bind(struct db *db, struct db_stmt *st, const struct report_scope *s);
#endif
