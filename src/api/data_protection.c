/*
 * GET /subject-access, POST /subject-access/search, GET /processing-record (see
 * data_protection.h). The copy is built from the same pieces as every other answer that shows
 * a case (case_facts, case_document, the protocol's decision), so it never holds more than
 * its reader could read elsewhere; then domain/data_protection narrows it to the export's
 * scope. Its one audit entry names the cases, never their data.
 */
#include "api/data_protection.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/case_document.h"
#include "api/case_keys.h"
#include "api/case_facts.h"
#include "api/case_plan.h"
#include "api/input.h"
#include "api/notes.h"
#include "api/referrals.h"
#include "api/risk.h"
#include "core/clock.h"
#include "crypt/field.h"
#include "domain/authz.h"
#include "domain/clocks.h"
#include "domain/data_protection.h"
#include "domain/directory.h"
#include "http/limits.h"
#include "store/data_protection.h"

#define SAR_LIST_MAX 500         /* notes, plan items, orders, assessments of one case */
#define SAR_ACCESS_ROWS_MAX 5000 /* audit groups (day, institution, role, action) */
#define SAR_INSTITUTIONS_MAX 200 /* institutions one copy names */
#define SAR_SEARCH_MAX 50
#define RECORD_INSTITUTIONS_MAX 5000

/* ---- the request's parameters ---- */

/* ?format=json|html (default json) and ?lang= (the page's language; default the caller's). */
static bool
read_format(struct request *r, bool *html, enum lang *lang)
{
	const char *f = req_query(r, "format"), *l = req_query(r, "lang");

	*html = f != NULL && strcmp(f, "html") == 0;
	if (f != NULL && !*html && strcmp(f, "json") != 0) {
		reply_field_error(r, 400, "format", MSG_NOT_ALLOWED_VALUE);
		return false;
	}
	*lang = r->lang;
	if (l == NULL)
		return true;
	if (lang_of_tag(l) < 0) {
		reply_field_error(r, 400, "lang", MSG_NOT_ALLOWED_VALUE);
		return false;
	}
	*lang = (enum lang)lang_of_tag(l);
	return true;
}

/* ?case_ids=3,8: 1..SAR_CASES_MAX distinct positive ids (400 naming case_ids otherwise). */
static bool
read_case_ids(struct request *r, int64_t *ids, int *n)
{
	const char *s = req_query(r, "case_ids");
	enum msg bad = MSG_REQUIRED;

	*n = 0;
	while (s != NULL && *s != '\0') {
		char *end;
		long long v;

		errno = 0;
		v = (*s >= '0' && *s <= '9') ? strtoll(s, &end, 10) : 0;
		if (v <= 0 || errno != 0 || (*end != ',' && *end != '\0')) {
			bad = MSG_INVALID_ID;
			break;
		}
		if (*n == SAR_CASES_MAX) {
			bad = MSG_TOO_MANY_ITEMS;
			break;
		}
		for (int i = 0; i < *n; i++)
			if (ids[i] == v)
				bad = MSG_DUPLICATE_ITEM;
		if (bad == MSG_DUPLICATE_ITEM)
			break;
		ids[(*n)++] = v;
		s = *end == ',' ? end + 1 : end;
		if (*end == ',' && *s == '\0')
			bad = MSG_INVALID_ID;
		else
			bad = MSG_REQUIRED;
	}
	if (*n > 0 && bad == MSG_REQUIRED)
		return true;
	reply_field_error(r, 400, "case_ids", bad);
	return false;
}

/* ---- one case ---- */

struct sar_case {
	struct case_facts f;
	struct policy_decision d;
	enum sar_scope scope;
};

/* The case, if the caller may export it: 404 when it may not see it at all, 403 when it
 * sees it but does not answer for it. */
static enum ura_status
sar_case_load(struct request *r, struct db *db, int64_t id, struct sar_case *c)
{
	enum ura_status st = case_facts_load(r, db, id, &c->f);

	if (st != URA_OK)
		return st;
	c->d = case_facts_decide(r, &c->f);
	c->scope = sar_case_scope(&r->caller.user, c->f.row.owner_institution_id);
	if (c->scope != SAR_SCOPE_NONE)
		return URA_OK;
	return c->d.access == ACCESS_NONE || c->d.access == ACCESS_PACKET ? URA_ENOTFOUND
									 : URA_EFORBIDDEN;
}

