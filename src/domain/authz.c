/* Directory and audit permissions. Pure. */
#include "domain/authz.h"

#include <string.h>

bool
authz_directory_read(const struct user *u)
{
	return u->role != ROLE_NONE && u->active;
}

bool
authz_directory_write(const struct user *u, enum directory_resource what)
{
	(void)what; /* every directory resource is the admin's today */
	return u->role == ROLE_ADMIN && u->active;
}

bool
authz_users_read(const struct user *u)
{
	return u->role == ROLE_ADMIN && u->active;
}

bool
authz_members_write(const struct user *u, int64_t mechanism_coordinator_id)
{
	if (!u->active)
		return false;
	return u->role == ROLE_ADMIN ||
	       (u->role == ROLE_COORDINATOR && mechanism_coordinator_id != 0 &&
		u->id == mechanism_coordinator_id);
}

bool
authz_audit_read(const struct user *u)
{
	return u->role == ROLE_AUDITOR && u->active;
}

bool
authz_national_read(const struct user *u)
{
	return (u->role == ROLE_NATIONAL || u->role == ROLE_ADMIN) && u->active;
}

bool
authz_shelter_address_read(const struct user *u, const char *institution_type,
			   int64_t institution_id)
{
	if (strcmp(institution_type, "shelter") != 0)
		return true;
	return u->active && (u->role == ROLE_ADMIN || (u->institution_id != 0 &&
						       u->institution_id == institution_id));
}
