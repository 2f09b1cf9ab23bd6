/* Generic directory handlers: JSON <-> entity values, and the write transactions. */
#include "api/resource.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "core/clock.h"

static const struct resource *
resource_of(const struct request *r)
{
	return r->route->arg;
}

/* ---- JSON to values ---- */

/* A set: distinct members of the field's vocabulary, refused past f->max before it is read. */
static void
parse_set(struct request *r, const struct field_def *f, json_t *j, struct value *v)
{
	size_t i;
	json_t *item;
	char *text;

	if (json_array_size(j) > (size_t)f->max) {
		field_errors_add(&r->errors, f->name, MSG_TOO_MANY_ITEMS);
		return;
	}
	v->nlist = (int)json_array_size(j);
	v->list = arena_alloc(&r->arena, sizeof(char *) * (json_array_size(j) + 1));
	json_array_foreach(j, i, item) {
		if (!json_is_string(item)) {
			field_errors_add(&r->errors, f->name, MSG_NOT_STRING);
			r->errors.malformed = true;
			return;
		}
		v->list[i] = arena_strdup(&r->arena, json_string_value(item));
	}
	text = json_dumps(j, JSON_COMPACT);
	v->s = arena_strdup(&r->arena, text);
	free(text);
}

static json_type
field_json_type(const struct field_def *f)
{
	switch (f->kind) {
	case FIELD_INT:
	case FIELD_REF: return JSON_INTEGER;
	case FIELD_BOOL: return JSON_TRUE; /* a boolean (api/input.h) */
	case FIELD_ENUM_SET: return JSON_ARRAY;
	default: return JSON_STRING;
	}
}

/* One field through the typed accessor: null only where the entity says F_NULLABLE. */
static void
parse_field(struct request *r, const struct field_def *f, struct value *v)
{
	struct in_obj body = input_root(r);
	json_t *j = in_field(&body, f->name, field_json_type(f),
			     f->flags & F_NULLABLE ? IN_NULLABLE : IN_OPTIONAL);

	if (j == NULL)
		return;
	v->present = true;
	if (json_is_null(j)) {
		v->null = true;
	} else if (f->kind == FIELD_INT || f->kind == FIELD_REF) {
		v->i = json_integer_value(j);
	} else if (f->kind == FIELD_BOOL) {
		v->i = json_is_true(j);
	} else if (f->kind == FIELD_ENUM_SET) {
		parse_set(r, f, j, v);
	} else {
		char *s = arena_strdup(&r->arena, json_string_value(j));
		for (char *p = s; (f->flags & F_UPPER) && *p; p++)
			*p = (char)toupper((unsigned char)*p);
		v->s = s;
	}
}

/* Reads the body into values; unknown fields and (on PATCH) immutable ones are errors. */
static struct value *
parse_body(struct request *r, const struct entity_def *def, bool creating)
{
	struct value *vals = arena_alloc(&r->arena, sizeof(struct value) * (size_t)def->nfields);
	struct in_obj body = input_root(r);
	const char *key;
	json_t *j;

	json_object_foreach(r->json, key, j) {
		int i = entity_field_index(def, key);
		if (i < 0 || (def->fields[i].flags & F_READ_ONLY) ||
		    (!creating && (def->fields[i].flags & F_IMMUTABLE))) {
			in_error(&body, key, MSG_UNKNOWN_FIELD, false);
			continue;
		}
		parse_field(r, &def->fields[i], &vals[i]);
	}
	return vals;
}

/* ---- values to JSON ---- */

static json_t *
value_json(const struct field_def *f, const struct value *v)
{
	if (v->null)
		return json_null();
	switch (f->kind) {
	case FIELD_INT:
	case FIELD_REF:
		return json_integer(v->i);
	case FIELD_BOOL:
		return json_boolean(v->i);
	case FIELD_ENUM_SET: {
		json_t *arr = json_loads(v->s ? v->s : "[]", 0, NULL);
		return arr != NULL ? arr : json_array();
	}
	default:
		return json_string(v->s ? v->s : "");
	}
}

json_t *
record_json(const struct entity_def *def, const struct record *rec)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(rec->id));
	for (int i = 0; i < def->nfields; i++)
		if (!(def->fields[i].flags & F_WRITE_ONLY) && rec->vals[i].present)
			json_object_set_new(o, def->fields[i].name,
					    value_json(&def->fields[i], &rec->vals[i]));
	json_object_set_new(o, "created_at", json_time(rec->created_at));
	json_object_set_new(o, "updated_at", json_time(rec->updated_at));
	return o;
}

json_t *
record_json_for(const struct request *r, const struct resource *res, struct record *rec)
{
	json_t *withheld = json_array(), *o;

	if (res->redact != NULL)
		res->redact(r, rec, withheld);
	o = record_json(res->def, rec);
	if (json_array_size(withheld) > 0)
		json_object_set_new(o, "withheld", withheld);
	else
		json_decref(withheld);
	return o;
}

/* The names of the present fields, as a JSON array text, for the audit log. */
static const char *
field_names(struct request *r, const struct entity_def *def, const struct value *vals)
{
	char *buf = arena_alloc(&r->arena, 1024);

	entity_field_list(def, vals, buf, 1024);
	return buf;
}

/* ---- handlers ---- */

static bool
may_read(struct request *r, const struct resource *res)
{
	if (res->can_read(&r->caller.user))
		return true;
	reply_status(r, URA_EFORBIDDEN);
	return false;
}

/* The list's filters (fields marked F_FILTER): ?role=coordinator, ?institution_id=3. An
 * enum's value must be one of its members, a reference a positive id (else 400). */
