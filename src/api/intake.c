/*
 * The intake of reports: a CSO's third-party report (POST /intake), the triage queue
 * (GET /intake), a report's details (GET /intake/{id}, an audited read), and the triage
 * (convert into a case or a referral to the police, close, the message to the reporter,
 * passing on a held report). Who sees what and which move is allowed is domain/intake's
 * decision; this file loads the facts, asks, and shows only what it allows. Converting into
 * a case goes through the creation path of POST /cases (api/cases.h), in the same write.
 */
#include "api/intake.h"

#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/case_document.h"
#include "api/case_facts.h"
#include "api/case_input.h"
#include "api/cases.h"
#include "api/input.h"
#include "api/public_reports.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "domain/cases.h"
#include "domain/clocks.h"
#include "domain/intake.h"
#include "store/intake.h"

/* The sealed details, in the order of api/public_reports.c. */
static const char *const detail_names[] = { "description", "place", "name", "contact", NULL };

/* ---- the facts ---- */

static void
facts_of(const struct intake_row *x, struct intake_facts *f)
{
	int d = intake_disclosure_parse(x->p.police_disclosure);

	*f = (struct intake_facts){
		.cso = x->p.source != NULL && strcmp(x->p.source, "cso") == 0,
		.disclosure = d < 0 ? DISCLOSE_STATISTICS : (enum intake_disclosure)d,
		.queued = x->p.received_at > 0,
		.hate = strcmp(x->p.kind, "hate_crime") == 0,
		.anonymised = x->p.anonymised,
		.consented = category_set_parse(x->p.consent_categories),
		.filed_by_institution_id = x->p.filed_by_institution_id,
		.police_institution_id = x->police_institution_id,
		.case_id = x->case_id,
		.closed = strcmp(x->p.status, "closed") == 0,
	};
}

static void
viewer_of(const struct request *r, const struct intake_row *x, struct intake_viewer *v)
{
	const struct user *u = &r->caller.user;

	*v = (struct intake_viewer){ .user = u,
		.coordinator = u->role == ROLE_COORDINATOR && x->coordinator_user_id == u->id,
		.contact_point = u->institution_id > 0 &&
				 x->contact_institution_id == u->institution_id };
}

/* The list's item: no free text, no contact — what a queue may show. */
static json_t *
item_json(const struct intake_row *x, const struct intake_facts *f, int64_t now)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:s?, s:s, s:b, s:s, s:s?, s:o, s:o}",
		"id", (json_int_t)x->p.id, "source", f->cso ? "cso" : "public", "kind", x->p.kind,
		"municipality_id", (json_int_t)x->p.municipality_id,
		"mechanism_id", (json_int_t)x->p.mechanism_id, "reporter", x->p.reporter,
		"status", x->p.status, "wants_contact", x->p.wants_contact,
		"police_disclosure", x->p.police_disclosure, "occurred_on", x->p.occurred_on,
		"created_at", json_time(x->p.created_at), "received_at", json_time(x->p.received_at));

	json_object_set_new(o, "forms", json_loads(x->p.forms ? x->p.forms : "[]", 0, NULL));
	json_object_set_new(o, "bias", json_loads(x->p.bias ? x->p.bias : "[]", 0, NULL));
	json_object_set_new(o, "age_working_days", f->queued
		? json_integer(intake_working_days(x->p.received_at, now)) : json_null());
	json_object_set_new(o, "overdue",
			    json_boolean(intake_overdue(f, x->p.triage_due_at, now)));
	json_object_set_new(o, "outcome", x->outcome ? json_string(x->outcome) : json_null());
	json_object_set_new(o, "case_id", x->case_id ? json_integer(x->case_id) : json_null());
	json_object_set_new(o, "police_institution_id", x->police_institution_id
		? json_integer(x->police_institution_id) : json_null());
	json_object_set_new(o, "held", json_boolean(!f->queued && f->disclosure == DISCLOSE_LATER &&
						    x->case_id == 0 && !f->closed));
	return o;
}

/* The report `id` and the caller's view of it; false after answering 404 (or 503/500). */
static bool
load(struct request *r, struct db *db, int64_t id, struct intake_row *x, struct intake_facts *f,
     struct intake_viewer *v)
{
	enum ura_status st = store_intake_get(db, &r->arena, id, x);

