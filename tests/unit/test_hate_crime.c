/*
 * Unit tests for src/domain/hate_crime.c: who records which outcome of a hate incident, the
 * dates that go with a yes, and the rules of a CSO's feedback on the police.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/hate_crime.h"
#include "domain/types.h"

static const char *const types[] = { "police", "prosecution", "court", "social_services",
				     "cso", NULL };

static void
test_only_hate_crime_cases(void **state)
{
	(void)state;
	assert_true(hate_outcome_applies("hate_crime"));
	assert_false(hate_outcome_applies("domestic_violence"));
	assert_false(hate_outcome_applies(NULL));
}

static void
test_who_sets_what(void **state)
{
	(void)state;
	for (int i = 0; types[i] != NULL; i++) {
		bool police = strcmp(types[i], "police") == 0;
		bool prosecution = strcmp(types[i], "prosecution") == 0;

		assert_int_equal(hate_outcome_may_set(HATE_REPORTED_TO_POLICE, types[i], false),
				 police);
		assert_true(hate_outcome_may_set(HATE_REPORTED_TO_POLICE, types[i], true));
		assert_int_equal(hate_outcome_may_set(HATE_INVESTIGATED, types[i], true), police);
		assert_int_equal(hate_outcome_may_set(HATE_PROSECUTED, types[i], true), prosecution);
	}
	assert_false(hate_outcome_may_set(HATE_INVESTIGATED, NULL, false));
	assert_false(hate_outcome_may_set(HATE_OUTCOME_COUNT, "police", true));
}

static void
test_writer_type(void **state)
{
	struct user staff = { .role = ROLE_CASEWORKER, .institution_id = 3, .active = true };
	struct user coordinator = { .role = ROLE_COORDINATOR, .institution_id = 3 };
	struct policy_decision reads = { .access = ACCESS_READ };
	struct policy_decision owns = { .access = ACCESS_OWNER };
	struct policy_decision summary = { .access = ACCESS_SUMMARY };
	struct policy_decision glass = { .access = ACCESS_READ, .break_glass = true };

	(void)state;
	assert_string_equal(hate_outcome_writer_type(&staff, &reads, "police"), "police");
	assert_string_equal(hate_outcome_writer_type(&staff, &owns, "prosecution"), "prosecution");
	assert_null(hate_outcome_writer_type(&staff, &summary, "police"));
	assert_null(hate_outcome_writer_type(&staff, &glass, "police"));
	assert_null(hate_outcome_writer_type(&coordinator, &reads, "police"));
}

static struct hate_outcome_change
nothing(void)
{
	struct hate_outcome_change c = { { -1, -1, -1 }, { NULL, NULL, NULL } };

	return c;
}

static void
test_check(void **state)
{
	struct hate_outcome_change c = nothing();
	struct field_errors e = { 0 };

	(void)state;
	/* nothing given: 422 */
	assert_int_equal(hate_outcome_check(&c, "police", false, "2026-05-01", &e),
			 URA_EUNPROCESSABLE);
	/* the prosecution may not mark the investigation: 403 naming it */
	c = nothing();
	memset(&e, 0, sizeof(e));
	c.value[HATE_INVESTIGATED] = 1;
	assert_int_equal(hate_outcome_check(&c, "prosecution", true, "2026-05-01", &e),
			 URA_EFORBIDDEN);
	assert_string_equal(e.items[0].field, "investigated");
	assert_int_equal(e.items[0].message, MSG_OUTCOME_NOT_YOURS);
	/* a date alone is a change too, and needs the right institution */
	c = nothing();
	memset(&e, 0, sizeof(e));
	c.on[HATE_PROSECUTED] = "2026-04-01";
	assert_int_equal(hate_outcome_check(&c, "police", false, "2026-05-01", &e),
			 URA_EFORBIDDEN);
	/* a yes without a date is dated today; a given date stays */
	c = nothing();
	memset(&e, 0, sizeof(e));
	c.value[HATE_REPORTED_TO_POLICE] = 1;
	c.value[HATE_INVESTIGATED] = 1;
	c.on[HATE_INVESTIGATED] = "2026-03-03";
	assert_int_equal(hate_outcome_check(&c, "police", false, "2026-05-01", &e), URA_OK);
	assert_string_equal(c.on[HATE_REPORTED_TO_POLICE], "2026-05-01");
	assert_string_equal(c.on[HATE_INVESTIGATED], "2026-03-03");
	/* a date with a no: 422 on the date */
	c = nothing();
	memset(&e, 0, sizeof(e));
	c.value[HATE_INVESTIGATED] = 0;
	c.on[HATE_INVESTIGATED] = "2026-03-03";
	assert_int_equal(hate_outcome_check(&c, "police", false, "2026-05-01", &e),
			 URA_EUNPROCESSABLE);
	assert_string_equal(e.items[0].field, "investigated_on");
	/* a no clears: no date is made up */
	c = nothing();
	memset(&e, 0, sizeof(e));
	c.value[HATE_PROSECUTED] = 0;
	assert_int_equal(hate_outcome_check(&c, "prosecution", false, "2026-05-01", &e), URA_OK);
	assert_null(c.on[HATE_PROSECUTED]);
}

static void
test_feedback_rules(void **state)
{
	struct user cso_staff = { .role = ROLE_CASEWORKER, .institution_id = 7, .active = true };
	struct user coordinator = { .role = ROLE_COORDINATOR, .institution_id = 7 };

	(void)state;
	assert_true(police_feedback_may_write(&cso_staff, "cso"));
	assert_false(police_feedback_may_write(&cso_staff, "police"));
	assert_false(police_feedback_may_write(&cso_staff, NULL));
	assert_false(police_feedback_may_write(&coordinator, "cso"));
	assert_true(police_feedback_about_police("police"));
	assert_false(police_feedback_about_police("prosecution"));
	assert_false(police_feedback_shown(0));
	assert_false(police_feedback_shown(4));
	assert_true(police_feedback_shown(5));
}

static void
test_feedback_lines_hidden(void **state)
{
	const int64_t one_small[] = { 9, 2, 6 };
	const int64_t two_small[] = { 9, 2, 3 };
	const int64_t none_small[] = { 5, 7 };
	const int64_t alone[] = { 3 };
	bool hidden[3];

	(void)state;
	/* 2 alone would be 17 - 9 - 6: the 6 goes too */
	police_feedback_hide_lines(one_small, 3, hidden);
	assert_false(hidden[0]);
	assert_true(hidden[1]);
	assert_true(hidden[2]);
	police_feedback_hide_lines(two_small, 3, hidden);
	assert_false(hidden[0]);
	assert_true(hidden[1] && hidden[2]);
	police_feedback_hide_lines(none_small, 2, hidden);
	assert_false(hidden[0] || hidden[1]);
	police_feedback_hide_lines(alone, 1, hidden);
	assert_true(hidden[0]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_only_hate_crime_cases),
		cmocka_unit_test(test_who_sets_what),
		cmocka_unit_test(test_writer_type),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_feedback_rules),
		cmocka_unit_test(test_feedback_lines_hidden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
