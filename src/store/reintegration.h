/*
 * Rows of a reintegration case's release (store/reintegration.c): the release itself, its
 * timeline's tasks, and the sealed answers of the needs checklist (the caller seals and opens
 * them: api/sealed.h, reintegration_needs.answers#case_id).
 */
#ifndef URA_STORE_REINTEGRATION_H
#define URA_STORE_REINTEGRATION_H

#include "domain/reintegration.h"
#include "store/store.h"

struct release_row {
	int64_t case_id, set_by, set_at;
	const char *release_on, *variant, *plan_starts_on;
};
/* The case's release; URA_ENOTFOUND when none was set. */
enum ura_status store_release_get(struct db *db, struct arena *a, int64_t case_id,
				  struct release_row *out);
/* Sets (or moves) the release. */
enum ura_status store_release_set(struct db *db, const struct release_row *r);

struct reintegration_task_row {
	int64_t id, case_id, institution_id, done_at, done_by;
	const char *code, *institution_type, *due_on, *status;
	bool variant_only;
};
/* Adds the task to the case's timeline, or moves it to `due_on` while it is open. Its
 * institution is the one of its type that is on the case (the owner, else the first that
 * reads it through an accepted, in-progress or completed referral), else the owner. */
enum ura_status store_reintegration_task_put(struct db *db, int64_t case_id,
					     const struct reintegration_task_template *t,
					     const char *due_on);
/* Drops the open tasks of the violent_extremism variant (the case went back to standard). */
enum ura_status store_reintegration_tasks_drop_variant(struct db *db, int64_t case_id);
/* The case's tasks by due day, at most REINTEGRATION_TASKS_MAX. */
enum ura_status store_reintegration_tasks(struct db *db, struct arena *a, int64_t case_id,
					  struct reintegration_task_row **out, int *n);
enum ura_status store_reintegration_task_get(struct db *db, struct arena *a, int64_t id,
					     struct reintegration_task_row *out);
/* open → done by `user`; URA_ECONFLICT when it is no longer open. */
enum ura_status store_reintegration_task_done(struct db *db, int64_t id, int64_t user,
					      int64_t now);

/* The checklist's sealed answers; URA_ENOTFOUND when never answered. */
enum ura_status store_needs_get(struct db *db, struct arena *a, int64_t case_id,
				struct blob *answers, int64_t *updated_at, int64_t *updated_by);
enum ura_status store_needs_set(struct db *db, int64_t case_id, const struct blob *answers,
				int64_t user, int64_t now);

#endif
