/*
 * The owner's writes to a case: PATCH /cases/{id} (optimistic concurrency with If-Match),
 * POST /cases/{id}/close and POST /cases/{id}/incidents. api/case_op.c does the checks
 * and the audit; this file reads the input and changes the rows. The audit records the names
 * of the changed fields, never their values.
 */
#include "api/cases.h"

#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/case_document.h"
#include "api/case_input.h"
#include "api/case_op.h"
#include "api/input.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "domain/caseload.h"
#include "domain/cases.h"
#include "domain/clocks.h"

/* ---- PATCH ---- */

struct case_update {
	struct case_patch patch;
	int64_t expected;  /* the version in If-Match */
	json_t *changed;   /* field paths, for the audit */
};

/* If-Match: "N" (a weak W/"N" is accepted too). False when absent: 428. A value that is
 * not a version of ours matches nothing: 412. */
static bool
read_if_match(struct request *r, int64_t *version)
{
	const char *h = req_header(r, "If-Match");
	char *end;

	if (h == NULL)
		return false;
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	*version = -1;
	if (*h == '"') {
		long long v = strtoll(h + 1, &end, 10);
		if (end != h + 1 && *end == '"' && end[1] == '\0')
			*version = v;
	}
	return true;
}

/* Sets `key` of `doc` to `value` (null removes it); records "prefix.key" when it changed. */
static void
merge_field(struct case_update *u, json_t *doc, const char *prefix, const char *key,
	    json_t *value, bool *doc_changed)
{
	json_t *old = json_object_get(doc, key);
	bool erase = json_is_null(value);

	if ((erase && old == NULL) || (!erase && old != NULL && json_equal(old, value)))
		return;
	if (erase)
		json_object_del(doc, key);
	else
		json_object_set(doc, key, value);
	json_array_append_new(u->changed, json_sprintf("%s%s", prefix, key));
	*doc_changed = true;
}

/* The survivor's plain columns: sex, confidentiality of the address, birth year. */
static void
merge_survivor_plain(struct case_update *u, struct case_row *c, const struct case_input *in)
{
	json_t *s = u->patch.survivor;

	if (in->survivor.sex != NULL && strcmp(in->survivor.sex, c->survivor_sex ? c->survivor_sex
									      : "") != 0) {
		c->survivor_sex = in->survivor.sex;
		json_array_append_new(u->changed, json_string("survivor.sex"));
	}
	if (json_object_get(s, "address_confidential") != NULL &&
	    in->survivor.address_confidential != c->address_confidential) {
		c->address_confidential = in->survivor.address_confidential;
		json_array_append_new(u->changed, json_string("survivor.address_confidential"));
	}
	if (json_object_get(s, "date_of_birth") != NULL)
		c->survivor_birth_year = in->survivor.date_of_birth
					 ? strtol(in->survivor.date_of_birth, NULL, 10) : 0;
}

/* The blind indexes follow the identity, so duplicates, repeats and searches do too. */
static void
reindex_survivor(struct request *r, struct case_row *c, json_t *identity)
{
	const char *given = json_string_value(json_object_get(identity, "given_name"));
	const char *family = json_string_value(json_object_get(identity, "family_name"));
	const char *number = json_string_value(json_object_get(identity, "personal_number"));
	unsigned char *index = arena_alloc(&r->arena, 3 * BLIND_INDEX_LEN);

	blind_index(r->app->keys, given, family,
		    json_string_value(json_object_get(identity, "date_of_birth")), index);
	blind_index(r->app->keys, given, family, NULL, index + BLIND_INDEX_LEN);
	c->survivor_index = (struct blob){ index, BLIND_INDEX_LEN };
	c->survivor_name_index = (struct blob){ index + BLIND_INDEX_LEN, BLIND_INDEX_LEN };
	c->personal_number_index = (struct blob){ NULL, 0 };
	if (number != NULL) {
		blind_index_personal_number(r->app->keys, number, index + 2 * BLIND_INDEX_LEN);
		c->personal_number_index = (struct blob){ index + 2 * BLIND_INDEX_LEN,
							  BLIND_INDEX_LEN };
	}
}

