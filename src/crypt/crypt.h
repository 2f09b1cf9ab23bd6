/*
 * Secrets: password hashing (argon2id), random tokens and their stored hashes, the master key
 * file. Every function here wipes the secrets it handled before returning.
 */
#ifndef URA_CRYPT_H
#define URA_CRYPT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

#define PASSWORD_HASH_MAX 128   /* crypto_pwhash_STRBYTES */
#define TOKEN_TEXT_LEN 43       /* 32 random bytes as unpadded base64url */
#define TOKEN_HASH_LEN 32
#define MASTER_KEY_LEN 32

/* Initialises libsodium and the password-hashing gate (at most `max_hashes` at once). */
bool crypt_init(int max_hashes);

/*
 * How many password hashes may run at once on `cores` cores when each takes `memory_kib`:
 * one per core, within CRYPT_HASH_MEMORY_BUDGET_KIB of hash memory, and at least one. At the
 * default cost (19 MiB) that is one: a burst of sign-ins queues instead of growing the
 * server by 19 MiB per core (the server's memory goal is 50 MB), and one hash at a time still
 * signs in about twenty people a second.
 */
#define CRYPT_HASH_MEMORY_BUDGET_KIB 24576u
int crypt_hash_slots(int cores, unsigned memory_kib);

/* The cost of the password hashes made from now on (argon2id); the defaults are OWASP's
 * minimum. Lower costs are for tests and very small machines: `ura serve` warns of them.
 * False (nothing changed) for a cost argon2id does not take. */
#define CRYPT_PASSWORD_MEMORY_KIB_DEFAULT 19456u
#define CRYPT_PASSWORD_PASSES_DEFAULT 2u
bool crypt_password_cost(unsigned memory_kib, unsigned passes);

/* argon2id with OWASP's minimum (19 MiB, 2 passes). Blocks while too many hashes run. */
enum ura_status password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
/*
 * True when `password` matches `stored`. With stored == NULL (unknown user) it still spends
 * the time of one verification, so the answer's timing does not tell whether a user exists.
 */
bool password_verify(const char *stored, const char *password);

/* A new random token: TOKEN_TEXT_LEN characters of base64url plus the terminator. */
void token_new(char out[TOKEN_TEXT_LEN + 1]);
/* The hash that is stored in place of a token. */
void token_hash(const char *token, size_t len, unsigned char out[TOKEN_HASH_LEN]);
/*
 * The CSRF token of a browser session, derived from its session token by a keyed hash: the
 * session's holder can always get it again (a reloaded page asks GET /session), nobody without
 * the cookie can compute it, and it reveals nothing of the session token.
 */
void csrf_token_derive(const char *session_token, char out[TOKEN_TEXT_LEN + 1]);
/* Constant-time comparison of two equal-length buffers. */
bool crypt_equal(const void *a, const void *b, size_t len);

/* Creates a new master key file (mode 0600); fails if it exists. */
enum ura_status keyfile_create(const char *path, char *err, size_t errlen);
/* Reads the master key; refuses a file that others can read. */
enum ura_status keyfile_load(const char *path, unsigned char key[MASTER_KEY_LEN], char *err,
			     size_t errlen);

#endif
