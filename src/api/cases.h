/* Cases: create, read and list under the information-sharing protocol (domain/policy). */
#ifndef URA_API_CASES_H
#define URA_API_CASES_H

#include "http/request.h"

void handle_cases_create(struct request *r);
void handle_case_get(struct request *r);
void handle_cases_list(struct request *r);

/* The owner's writes (api/case_update.c). */
void handle_case_update(struct request *r);
void handle_case_close(struct request *r);
void handle_case_incident_add(struct request *r);

/* Stores an incident and its encrypted narrative (inside a write); sets i->id. */
struct db;
struct incident_row;
enum ura_status case_incident_store(struct db *db, struct request *r, struct incident_row *i,
				    const char *narrative);

#endif
