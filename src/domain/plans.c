/*
 * Local action plans and trainings: vocabularies, access, activity status moves, dates,
 * counts and participants. Pure (see domain/plans.h for the rules).
 *
 * Choices the header leaves open, made here:
 * - Staying in the same status is no move (URA_OK), so a PATCH of progress may repeat the
 *   current status; from a final status even that is a conflict, as any change is.
 * - A participants item that is not an object stops the reading there (400), as a wrong type
 *   anywhere makes the whole request malformed.
 */
#include "domain/plans.h"

#include <string.h>

#include "core/clock.h"
#include "domain/directory.h"

const char *const plan_pillars[] = {
	[PILLAR_PREVENTION] = "prevention", [PILLAR_PROTECTION] = "protection",
	[PILLAR_PROSECUTION] = "prosecution", [PILLAR_COORDINATION] = "coordination",
	[PILLAR_SUPPORT_SERVICES] = "support_services", NULL,
};

const char *const activity_statuses[] = {
	[ACTIVITY_PLANNED] = "planned", [ACTIVITY_IN_PROGRESS] = "in_progress",
	[ACTIVITY_DONE] = "done", [ACTIVITY_DELAYED] = "delayed",
	[ACTIVITY_CANCELLED] = "cancelled", NULL,
};

static int
vocabulary_index(const char *const *values, const char *s)
{
	for (int i = 0; s != NULL && values[i] != NULL; i++)
		if (strcmp(values[i], s) == 0)
			return i;
	return -1;
}

enum plan_access
plan_access_for(const struct user *u, const struct mechanism_standing *m)
{
	if (!u->active)
		return PLAN_ACCESS_NONE;
	if (u->role == ROLE_COORDINATOR && m->coordinator_user_id != 0 &&
	    u->id == m->coordinator_user_id)
		return PLAN_ACCESS_WRITE;
	if (u->role == ROLE_ADMIN || u->role == ROLE_NATIONAL ||
	    (user_is_staff(u) && m->viewer_institution_is_member))
		return PLAN_ACCESS_READ;
	return PLAN_ACCESS_NONE;
}

bool
activity_write_allowed(const struct user *u, const struct mechanism_standing *m,
		       int64_t responsible_institution_id)
{
	if (plan_access_for(u, m) == PLAN_ACCESS_WRITE)
		return true;
	return u->active && user_is_staff(u) && responsible_institution_id > 0 &&
	       u->institution_id == responsible_institution_id;
}

enum ura_status
activity_status_move(const char *from, const char *to)
{
	/* allowed[from] is the set of statuses reachable from it, as bits. */
	static const unsigned allowed[] = {
		[ACTIVITY_PLANNED] = 1u << ACTIVITY_IN_PROGRESS | 1u << ACTIVITY_DELAYED |
				     1u << ACTIVITY_DONE | 1u << ACTIVITY_CANCELLED,
		[ACTIVITY_IN_PROGRESS] = 1u << ACTIVITY_DELAYED | 1u << ACTIVITY_DONE |
					 1u << ACTIVITY_CANCELLED,
		[ACTIVITY_DELAYED] = 1u << ACTIVITY_IN_PROGRESS | 1u << ACTIVITY_DONE |
				     1u << ACTIVITY_CANCELLED,
		[ACTIVITY_DONE] = 0,
		[ACTIVITY_CANCELLED] = 0,
	};
	int f = vocabulary_index(activity_statuses, from);
	int t = to == NULL ? f : vocabulary_index(activity_statuses, to);

	if (f < 0 || t < 0)
		return URA_EINVAL;
	if (f == ACTIVITY_DONE || f == ACTIVITY_CANCELLED)
		return URA_ECONFLICT;
	if (f == t || (allowed[f] & 1u << t) != 0)
		return URA_OK;
	return URA_ECONFLICT;
}

static bool
read_date(const char *field, const char *s, int64_t *days, struct field_errors *e)
{
	if (s == NULL)
		return false;
	if (clock_parse_date(s, days))
		return true;
	field_errors_add(e, field, MSG_INVALID_DATE);
	return false;
}

bool
plans_dates_check(const char *earlier_field, const char *earlier, const char *later_field,
		  const char *later, struct field_errors *e)
{
	int before = field_errors_seen(e);
	int64_t first = 0, last = 0;
	bool has_first = read_date(earlier_field, earlier, &first, e);
	bool has_last = read_date(later_field, later, &last, e);

	if (has_first && has_last && last < first)
		field_errors_add(e, later_field, MSG_OUT_OF_RANGE);
	return field_errors_seen(e) == before;
}

/* ---- trainings ---- */

bool
training_scope_for(const struct user *u, struct training_scope *out)
{
	*out = (struct training_scope){ 0 };
	if (!u->active)
		return false;
	switch (u->role) {
	case ROLE_ADMIN:
	case ROLE_NATIONAL:
		out->everything = true;
		return true;
	case ROLE_COORDINATOR:
		out->coordinator_user_id = u->id;
		return true;
	case ROLE_CASEWORKER:
	case ROLE_MANAGER:
		out->member_institution_id = u->institution_id;
		return user_is_staff(u);
	default:
		return false;
	}
}

enum ura_status
training_write_check(const struct user *u, int64_t mechanism_id, bool mechanism_known,
		     int64_t coordinator_user_id, struct field_errors *e)
{
	bool everywhere = u->role == ROLE_ADMIN || u->role == ROLE_NATIONAL;

	if (!u->active || (!everywhere && u->role != ROLE_COORDINATOR))
		return URA_EFORBIDDEN;
	if (mechanism_id != 0 && !mechanism_known) {
		field_errors_add(e, "mechanism_id", MSG_NO_SUCH_OBJECT);
		return URA_EUNPROCESSABLE;
	}
	if (everywhere)
		return URA_OK;
	if (mechanism_id == 0) {
		field_errors_add(e, "mechanism_id", MSG_REQUIRED);
		return URA_EUNPROCESSABLE;
	}
	return coordinator_user_id == u->id ? URA_OK : URA_EFORBIDDEN;
}
