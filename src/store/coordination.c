/*
 * Rows of the coordination screens: requests for an ad hoc meeting (with the references of
 * the cases they name, never more of a case), calendar subscriptions (token hashes only),
 * the coordinator's dashboard (one statement) and the national view (two statements, by
 * municipality). Counts of late cases use the case list's own conditions (store/case_sql.h).
 */
#include "store/store.h"

#include <string.h>

#include "store/case_sql.h"
#include "store/db.h"
#include "store/rows.h"

/* ---- requests for an ad hoc meeting ---- */

/* The request `q` with its cases as a JSON array of {id, reference}, in the order named;
 * cases are matched to the request's mechanism, so a moved case keeps its reference here. */
#define REQUEST_COLUMNS_SQLITE                                                              \
	"SELECT q.id, q.mechanism_id, q.institution_id, q.user_id, q.meeting_id, "           \
	"q.created_at, q.answered_at, q.status, (SELECT json_group_array(json_object('id', "  \
	"x.id, 'reference', x.reference)) FROM (SELECT c.id, c.reference FROM "               \
	"json_each(q.case_ids) j JOIN cases c ON c.id = j.value ORDER BY j.key) x), "         \
	"q.reason, q.answer FROM meeting_requests q "
#define REQUEST_COLUMNS_POSTGRES                                                            \
	"SELECT q.id, q.mechanism_id, q.institution_id, q.user_id, q.meeting_id, "           \
	"q.created_at, q.answered_at, q.status, CAST(coalesce((SELECT json_agg("              \
	"json_build_object('id', c.id, 'reference', c.reference) ORDER BY j.ord) FROM "       \
	"jsonb_array_elements_text(CAST(q.case_ids AS jsonb)) WITH ORDINALITY AS j(value, ord) " \
	"JOIN cases c ON c.id = CAST(j.value AS bigint)), '[]') AS TEXT), q.reason, q.answer " \
	"FROM meeting_requests q "

static void
read_request(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct meeting_request_row *q = row;

	q->id = db_col_int(db, st, 0);
	q->mechanism_id = db_col_int(db, st, 1);
	q->institution_id = db_col_int(db, st, 2);
	q->user_id = db_col_int(db, st, 3);
	q->meeting_id = row_int_or_zero(db, st, 4);
	q->created_at = db_col_int(db, st, 5);
	q->answered_at = row_int_or_zero(db, st, 6);
	q->status = row_text(db, st, 7, a);
	q->cases = row_text(db, st, 8, a);
	row_blob(db, st, 9, a, &q->reason);
	row_blob(db, st, 10, a, &q->answer);
}

enum ura_status
store_meeting_request_get(struct db *db, struct arena *a, int64_t id,
			  struct meeting_request_row *out)
{
	static struct db_query q = DB_QUERY_BY_ENGINE(REQUEST_COLUMNS_SQLITE "WHERE q.id = $1",
						      REQUEST_COLUMNS_POSTGRES "WHERE q.id = $1");
	return row_by_id(db, a, &q, id, read_request, out);
}

enum ura_status
store_meeting_requests_list(struct db *db, struct arena *a,
			    const struct meeting_request_filter *f,
			    struct meeting_request_row **out, int *n)
{
#define REQUESTS_WHERE                                                                      \
	"WHERE q.mechanism_id = $1 AND ($2 = 0 OR q.institution_id = $2) AND ($3 = 0 OR "    \
	"($3 = 1 AND q.status = 'open') OR ($3 = 2 AND q.status <> 'open')) AND "            \
	"($4 = 0 OR q.id < $4) ORDER BY q.id DESC LIMIT $5"
	static struct db_query q = DB_QUERY_BY_ENGINE(REQUEST_COLUMNS_SQLITE REQUESTS_WHERE,
						      REQUEST_COLUMNS_POSTGRES REQUESTS_WHERE);
#undef REQUESTS_WHERE
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, f->mechanism_id);
	db_bind_int(db, st, 2, f->institution_id);
	db_bind_int(db, st, 3, f->state);
	db_bind_int(db, st, 4, f->before);
	db_bind_int(db, st, 5, f->limit);
	return rows_read(db, st, a, f->limit, sizeof(**out), read_request, (void **)out, n);
}

enum ura_status
store_meeting_request_answer(struct db *db, int64_t id, const char *status, int64_t meeting_id,
			     const struct blob *answer, int64_t user_id, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE meeting_requests SET status = $1, meeting_id = $2, answer = $3, "
		"answered_by = $4, answered_at = $5 WHERE id = $6 AND status = 'open' RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t moved;
	enum ura_status rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, status);
	bind_int_or_null(db, st, 2, meeting_id);
	bind_blob_or_null(db, st, 3, answer);
	db_bind_int(db, st, 4, user_id);
	db_bind_int(db, st, 5, now);
	db_bind_int(db, st, 6, id);
	rc = row_returning_int(db, st, &moved);
	return rc == URA_ENOTFOUND ? URA_ECONFLICT : rc;
}

