/* Case references, the year they count in, and risk-level names (src/domain/cases.c,
 * src/domain/policy.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "domain/cases.h"
#include "domain/policy.h"

static void
test_reference_has_code_year_and_four_digits(void **state)
{
	static const struct {
		const char *code;
		int64_t year, number;
		const char *want;
	} cases[] = {
		{ "KOR", 2026, 42, "KOR-2026-0042" }, { "PRN", 2027, 1, "PRN-2027-0001" },
		{ "TIR", 2026, 9999, "TIR-2026-9999" }, { "TIR", 2026, 10000, "TIR-2026-10000" },
	};
	char out[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		case_reference_format(cases[i].code, cases[i].year, cases[i].number, out,
				      sizeof(out));
		assert_string_equal(out, cases[i].want);
	}
}

/* The year of the local day (Tirana): 00:30 on New Year's Day is the new year's, though it
 * is still the old one in UTC. */
static void
test_year_is_the_local_calendar_year(void **state)
{
	(void)state;
	assert_int_equal(case_year_of(1798757999), 2026); /* 2026-12-31T22:59:59Z, 23:59:59 local */
	assert_int_equal(case_year_of(1798758000), 2027); /* 2026-12-31T23:00:00Z, midnight local */
	assert_int_equal(case_year_of(1798761599), 2027); /* 2026-12-31T23:59:59Z */
	assert_int_equal(case_year_of(0), 1970);
}

static void
test_risk_levels_round_trip(void **state)
{
	(void)state;
	for (int i = 0; risk_level_names[i] != NULL; i++)
		assert_int_equal(risk_level_parse(risk_level_names[i]), i);
	assert_int_equal(risk_level_parse("extreme"), RISK_EXTREME);
	assert_int_equal(risk_level_parse("EXTREME"), RISK_UNASSESSED);
	assert_int_equal(risk_level_parse(NULL), RISK_UNASSESSED);
}

static void
test_vocabularies_hold_the_documented_values(void **state)
{
	(void)state;
	assert_string_equal(violence_forms[5], "neglect");
	assert_null(violence_forms[6]);
	assert_string_equal(case_statuses[0], "open");
	assert_string_equal(case_statuses[3], "archived");
	assert_null(case_statuses[4]);
	assert_string_equal(consent_methods[2], "electronic");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_has_code_year_and_four_digits),
		cmocka_unit_test(test_year_is_the_local_calendar_year),
		cmocka_unit_test(test_risk_levels_round_trip),
		cmocka_unit_test(test_vocabularies_hold_the_documented_values),
	};
	return cmocka_run_group_tests_name("cases", tests, NULL, NULL);
}
