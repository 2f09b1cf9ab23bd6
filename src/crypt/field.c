/* Field encryption, key wrapping and the blind index (libsodium). */
#include "crypt/field.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Context strings keep the keys derived here from ever meaning anything elsewhere. */
#define WRAP_AD "ura-data-key-v1"
#define BLIND_CONTEXT "uraindex"

static void
derive_blind_key(struct keys *k)
{
	crypto_kdf_derive_from_key(k->blind, sizeof(k->blind), 1, BLIND_CONTEXT, k->data);
}

void
keys_wrap(const struct keys *k, const unsigned char master[MASTER_KEY_LEN],
	  unsigned char wrapped[WRAPPED_KEY_LEN])
{
	unsigned char *nonce = wrapped, *cipher = wrapped + 24;

	randombytes_buf(nonce, 24);
	crypto_aead_xchacha20poly1305_ietf_encrypt(cipher, NULL, k->data, DATA_KEY_LEN,
						   (const unsigned char *)WRAP_AD,
						   sizeof(WRAP_AD) - 1, NULL, nonce, master);
}

void
keys_generate(struct keys *k, const unsigned char master[MASTER_KEY_LEN],
	      unsigned char wrapped[WRAPPED_KEY_LEN])
{
	crypto_aead_xchacha20poly1305_ietf_keygen(k->data);
	derive_blind_key(k);
	keys_wrap(k, master, wrapped);
}

enum ura_status
keys_unwrap(struct keys *k, const unsigned char master[MASTER_KEY_LEN],
	    const unsigned char wrapped[WRAPPED_KEY_LEN])
{
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(k->data, NULL, NULL, wrapped + 24,
						       WRAPPED_KEY_LEN - 24,
						       (const unsigned char *)WRAP_AD,
						       sizeof(WRAP_AD) - 1, wrapped, master) != 0) {
		sodium_memzero(k, sizeof(*k));
		return URA_EFORBIDDEN;
	}
	derive_blind_key(k);
	return URA_OK;
}

void
keys_wipe(struct keys *k)
{
	sodium_memzero(k, sizeof(*k));
}

static size_t field_ad(char *ad, size_t len, const char *table, const char *column, int64_t row);

void
case_key_generate(const struct keys *process, int64_t case_id, struct keys *out,
		  unsigned char wrapped[WRAPPED_KEY_LEN])
{
	char ad[64];
	size_t adlen = field_ad(ad, sizeof(ad), "cases", "data_key", case_id);

	crypto_aead_xchacha20poly1305_ietf_keygen(out->data);
	memcpy(out->blind, process->blind, sizeof(out->blind));
	randombytes_buf(wrapped, 24);
	crypto_aead_xchacha20poly1305_ietf_encrypt(wrapped + 24, NULL, out->data, DATA_KEY_LEN,
						   (const unsigned char *)ad, adlen, NULL, wrapped,
						   process->data);
}

enum ura_status
case_key_unwrap(const struct keys *process, int64_t case_id, const unsigned char *wrapped,
		size_t len, struct keys *out)
{
	char ad[64];
	size_t adlen = field_ad(ad, sizeof(ad), "cases", "data_key", case_id);

	if (len != WRAPPED_KEY_LEN ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(out->data, NULL, NULL, wrapped + 24,
						       WRAPPED_KEY_LEN - 24,
						       (const unsigned char *)ad, adlen, wrapped,
						       process->data) != 0) {
		sodium_memzero(out, sizeof(*out));
		return URA_EFORBIDDEN;
	}
	memcpy(out->blind, process->blind, sizeof(out->blind));
	return URA_OK;
}

static size_t
field_ad(char *ad, size_t len, const char *table, const char *column, int64_t row)
{
	int n = snprintf(ad, len, "%s.%s#%lld", table, column, (long long)row);
	return n > 0 && (size_t)n < len ? (size_t)n : len - 1;
}

unsigned char *
field_encrypt(struct arena *a, const struct keys *k, const char *table, const char *column,
	      int64_t row, const char *plain, size_t len, size_t *out_len)
{
	unsigned char *out = arena_alloc(a, len + FIELD_OVERHEAD);
	char ad[160];
	size_t adlen = field_ad(ad, sizeof(ad), table, column, row);

	randombytes_buf(out, 24);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + 24, NULL, (const unsigned char *)plain,
						   len, (const unsigned char *)ad, adlen, NULL, out,
						   k->data);
	*out_len = len + FIELD_OVERHEAD;
	return out;
}

