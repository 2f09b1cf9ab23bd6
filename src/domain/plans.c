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

bool
plans_count_read(const json_t *v, const char *field, struct field_errors *e, int64_t *out)
{
	if (v == NULL || json_is_null(v))
		return false;
	if (!json_is_integer(v)) {
		field_errors_add(e, field, MSG_NOT_INTEGER);
		e->malformed = true;
		return false;
	}
	if (json_integer_value(v) < 0 || json_integer_value(v) > PLANS_COUNT_MAX) {
		field_errors_add(e, field, MSG_OUT_OF_RANGE);
		return false;
	}
	*out = json_integer_value(v);
	return true;
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

/* The institution type of one participants item, checked; NULL when wrong or absent. */
static const char *
participant_type_read(const json_t *type, const char *field, struct field_errors *e)
{
	if (type == NULL || json_is_null(type))
		field_errors_add(e, field, MSG_REQUIRED);
	else if (!json_is_string(type)) {
		field_errors_add(e, field, MSG_NOT_STRING);
		e->malformed = true;
	} else if (!vocabulary_has(institution_types, json_string_value(type)))
		field_errors_add(e, field, MSG_NOT_ALLOWED_VALUE);
	else
		return json_string_value(type);
	return NULL;
}

/* One participants item; `at` is its index. Records faults; true when it is clean. */
static bool
participant_read(json_t *item, size_t at, struct arena *a, struct training_participant *out,
		 struct field_errors *e)
{
	static const char *const counts[] = { "women", "men" };
	int64_t *values[] = { &out->women, &out->men };
	int before = field_errors_seen(e);
	const char *key;
	json_t *v;
	const char *type = participant_type_read(json_object_get(item, "institution_type"),
		arena_printf(a, "participants[%zu].institution_type", at), e);

	out->institution_type = type != NULL ? arena_strdup(a, type) : NULL;
	for (size_t i = 0; i < 2; i++) {
		const char *field = arena_printf(a, "participants[%zu].%s", at, counts[i]);
		v = json_object_get(item, counts[i]);
		if (v == NULL || json_is_null(v))
			field_errors_add(e, field, MSG_REQUIRED);
		else
			plans_count_read(v, field, e, values[i]);
	}
	json_object_foreach(item, key, v) {
		if (strcmp(key, "institution_type") != 0 && strcmp(key, "women") != 0 &&
		    strcmp(key, "men") != 0)
			field_errors_add(e, arena_printf(a, "participants[%zu].%s", at, key),
					 MSG_UNKNOWN_FIELD);
	}
	return field_errors_seen(e) == before;
}

/* True when `type` appears among out[0..n). */
static bool
type_listed(const struct training_participant *out, int n, const char *type)
{
	for (int i = 0; i < n; i++)
		if (out[i].institution_type != NULL && strcmp(out[i].institution_type, type) == 0)
			return true;
	return false;
}

bool
training_participants_read(json_t *list, struct arena *a, struct training_participant *out,
			   int *n, struct field_errors *e)
{
	int before = field_errors_seen(e);
	size_t i;
	json_t *item;

	*n = 0;
	if (!json_is_array(list)) {
		field_errors_add(e, "participants", MSG_NOT_ARRAY);
		e->malformed = true;
		return false;
	}
	if (json_array_size(list) > TRAINING_PARTICIPANTS_MAX) {
		field_errors_add(e, "participants", MSG_TOO_LONG);
		return false;
	}
	json_array_foreach(list, i, item) {
		struct training_participant p = { 0 };
		if (!json_is_object(item)) {
			field_errors_add(e, arena_printf(a, "participants[%zu]", i),
					 MSG_NOT_OBJECT_FIELD);
			e->malformed = true;
			return false;
		}
		if (!participant_read(item, i, a, &p, e))
			continue;
		if (type_listed(out, *n, p.institution_type))
			field_errors_add(e, arena_printf(a, "participants[%zu].institution_type",
							 i), MSG_DUPLICATE_ITEM);
		else
			out[(*n)++] = p;
	}
	return field_errors_seen(e) == before;
}
