/* Governance access and vocabularies. */
#include "domain/governance.h"

#include <stddef.h>
#include <string.h>

const char *const meeting_kinds[] = { "regular", "ad_hoc", "case_conference", NULL };
const char *const meeting_statuses[] = { "scheduled", "held", "cancelled", NULL };
const char *const meeting_request_statuses[] = { "open", "scheduled", "declined", NULL };

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

bool
meeting_may_be_held(int64_t scheduled_at, int64_t now)
{
	return scheduled_at <= now;
}

bool
meeting_request_visible(enum governance_access access, int64_t viewer_institution_id,
			int64_t request_institution_id)
{
	if (access == GOVERNANCE_MANAGE)
		return true;
	return access == GOVERNANCE_MEMBER && viewer_institution_id != 0 &&
	       viewer_institution_id == request_institution_id;
}

enum ura_status
meeting_request_answer_check(const char *current, const char *answer_status, bool has_meeting,
			     bool has_answer, struct field_errors *e)
{
	bool scheduled = strcmp(answer_status, meeting_request_statuses[REQUEST_SCHEDULED]) == 0;
	bool declined = strcmp(answer_status, meeting_request_statuses[REQUEST_DECLINED]) == 0;

	if (current == NULL || strcmp(current, meeting_request_statuses[REQUEST_OPEN]) != 0) {
		field_errors_add(e, "status", MSG_REQUEST_ALREADY_ANSWERED);
		return URA_ECONFLICT;
	}
	if (!scheduled && !declined)
		field_errors_add(e, "status", MSG_NOT_ALLOWED_VALUE);
	if (scheduled && !has_meeting)
		field_errors_add(e, "meeting_id", MSG_REQUIRED);
	if (declined && !has_answer)
		field_errors_add(e, "answer", MSG_REQUIRED);
	if (declined && has_meeting)
		field_errors_add(e, "meeting_id", MSG_NOT_ALLOWED_VALUE);
	return e->count > 0 ? URA_EUNPROCESSABLE : URA_OK;
}

bool
meeting_request_meeting_fits(int64_t request_mechanism_id, int64_t meeting_mechanism_id,
			     const char *meeting_status)
{
	return request_mechanism_id == meeting_mechanism_id && meeting_status != NULL &&
	       strcmp(meeting_status, meeting_statuses[0] /* scheduled */) == 0;
}

bool
mechanism_is_active(int64_t coordinator_user_id, int64_t members)
{
	return coordinator_user_id > 0 && members >= 2;
}
