/*
 * Unit tests for src/domain/intake.c: who sees a report (statistics never, a held report only
 * its CSO, a queued one its coordinator, the hate-crime contact point for hate incidents, the
 * police it was referred to), which details each reads (the victim's consent limits the
 * police; an address in the contact never reaches a reader without consent), the triage's
 * moves and 409s, passing on, filing rules, and working days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "field_errors.h"

#include "domain/clocks.h"
#include "domain/intake.h"
#include "domain/types.h"

#define CSO 10
#define POLICE 20
#define POLICE2 21
#define BIT(c) (1u << (c))

static const struct user coordinator = { .id = 1, .role = ROLE_COORDINATOR, .active = true };
static const struct user other_coordinator = { .id = 2, .role = ROLE_COORDINATOR,
					       .active = true };
static const struct user cso_staff = { .id = 3, .role = ROLE_CASEWORKER, .institution_id = CSO,
				       .active = true };
static const struct user police = { .id = 4, .role = ROLE_CASEWORKER, .institution_id = POLICE,
				    .active = true };
static const struct user police2 = { .id = 5, .role = ROLE_MANAGER, .institution_id = POLICE2,
				     .active = true };

static struct intake_viewer
as(const struct user *u)
{
	return (struct intake_viewer){ .user = u, .coordinator = u == &coordinator,
				       .contact_point = u->institution_id == POLICE };
}

static struct intake_facts
cso_report(enum intake_disclosure d)
{
	return (struct intake_facts){ .cso = true, .disclosure = d, .queued = d == DISCLOSE_NOW,
				      .hate = true, .consented = BIT(CAT_INCIDENT),
				      .filed_by_institution_id = CSO };
}

static void
test_statistics_seen_by_nobody(void **state)
{
	struct intake_facts f = cso_report(DISCLOSE_STATISTICS);
	const struct user *all[] = { &coordinator, &other_coordinator, &cso_staff, &police,
				     &police2 };

	(void)state;
	f.queued = true; /* even if it were ever queued */
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		struct intake_viewer v = as(all[i]);
		assert_int_equal(intake_access(&v, &f), INTAKE_NONE);
		assert_int_equal(intake_readable(&v, &f), 0);
		assert_false(intake_open_for(&v, &f));
	}
}

static void
test_held_report_only_its_cso(void **state)
{
	struct intake_facts f = cso_report(DISCLOSE_LATER);
	struct intake_viewer c = as(&coordinator), p = as(&police), mine = as(&cso_staff);

	(void)state;
	assert_int_equal(intake_access(&c, &f), INTAKE_NONE);
	assert_int_equal(intake_access(&p, &f), INTAKE_NONE);
	assert_int_equal(intake_access(&mine, &f), INTAKE_FILER);
	assert_true(intake_open_for(&mine, &f));
	assert_int_equal(intake_readable(&mine, &f), CATEGORIES_ALL);
	assert_int_equal(intake_pass_allowed(&mine, &f), URA_OK);
	assert_int_equal(intake_pass_allowed(&p, &f), URA_ENOTFOUND);
	assert_int_equal(intake_triage_allowed(&mine, &f, "closed"), URA_EFORBIDDEN);
	f.queued = true; /* passed on */
	assert_int_equal(intake_pass_allowed(&mine, &f), URA_ECONFLICT);
	assert_int_equal(intake_access(&p, &f), INTAKE_TRIAGE);
	assert_false(intake_open_for(&mine, &f));
}

static void
test_queue_by_role(void **state)
{
	struct intake_facts hate = cso_report(DISCLOSE_NOW), gbv = hate;
	struct intake_viewer c = as(&coordinator), oc = as(&other_coordinator), p = as(&police),
			     p2 = as(&police2);

	(void)state;
	gbv.hate = false;
	assert_int_equal(intake_access(&c, &hate), INTAKE_TRIAGE);
	assert_int_equal(intake_access(&c, &gbv), INTAKE_TRIAGE);
	assert_int_equal(intake_access(&oc, &hate), INTAKE_NONE);
	assert_int_equal(intake_access(&p, &hate), INTAKE_TRIAGE);
	assert_int_equal(intake_access(&p, &gbv), INTAKE_NONE);
	assert_int_equal(intake_access(&p2, &gbv), INTAKE_NONE);
	gbv.police_institution_id = POLICE2; /* referred */
	assert_int_equal(intake_access(&p2, &gbv), INTAKE_TRIAGE);
	assert_true(intake_open_for(&p2, &gbv));
	assert_false(intake_open_for(&c, &gbv)); /* it waits for the police now */
}

static void
test_consent_limits_details(void **state)
{
	struct intake_facts f = cso_report(DISCLOSE_NOW);
	struct intake_viewer p = as(&police), c = as(&coordinator), mine = as(&cso_staff);
	category_set r;

	(void)state;
	r = intake_readable(&p, &f);
	assert_true(r & BIT(intake_detail_category("description")));
	assert_true(r & BIT(intake_detail_category("place")));
	assert_false(r & BIT(intake_detail_category("contact")));
	assert_false(r & BIT(intake_detail_category("name")));
	assert_int_equal(intake_readable(&c, &f), r);
	assert_int_equal(intake_readable(&mine, &f), CATEGORIES_ALL);
	f.consented = BIT(CAT_IDENTITY);
	r = intake_readable(&p, &f);
	assert_false(r & BIT(intake_detail_category("place")));
	assert_false(r & BIT(intake_detail_category("contact")));
	f.anonymised = true;
	assert_int_equal(intake_readable(&p, &f), BIT(CAT_INCIDENT));
	/* a public report's reporter addressed the mechanism: its triage reads all */
	f = (struct intake_facts){ .queued = true, .hate = true };
	assert_int_equal(intake_readable(&p, &f), CATEGORIES_ALL);
	assert_int_equal(intake_detail_category("address"), -1);
}

