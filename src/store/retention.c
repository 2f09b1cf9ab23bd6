/* Retention's rows: candidates, anonymising one case, legal holds (see retention.h). */
#include "store/retention.h"

#include <string.h>

#include "core/clock.h"
#include "store/attachments.h"
#include "store/db.h"
#include "store/rows.h"

#define RETENTION_COLUMNS                                                                   \
	"SELECT c.id, c.reference, c.kind, c.status, c.closed_at, c.created_at, c.updated_at, " \
	"o.reported_to_police_on, o.investigated_on, o.prosecuted_on, CASE WHEN EXISTS "      \
	"(SELECT 1 FROM legal_holds h WHERE h.case_id = c.id AND h.lifted_at IS NULL) "       \
	"THEN 1 ELSE 0 END, c.anonymised_at FROM cases c "                                     \
	"LEFT JOIN hate_crime_outcomes o ON o.case_id = c.id "

static void
read_retention(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct retention_row *c = row;
	const char *last = NULL;

	c->id = db_col_int(db, st, 0);
	c->reference = row_text(db, st, 1, a);
	c->kind = row_text(db, st, 2, a);
	c->status = row_text(db, st, 3, a);
	c->closed_at = row_int_or_zero(db, st, 4);
	c->created_at = db_col_int(db, st, 5);
	c->updated_at = db_col_int(db, st, 6);
	/* The last of the outcome dates (ISO dates order as text). */
	for (int i = 7; i <= 9; i++) {
		const char *d = row_text(db, st, i, a);
		if (d != NULL && (last == NULL || strcmp(d, last) > 0))
			last = d;
	}
	c->outcome_at = 0;
	if (last != NULL && clock_parse_date(last, &c->outcome_at))
		c->outcome_at *= 86400;
	c->held = db_col_int(db, st, 10) != 0;
	c->anonymised = !db_col_null(db, st, 11);
}

enum ura_status
store_retention_candidates(struct db *db, struct arena *a,
			   const int64_t cutoffs[RETENTION_KINDS], int64_t after, int limit,
			   struct retention_row **out, int *n)
{
	static struct db_query q = DB_QUERY(RETENTION_COLUMNS
		"WHERE c.status = 'closed' AND c.anonymised_at IS NULL AND c.id > $1 AND "
		"c.closed_at <= CASE c.kind WHEN 'domestic_violence' THEN $2 WHEN 'gbv' THEN $3 "
		"WHEN 'hate_crime' THEN $4 WHEN 'reintegration' THEN $5 ELSE -1 END "
		"ORDER BY c.id LIMIT $6");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, after);
	for (int i = 0; i < RETENTION_KINDS; i++)
		db_bind_int(db, st, 2 + i, cutoffs[i]);
	db_bind_int(db, st, 6, limit);
	return rows_read(db, st, a, limit, sizeof(**out), read_retention, (void **)out, n);
}

enum ura_status
store_retention_case(struct db *db, struct arena *a, int64_t id, struct retention_row *out)
{
	static struct db_query q = DB_QUERY(RETENTION_COLUMNS "WHERE c.id = $1");
	enum ura_status st = store_case_lock(db, id);

	return st != URA_OK ? st : row_by_id(db, a, &q, id, read_retention, out);
}

/* Kept by month: a date "YYYY-MM-DD" becomes "YYYY-MM-01". */
#define MONTH_OF(col) col " = substr(" col ", 1, 7) || '-01'"

/* Everything of the case that may name or find a person, beside its own row: each statement
 * takes the case id as $1. The rows stay (the reports count them); their texts go. */
static struct db_query erase_queries[] = {
	DB_QUERY("UPDATE incidents SET narrative = NULL, " MONTH_OF("occurred_on")
		 " WHERE case_id = $1"),
	DB_QUERY("UPDATE case_notes SET body = NULL WHERE case_id = $1"),
	DB_QUERY("UPDATE referrals SET reason = NULL, justification = NULL, answer = NULL, "
		 "outcome = NULL, address_reason = NULL WHERE case_id = $1"),
	DB_QUERY("UPDATE emergency_grants SET justification = NULL WHERE case_id = $1"),
	DB_QUERY("UPDATE case_transfers SET reason = NULL, answer = NULL WHERE case_id = $1"),
	DB_QUERY("UPDATE assessments SET answers = NULL, override_reason = NULL "
		 "WHERE case_id = $1"),
	DB_QUERY("UPDATE case_actions SET title = NULL WHERE case_id = $1"),
	DB_QUERY("UPDATE meeting_agenda SET topic = NULL WHERE case_id = $1"),
	DB_QUERY("UPDATE meeting_decisions SET text = NULL WHERE case_id = $1"),
	DB_QUERY("DELETE FROM reintegration_needs WHERE case_id = $1"),
	DB_QUERY("UPDATE case_releases SET " MONTH_OF("release_on") ", "
		 MONTH_OF("plan_starts_on") " WHERE case_id = $1"),
	DB_QUERY("UPDATE hate_crime_outcomes SET " MONTH_OF("reported_to_police_on") ", "
		 MONTH_OF("investigated_on") ", " MONTH_OF("prosecuted_on") " WHERE case_id = $1"),
	DB_QUERY("UPDATE public_reports SET details = NULL, message = NULL, close_reason = NULL "
		 "WHERE case_id = $1"),
	DB_QUERY("UPDATE legal_holds SET reason = NULL WHERE case_id = $1"),
};

