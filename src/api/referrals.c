/*
 * POST /cases/{id}/referrals, GET /referrals, GET /referrals/{id} and the transitions.
 * Whether a referral may share what it asks is domain/policy's decision, the state machine
 * domain/referral's; this file loads, asks and stores, inside one transaction per write.
 */
#include "api/referrals.h"

#include <string.h>

#include "api/app.h"
#include "api/case_document.h"
#include "api/case_facts.h"
#include "api/case_op.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "api/input.h"
#include "core/clock.h"
#include "crypt/field.h"
#include "domain/directory.h"

const struct referral_step referral_accept_step = { REFERRAL_ACCEPT, "referral.accept", false,
						    false };
const struct referral_step referral_decline_step = { REFERRAL_DECLINE, "referral.decline", true,
						     false };
const struct referral_step referral_start_step = { REFERRAL_START, "referral.start", false, false };
const struct referral_step referral_complete_step = { REFERRAL_COMPLETE, "referral.complete",
						      false, true };
const struct referral_step referral_cancel_step = { REFERRAL_CANCEL, "referral.cancel", true,
						    false };

/* A referral's texts are under its case's key (api/case_keys.h). */
static struct blob
seal(struct request *r, const struct keys *k, const char *column, int64_t id, const char *text)
{
	return sealed_text_k(r, k, "referrals", column, id, text);
}

static json_t *
open_text(struct request *r, const struct keys *k, const char *column, int64_t id,
	  const struct blob *b, bool *ok)
{
	return opened_text_k(r, k, "referrals", column, id, b, ok);
}

/* Tells an institution's staff about a referral (once per kind and referral). */
static enum ura_status
notify_referral(struct db *db, struct request *r, int64_t institution_id, const char *kind,
		const struct referral_row *f)
{
	struct notification n = { .kind = kind, .case_id = f->case_id, .object_type = "referral",
		.object_id = f->id, .institution_id = institution_id == f->to_institution_id
						      ? f->from_institution_id : f->to_institution_id,
		.dedupe = arena_printf(&r->arena, "%s:%lld", kind, (long long)f->id) };

	return store_notify_institution(db, institution_id, &n, clock_now());
}

/* The packet: the referral itself, never the case's data. NULL when a text is tampered. */
json_t *
referral_json(struct request *r, const struct referral_row *f)
{
	bool ok = true;
	const struct keys *k = case_keys_of(r, f->case_id, &f->case_key);
	json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o}",
		"id", (json_int_t)f->id, "case_id", (json_int_t)f->case_id,
		"case_reference", f->case_reference,
		"from_institution_id", (json_int_t)f->from_institution_id,
		"to_institution_id", (json_int_t)f->to_institution_id, "service", f->service,
		"urgency", f->urgency, "status", f->status,
		"share", json_loads(f->share ? f->share : "[]", 0, NULL), "basis", f->basis,
		"respond_by", json_time(f->respond_by), "created_at", json_time(f->created_at),
		"updated_at", json_time(f->updated_at));

	json_object_set_new(o, "reason", open_text(r, k, "reason", f->id, &f->reason, &ok));
	json_object_set_new(o, "justification",
			    open_text(r, k, "justification", f->id, &f->justification, &ok));
	json_object_set_new(o, "answer", open_text(r, k, "answer", f->id, &f->answer, &ok));
	json_object_set_new(o, "outcome", open_text(r, k, "outcome", f->id, &f->outcome, &ok));
	json_object_set_new(o, "address_disclosed", json_boolean(f->address_disclosed));
	json_object_set_new(o, "disclose_address_reason",
			    open_text(r, k, "address_reason", f->id, &f->address_reason, &ok));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static void
reply_referral(struct request *r, int status, const struct referral_row *f)
{
	json_t *o = referral_json(r, f);

	if (o == NULL)
		reply_status(r, URA_EINTERNAL);
	else
		reply_json(r, status, o);
}

static enum ura_status
audit_referral(struct db *db, struct request *r, const char *action, const struct referral_row *f,
	       const char *fields)
{
	return api_audit_case(db, r, action, "referral", f ? f->id : 0, f ? f->case_id : 0,
			      fields);
}

/* ---- create ---- */

struct referral_create {
	struct request *r;
	int64_t case_id, to_institution_id;
	const char *service, *urgency, *reason, *basis, *justification, *share_text;
	const char *disclose_reason; /* a reason to share a confidential address, or NULL */
	category_set share;
	struct referral_row saved;
};

