/*
 * Unit tests for src/domain/public_report.c (reports without an account) and
 * src/crypt/public_token.c: the form token's lifetime and its MAC, the hourly allowance of a
 * client address, the receipt's format and what a person may type back, the quick exit's
 * address, and the rules between a report's fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "field_errors.h"
#include <sodium.h>

#include "crypt/public_token.h"
#include "domain/public_report.h"
#include "domain/types.h"

#define T0 INT64_C(1795426200)

static void
test_form_token_lifetime(void **state)
{
	(void)state;
	assert_true(public_form_token_fresh(T0, T0));
	assert_true(public_form_token_fresh(T0, T0 + PUBLIC_FORM_TOKEN_SECONDS));
	assert_false(public_form_token_fresh(T0, T0 + PUBLIC_FORM_TOKEN_SECONDS + 1));
	assert_true(public_form_token_fresh(T0 + PUBLIC_FORM_TOKEN_SKEW, T0));
	assert_false(public_form_token_fresh(T0 + PUBLIC_FORM_TOKEN_SKEW + 1, T0));
	assert_false(public_form_token_fresh(0, T0));
}

static void
test_form_token_mac(void **state)
{
	struct keys k, other;
	char token[FORM_TOKEN_TEXT];
	int64_t issued = 0;

	(void)state;
	memset(&k, 7, sizeof(k));
	memset(&other, 8, sizeof(other));
	form_token_make(&k, T0, token);
	assert_true(form_token_read(&k, token, &issued));
	assert_int_equal(issued, T0);
	assert_false(form_token_read(&other, token, &issued)); /* another deployment's key */
	token[0] = token[0] == '1' ? '2' : '1';                 /* another time, same MAC */
	assert_false(form_token_read(&k, token, &issued));
	assert_false(form_token_read(&k, "", &issued));
	assert_false(form_token_read(&k, NULL, &issued));
	assert_false(form_token_read(&k, "12.abc", &issued));
	assert_false(form_token_read(&k, "-1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", &issued));
}

static void
test_hourly_allowance(void **state)
{
	(void)state;
	assert_int_equal(public_report_retry_after(T0, 0, 0, 10), 0);
	assert_int_equal(public_report_retry_after(T0, 9, T0 - 100, 10), 0);
	assert_int_equal(public_report_retry_after(T0, 10, T0 - 100, 10), 3500);
	assert_int_equal(public_report_retry_after(T0, 12, T0 - 3600, 10), 1);
}

static void
test_receipt_format_and_typing(void **state)
{
	unsigned char symbols[PUBLIC_RECEIPT_CHARS];
	char text[PUBLIC_RECEIPT_TEXT], plain[PUBLIC_RECEIPT_CHARS + 1];

	(void)state;
	assert_int_equal(strlen(public_receipt_alphabet), 32); /* 5 bits a symbol: 80 bits */
	for (int i = 0; i < PUBLIC_RECEIPT_CHARS; i++)
		symbols[i] = (unsigned char)(i * 2);
	receipt_format(symbols, text);
	assert_string_equal(text, "2468-ACEG-JLNQ-SUWY");
	assert_true(receipt_normalize(text, plain));
	assert_string_equal(plain, "2468ACEGJLNQSUWY");
	assert_true(receipt_normalize(" 2468 aceg-jlnq suwy ", plain));
	assert_string_equal(plain, "2468ACEGJLNQSUWY");
	assert_false(receipt_normalize("2468-ACEG-JLNQ-SUW", plain));    /* short */
	assert_false(receipt_normalize("2468-ACEG-JLNQ-SUWYZ", plain));  /* long */
	assert_false(receipt_normalize("0468-ACEG-JLNQ-SUWY", plain));   /* not in the alphabet */
	assert_false(receipt_normalize("2468-ACEG-JLNQ-SUW\xc3\xab", plain));
	assert_false(receipt_normalize(NULL, plain));
}

static void
test_random_symbols_in_range(void **state)
{
	unsigned char s[4096];

	(void)state;
	random_symbols(s, sizeof(s), 32);
	for (size_t i = 0; i < sizeof(s); i++)
		assert_true(s[i] < 32);
}

static void
test_exit_url(void **state)
{
	(void)state;
	assert_true(public_exit_url_valid("https://www.yr.no/"));
	assert_true(public_exit_url_valid("http://example.org/weather?q=tirana"));
	assert_false(public_exit_url_valid("javascript:alert(1)"));
	assert_false(public_exit_url_valid("https://"));
	assert_false(public_exit_url_valid("https:///x"));
	assert_false(public_exit_url_valid("https://a.example/\"><script>"));
	assert_false(public_exit_url_valid("https://a.example/ x"));
	assert_false(public_exit_url_valid("//a.example/"));
}

static void
test_report_rules(void **state)
{
	struct public_report_input in = { .municipality_id = 1, .kind = "hate_crime",
					  .bias = "[\"religion\"]" };
	struct field_errors e = { 0 };

	(void)state;
	assert_true(public_report_check(&in, &e));
	assert_false(public_report_wants_contact(&in));
	in.kind = "domestic_violence";
	assert_false(public_report_check(&in, &e));
	assert_true(has_error(&e, "bias", MSG_BIAS_ONLY_HATE));
	memset(&e, 0, sizeof(e));
	in.bias = "[]";
	assert_true(public_report_check(&in, &e));
	/* Contact given and nothing said: wanted. Wanted with no way to contact: required. */
	in.contact = "after 18:00";
	assert_true(public_report_wants_contact(&in));
	assert_true(public_report_check(&in, &e));
	in.contact = NULL;
	in.wants_contact = in.wants_contact_given = true;
	assert_false(public_report_check(&in, &e));
	assert_true(has_error(&e, "contact", MSG_REQUIRED));
	memset(&e, 0, sizeof(e));
	in.wants_contact = false;
	in.contact = "555";
	assert_false(public_report_check(&in, &e));
	assert_true(has_error(&e, "contact", MSG_CONTACT_NOT_WANTED));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_token_lifetime),
		cmocka_unit_test(test_form_token_mac),
		cmocka_unit_test(test_hourly_allowance),
		cmocka_unit_test(test_receipt_format_and_typing),
		cmocka_unit_test(test_random_symbols_in_range),
		cmocka_unit_test(test_exit_url),
		cmocka_unit_test(test_report_rules),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
