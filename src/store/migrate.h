/* Versioned schema migrations, embedded in the binary from src/store/migrations/<engine>/. */
#ifndef URA_STORE_MIGRATE_H
#define URA_STORE_MIGRATE_H

#include <stdbool.h>

#include "core/status.h"

struct migration {
	int version;      /* NNN of NNN_name.sql; 0 ends the list */
	const char *name;
	const char *sql;
};

extern const struct migration migrations_sqlite[];
extern const struct migration migrations_postgres[];

struct db;
/* Applies the migrations `db` lacks (PostgreSQL's or SQLite's), in the caller's transaction,
 * counting them into *applied. */
enum ura_status store_migrations_run(struct db *db, bool postgres, int *applied);
/* The schema version of `db`: 0 without a schema, -1 on an error. */
int store_db_schema_version(struct db *db, bool postgres);
/* The version the last of the engine's migrations brings. */
int store_migrations_latest(bool postgres);

#endif
