/* /healthz (the process answers), /readyz (the database answers), /metrics, OpenAPI. */
#include "api/ops.h"

#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "core/embedded.h"
#include "http/metrics.h"

extern const char openapi_json[]; /* embedded from src/api/openapi.json at build time */
static const struct web_asset *
web_asset_find(const char *path)
{
	for (const struct web_asset *a = web_assets; a->path != NULL; a++)
		if (strcmp(a->path, path) == 0)
			return a;
	return NULL;
}

/* Whether the client takes gzip: a token "gzip" in Accept-Encoding not weighted q=0. */
static bool
accepts_gzip(const char *accept)
{
	const char *p = accept ? strstr(accept, "gzip") : NULL;

	return p != NULL && strncmp(p + 4, ";q=0", 4) != 0 && strncmp(p + 4, "; q=0", 5) != 0;
}

static void
reply_asset(struct request *r, const struct web_asset *a)
{
	reply_header_add(r, "Vary", "Accept-Encoding");
	reply_header_add(r, "Cache-Control",
			 a->immutable ? "public, max-age=31536000, immutable" : "no-cache");
	if (accepts_gzip(req_header(r, "Accept-Encoding"))) {
		reply_header_add(r, "Content-Encoding", "gzip");
		reply_bytes(r, 200, a->content_type, a->gz, a->gz_len);
	} else {
		reply_bytes(r, 200, a->content_type, a->data, a->len);
	}
}

/* The browser UI: "/" is its page; its scripts, styles and icon are files by path. */
void
handle_index(struct request *r)
{
	reply_asset(r, web_asset_find("/index.html"));
}

void
handle_web_asset(struct request *r)
{
	const struct web_asset *a = web_asset_find(r->path);

	if (a == NULL || strcmp(a->path, "/index.html") == 0) {
		reply_problem(r, 404, MSG_ROUTE_NOT_FOUND);
		return;
	}
	reply_asset(r, a);
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
	static const char store_format[] =
		"# HELP ura_store_writes_total Writes done (each request's transaction).\n"
		"# TYPE ura_store_writes_total counter\nura_store_writes_total %lld\n"
		"# HELP ura_store_write_batches_total Commits of the writer, each of one batch of "
		"writes.\n# TYPE ura_store_write_batches_total counter\n"
		"ura_store_write_batches_total %lld\n"
		"# HELP ura_store_writes_pending Writes waiting for the writer or in its batch.\n"
		"# TYPE ura_store_writes_pending gauge\nura_store_writes_pending %lld\n";
	struct store_write_stats w;
	size_t len;
	char *text = metrics_render(&r->arena, api_routes, api_nroutes, &len), *all;
	int more;

	store_write_stats(r->app->store, &w);
	more = snprintf(NULL, 0, store_format, (long long)w.writes, (long long)w.batches,
			(long long)w.pending);
	all = arena_alloc(&r->arena, len + (size_t)more + 1);
	memcpy(all, text, len);
	snprintf(all + len, (size_t)more + 1, store_format, (long long)w.writes,
		 (long long)w.batches, (long long)w.pending);
	reply_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", all, len + (size_t)more);
}

void
handle_openapi(struct request *r)
{
	reply_text(r, 200, "application/json", openapi_json, strlen(openapi_json));
}
