/*
 * Unit tests for src/domain/retention.c: an open case is kept, a closed one until its kind's
 * years have passed since closure, a hate crime from its last outcome when that came later,
 * a hold stops a due case only, an anonymised case is done, an unknown kind is never due;
 * calendar years and month starts; the closure cut-offs the store narrows with; who may hold
 * and who may run the dry run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/retention.h"

#define T2016 INT64_C(1479891600) /* 2016-11-23T09:00:00Z */
#define T2026 INT64_C(1795424400) /* 2026-11-23T09:00:00Z */
#define DAY 86400

static const struct retention_rules rules = { { 10, 10, 10, 5 } };

static struct retention_decision
decide(const char *kind, const char *status, int64_t closed, int64_t outcome, bool held,
       int64_t now)
{
	struct retention_facts f = { kind, status, closed, outcome, held, false };

	return retention_decide(&rules, &f, now);
}

static void
test_open_cases_are_kept(void **state)
{
	(void)state;
	assert_int_equal(decide("domestic_violence", "open", 0, 0, false, T2026).verdict,
			 RETENTION_OPEN);
	assert_int_equal(decide("gbv", "active", 0, 0, false, T2026).verdict, RETENTION_OPEN);
}

static void
test_closed_cases_are_due_after_their_years(void **state)
{
	struct retention_decision d;

	(void)state;
	d = decide("domestic_violence", "closed", T2016, 0, false, T2026 - 1);
	assert_int_equal(d.verdict, RETENTION_KEEP);
	assert_int_equal(d.expires_at, T2026);
	assert_string_equal(d.rule, "domestic_violence_after_closure");
	d = decide("domestic_violence", "closed", T2016, 0, false, T2026);
	assert_int_equal(d.verdict, RETENTION_DUE);
	assert_int_equal(d.years, 10);
	/* Reintegration: five years. */
	d = decide("reintegration", "closed", T2016, 0, false, T2016 + 6 * 365 * DAY);
	assert_int_equal(d.verdict, RETENTION_DUE);
	assert_string_equal(d.rule, "reintegration_after_closure");
}

static void
test_hate_crime_counts_from_its_last_outcome(void **state)
{
	struct retention_decision d;
	int64_t prosecuted = T2016 + 400 * DAY;

	(void)state;
	d = decide("hate_crime", "closed", T2016, prosecuted, false, T2026 + DAY);
	assert_int_equal(d.verdict, RETENTION_KEEP);
	assert_string_equal(d.rule, "hate_crime_after_outcome");
	assert_int_equal(d.expires_at, retention_add_years(prosecuted, 10));
	/* An outcome recorded before the closure does not move the anchor. */
	d = decide("hate_crime", "closed", T2016, T2016 - DAY, false, T2026);
	assert_int_equal(d.verdict, RETENTION_DUE);
	assert_string_equal(d.rule, "hate_crime_after_closure");
}

static void
test_a_hold_stops_only_what_is_due(void **state)
{
	struct retention_facts done = { "gbv", "closed", T2016, 0, false, true };

	(void)state;
	assert_int_equal(decide("gbv", "closed", T2016, 0, true, T2026).verdict, RETENTION_HELD);
	assert_int_equal(decide("gbv", "closed", T2016, 0, true, T2016 + DAY).verdict,
			 RETENTION_KEEP);
	assert_int_equal(retention_decide(&rules, &done, T2026).verdict, RETENTION_DONE);
}

static void
test_unknown_kind_is_never_due(void **state)
{
	(void)state;
	assert_int_equal(decide("burglary", "closed", T2016, 0, false, T2026 * 2).verdict,
			 RETENTION_OPEN);
	assert_int_equal(decide(NULL, "closed", T2016, 0, false, T2026 * 2).verdict,
			 RETENTION_OPEN);
}

static void
test_calendar_years_and_month_starts(void **state)
{
	int64_t leap = INT64_C(1709200800); /* 2024-02-29T10:00:00Z */
	int64_t cutoffs[RETENTION_KINDS];

	(void)state;
	assert_int_equal(retention_add_years(leap, 1), INT64_C(1740823200)); /* 2025-03-01 10:00 */
	assert_int_equal(retention_add_years(T2026, -10), T2016);
	assert_int_equal(retention_month_start(T2026), INT64_C(1793491200)); /* 2026-11-01 */
	assert_int_equal(retention_month_start(INT64_C(1793491200)), INT64_C(1793491200));
	retention_closed_cutoffs(&rules, T2026, cutoffs);
	assert_int_equal(cutoffs[0], T2016);
	assert_int_equal(cutoffs[3], retention_add_years(T2026, -5));
}

static void
test_who_holds_and_who_runs(void **state)
{
	struct user manager = { .role = ROLE_MANAGER, .institution_id = 4 };
	struct user caseworker = { .role = ROLE_CASEWORKER, .institution_id = 4 };
	struct user auditor = { .role = ROLE_AUDITOR };
	struct user admin = { .role = ROLE_ADMIN };

	(void)state;
	assert_true(retention_may_hold(&manager, 4));
	assert_false(retention_may_hold(&manager, 5));
	assert_false(retention_may_hold(&caseworker, 4));
	assert_true(retention_may_hold(&auditor, 5));
	assert_false(retention_may_hold(&admin, 4));
	assert_true(retention_may_run(&admin));
	assert_false(retention_may_run(&auditor));
	assert_false(retention_may_run(&manager));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_cases_are_kept),
		cmocka_unit_test(test_closed_cases_are_due_after_their_years),
		cmocka_unit_test(test_hate_crime_counts_from_its_last_outcome),
		cmocka_unit_test(test_a_hold_stops_only_what_is_due),
		cmocka_unit_test(test_unknown_kind_is_never_due),
		cmocka_unit_test(test_calendar_years_and_month_starts),
		cmocka_unit_test(test_who_holds_and_who_runs),
	};
	return cmocka_run_group_tests_name("retention", tests, NULL, NULL);
}
