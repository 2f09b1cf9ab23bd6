/* /healthz (the process answers), /readyz (the database answers), /metrics, OpenAPI. */
#include "api/ops.h"

#include <string.h>

#include "api/app.h"
#include "http/metrics.h"

extern const char openapi_json[]; /* embedded from src/api/openapi.json at build time */
extern const char index_html[];   /* embedded from web/index.html */

void
handle_index(struct request *r)
{
	reply_text(r, 200, "text/html; charset=utf-8", index_html, strlen(index_html));
}

void
handle_healthz(struct request *r)
{
	reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

void
handle_readyz(struct request *r)
{
	enum ura_status st = store_ping(r->app->store);

	/* Not ready while the database cannot be reached, or is full until a write succeeds. */
	if (st == URA_OK)
		reply_json(r, 200, json_pack("{s:s}", "status", "ready"));
	else
		reply_status(r, st == URA_EFULL ? URA_EFULL : URA_EUNAVAILABLE);
}

void
handle_metrics(struct request *r)
{
	size_t len;
	char *text = metrics_render(&r->arena, api_routes, api_nroutes, &len);

	reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
}

void
handle_openapi(struct request *r)
{
	reply_text(r, 200, "application/json", openapi_json, strlen(openapi_json));
}
