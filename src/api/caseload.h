/*
 * What a caseworker's home screen and case pages need beyond the case itself: finding a
 * survivor's cases through the blind index (POST /cases/search), the day's worklist
 * (GET /worklist), an institution's staff for the assignment picker
 * (GET /institutions/{id}/staff), and the demo's accounts for its sign-in page
 * (GET /demo-accounts).
 */
#ifndef URA_API_CASELOAD_H
#define URA_API_CASELOAD_H

#include "http/request.h"

void handle_case_search(struct request *r);
void handle_worklist(struct request *r);
void handle_institution_staff(struct request *r);
void handle_demo_accounts(struct request *r);

/* The settings row that marks a database made by `ura demo`. */
#define DEMO_SETTING "demo"

#endif
