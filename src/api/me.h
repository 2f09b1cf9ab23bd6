/* The signed-in user's own account: GET /me, PATCH /me (language), POST /me/password. */
#ifndef URA_API_ME_H
#define URA_API_ME_H

#include <jansson.h>

#include "http/request.h"
#include "store/store.h"

void handle_me(struct request *r);
void handle_me_update(struct request *r);
void handle_me_password(struct request *r);

/*
 * The Me document of `u`: {id username display_name role institution_id institution_name
 * locale totp_enabled totp_enrolment_required idle_lock_minutes} (also the `user` of a new
 * session). NULL when the database fails.
 */
json_t *me_json(struct request *r, struct db *db, const struct user *u);

#endif
