/* Reading a new case, a case patch, an incident or a consent from JSON (api/input's readers). */
#include "api/case_input.h"

#include <string.h>

#include "api/input.h"
#include "domain/cases.h"
#include "domain/policy.h"
#include "domain/directory.h"
#include "domain/types.h"

/* A personal number, upper-cased (domain/cases). */
static const char *
in_personal_number(const struct in_obj *o, const char *name, unsigned flags)
{
	const char *s = in_text(o, name, flags, 1, LIMIT_ENUM_CHARS);
	char *upper;

	if (s == NULL)
		return NULL;
	upper = arena_alloc(&o->r->arena, CASE_PERSONAL_NUMBER_MAX + 1);
	if (!case_personal_number_normalize(s, upper, CASE_PERSONAL_NUMBER_MAX + 1)) {
		in_error(o, name, MSG_INVALID_PERSONAL_NUMBER, false);
		return NULL;
	}
	return upper;
}

/* In a PATCH a field may be left out, but one that may not be empty cannot be set to null. */
static unsigned
required_unless_patch(bool patch)
{
	return patch ? IN_OPTIONAL : IN_REQUIRED;
}

/* The survivor of POST /cases; with `patch`, any subset of its fields (PATCH /cases/{id}),
 * where phone and address may be null to erase them. */
static void
read_survivor(const struct in_obj *body, struct case_input *in, bool patch)
{
	static const char *const allowed[] = { "given_name", "family_name", "sex", "date_of_birth",
		"phone", "address", "address_confidential", "municipality_id", "personal_number",
		NULL };
	unsigned required = required_unless_patch(patch), erasable = patch ? IN_NULLABLE : 0;
	struct in_obj s;

	if (!in_object(body, "survivor", required, &s))
		return;
	in->survivor.given_name = in_text(&s, "given_name", required, 1, LIMIT_PERSON_NAME_CHARS);
	in->survivor.family_name = in_text(&s, "family_name", required, 1,
					   LIMIT_PERSON_NAME_CHARS);
	in->survivor.sex = in_enum(&s, "sex", required, case_sexes);
	in->survivor.date_of_birth = in_date(&s, "date_of_birth", IN_OPTIONAL, true);
	in->survivor.phone = in_text(&s, "phone", erasable, 0, LIMIT_PHONE_CHARS);
	in->survivor.address = in_text(&s, "address", erasable, 0, LIMIT_ADDRESS_CHARS);
	in->survivor.address_confidential = in_bool(&s, "address_confidential", IN_OPTIONAL, NULL);
	in->survivor.municipality_id = in_id(&s, "municipality_id", IN_OPTIONAL);
	in->survivor.personal_number = in_personal_number(&s, "personal_number", erasable);
	in_unknown(&s, allowed);
}

/* `children`: at most LIMIT_CHILDREN; in a PATCH null erases them. */
static void
read_children(const struct in_obj *body, struct case_input *in, bool patch)
{
	static const char *const allowed[] = { "given_name", "date_of_birth", "sex", NULL };
	json_t *list = in_array(body, "children", patch ? IN_NULLABLE : IN_OPTIONAL,
				LIMIT_CHILDREN), *child;
	struct in_obj c;
	size_t i;

	if (list == NULL)
		return;
	json_array_foreach(list, i, child) {
		if (!in_row(body, "children", i, child, &c))
			continue;
		in_text(&c, "given_name", IN_REQUIRED, 1, LIMIT_PERSON_NAME_CHARS);
		in_date(&c, "date_of_birth", IN_OPTIONAL, true);
		in_enum(&c, "sex", IN_OPTIONAL, case_sexes);
		in_unknown(&c, allowed);
	}
	in->children = list;
}

/* `perpetrator`; in a PATCH null erases it. */
static void
read_perpetrator(const struct in_obj *body, struct case_input *in, bool patch)
{
	static const char *const allowed[] = { "given_name", "family_name", "relationship",
					       "date_of_birth", NULL };
	struct in_obj p;

	if (!(in->has_perpetrator = in_object(body, "perpetrator",
					      patch ? IN_NULLABLE : IN_OPTIONAL, &p)))
		return;
	in->perpetrator.given_name = in_text(&p, "given_name", IN_OPTIONAL, 0,
					     LIMIT_PERSON_NAME_CHARS);
	in->perpetrator.family_name = in_text(&p, "family_name", IN_OPTIONAL, 0,
					      LIMIT_PERSON_NAME_CHARS);
	in->perpetrator.relationship = in_enum(&p, "relationship", IN_OPTIONAL,
					       case_relationships);
	in->perpetrator.date_of_birth = in_date(&p, "date_of_birth", IN_OPTIONAL, true);
	in_unknown(&p, allowed);
}

static void
read_incident_fields(const struct in_obj *i, struct case_input *in)
{
	static const char *const allowed[] = { "occurred_on", "forms", "place", "narrative", "bias",
					       NULL };

	in->incident.occurred_on = in_date(i, "occurred_on", IN_REQUIRED, true);
	in->incident.forms = in_vocabulary_list(i, "forms", IN_REQUIRED, violence_forms);
	in->incident.place = in_enum(i, "place", IN_OPTIONAL, incident_places);
	in->incident.narrative = in_text(i, "narrative", IN_OPTIONAL, 0, LIMIT_NARRATIVE_CHARS);
	in->incident.bias = in_vocabulary_list(i, "bias", IN_OPTIONAL, bias_motivations);
	in_unknown(i, allowed);
}

