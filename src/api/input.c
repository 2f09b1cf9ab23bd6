/* JSON body fields through one typed accessor, with every problem collected for the answer. */
#include "api/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/utf8.h"
#include "domain/clocks.h"
#include "domain/types.h"

/* JSON_TRUE stands for "a boolean": jansson types true and false apart. */
static bool
has_type(const json_t *v, json_type type)
{
	return type == JSON_TRUE ? json_is_boolean(v) : json_typeof(v) == type;
}

static enum msg
wrong_type_message(json_type type)
{
	switch (type) {
	case JSON_STRING: return MSG_NOT_STRING;
	case JSON_INTEGER: return MSG_NOT_INTEGER;
	case JSON_TRUE:
	case JSON_FALSE: return MSG_NOT_BOOLEAN;
	case JSON_ARRAY: return MSG_NOT_ARRAY;
	case JSON_OBJECT: return MSG_NOT_OBJECT_FIELD;
	default: return MSG_WRONG_TYPES;
	}
}

/* The field's full path, or NULL when the error list is full (it only counts then). */
static const char *
in_error_path(const struct in_obj *o, const char *name)
{
	struct field_errors *e = &o->r->errors;

	/* The list is bounded; so is the work of naming what would not fit in it. */
	if (e->count >= FIELD_ERRORS_MAX) {
		e->dropped++;
		return NULL;
	}
	return o->path[0] != '\0' ? arena_printf(&o->r->arena, "%s%s", o->path, name)
				  : arena_strdup(&o->r->arena, name);
}

void
in_error(const struct in_obj *o, const char *name, enum msg m, bool wrong_type)
{
	const char *path = in_error_path(o, name);

	o->r->errors.malformed |= wrong_type;
	if (path != NULL)
		field_errors_add(&o->r->errors, path, m);
}

/* A value outside `values`: the error lists them. */
static void
in_choice_error(const struct in_obj *o, const char *name, const char *const *values)
{
	const char *path = in_error_path(o, name);

	if (path != NULL)
		field_errors_add_choice(&o->r->errors, path, values);
}

struct in_obj
input_root(struct request *r)
{
	return (struct in_obj){ r, r->json, "" };
}

bool
in_row(const struct in_obj *o, const char *name, size_t i, json_t *item, struct in_obj *row)
{
	const char *at = arena_printf(&o->r->arena, "%s[%zu]", name, i);

	if (!json_is_object(item)) {
		in_error(o, at, MSG_NOT_OBJECT_FIELD, true);
		return false;
	}
	*row = (struct in_obj){ o->r, item, arena_printf(&o->r->arena, "%s%s.", o->path, at) };
	return true;
}

json_t *
in_field(const struct in_obj *o, const char *name, json_type type, unsigned flags)
{
	json_t *v = json_is_object(o->json) ? json_object_get(o->json, name) : NULL;

	if (v == NULL) {
		if (flags & IN_REQUIRED)
			in_error(o, name, MSG_REQUIRED, false);
		return NULL;
	}
	if (has_type(v, type) || (json_is_null(v) && (flags & IN_NULLABLE)))
		return v;
	in_error(o, name, wrong_type_message(type), true);
	return NULL;
}

const char *
in_text(const struct in_obj *o, const char *name, unsigned flags, size_t min, size_t max)
{
	json_t *v = in_field(o, name, JSON_STRING, flags);
	size_t len;

	if (v == NULL || json_is_null(v))
		return NULL;
	len = utf8_length(json_string_value(v));
	if (len < min)
		in_error(o, name, len == 0 ? MSG_REQUIRED : MSG_TOO_SHORT, false);
	else if (len > max)
		in_error(o, name, MSG_TOO_LONG, false);
	else
		return json_string_value(v);
	return NULL;
}

const char *
in_enum(const struct in_obj *o, const char *name, unsigned flags, const char *const *values)
{
	const char *s = in_text(o, name, flags, 1, LIMIT_ENUM_CHARS);

	if (s == NULL || vocabulary_has(values, s))
		return s;
	in_choice_error(o, name, values);
	return NULL;
}