/* The survivor's identity and contact documents, decrypted, merged, sealed again. */
static enum ura_status
merge_survivor(struct case_op_run *run, struct case_update *u)
{
	static const char *const identity_keys[] = { "given_name", "family_name", "date_of_birth",
						      "municipality_id", "personal_number", NULL };
	struct request *r = run->r;
	struct case_row *c = &run->f.row;
	bool ok = true, identity_changed = false, contact_changed = false;
	json_t *identity = case_part_open(&r->arena, case_row_keys(r, c), "identity", c->id,
					  &c->identity, &ok);
	json_t *contact = case_part_open(&r->arena, case_row_keys(r, c), "contact", c->id, &c->contact,
					 &ok);
	/* The personal number as kept: upper case. */
	json_t *number = u->patch.in.survivor.personal_number
			 ? json_string(u->patch.in.survivor.personal_number) : json_null();
	const char *key;
	json_t *value;

	if (!ok) {
		json_decref(identity);
		json_decref(contact);
		json_decref(number);
		return URA_EINTERNAL;
	}
	identity = identity ? identity : json_object();
	contact = contact ? contact : json_object();
	json_object_foreach(u->patch.survivor, key, value) {
		if (strcmp(key, "personal_number") == 0)
			value = number;
		if (strcmp(key, "phone") == 0 || strcmp(key, "address") == 0)
			merge_field(u, contact, "survivor.", key, value, &contact_changed);
		for (const char *const *k = identity_keys; *k != NULL; k++)
			if (strcmp(key, *k) == 0)
				merge_field(u, identity, "survivor.", key, value, &identity_changed);
	}
	json_decref(number);
	merge_survivor_plain(u, c, &u->patch.in);
	if (identity_changed)
		reindex_survivor(r, c, identity);
	c->identity = case_part_seal(&r->arena, case_row_keys(r, c), "identity", c->id, identity);
	c->contact = case_part_seal(&r->arena, case_row_keys(r, c), "contact", c->id, contact);
	return URA_OK;
}

/* `children` and `perpetrator` replace what was stored (null erases). */
static void
replace_parts(struct case_op_run *run, struct case_update *u)
{
	struct request *r = run->r;
	struct case_row *c = &run->f.row;
	json_t *children = json_object_get(r->json, "children");
	json_t *perpetrator = json_object_get(r->json, "perpetrator");

	if (u->patch.has_children) {
		c->children = case_part_seal(&r->arena, case_row_keys(r, c), "children", c->id,
					     json_is_null(children) ? NULL : json_incref(children));
		json_array_append_new(u->changed, json_string("children"));
	}
	if (u->patch.has_perpetrator) {
		const char *given = json_string_value(json_object_get(perpetrator, "given_name"));
		const char *family = json_string_value(json_object_get(perpetrator, "family_name"));
		c->perpetrator = case_part_seal(&r->arena, case_row_keys(r, c), "perpetrator", c->id,
						json_is_null(perpetrator) ? NULL
									  : json_incref(perpetrator));
		c->perpetrator_index = (struct blob){ NULL, 0 };
		if (given != NULL && family != NULL) {
			unsigned char *index = arena_alloc(&r->arena, BLIND_INDEX_LEN);
			blind_index(r->app->keys, given, family, NULL, index);
			c->perpetrator_index = (struct blob){ index, BLIND_INDEX_LEN };
		}
		json_array_append_new(u->changed, json_string("perpetrator"));
	}
}

/* The plain fields: status and imminent danger. */
static enum ura_status
merge_plain(struct case_op_run *run, struct case_update *u)
{
	struct case_row *c = &run->f.row;

	if (u->patch.status != NULL) {
		if (!case_status_may_move(c->status, u->patch.status)) {
			field_errors_add(&run->r->errors, "status", MSG_NOT_ALLOWED_VALUE);
			return URA_ECONFLICT;
		}
		c->status = u->patch.status;
		json_array_append_new(u->changed, json_string("status"));
	}
	if (u->patch.has_imminent_danger && u->patch.in.imminent_danger != c->imminent_danger) {
		c->imminent_danger = u->patch.in.imminent_danger;
		json_array_append_new(u->changed, json_string("imminent_danger"));
	}
	return URA_OK;
}

/* assigned_user_id: who may assign whom is domain/caseload's decision; the new assignee
 * hears of it (unless they assigned the case to themselves). */
