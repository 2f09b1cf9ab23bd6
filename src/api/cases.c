/*
 * POST /cases, GET /cases/{id}, GET /cases. Who sees what is domain/policy's decision alone;
 * this file loads the facts it needs, asks it, and shows through api/case_document.c only the
 * categories it allows. Every read is audited (with the categories returned) before the
 * answer leaves.
 */
#include "api/cases.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/case_document.h"
#include "api/case_facts.h"
#include "api/case_keys.h"
#include "api/case_input.h"
#include "api/consents.h"
#include "api/emergency.h"
#include "api/meetings.h"
#include "core/clock.h"
#include "domain/cases.h"
#include "domain/directory.h"
#include "domain/policy.h"


/* ---- create ---- */

struct case_create {
	struct request *r;
	const struct case_input *in;
	case_create_also also; /* run in the same write once the case is stored, or NULL */
	void *also_ctx;
	unsigned char survivor_index[BLIND_INDEX_LEN], perpetrator_index[BLIND_INDEX_LEN];
	unsigned char name_index[BLIND_INDEX_LEN], number_index[BLIND_INDEX_LEN];
	struct mechanism_facts m;
	/* The categories' documents, serialised before the write (sealed in it: the seal names
	 * the case's id); zeroed and freed after it. */
	char *identity, *contact, *children, *perpetrator;
	struct case_row row;
	const struct keys *keys; /* the case's own, made once its id is known */
	struct case_match *matches;
	int nmatches;
	struct incident_row *incidents;
	struct consent_row *consents;
	int nincidents, nconsents;
};

/* A category's serialised document, encrypted for this case's row. */
static struct blob
seal(struct case_create *c, const char *column, const char *text)
{
	return case_part_seal_text(&c->r->arena, c->keys, column, c->row.id, text);
}

/* The categories' documents as text, before the write is queued. */
static void
serialise_personal(struct case_create *c)
{
	const struct case_input *in = c->in;
	json_t *identity = json_pack("{s:s, s:s, s:s?, s:s?}", "given_name",
				     in->survivor.given_name, "family_name", in->survivor.family_name,
				     "date_of_birth", in->survivor.date_of_birth,
				     "personal_number", in->survivor.personal_number);
	json_t *contact = json_pack("{s:s?, s:s?}", "phone", in->survivor.phone, "address",
				    in->survivor.address);

	if (in->survivor.municipality_id > 0)
		json_object_set_new(identity, "municipality_id",
				    json_integer(in->survivor.municipality_id));
	c->identity = json_dumps(identity, JSON_COMPACT);
	c->contact = json_dumps(contact, JSON_COMPACT);
	json_decref(identity);
	json_decref(contact);
	if (in->children != NULL)
		c->children = json_dumps(in->children, JSON_COMPACT);
	if (in->has_perpetrator) {
		json_t *p = json_pack("{s:s?, s:s?, s:s?, s:s?}",
				      "given_name", in->perpetrator.given_name,
				      "family_name", in->perpetrator.family_name,
				      "relationship", in->perpetrator.relationship,
				      "date_of_birth", in->perpetrator.date_of_birth);
		c->perpetrator = json_dumps(p, JSON_COMPACT);
		json_decref(p);
	}
}

static void
personal_free(struct case_create *c)
{
	case_part_text_free(c->identity);
	case_part_text_free(c->contact);
	case_part_text_free(c->children);
	case_part_text_free(c->perpetrator);
}

static enum ura_status
store_personal(struct db *db, struct case_create *c)
{
	const struct case_input *in = c->in;

	c->row.identity = seal(c, "identity", c->identity);
	c->row.contact = seal(c, "contact", c->contact);
	c->row.children = seal(c, "children", c->children);
	c->row.perpetrator = seal(c, "perpetrator", c->perpetrator);
	c->row.survivor_index = (struct blob){ c->survivor_index, BLIND_INDEX_LEN };
	c->row.survivor_name_index = (struct blob){ c->name_index, BLIND_INDEX_LEN };
	if (in->survivor.personal_number != NULL)
		c->row.personal_number_index = (struct blob){ c->number_index, BLIND_INDEX_LEN };
	if (in->has_perpetrator && in->perpetrator.given_name && in->perpetrator.family_name)
		c->row.perpetrator_index = (struct blob){ c->perpetrator_index, BLIND_INDEX_LEN };
	return store_case_set_personal(db, &c->row);
}

