/*
 * Unit tests for src/core/labels.c and data/labels.json: every code the server accepts or
 * shows for one of the API's enums (the lists in src/domain/, the notification kinds, the
 * report's rows and headers) has a label in Albanian, English and Serbian (Latin); Turkish
 * and Bosnian labels, where given, are not empty, and the codes without one are counted and
 * read in English; the file holds no group or code the server does not know; and look-ups
 * answer labels, falling back to the code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "api/notifications.h"
#include "api/hate_crimes.h"
#include "api/reports.h"
#include "core/embedded.h"
#include "core/labels.h"
#include "domain/caseload.h"
#include "domain/intake.h"
#include "domain/public_report.h"
#include "domain/cases.h"
#include "domain/clocks.h"
#include "domain/directory.h"
#include "domain/governance.h"
#include "domain/plans.h"
#include "domain/data_protection.h"
#include "domain/policy.h"
#include "domain/referral.h"
#include "domain/reintegration.h"
#include "domain/retention.h"
#include "domain/transfer.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Every enum of the API, by the group name data/labels.json gives it. */
static const struct {
	const char *group;
	const char *const *codes;
} vocabularies[] = {
	{ "case_kind", mechanism_kinds },          { "case_status", case_statuses },
	{ "outcome", case_outcomes },              { "risk_level", risk_level_names },
	{ "sex", case_sexes },                     { "relationship", case_relationships },
	{ "form", violence_forms },                { "place", incident_places },
	{ "bias", bias_motivations },              { "consent_method", consent_methods },
	{ "institution_type", institution_types }, { "service", service_kinds },
	{ "urgency", urgency_names },              { "referral_status", referral_status_names },
	{ "referral_basis", referral_bases },      { "transfer_status", transfer_statuses },
	{ "action_kind", action_kinds },           { "action_status", action_statuses },
	{ "order_type", order_kinds },             { "order_status", order_statuses_shown },
	{ "order_decision", order_decisions },     { "meeting_kind", meeting_kinds },
	{ "meeting_status", meeting_statuses },    { "pillar", plan_pillars },
	{ "activity_status", activity_statuses },  { "role", role_names_list },
	{ "language", institution_languages },     { "country", country_codes },
	{ "time_zone", time_zones },               { "note_visibility", note_visibilities },
	{ "access", case_access_bases },           { "permission", case_permission_names },
	{ "meeting_request_status", meeting_request_statuses },
	{ "intake_status", public_report_statuses }, { "intake_source", intake_sources },
	{ "police_disclosure", intake_police_disclosures }, { "reporter", public_reporters },
	{ "release_variant", release_variants },   { "needs_answer", needs_answers },
	{ "task_state", task_states },              { "retention_rule", retention_rules },
};

/* The (group, code) pairs the server knows, gathered from every source. */
#define KNOWN_MAX 1024
static struct {
	const char *group, *code;
} known[KNOWN_MAX];
static int nknown;

static void
know(const char *group, const char *code, void *ctx)
{
	(void)ctx;
	for (int i = 0; i < nknown; i++)
		if (strcmp(known[i].group, group) == 0 && strcmp(known[i].code, code) == 0)
			return;
	assert_true(nknown < KNOWN_MAX);
	known[nknown].group = group;
	known[nknown++].code = code;
}

/* The timeline's task codes are data (data/reintegration.json), labelled like a vocabulary. */
static void
know_reintegration_tasks(void)
{
	static struct reintegration_plan plan;
	static json_t *doc; /* kept: the codes point into it */
	const char *error;

	if (doc == NULL)
		doc = json_loads(reintegration_json, 0, NULL);
	assert_non_null(doc);
	assert_int_equal(reintegration_plan_read(doc, &plan, &error), URA_OK);
	for (int i = 0; i < plan.ntasks; i++)
		know("reintegration_task", plan.tasks[i].code, NULL);
}

