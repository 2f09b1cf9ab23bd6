/*
 * Rows of reports made without an account. The receipt is looked up by its hash; the
 * details stay sealed (the caller opens them); the mechanism a report goes to is chosen by
 * one statement.
 */
#include "store/public_reports.h"

#include "store/db.h"
#include "store/rows.h"

/* The columns of PUBLIC_REPORT_COLUMNS, in its order (store/intake.c reads them too). */
void
public_report_columns_read(struct db *db, struct db_stmt *st, struct arena *a,
			   struct public_report_row *p)
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
read_report(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	public_report_columns_read(db, st, a, row);
}

static void
bind_text_or_null(struct db *db, struct db_stmt *st, int i, const char *s)
{
	if (s != NULL)
		db_bind_text(db, st, i, s);
	else
		db_bind_null(db, st, i);
}

enum ura_status
store_public_report_insert(struct db *db, const struct public_report_row *p,
			   const unsigned char *receipt_hash, int64_t now, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO public_reports (receipt_hash, municipality_id, mechanism_id, kind, "
		"forms, bias, occurred_on, reporter, wants_contact, created_at, updated_at, "
		"source, police_disclosure, consent_method, consent_categories, anonymised, "
		"filed_by_institution_id, filed_by_user_id, received_at, triage_due_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, "
		"$16, $17, $18, $19) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_blob(db, st, 1, receipt_hash, 32);
	db_bind_int(db, st, 2, p->municipality_id);
	bind_int_or_null(db, st, 3, p->mechanism_id);
	db_bind_text(db, st, 4, p->kind);
	db_bind_text(db, st, 5, p->forms != NULL ? p->forms : "[]");
	db_bind_text(db, st, 6, p->bias != NULL ? p->bias : "[]");
	bind_text_or_null(db, st, 7, p->occurred_on);
	bind_text_or_null(db, st, 8, p->reporter);
	db_bind_int(db, st, 9, p->wants_contact);
	db_bind_int(db, st, 10, now);
	db_bind_text(db, st, 11, p->source != NULL ? p->source : "public");
	db_bind_text(db, st, 12, p->police_disclosure != NULL ? p->police_disclosure : "now");
	bind_text_or_null(db, st, 13, p->consent_method);
	bind_text_or_null(db, st, 14, p->consent_categories);
	db_bind_int(db, st, 15, p->anonymised);
	bind_int_or_null(db, st, 16, p->filed_by_institution_id);
	bind_int_or_null(db, st, 17, p->filed_by_user_id);
	bind_int_or_null(db, st, 18, p->received_at);
	bind_int_or_null(db, st, 19, p->triage_due_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_public_report_by_receipt(struct db *db, struct arena *a, const unsigned char *receipt_hash,
			       struct public_report_row *out)
{
	static struct db_query q = DB_QUERY("SELECT " PUBLIC_REPORT_COLUMNS
					    " FROM public_reports p WHERE p.receipt_hash = $1");
	struct db_stmt *st = db_prepare(db, &q);
	int n = 0;
	struct public_report_row *rows;
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_blob(db, st, 1, receipt_hash, 32);
	rc = rows_read(db, st, a, 1, sizeof(*rows), read_report, (void **)&rows, &n);
	if (rc != URA_OK)
		return rc;
	if (n == 0)
		return URA_ENOTFOUND;
	*out = rows[0];
	return URA_OK;
}

enum ura_status
store_report_mechanism(struct db *db, int64_t municipality_id, const char *kind,
		       int64_t *mechanism_id)
{
	static struct db_query q = DB_QUERY(
		"SELECT id FROM mechanisms WHERE municipality_id = $1 "
		"ORDER BY CASE WHEN kind = $2 THEN 0 ELSE 1 END, id LIMIT 1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, municipality_id);
	db_bind_text(db, st, 2, kind);
	return row_returning_int(db, st, mechanism_id);
}

static void
read_place(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct report_place *p = row;

	p->id = db_col_int(db, st, 0);
	p->name = row_text(db, st, 1, a);
}

enum ura_status
store_report_places(struct db *db, struct arena *a, struct report_place **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT m.id, m.name FROM municipalities m WHERE EXISTS (SELECT 1 FROM mechanisms "
		"x WHERE x.municipality_id = m.id) ORDER BY m.name, m.id LIMIT $1");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, REPORT_PLACES_MAX);
	return rows_read(db, st, a, REPORT_PLACES_MAX, sizeof(**out), read_place, (void **)out,
			 n);
}