	if (st == URA_OK) {
		facts_of(x, f);
		viewer_of(r, x, v);
		if (intake_access(v, f) == INTAKE_NONE)
			st = URA_ENOTFOUND;
	}
	if (st != URA_OK)
		reply_status(r, st);
	return st == URA_OK;
}

/* ---- a CSO's report ---- */

static const char *const file_fields[] = {
	"municipality_id", "kind", "forms", "bias", "occurred_on", "place", "description",
	"reporter", "name", "wants_contact", "contact", "consent", "anonymised", "police", NULL,
};

struct intake_file {
	struct request *r;
	struct report_fields f;
	unsigned char receipt_hash[TOKEN_HASH_LEN];
};

/* consent {method, categories}, anonymised, police; then the report's own fields. */
static bool
file_read(struct request *r, struct intake_file *n)
{
	static const char *const consent_fields[] = { "method", "categories", NULL };
	struct in_obj root = input_root(r), c;
	struct intake_filing fl = { 0 };

	if ((fl.has_consent = in_object(&root, "consent", IN_OPTIONAL, &c))) {
		n->f.row.consent_method = in_enum(&c, "method", IN_REQUIRED, consent_methods);
		n->f.row.consent_categories = in_vocabulary_list(&c, "categories", IN_OPTIONAL,
								 category_vocabulary);
		if (n->f.row.consent_categories == NULL)
			n->f.row.consent_categories = "[]";
		in_unknown(&c, consent_fields);
	}
	fl.anonymised = in_bool(&root, "anonymised", IN_OPTIONAL, NULL);
	n->f.row.police_disclosure = in_enum(&root, "police", IN_REQUIRED,
					     intake_police_disclosures);
	if (!public_report_fields_read(r, file_fields, &n->f))
		return false;
	fl.has_name = n->f.texts[2] != NULL;
	fl.has_contact = n->f.texts[3] != NULL;
	n->f.row.anonymised = fl.anonymised;
	return intake_filing_check(&fl, &r->errors);
}

static enum ura_status
file_fn(struct db *db, void *ctx)
{
	struct intake_file *n = ctx;
	struct request *r = n->r;
	struct institution_offer inst = { 0 };
	int64_t now = clock_now();
	enum ura_status st = store_institution_offer(db, &r->arena, r->caller.user.institution_id,
						     &inst);

	if (st != URA_OK && st != URA_ENOTFOUND)
		return st;
	if (!intake_may_file(&r->caller.user, inst.type))
		return URA_EFORBIDDEN;
	n->f.row.source = "cso";
	n->f.row.filed_by_institution_id = r->caller.user.institution_id;
	n->f.row.filed_by_user_id = r->caller.user.id;
	if (n->f.row.reporter == NULL)
		n->f.row.reporter = "organisation";
	if (strcmp(n->f.row.police_disclosure, "now") == 0) {
		n->f.row.received_at = now;
		n->f.row.triage_due_at = intake_triage_due(
			now, r->app->config->intake_triage_working_days);
	}
	if ((st = public_report_store(db, r, &n->f, n->receipt_hash, now)) != URA_OK)
		return st;
	return api_audit(db, r, "intake.file", "public_report", n->f.row.id,
			 public_report_given(r, file_fields));
}

void
handle_intake_file(struct request *r)
{
	struct intake_file n = { .r = r };
	char receipt[PUBLIC_RECEIPT_TEXT];
	enum ura_status st;

	if (!user_is_staff(&r->caller.user)) {
		reply_problem(r, 403, MSG_NOT_A_CSO);
		return;
	}
	if (!file_read(r, &n)) {
		reply_invalid(r);
		return;
	}
	public_receipt_new(receipt, n.receipt_hash);
	st = store_write(r->app->store, file_fn, &n);
	if (st == URA_EFORBIDDEN)
		reply_problem(r, 403, MSG_NOT_A_CSO);
	else if (st != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 201, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)n.f.row.id,
					     "receipt", receipt, "status", "received",
					     "police_disclosure", n.f.row.police_disclosure));
}

/* ---- the queue ---- */

