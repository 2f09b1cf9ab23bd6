/*
 * Rows of a mechanism's governance work that are not case data: local action plans, their
 * activities and the per-pillar progress the database sums, and trainings with their
 * participants. Plans and activities are read together with their mechanism's standing for
 * the viewer (coordinator, membership), so that access is decided from one query.
 */
#include "store/store.h"

#include <string.h>

#include "store/db.h"
#include "store/rows.h"

/* The standing of the mechanism `m` for the institution bound as $2. */
#define STANDING_COLUMNS                                                                    \
	"coalesce(m.coordinator_user_id, 0), CASE WHEN EXISTS (SELECT 1 FROM "                 \
	"mechanism_members mm WHERE mm.mechanism_id = m.id AND mm.institution_id = $2) "       \
	"THEN 1 ELSE 0 END "

static void
read_standing(struct db *db, struct db_stmt *st, int col, struct mechanism_standing *out)
{
	out->coordinator_user_id = db_col_int(db, st, col);
	out->viewer_institution_is_member = db_col_int(db, st, col + 1) != 0;
}

/* ---- action plans ---- */

#define PLAN_COLUMNS                                                                        \
	"p.id, p.mechanism_id, p.title, p.period_from, p.period_to, p.created_by, "           \
	"p.created_at, p.updated_at "

static void
read_plan(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct action_plan_row *p = row;

	p->id = db_col_int(db, st, 0);
	p->mechanism_id = db_col_int(db, st, 1);
	p->title = row_text(db, st, 2, a);
	p->period_from = row_text(db, st, 3, a);
	p->period_to = row_text(db, st, 4, a);
	p->created_by = row_int_or_zero(db, st, 5);
	p->created_at = db_col_int(db, st, 6);
	p->updated_at = db_col_int(db, st, 7);
}