const char *
in_date(const struct in_obj *o, const char *name, unsigned flags, bool not_future)
{
	const char *s = in_text(o, name, flags, flags & IN_REQUIRED ? 1 : 0, LIMIT_TIME_CHARS);
	int64_t days;

	if (s == NULL)
		return NULL;
	if (strlen(s) != LIMIT_DATE_CHARS || !clock_parse_date(s, &days))
		in_error(o, name, MSG_INVALID_DATE, false);
	else if (not_future && days > clocks_day(clock_now()))
		in_error(o, name, MSG_DATE_IN_FUTURE, false);
	else
		return s;
	return NULL;
}

bool
in_bool(const struct in_obj *o, const char *name, unsigned flags, bool *given)
{
	json_t *v = in_field(o, name, JSON_TRUE, flags);

	if (given != NULL)
		*given = v != NULL && !json_is_null(v);
	return v != NULL && json_is_true(v);
}

int64_t
in_id(const struct in_obj *o, const char *name, unsigned flags)
{
	json_t *v = in_field(o, name, JSON_INTEGER, flags);

	if (v == NULL || json_is_null(v))
		return 0;
	if (json_integer_value(v) > 0)
		return json_integer_value(v);
	in_error(o, name, MSG_INVALID_ID, false);
	return 0;
}

bool
in_int(const struct in_obj *o, const char *name, unsigned flags, int64_t min, int64_t max,
       int64_t *out)
{
	json_t *v = in_field(o, name, JSON_INTEGER, flags);

	if (v == NULL || json_is_null(v))
		return false;
	if (json_integer_value(v) < min || json_integer_value(v) > max) {
		in_error(o, name, MSG_OUT_OF_RANGE, false);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

bool
in_object(const struct in_obj *o, const char *name, unsigned flags, struct in_obj *child)
{
	json_t *v = in_field(o, name, JSON_OBJECT, flags);

	if (v == NULL || json_is_null(v))
		return false;
	*child = (struct in_obj){ o->r, v, arena_printf(&o->r->arena, "%s%s.", o->path, name) };
	return true;
}

json_t *
in_array(const struct in_obj *o, const char *name, unsigned flags, size_t max)
{
	json_t *v = in_field(o, name, JSON_ARRAY, flags);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_array_size(v) > max) {
		in_error(o, name, MSG_TOO_MANY_ITEMS, false);
		return NULL;
	}
	return v;
}

static int
vocabulary_index(const char *const *values, const char *s)
{
	for (int i = 0; values[i] != NULL; i++)
		if (strcmp(values[i], s) == 0)
			return i;
	return -1;
}

const char *
in_vocabulary_list(const struct in_obj *o, const char *name, unsigned flags,
		   const char *const *values)
{
	json_t *list = in_array(o, name, flags, (size_t)vocabulary_size(values)), *item;
	uint64_t seen = 0; /* vocabularies are short: a bit per member finds repeats */
	size_t i;
	char *text;
	const char *copy;

	if (list == NULL)
		return NULL;
	if ((flags & IN_REQUIRED) && json_array_size(list) == 0) {
		in_error(o, name, MSG_REQUIRED, false);
		return NULL;
	}
	json_array_foreach(list, i, item) {
		int k;
		if (!json_is_string(item)) {
			in_error(o, name, MSG_NOT_STRING, true);
			return NULL;
		}
		k = vocabulary_index(values, json_string_value(item));
		if (k < 0) {
			in_choice_error(o, name, values);
			return NULL;
		}
		if (k >= 64 || (seen & (UINT64_C(1) << k))) {
			in_error(o, name, MSG_DUPLICATE_ITEM, false);
			return NULL;
		}
		seen |= UINT64_C(1) << k;
	}
	text = json_dumps(list, JSON_COMPACT);
	copy = arena_strdup(&o->r->arena, text);
	free(text);
	return copy;
}

/* An id and where it stood, sorted by id and then by place. */
struct placed_id {
	int64_t id;
	int at;
};

static int
compare_placed(const void *a, const void *b)
{
	const struct placed_id *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->at > y->at) - (x->at < y->at);
}

