/*
 * Unit tests for src/domain/caseload.c: the permissions a case page shows, as one table over
 * role × involvement × closed, each row with its expected set written out; the access basis;
 * the break-glass expiry; and who may assign a case to whom.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/caseload.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NOW INT64_C(1795426200)

#define OWNER 10   /* owns the case */
#define READER 20  /* holds an accepted referral */
#define SENT_TO 30 /* holds a sent referral */
#define MEMBER 40  /* a member institution with no part in the case */
#define GLASS 50   /* a member institution holding a valid grant */
#define COORD 7    /* the mechanism's coordinator (a user id) */

/* Permissions, short enough for table rows. */
#define UPD (1u << PERM_UPDATE)
#define ASG (1u << PERM_ASSIGN)
#define CLO (1u << PERM_CLOSE)
#define INC (1u << PERM_INCIDENT)
#define NOTE (1u << PERM_NOTE)
#define CON (1u << PERM_CONSENT)
#define ASS (1u << PERM_ASSESS)
#define ORD (1u << PERM_ORDER)
#define ACT (1u << PERM_ACTION)
#define REF (1u << PERM_REFER)
#define TRA (1u << PERM_TRANSFER)
#define EMR (1u << PERM_EMERGENCY_ACCESS)
#define OWNS (UPD | ASG | CLO | INC | NOTE | CON | ASS | ORD | ACT | REF | TRA)

static const struct policy_referral referrals[] = {
	{ .from_institution_id = OWNER, .to_institution_id = READER,
	  .status = REFERRAL_ACCEPTED, .shared = 1u << CAT_IDENTITY, .emergency_basis = true },
	{ .from_institution_id = OWNER, .to_institution_id = SENT_TO, .status = REFERRAL_SENT },
};
static const struct policy_grant grants[] = {
	{ .institution_id = GLASS, .expires_at = NOW + 3600 },
	{ .institution_id = GLASS, .expires_at = NOW + 7200 },
	{ .institution_id = GLASS, .expires_at = NOW - 1 },
	{ .institution_id = MEMBER, .expires_at = NOW }, /* expired exactly now */
};
static const struct policy_case the_case = {
	.owner_institution_id = OWNER, .mechanism_id = 1, .mechanism_coordinator_id = COORD,
	.risk = RISK_HIGH, .referrals = referrals, .nreferrals = 2, .grants = grants, .ngrants = 4,
};

struct row {
	int line;
	enum role role;
	int64_t user_id, institution_id;
	bool member, closed;
	permission_set expected;
	const char *basis;
};

static const struct row rows[] = {
	{ __LINE__, ROLE_CASEWORKER, 100, OWNER, true, false, OWNS, "owner" },
	{ __LINE__, ROLE_MANAGER, 100, OWNER, true, false, OWNS, "owner" },
	{ __LINE__, ROLE_CASEWORKER, 100, OWNER, true, true, CON, "owner" },
	{ __LINE__, ROLE_CASEWORKER, 100, READER, true, false, NOTE | EMR, "referral" },
	{ __LINE__, ROLE_CASEWORKER, 100, READER, true, true, EMR, "referral" },
	{ __LINE__, ROLE_CASEWORKER, 100, READER, false, false, NOTE, "referral" },
	{ __LINE__, ROLE_CASEWORKER, 100, SENT_TO, true, false, 0, NULL },
	{ __LINE__, ROLE_CASEWORKER, 100, MEMBER, true, false, 0, NULL },
	{ __LINE__, ROLE_CASEWORKER, 100, GLASS, true, false, EMR, "emergency" },
	{ __LINE__, ROLE_MANAGER, 100, GLASS, true, true, EMR, "emergency" },
	{ __LINE__, ROLE_COORDINATOR, COORD, 0, false, false, ASS, "summary" },
	{ __LINE__, ROLE_COORDINATOR, COORD, 0, false, true, 0, "summary" },
	{ __LINE__, ROLE_COORDINATOR, COORD, OWNER, true, false, ASS, "owner" },
	{ __LINE__, ROLE_COORDINATOR, COORD, READER, true, false, ASS, "referral" },
	{ __LINE__, ROLE_COORDINATOR, 8, OWNER, true, false, 0, NULL },
	{ __LINE__, ROLE_ADMIN, 100, 0, false, false, 0, NULL },
	{ __LINE__, ROLE_NATIONAL, 100, 0, false, false, 0, NULL },
	{ __LINE__, ROLE_AUDITOR, 100, 0, false, false, 0, NULL },
};

static void
test_permissions_and_basis_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		const struct row *w = &rows[i];
		struct user u = { .id = w->user_id, .role = w->role,
				  .institution_id = w->institution_id, .active = true };
		struct policy_viewer v = { .user = &u, .institution_is_member = w->member };
		struct policy_decision d = policy_case_access(&v, &the_case, NOW);
		permission_set got = caseload_permissions(&v, &the_case, &d, w->closed);
		const char *basis = caseload_access_basis(&v, &the_case, &d);

		if (got != w->expected)
			fail_msg("line %d: permissions %#x, expected %#x", w->line, got,
				 w->expected);
		if ((basis == NULL) != (w->basis == NULL) ||
		    (basis != NULL && strcmp(basis, w->basis) != 0))
			fail_msg("line %d: basis %s, expected %s", w->line, basis ? basis : "NULL",
				 w->basis ? w->basis : "NULL");
	}
}

