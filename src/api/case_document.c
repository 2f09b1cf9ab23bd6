/* Building a case's JSON from stored rows and a reader's readable categories. */
#include "api/case_document.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "crypt/field.h"
#include "http/request.h"

json_t *
case_summary_json(const struct case_row *c)
{
	json_t *doc = json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:s, s:b, s:b, s:o, s:o, s:I, s:s?, s:o, "
			 "s:s?, s:b}",
		"id", (json_int_t)c->id, "reference", c->reference, "kind", c->kind,
		"mechanism_id", (json_int_t)c->mechanism_id,
		"owner_institution_id", (json_int_t)c->owner_institution_id, "status", c->status,
		"risk_level", c->risk_level, "imminent_danger", c->imminent_danger,
		"repeat", c->repeat, "created_at", json_time(c->created_at),
		"updated_at", json_time(c->updated_at), "version", (json_int_t)c->version,
		"outcome", c->outcome, "closed_at", json_time(c->closed_at),
		"next_review_on", c->next_review_on, "needs_meeting", c->needs_meeting);

	json_object_set_new(doc, "assigned_user_id", c->assigned_user_id
			    ? json_integer(c->assigned_user_id) : json_null());
	json_object_set_new(doc, "overdue", json_pack("{s:I, s:I, s:I, s:b}",
		"referrals", (json_int_t)c->overdue.referrals,
		"actions", (json_int_t)c->overdue.actions, "orders", (json_int_t)c->overdue.orders,
		"review", c->overdue.review));
	return doc;
}

const char *
category_set_text(struct arena *a, category_set set)
{
	json_t *names = json_array();
	char *text;
	const char *copy;

	for (int c = 0; c < CAT_COUNT; c++)
		if (set & (1u << c))
			json_array_append_new(names, json_string(category_name((enum category)c)));
	text = json_dumps(names, JSON_COMPACT);
	copy = arena_strdup(a, text);
	free(text);
	json_decref(names);
	return copy;
}

struct blob
case_part_seal_text(struct arena *a, const struct keys *k, const char *column, int64_t id,
		    const char *text)
{
	struct blob b = { NULL, 0 };
	size_t len;

	if (text == NULL || k == NULL)
		return b;
	b.p = field_encrypt(a, k, "cases", column, id, text, strlen(text), &len);
	b.len = len;
	return b;
}

struct blob
case_part_seal(struct arena *a, const struct keys *k, const char *column, int64_t id,
	       json_t *doc)
{
	char *text = doc != NULL ? json_dumps(doc, JSON_COMPACT) : NULL;
	struct blob b = case_part_seal_text(a, k, column, id, text);

	case_part_text_free(text);
	json_decref(doc);
	return b;
}

void
case_part_text_free(char *text)
{
	if (text == NULL)
		return;
	sodium_memzero(text, strlen(text));
	free(text);
}

json_t *
case_part_open(struct arena *a, const struct keys *k, const char *column, int64_t id,
	  const struct blob *b, bool *ok)
{
	char *plain;
	json_t *v;

	if (b->len == 0)
		return NULL;
	plain = k ? field_decrypt(a, k, "cases", column, id, b->p, b->len) : NULL;
	v = plain ? json_loads(plain, 0, NULL) : NULL;
	if (v == NULL) {
		log_event(LOG_ERROR, "case_decrypt_failed", "case=%lld column=%s",
			  (long long)id, column);
		*ok = false;
	}
	return v;
}

