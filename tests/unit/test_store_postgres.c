/*
 * The store on PostgreSQL: migrations, entities, blobs, transactions, the audit chain under
 * concurrent writers, reconnection and the leader lock. Needs a server: URA_TEST_DB_URL names
 * a database on it (tests/run.sh starts a throw-away cluster and sets it); every test makes its
 * own fresh database next to that one and drops it afterwards. Without the variable the tests
 * fail: they are never counted as passed without running.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit/audit.h"
#include "domain/directory.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/store.h"

#define URL_MAX 1024

struct fixture {
	char name[64];
	char url[URL_MAX];
	struct store *store;
};

static int database_counter;

/* The server's URL with another database name in its path. */
static void
url_with_database(const char *base, const char *name, char *out, size_t len)
{
	const char *scheme = strstr(base, "://");
	const char *slash = scheme != NULL ? strchr(scheme + 3, '/') : NULL;
	const char *query = strchr(base, '?');

	if (slash == NULL || (query != NULL && query < slash)) {
		snprintf(out, len, "%.*s/%s%s", (int)(query ? query - base : (long)strlen(base)),
			 base, name, query ? query : "");
		return;
	}
	snprintf(out, len, "%.*s/%s%s", (int)(slash - base), base, name, query ? query : "");
}

/* Runs one statement on the server's own database (CREATE/DROP DATABASE, terminations). */
static void
admin_sql(const char *sql)
{
	PGconn *c = PQconnectdb(getenv("URA_TEST_DB_URL"));
	PGresult *r;

	assert_int_equal(PQstatus(c), CONNECTION_OK);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
		fail_msg("%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	PQfinish(c);
}

static int
setup(void **state)
{
	const char *base = getenv("URA_TEST_DB_URL");
	struct fixture *f;
	char err[512], sql[128];
	int applied = -1;

	if (base == NULL || *base == '\0') {
		fprintf(stderr, "URA_TEST_DB_URL is not set: run these through tests/run.sh\n");
		return -1;
	}
	f = calloc(1, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "ura_unit_%d_%d", (int)getpid(), ++database_counter);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", f->name);
	admin_sql(sql);
	url_with_database(base, f->name, f->url, sizeof(f->url));
	if (store_open(&f->store, f->url, false, err, sizeof(err)) != URA_OK ||
	    store_migrate(f->store, &applied, err, sizeof(err)) != URA_OK) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	store_entities_init(directory_entities);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char sql[128];

	store_close(f->store);
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->name);
	admin_sql(sql);
	free(f);
	return 0;
}

/* ---- municipalities through the entity layer ---- */

struct muni {
	const char *code;
	int64_t id;
	bool fail_after;       /* return an error after inserting (to test rollback) */
	struct field_errors errors;
};

static enum ura_status
muni_insert_fn(struct db *db, void *ctx)
{
	struct muni *m = ctx;
	struct value vals[4] = {
		{ .present = true, .s = "Bashkia" },
		{ .present = true, .s = m->code },
		{ .present = true, .null = true },
		{ .present = true, .s = "AL" },
	};
	enum ura_status st = store_entity_insert(db, &entity_municipality, vals, 1000, &m->id,
						 &m->errors);

	if (st == URA_OK)
		st = audit_append(db, &(struct audit_event){ .action = "municipality.create",
			.object_type = "municipality", .object_id = m->id, .request_id = "unit" }, 1000);
	return st == URA_OK && m->fail_after ? URA_ECONFLICT : st;
}

static enum ura_status
add_muni(struct store *s, const char *code, int64_t *id)
{
	struct muni m = { .code = code };
	enum ura_status st = store_write(s, muni_insert_fn, &m);

	if (id != NULL)
		*id = m.id;
	return st;
}

static void
audit_is_intact(struct store *s, int64_t entries)
{
	struct audit_verdict v;

	assert_int_equal(audit_verify(store_reader(s), &v), URA_OK);
	assert_true(v.intact);
	assert_int_equal(v.entries, entries);
}

static int
newest_version(const struct migration *list)
{
	int version = 0;

	for (; list->version != 0; list++)
		version = list->version;
	return version;
}

/* Both engines have the same schema versions, each under the same name. */
static void
test_engines_have_the_same_migrations(void **state)
{
	const struct migration *s = migrations_sqlite, *p = migrations_postgres;

	(void)state;
	for (; s->version != 0 && p->version != 0; s++, p++) {
		assert_int_equal(s->version, p->version);
		assert_string_equal(s->name, p->name);
	}
	assert_int_equal(s->version, 0);
	assert_int_equal(p->version, 0);
}

static void
test_migrate_twice_is_a_no_op(void **state)
{
	struct fixture *f = *state;
	char err[256];
	int applied = -1;

	assert_int_equal(store_schema_version(f->store), newest_version(migrations_postgres));
	assert_int_equal(store_migrate(f->store, &applied, err, sizeof(err)), URA_OK);
	assert_int_equal(applied, 0);
	assert_int_equal(store_ping(f->store), URA_OK);
}

