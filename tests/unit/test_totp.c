/*
 * Unit tests for src/crypt/totp.c and src/report/qr.c: RFC 6238's SHA-1 test vectors (as six
 * digits), the verification window (one 30-second step either side, not two), replay (a code
 * is refused once its step, or a later one, was accepted), the shape of codes, recovery codes
 * (format, spelling forgiven, hashes), new secrets, and the QR symbol of an otpauth URI.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crypt/totp.h"
#include "report/qr.h"

/* "12345678901234567890" (RFC 6238's SHA-1 seed) in base32. */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static void
test_rfc6238_vectors(void **state)
{
	static const struct {
		int64_t t;
		const char *code; /* the RFC's eight digits, last six */
	} v[] = {
		{ 59, "287082" },         { 1111111109, "081804" }, { 1111111111, "050471" },
		{ 1234567890, "005924" }, { 2000000000, "279037" }, { 20000000000, "353130" },
	};
	char code[TOTP_DIGITS + 1];
	int64_t step;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_true(totp_code_at(RFC_SECRET, v[i].t, code));
		assert_string_equal(code, v[i].code);
		assert_int_equal(totp_check(RFC_SECRET, v[i].t, v[i].code, 0, &step), TOTP_ACCEPTED);
		assert_int_equal(step, v[i].t / TOTP_STEP_SECONDS);
	}
}

static void
test_one_step_either_side_is_accepted_two_are_not(void **state)
{
	const int64_t t = 1795426200; /* a step boundary */
	char code[TOTP_DIGITS + 1];
	int64_t step;

	(void)state;
	assert_true(totp_code_at(RFC_SECRET, t, code));
	for (int64_t d = -2 * TOTP_STEP_SECONDS; d <= 2 * TOTP_STEP_SECONDS + 29; d++) {
		enum totp_result want = d >= -TOTP_STEP_SECONDS && d < 2 * TOTP_STEP_SECONDS
						? TOTP_ACCEPTED : TOTP_WRONG;
		if (totp_check(RFC_SECRET, t + d, code, 0, &step) != want)
			fail_msg("code of %lld checked %+lld s later", (long long)t, (long long)d);
	}
}

static void
test_a_code_is_accepted_once(void **state)
{
	const int64_t t = 1795426200;
	char now[TOTP_DIGITS + 1], before[TOTP_DIGITS + 1];
	int64_t step, used;

	(void)state;
	assert_true(totp_code_at(RFC_SECRET, t, now));
	assert_true(totp_code_at(RFC_SECRET, t - TOTP_STEP_SECONDS, before));
	assert_int_equal(totp_check(RFC_SECRET, t, now, 0, &used), TOTP_ACCEPTED);
	/* the same code again, at once or a little later within the window */
	assert_int_equal(totp_check(RFC_SECRET, t, now, used, &step), TOTP_REPLAYED);
	assert_int_equal(totp_check(RFC_SECRET, t + 20, now, used, &step), TOTP_REPLAYED);
	/* an older code after a newer one was used */
	assert_int_equal(totp_check(RFC_SECRET, t, before, used, &step), TOTP_REPLAYED);
	/* the next step's code is fine */
	assert_true(totp_code_at(RFC_SECRET, t + TOTP_STEP_SECONDS, now));
	assert_int_equal(totp_check(RFC_SECRET, t + TOTP_STEP_SECONDS, now, used, &step),
			 TOTP_ACCEPTED);
	assert_int_equal(step, used + 1);
}

static void
test_code_shapes(void **state)
{
	static const char *const bad[] = {
		"", "12345", "1234567", "12345a", " 123456", "123456 ", "１２３４５６", "-12345",
	};
	int64_t step;

	(void)state;
	assert_true(totp_code_shape("000000"));
	assert_true(totp_code_shape("287082"));
	assert_false(totp_code_shape(NULL));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(totp_code_shape(bad[i]));
		assert_int_equal(totp_check(RFC_SECRET, 59, bad[i], 0, &step), TOTP_WRONG);
	}
	assert_int_equal(totp_check("not base32!", 59, "287082", 0, &step), TOTP_WRONG);
	assert_int_equal(totp_check(RFC_SECRET, 59, "287083", 0, &step), TOTP_WRONG);
}

