/*
 * The audit entries of a writer batch (audit/audit.c, store/store.c), on both engines: inside
 * a batch, audit_append only records its entry, and the batch writes them all before its
 * commit. A write that rolls back takes its entries with it while its batch-mates' stay, the
 * ids run on without a gap and the chain verifies; audited reads in one batch leave one entry
 * each; more entries than one INSERT takes are written in several; when writing the entries
 * fails, the whole batch fails and nothing of it stays. And the list itself (pure):
 * it keeps copies, drops a rolled-back write's tail, and links entries as one-by-one appends
 * would.
 *
 * To put writes in one batch, a first write holds the writer thread until the others are
 * queued behind it (store_write_stats counts them); the writer then takes them all together.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <time.h>

#include "audit/audit.h"
#include "store/db.h"
#include "testdb.h"

#define NOW INT64_C(1795426200)
#define POLLS 10000 /* bounds each wait below: 10,000 x 1 ms */
#define ENTRIES_MAX 256

static int
setup(void **state)
{
	struct testdb *t = calloc(1, sizeof(*t));

	if (t == NULL || !testdb_open(t))
		return -1;
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	testdb_close(*state);
	free(*state);
	return 0;
}

static void
pause_a_millisecond(void)
{
	nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
}

/* ---- holding the writer so that the next writes form one batch ---- */

struct gate {
	struct store *store;
	int64_t behind;       /* the writes to wait for, queued behind this one */
	atomic_bool running;  /* the writer is in gate_fn */
	enum ura_status status;
};

static enum ura_status
gate_fn(struct db *db, void *arg)
{
	struct gate *g = arg;
	struct store_write_stats st;

	(void)db;
	atomic_store(&g->running, true);
	for (int i = 0; i < POLLS; i++) {
		store_write_stats(g->store, &st);
		if (st.pending >= 1 + g->behind)
			return URA_OK;
		pause_a_millisecond();
	}
	return URA_EINTERNAL;
}

static void *
gate_main(void *arg)
{
	struct gate *g = arg;

	g->status = store_write(g->store, gate_fn, g);
	return NULL;
}

/* One write's entries: n events, all with its request id; then `refuse` as its status. */
struct job {
	struct store *store;
	char request_id[24];
	const char *actions[3];
	int n;
	int64_t case_id;
	enum ura_status refuse, status;
};

static enum ura_status
job_fn(struct db *db, void *arg)
{
	struct job *j = arg;

	for (int i = 0; i < j->n; i++) {
		enum ura_status st = audit_append(db, &(struct audit_event){
			.actor_user_id = 1, .action = j->actions[i], .object_type = "case",
			.object_id = j->case_id, .case_id = j->case_id, .request_id = j->request_id,
			.fields = "[\"identity\"]" }, NOW + i);
		if (st != URA_OK)
			return st;
	}
	return j->refuse;
}

static void *
job_main(void *arg)
{
	struct job *j = arg;

	j->status = store_write(j->store, job_fn, j);
	return NULL;
}

/* Runs the jobs as one batch (behind a gate); asserts it took two commits: gate, then them. */
static void
run_as_one_batch(struct store *s, struct job *jobs, int n)
{
	struct gate g = { .store = s, .behind = n };
	struct store_write_stats before, after;
	pthread_t gate, threads[16];
	int polls = 0;

	assert_true(n <= 16);
	store_write_stats(s, &before);
	assert_int_equal(pthread_create(&gate, NULL, gate_main, &g), 0);
	while (!atomic_load(&g.running) && polls++ < POLLS)
		pause_a_millisecond();
	assert_true(atomic_load(&g.running));
	for (int i = 0; i < n; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, job_main, &jobs[i]), 0);
	pthread_join(gate, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	assert_int_equal(g.status, URA_OK);
	store_write_stats(s, &after);
	assert_int_equal(after.writes - before.writes, n + 1);
	assert_int_equal(after.batches - before.batches, 2);
}

/* ---- reading the log back ---- */

struct entry {
	int64_t id;
	char request_id[24], action[32];
};

struct log {
	struct entry items[ENTRIES_MAX];
	int n;
};

static bool
collect(const struct audit_row *row, void *arg)
{
	struct log *log = arg;
	struct entry *e = &log->items[log->n++];

	e->id = row->id;
	snprintf(e->request_id, sizeof(e->request_id), "%s", row->request_id);
	snprintf(e->action, sizeof(e->action), "%s", row->action);
	return log->n < ENTRIES_MAX;
}

