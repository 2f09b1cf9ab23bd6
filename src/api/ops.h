/* Operations endpoints: health, readiness, metrics and the OpenAPI document. */
#ifndef URA_API_OPS_H
#define URA_API_OPS_H

#include "http/request.h"

void handle_index(struct request *r);
void handle_web_asset(struct request *r);
void handle_healthz(struct request *r);
void handle_readyz(struct request *r);
void handle_metrics(struct request *r);
void handle_openapi(struct request *r);

#endif
