/*
 * Unit tests for src/audit/audit.c over a real SQLite store (src/store/): entries appended with
 * audit_append inside store_write form an intact chain that audit_verify walks; then the file
 * is tampered with directly through sqlite3 (after dropping the append-only triggers) and
 * verify must name the first entry that no longer fits: an edited field, a deleted last or
 * middle entry, a re-hashed entry, an entry appended without moving the head, a tampered head,
 * swapped entries. Also: the triggers refuse edits, a failing write leaves no entry and no gap,
 * concurrent appenders keep one chain, and audit_entry_hash covers every field.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "audit/audit.h"
#include "core/log.h"
#include "store/store.h"

#define NOW INT64_C(1795426200)

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
	struct arena arena; /* freed by teardown, also when an assertion fails */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256] = "";
	int applied = 0;

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ura-test-audit-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/ura.db", f->dir);
	if (store_open(&f->s, f->path, true, err, sizeof(err)) != URA_OK ||
	    store_migrate(f->s, &applied, err, sizeof(err)) != URA_OK || applied < 1) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	arena_init(&f->arena);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	arena_free(&f->arena);
	store_close(f->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* ---- appending ---- */

struct append_ctx {
	const struct audit_event *events;
	int n;
	int64_t now;
	enum ura_status fail_with; /* returned after appending, to roll the write back */
};

static enum ura_status
append_fn(struct db *db, void *arg)
{
	struct append_ctx *c = arg;

	for (int i = 0; i < c->n; i++) {
		enum ura_status rc = audit_append(db, &c->events[i], c->now + i);
		if (rc != URA_OK)
			return rc;
	}
	return c->fail_with;
}

static const struct audit_event sample_events[] = {
	{ 1, 0, "session.create", "session", 1, 0, "req-1", NULL, false, NULL },
	{ 1, 0, "municipality.create", "municipality", 1, 0, "req-2",
	  "[\"name\",\"code\",\"country\"]", false, NULL },
	{ 1, 0, "institution.create", "institution", 1, 0, "req-3", "[\"name\",\"type\"]",
	  false, NULL },
	{ 1, 0, "user.create", "user", 2, 0, "req-4", "[\"username\",\"role\"]", false,
	  "{\"basis\":\"emergency\"}" },
	{ 2, 1, "session.create", "session", 2, 0, NULL, NULL, true, NULL },
};
#define NSAMPLE ((int)(sizeof(sample_events) / sizeof(sample_events[0])))

/* Appends the five sample events, one store_write each. */
static void
append_samples(struct fixture *f)
{
	for (int i = 0; i < NSAMPLE; i++) {
		struct append_ctx c = { &sample_events[i], 1, NOW + i, URA_OK };
		assert_int_equal(store_write(f->s, append_fn, &c), URA_OK);
	}
}

static struct audit_verdict
verify(struct fixture *f)
{
	struct audit_verdict v;

	memset(&v, 0x5a, sizeof(v));
	assert_int_equal(audit_verify(store_reader(f->s), &v), URA_OK);
	return v;
}

/* Runs SQL on the database file directly, as someone with file access could. */
static void
tamper(struct fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("tamper: %s: %s", sql, msg ? msg : "?");
	sqlite3_close(db);
}

static const char drop_triggers[] = "DROP TRIGGER audit_log_no_update;"
				    "DROP TRIGGER audit_log_no_delete;";

/* The entries, oldest first, copied into the arena. */
static int
read_log(struct fixture *f, struct arena *a, struct audit_row *out, int max)
{
	struct audit_filter filter = { .limit = max };
	struct audit_row *rows;
	int n = 0;

	assert_int_equal(store_audit_list(store_reader(f->s), a, &filter, &rows, &n), URA_OK);
	for (int i = 0; i < n; i++)
		out[i] = rows[n - 1 - i];
	return n;
}

/* ---- an intact chain ---- */

static void
test_empty_log_is_intact(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v = verify(f);

	assert_true(v.intact);
	assert_int_equal(v.entries, 0);
	assert_int_equal(v.first_bad_id, 0);
	assert_null(v.reason);
}

static void
test_appended_entries_verify_intact_with_their_count(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v;

	append_samples(f);
	v = verify(f);
	assert_true(v.intact);
	assert_int_equal(v.entries, NSAMPLE);
	assert_int_equal(v.first_bad_id, 0);
	assert_null(v.reason);
}

static void
test_entries_are_numbered_and_linked(void **state)
{
	struct fixture *f = *state;
	struct audit_row rows[16];
	unsigned char zero[32], h[32], head_hash[32];
	int64_t head_seq = -1;
	int n;

	memset(zero, 0, sizeof(zero));
	append_samples(f);
	n = read_log(f, &f->arena, rows, 16);
	assert_int_equal(n, NSAMPLE);
	for (int i = 0; i < n; i++) {
		assert_int_equal(rows[i].id, i + 1);
		assert_int_equal(rows[i].at, NOW + i);
		assert_memory_equal(rows[i].prev_hash, i == 0 ? zero : rows[i - 1].hash, 32);
		audit_entry_hash(&rows[i], h);
		assert_memory_equal(h, rows[i].hash, 32);
	}
	assert_int_equal(store_audit_head(store_reader(f->s), &head_seq, head_hash), URA_OK);
	assert_int_equal(head_seq, NSAMPLE);
	assert_memory_equal(head_hash, rows[n - 1].hash, 32);
}

static void
test_entry_keeps_its_fields_with_defaults_for_missing_ones(void **state)
{
	struct fixture *f = *state;
	struct audit_row rows[16];

	append_samples(f);
	assert_int_equal(read_log(f, &f->arena, rows, 16), NSAMPLE);
	assert_int_equal(rows[1].actor_user_id, 1);
	assert_string_equal(rows[1].action, "municipality.create");
	assert_string_equal(rows[1].object_type, "municipality");
	assert_int_equal(rows[1].object_id, 1);
	assert_string_equal(rows[1].request_id, "req-2");
	assert_string_equal(rows[1].fields, "[\"name\",\"code\",\"country\"]");
	/* entry 5: institution 1, no request id, no fields */
	assert_int_equal(rows[4].actor_user_id, 2);
	assert_int_equal(rows[4].institution_id, 1);
	assert_int_equal(rows[4].case_id, 0);
	assert_string_equal(rows[4].request_id, "-");
	assert_string_equal(rows[4].fields, "[]");
}

/* ---- tampering ---- */

static void
test_changed_action_is_detected_at_that_entry(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v;
	char sql[256];

	append_samples(f);
	snprintf(sql, sizeof(sql), "%s UPDATE audit_log SET action = 'user.delete' WHERE id = 3;",
		 drop_triggers);
	tamper(f, sql);
	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, 3);
	assert_int_equal(v.entries, 3); /* walked up to the bad one */
	assert_non_null(v.reason);
	assert_string_equal(v.reason, "its content does not match its hash");
}

