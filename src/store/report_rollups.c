/*
 * `ura reports rebuild`: the summary report's facts and rollups (migration 024) recomputed
 * from the source tables, each step a write transaction of bounded size, so that it may run
 * while the server writes (the triggers keep what is already rebuilt up to date):
 *
 *   1. the fact rows of a range of case ids (the cases and their referrals), replaced;
 *   2. the monthly rows of one month, replaced by the sums of that month's facts;
 *   3. the yearly rows of one year, replaced by the sums of its monthly rows.
 *
 * A write after a month's step goes through the triggers onto the rebuilt rows; one before
 * it is in the facts the step sums.
 */
#include "store/store.h"

#include "domain/rollups.h"
#include "store/db.h"
#include "store/rows.h"

#define CASES_PER_STEP 2000

struct step {
	int64_t from, to;
};

static enum ura_status
run_ranged(struct db *db, struct db_query *queries, size_t n, const struct step *r)
{
	enum ura_status status = URA_OK;

	for (size_t i = 0; status == URA_OK && i < n; i++) {
		struct db_stmt *st = db_prepare(db, &queries[i]);
		if (st == NULL)
			return URA_EINTERNAL;
		db_bind_int(db, st, 1, r->from);
		db_bind_int(db, st, 2, r->to);
		status = db_run(db, st);
	}
	return status;
}

static enum ura_status
facts_step(struct db *db, void *ctx)
{
	static struct db_query q[] = {
		DB_QUERY("DELETE FROM report_case_facts WHERE case_id >= $1 AND case_id < $2"),
		DB_QUERY("INSERT INTO report_case_facts SELECT * FROM report_case_source "
			 "WHERE case_id >= $1 AND case_id < $2"),
		DB_QUERY("DELETE FROM report_referral_facts WHERE case_id >= $1 AND case_id < $2"),
		DB_QUERY("INSERT INTO report_referral_facts SELECT * FROM report_referral_source "
			 "WHERE case_id >= $1 AND case_id < $2"),
	};

	return run_ranged(db, q, sizeof(q) / sizeof(q[0]), ctx);
}

#define SUM_INTO(grain)                                                                     \
	"INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n) "         \
	"SELECT " grain ", $1, mechanism_id, tally, label, col, CAST(sum(n) AS BIGINT) FROM "
#define SUM_GROUP " GROUP BY mechanism_id, tally, label, col HAVING sum(n) <> 0"

static enum ura_status
month_step(struct db *db, void *ctx)
{
	static struct db_query q[] = {
		DB_QUERY("DELETE FROM report_counts WHERE grain = 1 AND t0 >= $1 AND t0 < $2"),
		DB_QUERY(SUM_INTO("1") "(SELECT mechanism_id, tally, label, col, n FROM "
			 "report_case_tallies WHERE created_at >= $1 AND created_at < $2 AND n <> 0 "
			 "UNION ALL SELECT mechanism_id, tally, label, col, n FROM "
			 "report_referral_tallies WHERE created_at >= $1 AND created_at < $2 AND "
			 "n <> 0) u" SUM_GROUP),
	};

	return run_ranged(db, q, sizeof(q) / sizeof(q[0]), ctx);
}

static enum ura_status
year_step(struct db *db, void *ctx)
{
	static struct db_query q[] = {
		DB_QUERY("DELETE FROM report_counts WHERE grain = 2 AND t0 >= $1 AND t0 < $2"),
		DB_QUERY(SUM_INTO("2") "report_counts WHERE grain = 1 AND t0 >= $1 AND t0 < $2"
			 SUM_GROUP),
	};

	return run_ranged(db, q, sizeof(q) / sizeof(q[0]), ctx);
}

/* What the steps cover: case ids [0, to) and times [from, to) of the facts and rollups. */
struct extent {
	int64_t max_id, first, last;
};

static enum ura_status
read_extent(struct db *db, void *ctx)
{
	static struct db_query q = DB_QUERY(
		"SELECT coalesce((SELECT max(id) FROM cases), 0), "
		"coalesce((SELECT max(case_id) FROM report_case_facts), 0), "
		"(SELECT min(created_at) FROM cases), (SELECT max(created_at) FROM cases), "
		"(SELECT min(created_at) FROM referrals), (SELECT max(created_at) FROM referrals), "
		"(SELECT min(t0) FROM report_counts), (SELECT max(t0) FROM report_counts)");
	struct extent *e = ctx;
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	if ((rc = db_step(db, st)) == DB_ROW) {
		e->max_id = db_col_int(db, st, 0) > db_col_int(db, st, 1) ? db_col_int(db, st, 0)
									 : db_col_int(db, st, 1);
		for (int c = 2; c < 8; c++) {
			int64_t t = db_col_int(db, st, c);
			if (db_col_null(db, st, c))
				continue;
			if (e->first > t)
				e->first = t;
			if (e->last < t)
				e->last = t;
		}
	}
	db_done(db, st);
	return rc == DB_ROW ? URA_OK : db_error(db);
}

static enum ura_status
each_step(struct store *s, store_write_fn fn, int64_t first, int64_t last,
	  int64_t (*next)(int64_t), const char *name,
	  void (*progress)(const char *step, int64_t done, void *ctx), void *ctx)
{
	enum ura_status status = URA_OK;
	int64_t done = 0;

	for (struct step r = { first, next(first) }; status == URA_OK && r.from <= last;
	     r.from = r.to, r.to = next(r.to)) {
		status = store_write(s, fn, &r);
		done++;
	}
	if (status == URA_OK && progress != NULL)
		progress(name, done, ctx);
	return status;
}

static int64_t next_cases(int64_t id) { return id + CASES_PER_STEP; }

enum ura_status
store_report_rebuild(struct store *s, void (*progress)(const char *step, int64_t done,
						       void *ctx), void *ctx)
{
	struct extent e = { 0, INT64_MAX, INT64_MIN };
	enum ura_status status = store_write(s, read_extent, &e);

	if (status == URA_OK)
		status = each_step(s, facts_step, 0, e.max_id, next_cases, "facts", progress,
				   ctx);
	if (status != URA_OK || e.first > e.last)
		return status;
	status = each_step(s, month_step, rollup_month_start(e.first), e.last,
			   rollup_next_month, "months", progress, ctx);
	if (status == URA_OK)
		status = each_step(s, year_step, rollup_year_start(e.first), e.last,
				   rollup_next_year, "years", progress, ctx);
	return status;
}