static bool
read_create(struct request *r, struct referral_create *c)
{
	static const char *const allowed[] = { "to_institution_id", "service", "urgency", "reason",
		"share", "basis", "justification", "disclose_address_reason", NULL };
	struct in_obj body = input_root(r);
	json_t *item;
	size_t i;

	c->to_institution_id = input_id(r, "to_institution_id", IN_REQUIRED);
	c->service = input_enum(r, "service", IN_REQUIRED, service_kinds);
	c->urgency = input_enum(r, "urgency", IN_REQUIRED, urgency_names);
	c->reason = input_string(r, "reason", IN_REQUIRED, 1, LIMIT_REASON_CHARS);
	/* "share" may be empty, but must be given; a list of distinct categories. */
	if (!input_present(r, "share"))
		in_error(&body, "share", MSG_REQUIRED, false);
	else if (in_vocabulary_list(&body, "share", IN_OPTIONAL, category_vocabulary) != NULL)
		json_array_foreach(json_object_get(r->json, "share"), i, item)
			c->share |= 1u << category_parse(json_string_value(item));
	c->basis = input_enum(r, "basis", IN_OPTIONAL, referral_bases);
	c->justification = input_string(r, "justification", IN_OPTIONAL, 1, LIMIT_REASON_CHARS);
	c->disclose_reason = input_string(r, "disclose_address_reason", IN_OPTIONAL, 1,
					  LIMIT_REASON_CHARS);
	if (!input_done(r, allowed))
		return false;
	if (c->basis == NULL)
		c->basis = "consent";
	return true;
}

/* The recipient must exist, not be the owner, offer the service, and the protocol must allow
 * what is shared. */
static enum ura_status
check_referral(struct db *db, struct referral_create *c, const struct case_facts *f)
{
	struct request *r = c->r;
	struct institution_offer to = { 0 };
	const char *field = NULL;
	enum ura_status st = store_institution_offer(db, &r->arena, c->to_institution_id, &to);

	if (st == URA_ENOTFOUND || c->to_institution_id == f->row.owner_institution_id) {
		field_errors_add(&r->errors, "to_institution_id", MSG_NO_SUCH_OBJECT);
		return URA_EUNPROCESSABLE;
	}
	if (st != URA_OK)
		return st;
	if (!referral_service_offered(to.services, c->service)) {
		field_errors_add(&r->errors, "service", MSG_SERVICE_NOT_OFFERED);
		return URA_EUNPROCESSABLE;
	}
	st = policy_referral_allowed(&f->pc, c->to_institution_id, to.type, c->share,
				     strcmp(c->basis, "emergency") == 0, c->justification != NULL,
				     &field);
	if (st == URA_OK)
		return URA_OK;
	field_errors_add(&r->errors, field ? field : "share",
			 field && strcmp(field, "justification") == 0 ? MSG_REQUIRED
			 : field && strcmp(field, "basis") == 0 ? MSG_EMERGENCY_NOT_ALLOWED
								: MSG_NOT_CONSENTED);
	return URA_EUNPROCESSABLE;
}

/* The audit's fields of a new referral: the shared categories, and "justification" when it
 * shares on an emergency basis (without consent), so that the auditor finds each one. */
static const char *
create_fields(struct request *r, const struct referral_create *c)
{
	size_t len = strlen(c->share_text);

	if (strcmp(c->basis, "emergency") != 0 || len < 2)
		return c->share_text;
	return arena_printf(&r->arena, "%.*s%s\"justification\"]", (int)(len - 1), c->share_text,
			    len > 2 ? "," : "");
}

/* The audit's detail of a new referral: on what basis it shares, what, for which service and
 * how urgently; codes only (the justification stays sealed in the referral, where the audit
 * list opens it for the auditor). */
static const char *
create_detail(struct request *r, const struct referral_create *c)
{
	return arena_printf(&r->arena, "{\"basis\":\"%s\",\"share\":%s,\"service\":\"%s\","
			    "\"urgency\":\"%s\"}", c->basis, c->share_text, c->service,
			    c->urgency);
}

