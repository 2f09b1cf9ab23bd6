/*
 * Unit tests for src/domain/accounts.c and the role lists of src/domain/types.c: what an
 * account change sets off (sessions ended, the watch, the managers told) for every kind of
 * change, the window in which a watched account's case work is flagged, who must enrol a
 * second factor, the break-glass limit's wait, and the `totp_required_roles` setting's shape.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/accounts.h"

#define T0 INT64_C(1795426200)
#define DAY 86400

static const struct account_state caseworker = { ROLE_CASEWORKER, 7, true };
static const struct account_state manager = { ROLE_MANAGER, 7, true };
static const struct account_state coordinator = { ROLE_COORDINATOR, 7, true };
static const struct account_state admin = { ROLE_ADMIN, 0, true };
static const struct account_state national = { ROLE_NATIONAL, 0, true };

static void
test_new_accounts(void **state)
{
	(void)state;
	/* staff of an institution: watched and announced */
	assert_int_equal(account_change_effects(NULL, &caseworker, false),
			 ACCOUNT_WATCH | ACCOUNT_ANNOUNCE_NEW);
	assert_int_equal(account_change_effects(NULL, &manager, false),
			 ACCOUNT_WATCH | ACCOUNT_ANNOUNCE_NEW);
	/* nobody else reads cases as an institution's staff */
	assert_int_equal(account_change_effects(NULL, &admin, false), 0);
	assert_int_equal(account_change_effects(NULL, &national, false), 0);
	assert_int_equal(account_change_effects(NULL, &coordinator, false), 0);
}

static void
test_changes_of_an_account(void **state)
{
	struct account_state moved = caseworker, disabled = caseworker, enabled = caseworker;
	struct account_state promoted = coordinator;

	(void)state;
	moved.institution_id = 8;
	disabled.active = false;
	promoted.role = ROLE_CASEWORKER;
	/* nothing that matters */
	assert_int_equal(account_change_effects(&caseworker, &caseworker, false), 0);
	assert_int_equal(account_change_effects(&caseworker, &manager, false), 0);
	/* a reset by an administrator: sessions end; staff are watched, their managers told */
	assert_int_equal(account_change_effects(&caseworker, &caseworker, true),
			 ACCOUNT_END_SESSIONS | ACCOUNT_WATCH | ACCOUNT_ANNOUNCE_RESET);
	assert_int_equal(account_change_effects(&admin, &admin, true), ACCOUNT_END_SESSIONS);
	/* a disable ends them; enabling again revives nothing and sets nothing off */
	assert_int_equal(account_change_effects(&caseworker, &disabled, false),
			 ACCOUNT_END_SESSIONS);
	assert_int_equal(account_change_effects(&disabled, &enabled, false), 0);
	/* moved into another institution, or made staff: a new account there */
	assert_int_equal(account_change_effects(&caseworker, &moved, false),
			 ACCOUNT_WATCH | ACCOUNT_ANNOUNCE_NEW);
	assert_int_equal(account_change_effects(&coordinator, &promoted, false),
			 ACCOUNT_WATCH | ACCOUNT_ANNOUNCE_NEW);
	assert_int_equal(account_change_effects(&caseworker, &moved, true),
			 ACCOUNT_END_SESSIONS | ACCOUNT_WATCH | ACCOUNT_ANNOUNCE_NEW);
	/* leaving an institution's staff */
	assert_int_equal(account_change_effects(&caseworker, &national, false), 0);
}

static void
test_the_watch_lasts_its_days(void **state)
{
	(void)state;
	assert_false(account_reads_flagged(0, T0, 7));
	assert_false(account_reads_flagged(T0, T0 - 1, 7));
	assert_true(account_reads_flagged(T0, T0, 7));
	assert_true(account_reads_flagged(T0, T0 + 7 * DAY - 1, 7));
	assert_false(account_reads_flagged(T0, T0 + 7 * DAY, 7));
	assert_true(account_reads_flagged(T0, T0 + 29 * DAY, 30));
	assert_false(account_reads_flagged(T0, T0, 0)); /* the watch switched off */
}

static void
test_who_must_enrol_a_second_factor(void **state)
{
	struct user u = { .id = 1, .role = ROLE_ADMIN };

	(void)state;
	assert_true(account_totp_enrolment_required("admin,auditor", &u));
	u.totp_enabled = true;
	assert_false(account_totp_enrolment_required("admin,auditor", &u));
	u = (struct user){ .id = 2, .role = ROLE_CASEWORKER };
	assert_false(account_totp_enrolment_required("admin,auditor", &u));
	assert_true(account_totp_enrolment_required("caseworker", &u));
	assert_false(account_totp_enrolment_required("none", &u));
	assert_false(account_totp_enrolment_required("", &u));
}

static void
test_role_lists(void **state)
{
	unsigned mask = 99;

	(void)state;
	assert_true(role_list_parse("admin,auditor", &mask));
	assert_int_equal(mask, (1u << ROLE_ADMIN) | (1u << ROLE_AUDITOR));
	assert_true(role_list_parse(" manager  caseworker,", &mask));
	assert_int_equal(mask, (1u << ROLE_MANAGER) | (1u << ROLE_CASEWORKER));
	assert_true(role_list_parse("none", &mask));
	assert_int_equal(mask, 0);
	assert_true(role_list_parse("", &mask));
	assert_int_equal(mask, 0);
	assert_true(role_list_parse(NULL, NULL));
	assert_false(role_list_parse("admin,root", NULL));
	assert_false(role_list_parse("Admin", NULL));
	assert_false(role_list_parse("none,admin", NULL));
	assert_false(role_list_parse("administratorsofeverything", NULL));
	assert_true(role_list_has("coordinator national", ROLE_NATIONAL));
	assert_false(role_list_has("coordinator national", ROLE_ADMIN));
	assert_false(role_list_has("bogus", ROLE_ADMIN));
	assert_false(role_list_has("admin", ROLE_NONE));
}

static void
test_break_glass_limit(void **state)
{
	(void)state;
	assert_int_equal(break_glass_retry_after(T0, 0, 0, 3), 0);
	assert_int_equal(break_glass_retry_after(T0, 2, T0 - 100, 3), 0);
	/* the third of three was the last: wait until the oldest leaves the hour */
	assert_int_equal(break_glass_retry_after(T0, 3, T0 - 100, 3), 3500);
	assert_int_equal(break_glass_retry_after(T0, 3, T0, 3), 3600);
	assert_int_equal(break_glass_retry_after(T0, 5, T0 - 3600, 3), 1); /* never 0 */
	assert_int_equal(break_glass_retry_after(T0, 1, T0, 1), 3600);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_accounts),
		cmocka_unit_test(test_changes_of_an_account),
		cmocka_unit_test(test_the_watch_lasts_its_days),
		cmocka_unit_test(test_who_must_enrol_a_second_factor),
		cmocka_unit_test(test_role_lists),
		cmocka_unit_test(test_break_glass_limit),
	};

	return cmocka_run_group_tests_name("accounts", tests, NULL, NULL);
}
