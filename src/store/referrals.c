/* Referral rows: the packet's plain columns, its encrypted texts, and guarded moves. */
#include "store/store.h"

#include <string.h>

#include "store/db.h"
#include "store/rows.h"

#define REFERRAL_COLUMNS                                                                    \
	"f.id, f.case_id, c.reference, f.from_institution_id, f.to_institution_id, "          \
	"f.service, f.urgency, f.status, f.share, f.basis, f.respond_by, f.created_by, "      \
	"f.created_at, f.updated_at, f.reason, f.justification, f.answer, f.outcome, "        \
	"f.address_disclosed, f.address_reason, " CASE_KEY_COLUMNS
#define REFERRAL_FROM " FROM referrals f JOIN cases c ON c.id = f.case_id "

static void
read_referral(struct db *db, struct db_stmt *st, struct arena *a, struct referral_row *r)
{
	r->id = db_col_int(db, st, 0);
	r->case_id = db_col_int(db, st, 1);
	r->case_reference = row_text(db, st, 2, a);
	r->from_institution_id = db_col_int(db, st, 3);
	r->to_institution_id = db_col_int(db, st, 4);
	r->service = row_text(db, st, 5, a);
	r->urgency = row_text(db, st, 6, a);
	r->status = row_text(db, st, 7, a);
	r->share = row_text(db, st, 8, a);
	r->basis = row_text(db, st, 9, a);
	r->respond_by = db_col_int(db, st, 10);
	r->created_by = db_col_null(db, st, 11) ? 0 : db_col_int(db, st, 11);
	r->created_at = db_col_int(db, st, 12);
	r->updated_at = db_col_int(db, st, 13);
	row_blob(db, st, 14, a, &r->reason);
	row_blob(db, st, 15, a, &r->justification);
	row_blob(db, st, 16, a, &r->answer);
	row_blob(db, st, 17, a, &r->outcome);
	r->address_disclosed = db_col_int(db, st, 18) != 0;
	row_blob(db, st, 19, a, &r->address_reason);
	read_case_key_cols(db, st, 20, a, &r->case_key);
}

enum ura_status
store_referral_insert(struct db *db, const struct referral_row *r, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO referrals (case_id, from_institution_id, to_institution_id, service, "
		"urgency, share, basis, respond_by, created_by, created_at, updated_at, "
		"address_disclosed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, r->case_id);
	db_bind_int(db, st, 2, r->from_institution_id);
	db_bind_int(db, st, 3, r->to_institution_id);
	db_bind_text(db, st, 4, r->service);
	db_bind_text(db, st, 5, r->urgency);
	db_bind_text(db, st, 6, r->share);
	db_bind_text(db, st, 7, r->basis);
	db_bind_int(db, st, 8, r->respond_by);
	db_bind_int(db, st, 9, r->created_by);
	db_bind_int(db, st, 10, r->created_at);
	db_bind_int(db, st, 11, r->address_disclosed);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		*id = db_col_int(db, st, 0);
	db_done(db, st);
	return rc == DB_ROW ? URA_OK : db_error(db);
}

enum ura_status
store_referral_set_texts(struct db *db, const struct referral_row *r)
{
	static struct db_query q = DB_QUERY(
		"UPDATE referrals SET reason = $1, justification = $2, address_reason = $3 "
		"WHERE id = $4");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	bind_blob_or_null(db, st, 1, &r->reason);
	bind_blob_or_null(db, st, 2, &r->justification);
	bind_blob_or_null(db, st, 3, &r->address_reason);
	db_bind_int(db, st, 4, r->id);
	return db_run(db, st);
}

enum ura_status
store_referral_get(struct db *db, struct arena *a, int64_t id, struct referral_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT " REFERRAL_COLUMNS REFERRAL_FROM "WHERE f.id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		read_referral(db, st, a, out);
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_referral_move(struct db *db, int64_t id, const char *from, const char *to,
		    const struct blob *answer, const struct blob *outcome, int64_t now)
{
	/* The status guard makes two concurrent moves from one state end in one 409. */
	static struct db_query q = DB_QUERY(
		"UPDATE referrals SET status = $1, answer = coalesce($2, answer), "
		"outcome = coalesce($3, outcome), updated_at = $4, responded_at = CASE WHEN "
		"$1 IN ('accepted', 'declined') THEN $4 ELSE responded_at END "
		"WHERE id = $5 AND status = $6 RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, to);
	bind_blob_or_null(db, st, 2, answer);
	bind_blob_or_null(db, st, 3, outcome);
	db_bind_int(db, st, 4, now);
	db_bind_int(db, st, 5, id);
	db_bind_text(db, st, 6, from);
	rc = db_step(db, st);
	db_done(db, st);
	return rc == DB_ROW ? URA_OK : rc == DB_DONE ? URA_ECONFLICT : db_error(db);
}

/* Runs a referral query whose rows are REFERRAL_COLUMNS, after binding by the caller. */
static enum ura_status
collect(struct db *db, struct db_stmt *st, struct arena *a, int max, struct referral_row **out,
	int *n)
{
	enum db_step rc;

	*out = arena_alloc(a, sizeof(**out) * (size_t)(max > 0 ? max : 1));
	while ((rc = db_step(db, st)) == DB_ROW && *n < max)
		read_referral(db, st, a, &(*out)[(*n)++]);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_case_referrals(struct db *db, struct arena *a, int64_t case_id, struct referral_row **out,
		     int *n)
{
	enum { REFERRALS_MAX = 200 };
	static struct db_query q = DB_QUERY(
		"SELECT " REFERRAL_COLUMNS REFERRAL_FROM "WHERE f.case_id = $1 ORDER BY f.id LIMIT $2");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	db_bind_int(db, st, 2, REFERRALS_MAX);
	return collect(db, st, a, REFERRALS_MAX, out, n);
}

enum ura_status
store_referral_list(struct db *db, struct arena *a, const struct referral_filter *f,
		    struct referral_row **out, int *n)
{
	static struct db_query q_in = DB_QUERY(
		"SELECT " REFERRAL_COLUMNS REFERRAL_FROM "WHERE f.to_institution_id = $1 "
		"AND ($2 = 0 OR f.id < $2) AND (CAST($3 AS TEXT) IS NULL OR f.status = "
		"CAST($3 AS TEXT)) ORDER BY f.id DESC LIMIT $4");
	static struct db_query q_out = DB_QUERY(
		"SELECT " REFERRAL_COLUMNS REFERRAL_FROM "WHERE f.from_institution_id = $1 "
		"AND ($2 = 0 OR f.id < $2) AND (CAST($3 AS TEXT) IS NULL OR f.status = "
		"CAST($3 AS TEXT)) ORDER BY f.id DESC LIMIT $4");
	struct db_stmt *st = db_prepare(db, f->incoming ? &q_in : &q_out);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, f->institution_id);
	db_bind_int(db, st, 2, f->before);
	db_bind_text(db, st, 3, f->status);
	db_bind_int(db, st, 4, f->limit);
	return collect(db, st, a, f->limit, out, n);
}

enum ura_status
store_institution_type(struct db *db, struct arena *a, int64_t id, const char **type)
{
	static struct db_query q = DB_QUERY("SELECT type FROM institutions WHERE id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		*type = row_text(db, st, 0, a);
	db_done(db, st);
	return db_row_status(db, rc);
}
