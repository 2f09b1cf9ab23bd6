/*
 * The intake queues in SQL (see intake.h). A report is read with its mechanism's coordinator
 * and hate-crime contact point in one statement; a queue is one statement whose WHERE keeps
 * only the reports that may concern the caller, so that the domain's per-row decision works
 * on a page, never on the table.
 */
#include "store/intake.h"

#include "store/db.h"
#include "store/rows.h"

#define INTAKE_COLUMNS                                                                      \
	"SELECT " PUBLIC_REPORT_COLUMNS ", "                                                  \
	"coalesce(m.coordinator_user_id, 0), coalesce(m.hate_crime_contact_institution_id, 0), " \
	"coalesce(p.case_id, 0), coalesce(p.police_institution_id, 0), "                      \
	"coalesce(p.triaged_by, 0), coalesce(p.triaged_at, 0), p.outcome, p.close_reason "    \
	"FROM public_reports p LEFT JOIN mechanisms m ON m.id = p.mechanism_id "

static void
read_intake(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct intake_row *r = row;

	public_report_columns_read(db, st, a, &r->p);
	r->coordinator_user_id = db_col_int(db, st, PUBLIC_REPORT_NCOLUMNS);
	r->contact_institution_id = db_col_int(db, st, PUBLIC_REPORT_NCOLUMNS + 1);
	r->case_id = db_col_int(db, st, PUBLIC_REPORT_NCOLUMNS + 2);
	r->police_institution_id = db_col_int(db, st, PUBLIC_REPORT_NCOLUMNS + 3);
	r->triaged_by = db_col_int(db, st, PUBLIC_REPORT_NCOLUMNS + 4);
	r->triaged_at = db_col_int(db, st, PUBLIC_REPORT_NCOLUMNS + 5);
	r->outcome = row_text(db, st, PUBLIC_REPORT_NCOLUMNS + 6, a);
	row_blob(db, st, PUBLIC_REPORT_NCOLUMNS + 7, a, &r->close_reason);
}

enum ura_status
store_intake_get(struct db *db, struct arena *a, int64_t id, struct intake_row *out)
{
	static struct db_query q = DB_QUERY(INTAKE_COLUMNS "WHERE p.id = $1");

	return row_by_id(db, a, &q, id, read_intake, out);
}

enum ura_status
store_intake_list(struct db *db, struct arena *a, const struct intake_query *iq,
		  struct intake_row **out, int *n)
{
	static struct db_query q = DB_QUERY(INTAKE_COLUMNS
		"WHERE p.police_disclosure <> 'statistics' AND p.id > $3 "
		"AND ($4 = '' OR p.kind = $4) AND ($5 = '' OR p.status = $5) AND ("
		"m.coordinator_user_id = $1 OR p.police_institution_id = $2 OR "
		"p.filed_by_institution_id = $2 OR (p.kind = 'hate_crime' AND "
		"m.hate_crime_contact_institution_id = $2)) AND ($7 = 0 OR (p.case_id IS NULL AND "
		"p.status <> 'closed')) ORDER BY p.id LIMIT $6");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, iq->user_id);
	db_bind_int(db, st, 2, iq->institution_id > 0 ? iq->institution_id : -1);
	db_bind_int(db, st, 3, iq->after);
	db_bind_text(db, st, 4, iq->kind != NULL ? iq->kind : "");
	db_bind_text(db, st, 5, iq->status != NULL ? iq->status : "");
	db_bind_int(db, st, 6, iq->limit);
	db_bind_int(db, st, 7, iq->untriaged);
	return rows_read(db, st, a, iq->limit, sizeof(**out), read_intake, (void **)out, n);
}

enum ura_status
store_intake_triage(struct db *db, const struct intake_triage *t)
{
	static struct db_query q = DB_QUERY(
		"UPDATE public_reports SET outcome = $2, status = $3, triaged_by = $4, "
		"triaged_at = $5, updated_at = $5, case_id = coalesce($6, case_id), "
		"police_institution_id = coalesce($7, police_institution_id) "
		"WHERE id = $1 AND case_id IS NULL AND status <> 'closed' RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t id;
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, t->id);
	db_bind_text(db, st, 2, t->outcome);
	db_bind_text(db, st, 3, t->status);
	db_bind_int(db, st, 4, t->by);
	db_bind_int(db, st, 5, t->now);
	bind_int_or_null(db, st, 6, t->case_id);
	bind_int_or_null(db, st, 7, t->police_institution_id);
	rc = row_returning_int(db, st, &id);
	return rc == URA_ENOTFOUND ? URA_ECONFLICT : rc;
}

enum ura_status
store_intake_pass(struct db *db, int64_t id, int64_t now, int64_t due)
{
	static struct db_query q = DB_QUERY(
		"UPDATE public_reports SET received_at = $2, triage_due_at = $3, updated_at = $2 "
		"WHERE id = $1 AND received_at IS NULL AND police_disclosure = 'later' "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t got;
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	db_bind_int(db, st, 2, now);
	db_bind_int(db, st, 3, due);
	rc = row_returning_int(db, st, &got);
	return rc == URA_ENOTFOUND ? URA_ECONFLICT : rc;
}

enum ura_status
store_intake_touch(struct db *db, int64_t id, int64_t now)
{
	static struct db_query q = DB_QUERY("UPDATE public_reports SET updated_at = $2 WHERE id = $1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	db_bind_int(db, st, 2, now);
	return db_run(db, st);
}
