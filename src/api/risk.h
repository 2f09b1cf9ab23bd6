/* Risk instruments and assessments (api/risk.c). */
#ifndef URA_API_RISK_H
#define URA_API_RISK_H

#include "http/request.h"

void handle_instruments_list(struct request *r);
void handle_instrument_get(struct request *r);
void handle_case_assessment_add(struct request *r);
void handle_case_assessments_list(struct request *r);

#endif
