/* The data-protection answers' queries (see data_protection.h). */
#include "store/data_protection.h"

#include "store/db.h"
#include "store/rows.h"

static void
read_sar_case(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct sar_case_row *c = row;

	c->id = db_col_int(db, st, 0);
	c->reference = row_text(db, st, 1, a);
	c->kind = row_text(db, st, 2, a);
	c->status = row_text(db, st, 3, a);
	c->owner_institution_id = db_col_int(db, st, 4);
	c->created_at = db_col_int(db, st, 5);
}

enum ura_status
store_sar_cases(struct db *db, struct arena *a, const unsigned char *index, size_t len,
		int64_t owner, int max, struct sar_case_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, reference, kind, status, owner_institution_id, created_at FROM cases "
		"WHERE survivor_index = $1 AND ($2 = 0 OR owner_institution_id = $2) "
		"ORDER BY id DESC LIMIT $3");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_blob(db, st, 1, index, len);
	db_bind_int(db, st, 2, owner);
	db_bind_int(db, st, 3, max);
	return rows_read(db, st, a, max, sizeof(**out), read_sar_case, (void **)out, n);
}

static void
read_access(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct sar_access_row *x = row;

	x->day = db_col_int(db, st, 0);
	x->institution_id = row_int_or_zero(db, st, 1);
	x->role = row_text(db, st, 2, a);
	x->action = row_text(db, st, 3, a);
	x->count = db_col_int(db, st, 4);
}

#define SAR_ACCESS_SQL(IDS)                                                                 \
	"SELECT a.at / 86400, a.institution_id, coalesce(u.role, ''), a.action, count(*) "    \
	"FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id WHERE a.case_id IN "     \
	IDS " GROUP BY a.at / 86400, a.institution_id, coalesce(u.role, ''), a.action "       \
	"ORDER BY 1, 2, 3, 4 LIMIT $2"

enum ura_status
store_sar_access(struct db *db, struct arena *a, const int64_t *case_ids, int n, int limit,
		 struct sar_access_row **out, int *nout)
{
	static struct db_query q = DB_QUERY_BY_ENGINE(SAR_ACCESS_SQL(ROWS_IDS_SQLITE("$1")),
						      SAR_ACCESS_SQL(ROWS_IDS_POSTGRES("$1")));
	struct db_stmt *st = db_prepare(db, &q);

	*nout = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, arena_ids_json(a, case_ids, n));
	db_bind_int(db, st, 2, limit);
	return rows_read(db, st, a, limit, sizeof(**out), read_access, (void **)out, nout);
}

static void
read_institution(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct sar_institution_row *x = row;

	x->id = db_col_int(db, st, 0);
	x->name = row_text(db, st, 1, a);
	x->type = row_text(db, st, 2, a);
	x->phone = row_text(db, st, 3, a);
	x->email = row_text(db, st, 4, a);
	x->address = row_text(db, st, 5, a);
}

#define SAR_INSTITUTIONS_SQL(IDS)                                                           \
	"SELECT id, name, type, phone, email, address FROM institutions WHERE id IN " IDS     \
	" AND $2 = $2 ORDER BY id"

enum ura_status
store_sar_institutions(struct db *db, struct arena *a, const int64_t *ids, int n,
		       struct sar_institution_row **out, int *nout)
{
	static struct db_query q = DB_QUERY_BY_ENGINE(
		SAR_INSTITUTIONS_SQL(ROWS_IDS_SQLITE("$1")),
		SAR_INSTITUTIONS_SQL(ROWS_IDS_POSTGRES("$1")));
	struct db_stmt *st = db_prepare(db, &q);

	*nout = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, arena_ids_json(a, ids, n));
	db_bind_int(db, st, 2, 0);
	return rows_read(db, st, a, n > 0 ? n : 1, sizeof(**out), read_institution, (void **)out,
			 nout);
}

/* ---- the record of processing activities ---- */

static void
read_processing_institution(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct processing_institution_row *x = row;

	x->id = db_col_int(db, st, 0);
	x->name = row_text(db, st, 1, a);
	x->type = row_text(db, st, 2, a);
	x->country = row_text(db, st, 3, a);
	x->mechanisms = db_col_int(db, st, 4);
}

enum ura_status
store_processing_institutions(struct db *db, struct arena *a, int limit,
			      struct processing_institution_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT i.id, i.name, i.type, mu.country, (SELECT count(*) FROM mechanism_members "
		"mm WHERE mm.institution_id = i.id) FROM institutions i JOIN municipalities mu ON "
		"mu.id = i.municipality_id ORDER BY i.id LIMIT $1");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, limit);
	return rows_read(db, st, a, limit, sizeof(**out), read_processing_institution,
			 (void **)out, n);
}

static void
read_sharing(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct processing_sharing_row *x = row;

	x->basis = row_text(db, st, 0, a);
	x->institution_type = row_text(db, st, 1, a);
	x->referrals = db_col_int(db, st, 2);
}

/* At most every basis × every institution type. */
#define SHARING_ROWS_MAX 64

enum ura_status
store_processing_sharing(struct db *db, struct arena *a, int64_t since,
			 struct processing_sharing_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT f.basis, i.type, count(*) FROM referrals f JOIN institutions i ON i.id = "
		"f.to_institution_id WHERE f.created_at >= $1 GROUP BY f.basis, i.type "
		"ORDER BY f.basis, i.type LIMIT $2");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, since);
	db_bind_int(db, st, 2, SHARING_ROWS_MAX);
	return rows_read(db, st, a, SHARING_ROWS_MAX, sizeof(**out), read_sharing, (void **)out,
			 n);
}

static void
read_mechanism(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct processing_mechanism_row *x = row;

	x->id = db_col_int(db, st, 0);
	x->name = row_text(db, st, 1, a);
	x->kind = row_text(db, st, 2, a);
	x->country = row_text(db, st, 3, a);
}

enum ura_status
store_processing_cross_border(struct db *db, struct arena *a, int limit,
			      struct processing_mechanism_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT m.id, m.name, m.kind, mu.country FROM mechanisms m JOIN municipalities mu "
		"ON mu.id = m.municipality_id WHERE m.cross_border_sharing <> 0 ORDER BY m.id "
		"LIMIT $1");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, limit);
	return rows_read(db, st, a, limit, sizeof(**out), read_mechanism, (void **)out, n);
}
