/*
 * Prometheus metrics: requests by route and status, and a latency histogram per route.
 * Counters are atomics updated by every worker; rendering reads them without locks.
 */
#ifndef URA_HTTP_METRICS_H
#define URA_HTTP_METRICS_H

#include <stddef.h>

#include "core/arena.h"
#include "http/router.h"

/* Allocates counters for `nroutes` routes plus one bucket for unmatched requests. */
void metrics_init(int nroutes);
void metrics_free(void);
/* route_index -1 for requests that matched no route. */
void metrics_observe(int route_index, int status, double seconds);
/* The text exposition format. */
char *metrics_render(struct arena *a, const struct route *routes, int nroutes, size_t *len);

#endif