static enum ura_status
create_fn(struct db *db, void *ctx)
{
	struct referral_create *c = ctx;
	struct request *r = c->r;
	struct case_facts f;
	struct policy_decision d;
	struct referral_row row;
	const struct keys *k;
	int64_t now = clock_now();
	int urgency = urgency_parse(c->urgency);
	enum ura_status st = case_facts_load(r, db, c->case_id, &f);

	if (st != URA_OK)
		return st;
	d = case_facts_decide(r, &f);
	if (d.access == ACCESS_NONE || d.access == ACCESS_PACKET)
		return URA_ENOTFOUND; /* as GET /cases/{id}: a sent referral does not show the case */
	if (!(case_facts_permissions(r, &f, &d, false) & (1u << PERM_REFER)))
		return URA_EFORBIDDEN;
	/* A closed case is a record: nobody is referred on it any more. */
	if (strcmp(f.row.status, "closed") == 0) {
		field_errors_add(&r->errors, "status", MSG_CASE_CLOSED);
		return URA_ECONFLICT;
	}
	if ((st = check_referral(db, c, &f)) != URA_OK)
		return st;
	row = (struct referral_row){ .case_id = c->case_id,
		.from_institution_id = f.row.owner_institution_id,
		.to_institution_id = c->to_institution_id, .service = c->service,
		.urgency = c->urgency, .share = c->share_text, .basis = c->basis,
		.respond_by = referral_respond_by((enum urgency)urgency, now, NULL),
		.created_by = r->caller.user.id, .created_at = now,
		.address_disclosed = c->disclose_reason != NULL };
	if ((st = store_referral_insert(db, &row, &row.id)) != URA_OK)
		return st;
	k = case_row_keys(r, &f.row);
	row.reason = seal(r, k, "reason", row.id, c->reason);
	row.justification = seal(r, k, "justification", row.id, c->justification);
	row.address_reason = seal(r, k, "address_reason", row.id, c->disclose_reason);
	if ((st = store_referral_set_texts(db, &row)) != URA_OK ||
	    (st = api_audit_case_detail(db, r, "referral.create", "referral", row.id, row.case_id,
					create_fields(r, c), create_detail(r, c))) != URA_OK ||
	    (st = notify_referral(db, r, row.to_institution_id, "referral_received", &row)))
		return st;
	/* A disclosed confidential address is an event of its own in the log. */
	if (c->disclose_reason != NULL &&
	    (st = audit_referral(db, r, "referral.disclose_address", &row,
				 "[\"survivor.address\"]")) != URA_OK)
		return st;
	return store_referral_get(db, &r->arena, row.id, &c->saved);
}

void
handle_referral_create(struct request *r)
{
	struct referral_create c = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &c.case_id) || !read_create(r, &c))
		return;
	c.share_text = category_set_text(&r->arena, c.share);
	st = store_write(r->app->store, create_fn, &c);
	if (st == URA_ECONFLICT && r->errors.count > 0)
		reply_problem(r, 409, r->errors.items[0].message);
	else if (st != URA_OK)
		reply_status(r, st);
	else
		reply_referral(r, 201, &c.saved);
}

/* ---- read ---- */

/* The sending and receiving institutions see a referral; nobody else learns it exists. */
static bool
party_to(const struct user *u, const struct referral_row *f)
{
	if (u->role == ROLE_ADMIN || u->role == ROLE_NATIONAL || u->role == ROLE_AUDITOR ||
	    u->institution_id <= 0)
		return false;
	return u->institution_id == f->from_institution_id ||
	       u->institution_id == f->to_institution_id;
}

void
handle_referral_get(struct request *r)
{
	struct referral_row f;
	struct db *db;
	int64_t id;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || (db = api_reader(r)) == NULL)
		return;
	st = store_referral_get(db, &r->arena, id, &f);
	if (st == URA_OK && !party_to(&r->caller.user, &f))
		st = URA_ENOTFOUND;
	if (st == URA_OK)
		st = api_audit_read(r, "referral.read", "referral", f.id, f.case_id, NULL);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_referral(r, 200, &f);
}

/* GET /cases/{id}/referrals: the case's referrals its reader's institution sent or received
 * (everyone who sees the case; the list shows only its own institution's packets). */
static enum ura_status
case_referral_items(struct db *db, struct request *r, struct case_list_page *p, json_t *list,
		    bool *ok)
{
	const struct case_facts *f = p->facts;
	int64_t inst = r->caller.user.institution_id, shown = 0;

	(void)db;
	for (int i = 0; i < f->nreferrals && *ok; i++) {
		const struct referral_row *x = &f->referrals[i];
		json_t *o;

		if (inst <= 0 || x->id <= p->after ||
		    (x->from_institution_id != inst && x->to_institution_id != inst))
			continue;
		if ((int)json_array_size(list) == p->limit) { /* one more: there is a next page */
			p->next = shown;
			break;
		}
		if ((o = referral_json(r, x)) == NULL)
			*ok = false;
		else
			json_array_append_new(list, o);
		shown = x->id;
	}
	return URA_OK;
}

void
handle_case_referrals_list(struct request *r)
{
	static const struct case_list_read op = { "referral.list", -1, case_referral_items };

	case_list_read_perform(r, &op);
}

