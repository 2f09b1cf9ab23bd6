/*
 * Hate-crime outcomes, the hate-crime report's figures and the CSO's feedback on the police.
 * The report counts a hate incident once: as its case, or as a report without an account
 * when the report did not become a case (public_reports.case_id NULL).
 */
#include "store/hate_crimes.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/rows.h"

/* ---- the outcome ---- */

static void
read_outcome(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct hate_outcome_row *o = row;

	o->case_id = db_col_int(db, st, 0);
	for (int i = 0; i < HATE_OUTCOME_COUNT; i++) {
		o->value[i] = db_col_int(db, st, 1 + 2 * i) != 0;
		o->on[i] = row_text(db, st, 2 + 2 * i, a);
	}
	o->updated_at = db_col_int(db, st, 7);
}

enum ura_status
store_hate_outcome_get(struct db *db, struct arena *a, int64_t case_id,
		       struct hate_outcome_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT case_id, reported_to_police, reported_to_police_on, investigated, "
		"investigated_on, prosecuted, prosecuted_on, updated_at FROM hate_crime_outcomes "
		"WHERE case_id = $1");

	return row_by_id(db, a, &q, case_id, read_outcome, out);
}

/* Per outcome: $n the value (-1 kept, 0 no, 1 yes), $n+1 its date (NULL unless yes). */
#define OUTCOME_SET(col, v, d)                                                              \
	col " = CASE WHEN " v " < 0 THEN hate_crime_outcomes." col " ELSE " v " END, "      \
	col "_on = CASE WHEN " v " < 0 THEN hate_crime_outcomes." col "_on ELSE " d " END, "

enum ura_status
store_hate_outcome_put(struct db *db, int64_t case_id, const struct hate_outcome_change *c,
		       int64_t user_id, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO hate_crime_outcomes (case_id, reported_to_police, "
		"reported_to_police_on, investigated, investigated_on, prosecuted, prosecuted_on, "
		"updated_by, updated_at) VALUES ($1, CASE WHEN $2 = 1 THEN 1 ELSE 0 END, $3, "
		"CASE WHEN $4 = 1 THEN 1 ELSE 0 END, $5, CASE WHEN $6 = 1 THEN 1 ELSE 0 END, $7, "
		"$8, $9) ON CONFLICT (case_id) DO UPDATE SET "
		OUTCOME_SET("reported_to_police", "$2", "$3") OUTCOME_SET("investigated", "$4", "$5")
		OUTCOME_SET("prosecuted", "$6", "$7")
		"updated_by = $8, updated_at = $9 RETURNING case_id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t id;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	for (int i = 0; i < HATE_OUTCOME_COUNT; i++) {
		db_bind_int(db, st, 2 + 2 * i, c->value[i]);
		if (c->value[i] == 1 && c->on[i] != NULL)
			db_bind_text(db, st, 3 + 2 * i, c->on[i]);
		else
			db_bind_null(db, st, 3 + 2 * i);
	}
	db_bind_int(db, st, 8, user_id);
	db_bind_int(db, st, 9, now);
	return row_returning_int(db, st, &id);
}

/* ---- the report ---- */

/* The scope's hate-crime cases (c, with its mechanism m) and unconverted reports (p);
 * parameters as store/reports.c binds them: $1 mechanism, $2 municipality, $3..$4 period. */
#define HATE_CASES                                                                          \
	" FROM cases c JOIN mechanisms m ON m.id = c.mechanism_id WHERE c.kind = 'hate_crime' " \
	"AND ($1 = 0 OR c.mechanism_id = $1) AND ($2 = 0 OR m.municipality_id = $2) "          \
	"AND c.created_at >= $3 AND c.created_at < $4 "
#define HATE_REPORTS                                                                        \
	" FROM public_reports p WHERE p.kind = 'hate_crime' AND p.case_id IS NULL "          \
	"AND ($1 = 0 OR p.mechanism_id = $1) AND ($2 = 0 OR p.municipality_id = $2) "         \
	"AND p.created_at >= $3 AND p.created_at < $4 "
