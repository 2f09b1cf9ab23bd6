/* Governance access: every role × coordinator or not × member or not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(access_by_role),
		cmocka_unit_test(inactive_users_get_nothing),
		cmocka_unit_test(quarters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
