/*
 * Routes: a method, a path pattern with {parameters}, a handler and what the route needs
 * (a signed-in caller, a JSON body). The table itself is api/routes.c.
 */
#ifndef URA_HTTP_ROUTER_H
#define URA_HTTP_ROUTER_H

#include <stddef.h>

#include "http/request.h"

enum route_auth { AUTH_PUBLIC, AUTH_SIGNED_IN };
/* BODY_JSON: a JSON object; BODY_JSON_ARRAY: a JSON array (PUT of a whole list);
 * BODY_FORM_OR_JSON: a JSON object, or an HTML form (application/x-www-form-urlencoded) left
 * unparsed in r->body for the handler (the public pages, which work without JavaScript);
 * BODY_UPLOAD: a file's bytes, streamed to disk as they arrive (api/upload.c), never parsed. */
enum route_body { BODY_NONE, BODY_JSON, BODY_OPTIONAL, BODY_JSON_ARRAY, BODY_FORM_OR_JSON,
		  BODY_UPLOAD };

typedef void (*route_handler)(struct request *r);

struct route {
	enum http_method method;
	const char *pattern; /* "/api/v1/municipalities/{id}" */
	route_handler handler;
	enum route_auth auth;
	enum route_body body;
	const void *arg; /* handed to shared handlers (e.g. which resource), via r->route->arg */
	bool quick;      /* no database, no waiting: runs on the event thread, skipping a handoff */
	/* The query parameters the route reads, NULL-terminated; NULL: none. Any other one is
	 * refused (400 naming it) before the handler runs, so a misspelt filter never silently
	 * widens a list. tests/unit/test_openapi.c checks them against openapi.json. */
	const char *const *query;
	bool hashes;     /* hashes a password (argon2id): runs on the hashing workers */
};

enum route_match { ROUTE_FOUND, ROUTE_NO_PATH, ROUTE_NO_METHOD };

/* The first query parameter of `r` that its route does not declare; NULL when all are. */
const char *router_unknown_query(const struct route *route, const struct request *r);

/*
 * Finds the route for method and path. On ROUTE_FOUND sets r->route, r->route_index and the
 * path parameters; on ROUTE_NO_METHOD writes the allowed methods ("GET, POST") into allow.
 */
enum route_match router_match(const struct route *routes, int nroutes, struct request *r,
			      char *allow, size_t allowlen);
const char *http_method_name(enum http_method m);
enum http_method http_method_parse(const char *s);

#endif
