/*
 * The service directory as Open Referral HSDS 3.0 (see hsds.h). One builder makes the JSON
 * document; the CSV tables are projections of it (each HSDS table a path into the document
 * and a list of columns), so the two forms cannot drift apart.
 *
 * What is never published: a shelter's location (those who flee to it must not be found
 * there; its phone, hours and services are listed), anything about cases or people.
 */
#include "api/hsds.h"

#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "api/report_page.h"
#include "core/clock.h"
#include "core/labels.h"
#include "crypt/uuid.h"
#include "domain/directory.h"
#include "domain/opening_hours.h"
#include "report/csv.h"
#include "store/directory_export.h"

/* An id derived from the institution's UUID: "<what>" or "<what>:<key>". */
static json_t *
derived_id(const struct directory_entry *e, const char *what, const char *key)
{
	char name[160], id[UUID_TEXT];

	snprintf(name, sizeof(name), "%s%s%s", what, key ? ":" : "", key ? key : "");
	uuid_derive(e->uuid, name, id);
	return json_string(id);
}

/* Sets `key` to the text, leaving it out when there is none (HSDS fields are not nullable). */
static void
set_text(json_t *o, const char *key, const char *text)
{
	if (text != NULL && text[0] != '\0')
		json_object_set_new(o, key, json_string(text));
}

static json_t *
phone_json(const struct directory_entry *e, const char *owner_key, json_t *owner_id,
	   const char *key)
{
	json_t *phones = json_array();

	if (e->phone != NULL && e->phone[0] != '\0')
		json_array_append_new(phones, json_pack("{s:o, s:O, s:s}", "id",
			derived_id(e, "phone", key), owner_key, owner_id, "number", e->phone));
	return phones;
}

/* Where the institution receives people; NULL for a shelter or without an address. */
static json_t *
location_json(const struct directory_entry *e)
{
	json_t *loc, *address;

	if (strcmp(e->type, "shelter") == 0 || e->address == NULL || e->address[0] == '\0')
		return NULL;
	loc = json_pack("{s:o, s:s, s:s, s:s}", "id", derived_id(e, "location", NULL),
			"location_type", "physical", "organization_id", e->uuid, "name", e->name);
	address = json_pack("{s:o, s:O, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
			    derived_id(e, "address", NULL), "location_id",
			    json_object_get(loc, "id"), "address_1", e->address, "city", e->city,
			    "state_province", e->region ? e->region : e->city, "postal_code",
			    e->postal_code ? e->postal_code : "", "country", e->country,
			    "address_type", "physical");
	set_text(address, "region", e->region);
	json_object_set_new(loc, "addresses", json_pack("[o]", address));
	return loc;
}

static json_t *
organization_json(const struct directory_entry *e, json_t *location, enum lang lang)
{
	json_t *org = json_pack("{s:s, s:s, s:s}", "id", e->uuid, "name", e->name, "description",
				label_text("institution_type", e->type, lang));

	set_text(org, "email", e->email);
	json_object_set_new(org, "phones", phone_json(e, "organization_id",
						      json_object_get(org, "id"), NULL));
	json_object_set_new(org, "locations", location ? json_pack("[O]", location) : json_array());
	return org;
}

static json_t *
languages_json(const struct directory_entry *e, const char *kind, json_t *service_id,
	       enum lang lang)
{
	json_t *codes = json_loads(e->languages ? e->languages : "[]", 0, NULL), *code, *out;
	char key[64];
	size_t i;

	out = json_array();
	json_array_foreach(codes, i, code) {
		snprintf(key, sizeof(key), "%s:%s", kind, json_string_value(code));
		json_array_append_new(out, json_pack("{s:o, s:O, s:s, s:s}", "id",
			derived_id(e, "language", key), "service_id", service_id, "code",
			json_string_value(code), "name",
			label_text("language", json_string_value(code), lang)));
	}
	json_decref(codes);
	return out;
}

static json_t *
schedules_json(const struct directory_entry *e, const char *kind, json_t *service_id)
{
	struct opening_rule rules[OPENING_RULES_MAX];
	json_t *out = json_array();
	char key[64];
	int n;

	if (!opening_hours_parse(e->opening_hours, rules, &n))
		return out; /* none given (stored values are checked on the way in) */
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "%s:%d", kind, i);
		json_array_append_new(out, json_pack("{s:o, s:O, s:s, s:s, s:s, s:s, s:s, s:s}",
			"id", derived_id(e, "schedule", key), "service_id", service_id, "freq",
			"WEEKLY", "wkst", "MO", "byday", rules[i].byday, "opens_at",
			rules[i].opens_at, "closes_at", rules[i].closes_at, "description",
			e->opening_hours));
	}
	return out;
}

static json_t *
service_json(const struct directory_entry *e, const char *kind, const json_t *location,
	     enum lang lang)
{
	char modified[40];
	json_t *s, *id = derived_id(e, "service", kind);

	clock_format_rfc3339(e->updated_at, modified, sizeof(modified));
	s = json_pack("{s:o, s:s, s:s, s:s, s:s, s:s}", "id", id, "organization_id", e->uuid,
		      "name", label_text("service", kind, lang), "description", e->name, "status",
		      "active", "last_modified", modified);
	set_text(s, "email", e->email);
	json_object_set_new(s, "phones", phone_json(e, "service_id", id, kind));
	json_object_set_new(s, "languages", languages_json(e, kind, id, lang));
	json_object_set_new(s, "schedules", schedules_json(e, kind, id));
	json_object_set_new(s, "service_at_locations", location == NULL ? json_array() :
		json_pack("[{s:o, s:O, s:O}]", "id", derived_id(e, "service_at_location", kind),
			  "service_id", id, "location_id", json_object_get(location, "id")));
	return s;
}

