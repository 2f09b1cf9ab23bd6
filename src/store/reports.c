/*
 * The summary report's figures, aggregated in SQL. Every query returns rows of
 * (row label, column index, count) for one table of domain/suppress's model, over one scope:
 * a mechanism, a municipality or the nation, and a period. Labels the query does not return
 * stay 0, so every table shows its whole vocabulary.
 *
 * Cases and referrals are read from the rollups of migration 024 (monthly and yearly sums per
 * mechanism, kept by triggers in the transaction of each write), with the days at either end
 * of the period from the narrow fact tables: one statement for the seven tables they feed
 * and the timings' counts, and one per percentile. store/report_rollups.c rebuilds them.
 */
#include "store/store.h"

#include <string.h>

#include "domain/rollups.h"
#include "store/db.h"
#include "store/rows.h"

/* Parameters every report query may use: $1 mechanism (0: any), $2 municipality (0: any),
 * $3 from and $4 to (epoch seconds), $5 the year ages are counted at, $6 now, $7 from and
 * $8 to as dates. */
#define CASE_SCOPE                                                                          \
	" JOIN mechanisms m ON m.id = c.mechanism_id WHERE ($1 = 0 OR c.mechanism_id = $1) " \
	"AND ($2 = 0 OR m.municipality_id = $2) "
#define ORDERS_IN_PERIOD                                                                    \
	" FROM protection_orders o JOIN cases c ON c.id = o.case_id" CASE_SCOPE              \
	"AND o.created_at >= $3 AND o.created_at < $4 "
#define TRAININGS_IN_PERIOD(join)                                                           \
	" FROM trainings t LEFT JOIN mechanisms m ON m.id = t.mechanism_id " join            \
	" WHERE ($1 = 0 OR t.mechanism_id = $1) AND ($2 = 0 OR m.municipality_id = $2) "     \
	"AND t.starts_on >= $7 AND t.starts_on < $8 "
#define PARTICIPANTS "JOIN training_participants p ON p.training_id = t.id"