enum ura_status
store_action_plan_insert(struct db *db, const struct action_plan_row *p, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO action_plans (mechanism_id, title, period_from, period_to, "
		"created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, p->mechanism_id);
	db_bind_text(db, st, 2, p->title);
	db_bind_text(db, st, 3, p->period_from);
	db_bind_text(db, st, 4, p->period_to);
	bind_int_or_null(db, st, 5, p->created_by);
	db_bind_int(db, st, 6, p->created_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_action_plan_get(struct db *db, struct arena *a, int64_t id,
		      int64_t viewer_institution_id, struct action_plan_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT " PLAN_COLUMNS ", " STANDING_COLUMNS "FROM action_plans p "
		"JOIN mechanisms m ON m.id = p.mechanism_id WHERE p.id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	db_bind_int(db, st, 2, viewer_institution_id);
	if ((rc = db_step(db, st)) == DB_ROW) {
		read_plan(db, st, a, out);
		read_standing(db, st, 8, &out->standing);
	}
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_action_plans_list(struct db *db, struct arena *a, int64_t mechanism_id, int64_t after,
			int limit, struct action_plan_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT " PLAN_COLUMNS "FROM action_plans p WHERE p.mechanism_id = $1 "
		"AND p.id > $2 ORDER BY p.id LIMIT $3");
	return rows_by_id(db, a, &q, mechanism_id, after, limit, sizeof(**out), read_plan,
			  (void **)out, n);
}

enum ura_status
store_plan_progress(struct db *db, struct arena *a, int64_t plan_id,
		    struct pillar_progress **out, int *n)
{
	enum { MAX = PILLAR_SUPPORT_SERVICES + 1 };
	static struct db_query q = DB_QUERY(
		"SELECT pillar, count(*), "
		"CAST(sum(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS BIGINT), "
		"CAST(coalesce(sum(target), 0) AS BIGINT), CAST(sum(progress) AS BIGINT) "
		"FROM plan_activities WHERE plan_id = $1 GROUP BY pillar "
		"ORDER BY CASE pillar WHEN 'prevention' THEN 0 WHEN 'protection' THEN 1 "
		"WHEN 'prosecution' THEN 2 WHEN 'coordination' THEN 3 ELSE 4 END");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * MAX);
	db_bind_int(db, st, 1, plan_id);
	while ((rc = db_step(db, st)) == DB_ROW && *n < MAX) {
		struct pillar_progress *p = &(*out)[(*n)++];
		p->pillar = row_text(db, st, 0, a);
		p->activities = db_col_int(db, st, 1);
		p->done = db_col_int(db, st, 2);
		p->target_sum = db_col_int(db, st, 3);
		p->progress_sum = db_col_int(db, st, 4);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

/* ---- plan activities ---- */

#define ACTIVITY_COLUMNS                                                                    \
	"x.id, x.plan_id, x.pillar, x.title, x.responsible_institution_id, "                  \
	"x.partner_institution_ids, x.starts_on, x.ends_on, x.indicator, x.target, "          \
	"x.progress, x.status, x.created_at, x.updated_at, x.national_objective "

static void
read_activity(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct activity_row *x = row;

	x->id = db_col_int(db, st, 0);
	x->plan_id = db_col_int(db, st, 1);
	x->pillar = row_text(db, st, 2, a);
	x->title = row_text(db, st, 3, a);
	x->responsible_institution_id = row_int_or_zero(db, st, 4);
	x->partner_institution_ids = row_text(db, st, 5, a);
	x->starts_on = row_text(db, st, 6, a);
	x->ends_on = row_text(db, st, 7, a);
	x->indicator = row_text(db, st, 8, a);
	x->has_target = !db_col_null(db, st, 9);
	x->target = row_int_or_zero(db, st, 9);
	x->progress = db_col_int(db, st, 10);
	x->status = row_text(db, st, 11, a);
	x->created_at = db_col_int(db, st, 12);
	x->updated_at = db_col_int(db, st, 13);
	x->national_objective = row_text(db, st, 14, a);
}

static void
bind_target(struct db *db, struct db_stmt *st, int i, const struct activity_row *x)
{
	if (x->has_target)
		db_bind_int(db, st, i, x->target);
	else
		db_bind_null(db, st, i);
}

enum ura_status
store_activity_insert(struct db *db, const struct activity_row *x, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO plan_activities (plan_id, pillar, title, responsible_institution_id, "
		"partner_institution_ids, starts_on, ends_on, indicator, target, progress, status, "
		"created_at, updated_at, national_objective) VALUES ($1, $2, $3, $4, $5, $6, $7, "
		"$8, $9, $10, $11, $12, $12, $13) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, x->plan_id);
	db_bind_text(db, st, 2, x->pillar);
	db_bind_text(db, st, 3, x->title);
	bind_int_or_null(db, st, 4, x->responsible_institution_id);
	db_bind_text(db, st, 5, x->partner_institution_ids);
	db_bind_text(db, st, 6, x->starts_on);
	db_bind_text(db, st, 7, x->ends_on);
	db_bind_text(db, st, 8, x->indicator);
	bind_target(db, st, 9, x);
	db_bind_int(db, st, 10, x->progress);
	db_bind_text(db, st, 11, x->status);
	db_bind_int(db, st, 12, x->created_at);
	db_bind_text(db, st, 13, x->national_objective);
	return row_returning_int(db, st, id);
}

enum ura_status
store_activity_get(struct db *db, struct arena *a, int64_t id, int64_t viewer_institution_id,
		   struct activity_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT " ACTIVITY_COLUMNS ", " STANDING_COLUMNS "FROM plan_activities x "
		"JOIN action_plans p ON p.id = x.plan_id "
		"JOIN mechanisms m ON m.id = p.mechanism_id WHERE x.id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	db_bind_int(db, st, 2, viewer_institution_id);
	if ((rc = db_step(db, st)) == DB_ROW) {
		read_activity(db, st, a, out);
		read_standing(db, st, 15, &out->standing);
	}
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_activities_list(struct db *db, struct arena *a, int64_t plan_id, int64_t after,
		      int limit, struct activity_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT " ACTIVITY_COLUMNS "FROM plan_activities x WHERE x.plan_id = $1 "
		"AND x.id > $2 ORDER BY x.id LIMIT $3");
	return rows_by_id(db, a, &q, plan_id, after, limit, sizeof(**out), read_activity,
			  (void **)out, n);
}

enum ura_status
store_activity_update(struct db *db, const struct activity_row *x, const char *from,
		      int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE plan_activities SET progress = $1, status = $2, indicator = $3, "
		"target = $4, updated_at = $5, national_objective = $8 WHERE id = $6 AND "
		"status = $7 RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t updated;
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, x->progress);
	db_bind_text(db, st, 2, x->status);
	db_bind_text(db, st, 3, x->indicator);
	bind_target(db, st, 4, x);
	db_bind_int(db, st, 5, now);
	db_bind_int(db, st, 6, x->id);
	db_bind_text(db, st, 7, from);
	db_bind_text(db, st, 8, x->national_objective);
	status = row_returning_int(db, st, &updated);
	return status == URA_ENOTFOUND ? URA_ECONFLICT : status;
}

enum ura_status
store_institutions_known(struct db *db, struct arena *a, const int64_t *ids, int n, bool *known)
{
	static struct db_query q = DB_QUERY_BY_ENGINE(
		"SELECT id FROM institutions WHERE id IN " ROWS_IDS_SQLITE("$1"),
		"SELECT id FROM institutions WHERE id IN " ROWS_IDS_POSTGRES("$1"));

	return rows_ids_found(db, a, &q, 0, ids, n, known);
}

/* ---- trainings ---- */

static enum ura_status
participants_insert(struct db *db, int64_t training_id, const struct training_row *t)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO training_participants (training_id, institution_type, women, men) "
		"VALUES ($1, $2, $3, $4)");
	enum ura_status status = URA_OK;

	for (int i = 0; status == URA_OK && i < t->nparticipants; i++) {
		const struct training_participant *p = &t->participants[i];
		struct db_stmt *st = db_prepare(db, &q);
		if (st == NULL)
			return URA_EINTERNAL;
		db_bind_int(db, st, 1, training_id);
		db_bind_text(db, st, 2, p->institution_type);
		db_bind_int(db, st, 3, p->women);
		db_bind_int(db, st, 4, p->men);
		status = db_run(db, st);
	}
	return status;
}

enum ura_status
store_training_insert(struct db *db, const struct training_row *t, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO trainings (mechanism_id, title, topic, starts_on, ends_on, place, "
		"organiser, funder, trainer_of_trainers, follows_training_id, created_by, "
		"created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	bind_int_or_null(db, st, 1, t->mechanism_id);
	db_bind_text(db, st, 2, t->title);
	db_bind_text(db, st, 3, t->topic);
	db_bind_text(db, st, 4, t->starts_on);
	db_bind_text(db, st, 5, t->ends_on);
	db_bind_text(db, st, 6, t->place);
	db_bind_text(db, st, 7, t->organiser);
	db_bind_text(db, st, 8, t->funder);
	db_bind_int(db, st, 9, t->trainer_of_trainers);
	bind_int_or_null(db, st, 10, t->follows_training_id);
	bind_int_or_null(db, st, 11, t->created_by);
	db_bind_int(db, st, 12, t->created_at);
	if ((status = row_returning_int(db, st, id)) != URA_OK)
		return status;
	return participants_insert(db, *id, t);
}

enum ura_status
store_training_exists(struct db *db, int64_t id)
{
	static struct db_query q = DB_QUERY("SELECT id FROM trainings WHERE id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t found;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	return row_returning_int(db, st, &found);
}

/* The trainings `t` of a training_query's scope ($1..$3) and mechanism ($4). */
#define TRAINING_SCOPE                                                                      \
	"($1 = 1 OR t.mechanism_id IS NULL "                                                   \
	"OR t.mechanism_id IN (SELECT id FROM mechanisms WHERE coordinator_user_id = $2) "     \
	"OR t.mechanism_id IN (SELECT mechanism_id FROM mechanism_members "                    \
	"WHERE institution_id = $3)) AND ($4 = 0 OR t.mechanism_id = $4) "
/* The trainings a training_query selects ($1..$9), in id order: the page's ids. */
#define TRAINING_PAGE                                                                       \
	"SELECT t.id FROM trainings t WHERE " TRAINING_SCOPE                                    \
	"AND ($5 = 0 OR t.id = $5) AND (CAST($6 AS TEXT) IS NULL OR t.ends_on >= "             \
	"CAST($6 AS TEXT)) AND (CAST($7 AS TEXT) IS NULL OR t.starts_on <= CAST($7 AS TEXT)) " \
	"AND t.id > $8 ORDER BY t.id LIMIT $9"

/* TRAINING_SCOPE's $1..$4. */
static void
bind_training_scope(struct db *db, struct db_stmt *st, const struct training_query *q)
{
	db_bind_int(db, st, 1, q->scope.everything);
	db_bind_int(db, st, 2, q->scope.coordinator_user_id);
	db_bind_int(db, st, 3, q->scope.member_institution_id);
	db_bind_int(db, st, 4, q->mechanism_id);
}

static void
bind_training_query(struct db *db, struct db_stmt *st, const struct training_query *q)
{
	bind_training_scope(db, st, q);
	db_bind_int(db, st, 5, q->only_id);
	db_bind_text(db, st, 6, q->from);
	db_bind_text(db, st, 7, q->to);
	db_bind_int(db, st, 8, q->after);
	db_bind_int(db, st, 9, q->limit);
}

static void
read_training(struct db *db, struct db_stmt *st, struct arena *a, struct training_row *t)
{
	t->id = db_col_int(db, st, 0);
	t->mechanism_id = row_int_or_zero(db, st, 1);
	t->title = row_text(db, st, 2, a);
	t->topic = row_text(db, st, 3, a);
	t->starts_on = row_text(db, st, 4, a);
	t->ends_on = row_text(db, st, 5, a);
	t->place = row_text(db, st, 6, a);
	t->organiser = row_text(db, st, 7, a);
	t->funder = row_text(db, st, 8, a);
	t->trainer_of_trainers = db_col_int(db, st, 9) != 0;
	t->follows_training_id = row_int_or_zero(db, st, 10);
	t->created_by = row_int_or_zero(db, st, 11);
	t->created_at = db_col_int(db, st, 12);
	t->women_total = db_col_int(db, st, 13);
	t->men_total = db_col_int(db, st, 14);
	t->participants = NULL; /* given by trainings_participants, when it has any */
	t->nparticipants = 0;
}

/* The page's trainings, each with the totals of its participants. */
static enum ura_status
trainings_page(struct db *db, struct arena *a, const struct training_query *q,
	       struct training_row *out, int *n)
{
	static struct db_query sql = DB_QUERY(
		"SELECT t.id, t.mechanism_id, t.title, t.topic, t.starts_on, t.ends_on, t.place, "
		"t.organiser, t.funder, t.trainer_of_trainers, t.follows_training_id, "
		"t.created_by, t.created_at, CAST(coalesce(sum(p.women), 0) AS BIGINT), "
		"CAST(coalesce(sum(p.men), 0) AS BIGINT) FROM trainings t "
		"LEFT JOIN training_participants p ON p.training_id = t.id "
		"WHERE t.id IN (" TRAINING_PAGE ") GROUP BY t.id ORDER BY t.id");
	struct db_stmt *st = db_prepare(db, &sql);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	bind_training_query(db, st, q);
	while ((rc = db_step(db, st)) == DB_ROW && *n < q->limit)
		read_training(db, st, a, &out[(*n)++]);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

/* The participants of the page's trainings, in one query, attached to their rows: both come
 * in id order, so one walk along the page matches them. */
static enum ura_status
trainings_participants(struct db *db, struct arena *a, const struct training_query *q,
		       struct training_row *rows, int n)
{
	static struct db_query sql = DB_QUERY(
		"SELECT training_id, institution_type, women, men FROM training_participants "
		"WHERE training_id IN (" TRAINING_PAGE ") ORDER BY training_id, institution_type");
	struct db_stmt *st = db_prepare(db, &sql);
	enum db_step rc;
	int at = 0;

	if (st == NULL)
		return URA_EINTERNAL;
	bind_training_query(db, st, q);
	while ((rc = db_step(db, st)) == DB_ROW) {
		int64_t training_id = db_col_int(db, st, 0);
		struct training_row *t;
		struct training_participant *p;
		while (at < n && rows[at].id < training_id)
			at++;
		if (at == n || rows[at].id != training_id ||
		    rows[at].nparticipants >= TRAINING_PARTICIPANTS_MAX)
			continue;
		t = &rows[at];
		if (t->participants == NULL)
			t->participants = arena_alloc(a, sizeof(*p) * TRAINING_PARTICIPANTS_MAX);
		p = &t->participants[t->nparticipants++];
		p->institution_type = row_text(db, st, 1, a);
		p->women = db_col_int(db, st, 2);
		p->men = db_col_int(db, st, 3);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_trainings_list(struct db *db, struct arena *a, const struct training_query *q,
		     struct training_row **out, int *n)
{
	enum ura_status status;

	*out = arena_alloc(a, sizeof(**out) * (size_t)q->limit);
	if ((status = trainings_page(db, a, q, *out, n)) != URA_OK || *n == 0)
		return status;
	return trainings_participants(db, a, q, *out, *n);
}

enum ura_status
store_training_totals(struct db *db, struct arena *a, const struct training_query *q,
		      struct training_totals *out)
{
	/* One statement: a row per institution type, and one (type NULL) of the totals. The
	 * trainings start between the dates $5 (included) and $6 (excluded). */
	static struct db_query sql = DB_QUERY(
		"WITH sel AS (SELECT t.id, t.trainer_of_trainers, t.follows_training_id FROM "
		"trainings t WHERE " TRAINING_SCOPE "AND t.starts_on >= $5 AND t.starts_on < $6) "
		"SELECT p.institution_type, count(DISTINCT p.training_id), "
		"CAST(sum(p.women) AS BIGINT), CAST(sum(p.men) AS BIGINT), 0, 0 "
		"FROM training_participants p JOIN sel ON sel.id = p.training_id "
		"GROUP BY p.institution_type UNION ALL SELECT NULL, (SELECT count(*) FROM sel), "
		"(SELECT CAST(coalesce(sum(p.women), 0) AS BIGINT) FROM training_participants p "
		"JOIN sel ON sel.id = p.training_id), (SELECT CAST(coalesce(sum(p.men), 0) AS "
		"BIGINT) FROM training_participants p JOIN sel ON sel.id = p.training_id), "
		"(SELECT count(*) FROM sel WHERE sel.trainer_of_trainers = 1), "
		"(SELECT count(*) FROM sel WHERE sel.follows_training_id IS NOT NULL) ORDER BY 1");
	struct db_stmt *st = db_prepare(db, &sql);
	enum db_step rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return URA_EINTERNAL;
	out->by_type = arena_alloc(a, sizeof(*out->by_type) * TRAINING_TYPES_MAX);
	bind_training_scope(db, st, q);
	db_bind_text(db, st, 5, q->from);
	db_bind_text(db, st, 6, q->to);
	while ((rc = db_step(db, st)) == DB_ROW) {
		struct training_type_totals *x = &out->all;
		if (!db_col_null(db, st, 0)) {
			if (out->ntypes >= TRAINING_TYPES_MAX)
				continue;
			x = &out->by_type[out->ntypes++];
			x->institution_type = row_text(db, st, 0, a);
		}
		x->trainings = db_col_int(db, st, 1);
		x->women = db_col_int(db, st, 2);
		x->men = db_col_int(db, st, 3);
		out->trainer_of_trainers += db_col_int(db, st, 4);
		out->follow_on += db_col_int(db, st, 5);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}
