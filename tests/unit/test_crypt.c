/*
 * Unit tests for src/crypt/crypt.c: argon2id password hashing and verification (including the
 * unknown-user path with stored == NULL), random tokens (43 characters of base64url, fresh each
 * time), their stored hashes, constant-time comparison, and the master key file (created once
 * with mode 0600, refused when others can read it or when it is too short). Key files live in
 * a mkdtemp directory under /tmp.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "crypt/crypt.h"

static char dir[64];

static int
group_setup(void **state)
{
	(void)state;
	if (!crypt_init(2))
		return -1;
	snprintf(dir, sizeof(dir), "/tmp/ura-test-crypt-XXXXXX");
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A fresh path in the temporary directory. */
static const char *
path_in_dir(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
	return path;
}

static void
write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

/* ---- passwords ---- */

static void
test_crypt_init_is_idempotent(void **state)
{
	(void)state;
	assert_true(crypt_init(2));
	assert_true(crypt_init(8));
}

static void
test_password_hash_then_verify(void **state)
{
	char hash[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("correct horse battery staple", hash), URA_OK);
	assert_true(password_verify(hash, "correct horse battery staple"));
	assert_false(password_verify(hash, "correct horse battery stapl"));
	assert_false(password_verify(hash, "Correct horse battery staple"));
	assert_false(password_verify(hash, ""));
}

static void
test_password_hash_is_argon2id_with_owasp_minimum(void **state)
{
	char hash[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("fjalëkalim i gjatë", hash), URA_OK);
	assert_true(strlen(hash) < PASSWORD_HASH_MAX);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_non_null(strstr(hash, "m=19456,t=2,"));
	assert_true(password_verify(hash, "fjalëkalim i gjatë"));
}

/* A configured cost makes new hashes at that cost; hashes made at another cost still verify. */
static void
test_password_cost_applies_to_new_hashes_only(void **state)
{
	char before[PASSWORD_HASH_MAX], cheap[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("fjalëkalim", before), URA_OK);
	assert_true(crypt_password_cost(1024, 1));
	assert_int_equal(password_hash("fjalëkalim", cheap), URA_OK);
	assert_non_null(strstr(cheap, "m=1024,t=1,"));
	assert_true(password_verify(cheap, "fjalëkalim"));
	assert_true(password_verify(before, "fjalëkalim"));
	assert_false(password_verify(NULL, "fjalëkalim"));
	assert_true(crypt_password_cost(CRYPT_PASSWORD_MEMORY_KIB_DEFAULT,
					CRYPT_PASSWORD_PASSES_DEFAULT));
	assert_int_equal(password_hash("fjalëkalim", before), URA_OK);
	assert_non_null(strstr(before, "m=19456,t=2,"));
	/* a cost argon2id does not take changes nothing */
	assert_false(crypt_password_cost(4, 2));
	assert_false(crypt_password_cost(1024, 0));
	assert_int_equal(password_hash("fjalëkalim", before), URA_OK);
	assert_non_null(strstr(before, "m=19456,t=2,"));
	assert_false(password_verify(NULL, "fjalëkalim"));
}

/* As many hashes at once as cores, within the memory budget, never none. */
static void
test_hash_slots_fit_the_memory_budget(void **state)
{
	(void)state;
	assert_int_equal(crypt_hash_slots(2, CRYPT_PASSWORD_MEMORY_KIB_DEFAULT), 1);
	assert_int_equal(crypt_hash_slots(64, CRYPT_PASSWORD_MEMORY_KIB_DEFAULT), 1);
	assert_int_equal(crypt_hash_slots(2, 1024), 2);       /* tests' cheap hashes: per core */
	assert_int_equal(crypt_hash_slots(64, 1024), 24);     /* 24 MiB of 1 MiB hashes */
	assert_int_equal(crypt_hash_slots(8, 8192), 3);
	assert_int_equal(crypt_hash_slots(2, 1048576), 1);    /* one over the budget still runs */
	assert_int_equal(crypt_hash_slots(0, 1024), 1);       /* no core count known */
	assert_int_equal(crypt_hash_slots(-1, 0), 1);
}

static void
test_password_hash_is_salted(void **state)
{
	char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("same password twice", a), URA_OK);
	assert_int_equal(password_hash("same password twice", b), URA_OK);
	assert_string_not_equal(a, b);
	assert_true(password_verify(a, "same password twice"));
	assert_true(password_verify(b, "same password twice"));
}

static void
test_password_verify_unknown_user_is_false(void **state)
{
	(void)state;
	assert_false(password_verify(NULL, "anything at all"));
	assert_false(password_verify(NULL, ""));
	/* Not even the password of the internal dummy hash opens an unknown account. */
	assert_false(password_verify(NULL, "not a password of anyone"));
}

static void
test_password_verify_garbage_hash_is_false(void **state)
{
	(void)state;
	assert_false(password_verify("", "x"));
	assert_false(password_verify("not a hash", "not a hash"));
	assert_false(password_verify("$argon2id$v=19$m=19456,t=2,p=1$garbage", "x"));
}

/* ---- tokens ---- */

static bool
is_base64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