static void
test_triage_moves(void **state)
{
	struct intake_facts f = cso_report(DISCLOSE_NOW);
	struct intake_viewer p = as(&police), p2 = as(&police2);

	(void)state;
	assert_int_equal(intake_triage_allowed(&p, &f, "case"), URA_OK);
	assert_int_equal(intake_triage_allowed(&p, &f, "sideways"), URA_EINVAL);
	assert_int_equal(intake_triage_allowed(&p2, &f, "case"), URA_ENOTFOUND);
	f.police_institution_id = POLICE2;
	assert_int_equal(intake_triage_allowed(&p2, &f, "case"), URA_OK);
	assert_int_equal(intake_triage_allowed(&p2, &f, "referral"), URA_ECONFLICT);
	f.case_id = 7;
	assert_int_equal(intake_triage_allowed(&p2, &f, "closed"), URA_ECONFLICT);
	f.case_id = 0;
	f.closed = true;
	assert_int_equal(intake_triage_allowed(&p, &f, "case"), URA_ECONFLICT);
	assert_string_equal(intake_status_after("case"), "in_progress");
	assert_string_equal(intake_status_after("referral"), "referred");
	assert_string_equal(intake_status_after("closed"), "closed");
	assert_null(intake_status_after("x"));
}

static void
test_filing_rules(void **state)
{
	struct field_errors e = { 0 };
	struct user social = cso_staff;

	(void)state;
	assert_true(intake_may_file(&cso_staff, "cso"));
	assert_false(intake_may_file(&cso_staff, "police"));
	assert_false(intake_may_file(&coordinator, "cso"));
	social.active = false;
	assert_false(intake_may_file(&social, "cso"));
	assert_true(intake_filing_check(&(struct intake_filing){ .has_consent = true,
								  .has_name = true }, &e));
	assert_true(intake_filing_check(&(struct intake_filing){ .anonymised = true }, &e));
	assert_false(intake_filing_check(&(struct intake_filing){ 0 }, &e));
	assert_true(has_error(&e, "consent", MSG_CONSENT_OR_ANONYMISED));
	memset(&e, 0, sizeof(e));
	assert_false(intake_filing_check(&(struct intake_filing){ .anonymised = true,
		.has_name = true, .has_contact = true }, &e));
	assert_true(has_error(&e, "name", MSG_ANONYMISED_NO_PERSON));
	assert_true(has_error(&e, "contact", MSG_ANONYMISED_NO_PERSON));
	assert_int_equal(intake_disclosure_parse("later"), DISCLOSE_LATER);
	assert_int_equal(intake_disclosure_parse("soon"), -1);
}

static int64_t
at(const char *day, int hour)
{
	int64_t t = 0;

	assert_true(clocks_date_parse(day, &t));
	return t + hour * 3600;
}

static void
test_working_days(void **state)
{
	int64_t monday = at("2026-11-23", 9), friday = at("2026-11-27", 9);
	int64_t saturday = at("2026-11-28", 15);
	struct intake_facts f = { .queued = true };

	(void)state;
	assert_false(intake_weekend(monday));
	assert_true(intake_weekend(saturday));
	assert_true(intake_weekend(at("2026-11-29", 0)));
	assert_int_equal(intake_triage_due(monday, 2), at("2026-11-25", 9));
	assert_int_equal(intake_triage_due(friday, 2), at("2026-12-01", 9)); /* over the weekend */
	assert_int_equal(intake_triage_due(saturday, 1), at("2026-12-01", 0));
	assert_int_equal(intake_working_days(monday, monday), 0);
	assert_int_equal(intake_working_days(monday, at("2026-11-25", 8)), 1);
	assert_int_equal(intake_working_days(monday, at("2026-11-25", 9)), 2);
	assert_int_equal(intake_working_days(friday, at("2026-11-30", 9)), 1);
	assert_int_equal(intake_working_days(monday, monday - 1), 0);
	assert_false(intake_overdue(&f, intake_triage_due(monday, 2), at("2026-11-25", 9)));
	assert_true(intake_overdue(&f, intake_triage_due(monday, 2), at("2026-11-25", 9) + 1));
	f.closed = true;
	assert_false(intake_overdue(&f, intake_triage_due(monday, 2), at("2026-12-25", 9)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statistics_seen_by_nobody),
		cmocka_unit_test(test_held_report_only_its_cso),
		cmocka_unit_test(test_queue_by_role),
		cmocka_unit_test(test_consent_limits_details),
		cmocka_unit_test(test_triage_moves),
		cmocka_unit_test(test_filing_rules),
		cmocka_unit_test(test_working_days),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