static void
test_every_changed_column_is_detected(void **state)
{
	static const char *const changes[] = {
		"at = at + 1",
		"actor_user_id = 99",
		"institution_id = 7",
		"object_type = 'user'",
		"object_id = object_id + 1",
		"case_id = 12",
		"request_id = 'forged'",
		"fields = '[]'",
		"action = action || ' '",
		"hash = zeroblob(32)",
		"prev_hash = zeroblob(32)",
		"flagged = 1",
		"detail = '{\"basis\":\"consent\"}'",
	};
	struct fixture *f = *state;

	tamper(f, drop_triggers);
	append_samples(f);
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		struct audit_verdict v;
		char sql[512];

		/* change row 2, check, then put the original back from a copy */
		snprintf(sql, sizeof(sql),
			 "CREATE TABLE IF NOT EXISTS saved AS SELECT * FROM audit_log WHERE id = 2;"
			 "UPDATE audit_log SET %s WHERE id = 2;",
			 changes[i]);
		tamper(f, sql);
		v = verify(f);
		if (v.intact || v.first_bad_id != 2)
			fail_msg("%s: intact=%d first_bad_id=%lld", changes[i], v.intact,
				 (long long)v.first_bad_id);
		tamper(f, "DELETE FROM audit_log WHERE id = 2;"
			  "INSERT INTO audit_log SELECT * FROM saved; DROP TABLE saved;");
		v = verify(f);
		assert_true(v.intact);
	}
}