/* The tables the rollups do not hold: few rows each (orders, meetings, trainings). */
static struct db_query report_queries[REPORT_QUERY_COUNT] = {
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

/* ---- the rollups ---- */

/* A rollup row's mechanism in the scope ($1 mechanism, $2 municipality, 0: any). */
#define ROLLUP_SCOPE(col)                                                                   \
	"($1 = 0 OR " col " = $1) AND ($2 = 0 OR " col " IN (SELECT id FROM mechanisms "      \
	"WHERE municipality_id = $2))"
#define ROLLUP_ROWS "SELECT mechanism_id, tally, label, col, n FROM "
/* $9..$12: the period's split (domain/rollups.h): days [$3, $9), months [$9, $10), years
 * [$10, $11), months [$11, $12), days [$12, $4). */
static struct db_query rollup_query = DB_QUERY(
	"SELECT u.tally, u.label, CASE WHEN u.tally <> 'sex_age' THEN u.col WHEN u.col < 0 "
	"THEN 6 WHEN $5 - u.col < 18 THEN 0 WHEN $5 - u.col < 25 THEN 1 WHEN $5 - u.col < 35 "
	"THEN 2 WHEN $5 - u.col < 45 THEN 3 WHEN $5 - u.col < 60 THEN 4 ELSE 5 END, "
	"CAST(sum(u.n) AS BIGINT) FROM ("
	ROLLUP_ROWS "report_counts WHERE grain = 1 AND t0 >= $9 AND t0 < $10 "
	"UNION ALL " ROLLUP_ROWS "report_counts WHERE grain = 2 AND t0 >= $10 AND t0 < $11 "
	"UNION ALL " ROLLUP_ROWS "report_counts WHERE grain = 1 AND t0 >= $11 AND t0 < $12 "
	"UNION ALL " ROLLUP_ROWS "report_case_tallies WHERE created_at >= $3 AND "
	"created_at < $9 AND n <> 0 "
	"UNION ALL " ROLLUP_ROWS "report_case_tallies WHERE created_at >= $12 AND "
	"created_at < $4 AND n <> 0 "
	"UNION ALL " ROLLUP_ROWS "report_referral_tallies WHERE created_at >= $3 AND "
	"created_at < $9 AND n <> 0 "
	"UNION ALL " ROLLUP_ROWS "report_referral_tallies WHERE created_at >= $12 AND "
	"created_at < $4 AND n <> 0 "
	/* still `sent` past respond_by: late as of now, so never rolled up */
	"UNION ALL SELECT mechanism_id, 'service', service, 3, 1 FROM report_referral_facts "
	"WHERE pending_due IS NOT NULL AND created_at >= $3 AND created_at < $4 AND "
	"pending_due < $6 "
	"UNION ALL SELECT mechanism_id, 'institution_type', institution_type, 3, 1 FROM "
	"report_referral_facts WHERE pending_due IS NOT NULL AND created_at >= $3 AND "
	"created_at < $4 AND pending_due < $6"
	") u WHERE " ROLLUP_SCOPE("u.mechanism_id") " GROUP BY 1, 2, 3");

/* The tally names of migration 024's report_slots, by the table they fill. */
static const char *const tally_names[REPORT_QUERY_COUNT] = {
	[REPORT_CASES_BY_KIND] = "kind", [REPORT_CASES_BY_FORM] = "form",
	[REPORT_CASES_BY_RISK] = "risk", [REPORT_CASES_BY_SEX_AND_AGE] = "sex_age",
	[REPORT_REPEAT_CASES] = "repeat", [REPORT_REFERRALS_BY_SERVICE] = "service",
	[REPORT_REFERRALS_BY_INSTITUTION] = "institution_type",
};

/* Waits of accepted referrals by bucket (lower bound in seconds), in ascending order. */
#define WAIT_BUCKETS_MAX 64
struct waits {
	int64_t lo[WAIT_BUCKETS_MAX], n[WAIT_BUCKETS_MAX];
	int count;
};

static void
waits_add(struct waits *w, int64_t lo, int64_t n)
{
	int i = 0;

	while (i < w->count && w->lo[i] < lo)
		i++;
	if (i < w->count && w->lo[i] == lo) {
		w->n[i] += n;
		return;
	}
	if (w->count == WAIT_BUCKETS_MAX)
		return; /* migration 024 has 15 */
	for (int k = w->count; k > i; k--) {
		w->lo[k] = w->lo[k - 1];
		w->n[k] = w->n[k - 1];
	}
	w->lo[i] = lo;
	w->n[i] = n;
	w->count++;
}

/* One row of the rollup query: into its table's cell, and into the timings' counts. */
static void
rollup_row(struct report_table *const tables[REPORT_QUERY_COUNT], const char *tally,
	   const char *label, int64_t col, int64_t n, struct report_timings *t, struct waits *w)
{
	if (strcmp(tally, "wait") == 0) {
		t->accepted += n;
		waits_add(w, col, n);
		return;
	}
	if (strcmp(tally, "service") == 0 && col == 0)
		t->referrals += n;
	if (strcmp(tally, "service") == 0 && col == 3)
		t->overdue += n;
	for (int q = 0; q < REPORT_QUERY_COUNT; q++) {
		struct report_table *table = tables[q];
		int row;
		if (tally_names[q] == NULL || table == NULL || strcmp(tally_names[q], tally) != 0)
			continue;
		row = row_index(table, label);
		if (row >= 0 && col >= 0 && col < table->ncols)
			report_table_cell(table, row, (int)col)->count += n;
	}
}

static void
rollup_bind(struct db *db, struct db_stmt *st, const struct report_scope *s)
{
	struct rollup_split split = rollup_split(s->from, s->to);

	report_scope_bind(db, st, s);
	db_bind_int(db, st, 9, split.months_from);
	db_bind_int(db, st, 10, split.years_from);
	db_bind_int(db, st, 11, split.years_to);
	db_bind_int(db, st, 12, split.months_to);
}

/* The exact wait (seconds) at a rank (0-based) of the accepted referrals in the scope: its
 * bucket from the rollups' counts, then the wait itself from the facts, in wait order from
 * the bucket's lower bound. */
static enum ura_status
hours_at_rank(struct db *db, const struct report_scope *s, const struct waits *w, int64_t rank,
	      double *hours)
{
	static struct db_query q = DB_QUERY_BY_ENGINE(
		"SELECT wait FROM report_referral_facts INDEXED BY report_referral_facts_wait "
		"WHERE wait IS NOT NULL AND wait >= $9 AND created_at >= $3 AND created_at < $4 "
		"AND " ROLLUP_SCOPE("mechanism_id") " ORDER BY wait LIMIT 1 OFFSET $10",
		"SELECT wait FROM report_referral_facts "
		"WHERE wait IS NOT NULL AND wait >= $9 AND created_at >= $3 AND created_at < $4 "
		"AND " ROLLUP_SCOPE("mechanism_id") " ORDER BY wait LIMIT 1 OFFSET $10");
	struct db_stmt *st;
	int64_t seconds = 0;
	int b = 0;
	enum ura_status status;

	while (b < w->count - 1 && rank >= w->n[b]) {
		rank -= w->n[b];
		b++;
	}
	if ((st = db_prepare(db, &q)) == NULL)
		return URA_EINTERNAL;
	report_scope_bind(db, st, s);
	db_bind_int(db, st, 9, w->count > 0 ? w->lo[b] : INT64_MIN);
	db_bind_int(db, st, 10, rank);
	status = row_returning_int(db, st, &seconds);
	*hours = (double)seconds / 3600.0;
	return status;
}

enum ura_status
store_report_rollups(struct db *db, const struct report_scope *s,
		     struct report_table *const tables[REPORT_QUERY_COUNT],
		     struct report_timings *out)
{
	struct db_stmt *st = db_prepare(db, &rollup_query);
	struct waits waits = { .count = 0 };
	enum db_step rc;
	enum ura_status status;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return URA_EINTERNAL;
	rollup_bind(db, st, s);
	while ((rc = db_step(db, st)) == DB_ROW)
		rollup_row(tables, db_col_text(db, st, 0), db_col_text(db, st, 1),
			   db_col_int(db, st, 2), db_col_int(db, st, 3), out, &waits);
	db_done(db, st);
	if (rc == DB_FAIL)
		return db_error(db);
	if (out->accepted == 0)
		return URA_OK;
	/* Nearest-rank percentiles. */
	if ((status = hours_at_rank(db, s, &waits, (out->accepted - 1) / 2,
				    &out->median_hours)) != URA_OK)
		return status;
	return hours_at_rank(db, s, &waits, (out->accepted * 9 + 9) / 10 - 1, &out->p90_hours);
}

bool
store_report_rolled_up(enum report_query q)
{
	return q >= 0 && q < REPORT_QUERY_COUNT && tally_names[q] != NULL;
}
