/*
 * Attachments encrypted at rest (libsodium). Each attachment has its own random key; the
 * bytes are a crypto_secretstream_xchacha20poly1305 stream under it (a 24-byte header, then
 * chunks of ATTACH_CHUNK bytes each sealed with a 17-byte tag, the last one marked final, so
 * a truncated, reordered or spliced file fails to open), and the file name is sealed under it
 * too. The key itself is stored only wrapped (XChaCha20-Poly1305) under a wrapping key that
 * the caller chooses (api/attachments.c, attachment_wrapping_key), bound to the attachment's
 * file id. Every function wipes the key material it derived before returning.
 */
#ifndef URA_CRYPT_ATTACHMENT_H
#define URA_CRYPT_ATTACHMENT_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

#define ATTACH_KEY_LEN crypto_secretstream_xchacha20poly1305_KEYBYTES
#define ATTACH_HEADER_LEN crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define ATTACH_CHUNK (64 * 1024)
#define ATTACH_CHUNK_SEALED (ATTACH_CHUNK + crypto_secretstream_xchacha20poly1305_ABYTES)
#define ATTACH_WRAPPED_KEY_LEN (24 + ATTACH_KEY_LEN + 16)
#define ATTACH_FILE_ID_LEN 32 /* hex characters of 16 random bytes */

/* A new random key and file id (NUL-terminated hex). */
void attach_key_new(unsigned char key[ATTACH_KEY_LEN], char file_id[ATTACH_FILE_ID_LEN + 1]);
/* The key wrapped under `wrapping` (32 bytes), bound to `file_id`. */
void attach_key_wrap(const unsigned char *wrapping, const char *file_id,
		     const unsigned char key[ATTACH_KEY_LEN],
		     unsigned char out[ATTACH_WRAPPED_KEY_LEN]);
/* False when `wrapped` is not a key wrapped under `wrapping` for `file_id`. */
bool attach_key_unwrap(const unsigned char *wrapping, const char *file_id,
		       const unsigned char *wrapped, size_t len,
		       unsigned char key[ATTACH_KEY_LEN]);

/* The file name sealed under the attachment's key (into the arena; *out_len its size). */
unsigned char *attach_name_seal(struct arena *a, const unsigned char key[ATTACH_KEY_LEN],
				const char *file_id, const char *name, size_t *out_len);
/* The name opened as a NUL-terminated arena string; NULL when it does not open. */
char *attach_name_open(struct arena *a, const unsigned char key[ATTACH_KEY_LEN],
		       const char *file_id, const unsigned char *sealed, size_t len);

/* ---- the bytes, chunk by chunk ---- */

struct attach_pull {
	crypto_secretstream_xchacha20poly1305_state st;
	bool final;   /* the final chunk has been opened */
	bool begun;   /* the header has been read */
};
/*
 * Opens the stream segment by segment: the header first, then each sealed chunk; the plain
 * bytes are appended to out[*out_len..cap). False on tampering, on a chunk after the final
 * one, or when the plain bytes would pass `cap`. attach_pull_done says the stream ended well.
 */
bool attach_pull_segment(struct attach_pull *p, const unsigned char key[ATTACH_KEY_LEN],
			 const unsigned char *seg, size_t len, unsigned char *out, size_t cap,
			 size_t *out_len);
bool attach_pull_done(const struct attach_pull *p);

#endif
