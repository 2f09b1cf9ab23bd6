/* Break glass (api/emergency.c). */
#ifndef URA_API_EMERGENCY_H
#define URA_API_EMERGENCY_H

#include <jansson.h>

#include "api/case_facts.h"
#include "http/request.h"

void handle_case_emergency_access(struct request *r);
/* POST /emergency-access {"reference","justification"}: the same, by the case's reference. */
void handle_emergency_access_by_reference(struct request *r);
/* The case's grants as the owner sees them (with the justifications); NULL on tampering. */
json_t *emergency_grants_json(struct request *r, const struct case_facts *f);

#endif
