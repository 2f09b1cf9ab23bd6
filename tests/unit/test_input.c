/*
 * Unit tests for src/api/input.c, the one typed accessor every request body field goes
 * through: a wrong JSON type (null included, unless the field is nullable) is a 400 naming
 * the field; absent required fields and broken rules are 422; arrays are refused past their
 * limit before an item is read; repeats are found by sorting; and naming the problems stops
 * when the list of errors is full (a body of many faults costs no more than one of 32). And
 * the query's bounded integers (req_query_int).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "api/input.h"
#include "core/clock.h"

static const char *const colours[] = { "red", "green", "blue", NULL };

/* A request whose body is `json` (the test frees it with done()). */
static struct request *
body(const char *json)
{
	struct request *r = calloc(1, sizeof(*r));
	json_error_t err;

	arena_init(&r->arena);
	r->json = json_loads(json, 0, &err);
	assert_non_null(r->json);
	return r;
}

static void
done(struct request *r)
{
	json_decref(r->json);
	arena_free(&r->arena);
	free(r);
}

/* Exactly one error, on `field`, with `message`; `wrong_type` for a 400. */
static void
assert_one(const struct request *r, const char *field, enum msg message, bool wrong_type)
{
	assert_int_equal(r->errors.count, 1);
	assert_string_equal(r->errors.items[0].field, field);
	assert_int_equal(r->errors.items[0].message, message);
	assert_int_equal(r->errors.malformed, wrong_type);
}

static void
test_null_is_a_wrong_type_unless_nullable(void **state)
{
	struct request *r = body("{\"basis\":null,\"phone\":null}");
	struct in_obj root = input_root(r);

	(void)state;
	assert_null(input_string(r, "basis", IN_OPTIONAL, 1, 10));
	assert_one(r, "basis", MSG_NOT_STRING, true);
	/* A nullable field gives null back for the caller to tell from absence. */
	assert_true(json_is_null(in_field(&root, "phone", JSON_STRING, IN_NULLABLE)));
	assert_null(input_string(r, "phone", IN_NULLABLE, 0, 40));
	assert_true(input_null(r, "phone") && input_present(r, "phone"));
	assert_int_equal(r->errors.count, 1);
	done(r);
}

static void
test_every_type_is_checked(void **state)
{
	struct request *r = body("{\"s\":1,\"i\":\"1\",\"b\":0,\"a\":{},\"o\":[],\"n\":1.5}");
	struct in_obj root = input_root(r), child;
	int64_t v = -1;

	(void)state;
	assert_null(input_string(r, "s", IN_REQUIRED, 0, 9));
	assert_int_equal(input_id(r, "i", IN_REQUIRED), 0);
	assert_false(input_bool(r, "b", IN_REQUIRED, NULL));
	assert_null(in_array(&root, "a", IN_REQUIRED, 9));
	assert_false(in_object(&root, "o", IN_REQUIRED, &child));
	assert_false(input_int(r, "n", IN_REQUIRED, 0, 9, &v));
	assert_int_equal(v, -1);
	assert_int_equal(r->errors.count, 6);
	assert_true(r->errors.malformed);
	assert_int_equal(r->errors.items[0].message, MSG_NOT_STRING);
	assert_int_equal(r->errors.items[1].message, MSG_NOT_INTEGER);
	assert_int_equal(r->errors.items[2].message, MSG_NOT_BOOLEAN);
	assert_int_equal(r->errors.items[3].message, MSG_NOT_ARRAY);
	assert_int_equal(r->errors.items[4].message, MSG_NOT_OBJECT_FIELD);
	assert_int_equal(r->errors.items[5].message, MSG_NOT_INTEGER);
	done(r);
}

static void
test_absent_and_rules_are_422(void **state)
{
	struct request *r = body("{\"name\":\"\",\"id\":0,\"n\":11,\"e\":\"pink\"}");
	int64_t v = 0;

	(void)state;
	assert_null(input_string(r, "missing", IN_REQUIRED, 1, 9));
	assert_null(input_string(r, "name", IN_REQUIRED, 1, 9));
	assert_int_equal(input_id(r, "id", IN_OPTIONAL), 0);
	assert_false(input_int(r, "n", IN_OPTIONAL, 0, 10, &v));
	assert_null(input_enum(r, "e", IN_OPTIONAL, colours));
	assert_null(input_string(r, "other", IN_OPTIONAL, 1, 9)); /* absent, optional: fine */
	assert_int_equal(r->errors.count, 5);
	assert_false(r->errors.malformed);
	assert_int_equal(r->errors.items[0].message, MSG_REQUIRED);
	assert_int_equal(r->errors.items[1].message, MSG_REQUIRED);
	assert_int_equal(r->errors.items[2].message, MSG_INVALID_ID);
	assert_int_equal(r->errors.items[3].message, MSG_OUT_OF_RANGE);
	assert_int_equal(r->errors.items[4].message, MSG_MUST_BE_ONE_OF);
	assert_ptr_equal(r->errors.items[4].allowed, colours);
	done(r);
}

