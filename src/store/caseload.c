/*
 * What the browser UI's screens ask of the database beyond the case itself: the worklist
 * (one aggregation), an institution's staff, what an institution offers, the server's own
 * settings and the demo's accounts.
 */
#include "store/store.h"

#include "store/db.h"
#include "store/rows.h"

enum ura_status
store_worklist(struct db *db, const struct worklist_scope *s, struct worklist *out)
{
	/* One statement, one count per item: $1 the institution, $2 the user, $3 now, $4 today,
	 * $5 the last day an order counts as expiring. */
	static struct db_query q = DB_QUERY(
		"SELECT (SELECT count(*) FROM referrals f WHERE f.to_institution_id = $1 AND "
		"f.status = 'sent'), (SELECT count(*) FROM referrals f WHERE "
		"f.to_institution_id = $1 AND f.status = 'sent' AND f.respond_by < $3), "
		"(SELECT count(*) FROM cases c WHERE c.owner_institution_id = $1 AND "
		"c.status <> 'closed' AND c.next_review_on IS NOT NULL AND c.next_review_on <= $4), "
		"(SELECT count(*) FROM case_actions a JOIN cases c ON c.id = a.case_id WHERE "
		"(a.responsible_institution_id = $1 OR c.owner_institution_id = $1) AND "
		"a.status IN ('open', 'in_progress') AND a.due_on < $4), "
		"(SELECT count(*) FROM protection_orders o JOIN cases c ON c.id = o.case_id WHERE "
		"c.owner_institution_id = $1 AND o.status = 'pending' AND o.decision_due_at < $3), "
		"(SELECT count(*) FROM protection_orders o JOIN cases c ON c.id = o.case_id WHERE "
		"c.owner_institution_id = $1 AND o.status = 'granted' AND o.valid_to >= $4 AND "
		"o.valid_to <= $5), (SELECT count(*) FROM case_transfers t WHERE "
		"t.to_institution_id = $1 AND t.status = 'pending'), (SELECT count(*) FROM cases c "
		"WHERE c.assigned_user_id = $2 AND c.status <> 'closed'), (SELECT count(*) FROM "
		"notifications n WHERE n.user_id = $2 AND n.read_at IS NULL)");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t *counts[] = { &out->referrals_new, &out->referrals_overdue, &out->reviews_due,
			      &out->actions_overdue, &out->orders_decision_overdue,
			      &out->orders_expiring, &out->transfers_pending, &out->assigned_to_me,
			      &out->notifications_unread };
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, s->institution_id);
	db_bind_int(db, st, 2, s->user_id);
	db_bind_int(db, st, 3, s->now);
	db_bind_text(db, st, 4, s->today);
	db_bind_text(db, st, 5, s->expiring_until);
	if ((rc = db_step(db, st)) == DB_ROW)
		for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
			*counts[i] = db_col_int(db, st, (int)i);
	db_done(db, st);
	return db_row_status(db, rc);
}

static void
read_staff(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct staff_row *s = row;

	s->id = db_col_int(db, st, 0);
	s->display_name = row_text(db, st, 1, a);
	s->role = row_text(db, st, 2, a);
	s->username = row_text(db, st, 3, a);
	s->institution_name = row_text(db, st, 4, a);
}

enum ura_status
store_institution_staff(struct db *db, struct arena *a, int64_t institution_id, int64_t after,
			int limit, struct staff_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT u.id, u.display_name, u.role, u.username, i.name FROM users u "
		"JOIN institutions i ON i.id = u.institution_id WHERE u.institution_id = $1 "
		"AND u.id > $2 AND u.active = 1 AND u.role IN ('caseworker', 'manager') "
		"ORDER BY u.id LIMIT $3");

	return rows_by_id(db, a, &q, institution_id, after, limit, sizeof(**out), read_staff,
			  (void **)out, n);
}

enum ura_status
store_demo_accounts(struct db *db, struct arena *a, int64_t after, int limit,
		    struct staff_row **out, int *n)
{
	/* The paging helper's shape: users whose `active` is $1, after id $2, at most $3. */
	static struct db_query q = DB_QUERY(
		"SELECT u.id, u.display_name, u.role, u.username, i.name FROM users u "
		"LEFT JOIN institutions i ON i.id = u.institution_id WHERE u.active = $1 "
		"AND u.id > $2 ORDER BY u.id LIMIT $3");

	return rows_by_id(db, a, &q, 1, after, limit, sizeof(**out), read_staff, (void **)out, n);
}

static void
read_offer(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct institution_offer *o = row;

	o->type = row_text(db, st, 0, a);
	o->services = row_text(db, st, 1, a);
}

enum ura_status
store_institution_offer(struct db *db, struct arena *a, int64_t id,
			struct institution_offer *out)
{
	static struct db_query q = DB_QUERY("SELECT type, services FROM institutions WHERE id = $1");

	return row_by_id(db, a, &q, id, read_offer, out);
}

enum ura_status
store_setting_get(struct db *db, struct arena *a, const char *name, const char **value)
{
	static struct db_query q = DB_QUERY("SELECT value FROM settings WHERE name = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, name);
	if ((rc = db_step(db, st)) == DB_ROW)
		*value = row_text(db, st, 0, a);
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_setting_put(struct db *db, const char *name, const char *value)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO settings (name, value) VALUES ($1, $2) "
		"ON CONFLICT (name) DO UPDATE SET value = excluded.value");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, name);
	db_bind_text(db, st, 2, value);
	return db_run(db, st);
}

static void
read_country(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	*(const char **)row = row_text(db, st, 0, a);
}

enum ura_status
store_municipality_country(struct db *db, struct arena *a, int64_t id, const char **country)
{
	static struct db_query q = DB_QUERY("SELECT country FROM municipalities WHERE id = $1");

	return row_by_id(db, a, &q, id, read_country, country);
}
