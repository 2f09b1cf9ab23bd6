/* Local action plans and trainings (store/action_plans.c); included by store/store.h. */
#ifndef URA_STORE_ACTION_PLANS_H
#define URA_STORE_ACTION_PLANS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/plans.h"

struct db;

/* ---- action plans ---- */

struct action_plan_row {
	int64_t id, mechanism_id, created_by, created_at, updated_at;
	const char *title, *period_from, *period_to;
	struct mechanism_standing standing; /* read by store_action_plan_get only */
};
enum ura_status store_action_plan_insert(struct db *db, const struct action_plan_row *p,
					 int64_t *id);
/* The plan, with its mechanism's standing for a viewer of `viewer_institution_id` (0: none). */
enum ura_status store_action_plan_get(struct db *db, struct arena *a, int64_t id,
				      int64_t viewer_institution_id, struct action_plan_row *out);
/* A mechanism's plans with id > after, by id, at most `limit`. */
enum ura_status store_action_plans_list(struct db *db, struct arena *a, int64_t mechanism_id,
					int64_t after, int limit, struct action_plan_row **out,
					int *n);

/* One pillar of a plan: its activities, how many are done, and the sums of their targets and
 * progress (computed by the database, grouped by pillar). */
struct pillar_progress {
	const char *pillar;
	int64_t activities, done, target_sum, progress_sum;
};
/* The pillars that have activities, in the order of plan_pillars. */
enum ura_status store_plan_progress(struct db *db, struct arena *a, int64_t plan_id,
				    struct pillar_progress **out, int *n);

/* ---- plan activities ---- */

struct activity_row {
	int64_t id, plan_id, responsible_institution_id, target, progress;
	int64_t created_at, updated_at;
	bool has_target;
	const char *pillar, *title, *starts_on, *ends_on, *indicator, *status;
	const char *national_objective; /* the national strategy's objective it serves, or NULL */
	const char *partner_institution_ids; /* JSON array text */
	struct mechanism_standing standing;  /* read by store_activity_get only */
};
enum ura_status store_activity_insert(struct db *db, const struct activity_row *x, int64_t *id);
/* The activity, with its plan's mechanism's standing for a viewer (as store_action_plan_get). */
enum ura_status store_activity_get(struct db *db, struct arena *a, int64_t id,
				   int64_t viewer_institution_id, struct activity_row *out);
enum ura_status store_activities_list(struct db *db, struct arena *a, int64_t plan_id,
				      int64_t after, int limit, struct activity_row **out, int *n);
/* Writes progress, status, indicator, target and national objective of x->id, still in
 * status `from`;
 * URA_ECONFLICT when it moved meanwhile. */
enum ura_status store_activity_update(struct db *db, const struct activity_row *x,
				      const char *from, int64_t now);

/* ---- trainings ---- */

struct training_row {
	int64_t id, mechanism_id, follows_training_id, created_by, created_at;
	const char *title, *topic, *starts_on, *ends_on, *place, *organiser, *funder;
	bool trainer_of_trainers;
	struct training_participant *participants;
	int nparticipants;
	int64_t women_total, men_total; /* summed by the database */
};
/* Inserts the training and its participants. */
enum ura_status store_training_insert(struct db *db, const struct training_row *t, int64_t *id);
enum ura_status store_training_exists(struct db *db, int64_t id);

/* Which trainings to list: those in `scope`, narrowed by the optional filters. */
struct training_query {
	struct training_scope scope;
	int64_t mechanism_id;   /* 0: any */
	int64_t only_id;        /* 0: any */
	const char *from, *to;  /* dates: ending on or after `from`, starting on or before `to` */
	int64_t after;
	int limit;
};
/* The trainings by id, each with its participants and totals (two queries for the page). */
enum ura_status store_trainings_list(struct db *db, struct arena *a,
				     const struct training_query *q, struct training_row **out,
				     int *n);

/* A year's trainings in a scope, summed by the database in one statement: per institution
 * type (trainings with participants of that type, women, men) and over all (every training,
 * with or without participants). `q` gives scope and mechanism, and `from`/`to` the dates
 * between which they start (`to` excluded). */
#define TRAINING_TYPES_MAX 32 /* the institution types, with room */
struct training_type_totals {
	const char *institution_type; /* NULL for the totals */
	int64_t trainings, women, men;
};
struct training_totals {
	struct training_type_totals *by_type, all;
	int ntypes;
	int64_t trainer_of_trainers, follow_on; /* trainings of trainers; cascades of another */
};
enum ura_status store_training_totals(struct db *db, struct arena *a,
				      const struct training_query *q,
				      struct training_totals *out);

#endif
