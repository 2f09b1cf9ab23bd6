/*
 * The OpenAPI document served at /api/v1/openapi.json (src/api/openapi.json, embedded) lists
 * every route of the route table (src/api/routes.c) with its method, and nothing the server
 * does not answer; and each operation's query parameters are exactly those its route
 * declares (the ones the server accepts: any other is a 400).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "api/app.h"

extern const char openapi_json[];

static void
lower(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] != '\0' && i + 1 < len; i++)
		out[i] = (char)tolower((unsigned char)in[i]);
	out[i] = '\0';
}

static void
test_every_route_is_documented(void **state)
{
	json_t *doc = json_loads(openapi_json, 0, NULL), *paths;

	(void)state;
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	paths = json_object_get(doc, "paths");
	for (int i = 0; i < api_nroutes; i++) {
		const struct route *r = &api_routes[i];
		json_t *path = json_object_get(paths, r->pattern);
		char method[16];

		lower(http_method_name(r->method), method, sizeof(method));
		if (path == NULL || json_object_get(path, method) == NULL)
			fail_msg("%s %s is not in openapi.json", http_method_name(r->method),
				 r->pattern);
	}
	json_decref(doc);
}

static void
test_every_documented_operation_exists(void **state)
{
	static const char *const methods[] = { "get", "post", "put", "patch", "delete" };
	json_t *doc = json_loads(openapi_json, 0, NULL), *item;
	const char *pattern;

	(void)state;
	json_object_foreach(json_object_get(doc, "paths"), pattern, item) {
		for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
			bool found = false;
			if (json_object_get(item, methods[m]) == NULL)
				continue;
			for (int i = 0; i < api_nroutes && !found; i++) {
				char method[16];
				lower(http_method_name(api_routes[i].method), method, sizeof(method));
				found = strcmp(api_routes[i].pattern, pattern) == 0 &&
					strcmp(method, methods[m]) == 0;
			}
			if (!found)
				fail_msg("openapi.json documents %s %s, which the server lacks",
					 methods[m], pattern);
		}
	}
	json_decref(doc);
}

/* A parameter object, through its $ref ("#/components/parameters/Limit") when it has one. */
static json_t *
resolve(json_t *doc, json_t *param)
{
	const char *ref = json_string_value(json_object_get(param, "$ref"));
	const char *prefix = "#/components/parameters/";

	if (ref == NULL)
		return param;
	assert_int_equal(strncmp(ref, prefix, strlen(prefix)), 0);
	param = json_object_get(json_object_get(json_object_get(doc, "components"), "parameters"),
				ref + strlen(prefix));
	if (param == NULL)
		fail_msg("openapi.json: no parameter %s", ref);
	return param;
}

/* Whether `name` is one of the route's declared query parameters. */
static bool
route_declares(const struct route *r, const char *name)
{
	for (const char *const *q = r->query; q != NULL && *q != NULL; q++)
		if (strcmp(*q, name) == 0)
			return true;
	return false;
}

/* The query parameters of an operation (and of its path item) that the route lacks; counts
 * those it has into *documented. */
static void
check_documented_query(json_t *doc, json_t *params, const struct route *r, int *documented)
{
	size_t i;
	json_t *p;

	json_array_foreach(params, i, p) {
		json_t *param = resolve(doc, p);
		const char *name = json_string_value(json_object_get(param, "name"));

		if (strcmp(json_string_value(json_object_get(param, "in")), "query") != 0)
			continue;
		if (!route_declares(r, name))
			fail_msg("openapi.json documents ?%s on %s %s, which the route does not accept",
				 name, http_method_name(r->method), r->pattern);
		(*documented)++;
	}
}

static void
test_query_parameters_match_the_routes(void **state)
{
	json_t *doc = json_loads(openapi_json, 0, NULL);
	json_t *paths = json_object_get(doc, "paths");

	(void)state;
	for (int i = 0; i < api_nroutes; i++) {
		const struct route *r = &api_routes[i];
		json_t *path = json_object_get(paths, r->pattern), *op;
		char method[16];
		int documented = 0, declared = 0;

		lower(http_method_name(r->method), method, sizeof(method));
		op = json_object_get(path, method);
		assert_non_null(op);
		check_documented_query(doc, json_object_get(op, "parameters"), r, &documented);
		check_documented_query(doc, json_object_get(path, "parameters"), r, &documented);
		for (const char *const *q = r->query; q != NULL && *q != NULL; q++)
			declared++;
		if (declared != documented)
			fail_msg("%s %s accepts %d query parameters, openapi.json documents %d",
				 http_method_name(r->method), r->pattern, declared, documented);
	}
	json_decref(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_is_documented),
		cmocka_unit_test(test_every_documented_operation_exists),
		cmocka_unit_test(test_query_parameters_match_the_routes),
	};
	return cmocka_run_group_tests_name("openapi", tests, NULL, NULL);
}
