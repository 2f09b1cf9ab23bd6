/*
 * Who may do what outside case data: the directory, users, the audit log. Case data is
 * decided by domain/policy (the information-sharing protocol). Pure.
 */
#ifndef URA_DOMAIN_AUTHZ_H
#define URA_DOMAIN_AUTHZ_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/types.h"

enum directory_resource { DIR_MUNICIPALITY, DIR_INSTITUTION, DIR_MECHANISM, DIR_USER };

/* Reading the directory (not users): any signed-in role. */
bool authz_directory_read(const struct user *u);
/* Creating or changing municipalities, institutions, mechanisms and users: admin only. */
bool authz_directory_write(const struct user *u, enum directory_resource what);
/* Users are listed and read by the admin only. */
bool authz_users_read(const struct user *u);
/* Members of a mechanism: the admin, or that mechanism's own coordinator. */
bool authz_members_write(const struct user *u, int64_t mechanism_coordinator_id);
/*
 * An institution's address: anyone may read it, except a shelter's, which only the admin and
 * the shelter's own staff see (those who flee there must not be found).
 */
bool authz_shelter_address_read(const struct user *u, const char *institution_type,
				int64_t institution_id);
/* The audit log: the auditor only. */
bool authz_audit_read(const struct user *u);
/* The national view of every municipality (anonymised): national and admin users. */
bool authz_national_read(const struct user *u);

#endif
