/*
 * The service directory as Open Referral HSDS 3.0: organisations, their services, phones,
 * languages, opening hours and (never a shelter's) locations, as JSON or as one CSV file per
 * HSDS table. GET /public/directory answers anyone, without an account or a cookie, for the
 * institutions that chose to be listed; GET /directory/hsds answers staff for every
 * institution. Every id is a UUID: the institution's own, or derived from it (crypt/uuid.h).
 */
#ifndef URA_API_HSDS_H
#define URA_API_HSDS_H

#include "http/request.h"

void handle_public_directory(struct request *r);
void handle_hsds(struct request *r);

#endif
