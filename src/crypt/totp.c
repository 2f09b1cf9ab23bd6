/* TOTP codes (liboath) and recovery codes. */
#include "crypt/totp.h"

#include <ctype.h>
#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char base32_lower[] = "abcdefghijklmnopqrstuvwxyz234567";
static pthread_once_t oath_once = PTHREAD_ONCE_INIT;

static void
oath_start(void)
{
	oath_init();
}

/* Encodes `n` bytes as base32 with `alphabet`, no padding (n * 8 a multiple of 5 here). */
static void
base32(const unsigned char *in, size_t n, const char *alphabet, char *out)
{
	unsigned bits = 0, value = 0;
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		value = (value << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = alphabet[(value >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = alphabet[(value << (5 - bits)) & 31];
	out[o] = '\0';
}

void
totp_secret_new(char out[TOTP_SECRET_TEXT_LEN + 1])
{
	unsigned char raw[TOTP_SECRET_BYTES];

	randombytes_buf(raw, sizeof(raw));
	base32(raw, sizeof(raw), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", out);
	sodium_memzero(raw, sizeof(raw));
}

bool
totp_code_shape(const char *code)
{
	if (code == NULL || strlen(code) != TOTP_DIGITS)
		return false;
	for (; *code; code++)
		if (!isdigit((unsigned char)*code))
			return false;
	return true;
}

/* The raw secret in a malloc'd buffer (oath's), or NULL. */
static char *
secret_bytes(const char *secret, size_t *len)
{
	char *raw = NULL;

	pthread_once(&oath_once, oath_start);
	if (secret == NULL || oath_base32_decode(secret, strlen(secret), &raw, len) != OATH_OK)
		return NULL;
	return raw;
}

static void
secret_free(char *raw, size_t len)
{
	if (raw != NULL)
		sodium_memzero(raw, len);
	free(raw);
}

enum totp_result
totp_check(const char *secret, int64_t now, const char *code, int64_t last_step, int64_t *step)
{
	size_t len = 0;
	char *raw;
	uint64_t counter = 0;
	int pos, rc;

	*step = 0;
	if (!totp_code_shape(code) || (raw = secret_bytes(secret, &len)) == NULL)
		return TOTP_WRONG;
	rc = oath_totp_validate3(raw, len, (time_t)now, TOTP_STEP_SECONDS, 0, TOTP_WINDOW, &pos,
				 &counter, code);
	secret_free(raw, len);
	if (rc < 0)
		return TOTP_WRONG;
	if ((int64_t)counter <= last_step)
		return TOTP_REPLAYED;
	*step = (int64_t)counter;
	return TOTP_ACCEPTED;
}

bool
totp_code_at(const char *secret, int64_t now, char out[TOTP_DIGITS + 1])
{
	size_t len = 0;
	char *raw = secret_bytes(secret, &len);
	int rc;

	if (raw == NULL)
		return false;
	rc = oath_totp_generate(raw, len, (time_t)now, TOTP_STEP_SECONDS, 0, TOTP_DIGITS, out);
	secret_free(raw, len);
	return rc == OATH_OK;
}

void
recovery_code_new(char out[RECOVERY_CODE_TEXT_LEN + 1])
{
	unsigned char raw[10];
	char plain[17];

	randombytes_buf(raw, sizeof(raw));
	base32(raw, sizeof(raw), base32_lower, plain);
	for (int g = 0, o = 0; g < 4; g++) {
		memcpy(out + o, plain + 4 * g, 4);
		o += 4;
		out[o++] = g < 3 ? '-' : '\0';
	}
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(plain, sizeof(plain));
}

bool
recovery_code_hash(const char *code, unsigned char out[TOKEN_HASH_LEN])
{
	char plain[17];
	size_t n = 0;

	for (; code != NULL && *code; code++) {
		char c = (char)tolower((unsigned char)*code);
		if (c == '-' || c == ' ')
			continue;
		if (n == 16 || strchr(base32_lower, c) == NULL)
			return false;
		plain[n++] = c;
	}
	if (n != 16)
		return false;
	plain[n] = '\0';
	token_hash(plain, n, out);
	sodium_memzero(plain, sizeof(plain));
	return true;
}
