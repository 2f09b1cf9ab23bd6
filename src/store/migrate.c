/* The schema migrations' SQL side: which a database lacks, applying them in the caller's
 * transaction, and the version a database is at. Running them through the store's writer (and
 * PostgreSQL's advisory lock) is store.c's. */
#include "store/migrate.h"

#include "core/clock.h"
#include "core/log.h"
#include "store/db.h"

static struct db_query q_has_schema_sqlite = DB_QUERY(
	"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
/* to_regclass, not the pg_tables view: on a new connection (a cold catalog cache) the view's
 * plan cost 10 ms of the start (issue 15). */
static struct db_query q_has_schema_postgres = DB_QUERY(
	"SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END");

/* The schema version on `db`, given its engine's query for whether the schema exists. */
static int
schema_version_on(struct db_query *q_has_schema, struct db *db)
{
	static struct db_query q_version = DB_QUERY(
		"SELECT coalesce(max(version), 0) FROM schema_migrations");
	struct db_stmt *st = db_prepare(db, q_has_schema);
	int version = -1;
	bool exists = false;

	if (st == NULL)
		return -1;
	if (db_step(db, st) == DB_ROW)
		exists = db_col_int(db, st, 0) > 0;
	db_done(db, st);
	if (!exists)
		return 0;
	st = db_prepare(db, &q_version);
	if (st != NULL && db_step(db, st) == DB_ROW)
		version = (int)db_col_int(db, st, 0);
	if (st != NULL)
		db_done(db, st);
	return version;
}

static enum ura_status
record_migration(struct db *db, const struct migration *m)
{
	static struct db_query q_record = DB_QUERY(
		"INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)");
	struct db_stmt *st = db_prepare(db, &q_record);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, m->version);
	db_bind_text(db, st, 2, m->name);
	db_bind_int(db, st, 3, clock_now());
	return db_run(db, st);
}

enum ura_status
store_migrations_run(struct db *db, bool postgres, int *applied)
{
	const struct migration *list = postgres ? migrations_postgres : migrations_sqlite;
	int current = schema_version_on(postgres ? &q_has_schema_postgres : &q_has_schema_sqlite,
					db);
	enum ura_status rc;

	if (current < 0)
		return db_error(db);
	for (const struct migration *m = list; m->version != 0; m++) {
		if (m->version <= current)
			continue;
		if ((rc = db_exec(db, m->sql)) != URA_OK || (rc = record_migration(db, m)) != URA_OK)
			return rc;
		log_event(LOG_INFO, "migrate", "version=%d name=%s", m->version, m->name);
		(*applied)++;
	}
	return URA_OK;
}

int
store_db_schema_version(struct db *db, bool postgres)
{
	return schema_version_on(postgres ? &q_has_schema_postgres : &q_has_schema_sqlite, db);
}

int
store_migrations_latest(bool postgres)
{
	int latest = 0;

	for (const struct migration *m = postgres ? migrations_postgres : migrations_sqlite;
	     m->version != 0; m++)
		latest = m->version;
	return latest;
}
