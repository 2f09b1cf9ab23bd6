/*
 * Reports made without an account: POST /public/reports (a JSON body, or the public form)
 * and POST /public/reports/status (the receipt in the body, never in an address). No
 * session, no cookie; a form is answered with a page (api/report_page.h), JSON with JSON.
 */
#ifndef URA_API_PUBLIC_REPORTS_H
#define URA_API_PUBLIC_REPORTS_H

#include "http/request.h"

void handle_public_report_create(struct request *r);
void handle_public_report_status(struct request *r);

#endif
