/* Cases: create, read and list under the information-sharing protocol (domain/policy). */
#ifndef URA_API_CASES_H
#define URA_API_CASES_H

#include "http/request.h"

void handle_cases_create(struct request *r);
void handle_case_get(struct request *r);
void handle_cases_list(struct request *r);

#endif
