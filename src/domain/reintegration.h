/*
 * A reintegration case's release and its pre-release timeline, and the violent-extremism
 * needs checklist. Pure: the plan (data/reintegration.json) arrives parsed by jansson, dates
 * as "YYYY-MM-DD", `now` is passed in.
 *
 * The plan starts `lead_months` before the release date (a setting, default 6). Each task of
 * the template is due `offset_days` from the release date (negative: before it), never
 * before the plan starts; a task of the violent_extremism variant only belongs to that
 * variant's timeline. A task is open or done (open ──mark done──▶ done; nothing else); an
 * open one is due soon from REINTEGRATION_DUE_SOON_DAYS before its day, overdue the day after.
 *
 * The checklist's items are answered yes, no or unknown, with an optional note; there is no
 * score and no level: the answers inform the plan.
 */
#ifndef URA_DOMAIN_REINTEGRATION_H
#define URA_DOMAIN_REINTEGRATION_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/status.h"

#define REINTEGRATION_TASKS_MAX 32
#define REINTEGRATION_ITEMS_MAX 32
#define REINTEGRATION_NOTE_CHARS 1000
#define REINTEGRATION_DUE_SOON_DAYS 7
#define REINTEGRATION_LEAD_MONTHS_DEFAULT 6
/* A release date is at most a year past (a plan made just after release) and ten ahead. */
#define REINTEGRATION_PAST_DAYS 366
#define REINTEGRATION_AHEAD_DAYS 3653

enum release_variant { VARIANT_STANDARD, VARIANT_VIOLENT_EXTREMISM };
extern const char *const release_variants[];   /* by enum release_variant, NULL-terminated */
extern const char *const needs_answers[];      /* yes no unknown */
extern const char *const reintegration_task_statuses[]; /* open done */
int release_variant_parse(const char *name);   /* -1 when unknown */

struct reintegration_task_template {
	const char *code, *institution_type;
	int offset_days;
	bool variant_only; /* violent_extremism's own */
};

struct reintegration_plan {
	struct reintegration_task_template tasks[REINTEGRATION_TASKS_MAX];
	int ntasks;
	const char *items[REINTEGRATION_ITEMS_MAX]; /* the checklist's item ids */
	int nitems;
};

/* Reads the plan file's tasks and item ids (strings point into `doc`, which must outlive
 * *out). URA_EINVAL with a phrase in *error when the shape is wrong: a task without a code,
 * an institution type outside domain/directory's, an offset beyond a year, a variant other
 * than all or violent_extremism, a repeated code or item, too many of either. */
enum ura_status reintegration_plan_read(json_t *doc, struct reintegration_plan *out,
					const char **error);

/* Whether the task belongs to the timeline of `variant`. */
bool reintegration_task_in(const struct reintegration_task_template *t,
			   enum release_variant variant);
/* Whether `id` is an item of the checklist. */
bool reintegration_item_known(const struct reintegration_plan *p, const char *id);

/* The release date: a real date, not more than REINTEGRATION_PAST_DAYS before today nor
 * REINTEGRATION_AHEAD_DAYS after it. */
bool reintegration_release_ok(const char *release_on, int64_t now);
/* The day the plan starts: `lead_months` calendar months before the release (the same day of
 * the month, or that month's last day). False when release_on is not a date. */
bool reintegration_plan_start(const char *release_on, int lead_months, char *out, size_t len);
/* The day a task is due: release + offset_days, never before plan_starts_on. */
bool reintegration_task_due(const char *release_on, int offset_days, const char *plan_starts_on,
			    char *out, size_t len);

enum task_state { TASK_DONE, TASK_OPEN, TASK_DUE_SOON, TASK_OVERDUE };
extern const char *const task_states[]; /* by enum task_state, NULL-terminated */
/* Days from today to due_on (negative once past). */
int64_t reintegration_days_left(const char *due_on, int64_t now);
enum task_state reintegration_task_state(bool done, const char *due_on, int64_t now);
/* Marking a task: only open → done (URA_ECONFLICT otherwise, staying put included). */
enum ura_status reintegration_task_move(const char *from, const char *to);

#endif
