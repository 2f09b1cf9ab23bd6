/* Governance access (every role × coordinator or not × member or not), meetings held,
 * members' requests for a meeting and their answers, active mechanisms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/governance.h"

static void
access_by_role(void **state)
{
	(void)state;
	static const struct {
		enum role role;
		bool coordinates, member;
		enum governance_access want;
	} table[] = {
		{ ROLE_COORDINATOR, true, false, GOVERNANCE_MANAGE },
		{ ROLE_COORDINATOR, false, true, GOVERNANCE_NONE },
		{ ROLE_NATIONAL, false, false, GOVERNANCE_READ },
		{ ROLE_ADMIN, false, false, GOVERNANCE_READ },
		{ ROLE_AUDITOR, false, true, GOVERNANCE_NONE },
		{ ROLE_CASEWORKER, false, true, GOVERNANCE_MEMBER },
		{ ROLE_MANAGER, false, true, GOVERNANCE_MEMBER },
		{ ROLE_CASEWORKER, false, false, GOVERNANCE_NONE },
		{ ROLE_MANAGER, false, false, GOVERNANCE_NONE },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct user u = { .id = 7, .role = table[i].role, .institution_id = 3,
				  .active = true };
		assert_int_equal(governance_access(&u, table[i].coordinates ? 7 : 8,
						   table[i].member), table[i].want);
	}
}

static void
inactive_users_get_nothing(void **state)
{
	(void)state;
	struct user u = { .id = 7, .role = ROLE_COORDINATOR, .active = false };

	assert_int_equal(governance_access(&u, 7, true), GOVERNANCE_NONE);
	assert_int_equal(governance_access(NULL, 7, true), GOVERNANCE_NONE);
}

static void
quarters(void **state)
{
	(void)state;
	static const int want[13] = { 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4 };

	for (int m = 1; m <= 12; m++)
		assert_int_equal(quarter_of_month(m), want[m]);
	assert_int_equal(quarter_of_month(0), 0);
	assert_int_equal(quarter_of_month(13), 0);
}

/* A meeting is held at or after its time, never before (not even a second). */
static void
held_only_once_its_time_has_come(void **state)
{
	(void)state;
	assert_false(meeting_may_be_held(1000, 999));
	assert_true(meeting_may_be_held(1000, 1000));
	assert_true(meeting_may_be_held(1000, 1001));
	assert_true(meeting_may_be_held(-5, 0));
}

static void
requests_are_seen_by_the_coordinator_and_their_institution(void **state)
{
	(void)state;
	static const struct {
		enum governance_access access;
		int64_t viewer, requester;
		bool visible;
	} table[] = {
		{ GOVERNANCE_MANAGE, 0, 4, true },   /* the coordinator, with no institution */
		{ GOVERNANCE_MANAGE, 9, 4, true },
		{ GOVERNANCE_MEMBER, 4, 4, true },   /* staff of the requesting institution */
		{ GOVERNANCE_MEMBER, 5, 4, false },  /* staff of another member */
		{ GOVERNANCE_MEMBER, 0, 0, false },  /* no institution is nobody's */
		{ GOVERNANCE_READ, 4, 4, false },    /* national and admin: not the reasons */
		{ GOVERNANCE_NONE, 4, 4, false },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (meeting_request_visible(table[i].access, table[i].viewer, table[i].requester) !=
		    table[i].visible)
			fail_msg("row %zu", i);
}

static void
answers_once_and_complete(void **state)
{
	(void)state;
	static const struct {
		const char *current, *answer;
		bool meeting, text;
		enum ura_status want;
		const char *field; /* the first fault, or NULL */
	} table[] = {
		{ "open", "scheduled", true, false, URA_OK, NULL },
		{ "open", "scheduled", true, true, URA_OK, NULL },
		{ "open", "declined", false, true, URA_OK, NULL },
		{ "open", "scheduled", false, true, URA_EUNPROCESSABLE, "meeting_id" },
		{ "open", "declined", false, false, URA_EUNPROCESSABLE, "answer" },
		{ "open", "declined", true, true, URA_EUNPROCESSABLE, "meeting_id" },
		{ "open", "open", false, false, URA_EUNPROCESSABLE, "status" },
		{ "scheduled", "declined", false, true, URA_ECONFLICT, "status" },
		{ "declined", "scheduled", true, false, URA_ECONFLICT, "status" },
		{ NULL, "scheduled", true, false, URA_ECONFLICT, "status" },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct field_errors e = { 0 };
		enum ura_status got = meeting_request_answer_check(table[i].current,
								   table[i].answer,
								   table[i].meeting, table[i].text,
								   &e);
		if (got != table[i].want)
			fail_msg("row %zu: status %d", i, (int)got);
		if (table[i].field == NULL ? e.count != 0
		    : e.count == 0 || strcmp(e.items[0].field, table[i].field) != 0)
			fail_msg("row %zu: field %s", i, e.count ? e.items[0].field : "(none)");
	}
}

static void
a_request_is_scheduled_into_a_scheduled_meeting_of_its_mechanism(void **state)
{
	(void)state;
	assert_true(meeting_request_meeting_fits(3, 3, "scheduled"));
	assert_false(meeting_request_meeting_fits(3, 4, "scheduled"));
	assert_false(meeting_request_meeting_fits(3, 3, "held"));
	assert_false(meeting_request_meeting_fits(3, 3, "cancelled"));
	assert_false(meeting_request_meeting_fits(3, 3, NULL));
}

static void
an_active_mechanism_has_a_coordinator_and_two_members(void **state)
{
	(void)state;
	assert_true(mechanism_is_active(7, 2));
	assert_true(mechanism_is_active(7, 14));
	assert_false(mechanism_is_active(7, 1));
	assert_false(mechanism_is_active(0, 5));
	assert_false(mechanism_is_active(0, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(access_by_role),
		cmocka_unit_test(inactive_users_get_nothing),
		cmocka_unit_test(quarters),
		cmocka_unit_test(held_only_once_its_time_has_come),
		cmocka_unit_test(requests_are_seen_by_the_coordinator_and_their_institution),
		cmocka_unit_test(answers_once_and_complete),
		cmocka_unit_test(a_request_is_scheduled_into_a_scheduled_meeting_of_its_mechanism),
		cmocka_unit_test(an_active_mechanism_has_a_coordinator_and_two_members),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
