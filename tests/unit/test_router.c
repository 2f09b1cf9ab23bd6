/*
 * Unit tests for src/http/router.c: matching a request's method and path against a route
 * table. Covers {parameter} capture and count, 404 (no such path) versus 405 (known path,
 * other verb) with the Allow list in table order, exact matching (no trailing slash, no
 * prefix, case-sensitive), the parameter limit, and the method name <-> enum helpers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/router.h"

/* Dummy handlers: distinct functions so a test can tell which route was chosen. */
static void h_list(struct request *r) { (void)r; }
static void h_create(struct request *r) { (void)r; }
static void h_get(struct request *r) { (void)r; }
static void h_update(struct request *r) { (void)r; }
static void h_delete(struct request *r) { (void)r; }
static void h_members(struct request *r) { (void)r; }
static void h_member(struct request *r) { (void)r; }
static void h_new(struct request *r) { (void)r; }
static void h_five(struct request *r) { (void)r; }

/* Designated initialisers: fields the table does not name (quick, ...) stay zero. */
#define ROUTE(m, p, h) { .method = (m), .pattern = (p), .handler = (h), .auth = AUTH_PUBLIC, \
			 .body = BODY_NONE }

static const struct route routes[] = {
	/* 0 */ ROUTE(HTTP_GET, "/api/v1/municipalities", h_list),
	/* 1 */ ROUTE(HTTP_POST, "/api/v1/municipalities", h_create),
	/* 2 */ ROUTE(HTTP_GET, "/api/v1/municipalities/{id}", h_get),
	/* 3 */ ROUTE(HTTP_PATCH, "/api/v1/municipalities/{id}", h_update),
	/* 4 */ ROUTE(HTTP_DELETE, "/api/v1/municipalities/{id}", h_delete),
	/* 5 */ ROUTE(HTTP_GET, "/api/v1/mechanisms/{id}/members", h_members),
	/* 6 */ ROUTE(HTTP_DELETE, "/api/v1/mechanisms/{id}/members/{institution_id}", h_member),
	/* 7 */ ROUTE(HTTP_GET, "/api/v1/tokens/new", h_new),
	/* 8 */ ROUTE(HTTP_POST, "/api/v1/tokens/{id}", h_update),
	/* 9 */ ROUTE(HTTP_GET, "/healthz", h_list),
	/* 10 */ ROUTE(HTTP_GET, "/p/{a}/{b}/{c}/{d}/{e}", h_five),
};
#define NROUTES ((int)(sizeof(routes) / sizeof(routes[0])))

/* A request with only what the router reads; freed by done(). */
static void
request_for(struct request *r, enum http_method m, const char *path)
{
	memset(r, 0, sizeof(*r));
	arena_init(&r->arena);
	r->method = m;
	r->path = path;
	r->route_index = -1;
}

static void
done(struct request *r)
{
	arena_free(&r->arena);
}

static enum route_match
match(struct request *r, char *allow, size_t len)
{
	return router_match(routes, NROUTES, r, allow, len);
}

static void
test_static_path_finds_its_route_without_params(void **state)
{
	struct request r;
	char allow[64];

	(void)state;
	request_for(&r, HTTP_GET, "/api/v1/municipalities");
	assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_FOUND);
	assert_int_equal(r.route_index, 0);
	assert_ptr_equal(r.route, &routes[0]);
	assert_ptr_equal(r.route->handler, h_list);
	assert_int_equal(r.nparams, 0);
	done(&r);
}

static void
test_method_selects_among_routes_of_one_path(void **state)
{
	static const struct {
		enum http_method method;
		const char *path;
		int index;
	} cases[] = {
		{ HTTP_GET, "/api/v1/municipalities", 0 },
		{ HTTP_POST, "/api/v1/municipalities", 1 },
		{ HTTP_GET, "/api/v1/municipalities/7", 2 },
		{ HTTP_PATCH, "/api/v1/municipalities/7", 3 },
		{ HTTP_DELETE, "/api/v1/municipalities/7", 4 },
		{ HTTP_GET, "/healthz", 9 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct request r;
		char allow[64];

		request_for(&r, cases[i].method, cases[i].path);
		assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_FOUND);
		assert_int_equal(r.route_index, cases[i].index);
		assert_ptr_equal(r.route, &routes[cases[i].index]);
		done(&r);
	}
}

