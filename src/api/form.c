/* HTML forms read as JSON objects (see form.h). */
#include "api/form.h"

#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"

/* Decodes one name or value in place ('+' is a space, %XX a byte); false on a bad escape. */
static bool
form_decode(char *s)
{
	char *o = s;

	for (char *p = s; *p != '\0'; p++) {
		if (*p == '+') {
			*o++ = ' ';
		} else if (*p == '%') {
			char hex[3] = { 0 };
			char *end;

			if (p[1] == '\0' || p[2] == '\0')
				return false;
			hex[0] = p[1];
			hex[1] = p[2];
			*o = (char)strtol(hex, &end, 16);
			if (*end != '\0' || *o == '\0')
				return false; /* not hexadecimal, or a NUL */
			o++;
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return utf8_valid(s, (size_t)(o - s));
}

static enum form_type
form_type_of(const struct form_field *schema, const char *name)
{
	for (const struct form_field *f = schema; f != NULL && f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f->type;
	return FORM_TEXT;
}

/* The value as the JSON the schema asks for; NULL for an empty value (absent). */
static json_t *
form_value(enum form_type type, const char *value)
{
	char *end;
	long long n;

	if (*value == '\0')
		return NULL;
	switch (type) {
	case FORM_INT:
		n = strtoll(value, &end, 10);
		return *end == '\0' && n > 0 ? json_integer(n) : json_string(value);
	case FORM_BOOL:
		return json_true();
	case FORM_TEXT:
	case FORM_LIST:
		break;
	}
	return json_string(value);
}

/* Adds one decoded pair; false when a field that is not a list comes twice. */
static bool
form_add(json_t *obj, const struct form_field *schema, const char *name, const char *value)
{
	enum form_type type = form_type_of(schema, name);
	json_t *v = form_value(type, value), *list;

	if (type == FORM_LIST) {
		if ((list = json_object_get(obj, name)) == NULL)
			json_object_set_new(obj, name, list = json_array());
		if (v != NULL)
			json_array_append_new(list, v);
		return true;
	}
	if (json_object_get(obj, name) != NULL) {
		json_decref(v);
		return false;
	}
	/* An empty field is remembered as null only to catch a second one; dropped at the end. */
	json_object_set_new(obj, name, v != NULL ? v : json_null());
	return true;
}

static void
form_drop_empty(json_t *obj)
{
	const char *key;
	json_t *v;
	void *tmp;

	json_object_foreach_safe(obj, tmp, key, v)
		if (json_is_null(v))
			json_object_del(obj, key);
}

json_t *
form_parse(struct request *r, const struct form_field *schema)
{
	char *copy = arena_strndup(&r->arena, r->body != NULL ? r->body : "", r->body_len);
	json_t *obj = json_object();
	int pairs = 0;
	char *save = NULL;

	if (strlen(copy) != r->body_len)
		goto malformed; /* a NUL in the body */
	for (char *pair = strtok_r(copy, "&", &save); pair != NULL;
	     pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '='), none[1] = "";
		char *value = none;

		if (++pairs > REQUEST_PAIRS_MAX)
			goto malformed;
		if (eq != NULL) {
			*eq = '\0';
			value = eq + 1;
		}
		if (!form_decode(pair) || !form_decode(value) ||
		    !form_add(obj, schema, pair, value))
			goto malformed;
	}
	form_drop_empty(obj);
	return obj;
malformed:
	json_decref(obj);
	r->errors.malformed = true;
	return NULL;
}

const char *
form_text(json_t *form, const char *name)
{
	return json_string_value(json_object_get(form, name));
}
