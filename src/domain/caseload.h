/*
 * A caseworker's view of one case beyond what it may read (domain/policy): on what basis it
 * reads it, until when a break-glass grant lasts, which writes it may make right now, and who
 * may be assigned to work on it. Pure: every fact arrives in the arguments. The handlers that
 * perform a write ask caseload_permissions too (api/case_op.c), so the list a case page shows
 * and what the server allows cannot disagree.
 *
 * Permissions (a write the caller may make now):
 * - update, assign, close, incident, order, action, transfer, refer: the owner institution's
 *   caseworkers and managers (ACCESS_OWNER), while the case is not closed;
 * - consent: the owner's staff, closed or not (a survivor may still withdraw consent);
 * - assess: the owner's staff, or the coordinator of the case's mechanism (raising or, theirs
 *   alone, lowering a level), while the case is not closed;
 * - note: caseworkers and managers of an institution that reads the case, not through break
 *   glass, while the case is not closed;
 * - emergency_access: who may break the glass (policy_may_break_glass), closed or not.
 *
 * Assignment: the owner's managers assign the case to any active caseworker or manager of the
 * owner institution, or to nobody; its caseworkers assign it to themselves only, while it is
 * nobody's (or already theirs), and let go of it (nobody) only when it is theirs.
 */
#ifndef URA_DOMAIN_CASELOAD_H
#define URA_DOMAIN_CASELOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/policy.h"

enum case_permission {
	PERM_UPDATE, PERM_ASSIGN, PERM_CLOSE, PERM_INCIDENT, PERM_NOTE, PERM_CONSENT, PERM_ASSESS,
	PERM_ORDER, PERM_ACTION, PERM_REFER, PERM_TRANSFER, PERM_EMERGENCY_ACCESS, PERM_COUNT
};
typedef unsigned permission_set; /* bit (1u << case_permission) */

/* "update", "assign", ... by enum case_permission, NULL-terminated. */
extern const char *const case_permission_names[];

/* The writes the viewer may make on the case now; `closed`: the case's status is closed. */
permission_set caseload_permissions(const struct policy_viewer *v, const struct policy_case *c,
				    const struct policy_decision *d, bool closed);

/* "owner", "referral", "emergency", "summary", NULL-terminated. */
extern const char *const case_access_bases[];

/* Why the viewer reads the case: owner (its institution owns it), referral (through an
 * accepted, in-progress or completed referral), emergency (break glass) or summary (the
 * coordinator's view). NULL when it may not see the case at all (ACCESS_NONE, ACCESS_PACKET). */
const char *caseload_access_basis(const struct policy_viewer *v, const struct policy_case *c,
				  const struct policy_decision *d);

/* When the latest unexpired break-glass grant of the institution ends; 0 when it holds none. */
int64_t caseload_grant_expires_at(const struct policy_case *c, int64_t institution_id,
				  int64_t now);

/* Whether `u` may be assigned a case owned by `owner_institution_id`: an active caseworker or
 * manager of that institution. */
bool caseload_assignable(const struct user *u, int64_t owner_institution_id);

/*
 * May `caller` (one of the owner's staff) assign the case, assigned now to `current` (a user
 * id, 0: nobody), to `assignee` (NULL: nobody)? URA_OK; URA_EFORBIDDEN when the caller may
 * not make this assignment (a caseworker naming someone else); URA_EUNPROCESSABLE when the
 * assignee cannot hold the case (not active staff of the owner).
 */
enum ura_status caseload_assignment_check(const struct user *caller, int64_t owner_institution_id,
					  int64_t current, const struct user *assignee);

#endif
