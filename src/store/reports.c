/*
 * The summary report's figures, aggregated in SQL. Every query returns rows of
 * (row label, column index, count) for one table of domain/suppress's model, over one scope:
 * a mechanism, a municipality or the nation, and a period. Labels the query does not return
 * stay 0, so every table shows its whole vocabulary.
 */
#include "store/store.h"

#include <string.h>

#include "store/case_sql.h"
#include "store/db.h"
#include "store/rows.h"

/* Parameters every report query may use: $1 mechanism (0: any), $2 municipality (0: any),
 * $3 from and $4 to (epoch seconds), $5 the year ages are counted at, $6 now, $7 from and
 * $8 to as dates. */
#define CASE_SCOPE                                                                          \
	" JOIN mechanisms m ON m.id = c.mechanism_id WHERE ($1 = 0 OR c.mechanism_id = $1) " \
	"AND ($2 = 0 OR m.municipality_id = $2) "
#define CASES_IN_PERIOD " FROM cases c" CASE_SCOPE "AND c.created_at >= $3 AND c.created_at < $4 "
#define REFERRALS_IN_PERIOD                                                                 \
	" FROM referrals f JOIN cases c ON c.id = f.case_id" CASE_SCOPE                      \
	"AND f.created_at >= $3 AND f.created_at < $4 "
#define REFERRALS_TO_IN_PERIOD                                                              \
	" FROM referrals f JOIN cases c ON c.id = f.case_id JOIN institutions i ON "          \
	"i.id = f.to_institution_id" CASE_SCOPE "AND f.created_at >= $3 AND f.created_at < $4 "
#define ORDERS_IN_PERIOD                                                                    \
	" FROM protection_orders o JOIN cases c ON c.id = o.case_id" CASE_SCOPE              \
	"AND o.created_at >= $3 AND o.created_at < $4 "
#define TRAININGS_IN_PERIOD(join)                                                           \
	" FROM trainings t LEFT JOIN mechanisms m ON m.id = t.mechanism_id " join            \
	" WHERE ($1 = 0 OR t.mechanism_id = $1) AND ($2 = 0 OR m.municipality_id = $2) "     \
	"AND t.starts_on >= $7 AND t.starts_on < $8 "
#define PARTICIPANTS "JOIN training_participants p ON p.training_id = t.id"

static struct db_query report_queries[REPORT_QUERY_COUNT] = {
	[REPORT_CASES_BY_KIND] = DB_QUERY(
		"SELECT c.kind, 0, count(*)" CASES_IN_PERIOD "GROUP BY c.kind"),
	[REPORT_CASES_BY_FORM] = DB_QUERY(
		"SELECT v.name, 0, count(*) FROM incidents i JOIN cases c ON c.id = i.case_id "
		"JOIN (SELECT 'physical' AS name UNION ALL SELECT 'psychological' "
		"UNION ALL SELECT 'sexual' UNION ALL SELECT 'economic' UNION ALL SELECT 'stalking' "
		"UNION ALL SELECT 'neglect') v ON i.forms LIKE '%\"' || v.name || '\"%'"
		CASE_SCOPE "AND c.created_at >= $3 AND c.created_at < $4 GROUP BY v.name"),
	[REPORT_CASES_BY_RISK] = DB_QUERY(
		"SELECT c.risk_level, 0, count(*)" CASES_IN_PERIOD "GROUP BY c.risk_level"),
	[REPORT_CASES_BY_SEX_AND_AGE] = DB_QUERY(
		"SELECT coalesce(c.survivor_sex, 'unknown'), CASE WHEN c.survivor_birth_year IS NULL "
		"THEN 6 WHEN $5 - c.survivor_birth_year < 18 THEN 0 "
		"WHEN $5 - c.survivor_birth_year < 25 THEN 1 WHEN $5 - c.survivor_birth_year < 35 "
		"THEN 2 WHEN $5 - c.survivor_birth_year < 45 THEN 3 "
		"WHEN $5 - c.survivor_birth_year < 60 THEN 4 ELSE 5 END, count(*)" CASES_IN_PERIOD
		"GROUP BY 1, 2"),
	[REPORT_REPEAT_CASES] = DB_QUERY(
		"SELECT CASE WHEN c.repeat = 1 THEN 'repeat' ELSE 'first' END, 0, count(*)"
		CASES_IN_PERIOD "GROUP BY 1"),
	[REPORT_REFERRALS_BY_SERVICE] = DB_QUERY(
		"SELECT f.service, 0, count(*)" REFERRALS_IN_PERIOD "GROUP BY f.service "
		"UNION ALL SELECT f.service, 1, count(*)" REFERRALS_IN_PERIOD
		"AND f.status IN ('accepted', 'in_progress', 'completed') GROUP BY f.service "
		"UNION ALL SELECT f.service, 2, count(*)" REFERRALS_IN_PERIOD
		"AND f.status = 'declined' GROUP BY f.service "
		"UNION ALL SELECT f.service, 3, count(*)" REFERRALS_IN_PERIOD
		"AND " REFERRAL_WAS_LATE("$6") " "
		"GROUP BY f.service"),
	[REPORT_REFERRALS_BY_INSTITUTION] = DB_QUERY(
		"SELECT i.type, 0, count(*)" REFERRALS_TO_IN_PERIOD "GROUP BY i.type "
		"UNION ALL SELECT i.type, 1, count(*)" REFERRALS_TO_IN_PERIOD
		"AND f.status IN ('accepted', 'in_progress', 'completed') GROUP BY i.type "
		"UNION ALL SELECT i.type, 2, count(*)" REFERRALS_TO_IN_PERIOD
		"AND f.status = 'declined' GROUP BY i.type "
		"UNION ALL SELECT i.type, 3, count(*)" REFERRALS_TO_IN_PERIOD
		"AND " REFERRAL_WAS_LATE("$6") " "
		"GROUP BY i.type"),
	[REPORT_PROTECTION_ORDERS] = DB_QUERY(
		"SELECT o.type, 0, count(*)" ORDERS_IN_PERIOD "GROUP BY o.type "
		"UNION ALL SELECT o.type, 1, count(*)" ORDERS_IN_PERIOD
		"AND o.status = 'granted' GROUP BY o.type"),
	[REPORT_MEETINGS_HELD] = DB_QUERY(
		"SELECT x.kind, 0, count(*) FROM meetings x JOIN mechanisms m "
		"ON m.id = x.mechanism_id WHERE ($1 = 0 OR x.mechanism_id = $1) AND "
		"($2 = 0 OR m.municipality_id = $2) AND x.status = 'held' AND "
		"x.scheduled_at >= $3 AND x.scheduled_at < $4 GROUP BY x.kind"),
	[REPORT_TRAININGS] = DB_QUERY(
		"SELECT 'all', 0, count(*)" TRAININGS_IN_PERIOD("")
		"UNION ALL SELECT 'all', 1, coalesce(sum(p.women), 0)"
		TRAININGS_IN_PERIOD(PARTICIPANTS)
		"UNION ALL SELECT 'all', 2, coalesce(sum(p.men), 0)"
		TRAININGS_IN_PERIOD(PARTICIPANTS)),
};

