/*
 * Unit tests for the mechanics of a deadline scan's step in src/store/deadlines.c that need no
 * database: store_deadlines_advance (a full read reads the same window again, a window that
 * is not the rule's last moves the cursor to its last key, the last window moves to the next
 * rule, `done` after the last rule) and store_deadlines_notify's time budget (a deadline
 * already passed writes one chunk of NOTIFY_ROWS findings a call, the next call goes on where
 * it stopped, so each is written once; a deadline ahead writes them all). The findings here tell nobody (user 0)
 * on a rule that marks nothing, so no statement runs; tests/api/test_deadlines.py and
 * test_intake.py scan real databases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "store/deadlines.h"

#define ROWS (2 * NOTIFY_ROWS + 3) /* two full chunks and a part */

static struct deadline_finding rows[ROWS];

/* A read of rule 0 (overdue referrals to the coordinator) that found ROWS findings. */
static struct deadline_findings
found(bool full, bool last)
{
	return (struct deadline_findings){ .rule = 0, .rows = rows, .n = ROWS, .full = full,
					   .last = last, .hi = { .time = 500, .id = 42 } };
}

static void
test_a_full_read_reads_the_same_window_again(void **state)
{
	struct deadline_cursor c = { .rule = 0, .after = { .time = 100, .id = 7 } };
	struct deadline_findings f = found(true, false);

	(void)state;
	store_deadlines_advance(&c, &f);
	assert_int_equal(c.rule, 0);
	assert_int_equal(c.after.time, 100);
	assert_int_equal(c.after.id, 7);
	assert_false(c.done);
	assert_int_equal(c.steps, 1);
}

static void
test_a_window_read_whole_moves_the_cursor_to_its_last_key(void **state)
{
	struct deadline_cursor c = { .rule = 0, .after = { .time = 100, .id = 7 } };
	struct deadline_findings f = found(false, false);

	(void)state;
	store_deadlines_advance(&c, &f);
	assert_int_equal(c.rule, 0);
	assert_int_equal(c.after.time, 500);
	assert_int_equal(c.after.id, 42);
	assert_false(c.done);
}

static void
test_the_last_window_moves_to_the_next_rule_and_done_follows_the_last(void **state)
{
	struct deadline_cursor c = { .rule = 0, .after = { .time = 100, .id = 7 } };
	struct deadline_findings f = found(false, true);
	struct arena a;
	int rules = 0;

	(void)state;
	store_deadlines_advance(&c, &f);
	assert_int_equal(c.rule, 1);
	assert_int_equal(c.after.time, 0);
	assert_int_equal(c.after.id, 0);
	assert_false(c.done);
	/* past the last rule, a read finds nothing (without reading) and the scan is done */
	arena_init(&a);
	for (c.rule = 1; !c.done && rules < 100; rules++) {
		f = found(false, true);
		f.rule = c.rule;
		store_deadlines_advance(&c, &f);
	}
	assert_true(c.done);
	assert_int_equal(store_deadlines_find(NULL, &a, &(struct deadline_scan){ 0 }, &c, 256, 64,
					      &f), URA_OK);
	assert_int_equal(f.n, 0);
	assert_true(f.last);
	arena_free(&a);
}

static void
test_a_write_past_its_budget_writes_one_chunk_and_the_next_goes_on(void **state)
{
	struct deadline_scan scan = { .now = 1 };
	struct deadline_findings f = found(false, true);
	const int after[] = { NOTIFY_ROWS, 2 * NOTIFY_ROWS, ROWS };

	(void)state;
	for (int call = 0; call < 3; call++) {
		assert_int_equal(store_deadlines_notify(NULL, &scan, &f, 0), URA_OK);
		assert_int_equal(f.written, after[call]);
	}
	assert_int_equal(store_deadlines_notify(NULL, &scan, &f, 0), URA_OK);
	assert_int_equal(f.written, ROWS); /* nothing past the last */
}

static void
test_a_write_within_its_budget_writes_every_finding(void **state)
{
	struct deadline_scan scan = { .now = 1 };
	struct deadline_findings f = found(false, true);

	(void)state;
	assert_int_equal(store_deadlines_notify(NULL, &scan, &f, INT64_MAX), URA_OK);
	assert_int_equal(f.written, ROWS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_full_read_reads_the_same_window_again),
		cmocka_unit_test(test_a_window_read_whole_moves_the_cursor_to_its_last_key),
		cmocka_unit_test(test_the_last_window_moves_to_the_next_rule_and_done_follows_the_last),
		cmocka_unit_test(test_a_write_past_its_budget_writes_one_chunk_and_the_next_goes_on),
		cmocka_unit_test(test_a_write_within_its_budget_writes_every_finding),
	};

	return cmocka_run_group_tests_name("deadlines", tests, NULL, NULL);
}
