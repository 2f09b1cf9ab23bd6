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

/*
 * The creation path of POST /cases for a body already read (api/case_input.h) by a caller
 * who is staff: the checks, the case, its survivor, incident and consent, the audit. `also`
 * (NULL: none) runs inside the same write once the case is stored, given its id; then the
 * answer is 201 with the case, or the problem.
 */
struct case_input;
struct db;
typedef enum ura_status (*case_create_also)(struct db *db, void *ctx, int64_t case_id);
void case_create_reply(struct request *r, const struct case_input *in, case_create_also also,
		       void *ctx);

/* Stores an incident and its narrative encrypted under the case's keys `k` (inside a write);
 * sets i->id. */
struct db;
struct incident_row;
struct keys;
enum ura_status case_incident_store(struct db *db, struct request *r, const struct keys *k,
				    struct incident_row *i, const char *narrative);

#endif
