/*
 * Unit tests for src/api/session_cache.c: a cached session answers only under the generation
 * it was cached with, only for its own token hash, only while its user is active and it is
 * live without needing a touch; its texts are copied out; clearing empties it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "api/session_cache.h"
#include "domain/session.h"

#define T0 INT64_C(1795426200)

static unsigned char token[32] = { 1, 2, 3 };

static struct session_row
row_of(bool active)
{
	return (struct session_row){ .id = 7, .last_seen_at = T0, .expires_at = T0 + 3600,
				     .user = { .id = 3, .username = "mira", .display_name = "Mira",
					       .locale = "sq", .active = active } };
}

static int
reset(void **state)
{
	(void)state;
	session_cache_clear();
	return 0;
}

static void
test_hit_under_its_generation_only(void **state)
{
	struct session_row row = row_of(true), out;
	struct arena a;

	(void)state;
	arena_init(&a);
	session_cache_put(token, 5, &row);
	assert_true(session_cache_get(token, 5, T0 + 1, &a, &out));
	assert_int_equal(out.id, 7);
	assert_string_equal(out.user.username, "mira");
	assert_ptr_not_equal(out.user.username, row.user.username);
	assert_false(session_cache_get(token, 6, T0 + 1, &a, &out));
	arena_free(&a);
}

static void
test_another_token_misses(void **state)
{
	struct session_row row = row_of(true), out;
	unsigned char other[32] = { 1, 2, 4 };
	struct arena a;

	(void)state;
	arena_init(&a);
	session_cache_put(token, 5, &row);
	assert_false(session_cache_get(other, 5, T0 + 1, &a, &out));
	other[2] = 3, other[31] = 9; /* the same slot, another hash */
	assert_false(session_cache_get(other, 5, T0 + 1, &a, &out));
	arena_free(&a);
}

static void
test_inactive_expired_or_due_a_touch_misses(void **state)
{
	struct session_row row = row_of(false), out;
	struct arena a;

	(void)state;
	arena_init(&a);
	session_cache_put(token, 5, &row);
	assert_false(session_cache_get(token, 5, T0 + 1, &a, &out));
	row = row_of(true);
	session_cache_put(token, 5, &row);
	assert_false(session_cache_get(token, 5, T0 + SESSION_TOUCH_SECONDS, &a, &out));
	row.expires_at = T0 + 1;
	session_cache_put(token, 5, &row);
	assert_false(session_cache_get(token, 5, T0 + 1, &a, &out));
	arena_free(&a);
}

static void
test_clear_empties(void **state)
{
	struct session_row row = row_of(true), out;
	struct arena a;

	(void)state;
	arena_init(&a);
	session_cache_put(token, 5, &row);
	session_cache_clear();
	assert_false(session_cache_get(token, 5, T0 + 1, &a, &out));
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_hit_under_its_generation_only, reset),
		cmocka_unit_test_setup(test_another_token_misses, reset),
		cmocka_unit_test_setup(test_inactive_expired_or_due_a_touch_misses, reset),
		cmocka_unit_test_setup(test_clear_empties, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
