/* Reading a new case from JSON: a small set of readers that know the field's path. */
#include "api/case_input.h"

#include <stdlib.h>
#include <string.h>

#include "api/input.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "domain/cases.h"
#include "domain/directory.h"
#include "domain/types.h"

/* An object of the body and its path prefix ("", "survivor.", "children[2]."). */
struct obj {
	struct request *r;
	json_t *json;
	const char *path;
};

static const char *
path_of(const struct obj *o, const char *name)
{
	return arena_printf(&o->r->arena, "%s%s", o->path, name);
}

static void
problem(const struct obj *o, const char *name, enum msg m, bool malformed)
{
	field_errors_add(&o->r->errors, path_of(o, name), m);
	o->r->errors.malformed |= malformed;
}

/* The field's value, NULL when absent or null (recording "required" when it must be there). */
static json_t *
present(const struct obj *o, const char *name, bool required)
{
	json_t *v = json_object_get(o->json, name);

	if (v != NULL && !json_is_null(v))
		return v;
	if (required)
		problem(o, name, MSG_REQUIRED, false);
	return NULL;
}

static const char *
o_text(const struct obj *o, const char *name, bool required, size_t max)
{
	json_t *v = present(o, name, required);
	size_t len;

	if (v == NULL)
		return NULL;
	if (!json_is_string(v)) {
		problem(o, name, MSG_NOT_STRING, true);
		return NULL;
	}
	len = utf8_length(json_string_value(v));
	if (len == 0 && required)
		problem(o, name, MSG_REQUIRED, false);
	else if (len > max)
		problem(o, name, MSG_TOO_LONG, false);
	else
		return json_string_value(v);
	return NULL;
}

static const char *
o_enum(const struct obj *o, const char *name, bool required, const char *const *values)
{
	const char *s = o_text(o, name, required, 64);

	if (s != NULL && !vocabulary_has(values, s)) {
		problem(o, name, MSG_NOT_ALLOWED_VALUE, false);
		return NULL;
	}
	return s;
}

/* A real date; `past` also refuses dates after today (by the server clock). */
static const char *
o_date(const struct obj *o, const char *name, bool required, bool past)
{
	const char *s = o_text(o, name, required, 10);
	int64_t days;

	if (s == NULL)
		return NULL;
	if (!clock_parse_date(s, &days))
		problem(o, name, MSG_INVALID_DATE, false);
	else if (past && days > clock_now() / 86400)
		problem(o, name, MSG_DATE_IN_FUTURE, false);
	else
		return s;
	return NULL;
}

/* A boolean; null is not one (it never stood for false). */
static bool
o_bool(const struct obj *o, const char *name, bool required)
{
	json_t *v = json_object_get(o->json, name);

	if (v == NULL)
		v = present(o, name, required);
	if (v != NULL && !json_is_boolean(v))
		problem(o, name, MSG_NOT_BOOLEAN, true);
	return v != NULL && json_is_true(v);
}

static int64_t
o_id(const struct obj *o, const char *name, bool required)
{
	json_t *v = present(o, name, required);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v))
		problem(o, name, MSG_NOT_INTEGER, true);
	else if (json_integer_value(v) <= 0)
		problem(o, name, MSG_INVALID_ID, false);
	else
		return json_integer_value(v);
	return 0;
}

/* A list of distinct allowed strings (or, with values NULL, of positive ids), as JSON text. */
static const char *
o_list(const struct obj *o, const char *name, bool nonempty, const char *const *values)
{
	json_t *v = present(o, name, nonempty), *item;
	size_t i, j;
	char *text;
	const char *copy;

	if (v == NULL)
		return NULL;
	if (!json_is_array(v)) {
		problem(o, name, MSG_NOT_ARRAY, true);
		return NULL;
	}
	if (nonempty && json_array_size(v) == 0) {
		problem(o, name, MSG_REQUIRED, false);
		return NULL;
	}
	json_array_foreach(v, i, item) {
		bool ok = values ? json_is_string(item) : json_is_integer(item);
		if (!ok) {
			problem(o, name, values ? MSG_NOT_STRING : MSG_NOT_INTEGER, true);
			return NULL;
		}
		if (values ? !vocabulary_has(values, json_string_value(item))
			   : json_integer_value(item) <= 0) {
			problem(o, name, values ? MSG_NOT_ALLOWED_VALUE : MSG_INVALID_ID, false);
			return NULL;
		}
		for (j = 0; j < i; j++) {
			if (json_equal(item, json_array_get(v, j))) {
				problem(o, name, MSG_DUPLICATE_ITEM, false);
				return NULL;
			}
		}
	}
	text = json_dumps(v, JSON_COMPACT);
	copy = arena_strdup(&o->r->arena, text);
	free(text);
	return copy;
}

