/* Rows for acting in time: risk instruments and assessments, protection orders and their
 * breaches, and the case plan's actions. */
#include "store/store.h"

#include <string.h>

#include "store/db.h"
#include "store/meetings.h"
#include "store/rows.h"

/* ---- instruments ---- */

enum ura_status
store_instrument_upsert(struct db *db, const struct instrument_row *i, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO instruments (code, kind, version, definition, loaded_at) "
		"VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, "
		"version = excluded.version, definition = excluded.definition, "
		"loaded_at = excluded.loaded_at WHERE excluded.version >= instruments.version "
		"AND excluded.definition <> instruments.definition");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, i->code);
	db_bind_text(db, st, 2, i->kind);
	db_bind_int(db, st, 3, i->version);
	db_bind_text(db, st, 4, i->definition);
	db_bind_int(db, st, 5, now);
	return db_run(db, st);
}

static void
read_instrument(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct instrument_row *i = row;

	i->id = db_col_int(db, st, 0);
	i->code = row_text(db, st, 1, a);
	i->kind = row_text(db, st, 2, a);
	i->version = db_col_int(db, st, 3);
	i->definition = row_text(db, st, 4, a);
}

enum ura_status
store_instrument_get(struct db *db, struct arena *a, int64_t id, struct instrument_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, code, kind, version, definition FROM instruments WHERE id = $1");
	return row_by_id(db, a, &q, id, read_instrument, out);
}

enum ura_status
store_instrument_by_code(struct db *db, struct arena *a, const char *code,
			 struct instrument_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, code, kind, version, definition FROM instruments WHERE code = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, code);
	if ((rc = db_step(db, st)) == DB_ROW)
		read_instrument(db, st, a, out);
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_instrument_list(struct db *db, struct arena *a, const char *kind, int64_t after, int limit,
		      struct instrument_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, code, kind, version, definition FROM instruments "
		"WHERE (CAST($1 AS TEXT) IS NULL OR kind = CAST($1 AS TEXT)) AND id > $2 "
		"ORDER BY id LIMIT $3");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(limit > 0 ? limit : 1));
	db_bind_text(db, st, 1, kind);
	db_bind_int(db, st, 2, after);
	db_bind_int(db, st, 3, limit);
	while ((rc = db_step(db, st)) == DB_ROW && *n < limit)
		read_instrument(db, st, a, &(*out)[(*n)++]);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

/* ---- assessments ---- */

enum ura_status
store_assessment_insert(struct db *db, const struct assessment_row *x, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO assessments (case_id, instrument_id, score, computed_level, level, "
		"critical, unanswered, next_review_on, assessed_by, assessed_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, x->case_id);
	db_bind_int(db, st, 2, x->instrument_id);
	db_bind_int(db, st, 3, x->score);
	db_bind_text(db, st, 4, x->computed_level);
	db_bind_text(db, st, 5, x->level);
	db_bind_int(db, st, 6, x->critical);
	db_bind_int(db, st, 7, x->unanswered);
	db_bind_text(db, st, 8, x->next_review_on);
	db_bind_int(db, st, 9, x->assessed_by);
	db_bind_int(db, st, 10, x->assessed_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_case_set_risk(struct db *db, int64_t case_id, const char *level, const char *next_review_on,
		    bool needs_meeting, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET risk_level = $1, next_review_on = $2, "
		"needs_meeting = CASE WHEN $3 = 1 THEN 1 ELSE needs_meeting END, "
		"version = version + 1, updated_at = $4 WHERE id = $5");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, level);
	db_bind_text(db, st, 2, next_review_on);
	db_bind_int(db, st, 3, needs_meeting);
	db_bind_int(db, st, 4, now);
	db_bind_int(db, st, 5, case_id);
	return db_run(db, st);
}

enum ura_status
store_case_review_due(struct db *db, int64_t case_id, const char *today, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET next_review_on = CASE WHEN next_review_on IS NOT NULL AND "
		"next_review_on < $1 THEN next_review_on ELSE $1 END, version = version + 1, "
		"updated_at = $2 WHERE id = $3");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, today);
	db_bind_int(db, st, 2, now);
	db_bind_int(db, st, 3, case_id);
	return db_run(db, st);
}

