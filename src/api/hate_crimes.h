/*
 * Hate-crime statistics (issue 14): a hate-crime case's outcome (api/hate_crimes.c), the
 * report by bias, municipality and outcome (api/hate_crimes.c), and the CSO's feedback on
 * the police with its quarterly aggregate (api/police_feedback.c).
 */
#ifndef URA_API_HATE_CRIMES_H
#define URA_API_HATE_CRIMES_H

#include "http/request.h"

/* GET and PUT /cases/{id}/hate-crime-outcome */
void handle_hate_outcome_get(struct request *r);
void handle_hate_outcome_put(struct request *r);
/* GET /reports/hate-crimes */
void handle_report_hate_crimes(struct request *r);
/* POST /police-feedback and GET /mechanisms/{id}/police-feedback */
void handle_police_feedback_create(struct request *r);
void handle_police_feedback_aggregate(struct request *r);
/* The (labels group, code) pairs the report's exports look up, for the labels' unit test. */
void hate_report_vocabulary_each(void (*fn)(const char *group, const char *code, void *ctx),
				 void *ctx);

#endif
