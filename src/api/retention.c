/* Retention's routes: the dry run, its confirmation, legal holds (see retention.h). */
#include "api/retention.h"

#include <string.h>

#include "api/app.h"
#include "api/case_keys.h"
#include "api/input.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "domain/clocks.h"
#include "http/limits.h"
#include "jobs/retention.h"

/* The most case ids one confirmation anonymises (one write each). */
#define RETENTION_APPLY_MAX 100
/* The most candidates one page of the dry run reads before it answers. */
#define RETENTION_SCAN_BUDGET 5000

static json_t *
date_json(int64_t t)
{
	char day[CLOCKS_DATE_LEN];

	clocks_date_format(t, day, sizeof(day));
	return json_string(day);
}

/* ---- the dry run ---- */

struct dry_run_page {
	json_t *items;
	int limit, n;
};

static bool
list_due(void *ctx, const struct retention_row *c, const struct retention_decision *d)
{
	struct dry_run_page *p = ctx;

	json_array_append_new(p->items, json_pack("{s:I, s:s, s:s, s:o, s:s, s:i, s:o, s:b}",
		"case_id", (json_int_t)c->id, "reference", c->reference, "kind", c->kind,
		"closed_on", date_json(c->closed_at), "rule", d->rule, "years", d->years,
		"expires_on", date_json(d->expires_at), "held", d->verdict == RETENTION_HELD));
	return ++p->n < p->limit;
}

void
handle_retention_dry_run(struct request *r)
{
	struct retention_rules rules = retention_rules_of(r->app->config);
	struct dry_run_page p = { .items = json_array() };
	int64_t after, next;
	enum ura_status st;
	json_t *doc;

	if (!retention_may_run(&r->caller.user)) {
		json_decref(p.items);
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (!req_page(r, &p.limit, &after)) {
		json_decref(p.items);
		return;
	}
	st = retention_scan(r->app->store, &rules, clock_now(), after, RETENTION_SCAN_BUDGET,
			    list_due, &p, &next);
	if (st == URA_OK)
		st = api_audit_read(r, "retention.dry_run", "retention", 0, 0, "[]");
	if (st != URA_OK) {
		json_decref(p.items);
		reply_status(r, st);
		return;
	}
	doc = json_pack("{s:o, s:o, s:b}", "items", p.items, "next",
			next ? json_sprintf("%lld", (long long)next) : json_null(),
			"auto_apply", r->app->config->retention_auto_apply);
	reply_json(r, 200, doc);
}

/* ---- the confirmation ---- */

static const char *
skipped_reason(enum retention_verdict v)
{
	switch (v) {
	case RETENTION_HELD: return "held";
	case RETENTION_DONE: return "anonymised";
	default: return "not_due";
	}
}

void
handle_retention_apply(struct request *r)
{
	static const char *const allowed[] = { "case_ids", NULL };
	struct retention_rules rules = retention_rules_of(r->app->config);
	struct retention_actor who = { r->caller.user.id, r->caller.user.institution_id,
				       r->request_id };
	struct in_obj body = input_root(r);
	int64_t ids[RETENTION_APPLY_MAX];
	json_t *done, *skipped;
	int n;

	if (!retention_may_run(&r->caller.user)) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	n = in_id_list(&body, "case_ids", IN_REQUIRED, RETENTION_APPLY_MAX, ids);
	if (n == 0)
		field_errors_add(&r->errors, "case_ids", MSG_TOO_SHORT);
	if (!input_done(r, allowed))
		return;
	done = json_array();
	skipped = json_array();
	for (int i = 0; i < n; i++) {
		enum retention_verdict v;
		enum ura_status st = retention_anonymise(r->app->store, r->app->files, &rules, ids[i], &who, &v);
		if (st == URA_OK && v == RETENTION_DUE)
			json_array_append_new(done, json_integer(ids[i]));
		else if (st == URA_OK || st == URA_ENOTFOUND)
			json_array_append_new(skipped, json_pack("{s:I, s:s}", "case_id",
				(json_int_t)ids[i], "reason", st == URA_OK ? skipped_reason(v)
									   : "not_found"));
		else {
			json_decref(done);
			json_decref(skipped);
			reply_status(r, st);
			return;
		}
	}
	/* No older copy of an overwritten page stays in the write-ahead log. */
	if (json_array_size(done) > 0)
		store_checkpoint(r->app->store);
	reply_json(r, 200, json_pack("{s:o, s:o}", "anonymised", done, "skipped", skipped));
}

/* ---- legal holds ---- */

static json_t *
hold_json(struct request *r, const struct keys *k, const struct hold_row *h, bool *ok)
{
	json_t *o = json_pack("{s:I, s:I, s:o, s:I, s:o, s:o}", "id", (json_int_t)h->id,
		"case_id", (json_int_t)h->case_id,
		"reason", opened_text_k(r, k, "legal_holds", "reason", h->id, &h->reason, ok),
		"placed_by", (json_int_t)h->placed_by, "placed_at", json_time(h->placed_at),
		"lifted_at", json_time(h->lifted_at));

	json_object_set_new(o, "lifted_by", h->lifted_by ? json_integer(h->lifted_by)
							  : json_null());
	return o;
}

/* The case, and whether the caller may hold it: 404 for whom it is hidden, 403 for staff of
 * its owner institution who may not. */
static enum ura_status
hold_case(struct request *r, struct db *db, int64_t case_id, struct case_row *c)
{
	enum ura_status st = store_case_get(db, &r->arena, case_id, c);

	if (st != URA_OK)
		return st;
	if (retention_may_hold(&r->caller.user, c->owner_institution_id))
		return URA_OK;
	return user_is_staff_of(&r->caller.user, c->owner_institution_id) ? URA_EFORBIDDEN
									    : URA_ENOTFOUND;
}

void
handle_legal_hold_get(struct request *r)
{
	struct case_row c;
	struct hold_row *holds = NULL;
	struct db *db;
	int64_t case_id;
	int n = 0;
	bool ok = true, held = false;
	json_t *items;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &case_id) || (db = api_reader(r)) == NULL)
		return;
	if ((st = hold_case(r, db, case_id, &c)) == URA_OK)
		st = store_case_holds(db, &r->arena, case_id, &holds, &n);
	if (st == URA_OK)
		st = api_audit_read(r, "legal_hold.read", "case", case_id, case_id, "[\"reason\"]");
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n; i++) {
		held |= holds[i].lifted_at == 0;
		json_array_append_new(items, hold_json(r, case_row_keys(r, &c), &holds[i], &ok));
	}
	if (!ok) {
		json_decref(items);
		reply_status(r, URA_EINTERNAL);
		return;
	}
	reply_json(r, 200, json_pack("{s:I, s:b, s:o, s:o}", "case_id", (json_int_t)case_id,
				     "held", held, "anonymised_at", json_time(c.anonymised_at),
				     "holds", items));
}