void
handle_intake_list(struct request *r)
{
	static const char *const kinds[] = { "domestic_violence", "gbv", "hate_crime", NULL };
	const char *status = req_query(r, "status"), *kind = req_query(r, "kind");
	struct intake_query q = { .user_id = r->caller.user.id,
				  .institution_id = r->caller.user.institution_id };
	struct intake_row *rows;
	struct db *db;
	json_t *items;
	int n, limit;
	int64_t now = clock_now(), next = 0;
	bool open, all;

	if (status == NULL || *status == '\0')
		status = "open";
	if (!vocabulary_has(intake_status_filters, status) ||
	    (kind != NULL && *kind != '\0' && !vocabulary_has(kinds, kind))) {
		if (vocabulary_has(intake_status_filters, status))
			reply_field_choice(r, 400, "kind", kinds);
		else
			reply_field_choice(r, 400, "status", intake_status_filters);
		return;
	}
	if (!req_page(r, &limit, &q.after) || (db = api_reader(r)) == NULL)
		return;
	open = strcmp(status, "open") == 0;
	all = strcmp(status, "all") == 0;
	q.kind = kind != NULL && *kind != '\0' ? kind : NULL;
	q.status = open || all ? NULL : status;
	q.untriaged = open;
	q.limit = limit + 1;
	enum ura_status st = store_intake_list(db, &r->arena, &q, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++) {
		struct intake_facts f;
		struct intake_viewer v;
		facts_of(&rows[i], &f);
		viewer_of(r, &rows[i], &v);
		if (intake_access(&v, &f) == INTAKE_NONE || (open && !intake_open_for(&v, &f)))
			continue;
		json_array_append_new(items, item_json(&rows[i], &f, now));
	}
	if (n > limit)
		next = rows[limit - 1].p.id;
	reply_list(r, items, next);
}

/* ---- a report's details ---- */

/* The details `readable` allows, into `o`; the names shown and withheld into the lists. */
static bool
details_into(struct request *r, const struct intake_row *x, category_set readable, json_t *o,
	     json_t *shown, json_t *withheld)
{
	bool ok = true;
	json_t *opened = sealed_open(r, SEALED_PUBLIC_REPORT_DETAILS, x->p.id, &x->p.details, &ok);
	json_t *all = json_is_string(opened) ? json_loads(json_string_value(opened), 0, NULL)
					     : NULL;

	for (int i = 0; detail_names[i] != NULL; i++) {
		int c = intake_detail_category(detail_names[i]);
		json_t *v = all != NULL ? json_object_get(all, detail_names[i]) : NULL;
		if (c >= 0 && (readable & (1u << c))) {
			json_object_set(o, detail_names[i], v != NULL ? v : json_null());
			if (v != NULL)
				json_array_append_new(shown, json_string(detail_names[i]));
		} else {
			json_array_append_new(withheld, json_string(detail_names[i]));
		}
	}
	json_decref(all);
	json_decref(opened);
	return ok;
}

void
handle_intake_get(struct request *r)
{
	struct intake_row x;
	struct intake_facts f;
	struct intake_viewer v;
	struct db *db;
	int64_t id;
	json_t *o, *shown = json_array(), *withheld = json_array(), *message, *reason;
	bool ok = true;
	char *fields;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || (db = api_reader(r)) == NULL ||
	    !load(r, db, id, &x, &f, &v)) {
		json_decref(shown);
		json_decref(withheld);
		return;
	}
	o = item_json(&x, &f, clock_now());
	ok = details_into(r, &x, intake_readable(&v, &f), o, shown, withheld);
	message = sealed_open(r, SEALED_PUBLIC_REPORT_MESSAGE, x.p.id, &x.p.message, &ok);
	reason = sealed_open(r, SEALED_PUBLIC_REPORT_CLOSE_REASON, x.p.id, &x.close_reason, &ok);
	json_object_set_new(o, "message", message);
	json_object_set_new(o, "close_reason", reason);
	json_object_set_new(o, "withheld", withheld);
	json_object_set_new(o, "anonymised", json_boolean(x.p.anonymised));
	json_object_set_new(o, "consent", f.cso && !x.p.anonymised
		? json_pack("{s:s?, s:o}", "method", x.p.consent_method, "categories",
			    json_loads(x.p.consent_categories ? x.p.consent_categories : "[]", 0,
				       NULL))
		: json_null());
	json_object_set_new(o, "filed_by_institution_id", x.p.filed_by_institution_id
		? json_integer(x.p.filed_by_institution_id) : json_null());
	json_object_set_new(o, "may_triage",
			    json_boolean(intake_access(&v, &f) == INTAKE_TRIAGE));
	fields = json_dumps(shown, JSON_COMPACT);
	json_decref(shown);
	st = ok ? api_audit_read(r, "intake.read", "public_report", id, 0, fields) : URA_EINTERNAL;
	free(fields);
	if (st != URA_OK) {
		json_decref(o);
		reply_status(r, st);
		return;
	}
	reply_json(r, 200, o);
}