/* The whole log, after checking that the chain verifies with `entries` entries. */
static void
read_verified_log(struct store *s, int entries, struct log *log)
{
	struct audit_verdict v;

	assert_int_equal(audit_verify(store_reader(s), &v), URA_OK);
	assert_true(v.intact);
	assert_int_equal(v.entries, entries);
	log->n = 0;
	assert_int_equal(store_audit_each(store_reader(s), collect, log), URA_OK);
	assert_int_equal(log->n, entries);
	for (int i = 0; i < log->n; i++)
		assert_int_equal(log->items[i].id, i + 1);
}

static int
entries_of(const struct log *log, const char *request_id)
{
	int n = 0;

	for (int i = 0; i < log->n; i++)
		n += strcmp(log->items[i].request_id, request_id) == 0;
	return n;
}

/* ---- a batch's entries ---- */

static void
test_a_refused_write_takes_its_entries_and_its_batch_mates_keep_theirs(void **state)
{
	struct testdb *t = *state;
	struct job jobs[6];
	struct log *log = calloc(1, sizeof(*log));
	int expected = 0;

	for (int i = 0; i < 6; i++) {
		bool refused = i == 1 || i == 4;
		jobs[i] = (struct job){ .store = t->store, .case_id = 100 + i,
			.actions = { "case.update", "case.read", "case.share" }, .n = 1 + i % 3,
			.refuse = refused ? URA_ECONFLICT : URA_OK };
		snprintf(jobs[i].request_id, sizeof(jobs[i].request_id), "job-%d", i);
		expected += refused ? 0 : jobs[i].n;
	}
	run_as_one_batch(t->store, jobs, 6);
	read_verified_log(t->store, expected, log);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(jobs[i].status, jobs[i].refuse);
		assert_int_equal(entries_of(log, jobs[i].request_id),
				 jobs[i].refuse == URA_OK ? jobs[i].n : 0);
	}
	/* A write's entries stay together, in the order it appended them. */
	for (int i = 0; i < 6; i++) {
		int first = 0;

		if (jobs[i].refuse != URA_OK)
			continue;
		while (strcmp(log->items[first].request_id, jobs[i].request_id) != 0)
			first++;
		for (int k = 0; k < jobs[i].n; k++) {
			assert_string_equal(log->items[first + k].request_id, jobs[i].request_id);
			assert_string_equal(log->items[first + k].action, jobs[i].actions[k]);
		}
	}
	free(log);
}

static void
test_audited_reads_in_one_batch_leave_one_entry_each(void **state)
{
	struct testdb *t = *state;
	struct job jobs[12];
	struct log *log = calloc(1, sizeof(*log));

	for (int i = 0; i < 12; i++) {
		jobs[i] = (struct job){ .store = t->store, .case_id = 200 + i,
					.actions = { "case.read" }, .n = 1 };
		snprintf(jobs[i].request_id, sizeof(jobs[i].request_id), "read-%d", i);
	}
	run_as_one_batch(t->store, jobs, 12);
	read_verified_log(t->store, 12, log);
	for (int i = 0; i < 12; i++) {
		assert_int_equal(jobs[i].status, URA_OK);
		assert_int_equal(entries_of(log, jobs[i].request_id), 1);
	}
	free(log);
}

/* One write of more entries than one INSERT takes (64): written in three. */
struct many {
	int n;
};

static enum ura_status
many_fn(struct db *db, void *arg)
{
	const struct many *m = arg;

	for (int i = 0; i < m->n; i++) {
		enum ura_status st = audit_append(db, &(struct audit_event){
			.action = "case.read", .object_type = "case", .object_id = i + 1,
			.request_id = "many", .detail = i % 2 ? "{\"basis\":\"emergency\"}" : NULL,
			.flagged = i % 3 == 0 }, NOW);
		if (st != URA_OK)
			return st;
	}
	return URA_OK;
}

static void
test_more_entries_than_one_insert_takes_are_all_written(void **state)
{
	struct testdb *t = *state;
	struct many m = { 150 };
	struct log *log = calloc(1, sizeof(*log));

	assert_int_equal(store_write(t->store, many_fn, &m), URA_OK);
	assert_int_equal(store_write(t->store, many_fn, &(struct many){ 1 }), URA_OK);
	read_verified_log(t->store, 151, log);
	assert_int_equal(entries_of(log, "many"), 151);
	free(log);
}

struct sql {
	const char *text;
};

static enum ura_status
exec_fn(struct db *db, void *arg)
{
	const struct sql *sql = arg;

	return db_exec(db, sql->text);
}

