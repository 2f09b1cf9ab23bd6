/*
 * Signing in (POST /session), and the throttle every password or second-factor check goes
 * through (sign-in, changing one's password, confirming or removing TOTP): failures are
 * counted per account and per client address, the client's address taken from behind the
 * trusted proxies (http/forwarded.h).
 */
#ifndef URA_API_SIGN_IN_H
#define URA_API_SIGN_IN_H

#include "http/request.h"
#include "store/store.h"

struct throttle {
	const char *account, *address; /* the two subjects failures are counted under */
};

/* The subjects for `username` and this request's client. */
void throttle_subjects(struct request *r, const char *username, struct throttle *t);
/* Replies 429 with Retry-After and returns false when the account or the address must wait. */
bool throttle_allows(struct request *r, struct db *db, const struct throttle *t);
/*
 * The frame of the signed-in user's own credential checks (current password, a second-factor
 * code): a session (a token gets 403), clean input (`allowed` fields), a reader, and the
 * throttle under the user's name not in the way. Replies and returns NULL otherwise.
 */
struct db *throttle_credential_check(struct request *r, const char *const *allowed,
				     struct throttle *t);
/* Counts one failure under both subjects (inside a write). */
enum ura_status throttle_fail(struct db *db, const struct throttle *t);

void handle_session_create(struct request *r);

#endif
