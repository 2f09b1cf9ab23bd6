/*
 * Field encryption, key wrapping and the blind index (src/crypt/field.c): values decrypt only
 * in the table, column and row they were written for; the data key unwraps only with its
 * master key; names that differ in case, diacritics or spacing index the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <string.h>

#include "crypt/field.h"

static unsigned char master[MASTER_KEY_LEN];
static struct keys keys;

static int
setup(void **state)
{
	unsigned char wrapped[WRAPPED_KEY_LEN];

	(void)state;
	if (!crypt_init(2))
		return -1;
	randombytes_buf(master, sizeof(master));
	keys_generate(&keys, master, wrapped);
	return 0;
}

static void
test_field_round_trip(void **state)
{
	struct arena a;
	const char *plain = "Rruga e Dëshmorëve 12, Korçë";
	size_t len;
	unsigned char *c;
	char *back;

	(void)state;
	arena_init(&a);
	c = field_encrypt(&a, &keys, "survivors", "address", 42, plain, strlen(plain), &len);
	assert_int_equal(len, strlen(plain) + FIELD_OVERHEAD);
	assert_null(memmem(c, len, "Korçë", strlen("Korçë")));
	back = field_decrypt(&a, &keys, "survivors", "address", 42, c, len);
	assert_non_null(back);
	assert_string_equal(back, plain);
	arena_free(&a);
}

static void
test_field_is_bound_to_table_column_and_row(void **state)
{
	struct arena a;
	size_t len;
	unsigned char *c;

	(void)state;
	arena_init(&a);
	c = field_encrypt(&a, &keys, "survivors", "address", 7, "secret", 6, &len);
	assert_null(field_decrypt(&a, &keys, "survivors", "address", 8, c, len));
	assert_null(field_decrypt(&a, &keys, "survivors", "phone", 7, c, len));
	assert_null(field_decrypt(&a, &keys, "perpetrators", "address", 7, c, len));
	c[len - 1] ^= 1; /* a flipped bit in the tag */
	assert_null(field_decrypt(&a, &keys, "survivors", "address", 7, c, len));
	assert_null(field_decrypt(&a, &keys, "survivors", "address", 7, c, FIELD_OVERHEAD - 1));
	arena_free(&a);
}

static void
test_same_value_encrypts_differently_each_time(void **state)
{
	struct arena a;
	size_t l1, l2;
	unsigned char *c1, *c2;

	(void)state;
	arena_init(&a);
	c1 = field_encrypt(&a, &keys, "t", "c", 1, "Ana", 3, &l1);
	c2 = field_encrypt(&a, &keys, "t", "c", 1, "Ana", 3, &l2);
	assert_int_equal(l1, l2);
	assert_memory_not_equal(c1, c2, l1);
	arena_free(&a);
}

static void
test_data_key_unwraps_only_with_its_master_key(void **state)
{
	unsigned char wrapped[WRAPPED_KEY_LEN], other[MASTER_KEY_LEN];
	struct keys k;

	(void)state;
	keys_wrap(&keys, master, wrapped);
	assert_int_equal(keys_unwrap(&k, master, wrapped), URA_OK);
	assert_memory_equal(k.data, keys.data, DATA_KEY_LEN);
	assert_memory_equal(k.blind, keys.blind, DATA_KEY_LEN);
	randombytes_buf(other, sizeof(other));
	assert_int_equal(keys_unwrap(&k, other, wrapped), URA_EFORBIDDEN);
	wrapped[30] ^= 0x40;
	assert_int_equal(keys_unwrap(&k, master, wrapped), URA_EFORBIDDEN);
}

static void
test_rotation_rewraps_the_same_data_key(void **state)
{
	unsigned char wrapped[WRAPPED_KEY_LEN], next[MASTER_KEY_LEN];
	struct keys k;

	(void)state;
	randombytes_buf(next, sizeof(next));
	keys_wrap(&keys, next, wrapped);
	assert_int_equal(keys_unwrap(&k, next, wrapped), URA_OK);
	assert_memory_equal(k.data, keys.data, DATA_KEY_LEN);
	assert_int_equal(keys_unwrap(&k, master, wrapped), URA_EFORBIDDEN);
}

