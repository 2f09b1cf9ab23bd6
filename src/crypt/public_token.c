/* Receipts' randomness and the public form's anti-forgery token (see public_token.h). */
#include "crypt/public_token.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAC_TEXT 43 /* 32 bytes as unpadded base64url */

void
random_symbols(unsigned char *out, size_t n, uint32_t base)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (unsigned char)randombytes_uniform(base);
}

/* The MAC of the decimal time `issued` under a key of its own, derived from the data key. */
static void
token_mac(const struct keys *k, const char *issued, char out[MAC_TEXT + 1])
{
	static const unsigned char context[] = "ura public form token 1";
	unsigned char key[crypto_auth_hmacsha256_KEYBYTES], mac[crypto_auth_hmacsha256_BYTES];

	crypto_generichash(key, sizeof(key), context, sizeof(context) - 1, k->data,
			   sizeof(k->data));
	crypto_auth_hmacsha256(mac, (const unsigned char *)issued, strlen(issued), key);
	sodium_bin2base64(out, MAC_TEXT + 1, mac, sizeof(mac),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(key, sizeof(key));
}

void
form_token_make(const struct keys *k, int64_t issued, char out[FORM_TOKEN_TEXT])
{
	char when[24], mac[MAC_TEXT + 1];

	snprintf(when, sizeof(when), "%" PRId64, issued);
	token_mac(k, when, mac);
	snprintf(out, FORM_TOKEN_TEXT, "%s.%s", when, mac);
}

bool
form_token_read(const struct keys *k, const char *token, int64_t *issued)
{
	const char *dot = token != NULL ? strchr(token, '.') : NULL;
	char when[24], mac[MAC_TEXT + 1];
	size_t n;
	char *end;

	if (dot == NULL || (n = (size_t)(dot - token)) == 0 || n >= sizeof(when) ||
	    strlen(dot + 1) != MAC_TEXT)
		return false;
	memcpy(when, token, n);
	when[n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (when[i] < '0' || when[i] > '9')
			return false;
	token_mac(k, when, mac);
	if (sodium_memcmp(mac, dot + 1, MAC_TEXT) != 0)
		return false;
	*issued = (int64_t)strtoll(when, &end, 10);
	return *end == '\0';
}