static void
test_an_inactive_user_may_do_nothing(void **state)
{
	struct user u = { .id = 100, .role = ROLE_MANAGER, .institution_id = OWNER };
	struct policy_viewer v = { .user = &u, .institution_is_member = true };
	struct policy_decision d = { .access = ACCESS_OWNER, .readable = CATEGORIES_ALL };

	(void)state;
	assert_int_equal(caseload_permissions(&v, &the_case, &d, false), 0);
}

static void
test_permission_names_cover_every_permission(void **state)
{
	(void)state;
	for (int p = 0; p < PERM_COUNT; p++)
		assert_non_null(case_permission_names[p]);
	assert_null(case_permission_names[PERM_COUNT]);
	assert_string_equal(case_permission_names[PERM_EMERGENCY_ACCESS], "emergency_access");
}

static void
test_grant_expiry_is_the_latest_valid_grant_of_the_institution(void **state)
{
	(void)state;
	assert_int_equal(caseload_grant_expires_at(&the_case, GLASS, NOW), NOW + 7200);
	assert_int_equal(caseload_grant_expires_at(&the_case, MEMBER, NOW), 0);
	assert_int_equal(caseload_grant_expires_at(&the_case, OWNER, NOW), 0);
	assert_int_equal(caseload_grant_expires_at(&the_case, GLASS, NOW + 7200), 0);
}

struct assign_row {
	int line;
	enum role caller_role;
	int64_t caller_inst, current;
	bool to_nobody, to_self;
	enum role assignee_role;
	int64_t assignee_inst;
	bool assignee_active;
	enum ura_status expected;
};

static const struct assign_row assign_rows[] = {
	/* a manager: anyone active of the owner, or nobody */
	{ __LINE__, ROLE_MANAGER, OWNER, 0, false, false, ROLE_CASEWORKER, OWNER, true, URA_OK },
	{ __LINE__, ROLE_MANAGER, OWNER, 201, false, false, ROLE_MANAGER, OWNER, true, URA_OK },
	{ __LINE__, ROLE_MANAGER, OWNER, 201, true, false, ROLE_NONE, 0, false, URA_OK },
	{ __LINE__, ROLE_MANAGER, OWNER, 0, false, true, ROLE_MANAGER, OWNER, true, URA_OK },
	{ __LINE__, ROLE_MANAGER, OWNER, 0, false, false, ROLE_CASEWORKER, OWNER, false,
	  URA_EUNPROCESSABLE },
	{ __LINE__, ROLE_MANAGER, OWNER, 0, false, false, ROLE_CASEWORKER, READER, true,
	  URA_EUNPROCESSABLE },
	{ __LINE__, ROLE_MANAGER, OWNER, 0, false, false, ROLE_COORDINATOR, OWNER, true,
	  URA_EUNPROCESSABLE },
	{ __LINE__, ROLE_MANAGER, OWNER, 0, false, false, ROLE_ADMIN, 0, true,
	  URA_EUNPROCESSABLE },
	/* a caseworker: themselves, or letting go of their own (or nobody's) */
	{ __LINE__, ROLE_CASEWORKER, OWNER, 0, false, true, ROLE_CASEWORKER, OWNER, true, URA_OK },
	{ __LINE__, ROLE_CASEWORKER, OWNER, 100, false, true, ROLE_CASEWORKER, OWNER, true,
	  URA_OK },
	{ __LINE__, ROLE_CASEWORKER, OWNER, 201, false, true, ROLE_CASEWORKER, OWNER, true,
	  URA_EFORBIDDEN },
	{ __LINE__, ROLE_CASEWORKER, OWNER, 100, true, false, ROLE_NONE, 0, false, URA_OK },
	{ __LINE__, ROLE_CASEWORKER, OWNER, 0, true, false, ROLE_NONE, 0, false, URA_OK },
	{ __LINE__, ROLE_CASEWORKER, OWNER, 201, true, false, ROLE_NONE, 0, false,
	  URA_EFORBIDDEN },
	{ __LINE__, ROLE_CASEWORKER, OWNER, 0, false, false, ROLE_CASEWORKER, OWNER, true,
	  URA_EFORBIDDEN },
	/* someone else's staff may not assign at all */
	{ __LINE__, ROLE_MANAGER, READER, 0, false, false, ROLE_CASEWORKER, OWNER, true,
	  URA_EFORBIDDEN },
	{ __LINE__, ROLE_COORDINATOR, OWNER, 0, false, false, ROLE_CASEWORKER, OWNER, true,
	  URA_EFORBIDDEN },
};

static void
test_who_may_assign_whom(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(assign_rows); i++) {
		const struct assign_row *w = &assign_rows[i];
		struct user caller = { .id = 100, .role = w->caller_role,
				       .institution_id = w->caller_inst, .active = true };
		struct user other = { .id = 201, .role = w->assignee_role,
				      .institution_id = w->assignee_inst,
				      .active = w->assignee_active };
		const struct user *assignee = w->to_nobody ? NULL : w->to_self ? &caller : &other;
		enum ura_status st = caseload_assignment_check(&caller, OWNER, w->current, assignee);

		if (st != w->expected)
			fail_msg("line %d: %s, expected %s", w->line, ura_status_name(st),
				 ura_status_name(w->expected));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_permissions_and_basis_table),
		cmocka_unit_test(test_an_inactive_user_may_do_nothing),
		cmocka_unit_test(test_permission_names_cover_every_permission),
		cmocka_unit_test(test_grant_expiry_is_the_latest_valid_grant_of_the_institution),
		cmocka_unit_test(test_who_may_assign_whom),
	};
	return cmocka_run_group_tests_name("caseload", tests, NULL, NULL);
}
