/* JSON body field readers with error collection. */
#include "api/input.h"

#include <string.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "domain/types.h"

static json_t *
field(const struct request *r, const char *name)
{
	return r->json != NULL ? json_object_get(r->json, name) : NULL;
}

static void
malformed(struct request *r, const char *name, enum msg m)
{
	field_errors_add(&r->errors, name, m);
	r->errors.malformed = true;
}

bool
input_present(const struct request *r, const char *name)
{
	return field(r, name) != NULL;
}

const char *
input_string(struct request *r, const char *name, int required, size_t min, size_t max)
{
	json_t *v = field(r, name);
	size_t len;

	if (v == NULL || json_is_null(v)) {
		if (required)
			field_errors_add(&r->errors, name, MSG_REQUIRED);
		return NULL;
	}
	if (!json_is_string(v)) {
		malformed(r, name, MSG_NOT_STRING);
		return NULL;
	}
	len = utf8_length(json_string_value(v));
	if (len < min) {
		field_errors_add(&r->errors, name, len == 0 ? MSG_REQUIRED : MSG_TOO_SHORT);
		return NULL;
	}
	if (len > max) {
		field_errors_add(&r->errors, name, MSG_TOO_LONG);
		return NULL;
	}
	return json_string_value(v);
}

int64_t
input_time(struct request *r, const char *name, int required)
{
	const char *s = input_string(r, name, required, 1, 64);
	int64_t t;

	if (s == NULL)
		return 0;
	if (!clock_parse_rfc3339(s, &t)) {
		field_errors_add(&r->errors, name, MSG_INVALID_DATETIME);
		return 0;
	}
	return t;
}

static bool
allowed_name(const char *const *allowed, const char *name)
{
	for (; *allowed != NULL; allowed++)
		if (strcmp(*allowed, name) == 0)
			return true;
	return false;
}

bool
input_done(struct request *r, const char *const *allowed)
{
	const char *key;
	json_t *v;

	if (r->json != NULL && allowed != NULL) {
		json_object_foreach(r->json, key, v) {
			if (!allowed_name(allowed, key))
				field_errors_add(&r->errors, arena_strdup(&r->arena, key),
						 MSG_UNKNOWN_FIELD);
		}
	}
	return input_done_errors(r);
}

bool
input_done_errors(struct request *r)
{
	if (r->errors.count == 0)
		return true;
	reply_invalid(r);
	return false;
}

const char *
input_enum(struct request *r, const char *name, int required, const char *const *values)
{
	const char *s = input_string(r, name, required, 1, 64);

	if (s == NULL || vocabulary_has(values, s))
		return s;
	field_errors_add(&r->errors, name, MSG_NOT_ALLOWED_VALUE);
	return NULL;
}

int64_t
input_id(struct request *r, const char *name, int required)
{
	json_t *v = field(r, name);

	if (v == NULL || json_is_null(v)) {
		if (required)
			field_errors_add(&r->errors, name, MSG_REQUIRED);
		return 0;
	}
	if (!json_is_integer(v))
		malformed(r, name, MSG_NOT_INTEGER);
	else if (json_integer_value(v) <= 0)
		field_errors_add(&r->errors, name, MSG_INVALID_ID);
	else
		return json_integer_value(v);
	return 0;
}
