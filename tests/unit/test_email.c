/*
 * Unit tests for src/domain/email.c: what an e-mail says (the kind, the reference and the link,
 * in the user's language; nothing else can enter it), and when a refused one is tried again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/email.h"

static void
test_compose_names_kind_reference_and_link(void **state)
{
	char subject[EMAIL_SUBJECT_MAX], body[EMAIL_BODY_MAX];

	(void)state;
	email_compose(LANG_EN, "New referral", "KOR-2026-0042", "https://ura.example/#/notifications",
		      subject, body);
	assert_string_equal(subject, "Ura: New referral — KOR-2026-0042");
	assert_non_null(strstr(body, "There is something new for you in Ura."));
	assert_non_null(strstr(body, "New referral: KOR-2026-0042"));
	assert_non_null(strstr(body, "\nhttps://ura.example/#/notifications\n"));
	email_compose(LANG_SQ, "Referim i ri", NULL, "https://u/#/notifications", subject, body);
	assert_string_equal(subject, "Ura: Referim i ri");
	assert_non_null(strstr(body, "Keni diçka të re në Ura."));
	email_compose(LANG_SR_LATN, "Novo upućivanje", "PRI-2026-0001", "l", subject, body);
	assert_non_null(strstr(body, "Imate nešto novo u Uri."));
	/* Turkish and Bosnian (issue 16) */
	email_compose(LANG_TR, "Yeni yönlendirme", "PRI-2026-0002", "l", subject, body);
	assert_string_equal(subject, "Ura: Yeni yönlendirme — PRI-2026-0002");
	assert_non_null(strstr(body, "Ura'da sizin için yeni bir şey var."));
	assert_non_null(strstr(body, "\"Hesabım\""));
	email_compose(LANG_BS, "Novo upućivanje", "PRI-2026-0003", "l", subject, body);
	assert_non_null(strstr(body, "Otvorite ovdje (nakon prijave):"));
	assert_non_null(strstr(body, "\"Moj račun\""));
}

static void
test_compose_stays_within_its_buffers(void **state)
{
	char subject[EMAIL_SUBJECT_MAX], body[EMAIL_BODY_MAX], long_label[400];

	(void)state;
	memset(long_label, 'x', sizeof(long_label) - 1);
	long_label[sizeof(long_label) - 1] = '\0';
	email_compose(LANG_EN, long_label, "KOR-2026-0042", "l", subject, body);
	assert_true(strlen(subject) < EMAIL_SUBJECT_MAX);
	assert_true(strlen(body) < EMAIL_BODY_MAX);
	email_compose((enum lang)99, "k", NULL, "l", subject, body); /* unknown: English */
	assert_non_null(strstr(body, "There is something new"));
}

static void
test_retry_backs_off_to_four_hours(void **state)
{
	(void)state;
	assert_int_equal(email_retry_at(1, 1000), 1000 + 60);
	assert_int_equal(email_retry_at(2, 1000), 1000 + 120);
	assert_int_equal(email_retry_at(3, 1000), 1000 + 240);
	assert_int_equal(email_retry_at(8, 1000), 1000 + 60 * 128);
	assert_int_equal(email_retry_at(9, 1000), 1000 + 4 * 60 * 60);
	assert_int_equal(email_retry_at(40, 1000), 1000 + 4 * 60 * 60);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compose_names_kind_reference_and_link),
		cmocka_unit_test(test_compose_stays_within_its_buffers),
		cmocka_unit_test(test_retry_backs_off_to_four_hours),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