/* The case's own data key, made and stored wrapped before anything is sealed with it. */
static enum ura_status
store_case_key_new(struct db *db, struct case_create *c)
{
	unsigned char wrapped[WRAPPED_KEY_LEN];

	c->keys = case_key_new(c->r, c->row.id, wrapped);
	return store_case_set_key(db, c->row.id, &(struct blob){ wrapped, sizeof(wrapped) });
}

static enum ura_status
store_incident_and_consent(struct db *db, struct case_create *c)
{
	const struct case_input *in = c->in;
	struct request *r = c->r;
	int64_t id, by = r->caller.user.id;
	enum ura_status st = URA_OK;

	if (in->has_incident) {
		struct incident_row i = { .case_id = c->row.id, .occurred_on = in->incident.occurred_on,
			.forms = in->incident.forms, .place = in->incident.place,
			.bias = in->incident.bias, .created_at = c->row.created_at,
			.repeat = c->row.repeat };
		st = case_incident_store(db, r, c->keys, &i, in->incident.narrative);
	}
	if (st == URA_OK && in->has_consent) {
		struct consent_row k = { .case_id = c->row.id, .given = in->consent.given,
			.method = in->consent.method, .institution_types = in->consent.institution_types,
			.institution_ids = in->consent.institution_ids,
			.categories = in->consent.categories, .recorded_at = c->row.created_at };
		st = store_consent_insert(db, &k, by, &id);
	}
	return st;
}

/* Every id the body names must exist: 422 on its field otherwise. */
static enum ura_status
check_references(struct db *db, struct case_create *c)
{
	struct request *r = c->r;
	enum ura_status st = URA_OK;

	if (c->in->survivor.municipality_id > 0 &&
	    (st = store_municipality_exists(db, c->in->survivor.municipality_id)) == URA_ENOTFOUND)
		field_errors_add(&r->errors, "survivor.municipality_id", MSG_NO_SUCH_OBJECT);
	else if (st != URA_OK)
		return st;
	st = consent_check_institutions(db, r, c->in->consent.institution_ids,
					"consent.institution_ids");
	if (st != URA_OK && st != URA_EUNPROCESSABLE)
		return st;
	return r->errors.count > 0 ? URA_EUNPROCESSABLE : URA_OK;
}

/* Checks the mechanism and the caller's membership in it. */
static enum ura_status
check_mechanism(struct db *db, struct case_create *c, struct mechanism_facts *m)
{
	struct request *r = c->r;
	enum ura_status st = store_mechanism_facts(db, &r->arena, c->in->mechanism_id,
						   r->caller.user.institution_id, m);

	if (st == URA_ENOTFOUND) {
		field_errors_add(&r->errors, "mechanism_id", MSG_NO_SUCH_OBJECT);
		return URA_EUNPROCESSABLE;
	}
	if (st != URA_OK)
		return st;
	if (strcmp(m->kind, c->in->kind) != 0)
		field_errors_add(&r->errors, "kind", MSG_KIND_MISMATCH);
	if (!m->institution_is_member)
		field_errors_add(&r->errors, "mechanism_id", MSG_NOT_A_MEMBER);
	return r->errors.count > 0 ? URA_EUNPROCESSABLE : URA_OK;
}

/*
 * What the write needs from the database that a reader can tell: the mechanism and the
 * caller's membership, that every id named exists, and the survivor's other cases. Read on
 * the request's own connection before the write is queued, with the documents serialised, so
 * that the single writer only numbers, binds and steps (issue 15).
 */
static enum ura_status
create_prepare(struct case_create *c)
{
	struct request *r = c->r;
	struct db *db = store_reader(r->app->store);
	enum ura_status st;

	if (db == NULL)
		return URA_EUNAVAILABLE;
	if ((st = check_mechanism(db, c, &c->m)) != URA_OK || (st = check_references(db, c)) ||
	    (st = case_matches(r, db, &(struct case_match_query){
		.index = c->survivor_index, .len = BLIND_INDEX_LEN, .max = CASE_MATCHES_MAX,
		.number_index = c->in->survivor.personal_number ? c->number_index : NULL,
		.viewer_institution_id = r->caller.user.institution_id,
		.mechanism_id = c->in->mechanism_id }, &c->matches, &c->nmatches)) != URA_OK)
		return st;
	serialise_personal(c);
	return URA_OK;
}

