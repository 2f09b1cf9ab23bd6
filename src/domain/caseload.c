/* What a reader may do with a case, and who may work on it (see the header's rules). */
#include "domain/caseload.h"

#include <stddef.h>

const char *const case_permission_names[] = {
	[PERM_UPDATE] = "update",     [PERM_ASSIGN] = "assign",     [PERM_CLOSE] = "close",
	[PERM_INCIDENT] = "incident", [PERM_NOTE] = "note",         [PERM_CONSENT] = "consent",
	[PERM_ASSESS] = "assess",     [PERM_ORDER] = "order",       [PERM_ACTION] = "action",
	[PERM_REFER] = "refer",       [PERM_TRANSFER] = "transfer",
	[PERM_EMERGENCY_ACCESS] = "emergency_access", [PERM_COUNT] = NULL,
};

enum { BASIS_OWNER, BASIS_REFERRAL, BASIS_EMERGENCY, BASIS_SUMMARY };
const char *const case_access_bases[] = {
	[BASIS_OWNER] = "owner", [BASIS_REFERRAL] = "referral", [BASIS_EMERGENCY] = "emergency",
	[BASIS_SUMMARY] = "summary", NULL,
};

#define BIT(p) (1u << (p))
/* What the owner's staff may do; all but consent end when the case is closed. */
#define OWNER_WRITES                                                                        \
	(BIT(PERM_UPDATE) | BIT(PERM_ASSIGN) | BIT(PERM_CLOSE) | BIT(PERM_INCIDENT) |        \
	 BIT(PERM_CONSENT) | BIT(PERM_ASSESS) | BIT(PERM_ORDER) | BIT(PERM_ACTION) |          \
	 BIT(PERM_REFER) | BIT(PERM_TRANSFER))
#define AFTER_CLOSING (BIT(PERM_CONSENT) | BIT(PERM_EMERGENCY_ACCESS))

static bool
is_mechanism_coordinator(const struct user *u, const struct policy_case *c)
{
	return u->role == ROLE_COORDINATOR && c->mechanism_coordinator_id != 0 &&
	       u->id == c->mechanism_coordinator_id;
}

permission_set
caseload_permissions(const struct policy_viewer *v, const struct policy_case *c,
		     const struct policy_decision *d, bool closed)
{
	const struct user *u = v->user;
	permission_set p = 0;

	if (u == NULL || !u->active || d->access == ACCESS_NONE || d->access == ACCESS_PACKET)
		return 0;
	if (d->access == ACCESS_OWNER)
		p |= OWNER_WRITES;
	if (is_mechanism_coordinator(u, c))
		p |= BIT(PERM_ASSESS);
	if (user_is_staff(u) && !d->break_glass && d->access >= ACCESS_READ)
		p |= BIT(PERM_NOTE);
	if (policy_may_break_glass(v, c))
		p |= BIT(PERM_EMERGENCY_ACCESS);
	return closed ? p & AFTER_CLOSING : p;
}

const char *
caseload_access_basis(const struct policy_viewer *v, const struct policy_case *c,
		      const struct policy_decision *d)
{
	switch (d->access) {
	case ACCESS_OWNER:
		return case_access_bases[BASIS_OWNER];
	case ACCESS_SUMMARY:
		return case_access_bases[BASIS_SUMMARY];
	case ACCESS_READ:
		if (d->break_glass)
			return case_access_bases[BASIS_EMERGENCY];
		/* A coordinator whose own institution owns the case reads it as the owner does,
		 * without writing: the basis is still ownership. */
		return case_access_bases[v->user->institution_id != 0 &&
					 v->user->institution_id == c->owner_institution_id
					 ? BASIS_OWNER : BASIS_REFERRAL];
	default:
		return NULL;
	}
}

int64_t
caseload_grant_expires_at(const struct policy_case *c, int64_t institution_id, int64_t now)
{
	int64_t latest = 0;

	for (int i = 0; i < c->ngrants; i++)
		if (c->grants[i].institution_id == institution_id && now < c->grants[i].expires_at &&
		    c->grants[i].expires_at > latest)
			latest = c->grants[i].expires_at;
	return latest;
}

bool
caseload_assignable(const struct user *u, int64_t owner_institution_id)
{
	return u != NULL && u->active && user_is_staff_of(u, owner_institution_id);
}

enum ura_status
caseload_assignment_check(const struct user *caller, int64_t owner_institution_id,
			  int64_t current, const struct user *assignee)
{
	if (!caseload_assignable(caller, owner_institution_id))
		return URA_EFORBIDDEN;
	/* A caseworker takes a case that is nobody's, or lets go of their own: a colleague's
	 * case changes hands through a manager. */
	if (caller->role == ROLE_CASEWORKER &&
	    ((assignee != NULL && assignee->id != caller->id) ||
	     (current != 0 && current != caller->id)))
		return URA_EFORBIDDEN;
	if (assignee != NULL && !caseload_assignable(assignee, owner_institution_id))
		return URA_EUNPROCESSABLE;
	return URA_OK;
}
