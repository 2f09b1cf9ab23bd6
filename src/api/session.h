/* Signing in and out, who is calling, CSRF, and API tokens. */
#ifndef URA_API_SESSION_H
#define URA_API_SESSION_H

#include "http/request.h"

/* Sets r->caller from the session cookie or bearer token; URA_EAUTH when neither is valid. */
enum ura_status session_identify(struct request *r);
/* The X-CSRF-Token header matches the session's token. */
bool session_csrf_ok(const struct request *r);

void handle_session_create(struct request *r);
void handle_session_delete(struct request *r);
void handle_session_get(struct request *r);
void handle_me(struct request *r);
void handle_tokens_create(struct request *r);
void handle_tokens_list(struct request *r);
void handle_tokens_revoke(struct request *r);

/* {"id","username","display_name","role","institution_id","locale"} */
json_t *user_summary_json(const struct user *u);

#endif