/* ---- triage ---- */

struct triage {
	struct request *r;
	int64_t id, police_institution_id, case_id;
	const char *outcome, *message, *reason, *fields;
	const char *action; /* audited as this */
	struct intake_row x;
};

/* The checks inside the write: visible (404), allowed (403/409), the police target. */
static enum ura_status
triage_check(struct db *db, struct triage *t)
{
	struct request *r = t->r;
	struct intake_facts f;
	struct intake_viewer v;
	struct institution_offer to = { 0 };
	enum ura_status st = store_intake_get(db, &r->arena, t->id, &t->x);

	if (st != URA_OK)
		return st;
	facts_of(&t->x, &f);
	viewer_of(r, &t->x, &v);
	if ((st = intake_triage_allowed(&v, &f, t->outcome)) != URA_OK ||
	    t->police_institution_id == 0)
		return st;
	st = store_institution_offer(db, &r->arena, t->police_institution_id, &to);
	if (st == URA_ENOTFOUND || (st == URA_OK && strcmp(to.type, "police") != 0)) {
		field_errors_add(&r->errors, "institution_id", MSG_NOT_POLICE);
		return URA_EUNPROCESSABLE;
	}
	return st;
}

/* The triage's write once allowed: the outcome, the texts, the audit, the police told. */
static enum ura_status
triage_record(struct db *db, struct triage *t)
{
	struct request *r = t->r;
	int64_t now = clock_now();
	enum ura_status st = store_intake_triage(db, &(struct intake_triage){
		.id = t->id, .by = r->caller.user.id, .now = now, .case_id = t->case_id,
		.police_institution_id = t->police_institution_id, .outcome = t->outcome,
		.status = intake_status_after(t->outcome) });

	if (st == URA_OK && t->message != NULL)
		st = sealed_store(db, r, SEALED_PUBLIC_REPORT_MESSAGE, t->id, t->message);
	if (st == URA_OK && t->reason != NULL)
		st = sealed_store(db, r, SEALED_PUBLIC_REPORT_CLOSE_REASON, t->id, t->reason);
	if (st == URA_OK)
		st = api_audit(db, r, t->action, "public_report", t->id, t->fields);
	if (st == URA_OK && t->police_institution_id > 0)
		st = store_notify_institution(db, t->police_institution_id, &(struct notification){
			.kind = "intake_referred", .object_type = "intake", .object_id = t->id,
			.dedupe = arena_printf(&r->arena, "intake_referred:%lld",
					       (long long)t->id) }, now);
	return st;
}

static enum ura_status
triage_fn(struct db *db, void *ctx)
{
	struct triage *t = ctx;
	enum ura_status st = triage_check(db, t);

	return st != URA_OK ? st : triage_record(db, t);
}

/* The answer to a refused triage: 409 says it is done already. */
static void
reply_triage_failed(struct request *r, enum ura_status st)
{
	if (st == URA_ECONFLICT)
		reply_problem(r, 409, MSG_INTAKE_DONE);
	else
		reply_status(r, st);
}

/* The report as the caller now sees it (after a triage). */
static void
reply_report(struct request *r, struct triage *t, int status)
{
	struct db *db = api_reader(r);
	struct intake_facts f;
	struct intake_viewer v;

	if (db == NULL || !load(r, db, t->id, &t->x, &f, &v))
		return;
	reply_json(r, status, item_json(&t->x, &f, clock_now()));
}

static const char *
audit_fields(struct request *r, bool message, const char *other)
{
	return arena_printf(&r->arena, "[%s%s%s]", other ? other : "",
			    other && message ? "," : "", message ? "\"message\"" : "");
}