static enum ura_status
create_fn(struct db *db, void *ctx)
{
	struct case_create *c = ctx;
	struct request *r = c->r;
	int64_t now = clock_now(), number;
	char reference[32];
	enum ura_status st;

	if ((st = store_case_reference_next(db, c->m.municipality_id, case_year_of(now),
					    &number)) != URA_OK)
		return st;
	case_reference_format(c->m.municipality_code, case_year_of(now), number, reference,
			      sizeof(reference));
	c->row = (struct case_row){ .reference = arena_strdup(&r->arena, reference),
		.kind = c->in->kind, .mechanism_id = c->in->mechanism_id,
		.owner_institution_id = r->caller.user.institution_id,
		.imminent_danger = c->in->imminent_danger, .survivor_sex = c->in->survivor.sex,
		.survivor_birth_year = c->in->survivor.date_of_birth
				       ? strtol(c->in->survivor.date_of_birth, NULL, 10) : 0,
		.address_confidential = c->in->survivor.address_confidential,
		.created_by = r->caller.user.id, .created_at = now };
	for (int i = 0; i < c->nmatches; i++)
		c->row.repeat |= c->matches[i].created_at >= now - CASE_REPEAT_WINDOW_SECONDS;
	c->row.needs_meeting = c->row.repeat; /* a repeat case is discussed by the mechanism */
	if ((st = store_case_insert(db, &c->row, &c->row.id)) != URA_OK ||
	    (st = store_case_key_new(db, c)) != URA_OK || (st = store_personal(db, c)) != URA_OK ||
	    (st = store_incident_and_consent(db, c)) != URA_OK ||
	    (c->row.repeat && (st = meetings_agenda_follow(db, c->row.mechanism_id, now))))
		return st;
	if ((st = api_audit_case(db, r, "case.create", "case", c->row.id, c->row.id,
				 c->in->parts)) != URA_OK)
		return st;
	return c->also != NULL ? c->also(db, c->also_ctx, c->row.id) : URA_OK;
}

/* Prepared, written, then read back (on the request's connection, once committed) as the
 * answer shows it. */
static enum ura_status
create_case(struct case_create *c)
{
	struct request *r = c->r;
	int64_t id;
	struct db *db;
	enum ura_status st = create_prepare(c);

	if (st == URA_OK)
		st = store_write(r->app->store, create_fn, c);
	personal_free(c);
	if (st != URA_OK)
		return st;
	if ((db = store_reader(r->app->store)) == NULL)
		return URA_EUNAVAILABLE;
	id = c->row.id;
	if ((st = store_case_get(db, &r->arena, id, &c->row)) != URA_OK)
		return st;
	return store_case_details(db, &r->arena, id, &c->incidents, &c->nincidents,
				  &c->consents, &c->nconsents);
}

/* {"ids": the matches the caller may see, "hidden": how many others}. */
static json_t *
matches_json(const struct case_match *matches, int n)
{
	json_t *ids = json_array();
	int hidden = 0;

	for (int i = 0; i < n; i++) {
		if (matches[i].visible)
			json_array_append_new(ids, json_integer(matches[i].id));
		else
			hidden++;
	}
	return json_pack("{s:o, s:i}", "ids", ids, "hidden", hidden);
}

/* The creator's staff own the new case: their access and permissions follow from that. */
static json_t *
creator_access_json(struct request *r, const struct case_row *row)
{
	struct case_facts f = { .row = *row, .viewer_is_member = true };
	struct policy_decision d = { .access = ACCESS_OWNER, .readable = CATEGORIES_ALL };

	f.pc = (struct policy_case){ .owner_institution_id = row->owner_institution_id,
		.mechanism_id = row->mechanism_id,
		.mechanism_coordinator_id = row->mechanism_coordinator_id };
	return case_facts_access_json(r, &f, &d);
}

void
handle_cases_create(struct request *r)
{
	struct case_input in;

	if (!user_is_staff(&r->caller.user)) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (case_input_read(r, &in))
		case_create_reply(r, &in, NULL, NULL);
}