/* Whether every case is of one person: the same blind index of names and birth date. */
static bool
one_person(const struct sar_case *cases, int n)
{
	const struct blob *first = &cases[0].f.row.survivor_index;

	for (int i = 1; i < n; i++) {
		const struct blob *b = &cases[i].f.row.survivor_index;
		if (b->len != first->len || (b->len > 0 && memcmp(b->p, first->p, b->len) != 0))
			return false;
	}
	return true;
}

/* The institutions a copy names, each once. */
struct id_set {
	int64_t ids[SAR_INSTITUTIONS_MAX];
	int n;
};

static void
id_set_add(struct id_set *s, int64_t id)
{
	if (id <= 0)
		return;
	for (int i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return;
	if (s->n < SAR_INSTITUTIONS_MAX)
		s->ids[s->n++] = id;
}

/* The referrals: the full copy with their texts, the register without any free text. */
static json_t *
referrals_json(struct request *r, const struct sar_case *c, struct id_set *inst, bool *ok)
{
	static const char *const texts[] = { "reason", "justification", "answer", "outcome",
					     "disclose_address_reason", NULL };
	json_t *list = json_array();

	for (int i = 0; i < c->f.nreferrals; i++) {
		const struct referral_row *x = &c->f.referrals[i];
		json_t *o = referral_json(r, x);

		if (o == NULL) {
			*ok = false;
			continue;
		}
		for (int k = 0; !sar_shows_content(c->scope) && texts[k] != NULL; k++)
			json_object_del(o, texts[k]);
		id_set_add(inst, x->from_institution_id);
		id_set_add(inst, x->to_institution_id);
		json_array_append_new(list, o);
	}
	return list;
}

/* Risk assessments and protection orders, each for a reader of its category. */
static enum ura_status
records_json(struct request *r, struct db *db, const struct sar_case *c, category_set cats,
	     json_t *doc, struct id_set *inst)
{
	struct assessment_row *xs = NULL;
	struct order_row *os = NULL;
	json_t *a = json_array(), *o = json_array();
	int nx = 0, no = 0;
	enum ura_status st = URA_OK;

	json_object_set_new(doc, "assessments", a);
	json_object_set_new(doc, "protection_orders", o);
	if (cats & (1u << CAT_RISK))
		st = store_case_assessments(db, &r->arena, c->f.row.id, 0, SAR_LIST_MAX, &xs, &nx);
	if (st == URA_OK && (cats & (1u << CAT_LEGAL)))
		st = store_case_orders(db, &r->arena, c->f.row.id, 0, SAR_LIST_MAX, &os, &no);
	for (int i = 0; i < nx; i++)
		json_array_append_new(a, assessment_json(&xs[i]));
	for (int i = 0; i < no; i++) {
		json_array_append_new(o, order_json(&os[i]));
		id_set_add(inst, os[i].court_institution_id);
	}
	return st;
}

/* The case plan and the notes the caller's institution reads. */
static enum ura_status
work_json(struct request *r, struct db *db, const struct sar_case *c, category_set cats,
	  json_t *doc, struct id_set *inst, bool *ok)
{
	struct action_row *as = NULL;
	struct note_row *ns = NULL;
	json_t *plan = json_array(), *notes = json_array();
	int na = 0, nn = 0;
	enum ura_status st;

	json_object_set_new(doc, "plan", plan);
	json_object_set_new(doc, "notes", notes);
	st = store_case_actions(db, &r->arena, c->f.row.id, 0, SAR_LIST_MAX, &as, &na);
	if (st == URA_OK)
		st = store_case_notes(db, &r->arena, c->f.row.id, r->caller.user.institution_id,
				      (cats & (1u << CAT_NOTES)) != 0, 0, SAR_LIST_MAX, &ns, &nn);
	for (int i = 0; i < na; i++) {
		json_array_append_new(plan, action_json(r, &as[i], &c->d, ok));
		id_set_add(inst, as[i].responsible_institution_id);
	}
	for (int i = 0; i < nn; i++) {
		json_t *note = note_json(r, case_row_keys(r, &c->f.row), &ns[i], ok);

		json_object_del(note, "author_user_id"); /* staff are not named */
		json_array_append_new(notes, note);
		id_set_add(inst, ns[i].institution_id);
	}
	return st;
}

/* The institutions a consent names by id. */
static void
consent_institutions(const struct sar_case *c, struct id_set *inst)
{
	for (int i = 0; i < c->f.nconsents; i++) {
		json_t *ids = json_loads(c->f.consents[i].institution_ids, 0, NULL), *v;
		size_t k;

		json_array_foreach(ids, k, v)
			id_set_add(inst, json_integer_value(v));
		json_decref(ids);
	}
}

/* One case of the copy: {case, referrals, assessments, protection_orders, plan, notes}. */
static enum ura_status
case_export_json(struct request *r, struct db *db, const struct sar_case *c,
		 struct id_set *inst, json_t **out)
{
	category_set cats = sar_categories(c->scope, c->d.readable);
	bool full = sar_shows_content(c->scope), ok = true;
	struct incident_row *incidents = NULL;
	int nincidents = 0;
	struct case_view v;
	json_t *doc, *item;
	enum ura_status st = URA_OK;

	if (cats & (1u << CAT_INCIDENT))
		st = store_case_incidents(db, &r->arena, c->f.row.id, &incidents, &nincidents);
	v = (struct case_view){ &c->f.row, incidents, nincidents, c->f.consents, c->f.nconsents,
				cats, true, full && case_facts_address_readable(r, &c->f, &c->d) };
	if (st != URA_OK || (doc = case_document_json(&r->arena, case_row_keys(r, &c->f.row), &v)) == NULL)
		return st != URA_OK ? st : URA_EINTERNAL;
	item = json_pack("{s:o, s:o}", "case", doc, "referrals", referrals_json(r, c, inst, &ok));
	id_set_add(inst, c->f.row.owner_institution_id);
	consent_institutions(c, inst);
	if (full && (st = records_json(r, db, c, cats, item, inst)) == URA_OK)
		st = work_json(r, db, c, cats, item, inst, &ok);
	if (st == URA_OK && !ok)
		st = URA_EINTERNAL;
	if (st != URA_OK) {
		json_decref(item);
		return st;
	}
	*out = item;
	return URA_OK;
}

/* ---- who had access, and the institutions named ---- */

/* The audit's groups folded to (day, institution, role, kind of access), by day. */
static json_t *
access_json(struct request *r, const struct sar_access_row *rows, int n, struct id_set *inst)
{
	json_t *list = json_array();
	int block = 0; /* where the current (day, institution, role) begins in `list` */
	char date[CLOCKS_DATE_LEN];

	for (int i = 0; i < n; i++) {
		const struct sar_access_row *x = &rows[i];
		const char *kind = sar_access_names[sar_access_of(x->action)];
		json_t *found = NULL;

		if (i > 0 && (x->day != rows[i - 1].day ||
			      x->institution_id != rows[i - 1].institution_id ||
			      strcmp(x->role, rows[i - 1].role) != 0))
			block = (int)json_array_size(list);
		for (size_t k = (size_t)block; k < json_array_size(list) && found == NULL; k++) {
			json_t *e = json_array_get(list, k);
			if (strcmp(json_string_value(json_object_get(e, "access")), kind) == 0)
				found = e;
		}
		if (found != NULL) {
			json_int_t c = json_integer_value(json_object_get(found, "count"));
			json_object_set_new(found, "count", json_integer(c + x->count));
			continue;
		}
		id_set_add(inst, x->institution_id);
		clocks_day_format(x->day, date, sizeof(date)); /* a UTC day: see the query */
		json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:s, s:I}", "date", date,
			"institution_id", x->institution_id ? json_integer(x->institution_id)
							    : json_null(),
			"role", x->role[0] ? json_string(x->role) : json_null(), "access", kind,
			"count", (json_int_t)x->count));
	}
	return list;
}

