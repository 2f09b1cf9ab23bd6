/*
 * Unit tests for src/domain/opening_hours.c (the institutions' opening hours, turned into HSDS
 * schedules), src/crypt/uuid.c (the directory's derived ids) and the directory's small shape
 * rules (postal code, a phone number a CSV may keep verbatim).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypt/uuid.h"
#include "domain/directory.h"
#include "domain/opening_hours.h"

static void
test_week_and_saturday(void **state)
{
	struct opening_rule r[OPENING_RULES_MAX];
	int n = 0;

	(void)state;
	assert_true(opening_hours_parse("Mo-Fr 08:00-16:00; Sa 09:00-13:00", r, &n));
	assert_int_equal(n, 2);
	assert_string_equal(r[0].byday, "MO,TU,WE,TH,FR");
	assert_string_equal(r[0].opens_at, "08:00");
	assert_string_equal(r[0].closes_at, "16:00");
	assert_string_equal(r[1].byday, "SA");
	assert_string_equal(r[1].closes_at, "13:00");
}

static void
test_lists_case_spaces_and_all_day(void **state)
{
	struct opening_rule r[OPENING_RULES_MAX];
	int n = 0;

	(void)state;
	assert_true(opening_hours_parse("  mo,WE,Fr-Su   10:00-24:00 ;su 00:00-01:00 ", r, &n));
	assert_int_equal(n, 2);
	assert_string_equal(r[0].byday, "MO,WE,FR,SA,SU");
	assert_string_equal(r[0].closes_at, "24:00");
	assert_string_equal(r[1].byday, "SU");
	assert_true(opening_hours_parse("24/7", r, &n));
	assert_int_equal(n, 1);
	assert_string_equal(r[0].byday, "MO,TU,WE,TH,FR,SA,SU");
	assert_string_equal(r[0].opens_at, "00:00");
	assert_string_equal(r[0].closes_at, "24:00");
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"", "sometimes", "Mo-Fr 8-16", "Mo-Fr 08:00", "Fr-Mo 08:00-16:00",
		"Mo 16:00-08:00", "Mo 08:00-08:00", "Mo 24:00-24:00", "Mo 08:00-24:30",
		"Mo 08:60-09:00", "Mon 08:00-16:00", "Mo,08:00-16:00", "Mo 08:00-16:00;",
		"Mo 08:00-16:00 Tu", "24/7; Mo 08:00-09:00",
		"Mo 01:00-02:00;Tu 01:00-02:00;We 01:00-02:00;Th 01:00-02:00;Fr 01:00-02:00;"
		"Sa 01:00-02:00;Su 01:00-02:00;Mo 03:00-04:00", /* eight rules */
		NULL,
	};

	(void)state;
	for (int i = 0; bad[i] != NULL; i++)
		if (opening_hours_valid(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	assert_false(opening_hours_valid(NULL));
}

static void
test_derived_uuids(void **state)
{
	char a[UUID_TEXT], b[UUID_TEXT], c[UUID_TEXT], d[UUID_TEXT];
	const char *ns = "6f1c2a0e-1b7d-4c57-9a52-3d0b8e7f1a11";

	(void)state;
	uuid_derive(ns, "service:shelter", a);
	uuid_derive(ns, "service:shelter", b);
	uuid_derive(ns, "service:legal_aid", c);
	uuid_derive("6f1c2a0e-1b7d-4c57-9a52-3d0b8e7f1a12", "service:shelter", d);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	assert_int_equal(strlen(a), 36);
	assert_true(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
	assert_int_equal(a[14], '8');                     /* version 8 */
	assert_non_null(strchr("89ab", a[19]));           /* RFC 9562 variant */
	assert_int_equal(strspn(a, "0123456789abcdef-"), 36);
}

static void
test_postal_code_and_plain_phone(void **state)
{
	(void)state;
	assert_true(directory_valid_postal_code("7001"));
	assert_true(directory_valid_postal_code("10000 XK"));
	assert_false(directory_valid_postal_code("70<01"));
	assert_true(directory_phone_plain("+355 (82) 242-424"));
	assert_true(directory_phone_plain("0800.11.22"));
	assert_false(directory_phone_plain("-2+3"));
	assert_false(directory_phone_plain("=HYPERLINK(\"x\")"));
	assert_false(directory_phone_plain("@SUM(1)"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week_and_saturday),
		cmocka_unit_test(test_lists_case_spaces_and_all_day),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_derived_uuids),
		cmocka_unit_test(test_postal_code_and_plain_phone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