static void
test_nested_fields_are_named_by_path(void **state)
{
	struct request *r = body("{\"survivor\":{\"sex\":null},\"children\":[{\"x\":1},7]}");
	struct in_obj root = input_root(r), s, c;
	json_t *list;

	(void)state;
	assert_true(in_object(&root, "survivor", IN_REQUIRED, &s));
	assert_null(in_enum(&s, "sex", IN_OPTIONAL, colours));
	list = in_array(&root, "children", IN_OPTIONAL, 5);
	assert_non_null(list);
	assert_true(in_row(&root, "children", 0, json_array_get(list, 0), &c));
	in_unknown(&c, colours);
	assert_false(in_row(&root, "children", 1, json_array_get(list, 1), &c));
	assert_int_equal(r->errors.count, 3);
	assert_string_equal(r->errors.items[0].field, "survivor.sex");
	assert_string_equal(r->errors.items[1].field, "children[0].x");
	assert_int_equal(r->errors.items[1].message, MSG_UNKNOWN_FIELD);
	assert_string_equal(r->errors.items[2].field, "children[1]");
	assert_true(r->errors.malformed);
	done(r);
}

static void
test_arrays_at_and_past_their_limit(void **state)
{
	struct request *r = body("{\"three\":[1,2,3],\"four\":[1,2,3,4]}");
	struct in_obj root = input_root(r);

	(void)state;
	assert_non_null(in_array(&root, "three", IN_OPTIONAL, 3));
	assert_null(in_array(&root, "four", IN_OPTIONAL, 3));
	assert_one(r, "four", MSG_TOO_MANY_ITEMS, false);
	done(r);
}

static void
test_vocabulary_lists(void **state)
{
	struct request *r = body("{\"all\":[\"blue\",\"red\",\"green\"],\"again\":[\"red\",\"red\"],"
				 "\"more\":[\"red\",\"green\",\"blue\",\"red\"],\"none\":[],"
				 "\"odd\":[\"pink\"],\"typed\":[3]}");
	struct in_obj root = input_root(r);

	(void)state;
	assert_string_equal(in_vocabulary_list(&root, "all", IN_REQUIRED, colours),
			    "[\"blue\",\"red\",\"green\"]");
	assert_null(in_vocabulary_list(&root, "again", IN_OPTIONAL, colours));
	assert_null(in_vocabulary_list(&root, "more", IN_OPTIONAL, colours));
	assert_null(in_vocabulary_list(&root, "none", IN_REQUIRED, colours));
	assert_string_equal(in_vocabulary_list(&root, "none", IN_OPTIONAL, colours), "[]");
	assert_null(in_vocabulary_list(&root, "odd", IN_OPTIONAL, colours));
	assert_int_equal(r->errors.count, 4);
	assert_false(r->errors.malformed);
	assert_int_equal(r->errors.items[0].message, MSG_DUPLICATE_ITEM);
	assert_int_equal(r->errors.items[1].message, MSG_TOO_MANY_ITEMS);
	assert_int_equal(r->errors.items[2].message, MSG_REQUIRED);
	assert_int_equal(r->errors.items[3].message, MSG_MUST_BE_ONE_OF);
	assert_ptr_equal(r->errors.items[3].allowed, colours);
	assert_null(in_vocabulary_list(&root, "typed", IN_OPTIONAL, colours));
	assert_true(r->errors.malformed);
	done(r);
}

static void
test_id_lists_find_repeats_by_sorting(void **state)
{
	struct request *r = body("{\"ok\":[9,3,7],\"again\":[9,3,7,3],\"zero\":[1,0],"
				 "\"text\":[1,\"2\"]}");
	struct in_obj root = input_root(r);
	int64_t ids[8];

	(void)state;
	assert_int_equal(in_id_list(&root, "ok", IN_OPTIONAL, 3, ids), 3);
	assert_int_equal(ids[0], 9);
	assert_int_equal(ids[2], 7);
	assert_int_equal(in_id_list(&root, "ok", IN_OPTIONAL, 2, ids), -1);
	assert_int_equal(in_id_list(&root, "again", IN_OPTIONAL, 8, ids), -1);
	assert_int_equal(in_id_list(&root, "zero", IN_OPTIONAL, 8, ids), -1);
	assert_int_equal(in_id_list(&root, "absent", IN_OPTIONAL, 8, ids), -1);
	assert_int_equal(r->errors.count, 3);
	assert_int_equal(r->errors.items[0].message, MSG_TOO_MANY_ITEMS);
	assert_string_equal(r->errors.items[1].field, "again[3]");
	assert_int_equal(r->errors.items[1].message, MSG_DUPLICATE_ITEM);
	assert_string_equal(r->errors.items[2].field, "zero[1]");
	assert_int_equal(r->errors.items[2].message, MSG_INVALID_ID);
	assert_false(r->errors.malformed);
	assert_int_equal(in_id_list(&root, "text", IN_OPTIONAL, 8, ids), -1);
	assert_true(r->errors.malformed);
	done(r);
}