/* The institutions a copy names, with how to reach them; a shelter's address only for whom
 * domain/authz lets read it. */
static json_t *
institutions_json(struct request *r, const struct sar_institution_row *rows, int n)
{
	json_t *list = json_array();

	for (int i = 0; i < n; i++) {
		const struct sar_institution_row *x = &rows[i];
		json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)x->id,
				      "name", x->name, "type", x->type, "phone", x->phone,
				      "email", x->email);

		if (!authz_shelter_address_read(&r->caller.user, x->type, x->id))
			json_object_set_new(o, "withheld", json_pack("[s]", "address"));
		else if (x->address != NULL)
			json_object_set_new(o, "address", json_string(x->address));
		json_array_append_new(list, o);
	}
	return list;
}

/* The whole copy: the cases, who had access, the institutions named. */
static enum ura_status
export_json(struct request *r, struct db *db, const struct sar_case *cases, int n,
	    json_t **out)
{
	const struct user *u = &r->caller.user;
	struct id_set *inst = arena_alloc(&r->arena, sizeof(*inst));
	struct sar_access_row *acc;
	struct sar_institution_row *rows;
	int64_t ids[SAR_CASES_MAX];
	json_t *list = json_array(), *doc, *access;
	int nacc = 0, nrows = 0;
	enum ura_status st = URA_OK;

	inst->n = 0;
	for (int i = 0; i < n && st == URA_OK; i++) {
		json_t *item = NULL;
		ids[i] = cases[i].f.row.id;
		if ((st = case_export_json(r, db, &cases[i], inst, &item)) == URA_OK)
			json_array_append_new(list, item);
	}
	if (st == URA_OK)
		st = store_sar_access(db, &r->arena, ids, n, SAR_ACCESS_ROWS_MAX, &acc, &nacc);
	access = st == URA_OK ? access_json(r, acc, nacc, inst) : json_array();
	if (st == URA_OK)
		st = store_sar_institutions(db, &r->arena, inst->ids, inst->n, &rows, &nrows);
	doc = json_pack("{s:o, s:s, s:o, s:s, s:o, s:o, s:o, s:b}", "generated_at",
		json_time(clock_now()), "scope", sar_scope_names[cases[0].scope], "exported_by",
		json_pack("{s:o, s:s}", "institution_id", u->institution_id
			  ? json_integer(u->institution_id) : json_null(), "role", role_name(u->role)),
		"language", lang_tag(r->lang), "cases", list, "access_log", access,
		"institutions", st == URA_OK ? institutions_json(r, rows, nrows) : json_array(),
		"access_log_truncated", nacc >= SAR_ACCESS_ROWS_MAX);
	if (st != URA_OK) {
		json_decref(doc);
		return st;
	}
	*out = doc;
	return URA_OK;
}

