/* Protection orders and case-plan actions (api/case_plan.c). */
#ifndef URA_API_CASE_PLAN_H
#define URA_API_CASE_PLAN_H

#include <jansson.h>

#include "domain/policy.h"
#include "http/request.h"
#include "store/store.h"

/* A protection order as JSON. */
json_t *order_json(const struct order_row *o);
/* A case-plan action as JSON; its title only where domain/policy lets the caller read it
 * (*ok cleared when it does not decrypt). */
json_t *action_json(struct request *r, const struct action_row *x,
		    const struct policy_decision *d, bool *ok);

void handle_case_order_add(struct request *r);
void handle_order_decide(struct request *r);
void handle_order_breach(struct request *r);
void handle_case_orders_list(struct request *r);
void handle_case_action_add(struct request *r);
void handle_action_update(struct request *r);
void handle_case_actions_list(struct request *r);

#endif