static void
read_assessment(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct assessment_row *x = row;

	x->id = db_col_int(db, st, 0);
	x->case_id = db_col_int(db, st, 1);
	x->instrument_id = db_col_int(db, st, 2);
	x->score = db_col_int(db, st, 3);
	x->computed_level = row_text(db, st, 4, a);
	x->level = row_text(db, st, 5, a);
	x->critical = db_col_int(db, st, 6) != 0;
	x->unanswered = db_col_int(db, st, 7);
	x->next_review_on = row_text(db, st, 8, a);
	x->assessed_by = row_int_or_zero(db, st, 9);
	x->assessed_at = db_col_int(db, st, 10);
	row_blob(db, st, 11, a, &x->answers);
	row_blob(db, st, 12, a, &x->override_reason);
	x->overridden = strcmp(x->level, x->computed_level) != 0;
}

enum ura_status
store_case_assessments(struct db *db, struct arena *a, int64_t case_id, int64_t after,
		       int limit, struct assessment_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, case_id, instrument_id, score, computed_level, level, critical, "
		"unanswered, next_review_on, assessed_by, assessed_at, answers, override_reason "
		"FROM assessments WHERE case_id = $1 AND id > $2 ORDER BY id LIMIT $3");
	return rows_by_id(db, a, &q, case_id, after, limit, sizeof(**out), read_assessment,
			  (void **)out, n);
}

/* ---- protection orders ---- */

#define ORDER_COLUMNS                                                                       \
	"SELECT id, case_id, type, status, requested_on, court_institution_id, "              \
	"decision_due_at, decided_on, valid_from, valid_to, breaches, created_by, created_at, " \
	"updated_at FROM protection_orders "

static void
read_order(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct order_row *o = row;

	o->id = db_col_int(db, st, 0);
	o->case_id = db_col_int(db, st, 1);
	o->type = row_text(db, st, 2, a);
	o->status = row_text(db, st, 3, a);
	o->requested_on = row_text(db, st, 4, a);
	o->court_institution_id = row_int_or_zero(db, st, 5);
	o->decision_due_at = db_col_int(db, st, 6);
	o->decided_on = row_text(db, st, 7, a);
	o->valid_from = row_text(db, st, 8, a);
	o->valid_to = row_text(db, st, 9, a);
	o->breaches = db_col_int(db, st, 10);
	o->created_by = row_int_or_zero(db, st, 11);
	o->created_at = db_col_int(db, st, 12);
	o->updated_at = db_col_int(db, st, 13);
}