static void
test_path_parameter_is_captured(void **state)
{
	struct request r;
	char allow[64];

	(void)state;
	request_for(&r, HTTP_GET, "/api/v1/municipalities/12345");
	assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_FOUND);
	assert_int_equal(r.nparams, 1);
	assert_string_equal(r.params[0], "12345");
	done(&r);
}

static void
test_parameter_is_taken_verbatim_not_parsed(void **state)
{
	/* The router captures text; turning it into an id (and the 400) is req_param_id's job. */
	struct request r;
	char allow[64];

	(void)state;
	request_for(&r, HTTP_GET, "/api/v1/municipalities/-9x");
	assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_FOUND);
	assert_int_equal(r.route_index, 2);
	assert_int_equal(r.nparams, 1);
	assert_string_equal(r.params[0], "-9x");
	done(&r);
}

static void
test_two_parameters_are_captured_in_order(void **state)
{
	struct request r;
	char allow[64];

	(void)state;
	request_for(&r, HTTP_DELETE, "/api/v1/mechanisms/3/members/44");
	assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_FOUND);
	assert_int_equal(r.route_index, 6);
	assert_int_equal(r.nparams, 2);
	assert_string_equal(r.params[0], "3");
	assert_string_equal(r.params[1], "44");
	done(&r);
}

static void
test_parameter_count_matches_pattern(void **state)
{
	static const struct {
		enum http_method method;
		const char *path;
		int nparams;
	} cases[] = {
		{ HTTP_GET, "/healthz", 0 },
		{ HTTP_GET, "/api/v1/municipalities/1", 1 },
		{ HTTP_GET, "/api/v1/mechanisms/1/members", 1 },
		{ HTTP_DELETE, "/api/v1/mechanisms/1/members/2", 2 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct request r;
		char allow[64];

		request_for(&r, cases[i].method, cases[i].path);
		assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_FOUND);
		assert_int_equal(r.nparams, cases[i].nparams);
		done(&r);
	}
}

static void
test_more_parameters_than_the_limit_never_match(void **state)
{
	/* Route 10 has five parameters, one more than REQUEST_PARAMS_MAX: it cannot be served. */
	struct request r;
	char allow[64];

	(void)state;
	assert_int_equal(REQUEST_PARAMS_MAX, 4);
	request_for(&r, HTTP_GET, "/p/1/2/3/4/5");
	assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_NO_PATH);
	assert_null(r.route);
	assert_int_equal(r.nparams, 0);
	done(&r);
}

static void
test_unknown_paths_are_404(void **state)
{
	static const char *const paths[] = {
		"/api/v1/municipalities/",        /* trailing slash */
		"/api/v1/municipalities/7/",      /* trailing slash after a parameter */
		"/healthz/",
		"/api/v1/municipalities//",       /* empty parameter */
		"/api/v1/mechanisms//members",    /* empty parameter inside */
		"/api/v1/municipalitiesX",        /* longer literal */
		"/api/v1/municipalitie",          /* shorter literal */
		"/api/v1/municipalities/7/extra", /* extra segment */
		"/api/v1/mechanisms/1",           /* missing segment */
		"/API/v1/municipalities",         /* paths are case-sensitive */
		"/api/v2/municipalities",
		"api/v1/municipalities",          /* no leading slash */
		"/",
		"",
		"/nothing",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct request r;
		char allow[64] = "junk";

		request_for(&r, HTTP_GET, paths[i]);
		if (match(&r, allow, sizeof(allow)) != ROUTE_NO_PATH)
			fail_msg("'%s' should be 404", paths[i]);
		assert_null(r.route);
		assert_int_equal(r.route_index, -1);
		assert_string_equal(allow, "");
		done(&r);
	}
}

static void
test_wrong_verb_is_405_with_allow_in_table_order(void **state)
{
	static const struct {
		enum http_method method;
		const char *path;
		const char *allow;
	} cases[] = {
		{ HTTP_DELETE, "/api/v1/municipalities", "GET, POST" },
		{ HTTP_PUT, "/api/v1/municipalities", "GET, POST" },
		{ HTTP_OTHER, "/api/v1/municipalities", "GET, POST" },
		{ HTTP_POST, "/api/v1/municipalities/9", "GET, PATCH, DELETE" },
		{ HTTP_POST, "/healthz", "GET" },
		{ HTTP_GET, "/api/v1/mechanisms/1/members/2", "DELETE" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct request r;
		char allow[64];

		request_for(&r, cases[i].method, cases[i].path);
		assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_NO_METHOD);
		assert_string_equal(allow, cases[i].allow);
		assert_null(r.route);
		done(&r);
	}
}