void
case_create_reply(struct request *r, const struct case_input *in_, case_create_also also,
		  void *ctx)
{
	const struct case_input in = *in_;
	struct case_create c = { .r = r, .in = in_, .also = also, .also_ctx = ctx };
	struct case_view v;
	json_t *doc;
	char etag[32];
	enum ura_status st;

	blind_index(r->app->keys, in.survivor.given_name, in.survivor.family_name,
		    in.survivor.date_of_birth, c.survivor_index);
	blind_index(r->app->keys, in.survivor.given_name, in.survivor.family_name, NULL,
		    c.name_index);
	if (in.survivor.personal_number != NULL)
		blind_index_personal_number(r->app->keys, in.survivor.personal_number,
					    c.number_index);
	if (in.has_perpetrator)
		blind_index(r->app->keys, in.perpetrator.given_name, in.perpetrator.family_name,
			    NULL, c.perpetrator_index);
	if ((st = create_case(&c)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	v = (struct case_view){ &c.row, c.incidents, c.nincidents, c.consents, c.nconsents,
				CATEGORIES_ALL, true, true };
	if ((doc = case_document_json(&r->arena, case_row_keys(r, &c.row), &v)) == NULL) {
		reply_status(r, URA_EINTERNAL);
		return;
	}
	json_object_set_new(doc, "possible_duplicates", matches_json(c.matches, c.nmatches));
	json_object_update_new(doc, creator_access_json(r, &c.row));
	snprintf(etag, sizeof(etag), "\"%lld\"", (long long)c.row.version);
	reply_header_add(r, "ETag", etag);
	reply_json(r, 201, doc);
}

/* ---- read ---- */


/* The other cases of the same perpetrator, for a reader of the perpetrator category. */
static enum ura_status
perpetrator_links(struct request *r, struct db *db, const struct case_facts *f, json_t **out)
{
	struct case_match *matches;
	int n = 0;
	enum ura_status st;

	*out = NULL;
	if (f->row.perpetrator_index.len == 0)
		return URA_OK;
	st = case_matches(r, db, &(struct case_match_query){
		.perpetrator = true, .index = f->row.perpetrator_index.p,
		.len = f->row.perpetrator_index.len, .except_id = f->row.id, .max = CASE_MATCHES_MAX,
		.viewer_institution_id = r->caller.user.institution_id,
		.mechanism_id = f->row.mechanism_id }, &matches, &n);
	if (st == URA_OK)
		*out = matches_json(matches, n);
	return st;
}

/* What a case's readers see besides its categories: the owner its break-glass grants,
 * a reader of the perpetrator the links to that perpetrator's other cases. */
static enum ura_status
add_case_extras(struct request *r, struct db *db, const struct case_facts *f,
		const struct policy_decision *d, json_t *doc)
{
	json_t *links = NULL, *grants;
	enum ura_status st;

	if (d->access == ACCESS_OWNER) {
		if ((grants = emergency_grants_json(r, f)) == NULL)
			return URA_EINTERNAL;
		json_object_set_new(doc, "emergency_access", grants);
	}
	if ((d->readable & (1u << CAT_PERPETRATOR)) &&
	    (st = perpetrator_links(r, db, f, &links)) != URA_OK)
		return st;
	if (links != NULL)
		json_object_set_new(doc, "perpetrator_links", links);
	return URA_OK;
}

void
handle_case_get(struct request *r)
{
	struct case_facts f;
	struct case_view v;
	struct policy_decision d = { 0 };
	int64_t case_id;
	struct incident_row *incidents = NULL;
	int nincidents = 0;
	struct db *db;
	json_t *doc;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &case_id) || (db = api_reader(r)) == NULL)
		return;
	st = case_facts_load(r, db, case_id, &f);
	/* No access, or only a sent referral's packet (read at /referrals): the case stays
	 * hidden, with the same 404 as a case that does not exist. */
	if (st == URA_OK && ((d = case_facts_decide(r, &f)).access == ACCESS_NONE ||
			     d.access == ACCESS_PACKET))
		st = URA_ENOTFOUND;
	if (st == URA_OK && (d.readable & (1u << CAT_INCIDENT)))
		st = store_case_incidents(db, &r->arena, f.row.id, &incidents, &nincidents);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	v = (struct case_view){ &f.row, incidents, nincidents, f.consents, f.nconsents,
				d.readable, d.access == ACCESS_OWNER,
				case_facts_address_readable(r, &f, &d) };
	if ((doc = case_document_json(&r->arena, case_row_keys(r, &f.row), &v)) == NULL) {
		reply_status(r, URA_EINTERNAL);
		return;
	}
	json_object_update_new(doc, case_facts_access_json(r, &f, &d));
	/* The read is on record, with what it showed, before anything is shown. */
	if ((st = add_case_extras(r, db, &f, &d, doc)) != URA_OK ||
	    (st = api_audit_read(r, d.break_glass ? "case.read_emergency" : "case.read", "case",
				 case_id, case_id, category_set_text(&r->arena, d.readable)))) {
		json_decref(doc);
		reply_status(r, st);
		return;
	}
	reply_header_add(r, "ETag", arena_printf(&r->arena, "\"%lld\"", (long long)f.row.version));
	reply_json(r, 200, doc);
}

/* ---- list ---- */

/* assigned_to=me|none; overdue=true|false, or one kind of lateness (what the case summary's
 * `overdue` names: referrals, actions, orders, review); expiring_order=true. */
