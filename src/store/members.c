/* Mechanism membership: which institutions signed a mechanism's memorandum. */
#include "store/rows.h"
#include "store/store.h"

#include "store/db.h"

enum ura_status
store_mechanism_coordinator(struct db *db, int64_t mechanism_id, int64_t *user_id)
{
	static struct db_query q = DB_QUERY(
		"SELECT coalesce(coordinator_user_id, 0) FROM mechanisms WHERE id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		*user_id = db_col_int(db, st, 0);
	db_done(db, st);
	return db_row_status(db, rc);
}

static enum ura_status
row_exists(struct db *db, struct db_query *q, int64_t id)
{
	struct db_stmt *st = db_prepare(db, q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	rc = db_step(db, st);
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_institution_exists(struct db *db, int64_t id)
{
	static struct db_query q = DB_QUERY("SELECT 1 FROM institutions WHERE id = $1");
	return row_exists(db, &q, id);
}

enum ura_status
store_municipality_exists(struct db *db, int64_t id)
{
	static struct db_query q = DB_QUERY("SELECT 1 FROM municipalities WHERE id = $1");
	return row_exists(db, &q, id);
}

enum ura_status
store_member_add(struct db *db, int64_t mechanism_id, int64_t institution_id,
		 const char *joined_on, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO mechanism_members (mechanism_id, institution_id, joined_on, added_at) "
		"VALUES ($1, $2, $3, $4)");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_int(db, st, 2, institution_id);
	db_bind_text(db, st, 3, joined_on);
	db_bind_int(db, st, 4, now);
	return db_run(db, st);
}

enum ura_status
store_member_remove(struct db *db, int64_t mechanism_id, int64_t institution_id)
{
	static struct db_query q = DB_QUERY(
		"DELETE FROM mechanism_members WHERE mechanism_id = $1 AND institution_id = $2 "
		"RETURNING institution_id");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_int(db, st, 2, institution_id);
	rc = db_step(db, st);
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_member_list(struct db *db, struct arena *a, int64_t mechanism_id, struct member_row **out,
		  int *n)
{
	/* A mechanism has tens of members; 500 is far above any memorandum seen. */
	enum { MEMBERS_MAX = 500 };
	static struct db_query q = DB_QUERY(
		"SELECT m.institution_id, i.name, i.type, m.joined_on, m.added_at "
		"FROM mechanism_members m JOIN institutions i ON i.id = m.institution_id "
		"WHERE m.mechanism_id = $1 ORDER BY i.name, m.institution_id LIMIT $2");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(struct member_row) * MEMBERS_MAX);
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_int(db, st, 2, MEMBERS_MAX);
	while ((rc = db_step(db, st)) == DB_ROW && *n < MEMBERS_MAX) {
		struct member_row *m = &(*out)[(*n)++];
		const char *joined = db_col_text(db, st, 3);
		m->institution_id = db_col_int(db, st, 0);
		m->name = arena_strdup(a, db_col_text(db, st, 1));
		m->type = arena_strdup(a, db_col_text(db, st, 2));
		m->joined_on = joined ? arena_strdup(a, joined) : NULL;
		m->added_at = db_col_int(db, st, 4);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

static void
read_membership(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct membership_row *m = row;

	m->mechanism_id = db_col_int(db, st, 0);
	m->joined_on = row_text(db, st, 1, a);
}

enum ura_status
store_memberships_of(struct db *db, struct arena *a, int64_t institution_id, int64_t after,
		     int limit, struct membership_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT mechanism_id, joined_on FROM mechanism_members "
		"WHERE institution_id = $1 AND mechanism_id > $2 ORDER BY mechanism_id LIMIT $3");

	return rows_by_id(db, a, &q, institution_id, after, limit, sizeof(**out), read_membership,
			  (void **)out, n);
}
