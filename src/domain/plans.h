/*
 * A mechanism's local action plans and trainings: their vocabularies and the pure decisions
 * about them — who reads and who writes a mechanism's plans and activities, which status
 * moves an activity may make, dates in order, counts, a training's participants, and whose
 * trainings a caller may list or record. No I/O: the facts come in as arguments.
 *
 *   activity:  planned ──▶ in_progress | delayed | done | cancelled
 *              in_progress ◀──▶ delayed;  in_progress | delayed ──▶ done | cancelled
 *              done and cancelled are final: the activity is not changed again (409).
 */
#ifndef URA_DOMAIN_PLANS_H
#define URA_DOMAIN_PLANS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/types.h"
#include "http/limits.h"

enum plan_pillar {
	PILLAR_PREVENTION, PILLAR_PROTECTION, PILLAR_PROSECUTION, PILLAR_COORDINATION,
	PILLAR_SUPPORT_SERVICES,
};
extern const char *const plan_pillars[]; /* by enum plan_pillar, NULL-terminated */

enum activity_status {
	ACTIVITY_PLANNED, ACTIVITY_IN_PROGRESS, ACTIVITY_DONE, ACTIVITY_DELAYED,
	ACTIVITY_CANCELLED,
};
extern const char *const activity_statuses[]; /* by enum activity_status, NULL-terminated */

/* What is known of a mechanism for one viewer, read with the plan or activity. */
struct mechanism_standing {
	int64_t coordinator_user_id;       /* 0 when the mechanism has none */
	bool viewer_institution_is_member; /* the viewer's institution is a member */
};

/*
 * A mechanism's plans, activities and meetings: its coordinator writes; staff (caseworkers
 * and managers) of member institutions, `national` and `admin` read; nobody else sees them.
 * A disabled account has no access.
 */
enum plan_access { PLAN_ACCESS_NONE, PLAN_ACCESS_READ, PLAN_ACCESS_WRITE };
enum plan_access plan_access_for(const struct user *u, const struct mechanism_standing *m);

/* An activity is also written (PATCH) by staff of its responsible institution. */
bool activity_write_allowed(const struct user *u, const struct mechanism_standing *m,
			    int64_t responsible_institution_id);

/*
 * Whether an activity in status `from` may be changed to status `to` (NULL: the status stays):
 * URA_OK for an allowed move or no move; URA_ECONFLICT from a final status (done, cancelled)
 * whatever the change, or for a move the diagram lacks; URA_EINVAL for a name outside the
 * vocabulary.
 */
enum ura_status activity_status_move(const char *from, const char *to);

/*
 * Two dates of one thing ("YYYY-MM-DD", NULL when absent): each present one must exist
 * (MSG_INVALID_DATE on its field), and the later not before the earlier (MSG_OUT_OF_RANGE on
 * `later_field`). A date that does not exist is not compared. True when nothing was wrong.
 */
bool plans_dates_check(const char *earlier_field, const char *earlier,
		       const char *later_field, const char *later, struct field_errors *e);

/* A count of people or of an indicator's units is an integer 0..PLANS_COUNT_MAX. */
#define PLANS_COUNT_MAX INT64_C(1000000000)

/* ---- trainings ---- */

/* Whose trainings a caller lists: everything (admin, national), or those of no mechanism
 * plus those of the mechanisms the caller coordinates or their institution is a member of. */
struct training_scope {
	bool everything;
	int64_t coordinator_user_id;   /* the caller, when a coordinator; else 0 */
	int64_t member_institution_id; /* the caller's institution, when staff; else 0 */
};
/* False when the caller may not list trainings at all (the auditor, a disabled account). */
bool training_scope_for(const struct user *u, struct training_scope *out);

/*
 * Recording a training: admin and national, for any mechanism or none; a coordinator only for
 * a mechanism they coordinate, which they must name. `mechanism_id` is 0 when not given;
 * `mechanism_known` and `coordinator_user_id` describe it when given. URA_EFORBIDDEN for
 * other callers and for another coordinator's mechanism; URA_EUNPROCESSABLE, with the fault
 * on "mechanism_id" in `e`, for an unknown mechanism or a coordinator naming none.
 */
enum ura_status training_write_check(const struct user *u, int64_t mechanism_id,
				     bool mechanism_known, int64_t coordinator_user_id,
				     struct field_errors *e);

/* One line of a training's attendance: people of one institution type (each type once). */
struct training_participant {
	const char *institution_type;
	int64_t women, men;
};
#define TRAINING_PARTICIPANTS_MAX LIMIT_TRAINING_PARTICIPANTS

#endif