static json_t *
directory_document(const struct directory_entry *rows, int n, enum lang lang)
{
	json_t *orgs = json_array(), *services = json_array();

	for (int i = 0; i < n; i++) {
		const struct directory_entry *e = &rows[i];
		json_t *location = location_json(e);
		json_t *kinds = json_loads(e->services ? e->services : "[]", 0, NULL), *kind;
		size_t k;

		json_array_append_new(orgs, organization_json(e, location, lang));
		json_array_foreach(kinds, k, kind)
			json_array_append_new(services, service_json(e, json_string_value(kind),
								     location, lang));
		json_decref(kinds);
		json_decref(location);
	}
	return json_pack("{s:s, s:o, s:o}", "hsds_version", "3.0", "organizations", orgs,
			 "services", services);
}

/* ---- CSV: one HSDS table per file, a projection of the document ---- */

struct hsds_table {
	const char *name;
	const char *paths[2];  /* where its objects are: "services/phones" */
	const char *columns[10];
};

static const struct hsds_table tables[] = {
	{ "organization", { "organizations" }, { "id", "name", "description", "email" } },
	{ "service", { "services" },
	  { "id", "organization_id", "name", "description", "status", "email", "last_modified" } },
	{ "location", { "organizations/locations" },
	  { "id", "organization_id", "location_type", "name" } },
	{ "address", { "organizations/locations/addresses" },
	  { "id", "location_id", "address_1", "city", "region", "state_province", "postal_code",
	    "country", "address_type" } },
	{ "phone", { "organizations/phones", "services/phones" },
	  { "id", "organization_id", "service_id", "number" } },
	{ "language", { "services/languages" }, { "id", "service_id", "code", "name" } },
	{ "schedule", { "services/schedules" },
	  { "id", "service_id", "freq", "wkst", "byday", "opens_at", "closes_at", "description" } },
	{ "service_at_location", { "services/service_at_locations" },
	  { "id", "service_id", "location_id" } },
};
#define NTABLES (int)(sizeof(tables) / sizeof(tables[0]))

static void
csv_row(struct csv *c, const struct hsds_table *t, const json_t *obj)
{
	for (int i = 0; i < 10 && t->columns[i] != NULL; i++) {
		const char *v = json_string_value(json_object_get(obj, t->columns[i]));
		/* A plain phone number ("+355 …") is data, not a formula: kept as it is. */
		if (v != NULL && strcmp(t->columns[i], "number") == 0 && directory_phone_plain(v))
			csv_text_verbatim(c, v);
		else
			csv_text(c, v ? v : "");
	}
	csv_end_row(c);
}

/* Writes a row for every object at `path` ("a/b/c": arrays within arrays) under `node`. */
static void
csv_rows_at(struct csv *c, const struct hsds_table *t, const json_t *node, const char *path)
{
	const char *slash = strchr(path, '/');
	char key[40];
	const json_t *list, *item;
	size_t i, len = slash ? (size_t)(slash - path) : strlen(path);

	snprintf(key, sizeof(key), "%.*s", (int)len, path);
	list = json_object_get(node, key);
	json_array_foreach(list, i, item) {
		if (slash)
			csv_rows_at(c, t, item, slash + 1);
		else
			csv_row(c, t, item);
	}
}

static void
reply_table_csv(struct request *r, const struct hsds_table *t, const json_t *doc)
{
	char disposition[80];
	struct csv c;

	csv_init(&c, &r->arena);
	for (int i = 0; i < 10 && t->columns[i] != NULL; i++)
		csv_text(&c, t->columns[i]);
	csv_end_row(&c);
	for (int p = 0; p < 2 && t->paths[p] != NULL; p++)
		csv_rows_at(&c, t, doc, t->paths[p]);
	snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s.csv\"", t->name);
	reply_header_add(r, "Content-Disposition", disposition);
	reply_text(r, 200, "text/csv; charset=utf-8", c.data, c.len);
}

/* ?table= (one CSV file) and ?format=json|csv (csv needs a table; a table means csv): the
 * table asked for, NULL for the JSON document; false after a 400 naming the parameter. */
static bool
asked_table(struct request *r, const struct hsds_table **table)
{
	const char *format = req_query(r, "format"), *name = req_query(r, "table");

	*table = NULL;
	if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0) {
		reply_field_error(r, 400, "format", MSG_NOT_ALLOWED_VALUE);
		return false;
	}
	if (name == NULL && (format == NULL || strcmp(format, "json") == 0))
		return true;
	for (int i = 0; i < NTABLES && name != NULL; i++)
		if (strcmp(tables[i].name, name) == 0 && (format == NULL || format[0] == 'c')) {
			*table = &tables[i];
			return true;
		}
	reply_field_error(r, 400, "table", name == NULL ? MSG_REQUIRED : MSG_NOT_ALLOWED_VALUE);
	return false;
}

static void
reply_directory(struct request *r, bool listed_only)
{
	const struct hsds_table *table;
	struct directory_entry *rows;
	struct db *db;
	json_t *doc;
	int n;
	enum ura_status st;

	if (!asked_table(r, &table) || (db = api_reader(r)) == NULL)
		return;
	st = store_directory_entries(db, &r->arena, listed_only, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	doc = directory_document(rows, n, r->lang);
	if (table == NULL) {
		reply_json(r, 200, doc);
		return;
	}
	reply_table_csv(r, table, doc);
	json_decref(doc);
}

void
handle_public_directory(struct request *r)
{
	if (!report_page_language(r, req_query(r, "lang"))) {
		reply_field_error(r, 400, "lang", MSG_NOT_ALLOWED_VALUE);
		return;
	}
	reply_directory(r, true);
}

void
handle_hsds(struct request *r)
{
	reply_directory(r, false);
}