static void
test_the_later_repeat_is_named(void **state)
{
	struct arena a;
	const int64_t none[] = { 4, 1, 3 }, twice[] = { 5, 8, 2, 8, 5 }, many[] = { 7, 7, 7 };

	(void)state;
	arena_init(&a);
	assert_int_equal(in_repeated_at(&a, none, 3), -1);
	assert_int_equal(in_repeated_at(&a, twice, 5), 3); /* 8 again at 3 comes before 5 at 4 */
	assert_int_equal(in_repeated_at(&a, many, 3), 1);
	assert_int_equal(in_repeated_at(&a, none, 0), -1);
	arena_free(&a);
}

static void
test_dates(void **state)
{
	struct request *r = body("{\"a\":\"2026-02-28\",\"b\":\"2026-02-30\",\"c\":\"2026-2-1\","
				 "\"d\":\"2999-01-01\"}");

	(void)state;
	clock_fix(1795424400); /* 2026-11-23T09:00:00Z */
	assert_string_equal(input_date(r, "a", IN_REQUIRED, true), "2026-02-28");
	assert_null(input_date(r, "b", IN_REQUIRED, false));
	assert_null(input_date(r, "c", IN_REQUIRED, false));
	assert_null(input_date(r, "d", IN_REQUIRED, true));
	assert_non_null(input_date(r, "d", IN_REQUIRED, false));
	assert_int_equal(r->errors.count, 3);
	assert_int_equal(r->errors.items[2].message, MSG_DATE_IN_FUTURE);
	done(r);
}

/* A body of a thousand faults names 32 of them and allocates nothing for the rest. */
static void
test_naming_stops_when_the_list_is_full(void **state)
{
	char *json = malloc(20000);
	struct request *r;
	struct in_obj root;
	size_t used = 0;

	(void)state;
	used += (size_t)sprintf(json, "{");
	for (int i = 0; i < 1000; i++)
		used += (size_t)sprintf(json + used, "%s\"k%d\":1", i ? "," : "", i);
	sprintf(json + used, "}");
	r = body(json);
	root = input_root(r);
	in_unknown(&root, colours);
	assert_int_equal(r->errors.count, FIELD_ERRORS_MAX);
	in_error(&root, "late", MSG_NOT_STRING, true);
	assert_int_equal(r->errors.count, FIELD_ERRORS_MAX);
	assert_true(r->errors.malformed);
	free(json);
	done(r);
}

/* The query's bounded integers (http/request.c's req_query_int): absent or empty leaves the
 * default; anything but a plain integer within the bounds is a 400 naming the parameter. */
static void
test_query_integers(void **state)
{
	static const struct {
		const char *value;
		bool ok;
		int64_t want;
	} table[] = {
		{ NULL, true, 7 }, { "", true, 7 }, { "2031", true, 2031 }, { "2000", true, 2000 },
		{ "2100", true, 2100 }, { "1999", false, 7 }, { "2101", false, 7 },
		{ "20x1", false, 7 }, { "+2031", false, 7 }, { " 2031", false, 7 },
		{ "2031.0", false, 7 }, { "99999999999999999999", false, 7 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		struct request *r = body("{}");
		int64_t v = 7;

		if (table[i].value != NULL) {
			r->query[0] = (struct pair){ "year", table[i].value };
			r->nquery = 1;
		}
		if (req_query_int(r, "year", 2000, 2100, &v) != table[i].ok || v != table[i].want)
			fail_msg("%s", table[i].value ? table[i].value : "(absent)");
		if (!table[i].ok && (r->status != 400 || r->errors.count != 1 ||
				     strcmp(r->errors.items[0].field, "year") != 0))
			fail_msg("%s: not a 400 on year", table[i].value);
		done(r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_is_a_wrong_type_unless_nullable),
		cmocka_unit_test(test_every_type_is_checked),
		cmocka_unit_test(test_absent_and_rules_are_422),
		cmocka_unit_test(test_nested_fields_are_named_by_path),
		cmocka_unit_test(test_arrays_at_and_past_their_limit),
		cmocka_unit_test(test_vocabulary_lists),
		cmocka_unit_test(test_id_lists_find_repeats_by_sorting),
		cmocka_unit_test(test_the_later_repeat_is_named),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_naming_stops_when_the_list_is_full),
		cmocka_unit_test(test_query_integers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