static void
test_new_secrets_are_base32_and_differ(void **state)
{
	char a[TOTP_SECRET_TEXT_LEN + 1], b[TOTP_SECRET_TEXT_LEN + 1], code[TOTP_DIGITS + 1];

	(void)state;
	totp_secret_new(a);
	totp_secret_new(b);
	assert_int_equal(strlen(a), TOTP_SECRET_TEXT_LEN);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), TOTP_SECRET_TEXT_LEN);
	assert_string_not_equal(a, b);
	assert_true(totp_code_at(a, 1795426200, code));
}

static void
test_recovery_codes(void **state)
{
	char code[RECOVERY_CODE_TEXT_LEN + 1], other[RECOVERY_CODE_TEXT_LEN + 1];
	char upper[RECOVERY_CODE_TEXT_LEN + 1], squeezed[17];
	unsigned char h[32], h2[32];
	size_t n = 0;

	(void)state;
	recovery_code_new(code);
	recovery_code_new(other);
	assert_int_equal(strlen(code), RECOVERY_CODE_TEXT_LEN);
	assert_string_not_equal(code, other);
	for (int i = 0; i < RECOVERY_CODE_TEXT_LEN; i++) {
		if (i % 5 == 4)
			assert_int_equal(code[i], '-');
		else
			assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz234567", code[i]));
	}
	assert_true(recovery_code_hash(code, h));
	/* as a person might type it: capitals, no dashes, spaces */
	for (int i = 0; code[i]; i++) {
		upper[i] = (char)toupper((unsigned char)code[i]);
		if (code[i] != '-')
			squeezed[n++] = code[i];
	}
	upper[RECOVERY_CODE_TEXT_LEN] = '\0';
	squeezed[n] = '\0';
	assert_true(recovery_code_hash(upper, h2));
	assert_memory_equal(h, h2, 32);
	assert_true(recovery_code_hash(squeezed, h2));
	assert_memory_equal(h, h2, 32);
	assert_true(recovery_code_hash(other, h2));
	assert_memory_not_equal(h, h2, 32);
	/* not a recovery code: a TOTP code, too short, too long, foreign letters */
	assert_false(recovery_code_hash("123456", h2));
	assert_false(recovery_code_hash("abcd-efgh-ijkl-mno", h2));
	assert_false(recovery_code_hash("abcd-efgh-ijkl-mnopq", h2));
	assert_false(recovery_code_hash("abcd-efgh-ijkl-mno1", h2));
	assert_false(recovery_code_hash(NULL, h2));
}

static void
test_qr_symbol_of_an_otpauth_uri(void **state)
{
	const char *uri = "otpauth://totp/Ura:admin?secret=" RFC_SECRET "&issuer=Ura";
	struct arena a;
	struct qr qr;

	(void)state;
	arena_init(&a);
	assert_true(qr_encode(&a, uri, &qr));
	assert_true(qr.size >= 21 && (qr.size - 17) % 4 == 0); /* a QR version's size */
	for (int y = 0; y < qr.size; y++) {
		assert_int_equal(strlen(qr.rows[y]), qr.size);
		assert_int_equal(strspn(qr.rows[y], "01"), qr.size);
	}
	/* the finder pattern's top row: seven dark modules, then a light one */
	assert_memory_equal(qr.rows[0], "11111110", 8);
	assert_memory_equal(qr.rows[0] + qr.size - 8, "01111111", 8);
	assert_non_null(strstr(qr.svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(qr.svg, "M4 4h7v1h-7z")); /* that row, in the quiet zone's frame */
	assert_int_equal(strcmp(qr.svg + strlen(qr.svg) - 6, "</svg>"), 0);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors),
		cmocka_unit_test(test_one_step_either_side_is_accepted_two_are_not),
		cmocka_unit_test(test_a_code_is_accepted_once),
		cmocka_unit_test(test_code_shapes),
		cmocka_unit_test(test_new_secrets_are_base32_and_differ),
		cmocka_unit_test(test_recovery_codes),
		cmocka_unit_test(test_qr_symbol_of_an_otpauth_uri),
	};

	return cmocka_run_group_tests_name("totp", tests, NULL, NULL);
}
