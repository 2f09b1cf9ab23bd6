/* Protection orders and case-plan actions (api/case_plan.c). */
#ifndef URA_API_CASE_PLAN_H
#define URA_API_CASE_PLAN_H

#include "http/request.h"

void handle_case_order_add(struct request *r);
void handle_order_decide(struct request *r);
void handle_order_breach(struct request *r);
void handle_case_orders_list(struct request *r);
void handle_case_action_add(struct request *r);
void handle_action_update(struct request *r);
void handle_case_actions_list(struct request *r);

#endif