static void
test_entity_round_trip_and_unique_code(void **state)
{
	struct fixture *f = *state;
	struct arena a;
	struct record r, *list;
	struct muni dup = { .code = "KOR" };
	int64_t id = 0, id2 = 0;
	int n = 0;

	arena_init(&a);
	assert_int_equal(add_muni(f->store, "KOR", &id), URA_OK);
	assert_int_equal(add_muni(f->store, "TIR", &id2), URA_OK);
	assert_true(id > 0 && id2 > id);
	assert_int_equal(store_write(f->store, muni_insert_fn, &dup), URA_EUNPROCESSABLE);
	assert_int_equal(dup.errors.count, 1);
	assert_string_equal(dup.errors.items[0].field, "code");
	assert_int_equal(store_entity_get(store_reader(f->store), &a, &entity_municipality, id, &r),
			 URA_OK);
	assert_string_equal(r.vals[1].s, "KOR");
	assert_true(r.vals[2].null);
	assert_int_equal(r.created_at, 1000);
	assert_int_equal(store_entity_get(store_reader(f->store), &a, &entity_municipality, 999, &r),
			 URA_ENOTFOUND);
	assert_int_equal(store_entity_list(store_reader(f->store), &a, &entity_municipality, NULL, id, 10,
					   &list, &n), URA_OK);
	assert_int_equal(n, 1);
	assert_int_equal(list[0].id, id2);
	audit_is_intact(f->store, 2);
	arena_free(&a);
}

static void
test_failed_write_rolls_back_alone(void **state)
{
	struct fixture *f = *state;
	struct muni m = { .code = "DUR", .fail_after = true };
	struct arena a;
	struct record r;

	arena_init(&a);
	assert_int_equal(store_write(f->store, muni_insert_fn, &m), URA_ECONFLICT);
	assert_int_equal(store_entity_get(store_reader(f->store), &a, &entity_municipality, m.id,
					  &r), URA_ENOTFOUND);
	/* The connection is usable again at once, and the chain has no gap. */
	assert_int_equal(add_muni(f->store, "DUR", NULL), URA_OK);
	audit_is_intact(f->store, 1);
	arena_free(&a);
}

/* ---- blobs: session hashes with every byte value, NUL included ---- */

struct session_ctx {
	unsigned char token[32], csrf[32];
	int64_t user_id, id;
};

static enum ura_status
session_fn(struct db *db, void *ctx)
{
	struct session_ctx *c = ctx;
	return store_session_insert(db, c->token, c->csrf, c->user_id, 50, 100, &c->id);
}

static enum ura_status
user_fn(struct db *db, void *ctx)
{
	struct value vals[16] = { 0 };
	struct field_errors errors = { 0 };
	const char *text[] = { "username", "display_name", "password", "role", "locale" };
	const char *vals_text[] = { "ana", "Ana", "hash", "admin", "sq" };

	for (int i = 0; i < 5; i++)
		vals[entity_field_index(&entity_user, text[i])] =
			(struct value){ .present = true, .s = vals_text[i] };
	vals[entity_field_index(&entity_user, "institution_id")] =
		(struct value){ .present = true, .null = true };
	vals[entity_field_index(&entity_user, "active")] = (struct value){ .present = true, .i = 1 };
	vals[entity_field_index(&entity_user, "email_notifications")] =
		(struct value){ .present = true, .i = 1 };
	return store_entity_insert(db, &entity_user, vals, 10, (int64_t *)ctx, &errors);
}

static void
test_blob_round_trip(void **state)
{
	struct fixture *f = *state;
	struct session_ctx c = { 0 };
	struct session_row row;
	struct arena a;

	arena_init(&a);
	for (int i = 0; i < 32; i++) {
		c.token[i] = (unsigned char)(i * 8);
		c.csrf[i] = (unsigned char)(255 - i);
	}
	assert_int_equal(store_write(f->store, user_fn, &c.user_id), URA_OK);
	assert_int_equal(store_write(f->store, session_fn, &c), URA_OK);
	assert_int_equal(store_session_find(store_reader(f->store), &a, c.token, &row), URA_OK);
	assert_int_equal(row.id, c.id);
	assert_memory_equal(row.csrf_hash, c.csrf, 32);
	assert_string_equal(row.user.username, "ana");
	/* The same token again breaks the unique constraint: EEXISTS, not a generic error. */
	assert_int_equal(store_write(f->store, session_fn, &c), URA_EEXISTS);
	c.token[0] ^= 1;
	assert_int_equal(store_session_find(store_reader(f->store), &a, c.token, &row),
			 URA_ENOTFOUND);
	arena_free(&a);
}

/* ---- concurrent writers ---- */

#define WRITERS 6
#define WRITES_EACH 20

struct writer_arg {
	struct store *store;
	int index;
	int ok, failed;
};