static void
test_deleted_last_entry_is_detected(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v;
	char sql[256];

	append_samples(f);
	snprintf(sql, sizeof(sql), "%s DELETE FROM audit_log WHERE id = %d;", drop_triggers,
		 NSAMPLE);
	tamper(f, sql);
	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, NSAMPLE);
	assert_int_equal(v.entries, NSAMPLE - 1);
	assert_string_equal(v.reason, "entries at the end of the log are missing");
}

static void
test_deleted_middle_entry_is_detected_at_the_next(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v;
	char sql[256];

	append_samples(f);
	snprintf(sql, sizeof(sql), "%s DELETE FROM audit_log WHERE id = 2;", drop_triggers);
	tamper(f, sql);
	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, 3);
	assert_string_equal(v.reason, "an entry is missing before this one");
}

static void
test_deleted_first_entry_is_detected(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v;
	char sql[256];

	append_samples(f);
	snprintf(sql, sizeof(sql), "%s DELETE FROM audit_log WHERE id = 1;", drop_triggers);
	tamper(f, sql);
	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, 2);
}

static void
test_rehashed_entry_breaks_the_link_to_the_next(void **state)
{
	/* Someone who edits entry 3 and recomputes its hash is caught at entry 4. */
	struct fixture *f = *state;
	struct audit_row rows[16];
	struct audit_verdict v;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	append_samples(f);
	assert_int_equal(read_log(f, &f->arena, rows, 16), NSAMPLE);
	rows[2].action = "user.delete";
	audit_entry_hash(&rows[2], rows[2].hash);

	tamper(f, drop_triggers);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "UPDATE audit_log SET action = ?1, hash = ?2 WHERE id = 3",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, rows[2].action, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, rows[2].hash, 32, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);

	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, 4);
	assert_string_equal(v.reason, "its link to the previous entry does not match");
}

static void
test_entry_appended_behind_the_heads_back_is_named(void **state)
{
	/*
	 * An entry added to the end with a correct link and hash, but without moving the head
	 * (which a forger with file access can compute: the chain has no key), must be named as
	 * the first bad entry: entry 6. Nothing is missing, and entry 7 does not exist.
	 */
	struct fixture *f = *state;
	struct audit_row rows[16], forged;
	struct audit_verdict v;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	append_samples(f);
	assert_int_equal(read_log(f, &f->arena, rows, 16), NSAMPLE);
	forged = rows[NSAMPLE - 1];
	forged.id = NSAMPLE + 1;
	forged.action = "user.update";
	memcpy(forged.prev_hash, rows[NSAMPLE - 1].hash, 32);
	audit_entry_hash(&forged, forged.hash);

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "INSERT INTO audit_log (id, at, actor_user_id,"
					    " institution_id, action, object_type, object_id,"
					    " case_id, request_id, fields, prev_hash, hash)"
					    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, ?9,"
					    " ?10, ?11)",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, forged.id);
	sqlite3_bind_int64(st, 2, forged.at);
	sqlite3_bind_int64(st, 3, forged.actor_user_id);
	sqlite3_bind_int64(st, 4, forged.institution_id);
	sqlite3_bind_text(st, 5, forged.action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, forged.object_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, forged.object_id);
	sqlite3_bind_text(st, 8, forged.request_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, forged.fields, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, forged.prev_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 11, forged.hash, 32, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);

	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, NSAMPLE + 1);
}

static void
test_tampered_head_is_detected(void **state)
{
	/* audit_head has no triggers: a head that disagrees with the log must be caught too. */
	struct fixture *f = *state;
	struct audit_verdict v;

	append_samples(f);
	tamper(f, "UPDATE audit_head SET hash = zeroblob(32)");
	v = verify(f);
	assert_false(v.intact);
	assert_true(v.first_bad_id > 0);
	assert_non_null(v.reason);

	tamper(f, "UPDATE audit_head SET seq = seq + 1");
	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, NSAMPLE + 1);
	assert_string_equal(v.reason, "entries at the end of the log are missing");
}

static void
test_swapped_entries_are_detected(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v;
	char sql[512];

	append_samples(f);
	/* Give entry 2 the content of entry 4 and vice versa, ids kept. */
	snprintf(sql, sizeof(sql),
		 "%s CREATE TABLE t AS SELECT * FROM audit_log WHERE id IN (2, 4);"
		 "UPDATE audit_log SET action = (SELECT action FROM t WHERE id = 4),"
		 " object_type = (SELECT object_type FROM t WHERE id = 4) WHERE id = 2;"
		 "UPDATE audit_log SET action = (SELECT action FROM t WHERE id = 2),"
		 " object_type = (SELECT object_type FROM t WHERE id = 2) WHERE id = 4;",
		 drop_triggers);
	tamper(f, sql);
	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, 2);
}

