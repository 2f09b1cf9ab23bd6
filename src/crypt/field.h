/*
 * Encryption of personal fields at rest, and the blind index that finds duplicates without
 * decrypting.
 *
 * Keys: a random 256-bit data key encrypts every personal field; it is stored only wrapped
 * (encrypted) under the master key from the key file, so rotating the master key re-wraps
 * one value instead of re-encrypting the database. The blind-index key is derived from the
 * data key, so indexes survive master-key rotation.
 *
 * Ciphertext: XChaCha20-Poly1305 with a random 192-bit nonce, laid out nonce || ciphertext ||
 * tag; the associated data binds it to "table.column#row", so a value copied into another
 * row or column fails to decrypt instead of showing up where it does not belong.
 */
#ifndef URA_CRYPT_FIELD_H
#define URA_CRYPT_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "crypt/crypt.h"

#define DATA_KEY_LEN 32
#define WRAPPED_KEY_LEN (24 + DATA_KEY_LEN + 16)
#define FIELD_OVERHEAD (24 + 16)
#define BLIND_INDEX_LEN 32

/* The process's keys, unwrapped once at start. Owned by the caller; wipe with keys_wipe. */
struct keys {
	unsigned char data[DATA_KEY_LEN];
	unsigned char blind[DATA_KEY_LEN];
};

/* A new random data key, and its wrapped form under `master`. */
void keys_generate(struct keys *k, const unsigned char master[MASTER_KEY_LEN],
		   unsigned char wrapped[WRAPPED_KEY_LEN]);
/* Unwraps; URA_EFORBIDDEN when `master` is not the key it was wrapped with. */
enum ura_status keys_unwrap(struct keys *k, const unsigned char master[MASTER_KEY_LEN],
			    const unsigned char wrapped[WRAPPED_KEY_LEN]);
/* Wraps the data key under another master key (rotation). */
void keys_wrap(const struct keys *k, const unsigned char master[MASTER_KEY_LEN],
	       unsigned char wrapped[WRAPPED_KEY_LEN]);
void keys_wipe(struct keys *k);

/*
 * A case's own data key (crypto-shredding: destroying it leaves the case's ciphertext
 * unreadable). Random, stored only wrapped under the process data key and bound to the case's
 * id ("cases.data_key#<id>"), so a wrapped key copied to another case does not unwrap. The
 * blind-index key stays the process's: duplicates are found across cases.
 */
void case_key_generate(const struct keys *process, int64_t case_id, struct keys *out,
		       unsigned char wrapped[WRAPPED_KEY_LEN]);
/* Unwraps; URA_EFORBIDDEN when `wrapped` is not a key of this case under `process`. */
enum ura_status case_key_unwrap(const struct keys *process, int64_t case_id,
				const unsigned char *wrapped, size_t len, struct keys *out);

/* Encrypts `len` bytes into the arena; *out_len = len + FIELD_OVERHEAD. */
unsigned char *field_encrypt(struct arena *a, const struct keys *k, const char *table,
			     const char *column, int64_t row, const char *plain, size_t len,
			     size_t *out_len);
/* Decrypts into a NUL-terminated arena string; NULL when the value was tampered with or
 * belongs to another table, column or row. */
char *field_decrypt(struct arena *a, const struct keys *k, const char *table, const char *column,
		    int64_t row, const unsigned char *cipher, size_t len);

/*
 * A name as the blind index sees it: lower case, Albanian and Serbian diacritics folded
 * (ë→e, ç→c, š→s, ž→z, č/ć→c, đ→dj), punctuation dropped, spaces collapsed, trimmed.
 */
void name_normalize(const char *in, char *out, size_t len);
/* The keyed index of normalised names plus a birth date ("YYYY-MM-DD", or "" when unknown). */
void blind_index(const struct keys *k, const char *given_name, const char *family_name,
		 const char *birth_date, unsigned char out[BLIND_INDEX_LEN]);

/* The keyed index of a personal number (upper case, as domain/cases keeps it), apart from every
 * name index. */
void blind_index_personal_number(const struct keys *k, const char *number,
				 unsigned char out[BLIND_INDEX_LEN]);

#endif
