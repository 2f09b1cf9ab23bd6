/*
 * Rows of a reintegration case's release, timeline and needs checklist. A task's institution
 * is chosen in the statement that writes it, from the institutions on the case.
 */
#include "store/reintegration.h"

#include "store/db.h"
#include "store/rows.h"

static void
read_release(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct release_row *r = row;

	r->case_id = db_col_int(db, st, 0);
	r->release_on = row_text(db, st, 1, a);
	r->variant = row_text(db, st, 2, a);
	r->plan_starts_on = row_text(db, st, 3, a);
	r->set_by = db_col_int(db, st, 4);
	r->set_at = db_col_int(db, st, 5);
}

enum ura_status
store_release_get(struct db *db, struct arena *a, int64_t case_id, struct release_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT case_id, release_on, variant, plan_starts_on, set_by, set_at "
		"FROM case_releases WHERE case_id = $1");

	return row_by_id(db, a, &q, case_id, read_release, out);
}

enum ura_status
store_release_set(struct db *db, const struct release_row *r)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO case_releases (case_id, release_on, variant, plan_starts_on, set_by, "
		"set_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id) DO UPDATE SET "
		"release_on = excluded.release_on, variant = excluded.variant, "
		"plan_starts_on = excluded.plan_starts_on, set_by = excluded.set_by, "
		"set_at = excluded.set_at");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, r->case_id);
	db_bind_text(db, st, 2, r->release_on);
	db_bind_text(db, st, 3, r->variant);
	db_bind_text(db, st, 4, r->plan_starts_on);
	db_bind_int(db, st, 5, r->set_by);
	db_bind_int(db, st, 6, r->set_at);
	return db_run(db, st);
}

enum ura_status
store_reintegration_task_put(struct db *db, int64_t case_id,
			     const struct reintegration_task_template *t, const char *due_on)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO reintegration_tasks (case_id, code, institution_type, institution_id, "
		"variant_only, due_on) SELECT c.id, $2, $3, COALESCE(CASE WHEN o.type = $3 THEN o.id "
		"END, (SELECT min(f.to_institution_id) FROM referrals f JOIN institutions i ON "
		"i.id = f.to_institution_id WHERE f.case_id = c.id AND i.type = $3 AND f.status IN "
		"('accepted', 'in_progress', 'completed')), o.id), $4, $5 FROM cases c "
		"JOIN institutions o ON o.id = c.owner_institution_id WHERE c.id = $1 "
		"ON CONFLICT (case_id, code) DO UPDATE SET due_on = excluded.due_on, "
		"institution_id = excluded.institution_id WHERE reintegration_tasks.status = 'open'");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	db_bind_text(db, st, 2, t->code);
	db_bind_text(db, st, 3, t->institution_type);
	db_bind_int(db, st, 4, t->variant_only ? 1 : 0);
	db_bind_text(db, st, 5, due_on);
	return db_run(db, st);
}

enum ura_status
store_reintegration_tasks_drop_variant(struct db *db, int64_t case_id)
{
	static struct db_query q = DB_QUERY(
		"DELETE FROM reintegration_tasks WHERE case_id = $1 AND variant_only = 1 AND "
		"status = 'open'");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	return db_run(db, st);
}

#define TASK_COLUMNS                                                                        \
	"SELECT id, case_id, institution_id, done_at, done_by, code, institution_type, due_on, " \
	"status, variant_only FROM reintegration_tasks "

static void
read_task(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct reintegration_task_row *t = row;

	t->id = db_col_int(db, st, 0);
	t->case_id = db_col_int(db, st, 1);
	t->institution_id = db_col_int(db, st, 2);
	t->done_at = row_int_or_zero(db, st, 3);
	t->done_by = row_int_or_zero(db, st, 4);
	t->code = row_text(db, st, 5, a);
	t->institution_type = row_text(db, st, 6, a);
	t->due_on = row_text(db, st, 7, a);
	t->status = row_text(db, st, 8, a);
	t->variant_only = db_col_int(db, st, 9) != 0;
}

enum ura_status
store_reintegration_tasks(struct db *db, struct arena *a, int64_t case_id,
			  struct reintegration_task_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		TASK_COLUMNS "WHERE case_id = $1 AND id > $2 ORDER BY due_on, id LIMIT $3");

	return rows_by_id(db, a, &q, case_id, 0, REINTEGRATION_TASKS_MAX, sizeof(**out),
			  read_task, (void **)out, n);
}

enum ura_status
store_reintegration_task_get(struct db *db, struct arena *a, int64_t id,
			     struct reintegration_task_row *out)
{
	static struct db_query q = DB_QUERY(TASK_COLUMNS "WHERE id = $1");

	return row_by_id(db, a, &q, id, read_task, out);
}

enum ura_status
store_reintegration_task_done(struct db *db, int64_t id, int64_t user, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE reintegration_tasks SET status = 'done', done_at = $1, done_by = $2 "
		"WHERE id = $3 AND status = 'open' RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t got;
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, now);
	db_bind_int(db, st, 2, user);
	db_bind_int(db, st, 3, id);
	rc = row_returning_int(db, st, &got);
	return rc == URA_ENOTFOUND ? URA_ECONFLICT : rc;
}

struct needs_row {
	struct blob answers;
	int64_t updated_at, updated_by;
};

static void
read_needs(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct needs_row *n = row;

	row_blob(db, st, 0, a, &n->answers);
	n->updated_at = db_col_int(db, st, 1);
	n->updated_by = db_col_int(db, st, 2);
}

enum ura_status
store_needs_get(struct db *db, struct arena *a, int64_t case_id, struct blob *answers,
		int64_t *updated_at, int64_t *updated_by)
{
	static struct db_query q = DB_QUERY(
		"SELECT answers, updated_at, updated_by FROM reintegration_needs WHERE case_id = $1");
	struct needs_row row = { 0 };
	enum ura_status st = row_by_id(db, a, &q, case_id, read_needs, &row);

	*answers = row.answers;
	*updated_at = row.updated_at;
	*updated_by = row.updated_by;
	return st;
}

enum ura_status
store_needs_set(struct db *db, int64_t case_id, const struct blob *answers, int64_t user,
		int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO reintegration_needs (case_id, answers, updated_by, updated_at) "
		"VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO UPDATE SET answers = "
		"excluded.answers, updated_by = excluded.updated_by, updated_at = excluded.updated_at");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	db_bind_blob(db, st, 2, answers->p, answers->len);
	db_bind_int(db, st, 3, user);
	db_bind_int(db, st, 4, now);
	return db_run(db, st);
}