enum ura_status
store_case_anonymise(struct db *db, const struct retention_row *c, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET identity = NULL, contact = NULL, children = NULL, "
		"perpetrator = NULL, survivor_index = NULL, perpetrator_index = NULL, "
		"survivor_name_index = NULL, personal_number_index = NULL, data_key = NULL, "
		"key_source = 'erased', anonymised_at = $2, created_at = $3, updated_at = $4, "
		"closed_at = $5, version = version + 1 WHERE id = $1 AND anonymised_at IS NULL "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t id;
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, c->id);
	db_bind_int(db, st, 2, now);
	db_bind_int(db, st, 3, retention_month_start(c->created_at));
	db_bind_int(db, st, 4, retention_month_start(c->updated_at));
	db_bind_int(db, st, 5, retention_month_start(c->closed_at));
	if ((status = row_returning_int(db, st, &id)) != URA_OK)
		return status == URA_ENOTFOUND ? URA_ECONFLICT : status;
	for (size_t i = 0; i < sizeof(erase_queries) / sizeof(erase_queries[0]); i++) {
		if ((st = db_prepare(db, &erase_queries[i])) == NULL)
			return URA_EINTERNAL;
		db_bind_int(db, st, 1, c->id);
		if ((status = db_run(db, st)) != URA_OK)
			return status;
	}
	/* Its attachments' names, keys and bytes (SQLite's files follow the commit). */
	return store_case_attachments_purge(db, c->id, now);
}

/* ---- legal holds ---- */

enum ura_status
store_hold_insert(struct db *db, const struct hold_row *h, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO legal_holds (case_id, placed_by, placed_at) VALUES ($1, $2, $3) "
		"ON CONFLICT DO NOTHING RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, h->case_id);
	db_bind_int(db, st, 2, h->placed_by);
	db_bind_int(db, st, 3, h->placed_at);
	status = row_returning_int(db, st, id);
	return status == URA_ENOTFOUND ? URA_EEXISTS : status;
}

enum ura_status
store_hold_set_reason(struct db *db, int64_t id, const struct blob *reason)
{
	static struct db_query q = DB_QUERY("UPDATE legal_holds SET reason = $1 WHERE id = $2");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	bind_blob_or_null(db, st, 1, reason);
	db_bind_int(db, st, 2, id);
	return db_run(db, st);
}

enum ura_status
store_hold_lift(struct db *db, int64_t case_id, int64_t by, int64_t now, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"UPDATE legal_holds SET lifted_by = $2, lifted_at = $3 "
		"WHERE case_id = $1 AND lifted_at IS NULL RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	db_bind_int(db, st, 2, by);
	db_bind_int(db, st, 3, now);
	return row_returning_int(db, st, id);
}

static void
read_hold(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct hold_row *h = row;

	h->id = db_col_int(db, st, 0);
	h->case_id = db_col_int(db, st, 1);
	row_blob(db, st, 2, a, &h->reason);
	h->placed_by = db_col_int(db, st, 3);
	h->placed_at = db_col_int(db, st, 4);
	h->lifted_by = row_int_or_zero(db, st, 5);
	h->lifted_at = row_int_or_zero(db, st, 6);
}

enum ura_status
store_case_holds(struct db *db, struct arena *a, int64_t case_id, struct hold_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, case_id, reason, placed_by, placed_at, lifted_by, lifted_at "
		"FROM legal_holds WHERE case_id = $1 AND id > $2 ORDER BY id DESC LIMIT $3");

	return rows_by_id(db, a, &q, case_id, 0, 50, sizeof(**out), read_hold, (void **)out, n);
}
