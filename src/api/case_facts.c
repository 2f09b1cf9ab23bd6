/* Stored rows to the protocol's facts. */
#include "api/case_facts.h"

#include "api/case_keys.h"

#include <string.h>

#include "core/clock.h"
#include "domain/referral.h"

category_set
category_set_parse(const char *json_text)
{
	json_t *list = json_text ? json_loads(json_text, 0, NULL) : NULL, *item;
	category_set set = 0;
	size_t i;

	json_array_foreach(list, i, item) {
		int c = json_is_string(item) ? category_parse(json_string_value(item)) : -1;
		if (c >= 0)
			set |= 1u << c;
	}
	json_decref(list);
	return set;
}

enum ura_status
case_matches(struct request *r, struct db *db, const struct case_match_query *q,
	     struct case_match **out, int *n)
{
	enum ura_status st = store_cases_matching(db, &r->arena, q, out, n);
	int kept = 0;

	for (int i = 0; st == URA_OK && i < *n; i++) {
		const struct case_match *m = &(*out)[i];
		struct policy_match pm = { .visible = m->visible, .country = m->country,
					   .own_country = m->own_country,
					   .shares = m->cross_border,
					   .own_shares = m->own_cross_border };
		if (policy_match_counts(&pm))
			(*out)[kept++] = *m;
	}
	*n = st == URA_OK ? kept : 0;
	return st;
}

/* One policy consent per institution type and per institution id a consent record names. */
static void
expand_consents(struct request *r, struct case_facts *f)
{
	struct policy_consent *out;
	int n = 0, cap = 0;

	for (int i = 0; i < f->nconsents; i++) {
		json_t *t = json_loads(f->consents[i].institution_types, 0, NULL);
		json_t *d = json_loads(f->consents[i].institution_ids, 0, NULL);
		cap += (int)(json_array_size(t) + json_array_size(d));
		json_decref(t);
		json_decref(d);
	}
	out = arena_alloc(&r->arena, sizeof(*out) * (size_t)(cap > 0 ? cap : 1));
	for (int i = 0; i < f->nconsents; i++) {
		const struct consent_row *c = &f->consents[i];
		struct policy_consent base = { .given = c->given && c->withdrawn_at == 0,
					       .categories = category_set_parse(c->categories) };
		json_t *types = json_loads(c->institution_types, 0, NULL), *item;
		json_t *ids = json_loads(c->institution_ids, 0, NULL);
		size_t k;

		json_array_foreach(types, k, item) {
			out[n] = base;
			out[n++].institution_type = arena_strdup(&r->arena, json_string_value(item));
		}
		json_array_foreach(ids, k, item) {
			out[n] = base;
			out[n++].institution_id = json_integer_value(item);
		}
		json_decref(types);
		json_decref(ids);
	}
	f->pc.consents = out;
	f->pc.nconsents = n;
}

static void
convert_grants(struct request *r, struct case_facts *f)
{
	struct policy_grant *out = arena_alloc(&r->arena, sizeof(*out) *
					       (size_t)(f->ngrants > 0 ? f->ngrants : 1));

	for (int i = 0; i < f->ngrants; i++)
		out[i] = (struct policy_grant){ .institution_id = f->grants[i].institution_id,
						.expires_at = f->grants[i].expires_at };
	f->pc.grants = out;
	f->pc.ngrants = f->ngrants;
}

/* The caller's institution type and membership of the case's mechanism. */
static enum ura_status
load_viewer(struct request *r, struct db *db, struct case_facts *f)
{
	int64_t inst = r->caller.user.institution_id;
	enum ura_status st;

	if (inst <= 0)
		return URA_OK;
	st = store_viewer_facts(db, &r->arena, inst, f->row.mechanism_id, &f->viewer_type,
				&f->viewer_is_member);
	return st == URA_ENOTFOUND ? URA_OK : st;
}