/* The export's one audit entry: the cases by id in its detail, codes only. */
struct export_audit {
	struct request *r;
	const int64_t *ids;
	int n;
	const char *detail;
};

static enum ura_status
export_audit_fn(struct db *db, void *ctx)
{
	const struct export_audit *e = ctx;

	return api_audit_case_detail(db, e->r, "subject_access.export", "case", e->ids[0],
				     e->ids[0], NULL, e->detail);
}

static enum ura_status
export_audit(struct request *r, const int64_t *ids, int n, enum sar_scope scope, bool html)
{
	json_t *d = json_pack("{s:o, s:s, s:s}", "case_ids", json_array(), "scope",
			      sar_scope_names[scope], "format", html ? "html" : "json");
	struct export_audit e = { r, ids, n, NULL };
	char *text;

	for (int i = 0; i < n; i++)
		json_array_append_new(json_object_get(d, "case_ids"), json_integer(ids[i]));
	text = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	e.detail = text != NULL ? arena_strdup(&r->arena, text) : NULL;
	free(text);
	return e.detail != NULL ? store_write(r->app->store, export_audit_fn, &e) : URA_EINTERNAL;
}

/* The page, or the JSON document (consumed). */
static void
reply_document(struct request *r, json_t *doc, bool html, enum lang lang,
	       char *(*page)(const json_t *, enum lang))
{
	char *text;

	if (!html) {
		reply_json(r, 200, doc);
		return;
	}
	text = page(doc, lang);
	json_decref(doc);
	if (text == NULL) {
		reply_status(r, URA_EINTERNAL);
		return;
	}
	r->lang = lang; /* the page speaks the person's language, and says so */
	reply_text(r, 200, "text/html; charset=utf-8", text, strlen(text));
	free(text);
}