static void *
writer_main(void *p)
{
	struct writer_arg *w = p;

	for (int i = 0; i < WRITES_EACH; i++) {
		/* Every writer tries the same codes: exactly one of each must win. */
		char code[4] = { (char)('A' + i % 26), (char)('A' + i / 26), 'Q', '\0' };
		(void)w->index;
		if (add_muni(w->store, code, NULL) == URA_OK)
			w->ok++;
		else
			w->failed++;
	}
	return NULL;
}

static void
test_concurrent_writers_keep_the_chain(void **state)
{
	struct fixture *f = *state;
	pthread_t threads[WRITERS];
	struct writer_arg args[WRITERS];
	int ok = 0, failed = 0;

	for (int i = 0; i < WRITERS; i++) {
		args[i] = (struct writer_arg){ .store = f->store, .index = i };
		assert_int_equal(pthread_create(&threads[i], NULL, writer_main, &args[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(threads[i], NULL);
		ok += args[i].ok;
		failed += args[i].failed;
	}
	assert_int_equal(ok, WRITES_EACH);
	assert_int_equal(failed, (WRITERS - 1) * WRITES_EACH);
	audit_is_intact(f->store, WRITES_EACH);
}

/* ---- audit list filters ($N = 0 comparisons with bound integers) ---- */

static void
test_audit_list_filters(void **state)
{
	struct fixture *f = *state;
	struct audit_filter all = { .limit = 10 }, before = { .before = 3, .limit = 10 };
	struct audit_filter range = { .from = 900, .to = 1100, .limit = 10 };
	struct audit_row *rows;
	struct arena a;
	int n = 0;

	arena_init(&a);
	for (int i = 0; i < 4; i++) {
		char code[4] = { 'L', 'S', (char)('A' + i), '\0' };
		assert_int_equal(add_muni(f->store, code, NULL), URA_OK);
	}
	assert_int_equal(store_audit_list(store_reader(f->store), &a, &all, &rows, &n), URA_OK);
	assert_int_equal(n, 4);
	assert_int_equal(rows[0].id, 4);
	assert_int_equal(store_audit_list(store_reader(f->store), &a, &before, &rows, &n), URA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_audit_list(store_reader(f->store), &a, &range, &rows, &n), URA_OK);
	assert_int_equal(n, 4);
	range.from = 1001;
	assert_int_equal(store_audit_list(store_reader(f->store), &a, &range, &rows, &n), URA_OK);
	assert_int_equal(n, 0);
	arena_free(&a);
}

/* ---- reconnecting after the server dropped the connections ---- */

static void
test_reconnects_after_connections_drop(void **state)
{
	struct fixture *f = *state;
	char sql[256];

	assert_int_equal(add_muni(f->store, "ELB", NULL), URA_OK);
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
		 "WHERE datname = '%s' AND pid <> pg_backend_pid()", f->name);
	admin_sql(sql);
	/* Reads and writes continue on a new connection, prepared statements prepared anew. */
	assert_int_equal(store_ping(f->store), URA_OK);
	assert_int_equal(add_muni(f->store, "FIE", NULL), URA_OK);
	admin_sql(sql);
	assert_int_equal(add_muni(f->store, "BER", NULL), URA_OK);
	audit_is_intact(f->store, 3);
}

/* ---- the leader lock ---- */

static void
test_one_leader_and_takeover(void **state)
{
	struct fixture *f = *state;
	struct store *second;
	char err[256];
	bool took_over = false;

	assert_int_equal(store_open(&second, f->url, false, err, sizeof(err)), URA_OK);
	assert_true(store_leader_try(f->store));
	assert_true(store_leader_try(f->store));   /* still the leader, asked again */
	assert_false(store_leader_try(second));
	assert_false(store_leader_try(second));
	store_close(f->store);
	f->store = second;
	/* The old leader's server process frees the lock as it exits: poll, bounded. */
	for (int i = 0; i < 200 && !took_over; i++) {
		took_over = store_leader_try(second);
		if (!took_over)
			nanosleep(&(struct timespec){ .tv_nsec = 10 * 1000 * 1000 }, NULL);
	}
	assert_true(took_over);
}

static void
test_restore_and_backup_refuse_postgres(void **state)
{
	struct fixture *f = *state;
	char err[256];

	assert_int_equal(store_backup(f->store, "/nonexistent/x.db", err, sizeof(err)), URA_EINVAL);
	assert_int_equal(store_restore(f->url, "/nonexistent/x.db", err, sizeof(err)), URA_EINVAL);
	assert_true(store_url_is_postgres(f->url));
	assert_false(store_url_is_postgres("/var/lib/ura/ura.db"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engines_have_the_same_migrations),
		T(test_migrate_twice_is_a_no_op),
		T(test_entity_round_trip_and_unique_code),
		T(test_failed_write_rolls_back_alone),
		T(test_blob_round_trip),
		T(test_concurrent_writers_keep_the_chain),
		T(test_audit_list_filters),
		T(test_reconnects_after_connections_drop),
		T(test_one_leader_and_takeover),
		T(test_restore_and_backup_refuse_postgres),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