/* A case's own key: its ciphertext opens with it only, the wrapped key unwraps only for its
 * case under the process key, and the blind index stays the process's. */
static void
test_case_key_is_its_own_and_bound_to_its_case(void **state)
{
	unsigned char wrapped[WRAPPED_KEY_LEN];
	struct keys ck, back;
	struct arena a;
	size_t len;
	unsigned char *c;

	(void)state;
	arena_init(&a);
	case_key_generate(&keys, 42, &ck, wrapped);
	assert_memory_not_equal(ck.data, keys.data, DATA_KEY_LEN);
	assert_memory_equal(ck.blind, keys.blind, DATA_KEY_LEN);
	c = field_encrypt(&a, &ck, "cases", "identity", 42, "Drita", 5, &len);
	assert_null(field_decrypt(&a, &keys, "cases", "identity", 42, c, len));
	assert_int_equal(case_key_unwrap(&keys, 42, wrapped, sizeof(wrapped), &back), URA_OK);
	assert_string_equal(field_decrypt(&a, &back, "cases", "identity", 42, c, len), "Drita");
	assert_int_equal(case_key_unwrap(&keys, 43, wrapped, sizeof(wrapped), &back),
			 URA_EFORBIDDEN);
	assert_int_equal(case_key_unwrap(&keys, 42, wrapped, sizeof(wrapped) - 1, &back),
			 URA_EFORBIDDEN);
	arena_free(&a);
}

static void
test_name_normalize_folds_case_diacritics_and_spaces(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "Arbëresha", "arberesha" },        { "  ÇELA   Dritë ", "cela drite" },
		{ "Đorđević", "djordjevic" },        { "Šćepanović-Žižić", "scepanovic zizic" },
		{ "O'Brien", "obrien" },             { "", "" },
		{ "Ana\tMaria", "ana maria" },       { "Émile Müller", "emile muller" },
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		name_normalize(cases[i].in, out, sizeof(out));
		assert_string_equal(out, cases[i].out);
	}
}

static void
test_blind_index_matches_spelling_variants_only(void **state)
{
	unsigned char a[BLIND_INDEX_LEN], b[BLIND_INDEX_LEN], c[BLIND_INDEX_LEN];
	struct keys other;
	unsigned char wrapped[WRAPPED_KEY_LEN];

	(void)state;
	blind_index(&keys, "Drita", "Çela", "1990-04-02", a);
	blind_index(&keys, " drita ", "CELA", "1990-04-02", b);
	assert_memory_equal(a, b, BLIND_INDEX_LEN);
	blind_index(&keys, "Drita", "Çela", "1990-04-03", c);
	assert_memory_not_equal(a, c, BLIND_INDEX_LEN);
	blind_index(&keys, "Drit", "aÇela", "1990-04-02", c); /* the split between names counts */
	assert_memory_not_equal(a, c, BLIND_INDEX_LEN);
	keys_generate(&other, master, wrapped);              /* another deployment's key */
	blind_index(&other, "Drita", "Çela", "1990-04-02", c);
	assert_memory_not_equal(a, c, BLIND_INDEX_LEN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_round_trip),
		cmocka_unit_test(test_field_is_bound_to_table_column_and_row),
		cmocka_unit_test(test_same_value_encrypts_differently_each_time),
		cmocka_unit_test(test_data_key_unwraps_only_with_its_master_key),
		cmocka_unit_test(test_rotation_rewraps_the_same_data_key),
		cmocka_unit_test(test_case_key_is_its_own_and_bound_to_its_case),
		cmocka_unit_test(test_name_normalize_folds_case_diacritics_and_spaces),
		cmocka_unit_test(test_blind_index_matches_spelling_variants_only),
	};
	return cmocka_run_group_tests_name("field", tests, setup, NULL);
}