static void
test_token_new_is_43_chars_of_base64url(void **state)
{
	(void)state;
	for (int i = 0; i < 200; i++) {
		char tok[TOKEN_TEXT_LEN + 1 + 8];

		memset(tok, '!', sizeof(tok));
		token_new(tok);
		assert_int_equal(strlen(tok), 43);
		assert_true(is_base64url(tok));
		assert_int_equal(tok[TOKEN_TEXT_LEN + 1], '!'); /* nothing written past the end */
	}
}

static int
cmp_tokens(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void
test_token_new_differs_each_call(void **state)
{
	enum { N = 500 };
	static char toks[N][TOKEN_TEXT_LEN + 1];

	(void)state;
	for (int i = 0; i < N; i++)
		token_new(toks[i]);
	qsort(toks, N, sizeof(toks[0]), cmp_tokens);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(toks[i - 1], toks[i]);
}

static void
test_token_hash_is_deterministic_and_distinct(void **state)
{
	unsigned char a[TOKEN_HASH_LEN], b[TOKEN_HASH_LEN], c[TOKEN_HASH_LEN], zero[TOKEN_HASH_LEN];
	char tok[TOKEN_TEXT_LEN + 1];

	(void)state;
	memset(zero, 0, sizeof(zero));
	token_new(tok);
	token_hash(tok, strlen(tok), a);
	token_hash(tok, strlen(tok), b);
	assert_memory_equal(a, b, TOKEN_HASH_LEN);
	assert_memory_not_equal(a, zero, TOKEN_HASH_LEN);

	tok[0] = tok[0] == 'A' ? 'B' : 'A';
	token_hash(tok, strlen(tok), c);
	assert_memory_not_equal(a, c, TOKEN_HASH_LEN);

	/* The length is part of the input: only the first len bytes count. */
	token_hash("abcdef", 3, a);
	token_hash("abc", 3, b);
	token_hash("abcd", 4, c);
	assert_memory_equal(a, b, TOKEN_HASH_LEN);
	assert_memory_not_equal(a, c, TOKEN_HASH_LEN);
}

static void
test_token_hash_is_not_the_token(void **state)
{
	unsigned char h[TOKEN_HASH_LEN];
	char tok[TOKEN_TEXT_LEN + 1];

	(void)state;
	token_new(tok);
	token_hash(tok, strlen(tok), h);
	assert_memory_not_equal(h, tok, TOKEN_HASH_LEN);
}

static void
test_crypt_equal(void **state)
{
	unsigned char a[32], b[32];

	(void)state;
	for (int i = 0; i < 32; i++)
		a[i] = b[i] = (unsigned char)(i * 7);
	assert_true(crypt_equal(a, b, sizeof(a)));
	b[31] ^= 1;
	assert_false(crypt_equal(a, b, sizeof(a)));
	assert_true(crypt_equal(a, b, 31));
	b[31] ^= 1;
	b[0] ^= 0x80;
	assert_false(crypt_equal(a, b, sizeof(a)));
	assert_true(crypt_equal(a, b, 0));
}

/* ---- the master key file ---- */

static void
test_keyfile_create_makes_a_0600_file_of_32_bytes(void **state)
{
	const char *path = path_in_dir("create.key");
	struct stat st;
	char err[256] = "";

	(void)state;
	assert_int_equal(keyfile_create(path, err, sizeof(err)), URA_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, MASTER_KEY_LEN);
}

static void
test_keyfile_create_refuses_an_existing_file(void **state)
{
	const char *path = path_in_dir("exists.key");
	unsigned char before[MASTER_KEY_LEN], after[MASTER_KEY_LEN];
	char err[256] = "";

	(void)state;
	assert_int_equal(keyfile_create(path, err, sizeof(err)), URA_OK);
	assert_int_equal(keyfile_load(path, before, err, sizeof(err)), URA_OK);
	assert_int_equal(keyfile_create(path, err, sizeof(err)), URA_EEXISTS);
	assert_non_null(strstr(err, path));
	/* the existing key is untouched */
	assert_int_equal(keyfile_load(path, after, err, sizeof(err)), URA_OK);
	assert_memory_equal(before, after, MASTER_KEY_LEN);
}

static void
test_keyfile_create_in_missing_directory_fails(void **state)
{
	char path[160], err[256] = "";
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/no/such/dir/ura.key", dir);
	assert_int_equal(keyfile_create(path, err, sizeof(err)), URA_EINTERNAL);
	assert_true(strlen(err) > 0);
	assert_int_not_equal(stat(path, &st), 0);
}

static void
test_keyfile_load_reads_what_create_wrote(void **state)
{
	const char *path = path_in_dir("load.key");
	unsigned char key[MASTER_KEY_LEN], raw[MASTER_KEY_LEN], zero[MASTER_KEY_LEN];
	char err[256] = "";
	FILE *f;

	(void)state;
	memset(zero, 0, sizeof(zero));
	assert_int_equal(keyfile_create(path, err, sizeof(err)), URA_OK);
	assert_int_equal(keyfile_load(path, key, err, sizeof(err)), URA_OK);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(raw, 1, sizeof(raw), f), sizeof(raw));
	fclose(f);
	assert_memory_equal(key, raw, MASTER_KEY_LEN);
	assert_memory_not_equal(key, zero, MASTER_KEY_LEN);
}

