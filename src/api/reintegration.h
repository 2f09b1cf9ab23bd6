/* A reintegration case's release, its pre-release timeline and the violent-extremism needs
 * checklist (api/reintegration.c). */
#ifndef URA_API_REINTEGRATION_H
#define URA_API_REINTEGRATION_H

#include "http/request.h"

void handle_reintegration_plan(struct request *r);
void handle_case_reintegration(struct request *r);
void handle_case_release(struct request *r);
void handle_reintegration_task_update(struct request *r);
void handle_case_needs_get(struct request *r);
void handle_case_needs_put(struct request *r);

#endif