enum ura_status
store_order_insert(struct db *db, const struct order_row *o, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO protection_orders (case_id, type, requested_on, court_institution_id, "
		"decision_due_at, created_by, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, o->case_id);
	db_bind_text(db, st, 2, o->type);
	db_bind_text(db, st, 3, o->requested_on);
	bind_int_or_null(db, st, 4, o->court_institution_id);
	db_bind_int(db, st, 5, o->decision_due_at);
	db_bind_int(db, st, 6, o->created_by);
	db_bind_int(db, st, 7, o->created_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_order_get(struct db *db, struct arena *a, int64_t id, struct order_row *out)
{
	static struct db_query q = DB_QUERY(ORDER_COLUMNS "WHERE id = $1");
	return row_by_id(db, a, &q, id, read_order, out);
}

enum ura_status
store_order_decide(struct db *db, const struct order_row *o, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE protection_orders SET status = $1, decided_on = $2, valid_from = $3, "
		"valid_to = $4, updated_at = $5 WHERE id = $6 AND status = 'pending' RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t id;
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, o->status);
	db_bind_text(db, st, 2, o->decided_on);
	db_bind_text(db, st, 3, o->valid_from);
	db_bind_text(db, st, 4, o->valid_to);
	db_bind_int(db, st, 5, now);
	db_bind_int(db, st, 6, o->id);
	status = row_returning_int(db, st, &id);
	return status == URA_ENOTFOUND ? URA_ECONFLICT : status;
}

enum ura_status
store_order_breach(struct db *db, int64_t order_id, const char *occurred_on, int64_t by,
		   int64_t now)
{
	static struct db_query add = DB_QUERY(
		"INSERT INTO order_breaches (order_id, occurred_on, recorded_by, recorded_at) "
		"VALUES ($1, $2, $3, $4)");
	static struct db_query count = DB_QUERY(
		"UPDATE protection_orders SET breaches = breaches + 1, updated_at = $1 WHERE id = $2");
	struct db_stmt *st = db_prepare(db, &add);
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, order_id);
	db_bind_text(db, st, 2, occurred_on);
	db_bind_int(db, st, 3, by);
	db_bind_int(db, st, 4, now);
	if ((status = db_run(db, st)) != URA_OK || (st = db_prepare(db, &count)) == NULL)
		return status != URA_OK ? status : URA_EINTERNAL;
	db_bind_int(db, st, 1, now);
	db_bind_int(db, st, 2, order_id);
	return db_run(db, st);
}

enum ura_status
store_case_orders(struct db *db, struct arena *a, int64_t case_id, int64_t after, int limit,
		  struct order_row **out, int *n)
{
	static struct db_query q = DB_QUERY(ORDER_COLUMNS
		"WHERE case_id = $1 AND id > $2 ORDER BY id LIMIT $3");
	return rows_by_id(db, a, &q, case_id, after, limit, sizeof(**out), read_order,
			  (void **)out, n);
}

/* ---- actions ---- */

#define ACTION_COLUMNS                                                                      \
	"SELECT id, case_id, kind, title, responsible_institution_id, due_on, status, "        \
	"created_by, created_at, updated_at FROM case_actions "

static void
read_action(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct action_row *x = row;

	x->id = db_col_int(db, st, 0);
	x->case_id = db_col_int(db, st, 1);
	x->kind = row_text(db, st, 2, a);
	row_blob(db, st, 3, a, &x->title);
	x->responsible_institution_id = db_col_int(db, st, 4);
	x->due_on = row_text(db, st, 5, a);
	x->status = row_text(db, st, 6, a);
	x->created_by = row_int_or_zero(db, st, 7);
	x->created_at = db_col_int(db, st, 8);
	x->updated_at = db_col_int(db, st, 9);
}

enum ura_status
store_action_insert(struct db *db, const struct action_row *x, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO case_actions (case_id, kind, responsible_institution_id, due_on, "
		"created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, x->case_id);
	db_bind_text(db, st, 2, x->kind);
	db_bind_int(db, st, 3, x->responsible_institution_id);
	db_bind_text(db, st, 4, x->due_on);
	db_bind_int(db, st, 5, x->created_by);
	db_bind_int(db, st, 6, x->created_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_action_get(struct db *db, struct arena *a, int64_t id, struct action_row *out)
{
	static struct db_query q = DB_QUERY(ACTION_COLUMNS "WHERE id = $1");
	return row_by_id(db, a, &q, id, read_action, out);
}

enum ura_status
store_action_move(struct db *db, int64_t id, const char *from, const char *to, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE case_actions SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4 "
		"RETURNING id");
	return row_status_move(db, &q, id, from, to, now);
}

enum ura_status
store_case_actions(struct db *db, struct arena *a, int64_t case_id, int64_t after, int limit,
		   struct action_row **out, int *n)
{
	static struct db_query q = DB_QUERY(ACTION_COLUMNS
		"WHERE case_id = $1 AND id > $2 ORDER BY id LIMIT $3");
	return rows_by_id(db, a, &q, case_id, after, limit, sizeof(**out), read_action,
			  (void **)out, n);
}