static void
test_two_key_files_hold_different_keys(void **state)
{
	unsigned char a[MASTER_KEY_LEN], b[MASTER_KEY_LEN];
	char err[256] = "", pa[128], pb[128];

	(void)state;
	snprintf(pa, sizeof(pa), "%s", path_in_dir("a.key"));
	snprintf(pb, sizeof(pb), "%s", path_in_dir("b.key"));
	assert_int_equal(keyfile_create(pa, err, sizeof(err)), URA_OK);
	assert_int_equal(keyfile_create(pb, err, sizeof(err)), URA_OK);
	assert_int_equal(keyfile_load(pa, a, err, sizeof(err)), URA_OK);
	assert_int_equal(keyfile_load(pb, b, err, sizeof(err)), URA_OK);
	assert_memory_not_equal(a, b, MASTER_KEY_LEN);
}

static void
test_keyfile_load_refuses_files_others_can_read(void **state)
{
	static const mode_t modes[] = { 0644, 0640, 0604, 0660, 0606, 0601, 0610 };
	unsigned char bytes[MASTER_KEY_LEN];

	(void)state;
	memset(bytes, 0x42, sizeof(bytes));
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		const char *path = path_in_dir("mode.key");
		unsigned char key[MASTER_KEY_LEN];
		char err[256] = "";

		write_file(path, bytes, sizeof(bytes), modes[i]);
		if (keyfile_load(path, key, err, sizeof(err)) != URA_EFORBIDDEN)
			fail_msg("mode %o accepted", (unsigned)modes[i]);
		assert_non_null(strstr(err, "chmod 600"));
	}
	{
		const char *path = path_in_dir("mode.key");
		unsigned char key[MASTER_KEY_LEN];
		char err[256] = "";

		write_file(path, bytes, sizeof(bytes), 0400);
		assert_int_equal(keyfile_load(path, key, err, sizeof(err)), URA_OK);
		assert_memory_equal(key, bytes, MASTER_KEY_LEN);
	}
}

static void
test_keyfile_load_refuses_short_files(void **state)
{
	static const size_t sizes[] = { 0, 1, 16, MASTER_KEY_LEN - 1 };
	unsigned char bytes[MASTER_KEY_LEN], zero[MASTER_KEY_LEN];

	(void)state;
	memset(bytes, 0x42, sizeof(bytes));
	memset(zero, 0, sizeof(zero));
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const char *path = path_in_dir("short.key");
		unsigned char key[MASTER_KEY_LEN];
		char err[256] = "";

		write_file(path, bytes, sizes[i], 0600);
		memset(key, 0x99, sizeof(key));
		if (keyfile_load(path, key, err, sizeof(err)) != URA_EINVAL)
			fail_msg("a %zu-byte key file accepted", sizes[i]);
		assert_non_null(strstr(err, "not a Ura master key"));
		/* nothing of the partial read is left behind */
		assert_memory_equal(key, zero, MASTER_KEY_LEN);
	}
}

static void
test_keyfile_load_missing_file(void **state)
{
	unsigned char key[MASTER_KEY_LEN];
	char err[256] = "";

	(void)state;
	assert_int_equal(keyfile_load(path_in_dir("missing.key"), key, err, sizeof(err)),
			 URA_EINTERNAL);
	assert_non_null(strstr(err, "cannot open key file"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crypt_init_is_idempotent),
		cmocka_unit_test(test_hash_slots_fit_the_memory_budget),
		cmocka_unit_test(test_password_hash_then_verify),
		cmocka_unit_test(test_password_hash_is_argon2id_with_owasp_minimum),
		cmocka_unit_test(test_password_cost_applies_to_new_hashes_only),
		cmocka_unit_test(test_password_hash_is_salted),
		cmocka_unit_test(test_password_verify_unknown_user_is_false),
		cmocka_unit_test(test_password_verify_garbage_hash_is_false),
		cmocka_unit_test(test_token_new_is_43_chars_of_base64url),
		cmocka_unit_test(test_token_new_differs_each_call),
		cmocka_unit_test(test_token_hash_is_deterministic_and_distinct),
		cmocka_unit_test(test_token_hash_is_not_the_token),
		cmocka_unit_test(test_crypt_equal),
		cmocka_unit_test(test_keyfile_create_makes_a_0600_file_of_32_bytes),
		cmocka_unit_test(test_keyfile_create_refuses_an_existing_file),
		cmocka_unit_test(test_keyfile_create_in_missing_directory_fails),
		cmocka_unit_test(test_keyfile_load_reads_what_create_wrote),
		cmocka_unit_test(test_two_key_files_hold_different_keys),
		cmocka_unit_test(test_keyfile_load_refuses_files_others_can_read),
		cmocka_unit_test(test_keyfile_load_refuses_short_files),
		cmocka_unit_test(test_keyfile_load_missing_file),
	};

	return cmocka_run_group_tests_name("crypt", tests, group_setup, group_teardown);
}