static void
test_triggers_refuse_update_and_delete(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v;
	sqlite3 *db = NULL;
	char *msg = NULL;

	append_samples(f);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit_log SET action = 'x' WHERE id = 1",
					  NULL, NULL, &msg),
			     SQLITE_OK);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_log", NULL, NULL, &msg),
			     SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	sqlite3_close(db);
	v = verify(f);
	assert_true(v.intact);
	assert_int_equal(v.entries, NSAMPLE);
}

/* ---- rollbacks and concurrency ---- */

static void
test_failed_write_leaves_no_entry_and_no_gap(void **state)
{
	struct fixture *f = *state;
	struct append_ctx bad = { sample_events, 3, NOW, URA_ECONFLICT };
	struct append_ctx good = { &sample_events[3], 1, NOW + 10, URA_OK };
	struct audit_row rows[16];
	struct audit_verdict v;

	assert_int_equal(store_write(f->s, append_fn, &bad), URA_ECONFLICT);
	v = verify(f);
	assert_true(v.intact);
	assert_int_equal(v.entries, 0);

	assert_int_equal(store_write(f->s, append_fn, &good), URA_OK);
	v = verify(f);
	assert_true(v.intact);
	assert_int_equal(v.entries, 1);
	assert_int_equal(read_log(f, &f->arena, rows, 16), 1);
	assert_int_equal(rows[0].id, 1);
	assert_string_equal(rows[0].action, "user.create");
}

struct appender {
	struct fixture *f;
	int index;
	enum ura_status last;
};

#define APPENDERS 8
#define APPENDS_EACH 10

static void *
appender_main(void *arg)
{
	struct appender *ap = arg;

	for (int i = 0; i < APPENDS_EACH; i++) {
		/* every third write of the odd threads fails and must leave nothing behind */
		bool fail = ap->index % 2 == 1 && i % 3 == 0;
		struct append_ctx c = { &sample_events[i % NSAMPLE], 1, NOW + i,
					fail ? URA_EFORBIDDEN : URA_OK };
		enum ura_status rc = store_write(ap->f->s, append_fn, &c);

		if (rc != (fail ? URA_EFORBIDDEN : URA_OK)) {
			ap->last = rc == URA_OK ? URA_EINTERNAL : rc;
			return NULL;
		}
	}
	ap->last = URA_OK;
	return NULL;
}

static void
test_concurrent_appenders_keep_one_chain(void **state)
{
	struct fixture *f = *state;
	pthread_t threads[APPENDERS];
	struct appender aps[APPENDERS];
	struct audit_verdict v;
	int failed_each = (APPENDS_EACH + 2) / 3, expected = 0;

	for (int i = 0; i < APPENDERS; i++) {
		aps[i] = (struct appender){ f, i, URA_EINTERNAL };
		assert_int_equal(pthread_create(&threads[i], NULL, appender_main, &aps[i]), 0);
	}
	for (int i = 0; i < APPENDERS; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(aps[i].last, URA_OK);
		expected += APPENDS_EACH - (i % 2 == 1 ? failed_each : 0);
	}
	v = verify(f);
	assert_true(v.intact);
	assert_int_equal(v.entries, expected);
}

/* ---- the hash itself ---- */

static struct audit_row
sample_row(void)
{
	struct audit_row r = {
		.id = 7, .at = NOW, .actor_user_id = 3, .institution_id = 4, .object_id = 5,
		.case_id = 6, .action = "user.update", .object_type = "user",
		.request_id = "req-77", .fields = "[\"role\"]",
	};

	for (int i = 0; i < 32; i++)
		r.prev_hash[i] = (unsigned char)i;
	return r;
}

static void
test_entry_hash_is_deterministic(void **state)
{
	struct audit_row a = sample_row(), b = sample_row();
	unsigned char ha[32], hb[32];

	(void)state;
	memset(b.hash, 0xff, 32); /* the stored hash is not an input */
	audit_entry_hash(&a, ha);
	audit_entry_hash(&b, hb);
	assert_memory_equal(ha, hb, 32);
}

