/*
 * Unit tests for src/domain/session.c and src/domain/authz.c (with the role names of
 * src/domain/types.c they rely on): session_is_live at the idle (30 min) and absolute (12 h)
 * boundaries, session_needs_touch, throttle_retry_after (5 failures per account, 20 per
 * address, a 900 s window, the wait until the oldest failure leaves it), and every authz_*
 * decision for every role, active and disabled (a shelter's address included).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/authz.h"
#include "domain/session.h"
#include "domain/types.h"

#define T0 INT64_C(1795426200)

/* ---- sessions ---- */

static void
test_session_lifetime_constants(void **state)
{
	(void)state;
	assert_int_equal(SESSION_IDLE_SECONDS, 1800);
	assert_int_equal(SESSION_ABSOLUTE_SECONDS, 43200);
	assert_int_equal(SESSION_TOUCH_SECONDS, 60);
	assert_int_equal(THROTTLE_WINDOW_SECONDS, 900);
	assert_int_equal(THROTTLE_MAX_PER_ACCOUNT, 5);
	assert_int_equal(THROTTLE_MAX_PER_ADDRESS, 20);
}

static void
test_session_is_live_at_the_idle_boundary(void **state)
{
	static const struct {
		int64_t idle;
		bool live;
	} cases[] = {
		{ 0, true }, { 1, true }, { 60, true }, { 1799, true }, { 1800, false },
		{ 1801, false }, { 7200, false },
	};
	const int64_t expires = T0 + SESSION_ABSOLUTE_SECONDS;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t last_seen = T0 + 3600;

		if (session_is_live(last_seen + cases[i].idle, last_seen, expires) != cases[i].live)
			fail_msg("idle %lld s", (long long)cases[i].idle);
	}
}

static void
test_session_is_live_at_the_absolute_boundary(void **state)
{
	/* Used every minute, the session still ends 12 hours after it began. */
	const int64_t expires = T0 + SESSION_ABSOLUTE_SECONDS;

	(void)state;
	assert_true(session_is_live(expires - 1, expires - 60, expires));
	assert_false(session_is_live(expires, expires - 60, expires));
	assert_false(session_is_live(expires, expires, expires));
	assert_false(session_is_live(expires + 1, expires, expires));
	assert_true(session_is_live(T0, T0, expires));
}