static void
read_incident(const struct in_obj *body, struct case_input *in)
{
	struct in_obj i;

	if ((in->has_incident = in_object(body, "incident", IN_OPTIONAL, &i)))
		read_incident_fields(&i, in);
}

static void
read_consent_fields(const struct in_obj *c, struct consent_input *out)
{
	static const char *const allowed[] = { "given", "method", "institution_types",
					       "institution_ids", "categories", NULL };
	int64_t ids[LIMIT_CONSENT_INSTITUTIONS];
	int n;

	out->given = in_bool(c, "given", IN_REQUIRED, NULL);
	out->method = in_enum(c, "method", IN_REQUIRED, consent_methods);
	out->institution_types = in_vocabulary_list(c, "institution_types", IN_OPTIONAL,
						    institution_types);
	n = in_id_list(c, "institution_ids", IN_OPTIONAL, LIMIT_CONSENT_INSTITUTIONS, ids);
	out->institution_ids = n >= 0 ? arena_ids_json(&c->r->arena, ids, n) : NULL;
	out->categories = in_vocabulary_list(c, "categories", IN_OPTIONAL, category_vocabulary);
	in_unknown(c, allowed);
}

static void
read_consent(const struct in_obj *body, struct case_input *in)
{
	struct in_obj c;

	if ((in->has_consent = in_object(body, "consent", IN_OPTIONAL, &c)))
		read_consent_fields(&c, &in->consent);
}

bool
consent_input_read(struct request *r, struct consent_input *in)
{
	struct in_obj body = input_root(r);

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
	struct in_obj body = input_root(r);

	memset(in, 0, sizeof(*in));
	in->kind = in_enum(&body, "kind", IN_REQUIRED, mechanism_kinds);
	in->mechanism_id = in_id(&body, "mechanism_id", IN_REQUIRED);
	in->imminent_danger = in_bool(&body, "imminent_danger", IN_OPTIONAL, NULL);
	read_survivor(&body, in, false);
	read_children(&body, in, false);
	read_perpetrator(&body, in, false);
	read_incident(&body, in);
	read_consent(&body, in);
	in_unknown(&body, allowed);
	in->parts = parts_given(r, in);
	return input_done_errors(r);
}

bool
incident_input_read(struct request *r, struct case_input *in)
{
	struct in_obj body = input_root(r);

	memset(in, 0, sizeof(*in));
	in->has_incident = true;
	read_incident_fields(&body, in);
	return input_done_errors(r);
}

bool
case_patch_read(struct request *r, struct case_patch *p)
{
	static const char *const allowed[] = { "imminent_danger", "status", "survivor", "children",
					       "perpetrator", "assigned_user_id", NULL };
	static const char *const statuses[] = { "active", NULL };
	struct in_obj body = input_root(r);

	memset(p, 0, sizeof(*p));
	if (json_object_size(r->json) == 0) {
		reply_problem(r, 422, MSG_NOTHING_TO_CHANGE);
		return false;
	}
	p->in.imminent_danger = in_bool(&body, "imminent_danger", IN_OPTIONAL,
					&p->has_imminent_danger);
	p->status = in_enum(&body, "status", IN_OPTIONAL, statuses);
	read_survivor(&body, &p->in, true);
	p->survivor = json_object_get(r->json, "survivor");
	read_children(&body, &p->in, true);
	p->has_children = input_present(r, "children");
	read_perpetrator(&body, &p->in, true);
	p->has_perpetrator = input_present(r, "perpetrator");
	p->has_assignee = input_present(r, "assigned_user_id");
	p->assignee = in_id(&body, "assigned_user_id", IN_NULLABLE);
	in_unknown(&body, allowed);
	return input_done_errors(r);
}

bool
case_search_read(struct request *r, struct case_search_input *in)
{
	static const char *const allowed[] = { "given_name", "family_name", "date_of_birth",
					       "personal_number", NULL };
	struct in_obj body = input_root(r);
	/* Given at all, null included: null is no personal number (400), not "search by names". */
	bool by_number = input_present(r, "personal_number");

	memset(in, 0, sizeof(*in));
	if (by_number && (json_object_get(r->json, "given_name") != NULL ||
			  json_object_get(r->json, "family_name") != NULL ||
			  json_object_get(r->json, "date_of_birth") != NULL))
		in_error(&body, "personal_number", MSG_SEARCH_ONE_WAY, false);
	if (by_number) {
		in->personal_number = in_personal_number(&body, "personal_number", IN_REQUIRED);
	} else {
		in->given_name = in_text(&body, "given_name", IN_REQUIRED, 1, LIMIT_PERSON_NAME_CHARS);
		in->family_name = in_text(&body, "family_name", IN_REQUIRED, 1,
					  LIMIT_PERSON_NAME_CHARS);
		in->date_of_birth = in_date(&body, "date_of_birth", IN_OPTIONAL, true);
	}
	in_unknown(&body, allowed);
	in->keys = by_number ? "[\"personal_number\"]"
		   : in->date_of_birth ? "[\"given_name\",\"family_name\",\"date_of_birth\"]"
				       : "[\"given_name\",\"family_name\"]";
	return input_done_errors(r);
}