static void
test_entry_hash_changes_when_any_field_changes(void **state)
{
	unsigned char base[32];
	struct audit_row r0 = sample_row();

	(void)state;
	audit_entry_hash(&r0, base);
	for (int field = 0; field < 13; field++) {
		struct audit_row r = sample_row();
		unsigned char h[32];

		switch (field) {
		case 0: r.id++; break;
		case 1: r.at++; break;
		case 2: r.actor_user_id++; break;
		case 3: r.institution_id++; break;
		case 4: r.object_id++; break;
		case 5: r.case_id++; break;
		case 6: r.action = "user.create"; break;
		case 7: r.object_type = "users"; break;
		case 8: r.request_id = "req-78"; break;
		case 9: r.fields = "[\"locale\"]"; break;
		case 10: r.prev_hash[31] ^= 1; break;
		case 11: r.flagged = true; break;
		case 12: r.detail = "{\"basis\":\"emergency\"}"; break;
		}
		audit_entry_hash(&r, h);
		if (memcmp(h, base, 32) == 0)
			fail_msg("changing field %d left the hash unchanged", field);
	}
}

static void
test_a_flagged_entry_cannot_be_unflagged_quietly(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v;

	tamper(f, drop_triggers);
	append_samples(f);
	assert_true(verify(f).intact);
	tamper(f, "UPDATE audit_log SET flagged = 0 WHERE id = 5;");
	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, 5);
}

/* An entry's detail (migration 017) is covered: an emergency basis cannot be rewritten as
 * consent, nor dropped. */
static void
test_an_entry_detail_cannot_be_changed_quietly(void **state)
{
	struct fixture *f = *state;
	struct audit_verdict v;

	tamper(f, drop_triggers);
	append_samples(f);
	assert_true(verify(f).intact);
	tamper(f, "UPDATE audit_log SET detail = '{\"basis\":\"consent\"}' WHERE id = 4;");
	v = verify(f);
	assert_false(v.intact);
	assert_int_equal(v.first_bad_id, 4);
	tamper(f, "UPDATE audit_log SET detail = NULL WHERE id = 4;");
	assert_int_equal(verify(f).first_bad_id, 4);
}

static void
test_entry_hash_separates_adjacent_strings(void **state)
{
	/* ("ab","c") and ("a","bc") must not collide: strings are length-prefixed. */
	struct audit_row a = sample_row(), b = sample_row();
	unsigned char ha[32], hb[32];

	(void)state;
	a.action = "user.up";
	a.object_type = "dateuser";
	b.action = "user.update";
	b.object_type = "user";
	audit_entry_hash(&a, ha);
	audit_entry_hash(&b, hb);
	assert_memory_not_equal(ha, hb, 32);

	/* Integers cannot swap places unnoticed either. */
	a = sample_row();
	b = sample_row();
	b.actor_user_id = a.institution_id;
	b.institution_id = a.actor_user_id;
	audit_entry_hash(&a, ha);
	audit_entry_hash(&b, hb);
	assert_memory_not_equal(ha, hb, 32);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_log_is_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_appended_entries_verify_intact_with_their_count,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_entries_are_numbered_and_linked, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_entry_keeps_its_fields_with_defaults_for_missing_ones, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_action_is_detected_at_that_entry, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_every_changed_column_is_detected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_deleted_last_entry_is_detected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_deleted_middle_entry_is_detected_at_the_next,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_first_entry_is_detected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rehashed_entry_breaks_the_link_to_the_next,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_entry_appended_behind_the_heads_back_is_named,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_tampered_head_is_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped_entries_are_detected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_triggers_refuse_update_and_delete, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_failed_write_leaves_no_entry_and_no_gap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_appenders_keep_one_chain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_an_entry_detail_cannot_be_changed_quietly,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_flagged_entry_cannot_be_unflagged_quietly,
						setup, teardown),
		cmocka_unit_test(test_entry_hash_is_deterministic),
		cmocka_unit_test(test_entry_hash_changes_when_any_field_changes),
		cmocka_unit_test(test_entry_hash_separates_adjacent_strings),
	};

	log_set_level(LOG_WARN); /* no "migrate" line per test */
	return cmocka_run_group_tests_name("audit_chain", tests, NULL, NULL);
}
