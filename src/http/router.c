/* Matching a path against the route table, segment by segment. */
#include "http/router.h"

#include <stdio.h>
#include <string.h>

const char *
http_method_name(enum http_method m)
{
	static const char *names[] = { "GET", "POST", "PUT", "PATCH", "DELETE", "OTHER" };
	return names[m];
}

enum http_method
http_method_parse(const char *s)
{
	for (int m = HTTP_GET; m < HTTP_OTHER; m++)
		if (strcmp(s, http_method_name((enum http_method)m)) == 0)
			return (enum http_method)m;
	return HTTP_OTHER;
}

/* Matches `path` against `pattern`; fills params (pointing into arena copies). */
static bool
path_matches(const char *pattern, const char *path, struct request *r, const char **params,
	     int *nparams)
{
	const char *p = pattern, *s = path;

	*nparams = 0;
	while (*p != '\0' && *s != '\0') {
		const char *pend = strchr(p + 1, '/'), *send = strchr(s + 1, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		size_t slen = send ? (size_t)(send - s) : strlen(s);

		if (plen > 2 && p[1] == '{') {
			if (slen < 2 || *s != '/' || *nparams == REQUEST_PARAMS_MAX)
				return false;
			params[(*nparams)++] = arena_strndup(&r->arena, s + 1, slen - 1);
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return false;
		}
		p += plen;
		s += slen;
	}
	return *p == '\0' && *s == '\0';
}

enum route_match
router_match(const struct route *routes, int nroutes, struct request *r, char *allow,
	     size_t allowlen)
{
	const char *params[REQUEST_PARAMS_MAX];
	int nparams;
	bool path_known = false;

	allow[0] = '\0';
	for (int i = 0; i < nroutes; i++) {
		if (!path_matches(routes[i].pattern, r->path, r, params, &nparams))
			continue;
		if (routes[i].method == r->method) {
			r->route = &routes[i];
			r->route_index = i;
			r->nparams = nparams;
			memcpy(r->params, params, sizeof(params[0]) * (size_t)nparams);
			return ROUTE_FOUND;
		}
		path_known = true;
		size_t used = strlen(allow);
		snprintf(allow + used, allowlen - used, "%s%s", used ? ", " : "",
			 http_method_name(routes[i].method));
	}
	return path_known ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

const char *
router_unknown_query(const struct route *route, const struct request *r)
{
	for (int i = 0; i < r->nquery; i++) {
		const char *const *q = route->query;

		while (q != NULL && *q != NULL && strcmp(*q, r->query[i].name) != 0)
			q++;
		if (q == NULL || *q == NULL)
			return r->query[i].name;
	}
	return NULL;
}