static enum ura_status
merge_assignee(struct db *db, struct case_op_run *run, struct case_update *u)
{
	struct request *r = run->r;
	struct case_row *c = &run->f.row;
	struct user assignee = { 0 };
	enum ura_status st = URA_OK;

	if (u->patch.assignee > 0 &&
	    (st = store_user_by_id(db, &r->arena, u->patch.assignee, &assignee)) != URA_OK &&
	    st != URA_ENOTFOUND)
		return st;
	if (st == URA_ENOTFOUND)
		assignee = (struct user){ .id = u->patch.assignee }; /* nobody's staff */
	st = caseload_assignment_check(&r->caller.user, c->owner_institution_id,
				       c->assigned_user_id, u->patch.assignee ? &assignee : NULL);
	if (st == URA_EUNPROCESSABLE)
		field_errors_add(&r->errors, "assigned_user_id", MSG_NOT_OWNER_STAFF);
	if (st != URA_OK || c->assigned_user_id == u->patch.assignee)
		return st;
	c->assigned_user_id = u->patch.assignee;
	json_array_append_new(u->changed, json_string("assigned_user_id"));
	if (u->patch.assignee == 0 || u->patch.assignee == r->caller.user.id)
		return URA_OK;
	return store_notify_user(db, u->patch.assignee, &(struct notification){
		.kind = "case_assigned", .case_id = c->id, .object_type = "case", .object_id = c->id,
		.dedupe = arena_printf(&r->arena, "case_assigned:%lld:%lld", (long long)c->id,
				       (long long)u->expected) }, clock_now());
}

static enum ura_status
patch_apply(struct db *db, struct case_op_run *run)
{
	struct case_update *u = run->data;
	struct request *r = run->r;
	struct case_row *c = &run->f.row;
	int64_t municipality = u->patch.in.survivor.municipality_id;
	enum ura_status st;
	char *fields;

	if (c->version != u->expected) {
		reply_header_add(r, "ETag", arena_printf(&r->arena, "\"%lld\"",
							 (long long)c->version));
		return URA_ESTALE;
	}
	if (municipality > 0 && (st = store_municipality_exists(db, municipality)) != URA_OK) {
		if (st == URA_ENOTFOUND)
			field_errors_add(&r->errors, "survivor.municipality_id", MSG_NO_SUCH_OBJECT);
		return st == URA_ENOTFOUND ? URA_EUNPROCESSABLE : st;
	}
	if ((st = merge_plain(run, u)) != URA_OK ||
	    (u->patch.has_assignee && (st = merge_assignee(db, run, u)) != URA_OK) ||
	    (u->patch.survivor != NULL && (st = merge_survivor(run, u)) != URA_OK))
		return st;
	replace_parts(run, u);
	if ((st = store_case_update(db, c, u->expected, clock_now(), &c->version)) != URA_OK)
		return st;
	fields = json_dumps(u->changed, JSON_COMPACT);
	run->fields = arena_strdup(&r->arena, fields);
	free(fields);
	return URA_OK;
}

static const struct case_op case_update_op = {
	.action = "case.update", .object_type = "case", .need = PERM_UPDATE,
	.answer_case = true, .apply = patch_apply,
};

void
handle_case_update(struct request *r)
{
	struct case_update u = { .changed = json_array() };
	struct case_op_run run;

	if (!read_if_match(r, &u.expected))
		reply_status(r, URA_EPRECONDITION);
	else if (case_patch_read(r, &u.patch) && case_op_perform(r, &case_update_op, &u, &run))
		case_op_reply_case(&run, 200);
	json_decref(u.changed);
}

/* ---- close ---- */

static enum ura_status
close_apply(struct db *db, struct case_op_run *run)
{
	struct case_row *c = &run->f.row;
	int64_t now = clock_now();

	if (!case_status_may_move(c->status, "closed"))
		return URA_ECONFLICT;
	c->status = "closed";
	c->outcome = *(const char **)run->data;
	c->closed_at = now;
	run->fields = "[\"outcome\"]";
	return store_case_update(db, c, c->version, now, &c->version);
}

static const struct case_op case_close_op = {
	.action = "case.close", .object_type = "case", .need = PERM_CLOSE,
	.answer_case = true, .apply = close_apply,
};

void
handle_case_close(struct request *r)
{
	static const char *const allowed[] = { "outcome", NULL };
	const char *outcome = input_enum(r, "outcome", IN_REQUIRED, case_outcomes);
	struct case_op_run run;

	if (input_done(r, allowed) && case_op_perform(r, &case_close_op, &outcome, &run))
		case_op_reply_case(&run, 200);
}

