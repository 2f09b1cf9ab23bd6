/* The summary report (api/reports.c). */
#ifndef URA_API_REPORTS_H
#define URA_API_REPORTS_H

#include "http/request.h"

void handle_report_summary(struct request *r);

#endif