void
handle_subject_access(struct request *r)
{
	int64_t ids[SAR_CASES_MAX];
	struct sar_case *cases;
	struct db *db;
	json_t *doc = NULL;
	enum lang lang;
	bool html;
	int n;
	enum ura_status st = URA_OK;

	if (!sar_may_export(&r->caller.user)) {
		reply_problem(r, 403, MSG_SAR_NOT_ALLOWED);
		return;
	}
	if (!read_case_ids(r, ids, &n) || !read_format(r, &html, &lang) ||
	    (db = api_reader(r)) == NULL)
		return;
	cases = arena_alloc(&r->arena, sizeof(*cases) * (size_t)n);
	for (int i = 0; i < n && st == URA_OK; i++)
		st = sar_case_load(r, db, ids[i], &cases[i]);
	if (st == URA_EFORBIDDEN) {
		reply_problem(r, 403, MSG_SAR_NOT_ALLOWED);
		return;
	}
	if (st == URA_OK && !one_person(cases, n)) {
		reply_field_error(r, 422, "case_ids", MSG_SAR_NOT_ONE_PERSON);
		return;
	}
	/* On record before anything leaves. */
	if (st == URA_OK && (st = export_json(r, db, cases, n, &doc)) == URA_OK)
		st = export_audit(r, ids, n, cases[0].scope, html);
	if (st != URA_OK) {
		json_decref(doc);
		reply_status(r, st);
		return;
	}
	reply_document(r, doc, html, lang, subject_access_page);
}

/* ---- finding the person ---- */

void
handle_subject_access_search(struct request *r)
{
	static const char *const allowed[] = { "given_name", "family_name", "date_of_birth",
					       NULL };
	const struct user *u = &r->caller.user;
	struct in_obj body = input_root(r);
	unsigned char index[BLIND_INDEX_LEN];
	const char *given, *family, *birth;
	struct sar_case_row *rows;
	struct db *db;
	json_t *items;
	int n = 0;
	enum ura_status st;

	if (!sar_may_export(u)) {
		reply_problem(r, 403, MSG_SAR_NOT_ALLOWED);
		return;
	}
	given = in_text(&body, "given_name", IN_REQUIRED, 1, LIMIT_PERSON_NAME_CHARS);
	family = in_text(&body, "family_name", IN_REQUIRED, 1, LIMIT_PERSON_NAME_CHARS);
	birth = in_date(&body, "date_of_birth", IN_REQUIRED, true);
	in_unknown(&body, allowed);
	if (!input_done_errors(r) || (db = api_reader(r)) == NULL)
		return;
	/* Names and birth date together, through the blind index: nothing is decrypted. */
	blind_index(r->app->keys, given, family, birth, index);
	st = store_sar_cases(db, &r->arena, index, sizeof(index),
			     u->role == ROLE_MANAGER ? u->institution_id : 0, SAR_SEARCH_MAX,
			     &rows, &n);
	sodium_memzero(index, sizeof(index));
	if (st == URA_OK)
		st = api_audit_read(r, "subject_access.search", "case", 0, 0,
				    "[\"given_name\",\"family_name\",\"date_of_birth\"]");
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:I, s:o}", "id",
			(json_int_t)rows[i].id, "reference", rows[i].reference, "kind", rows[i].kind,
			"status", rows[i].status, "owner_institution_id",
			(json_int_t)rows[i].owner_institution_id, "created_at",
			json_time(rows[i].created_at)));
	reply_json(r, 200, json_pack("{s:o}", "items", items));
}

/* ---- the record of processing activities ---- */

/* The protocol's categories, each with the article that makes it special, if one does. */
static json_t *
record_categories(void)
{
	json_t *list = json_array();

	for (int c = 0; c < CAT_COUNT; c++) {
		const char *special = processing_category_special((enum category)c);
		json_array_append_new(list, json_pack("{s:s, s:s?, s:b}", "category",
			category_name((enum category)c), "special", special, "encrypted", true));
	}
	return list;
}

/* Each sharing channel with its legal basis and, for referrals, where they went (the last 12
 * months, by the recipients' type). */
static json_t *
record_channels(const struct processing_sharing_row *rows, int n)
{
	json_t *list = json_array();

	for (const struct processing_channel *c = processing_channels; c->code != NULL; c++) {
		json_t *recipients = json_array();
		json_int_t total = 0;

		for (int i = 0; c->referral_basis != NULL && i < n; i++) {
			if (strcmp(rows[i].basis, c->referral_basis) != 0)
				continue;
			total += rows[i].referrals;
			json_array_append_new(recipients, json_pack("{s:s, s:I}", "institution_type",
				rows[i].institution_type, "referrals", (json_int_t)rows[i].referrals));
		}
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:o}", "channel",
			c->code, "basis", c->basis, "articles", c->articles, "referrals_12_months",
			c->referral_basis ? json_integer(total) : json_null(), "recipients",
			recipients));
	}
	return list;
}