/* Binds the scope: every query gets all eight values and uses those it needs. */
void
report_scope_bind(struct db *db, struct db_stmt *st, const struct report_scope *s)
{
	db_bind_int(db, st, 1, s->mechanism_id);
	db_bind_int(db, st, 2, s->municipality_id);
	db_bind_int(db, st, 3, s->from);
	db_bind_int(db, st, 4, s->to);
	db_bind_int(db, st, 5, s->age_year);
	db_bind_int(db, st, 6, s->now);
	db_bind_text(db, st, 7, s->from_date);
	db_bind_text(db, st, 8, s->to_date);
}

static int
row_index(const struct report_table *t, const char *label)
{
	for (int i = 0; label != NULL && i < t->nrows; i++)
		if (strcmp(t->row_labels[i], label) == 0)
			return i;
	return -1;
}

enum ura_status
store_report_table(struct db *db, enum report_query q, const struct report_scope *s,
		   struct report_table *t)
{
	return store_report_fill(db, &report_queries[q], s, t);
}

enum ura_status
store_report_fill(struct db *db, struct db_query *q, const struct report_scope *s,
		  struct report_table *t)
{
	struct db_stmt *st = db_prepare(db, q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	report_scope_bind(db, st, s);
	while ((rc = db_step(db, st)) == DB_ROW) {
		int row = row_index(t, db_col_text(db, st, 0));
		int64_t col = db_col_int(db, st, 1);
		if (row >= 0 && col >= 0 && col < t->ncols)
			report_table_cell(t, row, (int)col)->count += db_col_int(db, st, 2);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

/* The hours from sending to acceptance at a rank (0-based) of the accepted referrals. */
static enum ura_status
hours_at_rank(struct db *db, const struct report_scope *s, int64_t rank, double *hours)
{
	static struct db_query q = DB_QUERY(
		"SELECT f.responded_at - f.created_at" REFERRALS_IN_PERIOD
		"AND f.responded_at IS NOT NULL AND f.status IN ('accepted', 'in_progress', "
		"'completed') ORDER BY 1 LIMIT 1 OFFSET $9");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t seconds = 0;
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	report_scope_bind(db, st, s);
	db_bind_int(db, st, 9, rank);
	status = row_returning_int(db, st, &seconds);
	*hours = (double)seconds / 3600.0;
	return status;
}

enum ura_status
store_report_timings(struct db *db, const struct report_scope *s, struct report_timings *out)
{
	static struct db_query counts = DB_QUERY(
		"SELECT coalesce(sum(CASE WHEN f.responded_at IS NOT NULL AND f.status IN "
		"('accepted', 'in_progress', 'completed') THEN 1 ELSE 0 END), 0), count(*), "
		"coalesce(sum(CASE WHEN " REFERRAL_WAS_LATE("$6") " THEN 1 ELSE 0 END), 0)"
		REFERRALS_IN_PERIOD);
	struct db_stmt *st = db_prepare(db, &counts);
	enum db_step rc;
	enum ura_status status;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return URA_EINTERNAL;
	report_scope_bind(db, st, s);
	if ((rc = db_step(db, st)) == DB_ROW) {
		out->accepted = db_col_int(db, st, 0);
		out->referrals = db_col_int(db, st, 1);
		out->overdue = db_col_int(db, st, 2);
	}
	db_done(db, st);
	if (rc != DB_ROW)
		return db_error(db);
	if (out->accepted == 0)
		return URA_OK;
	/* Nearest-rank percentiles, picked by the database from the sorted times. */
	if ((status = hours_at_rank(db, s, (out->accepted - 1) / 2, &out->median_hours)) != URA_OK)
		return status;
	return hours_at_rank(db, s, (out->accepted * 9 + 9) / 10 - 1, &out->p90_hours);
}
