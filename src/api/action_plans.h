/* A mechanism's local action plans and their activities (api/action_plans.c). */
#ifndef URA_API_ACTION_PLANS_H
#define URA_API_ACTION_PLANS_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

void handle_mechanism_plans_list(struct request *r);
void handle_mechanism_plan_create(struct request *r);
void handle_plan_get(struct request *r);
void handle_plan_activities_list(struct request *r);
void handle_plan_activity_create(struct request *r);
void handle_activity_update(struct request *r);

/* ---- body readers shared with api/trainings.c ---- */

/* The names of the `allowed` fields present in the body, as a JSON array text for the audit
 * log (never values). */
const char *plans_given_fields(struct request *r, const char *const *allowed);

#endif