static bool
read_list_filter(struct request *r, struct referral_filter *f)
{
	const char *box = req_query(r, "box"), *status = req_query(r, "status");

	static const char *const boxes[] = { "incoming", "outgoing", NULL };

	if (box != NULL && !vocabulary_has(boxes, box)) {
		reply_field_choice(r, 400, "box", boxes);
		return false;
	}
	f->incoming = box == NULL || strcmp(box, "incoming") == 0;
	if (status != NULL && *status != '\0' && referral_status_parse(status) < 0) {
		reply_field_choice(r, 400, "status", referral_status_names);
		return false;
	}
	f->status = status != NULL && *status != '\0' ? status : NULL;
	return req_page(r, &f->limit, &f->before);
}

void
handle_referrals_list(struct request *r)
{
	struct referral_filter f = { .institution_id = r->caller.user.institution_id };
	struct referral_row *rows;
	struct db *db;
	json_t *items;
	int n;
	enum ura_status st;

	if (!user_is_staff(&r->caller.user) && r->caller.user.role != ROLE_COORDINATOR) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (!read_list_filter(r, &f) || (db = api_reader(r)) == NULL)
		return;
	f.limit++; /* one more than asked tells whether there is a next page */
	st = store_referral_list(db, &r->arena, &f, &rows, &n);
	if (st == URA_OK)
		st = api_audit_read(r, "referral.list", "referral", 0, 0, NULL);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	f.limit--;
	items = json_array();
	for (int i = 0; i < n && i < f.limit; i++) {
		json_t *o = referral_json(r, &rows[i]);
		if (o == NULL) {
			json_decref(items);
			reply_status(r, URA_EINTERNAL);
			return;
		}
		json_array_append_new(items, o);
	}
	reply_list(r, items, n > f.limit ? rows[f.limit - 1].id : 0);
}

/* ---- transitions ---- */

struct referral_move {
	struct request *r;
	const struct referral_step *step;
	int64_t id;
	const char *text; /* the reason or the outcome */
	struct referral_row saved;
};

static enum ura_status
move_fn(struct db *db, void *ctx)
{
	struct referral_move *m = ctx;
	struct request *r = m->r;
	struct referral_row f;
	const struct keys *k;
	enum referral_status to;
	int from;
	struct blob text;
	enum ura_status st = store_referral_get(db, &r->arena, m->id, &f);

	if (st != URA_OK)
		return st;
	if (!party_to(&r->caller.user, &f))
		return URA_ENOTFOUND;
	if (!user_is_staff(&r->caller.user) || (from = referral_status_parse(f.status)) < 0)
		return URA_EFORBIDDEN;
	st = referral_transition((enum referral_status)from, m->step->action,
				 r->caller.user.institution_id == f.from_institution_id,
				 r->caller.user.institution_id == f.to_institution_id, &to);
	if (st != URA_OK)
		return st;
	/* An anonymised case's referrals are records of counts: nothing is written on them. */
	if ((k = case_keys_of(r, f.case_id, &f.case_key)) == NULL) {
		field_errors_add(&r->errors, "status", MSG_CASE_ANONYMISED);
		return URA_ECONFLICT;
	}
	text = seal(r, k, m->step->outcome_allowed ? "outcome" : "answer", f.id, m->text);
	st = store_referral_move(db, f.id, f.status, referral_status_name(to),
				 m->step->outcome_allowed ? NULL : &text,
				 m->step->outcome_allowed ? &text : NULL, clock_now());
	if (st == URA_OK)
		st = audit_referral(db, r, m->step->audit_action, &f, NULL);
	/* The sender hears whether its referral was taken. */
	if (st == URA_OK && (to == REFERRAL_ACCEPTED || to == REFERRAL_DECLINED))
		st = notify_referral(db, r, f.from_institution_id, to == REFERRAL_ACCEPTED
				     ? "referral_accepted" : "referral_declined", &f);
	return st == URA_OK ? store_referral_get(db, &r->arena, f.id, &m->saved) : st;
}

void
handle_referral_step(struct request *r)
{
	static const char *const with_reason[] = { "reason", NULL };
	static const char *const with_outcome[] = { "outcome", NULL };
	static const char *const nothing[] = { NULL };
	struct referral_move m = { .r = r, .step = r->route->arg };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &m.id))
		return;
	if (m.step->reason_required)
		m.text = input_string(r, "reason", IN_REQUIRED, 1, LIMIT_REASON_CHARS);
	else if (m.step->outcome_allowed)
		m.text = input_string(r, "outcome", IN_OPTIONAL, 1, LIMIT_REASON_CHARS);
	if (!input_done(r, m.step->reason_required ? with_reason
			   : m.step->outcome_allowed ? with_outcome : nothing))
		return;
	st = store_write(r->app->store, move_fn, &m);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_referral(r, 200, &m.saved);
}