/* The bias codes as a table (domain/cases.c's bias_motivations). */
#define BIAS_CODES                                                                          \
	"(SELECT 'sexual_orientation' AS name UNION ALL SELECT 'gender_identity' "           \
	"UNION ALL SELECT 'sex' UNION ALL SELECT 'ethnicity' UNION ALL SELECT 'religion' "   \
	"UNION ALL SELECT 'disability' UNION ALL SELECT 'other') v"
#define HAS_BIAS(list) list " LIKE '%\"' || v.name || '\"%'"
#define OUTCOME_COUNT(name)                                                                 \
	"SELECT '" name "', 0, count(*)" HATE_CASES "AND EXISTS (SELECT 1 FROM "              \
	"hate_crime_outcomes o WHERE o.case_id = c.id AND o." name " = 1) "

static struct db_query hate_queries[HATE_TABLE_COUNT] = {
	/* A case's motivations are those of any of its incidents; each counts once. */
	[HATE_BY_BIAS] = DB_QUERY(
		"SELECT v.name, 0, count(*) FROM " BIAS_CODES " JOIN cases c ON EXISTS (SELECT 1 "
		"FROM incidents i WHERE i.case_id = c.id AND " HAS_BIAS("i.bias") ") "
		"JOIN mechanisms m ON m.id = c.mechanism_id WHERE c.kind = 'hate_crime' "
		"AND ($1 = 0 OR c.mechanism_id = $1) AND ($2 = 0 OR m.municipality_id = $2) "
		"AND c.created_at >= $3 AND c.created_at < $4 GROUP BY v.name "
		"UNION ALL SELECT v.name, 0, count(*) FROM " BIAS_CODES " JOIN public_reports p "
		"ON " HAS_BIAS("p.bias") " WHERE p.kind = 'hate_crime' AND p.case_id IS NULL "
		"AND ($1 = 0 OR p.mechanism_id = $1) AND ($2 = 0 OR p.municipality_id = $2) "
		"AND p.created_at >= $3 AND p.created_at < $4 GROUP BY v.name"),
	/* A report without an account was reported to the police when triage sent it there. */
	[HATE_BY_OUTCOME] = DB_QUERY(
		OUTCOME_COUNT("reported_to_police") "UNION ALL SELECT 'reported_to_police', 0, "
		"count(*)" HATE_REPORTS "AND p.police_institution_id IS NOT NULL "
		"UNION ALL " OUTCOME_COUNT("investigated") "UNION ALL " OUTCOME_COUNT("prosecuted")),
	[HATE_TOTAL] = DB_QUERY(
		"SELECT 'all', 0, count(*)" HATE_CASES "UNION ALL SELECT 'all', 0, count(*)"
		HATE_REPORTS),
};

enum ura_status
store_hate_table(struct db *db, enum hate_table which, const struct report_scope *s,
		 struct report_table *t)
{
	return store_report_fill(db, &hate_queries[which], s, t);
}

static void
read_place(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct hate_place *p = row;

	p->municipality_id = db_col_int(db, st, 0);
	p->name = row_text(db, st, 1, a);
	p->incidents = db_col_int(db, st, 2);
}

