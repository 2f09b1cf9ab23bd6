/* Governance access and vocabularies. */
#include "domain/governance.h"

#include <stddef.h>

const char *const meeting_kinds[] = { "regular", "ad_hoc", "case_conference", NULL };
const char *const meeting_statuses[] = { "scheduled", "held", "cancelled", NULL };

enum governance_access
governance_access(const struct user *u, int64_t coordinator_user_id, bool institution_is_member)
{
	if (u == NULL || !u->active)
		return GOVERNANCE_NONE;
	if (u->role == ROLE_COORDINATOR)
		return coordinator_user_id == u->id ? GOVERNANCE_MANAGE : GOVERNANCE_NONE;
	if (u->role == ROLE_NATIONAL || u->role == ROLE_ADMIN)
		return GOVERNANCE_READ;
	if (user_is_staff(u) && institution_is_member)
		return GOVERNANCE_MEMBER;
	return GOVERNANCE_NONE;
}

int
quarter_of_month(int month)
{
	return month < 1 || month > 12 ? 0 : (month - 1) / 3 + 1;
}