char *
field_decrypt(struct arena *a, const struct keys *k, const char *table, const char *column,
	      int64_t row, const unsigned char *cipher, size_t len)
{
	char ad[160];
	size_t adlen = field_ad(ad, sizeof(ad), table, column, row);
	unsigned char *out;

	if (len < FIELD_OVERHEAD)
		return NULL;
	out = arena_alloc(a, len - FIELD_OVERHEAD + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, NULL, NULL, cipher + 24, len - 24,
						       (const unsigned char *)ad, adlen, cipher,
						       k->data) != 0)
		return NULL;
	out[len - FIELD_OVERHEAD] = '\0';
	return (char *)out;
}

/* Letters of the region's alphabets (and common Latin ones) and the ASCII they fold to. */
static const struct {
	const char *letters, *ascii;
} fold_groups[] = {
	{ "àáâãäåÀÁÂÃÄÅ", "a" }, { "çćčÇĆČ", "c" },          { "đĐ", "dj" },
	{ "èéêëėęÈÉÊËĖĘ", "e" }, { "ìíîïıÌÍÎÏİ", "i" },      { "ñńÑŃ", "n" },
	{ "òóôõöøÒÓÔÕÖØ", "o" }, { "šşśŠŞŚ", "s" },          { "ùúûüÙÚÛÜ", "u" },
	{ "žźżŽŹŻ", "z" },       { "ýÿÝ", "y" },              { "ğĞ", "g" },
	{ "ß", "ss" },
};

/* Folds the UTF-8 character at s to ASCII (nothing for other scripts); returns its length. */
static size_t
fold_letter(const unsigned char *s, char *out, size_t *outn)
{
	size_t n = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : 2;

	*outn = 0;
	for (size_t i = 0; i < sizeof(fold_groups) / sizeof(fold_groups[0]); i++) {
		/* UTF-8 is self-synchronising: a whole character never matches mid-character. */
		if (memmem(fold_groups[i].letters, strlen(fold_groups[i].letters), s, n) != NULL) {
			*outn = strlen(fold_groups[i].ascii);
			memcpy(out, fold_groups[i].ascii, *outn);
			break;
		}
	}
	for (size_t i = 1; i < n; i++)
		if (s[i] == '\0')
			return i; /* a truncated character at the end of the string */
	return n;
}

void
name_normalize(const char *in, char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t o = 0;
	bool space = false;

	while (*s != '\0' && o + 3 < len) {
		char folded[4];
		size_t n = 1, fn = 0;

		if (*s >= 0x80) {
			n = fold_letter(s, folded, &fn);
		} else if (isalnum(*s)) {
			folded[0] = (char)tolower(*s);
			fn = 1;
		} else if (isspace(*s) || *s == '-') {
			space = o > 0;
		}
		if (fn > 0) {
			if (space)
				out[o++] = ' ';
			memcpy(out + o, folded, fn);
			o += fn;
			space = false;
		}
		for (size_t i = 0; i < n && *s != '\0'; i++)
			s++;
	}
	out[o] = '\0';
}

void
blind_index(const struct keys *k, const char *given_name, const char *family_name,
	    const char *birth_date, unsigned char out[BLIND_INDEX_LEN])
{
	char given[256], family[256];
	crypto_generichash_state h;

	name_normalize(given_name ? given_name : "", given, sizeof(given));
	name_normalize(family_name ? family_name : "", family, sizeof(family));
	crypto_generichash_init(&h, k->blind, sizeof(k->blind), BLIND_INDEX_LEN);
	/* NUL separators keep ("ana m", "x") and ("ana", "m x") apart. */
	crypto_generichash_update(&h, (const unsigned char *)given, strlen(given) + 1);
	crypto_generichash_update(&h, (const unsigned char *)family, strlen(family) + 1);
	crypto_generichash_update(&h, (const unsigned char *)(birth_date ? birth_date : ""),
				  strlen(birth_date ? birth_date : "") + 1);
	crypto_generichash_final(&h, out, BLIND_INDEX_LEN);
	sodium_memzero(given, sizeof(given));
	sodium_memzero(family, sizeof(family));
}

void
blind_index_personal_number(const struct keys *k, const char *number,
			    unsigned char out[BLIND_INDEX_LEN])
{
	/* A first byte no normalised name starts with keeps numbers and names apart. */
	static const char domain[] = "\x01personal_number";
	crypto_generichash_state h;

	crypto_generichash_init(&h, k->blind, sizeof(k->blind), BLIND_INDEX_LEN);
	crypto_generichash_update(&h, (const unsigned char *)domain, sizeof(domain));
	crypto_generichash_update(&h, (const unsigned char *)number, strlen(number) + 1);
	crypto_generichash_final(&h, out, BLIND_INDEX_LEN);
}
