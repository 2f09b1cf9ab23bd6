/*
 * Unit tests for src/domain/reintegration.c: the plan start (months back, clamped to the
 * month's end), due days relative to the release (never before the plan starts), the task
 * states around today, the one transition, the release date's bounds, the variants, and the
 * plan file's shape (the shipped data/reintegration.json and broken ones).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/embedded.h"
#include "domain/clocks.h"
#include "domain/reintegration.h"

#define T0 INT64_C(1795424400) /* 2026-11-23T09:00:00Z */

static void
test_plan_start(void **state)
{
	char out[CLOCKS_DATE_LEN];

	(void)state;
	assert_true(reintegration_plan_start("2027-03-03", 6, out, sizeof(out)));
	assert_string_equal(out, "2026-09-03");
	assert_true(reintegration_plan_start("2027-03-31", 1, out, sizeof(out)));
	assert_string_equal(out, "2027-02-28");
	assert_true(reintegration_plan_start("2028-08-31", 6, out, sizeof(out)));
	assert_string_equal(out, "2028-02-29"); /* a leap year */
	assert_true(reintegration_plan_start("2027-01-15", 24, out, sizeof(out)));
	assert_string_equal(out, "2025-01-15");
	assert_false(reintegration_plan_start("2027-02-30", 6, out, sizeof(out)));
}

static void
test_due_days(void **state)
{
	char out[CLOCKS_DATE_LEN];

	(void)state;
	assert_true(reintegration_task_due("2027-03-03", -90, "2026-09-03", out, sizeof(out)));
	assert_string_equal(out, "2026-12-03");
	assert_true(reintegration_task_due("2027-03-03", 14, "2026-09-03", out, sizeof(out)));
	assert_string_equal(out, "2027-03-17");
	/* before the plan starts: due on its first day */
	assert_true(reintegration_task_due("2027-03-31", -90, "2027-02-28", out, sizeof(out)));
	assert_string_equal(out, "2027-02-28");
	/* across the spring and autumn changes of the clocks: whole days, not 24-hour steps */
	assert_true(reintegration_task_due("2027-04-05", -30, "2027-01-01", out, sizeof(out)));
	assert_string_equal(out, "2027-03-06");
	assert_true(reintegration_task_due("2027-10-20", 14, "2027-01-01", out, sizeof(out)));
	assert_string_equal(out, "2027-11-03");
	assert_false(reintegration_task_due("nope", 1, "2027-02-28", out, sizeof(out)));
}

static void
test_states(void **state)
{
	(void)state;
	assert_int_equal(reintegration_days_left("2026-12-03", T0), 10);
	assert_int_equal(reintegration_task_state(false, "2026-12-03", T0), TASK_OPEN);
	assert_int_equal(reintegration_task_state(false, "2026-11-30", T0), TASK_DUE_SOON);
	assert_int_equal(reintegration_task_state(false, "2026-11-23", T0), TASK_DUE_SOON);
	assert_int_equal(reintegration_task_state(false, "2026-11-22", T0), TASK_OVERDUE);
	assert_int_equal(reintegration_task_state(true, "2026-11-22", T0), TASK_DONE);
	assert_int_equal(reintegration_days_left("2026-11-22", T0), -1);
	assert_string_equal(task_states[TASK_DUE_SOON], "due_soon");
}

static void
test_transition_and_bounds(void **state)
{
	(void)state;
	assert_int_equal(reintegration_task_move("open", "done"), URA_OK);
	assert_int_equal(reintegration_task_move("done", "done"), URA_ECONFLICT);
	assert_int_equal(reintegration_task_move("done", "open"), URA_ECONFLICT);
	assert_int_equal(reintegration_task_move("open", "open"), URA_ECONFLICT);
	assert_int_equal(reintegration_task_move("open", "finished"), URA_EINVAL);
	assert_true(reintegration_release_ok("2027-03-03", T0));
	assert_true(reintegration_release_ok("2025-11-23", T0));   /* 365 days past */
	assert_false(reintegration_release_ok("2025-11-21", T0));  /* 367 days past */
	assert_false(reintegration_release_ok("2040-01-01", T0));
	assert_false(reintegration_release_ok("2027-02-29", T0));
	assert_int_equal(release_variant_parse("violent_extremism"), VARIANT_VIOLENT_EXTREMISM);
	assert_int_equal(release_variant_parse("other"), -1);
}

static void
test_the_shipped_plan(void **state)
{
	struct reintegration_plan p;
	json_t *doc = json_loads(reintegration_json, JSON_REJECT_DUPLICATES, NULL);
	const char *error = NULL;
	int standard = 0, ve = 0;

	(void)state;
	assert_non_null(doc);
	assert_int_equal(reintegration_plan_read(doc, &p, &error), URA_OK);
	for (int i = 0; i < p.ntasks; i++) {
		standard += reintegration_task_in(&p.tasks[i], VARIANT_STANDARD);
		ve += reintegration_task_in(&p.tasks[i], VARIANT_VIOLENT_EXTREMISM);
	}
	assert_int_equal(standard, 5);
	assert_true(ve > standard);
	assert_true(reintegration_item_known(&p, "network_ties"));
	assert_false(reintegration_item_known(&p, "score"));
	assert_false(reintegration_item_known(&p, NULL));
	json_decref(doc);
}

static void
test_broken_plans(void **state)
{
	static const char *const broken[] = {
		"{}",
		"{\"tasks\":[],\"instrument\":{\"items\":[{\"id\":\"a\"}]}}",
		"{\"tasks\":[{\"code\":\"a\",\"offset_days\":1,\"institution_type\":\"jail\","
		"\"variant\":\"all\"}],\"instrument\":{\"items\":[{\"id\":\"a\"}]}}",
		"{\"tasks\":[{\"code\":\"a\",\"offset_days\":400,\"institution_type\":\"prison\","
		"\"variant\":\"all\"}],\"instrument\":{\"items\":[{\"id\":\"a\"}]}}",
		"{\"tasks\":[{\"code\":\"a\",\"offset_days\":1,\"institution_type\":\"prison\","
		"\"variant\":\"some\"}],\"instrument\":{\"items\":[{\"id\":\"a\"}]}}",
		"{\"tasks\":[{\"code\":\"a\",\"offset_days\":1,\"institution_type\":\"prison\","
		"\"variant\":\"all\"},{\"code\":\"a\",\"offset_days\":2,\"institution_type\":"
		"\"prison\",\"variant\":\"all\"}],\"instrument\":{\"items\":[{\"id\":\"a\"}]}}",
		"{\"tasks\":[{\"code\":\"a\",\"offset_days\":1,\"institution_type\":\"prison\","
		"\"variant\":\"all\"}],\"instrument\":{\"items\":[{\"id\":\"A b\"}]}}",
	};
	struct reintegration_plan p;
	const char *error;

	(void)state;
	for (size_t i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
		json_t *doc = json_loads(broken[i], 0, NULL);

		assert_non_null(doc);
		error = NULL;
		if (reintegration_plan_read(doc, &p, &error) != URA_EINVAL || error == NULL)
			fail_msg("plan %zu was accepted", i);
		json_decref(doc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_start),
		cmocka_unit_test(test_due_days),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_transition_and_bounds),
		cmocka_unit_test(test_the_shipped_plan),
		cmocka_unit_test(test_broken_plans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