static json_t *
incidents_json(struct arena *a, const struct keys *k, const struct case_view *v, bool *ok)
{
	json_t *list = json_array();

	for (int i = 0; i < v->nincidents; i++) {
		const struct incident_row *n = &v->incidents[i];
		char *narrative = NULL;
		if (n->narrative.len > 0 &&
		    (k == NULL || (narrative = field_decrypt(a, k, "incidents", "narrative", n->id,
							     n->narrative.p,
							     n->narrative.len)) == NULL))
			*ok = false;
		json_array_append_new(list, json_pack("{s:I, s:s?, s:o, s:s?, s:o, s:s?, s:b, s:o}",
			"id", (json_int_t)n->id, "occurred_on", n->occurred_on,
			"forms", json_loads(n->forms ? n->forms : "[]", 0, NULL),
			"place", n->place, "bias", json_loads(n->bias ? n->bias : "[]", 0, NULL),
			"narrative", narrative, "repeat", n->repeat,
			"created_at", json_time(n->created_at)));
	}
	return list;
}

json_t *
consent_json(const struct consent_row *c)
{
	return json_pack("{s:I, s:I, s:b, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)c->id,
		"case_id", (json_int_t)c->case_id, "given", c->given, "method", c->method,
		"institution_types", json_loads(c->institution_types, 0, NULL),
		"institution_ids", json_loads(c->institution_ids, 0, NULL),
		"categories", json_loads(c->categories, 0, NULL),
		"recorded_at", json_time(c->recorded_at), "withdrawn_at", json_time(c->withdrawn_at));
}

static json_t *
consents_json(const struct case_view *v)
{
	json_t *list = json_array();

	for (int i = 0; i < v->nconsents; i++)
		json_array_append_new(list, consent_json(&v->consents[i]));
	return list;
}

/* The survivor from the identity and contact parts the reader may see. */
static void
add_survivor(json_t *doc, struct arena *a, const struct keys *k, const struct case_view *v,
	     bool *ok)
{
	const struct case_row *c = v->row;
	json_t *survivor = json_object(), *part;

	if (v->readable & (1u << CAT_IDENTITY)) {
		if ((part = case_part_open(a, k, "identity", c->id, &c->identity, ok)) != NULL)
			json_object_update(survivor, part);
		json_decref(part);
		json_object_set_new(survivor, "sex", c->survivor_sex ? json_string(c->survivor_sex)
								      : json_null());
	}
	if (v->readable & (1u << CAT_CONTACT)) {
		if ((part = case_part_open(a, k, "contact", c->id, &c->contact, ok)) != NULL)
			json_object_update(survivor, part);
		json_decref(part);
		if (!v->address_readable && json_object_get(survivor, "address") != NULL) {
			/* The survivor has fled: where she lives leaves no one unless disclosed. */
			json_object_del(survivor, "address");
			json_object_set_new(doc, "withheld_fields",
					    json_pack("[s]", "survivor.address"));
		}
		json_object_set_new(survivor, "address_confidential",
				    json_boolean(c->address_confidential));
	}
	if (json_object_size(survivor) > 0)
		json_object_set_new(doc, "survivor", survivor);
	else
		json_decref(survivor);
}

json_t *
case_document_json(struct arena *a, const struct keys *k, const struct case_view *v)
{
	const struct case_row *c = v->row;
	json_t *doc = case_summary_json(c), *part;
	bool ok = true;

	add_survivor(doc, a, k, v, &ok);
	if ((v->readable & (1u << CAT_CHILDREN)) &&
	    (part = case_part_open(a, k, "children", c->id, &c->children, &ok)) != NULL)
		json_object_set_new(doc, "children", part);
	if ((v->readable & (1u << CAT_PERPETRATOR)) &&
	    (part = case_part_open(a, k, "perpetrator", c->id, &c->perpetrator, &ok)) != NULL)
		json_object_set_new(doc, "perpetrator", part);
	if (v->readable & (1u << CAT_INCIDENT))
		json_object_set_new(doc, "incidents", incidents_json(a, k, v, &ok));
	if (v->show_consents)
		json_object_set_new(doc, "consents", consents_json(v));
	json_object_set_new(doc, "withheld", json_loads(category_set_text(a,
		CATEGORIES_ALL & ~v->readable), 0, NULL));
	if (!ok) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}