static void
test_literal_route_and_parameter_route_share_a_path(void **state)
{
	/* GET /tokens/new is literal; POST /tokens/{id} also matches "new" as a parameter. */
	struct request r;
	char allow[64];

	(void)state;
	request_for(&r, HTTP_POST, "/api/v1/tokens/new");
	assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_FOUND);
	assert_int_equal(r.route_index, 8);
	assert_int_equal(r.nparams, 1);
	assert_string_equal(r.params[0], "new");
	done(&r);

	request_for(&r, HTTP_GET, "/api/v1/tokens/new");
	assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_FOUND);
	assert_int_equal(r.route_index, 7);
	assert_int_equal(r.nparams, 0);
	done(&r);

	request_for(&r, HTTP_DELETE, "/api/v1/tokens/new");
	assert_int_equal(match(&r, allow, sizeof(allow)), ROUTE_NO_METHOD);
	assert_string_equal(allow, "GET, POST");
	done(&r);
}

static void
test_allow_list_is_truncated_safely_in_a_small_buffer(void **state)
{
	struct {
		char allow[6];
		char guard[8];
	} buf;
	struct request r;

	(void)state;
	memset(buf.guard, 'Z', sizeof(buf.guard));
	request_for(&r, HTTP_POST, "/api/v1/municipalities/1");
	assert_int_equal(match(&r, buf.allow, sizeof(buf.allow)), ROUTE_NO_METHOD);
	assert_true(strlen(buf.allow) < sizeof(buf.allow));
	assert_memory_equal(buf.allow, "GET, ", 5);
	for (size_t i = 0; i < sizeof(buf.guard); i++)
		assert_int_equal(buf.guard[i], 'Z');
	done(&r);
}

static void
test_empty_table_is_404(void **state)
{
	struct request r;
	char allow[16] = "junk";

	(void)state;
	request_for(&r, HTTP_GET, "/healthz");
	assert_int_equal(router_match(routes, 0, &r, allow, sizeof(allow)), ROUTE_NO_PATH);
	assert_string_equal(allow, "");
	done(&r);
}

static void
test_method_names_round_trip(void **state)
{
	static const struct {
		enum http_method m;
		const char *name;
	} cases[] = {
		{ HTTP_GET, "GET" }, { HTTP_POST, "POST" }, { HTTP_PUT, "PUT" },
		{ HTTP_PATCH, "PATCH" }, { HTTP_DELETE, "DELETE" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(http_method_name(cases[i].m), cases[i].name);
		assert_int_equal(http_method_parse(cases[i].name), cases[i].m);
	}
}

static void
test_unknown_or_lower_case_methods_parse_as_other(void **state)
{
	static const char *const names[] = { "get", "Post", "HEAD", "OPTIONS", "TRACE", "",
					     "GETX", "GE" };

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_int_equal(http_method_parse(names[i]), HTTP_OTHER);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_static_path_finds_its_route_without_params),
		cmocka_unit_test(test_method_selects_among_routes_of_one_path),
		cmocka_unit_test(test_path_parameter_is_captured),
		cmocka_unit_test(test_parameter_is_taken_verbatim_not_parsed),
		cmocka_unit_test(test_two_parameters_are_captured_in_order),
		cmocka_unit_test(test_parameter_count_matches_pattern),
		cmocka_unit_test(test_more_parameters_than_the_limit_never_match),
		cmocka_unit_test(test_unknown_paths_are_404),
		cmocka_unit_test(test_wrong_verb_is_405_with_allow_in_table_order),
		cmocka_unit_test(test_literal_route_and_parameter_route_share_a_path),
		cmocka_unit_test(test_allow_list_is_truncated_safely_in_a_small_buffer),
		cmocka_unit_test(test_empty_table_is_404),
		cmocka_unit_test(test_method_names_round_trip),
		cmocka_unit_test(test_unknown_or_lower_case_methods_parse_as_other),
	};

	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