/* A nested object: false when absent (or not an object, which is recorded). */
static bool
o_object(const struct obj *o, const char *name, bool required, struct obj *child)
{
	json_t *v = present(o, name, required);

	if (v == NULL)
		return false;
	if (!json_is_object(v)) {
		problem(o, name, MSG_NOT_OBJECT_FIELD, true);
		return false;
	}
	*child = (struct obj){ o->r, v, arena_printf(&o->r->arena, "%s%s.", o->path, name) };
	return true;
}

static void
o_unknown(const struct obj *o, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(o->json, key, v)
		if (!vocabulary_has(allowed, key))
			problem(o, key, MSG_UNKNOWN_FIELD, false);
}

/* In a PATCH a field may be left out, but one that may not be empty cannot be set to null. */
static bool
o_required(const struct obj *o, const char *name, bool patch)
{
	return !patch || json_object_get(o->json, name) != NULL;
}

/* The survivor of POST /cases; with `patch`, any subset of its fields (PATCH /cases/{id}). */
static void
read_survivor(const struct obj *body, struct case_input *in, bool patch)
{
	static const char *const allowed[] = { "given_name", "family_name", "sex", "date_of_birth",
		"phone", "address", "address_confidential", "municipality_id", NULL };
	struct obj s;

	if (!o_object(body, "survivor", !patch, &s))
		return;
	in->survivor.given_name = o_text(&s, "given_name", o_required(&s, "given_name", patch), 100);
	in->survivor.family_name = o_text(&s, "family_name", o_required(&s, "family_name", patch),
					  100);
	in->survivor.sex = o_enum(&s, "sex", o_required(&s, "sex", patch), case_sexes);
	in->survivor.date_of_birth = o_date(&s, "date_of_birth", false, true);
	in->survivor.phone = o_text(&s, "phone", false, 40);
	in->survivor.address = o_text(&s, "address", false, 400);
	in->survivor.address_confidential = o_bool(&s, "address_confidential", false);
	in->survivor.municipality_id = o_id(&s, "municipality_id", false);
	o_unknown(&s, allowed);
}

static void
read_children(const struct obj *body, struct case_input *in)
{
	static const char *const allowed[] = { "given_name", "date_of_birth", "sex", NULL };
	json_t *list = present(body, "children", false), *child;
	size_t i;

	if (list == NULL)
		return;
	if (!json_is_array(list)) {
		problem(body, "children", MSG_NOT_ARRAY, true);
		return;
	}
	if (json_array_size(list) > CASE_CHILDREN_MAX) {
		problem(body, "children", MSG_TOO_LONG, false);
		return;
	}
	json_array_foreach(list, i, child) {
		struct obj c = { body->r, child, arena_printf(&body->r->arena, "children[%zu].", i) };
		if (!json_is_object(child)) {
			problem(body, arena_printf(&body->r->arena, "children[%zu]", i),
				MSG_NOT_OBJECT_FIELD, true);
			continue;
		}
		o_text(&c, "given_name", true, 100);
		o_date(&c, "date_of_birth", false, true);
		o_enum(&c, "sex", false, case_sexes);
		o_unknown(&c, allowed);
	}
	in->children = list;
}

static void
read_perpetrator(const struct obj *body, struct case_input *in)
{
	static const char *const allowed[] = { "given_name", "family_name", "relationship",
					       "date_of_birth", NULL };
	struct obj p;

	if (!(in->has_perpetrator = o_object(body, "perpetrator", false, &p)))
		return;
	in->perpetrator.given_name = o_text(&p, "given_name", false, 100);
	in->perpetrator.family_name = o_text(&p, "family_name", false, 100);
	in->perpetrator.relationship = o_enum(&p, "relationship", false, case_relationships);
	in->perpetrator.date_of_birth = o_date(&p, "date_of_birth", false, true);
	o_unknown(&p, allowed);
}