void
handle_intake_close(struct request *r)
{
	static const char *const allowed[] = { "reason", "message", NULL };
	struct triage t = { .r = r, .outcome = "closed", .action = "intake.close" };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &t.id))
		return;
	t.reason = input_string(r, "reason", IN_REQUIRED, 1, INTAKE_REASON_CHARS);
	t.message = input_string(r, "message", IN_OPTIONAL, 1, PUBLIC_MESSAGE_CHARS);
	if (!input_done(r, allowed))
		return;
	t.fields = audit_fields(r, t.message != NULL, "\"reason\"");
	if ((st = store_write(r->app->store, triage_fn, &t)) != URA_OK)
		reply_triage_failed(r, st);
	else
		reply_report(r, &t, 200);
}

/* ---- convert: into a referral, or into a case ---- */

static void
convert_referral(struct request *r, struct triage *t)
{
	static const char *const allowed[] = { "into", "institution_id", "message", NULL };
	enum ura_status st;

	t->outcome = "referral";
	t->action = "intake.refer";
	t->police_institution_id = input_id(r, "institution_id", IN_REQUIRED);
	t->message = input_string(r, "message", IN_OPTIONAL, 1, PUBLIC_MESSAGE_CHARS);
	if (!input_done(r, allowed))
		return;
	t->fields = audit_fields(r, t->message != NULL, "\"institution_id\"");
	if ((st = store_write(r->app->store, triage_fn, t)) != URA_OK)
		reply_triage_failed(r, st);
	else
		reply_report(r, t, 200);
}

/* Inside the case's write: the report is triaged into it. */
static enum ura_status
convert_also(struct db *db, void *ctx, int64_t case_id)
{
	struct triage *t = ctx;
	enum ura_status st = triage_check(db, t);

	t->case_id = case_id;
	return st != URA_OK ? st : triage_record(db, t);
}

/* The incident the report tells, as POST /cases reads it: the account only when the caller
 * may read it. */
static json_t *
report_incident(struct request *r, const struct intake_row *x, category_set readable)
{
	json_t *i = json_object(), *d = json_object(), *shown = json_array(),
	       *withheld = json_array();
	char day[CLOCKS_DATE_LEN];

	if (x->p.occurred_on != NULL)
		json_object_set_new(i, "occurred_on", json_string(x->p.occurred_on));
	else {
		clocks_date_format(x->p.created_at, day, sizeof(day));
		json_object_set_new(i, "occurred_on", json_string(day));
	}
	json_object_set_new(i, "forms", json_loads(x->p.forms ? x->p.forms : "[]", 0, NULL));
	json_object_set_new(i, "bias", json_loads(x->p.bias ? x->p.bias : "[]", 0, NULL));
	details_into(r, x, readable & (1u << CAT_INCIDENT), d, shown, withheld);
	if (json_is_string(json_object_get(d, "description")))
		json_object_set(i, "narrative", json_object_get(d, "description"));
	json_decref(d);
	json_decref(shown);
	json_decref(withheld);
	return i;
}

/* The case's body: what the caller gave, with the report's kind, mechanism, incident and
 * (a CSO's) consent wherever the caller gave none. */
static bool
prefill_case(struct request *r, struct triage *t)
{
	struct intake_facts f;
	struct intake_viewer v;
	struct db *db = api_reader(r);
	json_t *body = r->json;

	enum ura_status st;

	if (db == NULL || !load(r, db, t->id, &t->x, &f, &v))
		return false;
	if ((st = intake_triage_allowed(&v, &f, "case")) != URA_OK) {
		reply_triage_failed(r, st);
		return false;
	}
	json_object_del(body, "into");
	json_object_del(body, "message");
	if (json_object_get(body, "kind") == NULL)
		json_object_set_new(body, "kind", json_string(t->x.p.kind));
	if (json_object_get(body, "mechanism_id") == NULL && t->x.p.mechanism_id > 0)
		json_object_set_new(body, "mechanism_id", json_integer(t->x.p.mechanism_id));
	if (json_object_get(body, "incident") == NULL)
		json_object_set_new(body, "incident",
				    report_incident(r, &t->x, intake_readable(&v, &f)));
	if (json_object_get(body, "consent") == NULL && f.cso && !f.anonymised &&
	    t->x.p.consent_method != NULL)
		json_object_set_new(body, "consent", json_pack("{s:b, s:s, s:[s], s:o}", "given", 1,
			"method", t->x.p.consent_method, "institution_types", "police",
			"categories", json_loads(t->x.p.consent_categories, 0, NULL)));
	return true;
}

