/*
 * Unit tests for src/http/json_fault.c: a body jansson refuses is classified (U+0000, an
 * integer beyond int64, a key twice, nesting too deep, anything else) and, for the first three,
 * the path of the value at fault is found: at the top, in nested objects and arrays, past
 * strings holding brackets and escaped quotes, next to the int64 bounds, and never beyond the
 * caller's buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/json_fault.h"

/* The fault and path of `body` (which must not parse strictly). */
static enum json_fault
fault_of(const char *body, char *path, size_t pathlen)
{
	json_error_t err;
	json_t *v = json_loadb(body, strlen(body), JSON_REJECT_DUPLICATES, &err);

	if (v != NULL) {
		json_decref(v);
		fail_msg("%s parsed", body);
	}
	return json_fault_of(body, strlen(body), &err, path, pathlen);
}

static void
assert_fault(const char *body, enum json_fault want, const char *want_path)
{
	char path[128];

	assert_int_equal(fault_of(body, path, sizeof(path)), want);
	assert_string_equal(path, want_path);
}

static void
test_nul_is_found_where_it_is(void **state)
{
	(void)state;
	assert_fault("{\"name\": \"a\\u0000b\"}", JSON_FAULT_NUL, "name");
	assert_fault("{\"ok\": \"x\", \"survivor\": {\"given_name\": \"\\u0000\"}}", JSON_FAULT_NUL,
		     "survivor.given_name");
	assert_fault("{\"children\": [{\"given_name\": \"A\"}, {\"sex\": \"\\u0000\"}]}",
		     JSON_FAULT_NUL, "children[1].sex");
	assert_fault("[{\"a\": 1}, \"\\u0000\"]", JSON_FAULT_NUL, "[1]");
}

static void
test_a_nul_in_a_key_has_no_path(void **state)
{
	(void)state;
	assert_fault("{\"na\\u0000me\": 1}", JSON_FAULT_NUL, "");
}

static void
test_integers_beyond_int64_are_found(void **state)
{
	(void)state;
	assert_fault("{\"id\": 9223372036854775808}", JSON_FAULT_NUMBER_RANGE, "id");
	assert_fault("{\"id\": -9223372036854775809}", JSON_FAULT_NUMBER_RANGE, "id");
	assert_fault("{\"a\": 9223372036854775807, \"b\": {\"c\": [1, 18446744073709551617]}}",
		     JSON_FAULT_NUMBER_RANGE, "b.c[1]");
	assert_fault("{\"x\": 1e999}", JSON_FAULT_NUMBER_RANGE, "x");
	assert_fault("{\"k\\\"q\": {\"v\": [\"]\", 99999999999999999999]}}",
		     JSON_FAULT_NUMBER_RANGE, "k\\\"q.v[1]");
}

static void
test_other_faults_are_told_apart(void **state)
{
	char nested[4200];
	size_t n = 0;

	(void)state;
	assert_fault("{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}", JSON_FAULT_DUPLICATE_KEY,
		     "b.c");
	assert_fault("{\"a\": 1,}", JSON_FAULT_SYNTAX, "");
	assert_fault("{", JSON_FAULT_SYNTAX, "");
	for (; n < 2100; n++)
		nested[n] = '[';
	nested[n] = '\0';
	assert_fault(nested, JSON_FAULT_TOO_DEEP, "");
}

static void
test_the_path_never_overflows_its_buffer(void **state)
{
	char path[8];

	(void)state;
	memset(path, 'x', sizeof(path));
	assert_int_equal(fault_of("{\"a_long_key\": {\"b\": \"\\u0000\"}}", path, sizeof(path)),
			 JSON_FAULT_NUL);
	assert_non_null(memchr(path, '\0', sizeof(path)));
	assert_int_equal(fault_of("{\"a\": \"\\u0000\"}", path, 0), JSON_FAULT_NUL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nul_is_found_where_it_is),
		cmocka_unit_test(test_a_nul_in_a_key_has_no_path),
		cmocka_unit_test(test_integers_beyond_int64_are_found),
		cmocka_unit_test(test_other_faults_are_told_apart),
		cmocka_unit_test(test_the_path_never_overflows_its_buffer),
	};
	return cmocka_run_group_tests_name("json_fault", tests, NULL, NULL);
}
