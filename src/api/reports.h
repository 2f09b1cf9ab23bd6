/* The summary report (api/reports.c) and the national view (api/national_report.c). */
#ifndef URA_API_REPORTS_H
#define URA_API_REPORTS_H

#include "http/request.h"

void handle_report_summary(struct request *r);
/* GET /reports/national?year= (api/national_report.c). */
void handle_report_national(struct request *r);
/* Calls fn for every (labels group, code) the report's exports look up in data/labels.json
 * (its tables' titles, headers and row labels), for the labels' unit test. */
void report_vocabulary_each(void (*fn)(const char *group, const char *code, void *ctx),
			    void *ctx);

#endif
