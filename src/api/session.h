/* Who is calling, CSRF, signing out, and API tokens (signing in: api/sign_in.h). */
#ifndef URA_API_SESSION_H
#define URA_API_SESSION_H

#include "http/request.h"

/* Sets r->caller from the session cookie or bearer token; URA_EAUTH when neither is valid. */
enum ura_status session_identify(struct request *r);
/* The X-CSRF-Token header matches the session's token. */
bool session_csrf_ok(const struct request *r);
/* Whether the caller may use this route now: a caller whose role needs a second factor and
 * who has none yet may only read /me, enrol, change their password and sign out. */
bool session_route_allowed(const struct request *r);
/* Credentials (tokens, password, second factor) change only in a signed-in session, never
 * through an API token: replies 403 and returns false for a token. */
bool session_required(struct request *r);
/* "ura_session", or "__Host-ura_session" over TLS. */
const char *session_cookie_name(const struct request *r);

void handle_session_delete(struct request *r);
void handle_session_get(struct request *r);
void handle_tokens_create(struct request *r);
void handle_tokens_list(struct request *r);
void handle_tokens_revoke(struct request *r);

#endif