/* Every institution, and how many there are of each type. */
static void
record_institutions(const struct processing_institution_row *rows, int n, json_t *doc)
{
	json_t *list = json_array(), *types = json_array();

	for (const char *const *t = institution_types; *t != NULL; t++) {
		json_int_t count = 0;
		for (int i = 0; i < n; i++)
			count += strcmp(rows[i].type, *t) == 0;
		if (count > 0)
			json_array_append_new(types, json_pack("{s:s, s:I}", "institution_type", *t,
							       "count", count));
	}
	for (int i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:I}", "id",
			(json_int_t)rows[i].id, "name", rows[i].name, "type", rows[i].type,
			"country", rows[i].country, "mechanisms", (json_int_t)rows[i].mechanisms));
	json_object_set_new(doc, "institutions", list);
	json_object_set_new(doc, "institution_types", types);
	json_object_set_new(doc, "institutions_truncated", json_boolean(n >= RECORD_INSTITUTIONS_MAX));
}

/* Retention and security measures, from the settings (domain/data_protection). */
static void
record_settings(const struct config *c, json_t *doc)
{
	struct retention_rule rr[PROCESSING_ITEMS_MAX];
	struct processing_measure m[PROCESSING_ITEMS_MAX];
	int nr = processing_retention(c, rr, PROCESSING_ITEMS_MAX);
	int nm = processing_measures(c, m, PROCESSING_ITEMS_MAX);
	json_t *retention = json_array(), *security = json_array();

	for (int i = 0; i < nr; i++)
		json_array_append_new(retention, json_pack("{s:s, s:I, s:s?, s:s?}", "item",
			rr[i].code, "value", (json_int_t)rr[i].value, "unit", rr[i].unit,
			"setting", rr[i].setting));
	for (int i = 0; i < nm; i++)
		json_array_append_new(security, json_pack("{s:s, s:s}", "measure", m[i].code,
							  "value", m[i].value));
	json_object_set_new(doc, "retention", retention);
	json_object_set_new(doc, "security", security);
}

static json_t *
string_list(const char *const *values)
{
	json_t *list = json_array();

	for (const char *const *v = values; *v != NULL; v++)
		json_array_append_new(list, json_string(*v));
	return list;
}

void
handle_processing_record(struct request *r)
{
	struct processing_institution_row *inst;
	struct processing_sharing_row *sharing;
	struct processing_mechanism_row *mech;
	int ni = 0, ns = 0, nm = 0;
	struct db *db;
	json_t *doc, *cross;
	enum lang lang;
	bool html;
	enum ura_status st;

	if (!processing_record_read(&r->caller.user)) {
		reply_problem(r, 403, MSG_PROCESSING_RECORD_ROLE);
		return;
	}
	if (!read_format(r, &html, &lang) || (db = api_reader(r)) == NULL)
		return;
	if ((st = store_processing_institutions(db, &r->arena, RECORD_INSTITUTIONS_MAX, &inst,
						&ni)) != URA_OK ||
	    (st = store_processing_sharing(db, &r->arena, clock_now() - 365 * CLOCKS_DAY,
					   &sharing, &ns)) != URA_OK ||
	    (st = store_processing_cross_border(db, &r->arena, RECORD_INSTITUTIONS_MAX, &mech,
						&nm)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	cross = json_array();
	for (int i = 0; i < nm; i++)
		json_array_append_new(cross, json_pack("{s:I, s:s, s:s, s:s}", "id",
			(json_int_t)mech[i].id, "name", mech[i].name, "kind", mech[i].kind,
			"country", mech[i].country));
	doc = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "generated_at", json_time(clock_now()),
			"purposes", string_list(mechanism_kinds), "data_subjects",
			string_list(processing_data_subjects), "categories", record_categories(),
			"channels", record_channels(sharing, ns), "cross_border", cross);
	record_institutions(inst, ni, doc);
	record_settings(r->app->config, doc);
	reply_document(r, doc, html, lang, processing_record_page);
}
