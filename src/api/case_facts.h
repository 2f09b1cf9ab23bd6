/*
 * Everything the information-sharing protocol needs to decide about one case, loaded in one
 * round (the case, its referrals, its consents, the caller's institution type) and turned into
 * domain/policy's structures. Case reads and referral writes both decide through here.
 */
#ifndef URA_API_CASE_FACTS_H
#define URA_API_CASE_FACTS_H

#include "domain/caseload.h"
#include "domain/policy.h"
#include "http/request.h"
#include "store/store.h"

struct case_facts {
	struct case_row row;
	struct referral_row *referrals;
	int nreferrals;
	struct consent_row *consents;
	int nconsents;
	struct incident_row *incidents; /* loaded only where an answer shows them */
	int nincidents;
	struct grant_row *grants; /* break glass, newest first */
	int ngrants;
	const char *viewer_type; /* the caller's institution type, NULL without one */
	bool viewer_is_member;   /* the caller's institution is in the case's mechanism */
	struct policy_case pc;   /* points into the arrays above (request arena) */
};

/* Loads the facts on `db` (a reader, or the writer inside a transaction). */
enum ura_status case_facts_load(struct request *r, struct db *db, int64_t case_id,
				struct case_facts *f);
/* What the caller may do with the case, now. */
struct policy_decision case_facts_decide(const struct request *r, const struct case_facts *f);
/* Whether the survivor's address may be shown: always unless marked confidential, then only
 * as domain/policy allows (the owner, or a referral that discloses it with a reason). */
bool case_facts_address_readable(const struct request *r, const struct case_facts *f,
				 const struct policy_decision *d);
/* Whether the caller may open the case by break glass (domain/policy). */
bool case_facts_may_break_glass(const struct request *r, const struct case_facts *f);
/* The writes the caller may make now (domain/caseload). */
permission_set case_facts_permissions(const struct request *r, const struct case_facts *f,
				      const struct policy_decision *d, bool closed);
/* What the case document says of the caller's own position: {"access": owner | referral |
 * emergency | summary, "emergency_expires_at": the grant's end or null, "permissions":[…]}. */
json_t *case_facts_access_json(const struct request *r, const struct case_facts *f,
			       const struct policy_decision *d);
/* The most matches a look-up returns (duplicates, perpetrator links, repeat checks). */
#define CASE_MATCHES_MAX 50
/* The cases matching a blind index (store_cases_matching) that the caller may count: those
 * domain/policy's jurisdiction rule lets through, in the store's order. */
enum ura_status case_matches(struct request *r, struct db *db, const struct case_match_query *q,
			     struct case_match **out, int *n);
/* A JSON array of category names as a set; unknown names are ignored. */
category_set category_set_parse(const char *json_text);

#endif
