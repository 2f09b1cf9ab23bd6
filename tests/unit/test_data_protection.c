/*
 * Unit tests for src/domain/data_protection.c: who answers a subject-access request and with
 * what (role × the case's lead institution), which categories the copy shows, how audit
 * actions read for the person, who reads the record of processing, and that the record's
 * channels, measures and retention rules follow the settings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/config.h"
#include "domain/data_protection.h"

#define LEAD 10  /* the institution that owns the case */
#define OTHER 20 /* an institution the case was referred to */

static struct user
user_of(enum role role, int64_t institution, bool active)
{
	return (struct user){ .id = 1, .role = role, .institution_id = institution,
			      .active = active };
}

static void
test_case_scope_table(void **state)
{
	static const struct {
		enum role role;
		int64_t institution;
		bool active;
		enum sar_scope expected;
	} rows[] = {
		{ ROLE_MANAGER, LEAD, true, SAR_SCOPE_FULL },
		{ ROLE_MANAGER, LEAD, false, SAR_SCOPE_NONE },   /* disabled */
		{ ROLE_MANAGER, OTHER, true, SAR_SCOPE_NONE },   /* a recipient's manager */
		{ ROLE_MANAGER, 0, true, SAR_SCOPE_NONE },
		{ ROLE_CASEWORKER, LEAD, true, SAR_SCOPE_NONE }, /* staff, not the manager */
		{ ROLE_AUDITOR, 0, true, SAR_SCOPE_REGISTER },   /* the DPO: any case, no content */
		{ ROLE_AUDITOR, 0, false, SAR_SCOPE_NONE },
		{ ROLE_COORDINATOR, LEAD, true, SAR_SCOPE_NONE },
		{ ROLE_NATIONAL, 0, true, SAR_SCOPE_NONE },
		{ ROLE_ADMIN, 0, true, SAR_SCOPE_NONE },
		{ ROLE_NONE, 0, true, SAR_SCOPE_NONE },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct user u = user_of(rows[i].role, rows[i].institution, rows[i].active);

		assert_int_equal(sar_case_scope(&u, LEAD), rows[i].expected);
		assert_int_equal(sar_may_export(&u),
				 rows[i].active &&
					 (rows[i].role == ROLE_AUDITOR ||
					  (rows[i].role == ROLE_MANAGER && rows[i].institution)));
	}
}

static void
test_categories(void **state)
{
	category_set others = (1u << CAT_CHILDREN) | (1u << CAT_PERPETRATOR);

	(void)state;
	assert_int_equal(sar_categories(SAR_SCOPE_FULL, CATEGORIES_ALL), CATEGORIES_ALL & ~others);
	assert_int_equal(sar_categories(SAR_SCOPE_FULL, 1u << CAT_IDENTITY), 1u << CAT_IDENTITY);
	assert_int_equal(sar_categories(SAR_SCOPE_REGISTER, CATEGORIES_ALL), 0);
	assert_int_equal(sar_categories(SAR_SCOPE_NONE, CATEGORIES_ALL), 0);
	assert_true(sar_shows_content(SAR_SCOPE_FULL));
	assert_false(sar_shows_content(SAR_SCOPE_REGISTER));
}

static void
test_access_of(void **state)
{
	(void)state;
	assert_int_equal(sar_access_of("case.read"), SAR_ACCESS_READ);
	assert_int_equal(sar_access_of("note.list"), SAR_ACCESS_READ);
	assert_int_equal(sar_access_of("case.search"), SAR_ACCESS_READ);
	assert_int_equal(sar_access_of("audit.justification_read"), SAR_ACCESS_READ);
	assert_int_equal(sar_access_of("case.read_emergency"), SAR_ACCESS_EMERGENCY);
	assert_int_equal(sar_access_of("case.emergency_access"), SAR_ACCESS_EMERGENCY);
	assert_int_equal(sar_access_of("subject_access.export"), SAR_ACCESS_EXPORT);
	assert_int_equal(sar_access_of("case.update"), SAR_ACCESS_WRITE);
	assert_int_equal(sar_access_of("referral.create"), SAR_ACCESS_WRITE);
	assert_int_equal(sar_access_of(NULL), SAR_ACCESS_READ);
	assert_string_equal(sar_access_names[SAR_ACCESS_EMERGENCY], "emergency");
}

static void
test_record_readers(void **state)
{
	static const enum role roles[] = { ROLE_ADMIN, ROLE_COORDINATOR, ROLE_MANAGER,
					   ROLE_CASEWORKER, ROLE_NATIONAL, ROLE_AUDITOR };

	(void)state;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		struct user u = user_of(roles[i], 0, true);
		struct user off = user_of(roles[i], 0, false);

		assert_int_equal(processing_record_read(&u),
				 roles[i] == ROLE_ADMIN || roles[i] == ROLE_AUDITOR);
		assert_false(processing_record_read(&off));
	}
}

static void
test_channels_have_a_basis(void **state)
{
	int n = 0, counted = 0;

	(void)state;
	for (const struct processing_channel *c = processing_channels; c->code != NULL; c++) {
		assert_non_null(c->basis);
		assert_non_null(c->articles);
		counted += c->referral_basis != NULL;
		n++;
	}
	assert_int_equal(n, 7);
	assert_int_equal(counted, 2); /* the two bases a referral records */
}

static void
test_measures_and_retention_follow_settings(void **state)
{
	struct config c;
	struct processing_measure m[16];
	struct retention_rule rr[16];
	int n, k;
	bool seen = false;

	(void)state;
	config_defaults(&c);
	c.token_max_days = 30;
	c.password_hash_memory_kib = 4096;
	c.https = true;
	n = processing_measures(&c, m, 16);
	assert_true(n >= 8);
	for (int i = 0; i < n; i++) {
		if (strcmp(m[i].code, "password_hashing") == 0)
			assert_string_equal(m[i].value, "argon2id 4096 KiB, 2");
		if (strcmp(m[i].code, "transport") == 0)
			assert_string_equal(m[i].value, "HTTPS");
	}
	assert_int_equal(processing_measures(&c, m, 2), 2); /* bounded by the caller */
	k = processing_retention(&c, rr, 16);
	for (int i = 0; i < k; i++) {
		if (strcmp(rr[i].code, "api_token") == 0) {
			assert_int_equal(rr[i].value, 30);
			assert_string_equal(rr[i].setting, "token_max_days");
			seen = true;
		}
		if (strcmp(rr[i].code, "audit_log") == 0)
			assert_int_equal(rr[i].value, 0); /* kept without end */
	}
	assert_true(seen);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_scope_table),
		cmocka_unit_test(test_categories),
		cmocka_unit_test(test_access_of),
		cmocka_unit_test(test_record_readers),
		cmocka_unit_test(test_channels_have_a_basis),
		cmocka_unit_test(test_measures_and_retention_follow_settings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