static bool
list_filters(struct request *r, const struct entity_def *def, struct value *filters)
{
	for (int i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		const char *q = (f->flags & F_FILTER) ? req_query(r, f->name) : NULL;

		if (q == NULL || *q == '\0')
			continue;
		if (f->kind == FIELD_REF) {
			if (!req_query_id(r, f->name, &filters[i].i))
				return false;
		} else if (f->kind != FIELD_ENUM) {
			reply_field_error(r, 400, f->name, MSG_NOT_ALLOWED_VALUE);
			return false;
		} else if (!vocabulary_has(f->values, q)) {
			reply_field_choice(r, 400, f->name, f->values);
			return false;
		}
		filters[i].present = true;
		filters[i].s = q;
	}
	return true;
}

void
resource_list(struct request *r)
{
	const struct resource *res = resource_of(r);
	struct value *filters = arena_alloc(&r->arena, sizeof(*filters) *
					    (size_t)res->def->nfields);
	struct record *rows;
	struct db *db;
	int limit, n;
	int64_t after;
	json_t *items;
	enum ura_status st;

	memset(filters, 0, sizeof(*filters) * (size_t)res->def->nfields);
	if (!may_read(r, res) || !list_filters(r, res->def, filters) ||
	    !req_page(r, &limit, &after) || (db = api_reader(r)) == NULL)
		return;
	/* One row more than asked tells whether there is a next page. */
	st = store_entity_list(db, &r->arena, res->def, filters, after, limit + 1, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, record_json_for(r, res, &rows[i]));
	reply_list(r, items, n > limit ? rows[limit - 1].id : 0);
}

void
resource_get(struct request *r)
{
	const struct resource *res = resource_of(r);
	struct record rec;
	struct db *db;
	int64_t id;
	enum ura_status st;

	if (!may_read(r, res) || !req_param_id(r, 0, "id", &id) || (db = api_reader(r)) == NULL)
		return;
	st = store_entity_get(db, &r->arena, res->def, id, &rec);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 200, record_json_for(r, res, &rec));
}

struct entity_write {
	struct request *r;
	const struct resource *res;
	struct value *vals;
	int64_t id;
	struct record saved;
};

static enum ura_status
create_fn(struct db *db, void *ctx)
{
	struct entity_write *w = ctx;
	const struct entity_def *def = w->res->def;
	enum ura_status st;

	st = store_entity_insert(db, def, w->vals, clock_now(), &w->id, &w->r->errors);
	if (st == URA_OK)
		st = store_entity_get(db, &w->r->arena, def, w->id, &w->saved);
	if (st == URA_OK && w->res->after_write != NULL)
		st = w->res->after_write(db, w->r, NULL, &w->saved, w->vals);
	if (st != URA_OK)
		return st;
	return api_audit(db, w->r, w->res->create_action, def->name, w->id,
			 field_names(w->r, def, w->vals));
}

static bool
may_write(struct request *r, const struct resource *res)
{
	if (authz_directory_write(&r->caller.user, res->kind))
		return true;
	reply_status(r, URA_EFORBIDDEN);
	return false;
}

void
resource_create(struct request *r)
{
	const struct resource *res = resource_of(r);
	struct entity_write w = { .r = r, .res = res };
	enum ura_status st;

	if (!may_write(r, res))
		return;
	w.vals = parse_body(r, res->def, true);
	if (!r->errors.malformed) {
		entity_apply_defaults(res->def, w.vals);
		entity_validate(res->def, w.vals, true, &r->errors);
		entity_check_rules(res->def, w.vals, 0, &r->errors);
	}
	if (!input_done_errors(r) || (res->prepare && !res->prepare(r, w.vals)))
		return;
	st = store_write(r->app->store, create_fn, &w);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 201, record_json_for(r, res, &w.saved));
}

static enum ura_status
update_fn(struct db *db, void *ctx)
{
	struct entity_write *w = ctx;
	const struct entity_def *def = w->res->def;
	struct value *merged;
	struct record stored;
	enum ura_status st;

	if ((st = store_entity_get(db, &w->r->arena, def, w->id, &stored)) != URA_OK)
		return st;
	merged = arena_alloc(&w->r->arena, sizeof(struct value) * (size_t)def->nfields);
	memcpy(merged, w->vals, sizeof(struct value) * (size_t)def->nfields);
	entity_merge(def, merged, &stored);
	entity_check_rules(def, merged, w->id, &w->r->errors);
	if (w->res->check_update != NULL)
		w->res->check_update(w->r, &stored, merged);
	if (w->r->errors.count > 0)
		return URA_EUNPROCESSABLE;
	st = store_entity_update(db, def, w->id, w->vals, clock_now(), &w->r->errors);
	if (st == URA_OK)
		st = store_entity_get(db, &w->r->arena, def, w->id, &w->saved);
	if (st == URA_OK && w->res->after_write != NULL)
		st = w->res->after_write(db, w->r, &stored, &w->saved, w->vals);
	if (st != URA_OK)
		return st;
	return api_audit(db, w->r, w->res->update_action, def->name, w->id,
			 field_names(w->r, def, w->vals));
}

void
resource_update(struct request *r)
{
	const struct resource *res = resource_of(r);
	struct entity_write w = { .r = r, .res = res };
	enum ura_status st;

	if (!may_write(r, res) || !req_param_id(r, 0, "id", &w.id))
		return;
	w.vals = parse_body(r, res->def, false);
	if (!r->errors.malformed)
		entity_validate(res->def, w.vals, false, &r->errors);
	if (!input_done_errors(r) || (res->prepare && !res->prepare(r, w.vals)))
		return;
	st = store_write(r->app->store, update_fn, &w);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 200, record_json_for(r, res, &w.saved));
}