static bool
list_filter_caseload(struct request *r, struct case_filter *f)
{
	static const char *const assigned[] = { "me", "none", NULL };
	/* In the order of enum case_late_filter, from LATE_FILTER_SOME. */
	static const char *const late[] = { "true", "false", "referrals", "actions", "orders",
					     "review", NULL };
	const char *a = req_query(r, "assigned_to"), *o = req_query(r, "overdue");
	const char *e = req_query(r, "expiring_order");
	int i = 0;

	if (a != NULL && !vocabulary_has(assigned, a)) {
		reply_field_choice(r, 400, "assigned_to", assigned);
		return false;
	}
	while (o != NULL && late[i] != NULL && strcmp(late[i], o) != 0)
		i++;
	if (o != NULL && late[i] == NULL) {
		reply_field_choice(r, 400, "overdue", late);
		return false;
	}
	if (e != NULL && strcmp(e, "true") != 0 && strcmp(e, "false") != 0) {
		reply_field_error(r, 400, "expiring_order", MSG_NOT_BOOLEAN);
		return false;
	}
	f->assigned = a == NULL ? 0 : strcmp(a, "me") == 0 ? r->caller.user.id : -1;
	f->overdue = o == NULL ? LATE_FILTER_ANY : (enum case_late_filter)(LATE_FILTER_SOME + i);
	f->expiring_order = e != NULL && strcmp(e, "true") == 0;
	return req_query_id(r, "mechanism_id", &f->mechanism_id);
}

/* status=open or a comma-separated set (status=open,active); each a case status. */
static bool
list_filter_statuses(struct request *r, struct case_filter *f)
{
	const char *s = req_query(r, "status");

	f->statuses = 0;
	while (s != NULL && *s != '\0') {
		size_t len = strcspn(s, ",");
		int i = 0;
		while (case_statuses[i] != NULL && (strlen(case_statuses[i]) != len ||
						    strncmp(case_statuses[i], s, len) != 0))
			i++;
		if (case_statuses[i] == NULL) {
			reply_field_choice(r, 400, "status", case_statuses);
			return false;
		}
		f->statuses |= 1u << i; /* case_statuses is in the order of CASE_STATUS_* */
		s += len + (s[len] == ',');
	}
	return true;
}

static bool
list_filter(struct request *r, struct case_filter *f)
{
	static const struct {
		const char *name;
		const char *const *values;
	} enums[] = { { "risk_level", risk_level_names }, { "kind", mechanism_kinds } };
	const char **slots[] = { &f->risk_level, &f->kind };

	for (size_t i = 0; i < sizeof(enums) / sizeof(enums[0]); i++) {
		const char *v = req_query(r, enums[i].name);
		if (v != NULL && *v != '\0' && !vocabulary_has(enums[i].values, v)) {
			reply_field_choice(r, 400, enums[i].name, enums[i].values);
			return false;
		}
		*slots[i] = v != NULL && *v != '\0' ? v : NULL;
	}
	if (!list_filter_statuses(r, f) || !list_filter_caseload(r, f))
		return false;
	f->reference_prefix = req_query(r, "q");
	if (f->reference_prefix != NULL && strlen(f->reference_prefix) > 32) {
		reply_field_error(r, 400, "q", MSG_TOO_LONG);
		return false;
	}
	if (f->reference_prefix != NULL && *f->reference_prefix == '\0')
		f->reference_prefix = NULL;
	return req_page(r, &f->limit, &f->after);
}

void
handle_cases_list(struct request *r)
{
	const struct user *u = &r->caller.user;
	struct case_filter f = { .institution_id = u->institution_id,
				 .coordinator_user_id = u->role == ROLE_COORDINATOR ? u->id : 0 };
	struct case_row *rows;
	struct db *db;
	json_t *items;
	int n;
	enum ura_status st;

	if (u->role == ROLE_ADMIN || u->role == ROLE_NATIONAL || u->role == ROLE_AUDITOR) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (!list_filter(r, &f) || (db = api_reader(r)) == NULL)
		return;
	f.limit++; /* one more than asked tells whether there is a next page */
	st = store_case_list(db, &r->arena, &f, &rows, &n);
	if (st == URA_OK)
		st = api_audit_read(r, "case.list", "case", 0, 0, "[]");
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	f.limit--;
	items = json_array();
	for (int i = 0; i < n && i < f.limit; i++)
		json_array_append_new(items, case_summary_json(&rows[i]));
	reply_list(r, items, n > f.limit ? rows[f.limit - 1].id : 0);
}