static void
test_session_needs_touch_once_a_minute(void **state)
{
	static const struct {
		int64_t since;
		bool touch;
	} cases[] = {
		{ 0, false }, { 1, false }, { 59, false }, { 60, true }, { 61, true }, { 1799, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (session_needs_touch(T0 + cases[i].since, T0) != cases[i].touch)
			fail_msg("%lld s since last seen", (long long)cases[i].since);
}

/* ---- throttling ---- */

static void
test_throttle_thresholds(void **state)
{
	static const struct {
		int account, address;
		bool blocked;
	} cases[] = {
		{ 0, 0, false },  { 4, 0, false },  { 5, 0, true },  { 6, 0, true },
		{ 0, 19, false }, { 0, 20, true },  { 0, 21, true }, { 4, 19, false },
		{ 5, 20, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int wait = throttle_retry_after(T0, cases[i].account, T0 - 100, cases[i].address,
						T0 - 100);
		if ((wait > 0) != cases[i].blocked)
			fail_msg("%d account, %d address failures: wait %d", cases[i].account,
				 cases[i].address, wait);
	}
}

static void
test_throttle_wait_is_until_the_oldest_failure_leaves_the_window(void **state)
{
	static const struct {
		int64_t age; /* of the oldest failure */
		int wait;
	} cases[] = {
		{ 0, 900 }, { 1, 899 }, { 100, 800 }, { 899, 1 },
		{ 900, 1 }, /* at the edge: never 0 while the count says blocked */
		{ 5000, 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t oldest = T0 - cases[i].age;

		assert_int_equal(throttle_retry_after(T0, 5, oldest, 0, 0), cases[i].wait);
		assert_int_equal(throttle_retry_after(T0, 0, 0, 20, oldest), cases[i].wait);
	}
}

static void
test_throttle_takes_the_longer_of_both_waits(void **state)
{
	(void)state;
	/* account oldest 100 s ago (800 s left), address oldest 700 s ago (200 s left) */
	assert_int_equal(throttle_retry_after(T0, 5, T0 - 100, 20, T0 - 700), 800);
	assert_int_equal(throttle_retry_after(T0, 5, T0 - 700, 20, T0 - 100), 800);
	/* an address below its limit does not add its wait */
	assert_int_equal(throttle_retry_after(T0, 5, T0 - 700, 19, T0 - 1), 200);
	/* nor does an account below its limit */
	assert_int_equal(throttle_retry_after(T0, 4, T0 - 1, 25, T0 - 600), 300);
}

/* ---- roles ---- */

static void
test_role_names_round_trip(void **state)
{
	static const struct {
		enum role r;
		const char *name;
	} cases[] = {
		{ ROLE_ADMIN, "admin" },         { ROLE_COORDINATOR, "coordinator" },
		{ ROLE_MANAGER, "manager" },     { ROLE_CASEWORKER, "caseworker" },
		{ ROLE_NATIONAL, "national" },   { ROLE_AUDITOR, "auditor" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(role_name(cases[i].r), cases[i].name);
		assert_int_equal(role_parse(cases[i].name), cases[i].r);
	}
	assert_null(role_name(ROLE_NONE));
	assert_null(role_name((enum role)42));
	assert_int_equal(role_parse("Admin"), ROLE_NONE);
	assert_int_equal(role_parse("root"), ROLE_NONE);
	assert_int_equal(role_parse(""), ROLE_NONE);
	assert_int_equal(role_parse(NULL), ROLE_NONE);
}

static void
test_roles_needing_an_institution(void **state)
{
	(void)state;
	assert_true(role_needs_institution(ROLE_CASEWORKER));
	assert_true(role_needs_institution(ROLE_MANAGER));
	assert_false(role_needs_institution(ROLE_ADMIN));
	assert_false(role_needs_institution(ROLE_COORDINATOR));
	assert_false(role_needs_institution(ROLE_NATIONAL));
	assert_false(role_needs_institution(ROLE_AUDITOR));
	assert_false(role_needs_institution(ROLE_NONE));
}

/* ---- permissions ---- */

static const struct {
	enum role role;
	bool dir_read, dir_write, users_read, audit_read;
} permissions[] = {
	{ ROLE_NONE, false, false, false, false },
	{ ROLE_ADMIN, true, true, true, false },
	{ ROLE_COORDINATOR, true, false, false, false },
	{ ROLE_MANAGER, true, false, false, false },
	{ ROLE_CASEWORKER, true, false, false, false },
	{ ROLE_NATIONAL, true, false, false, false },
	{ ROLE_AUDITOR, true, false, false, true },
};

static struct user
user_with(enum role role, bool active)
{
	struct user u = { .id = 7, .username = "someone", .role = role, .institution_id = 3,
			  .active = active };
	return u;
}

static void
test_authz_for_every_active_role(void **state)
{
	static const enum directory_resource resources[] = { DIR_MUNICIPALITY, DIR_INSTITUTION,
							     DIR_MECHANISM, DIR_USER };

	(void)state;
	for (size_t i = 0; i < sizeof(permissions) / sizeof(permissions[0]); i++) {
		struct user u = user_with(permissions[i].role, true);
		const char *name = role_name(u.role) ? role_name(u.role) : "none";

		if (authz_directory_read(&u) != permissions[i].dir_read)
			fail_msg("%s: directory read", name);
		for (size_t r = 0; r < sizeof(resources) / sizeof(resources[0]); r++)
			if (authz_directory_write(&u, resources[r]) != permissions[i].dir_write)
				fail_msg("%s: directory write %zu", name, r);
		if (authz_users_read(&u) != permissions[i].users_read)
			fail_msg("%s: users read", name);
		if (authz_audit_read(&u) != permissions[i].audit_read)
			fail_msg("%s: audit read", name);
		if (authz_national_read(&u) != (permissions[i].role == ROLE_NATIONAL ||
						permissions[i].role == ROLE_ADMIN))
			fail_msg("%s: national view", name);
	}
}

static void
test_disabled_accounts_may_do_nothing(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(permissions) / sizeof(permissions[0]); i++) {
		struct user u = user_with(permissions[i].role, false);

		assert_false(authz_directory_read(&u));
		assert_false(authz_directory_write(&u, DIR_MUNICIPALITY));
		assert_false(authz_directory_write(&u, DIR_USER));
		assert_false(authz_users_read(&u));
		assert_false(authz_audit_read(&u));
		assert_false(authz_national_read(&u));
		assert_false(authz_members_write(&u, u.id));
		assert_false(authz_members_write(&u, 0));
	}
}

static void
test_members_write_admin_or_that_mechanisms_coordinator(void **state)
{
	static const struct {
		enum role role;
		int64_t user_id, coordinator_id;
		bool allowed;
	} cases[] = {
		{ ROLE_ADMIN, 1, 0, true },
		{ ROLE_ADMIN, 1, 9, true },
		{ ROLE_COORDINATOR, 9, 9, true },   /* its own coordinator */
		{ ROLE_COORDINATOR, 9, 8, false },  /* another mechanism's coordinator */
		{ ROLE_COORDINATOR, 9, 0, false },  /* a mechanism without a coordinator */
		{ ROLE_COORDINATOR, 0, 0, false },  /* id 0 never matches "no coordinator" */
		{ ROLE_MANAGER, 9, 9, false },      /* named coordinator, but no longer the role */
		{ ROLE_CASEWORKER, 9, 9, false },
		{ ROLE_NATIONAL, 9, 9, false },
		{ ROLE_AUDITOR, 9, 9, false },
		{ ROLE_NONE, 9, 9, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct user u = user_with(cases[i].role, true);

		u.id = cases[i].user_id;
		if (authz_members_write(&u, cases[i].coordinator_id) != cases[i].allowed)
			fail_msg("case %zu", i);
	}
}

static void
test_shelter_address_only_for_admin_and_its_own_staff(void **state)
{
	static const struct {
		enum role role;
		int64_t user_institution;
		bool active;
		const char *type;
		int64_t institution;
		bool allowed;
	} cases[] = {
		/* a shelter (institution 12) */
		{ ROLE_ADMIN, 0, true, "shelter", 12, true },
		{ ROLE_CASEWORKER, 12, true, "shelter", 12, true },  /* its own staff */
		{ ROLE_MANAGER, 12, true, "shelter", 12, true },
		{ ROLE_CASEWORKER, 13, true, "shelter", 12, false }, /* another institution's */
		{ ROLE_MANAGER, 13, true, "shelter", 12, false },
		{ ROLE_COORDINATOR, 0, true, "shelter", 12, false },
		{ ROLE_NATIONAL, 0, true, "shelter", 12, false },
		{ ROLE_AUDITOR, 0, true, "shelter", 12, false },
		{ ROLE_NONE, 0, true, "shelter", 12, false },
		{ ROLE_CASEWORKER, 0, true, "shelter", 0, false },   /* 0 is "none", never a match */
		{ ROLE_ADMIN, 0, false, "shelter", 12, false },      /* disabled */
		{ ROLE_CASEWORKER, 12, false, "shelter", 12, false },
		/* any other institution's address is not confidential */
		{ ROLE_CASEWORKER, 13, true, "police", 12, true },
		{ ROLE_AUDITOR, 0, true, "health", 12, true },
		{ ROLE_COORDINATOR, 0, true, "legal_aid", 12, true },
		{ ROLE_NATIONAL, 0, true, "Shelter", 12, true },      /* types are exact */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct user u = user_with(cases[i].role, cases[i].active);

		u.institution_id = cases[i].user_institution;
		if (authz_shelter_address_read(&u, cases[i].type, cases[i].institution) !=
		    cases[i].allowed)
			fail_msg("case %zu", i);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_session_lifetime_constants),
		cmocka_unit_test(test_session_is_live_at_the_idle_boundary),
		cmocka_unit_test(test_session_is_live_at_the_absolute_boundary),
		cmocka_unit_test(test_session_needs_touch_once_a_minute),
		cmocka_unit_test(test_throttle_thresholds),
		cmocka_unit_test(test_throttle_wait_is_until_the_oldest_failure_leaves_the_window),
		cmocka_unit_test(test_throttle_takes_the_longer_of_both_waits),
		cmocka_unit_test(test_role_names_round_trip),
		cmocka_unit_test(test_roles_needing_an_institution),
		cmocka_unit_test(test_authz_for_every_active_role),
		cmocka_unit_test(test_disabled_accounts_may_do_nothing),
		cmocka_unit_test(test_members_write_admin_or_that_mechanisms_coordinator),
		cmocka_unit_test(test_shelter_address_only_for_admin_and_its_own_staff),
	};

	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