static int
gather_known(void **state)
{
	(void)state;
	nknown = 0;
	for (size_t i = 0; i < NELEM(vocabularies); i++)
		for (const char *const *c = vocabularies[i].codes; *c != NULL; c++)
			know(vocabularies[i].group, *c, NULL);
	for (int c = 0; c < CAT_COUNT; c++)
		know("category", category_name((enum category)c), NULL);
	for (int r = ROLE_ADMIN; role_name((enum role)r) != NULL; r++)
		know("role", role_name((enum role)r), NULL);
	for (size_t i = 0; notification_kind_name(i) != NULL; i++)
		know("notification_kind", notification_kind_name(i), NULL);
	report_vocabulary_each(know, NULL);
	hate_report_vocabulary_each(know, NULL);
	data_protection_vocabulary_each(know, NULL);
	know_reintegration_tasks();
	return 0;
}

static void
test_every_code_has_a_label_in_every_language(void **state)
{
	int missing = 0;

	(void)state;
	for (int i = 0; i < nknown; i++) {
		for (int lang = 0; lang < LANG_COMPLETE; lang++) {
			if (label_has(known[i].group, known[i].code, (enum lang)lang))
				continue;
			printf("no %s label for %s.%s in data/labels.json\n",
			       lang_tag((enum lang)lang), known[i].group, known[i].code);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
	assert_true(nknown > 200); /* the sources were read */
}

/* tr and bs (issue 16): a code without a label reads in English; the count is printed. */
static void
test_turkish_and_bosnian_labels_fall_back_to_english(void **state)
{
	(void)state;
	for (int lang = LANG_COMPLETE; lang < LANG_COUNT; lang++) {
		int missing = 0;

		for (int i = 0; i < nknown; i++) {
			const char *g = known[i].group, *c = known[i].code;

			if (label_has(g, c, (enum lang)lang))
				continue;
			missing++;
			assert_string_equal(label_text(g, c, (enum lang)lang),
					    label_text(g, c, LANG_EN));
		}
		printf("labels: %s lacks %d of %d codes (they read in English)\n",
		       lang_tag((enum lang)lang), missing, nknown);
		assert_true(missing < nknown);
	}
	assert_string_equal(label_text("case_status", "closed", LANG_TR), "Kapalı");
	assert_string_equal(label_text("case_status", "closed", LANG_BS), "Zatvoren");
	assert_string_equal(label_text("risk_level", "high", LANG_TR), "Yüksek");
	assert_string_equal(label_text("service", "no_such_code", LANG_TR), "no_such_code");
}

static void
check_known(const char *group, const char *code, void *ctx)
{
	int *unknown = ctx;

	for (int i = 0; i < nknown; i++)
		if (strcmp(known[i].group, group) == 0 && strcmp(known[i].code, code) == 0)
			return;
	printf("data/labels.json labels %s.%s, which the server does not know\n", group, code);
	(*unknown)++;
}

static void
test_the_file_has_no_code_the_server_does_not_know(void **state)
{
	int unknown = 0;

	(void)state;
	assert_true(labels_each(check_known, &unknown));
	assert_int_equal(unknown, 0);
}

static void
test_look_ups(void **state)
{
	(void)state;
	assert_string_equal(label_text("service", "economic_aid", LANG_SQ), "Ndihmë ekonomike");
	assert_string_equal(label_text("service", "economic_aid", LANG_EN), "Economic aid");
	assert_string_equal(label_text("service", "economic_aid", LANG_SR_LATN),
			    "Ekonomska pomoć");
	assert_string_equal(label_text("meeting_kind", "ad_hoc", LANG_SQ),
			    "Takim i jashtëzakonshëm");
	/* What the file lacks falls back to the code. */
	assert_string_equal(label_text("service", "no_such_code", LANG_SQ), "no_such_code");
	assert_string_equal(label_text("no_such_group", "economic_aid", LANG_EN), "economic_aid");
	assert_null(label_text("service", NULL, LANG_EN));
	assert_false(label_has("service", "no_such_code", LANG_EN));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_has_a_label_in_every_language),
		cmocka_unit_test(test_turkish_and_bosnian_labels_fall_back_to_english),
		cmocka_unit_test(test_the_file_has_no_code_the_server_does_not_know),
		cmocka_unit_test(test_look_ups),
	};
	return cmocka_run_group_tests_name("labels", tests, gather_known, NULL);
}
