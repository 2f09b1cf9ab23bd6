/*
 * Break glass: POST /cases/{id}/emergency-access, or POST /emergency-access with the case's
 * reference (read from a paper or heard on the phone at a police post). A caseworker or
 * manager of a member institution of the case's mechanism opens the case for 24 hours with a
 * justification (domain/policy decides who may, and what the grant lets them read). The owner
 * institution and the mechanism's coordinator are told at once, and every read under the
 * grant is audited as such. One user may open at most `break_glass_per_hour` in an hour: past
 * it the answer is 429 with Retry-After, the refusal is audited
 * (case.emergency_access_refused), and the owner institution's managers and the auditors are
 * told at once.
 */
#include "api/emergency.h"

#include <ctype.h>

#include "api/app.h"
#include "http/limits.h"
#include "api/input.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "domain/accounts.h"

#define GRANT_SECONDS (24 * 3600)

struct grant_add {
	struct request *r;
	int64_t case_id;
	const char *reference;   /* by reference: the case is looked up in the transaction */
	const char *justification;
	struct grant_row row;
	int retry_after; /* refused: seconds until the user may again */
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

/* The limit's refusal, committed (not rolled back with the grant that is not made): the
 * audit entry, and the owner's managers and the auditors told once per user and episode. */
static enum ura_status
refuse(struct db *db, struct grant_add *g, const struct case_facts *f, int64_t oldest)
{
	struct request *r = g->r;
	int64_t now = clock_now();
	struct notification n = { .kind = "emergency_access_refused", .case_id = g->case_id,
		.object_type = "case", .object_id = g->case_id,
		.institution_id = r->caller.user.institution_id,
		.dedupe = arena_printf(&r->arena, "emergency_access_refused:%lld:%lld",
				       (long long)r->caller.user.id, (long long)oldest) };
	enum ura_status st = store_notify_role(db, ROLE_MANAGER, f->row.owner_institution_id, 0,
					       &n, now);

	if (st != URA_OK || (st = store_notify_role(db, ROLE_AUDITOR, 0, 0, &n, now)) != URA_OK)
		return st;
	return api_audit_case(db, r, "case.emergency_access_refused", "case", g->case_id,
			      g->case_id, NULL);
}

/* Whether the caller is within the hourly limit; sets g->retry_after when not. */
static enum ura_status
within_limit(struct db *db, struct grant_add *g, int64_t *oldest)
{
	struct request *r = g->r;
	int64_t now = clock_now();
	int count = 0;
	enum ura_status st = store_user_lock(db, r->caller.user.id);

	if (st == URA_OK)
		st = store_user_grants_since(db, r->caller.user.id,
					     now - BREAK_GLASS_WINDOW_SECONDS, &count, oldest);
	if (st == URA_OK)
		g->retry_after = break_glass_retry_after(now, count, *oldest,
							 r->app->config->break_glass_per_hour);
	return st;
}

static enum ura_status
grant_fn(struct db *db, void *ctx)
{
	struct grant_add *g = ctx;
	struct request *r = g->r;
	struct case_facts f;
	struct policy_decision d;
	int64_t oldest = 0;
	enum ura_status st = URA_OK;

	if (g->reference != NULL)
		st = store_case_by_reference(db, g->reference, &g->case_id);
	if (st != URA_OK || (st = case_facts_load(r, db, g->case_id, &f)) != URA_OK)
		return st;
	/* By reference, only a case of a mechanism the caller's institution is in exists. */
	if (g->reference != NULL && !f.viewer_is_member)
		return URA_ENOTFOUND;
	if (!case_facts_may_break_glass(r, &f)) {
		d = case_facts_decide(r, &f);
		return d.access == ACCESS_NONE || d.access == ACCESS_PACKET ? URA_ENOTFOUND
									    : URA_EFORBIDDEN;
	}
	if ((st = within_limit(db, g, &oldest)) != URA_OK)
		return st;
	if (g->retry_after > 0)
		return refuse(db, g, &f, oldest);
	g->row = (struct grant_row){ .case_id = g->case_id,
		.institution_id = r->caller.user.institution_id, .user_id = r->caller.user.id,
		.created_at = clock_now() };
	g->row.expires_at = g->row.created_at + GRANT_SECONDS;
	if ((st = store_grant_insert(db, &g->row, &g->row.id)) != URA_OK ||
	    (st = sealed_store_k(db, r, case_row_keys(r, &f.row), SEALED_GRANT_JUSTIFICATION,
				 g->row.id, g->justification)) != URA_OK ||
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

/* Reads the justification (and the allowed fields), grants, answers. */
static void
grant(struct request *r, struct grant_add *g, const char *const *allowed)
{
	enum ura_status st;

	g->justification = input_string(r, "justification", IN_REQUIRED, 10, LIMIT_REASON_CHARS);
	if (!input_done(r, allowed))
		return;
	if ((st = store_write(r->app->store, grant_fn, g)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	if (g->retry_after > 0) {
		reply_header_add(r, "Retry-After", arena_printf(&r->arena, "%d", g->retry_after));
		reply_problem(r, 429, MSG_BREAK_GLASS_LIMIT);
		return;
	}
	reply_json(r, 201, grant_json(&g->row));
}

void
handle_case_emergency_access(struct request *r)
{
	static const char *const allowed[] = { "justification", NULL };
	struct grant_add g = { .r = r };

	if (req_param_id(r, 0, "id", &g.case_id))
		grant(r, &g, allowed);
}

void
handle_emergency_access_by_reference(struct request *r)
{
	static const char *const allowed[] = { "reference", "justification", NULL };
	struct grant_add g = { .r = r };
	const char *reference = input_string(r, "reference", IN_REQUIRED, 1, LIMIT_REFERENCE_CHARS);
	char *upper;

	/* Read from paper or over the phone: the reference is matched in upper case. */
	if (reference != NULL) {
		g.reference = upper = arena_strdup(&r->arena, reference);
		for (; *upper != '\0'; upper++)
			*upper = (char)toupper((unsigned char)*upper);
	}
	grant(r, &g, allowed);
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
				    sealed_open_k(r, case_row_keys(r, &f->row),
						  SEALED_GRANT_JUSTIFICATION, g->id,
						  &g->justification, &ok));
		json_array_append_new(list, item);
	}
	if (!ok) {
		json_decref(list);
		return NULL;
	}
	return list;
}