enum ura_status
store_hate_by_municipality(struct db *db, struct arena *a, const struct report_scope *s,
			   struct hate_place **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT x.id, mu.name, sum(x.n) FROM (SELECT m.municipality_id AS id, count(*) AS n"
		HATE_CASES "GROUP BY m.municipality_id UNION ALL SELECT p.municipality_id, "
		"count(*)" HATE_REPORTS "GROUP BY p.municipality_id) x JOIN municipalities mu "
		"ON mu.id = x.id GROUP BY x.id, mu.name ORDER BY mu.name, x.id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	report_scope_bind(db, st, s);
	return rows_read(db, st, a, HATE_PLACES_MAX, sizeof(**out), read_place, (void **)out, n);
}

/* ---- the CSO's feedback on the police ---- */

enum ura_status
store_police_feedback_insert(struct db *db, const struct police_feedback_row *f, int64_t now,
			     int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO police_feedback (mechanism_id, police_institution_id, "
		"cso_institution_id, created_by, occurred_on, case_id, informed_of_rights, "
		"treated_respectfully, referred_to_support, hours_to_first_contact, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, f->mechanism_id);
	db_bind_int(db, st, 2, f->police_institution_id);
	db_bind_int(db, st, 3, f->cso_institution_id);
	db_bind_int(db, st, 4, f->created_by);
	db_bind_text(db, st, 5, f->occurred_on);
	bind_int_or_null(db, st, 6, f->case_id);
	db_bind_text(db, st, 7, f->informed_of_rights);
	db_bind_text(db, st, 8, f->treated_respectfully);
	db_bind_text(db, st, 9, f->referred_to_support);
	if (f->hours_to_first_contact >= 0)
		db_bind_int(db, st, 10, f->hours_to_first_contact);
	else
		db_bind_null(db, st, 10);
	db_bind_int(db, st, 11, now);
	return row_returning_int(db, st, id);
}

#define ANSWER(col, value) "sum(CASE WHEN b." col " = '" value "' THEN 1 ELSE 0 END), "

static void
read_line(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct feedback_line *l = row;
	int col = 4;

	l->quarter = (int)db_col_int(db, st, 0);
	l->police_institution_id = db_col_int(db, st, 1);
	l->police_name = row_text(db, st, 2, a);
	l->count = db_col_int(db, st, 3);
	for (int q = 0; q < 3; q++)
		for (int k = 0; k < (q == 2 ? 2 : 3); k++)
			l->answers[q][k] = db_col_int(db, st, col++);
	l->median_x2 = db_col_null(db, st, col) ? -1 : db_col_int(db, st, col);
}

/* Each answer counts twice: in its police institution's line and in its quarter's (pid 0).
 * The median is the middle hour (the mean of the two middle ones), twice over to stay whole. */
enum ura_status
store_police_feedback_aggregate(struct db *db, struct arena *a, int64_t mechanism_id, int year,
				struct feedback_line **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"WITH base AS (SELECT (CAST(substr(f.occurred_on, 6, 2) AS INTEGER) + 2) / 3 AS q, "
		"f.police_institution_id AS pid, f.informed_of_rights, f.treated_respectfully, "
		"f.referred_to_support, f.hours_to_first_contact AS hours FROM police_feedback f "
		"WHERE f.mechanism_id = $1 AND f.occurred_on >= $2 AND f.occurred_on < $3), "
		"lines AS (SELECT * FROM base UNION ALL SELECT q, 0, informed_of_rights, "
		"treated_respectfully, referred_to_support, hours FROM base), "
		"ranked AS (SELECT q, pid, hours, row_number() OVER (PARTITION BY q, pid ORDER BY "
		"hours) AS rn, count(*) OVER (PARTITION BY q, pid) AS n FROM lines "
		"WHERE hours IS NOT NULL), "
		"med AS (SELECT q, pid, sum(hours) * 2 / count(*) AS m2 FROM ranked "
		"WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY q, pid) "
		"SELECT b.q, b.pid, i.name, count(*), "
		ANSWER("informed_of_rights", "yes") ANSWER("informed_of_rights", "partly")
		ANSWER("informed_of_rights", "no") ANSWER("treated_respectfully", "yes")
		ANSWER("treated_respectfully", "partly") ANSWER("treated_respectfully", "no")
		ANSWER("referred_to_support", "yes") ANSWER("referred_to_support", "no")
		"max(med.m2) FROM lines b LEFT JOIN med ON med.q = b.q AND med.pid = b.pid "
		"LEFT JOIN institutions i ON i.id = b.pid GROUP BY b.q, b.pid, i.name "
		"ORDER BY b.q, CASE WHEN b.pid = 0 THEN 0 ELSE 1 END, i.name, b.pid");
	struct db_stmt *st = db_prepare(db, &q);
	char from[24], to[24];

	if (st == NULL)
		return URA_EINTERNAL;
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-01-01", year + 1);
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_text(db, st, 2, from);
	db_bind_text(db, st, 3, to);
	return rows_read(db, st, a, FEEDBACK_LINES_MAX, sizeof(**out), read_line, (void **)out, n);
}
