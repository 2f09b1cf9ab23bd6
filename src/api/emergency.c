/*
 * Break glass: POST /cases/{id}/emergency-access. A caseworker or manager of a member
 * institution of the case's mechanism opens the case for 24 hours with a justification
 * (domain/policy decides who may, and what the grant lets them read). The owner institution
 * and the mechanism's coordinator are told at once, and every read under the grant is
 * audited as such.
 */
#include "api/emergency.h"

#include "api/app.h"
#include "api/input.h"
#include "api/sealed.h"
#include "core/clock.h"

#define GRANT_SECONDS (24 * 3600)

struct grant_add {
	struct request *r;
	int64_t case_id;
	const char *justification;
	struct grant_row row;
};

static enum ura_status
tell_owner_and_coordinator(struct db *db, struct grant_add *g, const struct case_facts *f)
{
	struct notification n = { .kind = "emergency_access", .case_id = g->case_id,
		.object_type = "emergency_grant", .object_id = g->row.id,
		.institution_id = g->row.institution_id,
		.dedupe = arena_printf(&g->r->arena, "emergency_access:%lld", (long long)g->row.id) };
	enum ura_status st = store_notify_institution(db, f->row.owner_institution_id, &n,
						      g->row.created_at);

	return st != URA_OK ? st : store_notify_user(db, f->row.mechanism_coordinator_id, &n,
						     g->row.created_at);
}

static enum ura_status
grant_fn(struct db *db, void *ctx)
{
	struct grant_add *g = ctx;
	struct request *r = g->r;
	struct case_facts f;
	struct policy_decision d;
	enum ura_status st = case_facts_load(r, db, g->case_id, &f);

	if (st != URA_OK)
		return st;
	if (!case_facts_may_break_glass(r, &f)) {
		d = case_facts_decide(r, &f);
		return d.access == ACCESS_NONE || d.access == ACCESS_PACKET ? URA_ENOTFOUND
									    : URA_EFORBIDDEN;
	}
	g->row = (struct grant_row){ .case_id = g->case_id,
		.institution_id = r->caller.user.institution_id, .user_id = r->caller.user.id,
		.created_at = clock_now() };
	g->row.expires_at = g->row.created_at + GRANT_SECONDS;
	if ((st = store_grant_insert(db, &g->row, &g->row.id)) != URA_OK ||
	    (st = sealed_store(db, r, SEALED_GRANT_JUSTIFICATION, g->row.id,
			       g->justification)) != URA_OK ||
	    (st = tell_owner_and_coordinator(db, g, &f)) != URA_OK)
		return st;
	return api_audit_case(db, r, "case.emergency_access", "emergency_grant", g->row.id,
			      g->case_id, "[\"justification\"]");
}

static json_t *
grant_json(const struct grant_row *g)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}", "id", (json_int_t)g->id,
			 "case_id", (json_int_t)g->case_id,
			 "institution_id", (json_int_t)g->institution_id,
			 "user_id", (json_int_t)g->user_id, "created_at", json_time(g->created_at),
			 "expires_at", json_time(g->expires_at));
}

void
handle_case_emergency_access(struct request *r)
{
	static const char *const allowed[] = { "justification", NULL };
	struct grant_add g = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &g.case_id))
		return;
	g.justification = input_string(r, "justification", IN_REQUIRED, 10, LIMIT_REASON_CHARS);
	if (!input_done(r, allowed))
		return;
	if ((st = store_write(r->app->store, grant_fn, &g)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	reply_json(r, 201, grant_json(&g.row));
}

json_t *
emergency_grants_json(struct request *r, const struct case_facts *f)
{
	json_t *list = json_array();
	bool ok = true;

	for (int i = 0; i < f->ngrants; i++) {
		const struct grant_row *g = &f->grants[i];
		json_t *item = grant_json(g);
		json_object_set_new(item, "justification",
				    sealed_open(r, SEALED_GRANT_JUSTIFICATION, g->id,
						&g->justification, &ok));
		json_array_append_new(list, item);
	}
	if (!ok) {
		json_decref(list);
		return NULL;
	}
	return list;
}