static void
convert_case(struct request *r, struct triage *t)
{
	struct case_input in;

	t->outcome = "case";
	t->action = "intake.convert";
	t->message = input_string(r, "message", IN_OPTIONAL, 1, PUBLIC_MESSAGE_CHARS);
	if (r->errors.count > 0 || r->errors.malformed) {
		reply_invalid(r);
		return;
	}
	if (!user_is_staff(&r->caller.user)) {
		/* the case is the caller's institution's: only its caseworkers and managers */
		struct db *db = api_reader(r);
		struct intake_row x;
		struct intake_facts f;
		struct intake_viewer v;
		if (db != NULL && load(r, db, t->id, &x, &f, &v))
			reply_problem(r, 403, MSG_INTAKE_CASE_STAFF);
		return;
	}
	t->message = t->message ? arena_strdup(&r->arena, t->message) : NULL;
	if (!prefill_case(r, t) || !case_input_read(r, &in))
		return;
	t->fields = audit_fields(r, t->message != NULL, "\"case_id\"");
	case_create_reply(r, &in, convert_also, t);
}

void
handle_intake_convert(struct request *r)
{
	struct triage t = { .r = r };
	const char *into;

	if (!req_param_id(r, 0, "id", &t.id))
		return;
	into = input_enum(r, "into", IN_REQUIRED, (const char *const[]){ "case", "referral", NULL });
	if (into == NULL) {
		reply_invalid(r);
		return;
	}
	if (strcmp(into, "referral") == 0)
		convert_referral(r, &t);
	else
		convert_case(r, &t);
}

/* ---- the message, passing on ---- */

static enum ura_status
message_fn(struct db *db, void *ctx)
{
	struct triage *t = ctx;
	struct request *r = t->r;
	struct intake_facts f;
	struct intake_viewer v;
	enum ura_status st = store_intake_get(db, &r->arena, t->id, &t->x);

	if (st != URA_OK)
		return st;
	facts_of(&t->x, &f);
	viewer_of(r, &t->x, &v);
	switch (intake_access(&v, &f)) {
	case INTAKE_NONE: return URA_ENOTFOUND;
	case INTAKE_FILER: return URA_EFORBIDDEN;
	case INTAKE_TRIAGE: break;
	}
	if ((st = sealed_store(db, r, SEALED_PUBLIC_REPORT_MESSAGE, t->id, t->message)) != URA_OK ||
	    (st = store_intake_touch(db, t->id, clock_now())) != URA_OK)
		return st;
	return api_audit(db, r, "intake.message", "public_report", t->id, "[\"message\"]");
}

void
handle_intake_message(struct request *r)
{
	static const char *const allowed[] = { "message", NULL };
	struct triage t = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &t.id))
		return;
	t.message = input_string(r, "message", IN_REQUIRED, 1, PUBLIC_MESSAGE_CHARS);
	if (!input_done(r, allowed))
		return;
	if ((st = store_write(r->app->store, message_fn, &t)) != URA_OK)
		reply_status(r, st);
	else
		reply_report(r, &t, 200);
}

static enum ura_status
pass_fn(struct db *db, void *ctx)
{
	struct triage *t = ctx;
	struct request *r = t->r;
	struct intake_facts f;
	struct intake_viewer v;
	int64_t now = clock_now();
	enum ura_status st = store_intake_get(db, &r->arena, t->id, &t->x);

	if (st != URA_OK)
		return st;
	facts_of(&t->x, &f);
	viewer_of(r, &t->x, &v);
	if ((st = intake_pass_allowed(&v, &f)) != URA_OK ||
	    (st = store_intake_pass(db, t->id, now, intake_triage_due(
			now, r->app->config->intake_triage_working_days))) != URA_OK)
		return st;
	return api_audit(db, r, "intake.pass", "public_report", t->id, NULL);
}

void
handle_intake_pass(struct request *r)
{
	struct triage t = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &t.id))
		return;
	if ((st = store_write(r->app->store, pass_fn, &t)) == URA_ECONFLICT)
		reply_problem(r, 409, MSG_INTAKE_NOT_HELD);
	else if (st != URA_OK)
		reply_status(r, st);
	else
		reply_report(r, &t, 200);
}