struct hold_write {
	struct request *r;
	int64_t case_id;
	const char *reason;
	bool lift;
	struct hold_row row;
	const struct keys *keys;
};

static enum ura_status
hold_place(struct db *db, struct hold_write *w)
{
	struct request *r = w->r;
	struct blob sealed;
	enum ura_status st;

	w->row = (struct hold_row){ .case_id = w->case_id, .placed_by = r->caller.user.id,
				    .placed_at = clock_now() };
	if ((st = store_hold_insert(db, &w->row, &w->row.id)) == URA_EEXISTS) {
		field_errors_add(&r->errors, "case_id", MSG_HOLD_ACTIVE);
		return URA_ECONFLICT;
	}
	sealed = sealed_text_k(r, w->keys, "legal_holds", "reason", w->row.id, w->reason);
	if (st != URA_OK || (st = store_hold_set_reason(db, w->row.id, &sealed)) != URA_OK)
		return st;
	w->row.reason = sealed;
	return api_audit_case(db, r, "case.legal_hold", "legal_hold", w->row.id, w->case_id,
			      "[\"reason\"]");
}

static enum ura_status
hold_write_fn(struct db *db, void *ctx)
{
	struct hold_write *w = ctx;
	struct request *r = w->r;
	struct case_row c;
	int64_t id;
	enum ura_status st = store_case_lock(db, w->case_id);

	if (st != URA_OK || (st = hold_case(r, db, w->case_id, &c)) != URA_OK)
		return st;
	if ((w->keys = case_row_keys(r, &c)) == NULL) {
		field_errors_add(&r->errors, "status", MSG_CASE_ANONYMISED);
		return URA_ECONFLICT;
	}
	if (!w->lift)
		return hold_place(db, w);
	if ((st = store_hold_lift(db, w->case_id, r->caller.user.id, clock_now(), &id)) ==
	    URA_ENOTFOUND) {
		field_errors_add(&r->errors, "case_id", MSG_HOLD_NONE);
		return URA_ECONFLICT;
	}
	return st != URA_OK ? st : api_audit_case(db, r, "case.legal_hold_lift", "legal_hold",
						  id, w->case_id, NULL);
}

static void
hold_write(struct request *r, bool lift)
{
	static const char *const allowed[] = { "reason", NULL };
	static const char *const nothing[] = { NULL };
	struct hold_write w = { .r = r, .lift = lift };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &w.case_id))
		return;
	if (!lift)
		w.reason = input_string(r, "reason", IN_REQUIRED, 1, LIMIT_REASON_CHARS);
	if (!input_done(r, lift ? nothing : allowed))
		return;
	st = store_write(r->app->store, hold_write_fn, &w);
	if (st == URA_ECONFLICT && r->errors.count > 0)
		reply_problem(r, 409, r->errors.items[0].message);
	else if (st != URA_OK)
		reply_status(r, st);
	else if (lift)
		reply_empty(r, 204);
	else {
		bool ok = true;
		json_t *o = hold_json(r, w.keys, &w.row, &ok);
		reply_json(r, ok ? 201 : 500, o);
	}
}

void
handle_legal_hold_place(struct request *r)
{
	hold_write(r, false);
}

void
handle_legal_hold_lift(struct request *r)
{
	hold_write(r, true);
}
