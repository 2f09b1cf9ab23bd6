/*
 * Prepared statements over either database engine. Store code writes one SQL text per query
 * with $1, $2, ... placeholders; each driver prepares it once per connection and caches it.
 * Only files under src/store/ include this header.
 *
 * A statement handle belongs to its connection and is valid until the next db_prepare of the
 * same query on that connection; column text stays valid until the next db_step or db_done.
 */
#ifndef URA_DB_H
#define URA_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

struct db;
struct db_stmt;

/* One SQL text; `slot` indexes each connection's cache of prepared statements. A query that
 * the two engines must spell differently gives PostgreSQL's text in `pg_sql`. */
struct db_query {
	const char *sql;
	int slot;
	const char *pg_sql;
};
#define DB_QUERY(text) { (text), -1, NULL }
#define DB_QUERY_BY_ENGINE(sqlite_text, postgres_text) { (sqlite_text), -1, (postgres_text) }

enum db_step { DB_FAIL = -1, DB_DONE = 0, DB_ROW = 1 };

struct db_driver {
	const char *name;
	struct db_stmt *(*prepare)(struct db *db, struct db_query *q);
	void (*bind_int)(struct db_stmt *st, int i, int64_t v);
	void (*bind_text)(struct db_stmt *st, int i, const char *s, size_t len);
	void (*bind_blob)(struct db_stmt *st, int i, const void *p, size_t len);
	void (*bind_null)(struct db_stmt *st, int i);
	enum db_step (*step)(struct db_stmt *st);
	bool (*col_null)(struct db_stmt *st, int col);
	int64_t (*col_int)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col, size_t *len);
	void (*done)(struct db_stmt *st);
	enum ura_status (*exec)(struct db *db, const char *sql);
	enum ura_status (*error)(struct db *db);
	const char *(*error_text)(struct db *db);
	void (*close)(struct db *db);
};

/* Every connection starts with this header; drivers extend it. */
struct db {
	const struct db_driver *driver;
};

/* The slot of a query, assigned on first use. */
int db_query_slot(struct db_query *q);

static inline struct db_stmt *db_prepare(struct db *db, struct db_query *q)
{ return db->driver->prepare(db, q); }

/* Binding: i counts from 1, as $1. Text NULL binds SQL NULL. */
void db_bind_int(struct db *db, struct db_stmt *st, int i, int64_t v);
void db_bind_text(struct db *db, struct db_stmt *st, int i, const char *s);
void db_bind_blob(struct db *db, struct db_stmt *st, int i, const void *p, size_t len);
void db_bind_null(struct db *db, struct db_stmt *st, int i);
enum db_step db_step(struct db *db, struct db_stmt *st);
bool db_col_null(struct db *db, struct db_stmt *st, int col);
int64_t db_col_int(struct db *db, struct db_stmt *st, int col);
const char *db_col_text(struct db *db, struct db_stmt *st, int col);
const void *db_col_blob(struct db *db, struct db_stmt *st, int col, size_t *len);
/* Resets the statement for its next use. Always call it when done with a statement. */
void db_done(struct db *db, struct db_stmt *st);
/* Runs SQL without parameters (schema, transaction control). */
enum ura_status db_exec(struct db *db, const char *sql);
/* The last error as a status: URA_EEXISTS for a unique violation, URA_EUNAVAILABLE when the
 * server cannot be reached, URA_EINTERNAL otherwise. */
enum ura_status db_error(struct db *db);
const char *db_error_text(struct db *db);
void db_close(struct db *db);

/* A one-row look-up's outcome: URA_OK with the row, URA_ENOTFOUND without, or db_error. */
enum ura_status db_row_status(struct db *db, enum db_step rc);
/* Runs a statement expected to produce no rows, or one row it ignores: URA_OK or db_error. */
enum ura_status db_run(struct db *db, struct db_stmt *st);

#endif
