/*
 * The second factor: TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) by liboath, and
 * single-use recovery codes. Secrets are kept as their base32 text (what authenticator apps
 * are given), encrypted at rest by the caller like every other secret (crypt/field.h).
 *
 * A code is accepted within one step either side of now (clock drift), and only for a step
 * later than the last one accepted for the user: the same code, or an earlier one, is refused
 * once a code has been used (replay). Pure apart from the random numbers of the new secrets.
 */
#ifndef URA_CRYPT_TOTP_H
#define URA_CRYPT_TOTP_H

#include <stdbool.h>
#include <stdint.h>

#include "crypt/crypt.h"

#define TOTP_SECRET_BYTES 20      /* RFC 4226's recommended 160 bits */
#define TOTP_SECRET_TEXT_LEN 32   /* as base32, no padding */
#define TOTP_STEP_SECONDS 30
#define TOTP_DIGITS 6
#define TOTP_WINDOW 1             /* steps accepted either side of now */
#define RECOVERY_CODE_COUNT 10
#define RECOVERY_CODE_TEXT_LEN 19 /* "abcd-efgh-ijkl-mnop": 80 random bits */

/* A new random secret as base32 text. */
void totp_secret_new(char out[TOTP_SECRET_TEXT_LEN + 1]);

enum totp_result { TOTP_ACCEPTED, TOTP_WRONG, TOTP_REPLAYED };
/*
 * Checks `code` (six digits) against the base32 `secret` at `now`. Accepted only when it is the
 * code of a step within TOTP_WINDOW of now and after `last_step` (the last accepted; 0: none);
 * *step is then that step, which the caller stores as the new last_step.
 */
enum totp_result totp_check(const char *secret, int64_t now, const char *code, int64_t last_step,
			    int64_t *step);
/* The code of the step holding `now` (tests and the demo; never sent anywhere). */
bool totp_code_at(const char *secret, int64_t now, char out[TOTP_DIGITS + 1]);
/* Exactly six ASCII digits. */
bool totp_code_shape(const char *code);

/* A new recovery code, "xxxx-xxxx-xxxx-xxxx" in lower-case base32. */
void recovery_code_new(char out[RECOVERY_CODE_TEXT_LEN + 1]);
/* The stored hash of a recovery code as a person may type it (any case, with or without
 * dashes and spaces); false when the text cannot be a recovery code. */
bool recovery_code_hash(const char *code, unsigned char out[TOKEN_HASH_LEN]);

#endif
