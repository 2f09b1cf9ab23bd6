/* Consent records of a case: adding one, withdrawing one (which ends future access). */
#ifndef URA_API_CONSENTS_H
#define URA_API_CONSENTS_H

#include "http/request.h"

struct db;

void handle_consent_create(struct request *r);
void handle_consent_withdraw(struct request *r);

/* Every id of the JSON array `ids_json` names an institution; 422 on `field` otherwise. */
enum ura_status consent_check_institutions(struct db *db, struct request *r,
					   const char *ids_json, const char *field);

#endif