static void
test_a_failed_audit_write_fails_the_whole_batch(void **state)
{
	struct testdb *t = *state;
	/* The database refuses one entry, as it would refuse a write of any kind at the end. */
	struct sql refuse = { t->postgres
		? "CREATE FUNCTION refuse_entry() RETURNS trigger LANGUAGE plpgsql AS "
		  "$$ BEGIN RAISE EXCEPTION 'refused'; END; $$; "
		  "CREATE TRIGGER refuse_entry BEFORE INSERT ON audit_log FOR EACH ROW "
		  "WHEN (NEW.action = 'case.refused') EXECUTE FUNCTION refuse_entry();"
		: "CREATE TRIGGER refuse_entry BEFORE INSERT ON audit_log "
		  "WHEN NEW.action = 'case.refused' BEGIN SELECT RAISE(ABORT, 'refused'); END;" };
	struct job jobs[4], after = { .store = t->store, .actions = { "case.read" }, .n = 1,
				      .request_id = "after" };
	struct log *log = calloc(1, sizeof(*log));

	assert_int_equal(store_write(t->store, exec_fn, &refuse), URA_OK);
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){ .store = t->store, .case_id = 300 + i, .n = 1,
			.actions = { i == 2 ? "case.refused" : "case.read" } };
		snprintf(jobs[i].request_id, sizeof(jobs[i].request_id), "job-%d", i);
	}
	run_as_one_batch(t->store, jobs, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(jobs[i].status, URA_EINTERNAL);
	read_verified_log(t->store, 0, log);
	/* The connection is ready for the next batch. */
	assert_int_equal(store_write(t->store, job_fn, &after), URA_OK);
	read_verified_log(t->store, 1, log);
	assert_string_equal(log->items[0].request_id, "after");
	free(log);
}

/* Outside a write, no batch collects entries: audit_append would write at once there. */
static void
test_only_the_writer_batch_collects_entries(void **state)
{
	struct testdb *t = *state;

	assert_null(store_batch_audit(store_reader(t->store)));
	assert_null(store_batch_audit(NULL));
}

/* ---- the list itself ---- */

static struct audit_row
row_named(char *action, int64_t object_id)
{
	return (struct audit_row){ .at = NOW, .action = action, .object_type = "case",
				   .object_id = object_id, .request_id = "r", .fields = "[]" };
}

static void
test_the_list_keeps_copies_and_drops_a_rolled_back_tail(void **state)
{
	struct audit_batch b;
	char action[16] = "case.read";

	(void)state;
	audit_batch_init(&b);
	for (int i = 0; i < 100; i++)
		audit_batch_add(&b, &(struct audit_row){ .action = action, .object_type = "case",
				 .object_id = i, .request_id = "r", .fields = "[]" });
	snprintf(action, sizeof(action), "overwritten");
	assert_int_equal(b.n, 100);
	assert_string_equal(b.rows[99].action, "case.read");
	assert_null(b.rows[99].detail);
	audit_batch_truncate(&b, 40); /* a job that had started at entry 40 rolled back */
	assert_int_equal(b.n, 40);
	assert_int_equal(b.rows[39].object_id, 39);
	audit_batch_truncate(&b, 60); /* never grows */
	assert_int_equal(b.n, 40);
	audit_batch_add(&b, &(struct audit_row){ .action = action, .object_type = "case",
			 .object_id = 7, .request_id = "r", .fields = "[]", .detail = "{}" });
	assert_int_equal(b.n, 41);
	assert_string_equal(b.rows[40].action, "overwritten");
	assert_string_equal(b.rows[40].detail, "{}");
	audit_batch_clear(&b);
	assert_int_equal(b.n, 0);
	audit_batch_free(&b);
}

static void
test_linking_matches_appending_one_by_one(void **state)
{
	char reading[] = "case.read", updating[] = "case.update";
	struct audit_row rows[3] = { row_named(reading, 1), row_named(updating, 2),
				     row_named(reading, 3) };
	unsigned char prev[32], expected[32];

	(void)state;
	for (int i = 0; i < 32; i++)
		prev[i] = (unsigned char)(7 * i);
	audit_chain_link(rows, 3, 41, prev);
	for (int i = 0; i < 3; i++) {
		struct audit_row alone = rows[i];

		assert_int_equal(rows[i].id, 41 + i);
		assert_memory_equal(rows[i].prev_hash, i == 0 ? prev : rows[i - 1].hash, 32);
		audit_entry_hash(&alone, expected);
		assert_memory_equal(rows[i].hash, expected, 32);
	}
	assert_memory_not_equal(rows[0].hash, rows[2].hash, 32);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_a_refused_write_takes_its_entries_and_its_batch_mates_keep_theirs,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_audited_reads_in_one_batch_leave_one_entry_each,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_more_entries_than_one_insert_takes_are_all_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_failed_audit_write_fails_the_whole_batch, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_only_the_writer_batch_collects_entries, setup,
						teardown),
		cmocka_unit_test(test_the_list_keeps_copies_and_drops_a_rolled_back_tail),
		cmocka_unit_test(test_linking_matches_appending_one_by_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
