/*
 * POST /cases/{id}/consents and POST /consents/{id}/withdraw. Consent is the survivor's, and
 * recorded by the owner institution's staff. Withdrawing it ends future access at once: the
 * protocol counts only consents that are given and not withdrawn (domain/policy).
 */
#include "api/consents.h"

#include "api/app.h"
#include "api/case_document.h"
#include "api/case_facts.h"
#include "api/case_input.h"
#include "api/input.h"
#include "core/clock.h"

enum ura_status
consent_check_institutions(struct db *db, struct request *r, const char *ids_json,
			   const char *field)
{
	json_t *list = ids_json ? json_loads(ids_json, 0, NULL) : NULL, *id;
	int64_t ids[LIMIT_CONSENT_INSTITUTIONS];
	bool known[LIMIT_CONSENT_INSTITUTIONS];
	int n = 0;
	size_t i;
	enum ura_status st;

	/* The list was read by api/input (distinct ids, at most the limit). */
	json_array_foreach(list, i, id)
		if (n < LIMIT_CONSENT_INSTITUTIONS)
			ids[n++] = json_integer_value(id);
	json_decref(list);
	st = store_institutions_known(db, &r->arena, ids, n, known);
	for (int k = 0; st == URA_OK && k < n; k++) {
		if (!known[k]) {
			field_errors_add(&r->errors, field, MSG_NO_SUCH_OBJECT);
			return URA_EUNPROCESSABLE;
		}
	}
	return st;
}

/* Only the owner institution's caseworkers and managers record or withdraw consent. */
static enum ura_status
owner_only(struct request *r, struct db *db, int64_t case_id)
{
	struct case_facts f;
	struct policy_decision d;
	enum ura_status st = case_facts_load(r, db, case_id, &f);

	if (st != URA_OK)
		return st;
	d = case_facts_decide(r, &f);
	if (d.access == ACCESS_NONE || d.access == ACCESS_PACKET)
		return URA_ENOTFOUND;
	return d.access == ACCESS_OWNER ? URA_OK : URA_EFORBIDDEN;
}

struct consent_write {
	struct request *r;
	int64_t case_id, consent_id;
	const struct consent_input *in;
	struct consent_row saved;
};

/* The stored record, for the answer. */
static enum ura_status
load_saved(struct db *db, struct consent_write *w)
{
	struct consent_row *rows;
	int n;
	enum ura_status st = store_case_consents(db, &w->r->arena, w->case_id, &rows, &n);

	for (int i = 0; st == URA_OK && i < n; i++)
		if (rows[i].id == w->consent_id) {
			w->saved = rows[i];
			return URA_OK;
		}
	return st == URA_OK ? URA_EINTERNAL : st;
}

static enum ura_status
audit_consent(struct db *db, struct consent_write *w, const char *action, const char *fields)
{
	return api_audit_case(db, w->r, action, "consent", w->consent_id, w->case_id, fields);
}

static enum ura_status
create_fn(struct db *db, void *ctx)
{
	struct consent_write *w = ctx;
	struct consent_row row = { .case_id = w->case_id, .given = w->in->given,
		.method = w->in->method, .institution_types = w->in->institution_types,
		.institution_ids = w->in->institution_ids, .categories = w->in->categories,
		.recorded_at = clock_now() };
	enum ura_status st = owner_only(w->r, db, w->case_id);

	if (st == URA_OK)
		st = consent_check_institutions(db, w->r, w->in->institution_ids,
						"institution_ids");
	if (st == URA_OK)
		st = store_consent_insert(db, &row, w->r->caller.user.id, &w->consent_id);
	if (st == URA_OK) /* the consent records are part of the case document */
		st = store_case_touch(db, w->case_id, false, row.recorded_at);
	if (st == URA_OK)
		st = audit_consent(db, w, "consent.create", row.categories ? row.categories : "[]");
	return st == URA_OK ? load_saved(db, w) : st;
}

void
handle_consent_create(struct request *r)
{
	struct consent_input in;
	struct consent_write w = { .r = r, .in = &in };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &w.case_id) || !consent_input_read(r, &in))
		return;
	st = store_write(r->app->store, create_fn, &w);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 201, consent_json(&w.saved));
}

static enum ura_status
withdraw_fn(struct db *db, void *ctx)
{
	struct consent_write *w = ctx;
	enum ura_status st = store_consent_case(db, w->consent_id, &w->case_id);

	if (st == URA_OK)
		st = owner_only(w->r, db, w->case_id);
	if (st == URA_OK)
		st = store_consent_withdraw(db, w->consent_id, clock_now());
	if (st == URA_OK)
		st = store_case_touch(db, w->case_id, false, clock_now());
	if (st == URA_OK)
		st = audit_consent(db, w, "consent.withdraw", NULL);
	return st == URA_OK ? load_saved(db, w) : st;
}

void
handle_consent_withdraw(struct request *r)
{
	static const char *const nothing[] = { NULL };
	struct consent_write w = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &w.consent_id) || !input_done(r, nothing))
		return;
	st = store_write(r->app->store, withdraw_fn, &w);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 200, consent_json(&w.saved));
}