static void
convert_referrals(struct request *r, struct case_facts *f)
{
	struct policy_referral *out = arena_alloc(&r->arena, sizeof(*out) *
						  (size_t)(f->nreferrals > 0 ? f->nreferrals : 1));

	for (int i = 0; i < f->nreferrals; i++) {
		const struct referral_row *x = &f->referrals[i];
		int status = referral_status_parse(x->status);
		out[i] = (struct policy_referral){
			.from_institution_id = x->from_institution_id,
			.to_institution_id = x->to_institution_id,
			/* An unreadable status gives nothing: treat it as cancelled. */
			.status = status >= 0 ? (enum referral_status)status : REFERRAL_CANCELLED,
			.shared = category_set_parse(x->share),
			.emergency_basis = x->basis != NULL && strcmp(x->basis, "emergency") == 0,
			.discloses_address = x->address_disclosed,
		};
	}
	f->pc.referrals = out;
	f->pc.nreferrals = f->nreferrals;
}

enum ura_status
case_facts_load(struct request *r, struct db *db, int64_t case_id, struct case_facts *f)
{
	enum ura_status st;

	memset(f, 0, sizeof(*f));
	if ((st = store_case_get(db, &r->arena, case_id, &f->row)) != URA_OK ||
	    (st = store_case_referrals(db, &r->arena, case_id, &f->referrals,
				       &f->nreferrals)) != URA_OK ||
	    (st = store_case_consents(db, &r->arena, case_id, &f->consents, &f->nconsents)) ||
	    (st = store_case_grants(db, &r->arena, case_id, &f->grants, &f->ngrants)) ||
	    (st = load_viewer(r, db, f)) != URA_OK)
		return st;
	f->pc = (struct policy_case){
		.owner_institution_id = f->row.owner_institution_id,
		.mechanism_id = f->row.mechanism_id,
		.mechanism_coordinator_id = f->row.mechanism_coordinator_id,
		.risk = risk_level_parse(f->row.risk_level),
		.imminent_danger = f->row.imminent_danger,
	};
	expand_consents(r, f);
	convert_referrals(r, f);
	convert_grants(r, f);
	/* The case's key is opened for the request: its texts are read and written with it
	 * (case_keys_known). Erased (NULL) for an anonymised case. */
	case_row_keys(r, &f->row);
	return URA_OK;
}

/* The caller as domain/policy sees it. */
static struct policy_viewer
viewer_of(const struct request *r, const struct case_facts *f)
{
	return (struct policy_viewer){ .user = &r->caller.user, .institution_type = f->viewer_type,
				       .institution_is_member = f->viewer_is_member };
}

struct policy_decision
case_facts_decide(const struct request *r, const struct case_facts *f)
{
	struct policy_viewer v = viewer_of(r, f);

	return policy_case_access(&v, &f->pc, clock_now());
}

bool
case_facts_address_readable(const struct request *r, const struct case_facts *f,
			    const struct policy_decision *d)
{
	struct policy_viewer v = viewer_of(r, f);

	return !f->row.address_confidential || policy_confidential_address_readable(&v, &f->pc, d);
}

bool
case_facts_may_break_glass(const struct request *r, const struct case_facts *f)
{
	struct policy_viewer v = viewer_of(r, f);

	return policy_may_break_glass(&v, &f->pc);
}

permission_set
case_facts_permissions(const struct request *r, const struct case_facts *f,
		       const struct policy_decision *d, bool closed)
{
	struct policy_viewer v = viewer_of(r, f);

	return caseload_permissions(&v, &f->pc, d, closed);
}

json_t *
case_facts_access_json(const struct request *r, const struct case_facts *f,
		       const struct policy_decision *d)
{
	struct policy_viewer v = viewer_of(r, f);
	const char *basis = caseload_access_basis(&v, &f->pc, d);
	permission_set p = caseload_permissions(&v, &f->pc, d,
						strcmp(f->row.status, "closed") == 0);
	int64_t expires = d->break_glass ? caseload_grant_expires_at(
		&f->pc, r->caller.user.institution_id, clock_now()) : 0;
	json_t *names = json_array();

	for (int i = 0; i < PERM_COUNT; i++)
		if (p & (1u << i))
			json_array_append_new(names, json_string(case_permission_names[i]));
	return json_pack("{s:s?, s:o, s:o}", "access", basis, "emergency_expires_at",
			 json_time(expires), "permissions", names);
}
