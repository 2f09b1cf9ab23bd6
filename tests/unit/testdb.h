/*
 * A fresh, migrated store for unit tests that must hold on both engines: a temporary SQLite
 * file, or, when URA_TEST_DB_URL names a PostgreSQL server (tests/run.sh sets it for test
 * binaries named *_both), a new database on it, dropped afterwards. Header-only: include it
 * in one test file.
 */
#ifndef URA_TESTDB_H
#define URA_TESTDB_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/directory.h"
#include "store/store.h"

struct testdb {
	struct store *store;
	bool postgres;
	char name[64];    /* PostgreSQL database name */
	char path[256];   /* SQLite directory */
	char url[1024];   /* what store_open was given */
};

static bool
testdb_admin(const char *sql)
{
	PGconn *c = PQconnectdb(getenv("URA_TEST_DB_URL"));
	PGresult *r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
	bool ok = r != NULL && PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		fprintf(stderr, "%s: %s\n", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
	return ok;
}

/* The server URL of URA_TEST_DB_URL with `name` as its database. */
static void
testdb_url(const char *base, const char *name, char *out, size_t len)
{
	const char *scheme = strstr(base, "://");
	const char *slash = scheme != NULL ? strchr(scheme + 3, '/') : NULL;
	const char *query = strchr(base, '?');
	size_t keep = slash != NULL && (query == NULL || slash < query)
		      ? (size_t)(slash - base) : query ? (size_t)(query - base) : strlen(base);

	snprintf(out, len, "%.*s/%s%s", (int)keep, base, name, query ? query : "");
}

static bool
testdb_open(struct testdb *t)
{
	static int counter;
	const char *base = getenv("URA_TEST_DB_URL");
	char err[512], sql[128];

	memset(t, 0, sizeof(*t));
	t->postgres = base != NULL && *base != '\0';
	if (t->postgres) {
		snprintf(t->name, sizeof(t->name), "ura_unit_both_%d_%d", (int)getpid(), ++counter);
		snprintf(sql, sizeof(sql), "CREATE DATABASE %s", t->name);
		if (!testdb_admin(sql))
			return false;
		testdb_url(base, t->name, t->url, sizeof(t->url));
	} else {
		snprintf(t->path, sizeof(t->path), "/tmp/ura-unit-XXXXXX");
		if (mkdtemp(t->path) == NULL)
			return false;
		snprintf(t->url, sizeof(t->url), "%s/ura.db", t->path);
	}
	if (store_open(&t->store, t->url, true, err, sizeof(err)) != URA_OK ||
	    store_migrate(t->store, NULL, err, sizeof(err)) != URA_OK) {
		fprintf(stderr, "testdb: %s\n", err);
		return false;
	}
	store_entities_init(directory_entities);
	return true;
}

static void
testdb_close(struct testdb *t)
{
	static const char *const files[] = { "ura.db", "ura.db-wal", "ura.db-shm" };
	char path[320];

	store_close(t->store);
	if (t->postgres) {
		snprintf(path, sizeof(path), "DROP DATABASE IF EXISTS %s WITH (FORCE)", t->name);
		testdb_admin(path);
		return;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", t->path, files[i]);
		unlink(path);
	}
	rmdir(t->path);
}

#endif
