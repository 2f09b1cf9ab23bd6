/* Risk instruments and assessments (api/risk.c). */
#ifndef URA_API_RISK_H
#define URA_API_RISK_H

#include <jansson.h>

#include "http/request.h"
#include "store/store.h"

/* A risk assessment as JSON (its answers and reason stay sealed). */
json_t *assessment_json(const struct assessment_row *x);

void handle_instruments_list(struct request *r);
void handle_instrument_get(struct request *r);
void handle_case_assessment_add(struct request *r);
void handle_case_assessments_list(struct request *r);

#endif