/* ---- incidents ---- */

enum ura_status
case_incident_store(struct db *db, struct request *r, const struct keys *k,
		    struct incident_row *i, const char *narrative)
{
	enum ura_status st = store_incident_insert(db, i, r->caller.user.id, &i->id);

	if (st != URA_OK || narrative == NULL)
		return st;
	i->narrative = sealed_text_k(r, k, "incidents", "narrative", i->id, narrative);
	return store_incident_set_narrative(db, i->id, &i->narrative);
}

struct incident_add {
	struct case_input in;
	struct incident_row row;
};

/* A repeat: the case had an incident in the 12 months before this one occurred, or the
 * survivor has another case opened in the last 12 months. */
static enum ura_status
incident_is_repeat(struct db *db, struct case_op_run *run, const char *occurred_on, int64_t now,
		   bool *repeat)
{
	const struct case_row *c = &run->f.row;
	int64_t since = now - CASE_REPEAT_WINDOW_SECONDS, day = 0;
	struct case_match *matches;
	char since_date[16];
	int n = 0;
	enum ura_status st;

	clock_parse_date(occurred_on, &day);
	clocks_day_format(day - CASE_REPEAT_WINDOW_SECONDS / CLOCKS_DAY, since_date,
			  sizeof(since_date));
	if ((st = store_case_has_incident_since(db, c->id, since_date, repeat)) != URA_OK)
		return st;

	if (*repeat || c->survivor_index.len == 0)
		return URA_OK;
	/* Several, not one: a match across the border does not count (case_matches). */
	st = case_matches(run->r, db, &(struct case_match_query){
		.index = c->survivor_index.p, .len = c->survivor_index.len, .except_id = c->id,
		.number_index = c->personal_number_index.len == BLIND_INDEX_LEN
				? c->personal_number_index.p : NULL,
		.since = since, .max = CASE_MATCHES_MAX, .mechanism_id = c->mechanism_id,
		.viewer_institution_id = run->r->caller.user.institution_id }, &matches, &n);
	*repeat = n > 0;
	return st;
}

static enum ura_status
incident_apply(struct db *db, struct case_op_run *run)
{
	struct incident_add *a = run->data;
	struct request *r = run->r;
	int64_t now = clock_now();
	enum ura_status st;

	a->row = (struct incident_row){ .case_id = run->case_id,
		.occurred_on = a->in.incident.occurred_on, .forms = a->in.incident.forms,
		.place = a->in.incident.place, .bias = a->in.incident.bias, .created_at = now };
	if ((st = incident_is_repeat(db, run, a->row.occurred_on, now, &a->row.repeat)) != URA_OK ||
	    (st = case_incident_store(db, r, case_row_keys(r, &run->f.row), &a->row,
					     a->in.incident.narrative)) != URA_OK)
		return st;
	run->object_id = a->row.id;
	run->fields = arena_printf(&r->arena, "[\"occurred_on\",\"forms\"%s%s%s]",
				   a->in.incident.place ? ",\"place\"" : "",
				   a->in.incident.bias ? ",\"bias\"" : "",
				   a->in.incident.narrative ? ",\"narrative\"" : "");
	return store_case_touch(db, run->case_id, a->row.repeat, now);
}

static const struct case_op incident_add_op = {
	.action = "incident.create", .object_type = "incident", .need = PERM_INCIDENT,
	.apply = incident_apply,
};

void
handle_case_incident_add(struct request *r)
{
	struct incident_add a;
	struct case_op_run run;
	struct case_view v;
	json_t *doc, *list;

	if (!incident_input_read(r, &a.in) || !case_op_perform(r, &incident_add_op, &a, &run))
		return;
	/* The incident as the case document shows it (its narrative decrypted back). */
	v = (struct case_view){ .row = &run.f.row, .incidents = &a.row, .nincidents = 1,
				.readable = 1u << CAT_INCIDENT };
	if ((doc = case_document_json(&r->arena, case_row_keys(r, &run.f.row), &v)) == NULL) {
		reply_status(r, URA_EINTERNAL);
		return;
	}
	list = json_object_get(doc, "incidents");
	json_object_set_new(json_array_get(list, 0), "case_id", json_integer(run.case_id));
	reply_json(r, 201, json_incref(json_array_get(list, 0)));
	json_decref(doc);
}
