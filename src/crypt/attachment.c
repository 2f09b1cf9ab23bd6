/* Attachments' keys, names and byte streams (crypt/attachment.h). */
#include "crypt/attachment.h"

#include <stdio.h>
#include <string.h>

#define KEY_AD "ura-attachment-key-v1:"
#define NAME_AD "ura-attachment-name-v1:"

static size_t
bound_ad(char *ad, size_t len, const char *prefix, const char *file_id)
{
	int n = snprintf(ad, len, "%s%s", prefix, file_id);
	return n > 0 && (size_t)n < len ? (size_t)n : len - 1;
}

void
attach_key_new(unsigned char key[ATTACH_KEY_LEN], char file_id[ATTACH_FILE_ID_LEN + 1])
{
	unsigned char raw[ATTACH_FILE_ID_LEN / 2];

	crypto_secretstream_xchacha20poly1305_keygen(key);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(file_id, ATTACH_FILE_ID_LEN + 1, raw, sizeof(raw));
}

void
attach_key_wrap(const unsigned char *wrapping, const char *file_id,
		const unsigned char key[ATTACH_KEY_LEN], unsigned char out[ATTACH_WRAPPED_KEY_LEN])
{
	char ad[96];
	size_t adlen = bound_ad(ad, sizeof(ad), KEY_AD, file_id);

	randombytes_buf(out, 24);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + 24, NULL, key, ATTACH_KEY_LEN,
						   (const unsigned char *)ad, adlen, NULL, out,
						   wrapping);
}

bool
attach_key_unwrap(const unsigned char *wrapping, const char *file_id, const unsigned char *wrapped,
		  size_t len, unsigned char key[ATTACH_KEY_LEN])
{
	char ad[96];
	size_t adlen = bound_ad(ad, sizeof(ad), KEY_AD, file_id);

	if (wrapping == NULL || len != ATTACH_WRAPPED_KEY_LEN ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(key, NULL, NULL, wrapped + 24, len - 24,
						       (const unsigned char *)ad, adlen, wrapped,
						       wrapping) != 0) {
		sodium_memzero(key, ATTACH_KEY_LEN);
		return false;
	}
	return true;
}

unsigned char *
attach_name_seal(struct arena *a, const unsigned char key[ATTACH_KEY_LEN], const char *file_id,
		 const char *name, size_t *out_len)
{
	size_t len = strlen(name);
	unsigned char *out = arena_alloc(a, len + 24 + 16);
	char ad[96];
	size_t adlen = bound_ad(ad, sizeof(ad), NAME_AD, file_id);

	randombytes_buf(out, 24);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + 24, NULL, (const unsigned char *)name,
						   len, (const unsigned char *)ad, adlen, NULL, out,
						   key);
	*out_len = len + 24 + 16;
	return out;
}

char *
attach_name_open(struct arena *a, const unsigned char key[ATTACH_KEY_LEN], const char *file_id,
		 const unsigned char *sealed, size_t len)
{
	char ad[96];
	size_t adlen = bound_ad(ad, sizeof(ad), NAME_AD, file_id);
	char *out;

	if (len < 24 + 16)
		return NULL;
	out = arena_alloc(a, len - 24 - 16 + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, NULL, NULL,
						       sealed + 24, len - 24,
						       (const unsigned char *)ad, adlen, sealed,
						       key) != 0)
		return NULL;
	out[len - 24 - 16] = '\0';
	return out;
}

bool
attach_pull_segment(struct attach_pull *p, const unsigned char key[ATTACH_KEY_LEN],
		    const unsigned char *seg, size_t len, unsigned char *out, size_t cap,
		    size_t *out_len)
{
	unsigned long long n;
	unsigned char tag;

	if (!p->begun) {
		p->begun = true;
		return len == ATTACH_HEADER_LEN &&
		       crypto_secretstream_xchacha20poly1305_init_pull(&p->st, seg, key) == 0;
	}
	if (p->final || len < crypto_secretstream_xchacha20poly1305_ABYTES ||
	    len > ATTACH_CHUNK_SEALED ||
	    len - crypto_secretstream_xchacha20poly1305_ABYTES > cap - *out_len)
		return false;
	if (crypto_secretstream_xchacha20poly1305_pull(&p->st, out + *out_len, &n, &tag, seg, len,
						       NULL, 0) != 0)
		return false;
	*out_len += (size_t)n;
	p->final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	return true;
}

bool
attach_pull_done(const struct attach_pull *p)
{
	return p->begun && p->final;
}