/* ---- calendar subscriptions ---- */

/* Runs a statement of the user ($1) and the mechanism ($2). */
static enum ura_status
run_user_mechanism(struct db *db, struct db_query *q, int64_t user_id, int64_t mechanism_id)
{
	struct db_stmt *st = db_prepare(db, q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	db_bind_int(db, st, 2, mechanism_id);
	return db_run(db, st);
}

enum ura_status
store_calendar_unsubscribe(struct db *db, int64_t user_id, int64_t mechanism_id)
{
	static struct db_query q = DB_QUERY(
		"DELETE FROM calendar_subscriptions WHERE user_id = $1 AND mechanism_id = $2");
	return run_user_mechanism(db, &q, user_id, mechanism_id);
}

enum ura_status
store_calendar_subscribe(struct db *db, int64_t user_id, int64_t mechanism_id,
			 const unsigned char *token_hash, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO calendar_subscriptions (user_id, mechanism_id, token_hash, created_at) "
		"VALUES ($1, $2, $3, $4)");
	struct db_stmt *st;
	enum ura_status rc = store_calendar_unsubscribe(db, user_id, mechanism_id);

	if (rc != URA_OK)
		return rc;
	if ((st = db_prepare(db, &q)) == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	db_bind_int(db, st, 2, mechanism_id);
	db_bind_blob(db, st, 3, token_hash, 32);
	db_bind_int(db, st, 4, now);
	return db_run(db, st);
}

enum ura_status
store_calendar_subscription(struct db *db, const unsigned char *token_hash, int64_t *user_id,
			    int64_t *mechanism_id)
{
	static struct db_query q = DB_QUERY(
		"SELECT user_id, mechanism_id FROM calendar_subscriptions WHERE token_hash = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_blob(db, st, 1, token_hash, 32);
	if ((rc = db_step(db, st)) == DB_ROW) {
		*user_id = db_col_int(db, st, 0);
		*mechanism_id = db_col_int(db, st, 1);
	}
	db_done(db, st);
	return db_row_status(db, rc);
}

/* ---- the coordinator's dashboard ---- */

/* A count over the mechanism's cases `c` meeting a condition. */
#define COUNT_CASES(COND) "coalesce(sum(CASE WHEN " COND " THEN 1 ELSE 0 END), 0), "
#define OPEN_CASE "c.status IN ('open', 'active')"
#define OPEN_AT(LEVEL) COUNT_CASES(OPEN_CASE " AND c.risk_level = '" LEVEL "'")
/* Meetings of the mechanism held in quarter [FROM, TO), of every kind or regular only. */
#define HELD(FROM, TO, KIND)                                                                \
	"(SELECT count(*) FROM meetings g WHERE g.mechanism_id = $1 AND g.status = 'held' "  \
	KIND "AND g.scheduled_at >= " FROM " AND g.scheduled_at < " TO ")"
#define HELD_IN(FROM, TO) HELD(FROM, TO, "") ", " HELD(FROM, TO, "AND g.kind = 'regular' ")

enum ura_status
store_dashboard(struct db *db, const struct dashboard_scope *s, struct dashboard *out)
{
	/* $1 the mechanism, $2 now, $3 today, $4 the last day an order counts as expiring,
	 * $5..$9 the quarters' boundaries. */
	static struct db_query q = DB_QUERY(
		"SELECT " OPEN_AT("unassessed") OPEN_AT("standard") OPEN_AT("medium")
		OPEN_AT("high") OPEN_AT("extreme") COUNT_CASES(OPEN_CASE)
		COUNT_CASES(CASE_LATE_REFERRALS("$2")) COUNT_CASES(CASE_LATE_REVIEW("$3"))
		COUNT_CASES(CASE_ORDER_EXPIRING("$3", "$4")) COUNT_CASES(CASE_LATE_ACTIONS("$3"))
		"(SELECT count(*) FROM meeting_requests r WHERE r.mechanism_id = $1 AND "
		"r.status = 'open'), (SELECT min_meetings_per_year FROM mechanisms WHERE id = $1), "
		HELD_IN("$5", "$6") ", " HELD_IN("$6", "$7") ", " HELD_IN("$7", "$8") ", "
		HELD_IN("$8", "$9") " FROM cases c WHERE c.mechanism_id = $1");
	int64_t *slots[] = { &out->open_by_risk[0], &out->open_by_risk[1], &out->open_by_risk[2],
			     &out->open_by_risk[3], &out->open_by_risk[4], &out->open_total,
			     &out->referrals_overdue, &out->reviews_due, &out->orders_expiring,
			     &out->actions_overdue, &out->meeting_requests_open,
			     &out->minimum_per_year, &out->held[0], &out->regular[0],
			     &out->held[1], &out->regular[1], &out->held[2], &out->regular[2],
			     &out->held[3], &out->regular[3] };
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, s->mechanism_id);
	db_bind_int(db, st, 2, s->now);
	db_bind_text(db, st, 3, s->today);
	db_bind_text(db, st, 4, s->expiring_until);
	for (int i = 0; i < 5; i++)
		db_bind_int(db, st, 5 + i, s->quarter_starts[i]);
	if ((rc = db_step(db, st)) == DB_ROW)
		for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
			*slots[i] = row_int_or_zero(db, st, (int)i);
	db_done(db, st);
	return db_row_status(db, rc);
}

/* ---- the national view ---- */

static void
read_municipality(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct national_municipality *m = row;

	m->id = db_col_int(db, st, 0);
	m->name = row_text(db, st, 1, a);
	m->country = row_text(db, st, 2, a);
	m->cases_opened = row_int_or_zero(db, st, 3);
	m->referrals_sent = row_int_or_zero(db, st, 4);
	m->referrals_overdue = row_int_or_zero(db, st, 5);
}

static void
read_mechanism(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct national_mechanism *m = row;

	m->id = db_col_int(db, st, 0);
	m->municipality_id = db_col_int(db, st, 1);
	m->kind = row_text(db, st, 2, a);
	m->name = row_text(db, st, 3, a);
	m->coordinator_user_id = row_int_or_zero(db, st, 4);
	m->minimum = row_int_or_zero(db, st, 5);
	m->members = row_int_or_zero(db, st, 6);
	m->meetings_held = row_int_or_zero(db, st, 7);
}

/* Rows of `q` with the year's bounds ($1, $2), a limit ($3) and, unless 0, now ($4). */
static enum ura_status
national_rows(struct db *db, struct arena *a, struct db_query *q, int64_t from, int64_t to,
	      int64_t now, int limit, size_t size, row_reader read, void **out, int *n)
{
	struct db_stmt *st = db_prepare(db, q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, from);
	db_bind_int(db, st, 2, to);
	db_bind_int(db, st, 3, limit);
	if (now != 0)
		db_bind_int(db, st, 4, now);
	return rows_read(db, st, a, limit, size, read, out, n);
}

enum ura_status
store_national(struct db *db, struct arena *a, int64_t from, int64_t to, int64_t now,
	       struct national_municipality **munis, int *nmunis,
	       struct national_mechanism **mechs, int *nmechs)
{
	/* Each municipality's cases and referrals of the year: the yearly rows of the report
	 * rollups (migration 024; the period is a calendar year), and the referrals still
	 * `sent` past respond_by as of now from the facts. */
	static struct db_query municipalities = DB_QUERY(
		"SELECT mu.id, mu.name, mu.country, k.n, k.sent, k.late FROM municipalities mu "
		"LEFT JOIN (SELECT m.municipality_id AS id, "
		"CAST(sum(CASE WHEN u.tally = 'kind' THEN u.n ELSE 0 END) AS BIGINT) AS n, "
		"CAST(sum(CASE WHEN u.tally = 'service' AND u.col = 0 THEN u.n ELSE 0 END) AS "
		"BIGINT) AS sent, CAST(sum(CASE WHEN u.tally = 'service' AND u.col = 3 THEN u.n "
		"ELSE 0 END) AS BIGINT) AS late FROM (SELECT mechanism_id, tally, col, n FROM "
		"report_counts WHERE grain = 2 AND t0 >= $1 AND t0 < $2 AND (tally = 'kind' OR "
		"(tally = 'service' AND col IN (0, 3))) UNION ALL SELECT mechanism_id, 'service', "
		"3, 1 FROM report_referral_facts WHERE pending_due IS NOT NULL AND created_at >= $1 "
		"AND created_at < $2 AND pending_due < $4) u JOIN mechanisms m ON "
		"m.id = u.mechanism_id GROUP BY m.municipality_id) k ON k.id = mu.id "
		"ORDER BY mu.id LIMIT $3");
	/* A coordinator counts when the account is active. */
	static struct db_query mechanisms = DB_QUERY(
		"SELECT x.id, x.municipality_id, x.kind, x.name, (SELECT u.id FROM users u WHERE "
		"u.id = x.coordinator_user_id AND u.active = 1), x.min_meetings_per_year, "
		"(SELECT count(*) FROM mechanism_members mm WHERE mm.mechanism_id = x.id), "
		"(SELECT count(*) FROM meetings g WHERE g.mechanism_id = x.id AND "
		"g.status = 'held' AND g.scheduled_at >= $1 AND g.scheduled_at < $2) "
		"FROM mechanisms x ORDER BY x.municipality_id, x.id LIMIT $3");
	enum ura_status st = national_rows(db, a, &municipalities, from, to, now,
					   NATIONAL_MUNICIPALITIES_MAX, sizeof(**munis),
					   read_municipality, (void **)munis, nmunis);

	if (st != URA_OK)
		return st;
	return national_rows(db, a, &mechanisms, from, to, 0, NATIONAL_MECHANISMS_MAX,
			     sizeof(**mechs), read_mechanism, (void **)mechs, nmechs);
}
