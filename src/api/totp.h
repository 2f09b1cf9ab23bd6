/*
 * The second factor in the API: enrolment (POST /me/totp, POST /me/totp/confirm), turning it
 * off (DELETE /me/totp), an administrator's reset (DELETE /users/{id}/totp), and the check of
 * a code that sign-in and these routes share: a six-digit TOTP code, or where allowed one of
 * the ten recovery codes; either works once only.
 */
#ifndef URA_API_TOTP_H
#define URA_API_TOTP_H

#include "http/request.h"
#include "store/store.h"

void handle_me_totp_begin(struct request *r);
void handle_me_totp_confirm(struct request *r);
void handle_me_totp_delete(struct request *r);
void handle_user_totp_reset(struct request *r);

/* A code given for a user, checked in two steps: against the secret before the write, and
 * used up inside it (so that two requests with one code cannot both pass). */
struct totp_attempt {
	bool usable;    /* the code can be right: a current TOTP code not yet used, or a
			 * recovery code's shape (its existence is learnt by using it) */
	bool recovery;  /* a recovery code */
	int64_t step;   /* the TOTP step it belongs to */
	unsigned char hash[32]; /* the recovery code's hash */
};
/* Checks `code` (NULL: none given) against the user's enabled secret. URA_OK whatever the
 * verdict (in a->usable); an error status only when the database or the decryption fails. */
enum ura_status totp_attempt_prepare(struct request *r, struct db *db, int64_t user_id,
				     const char *code, bool recovery_allowed,
				     struct totp_attempt *a);
/* Inside the write: uses the step or the recovery code up; *ok false when it cannot be used
 * (wrong, or used meanwhile). */
enum ura_status totp_attempt_consume(struct db *db, int64_t user_id,
				     const struct totp_attempt *a, int64_t now, bool *ok);

#endif
