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
	"SELECT p.id, p.municipality_id, coalesce(p.mechanism_id, 0), p.created_at, "         \
	"p.updated_at, p.kind, p.forms, p.bias, p.occurred_on, p.reporter, p.status, "       \
	"p.wants_contact, p.details, p.message, p.source, p.police_disclosure, "             \
	"p.consent_method, p.consent_categories, p.anonymised, "                              \
	"coalesce(p.filed_by_institution_id, 0), coalesce(p.filed_by_user_id, 0), "         \
	"coalesce(p.received_at, 0), coalesce(p.triage_due_at, 0), "                          \
	"coalesce(m.coordinator_user_id, 0), coalesce(m.hate_crime_contact_institution_id, 0), " \
	"coalesce(p.case_id, 0), coalesce(p.police_institution_id, 0), "                      \
	"coalesce(p.triaged_by, 0), coalesce(p.triaged_at, 0), p.outcome, p.close_reason "    \
	"FROM public_reports p LEFT JOIN mechanisms m ON m.id = p.mechanism_id "

static void
read_plain(struct db *db, struct db_stmt *st, struct arena *a, struct public_report_row *p)
{
	p->id = db_col_int(db, st, 0);
	p->municipality_id = db_col_int(db, st, 1);
	p->mechanism_id = db_col_int(db, st, 2);
	p->created_at = db_col_int(db, st, 3);
	p->updated_at = db_col_int(db, st, 4);
	p->kind = row_text(db, st, 5, a);
	p->forms = row_text(db, st, 6, a);
	p->bias = row_text(db, st, 7, a);
	p->occurred_on = row_text(db, st, 8, a);
	p->reporter = row_text(db, st, 9, a);
	p->status = row_text(db, st, 10, a);
	p->wants_contact = db_col_int(db, st, 11) != 0;
	row_blob(db, st, 12, a, &p->details);
	row_blob(db, st, 13, a, &p->message);
	p->source = row_text(db, st, 14, a);
	p->police_disclosure = row_text(db, st, 15, a);
	p->consent_method = row_text(db, st, 16, a);
	p->consent_categories = row_text(db, st, 17, a);
	p->anonymised = db_col_int(db, st, 18) != 0;
	p->filed_by_institution_id = db_col_int(db, st, 19);
	p->filed_by_user_id = db_col_int(db, st, 20);
	p->received_at = db_col_int(db, st, 21);
	p->triage_due_at = db_col_int(db, st, 22);
}

static void
read_intake(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct intake_row *r = row;

	read_plain(db, st, a, &r->p);
	r->coordinator_user_id = db_col_int(db, st, 23);
	r->contact_institution_id = db_col_int(db, st, 24);
	r->case_id = db_col_int(db, st, 25);
	r->police_institution_id = db_col_int(db, st, 26);
	r->triaged_by = db_col_int(db, st, 27);
	r->triaged_at = db_col_int(db, st, 28);
	r->outcome = row_text(db, st, 29, a);
	row_blob(db, st, 30, a, &r->close_reason);
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
		"m.hate_crime_contact_institution_id = $2)) ORDER BY p.id LIMIT $6");
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