int
in_repeated_at(struct arena *a, const int64_t *ids, int n)
{
	struct placed_id *sorted = arena_alloc(a, sizeof(*sorted) * (size_t)(n > 0 ? n : 1));
	int again = -1;

	for (int i = 0; i < n; i++)
		sorted[i] = (struct placed_id){ ids[i], i };
	qsort(sorted, (size_t)n, sizeof(*sorted), compare_placed);
	for (int i = 1; i < n; i++)
		if (sorted[i].id == sorted[i - 1].id && (again < 0 || sorted[i].at < again))
			again = sorted[i].at;
	return again;
}

int
in_id_list(const struct in_obj *o, const char *name, unsigned flags, size_t max, int64_t *ids)
{
	json_t *list = in_array(o, name, flags, max), *item;
	size_t i;
	int again;

	if (list == NULL)
		return -1;
	json_array_foreach(list, i, item) {
		if (!json_is_integer(item) || json_integer_value(item) <= 0) {
			in_error(o, arena_printf(&o->r->arena, "%s[%zu]", name, i),
				 json_is_integer(item) ? MSG_INVALID_ID : MSG_NOT_INTEGER,
				 !json_is_integer(item));
			return -1;
		}
		ids[i] = json_integer_value(item);
	}
	if ((again = in_repeated_at(&o->r->arena, ids, (int)json_array_size(list))) >= 0) {
		in_error(o, arena_printf(&o->r->arena, "%s[%d]", name, again), MSG_DUPLICATE_ITEM,
			 false);
		return -1;
	}
	return (int)json_array_size(list);
}

void
in_unknown(const struct in_obj *o, const char *const *allowed)
{
	const char *key;
	json_t *v;

	if (!json_is_object(o->json))
		return;
	json_object_foreach(o->json, key, v) {
		if (!vocabulary_has(allowed, key))
			in_error(o, key, MSG_UNKNOWN_FIELD, false);
	}
}

/* ---- the top level ---- */

const char *
input_string(struct request *r, const char *name, unsigned flags, size_t min, size_t max)
{
	struct in_obj root = input_root(r);

	return in_text(&root, name, flags, min, max);
}

int64_t
input_time(struct request *r, const char *name, unsigned flags)
{
	struct in_obj root = input_root(r);
	const char *s = in_text(&root, name, flags, 1, LIMIT_TIME_CHARS);
	int64_t t;

	if (s == NULL)
		return 0;
	if (!clock_parse_rfc3339(s, &t)) {
		in_error(&root, name, MSG_INVALID_DATETIME, false);
		return 0;
	}
	return t;
}

const char *
input_enum(struct request *r, const char *name, unsigned flags, const char *const *values)
{
	struct in_obj root = input_root(r);

	return in_enum(&root, name, flags, values);
}

const char *
input_date(struct request *r, const char *name, unsigned flags, bool not_future)
{
	struct in_obj root = input_root(r);

	return in_date(&root, name, flags, not_future);
}

bool
input_bool(struct request *r, const char *name, unsigned flags, bool *given)
{
	struct in_obj root = input_root(r);

	return in_bool(&root, name, flags, given);
}

bool
input_int(struct request *r, const char *name, unsigned flags, int64_t min, int64_t max,
	  int64_t *out)
{
	struct in_obj root = input_root(r);

	return in_int(&root, name, flags, min, max, out);
}

int64_t
input_id(struct request *r, const char *name, unsigned flags)
{
	struct in_obj root = input_root(r);

	return in_id(&root, name, flags);
}

bool
input_present(const struct request *r, const char *name)
{
	return json_is_object(r->json) && json_object_get(r->json, name) != NULL;
}

bool
input_null(const struct request *r, const char *name)
{
	return json_is_object(r->json) && json_is_null(json_object_get(r->json, name));
}

bool
input_done(struct request *r, const char *const *allowed)
{
	struct in_obj root = input_root(r);

	if (allowed != NULL)
		in_unknown(&root, allowed);
	return input_done_errors(r);
}

bool
input_done_errors(struct request *r)
{
	if (r->errors.count == 0 && !r->errors.malformed)
		return true;
	reply_invalid(r);
	return false;
}