static void
read_incident_fields(const struct obj *i, struct case_input *in)
{
	static const char *const allowed[] = { "occurred_on", "forms", "place", "narrative", "bias",
					       NULL };

	in->incident.occurred_on = o_date(i, "occurred_on", true, true);
	in->incident.forms = o_list(i, "forms", true, violence_forms);
	in->incident.place = o_enum(i, "place", false, incident_places);
	in->incident.narrative = o_text(i, "narrative", false, CASE_NARRATIVE_MAX);
	in->incident.bias = o_list(i, "bias", false, bias_motivations);
	o_unknown(i, allowed);
}

static void
read_incident(const struct obj *body, struct case_input *in)
{
	struct obj i;

	if ((in->has_incident = o_object(body, "incident", false, &i)))
		read_incident_fields(&i, in);
}

static void
read_consent_fields(const struct obj *c, struct consent_input *out)
{
	static const char *const allowed[] = { "given", "method", "institution_types",
					       "institution_ids", "categories", NULL };
	static const char *const categories[] = { "identity", "contact", "incident", "risk",
		"health", "children", "perpetrator", "legal", "notes", NULL };

	out->given = o_bool(c, "given", true);
	out->method = o_enum(c, "method", true, consent_methods);
	out->institution_types = o_list(c, "institution_types", false, institution_types);
	out->institution_ids = o_list(c, "institution_ids", false, NULL);
	out->categories = o_list(c, "categories", false, categories);
	o_unknown(c, allowed);
}

static void
read_consent(const struct obj *body, struct case_input *in)
{
	struct obj c;

	if ((in->has_consent = o_object(body, "consent", false, &c)))
		read_consent_fields(&c, &in->consent);
}

bool
consent_input_read(struct request *r, struct consent_input *in)
{
	struct obj body = { r, r->json, "" };

	memset(in, 0, sizeof(*in));
	read_consent_fields(&body, in);
	return input_done_errors(r);
}

static const char *
parts_given(struct request *r, const struct case_input *in)
{
	return arena_printf(&r->arena, "[\"survivor\"%s%s%s%s]",
			    in->children ? ",\"children\"" : "",
			    in->has_perpetrator ? ",\"perpetrator\"" : "",
			    in->has_incident ? ",\"incident\"" : "",
			    in->has_consent ? ",\"consent\"" : "");
}

bool
case_input_read(struct request *r, struct case_input *in)
{
	static const char *const allowed[] = { "kind", "mechanism_id", "imminent_danger",
		"survivor", "children", "perpetrator", "incident", "consent", NULL };
	struct obj body = { r, r->json, "" };

	memset(in, 0, sizeof(*in));
	in->kind = o_enum(&body, "kind", true, mechanism_kinds);
	in->mechanism_id = o_id(&body, "mechanism_id", true);
	in->imminent_danger = o_bool(&body, "imminent_danger", false);
	read_survivor(&body, in, false);
	read_children(&body, in);
	read_perpetrator(&body, in);
	read_incident(&body, in);
	read_consent(&body, in);
	o_unknown(&body, allowed);
	in->parts = parts_given(r, in);
	return input_done_errors(r);
}

bool
incident_input_read(struct request *r, struct case_input *in)
{
	struct obj body = { r, r->json, "" };

	memset(in, 0, sizeof(*in));
	in->has_incident = true;
	read_incident_fields(&body, in);
	return input_done_errors(r);
}

bool
case_patch_read(struct request *r, struct case_patch *p)
{
	static const char *const allowed[] = { "imminent_danger", "status", "survivor", "children",
					       "perpetrator", NULL };
	static const char *const statuses[] = { "active", NULL };
	struct obj body = { r, r->json, "" };

	memset(p, 0, sizeof(*p));
	if (json_object_size(r->json) == 0) {
		reply_problem(r, 422, MSG_NOTHING_TO_CHANGE);
		return false;
	}
	p->has_imminent_danger = present(&body, "imminent_danger", false) != NULL;
	p->in.imminent_danger = o_bool(&body, "imminent_danger", false);
	p->status = o_enum(&body, "status", o_required(&body, "status", true), statuses);
	read_survivor(&body, &p->in, true);
	p->survivor = json_object_get(r->json, "survivor");
	if (json_is_null(p->survivor)) /* the survivor cannot be erased */
		problem(&body, "survivor", MSG_NOT_OBJECT_FIELD, true);
	read_children(&body, &p->in);
	p->has_children = json_object_get(r->json, "children") != NULL;
	read_perpetrator(&body, &p->in);
	p->has_perpetrator = json_object_get(r->json, "perpetrator") != NULL;
	o_unknown(&body, allowed);
	return input_done_errors(r);
}
