/*
 * The deadline scan in SQL. Each rule has a query that finds, for every finding, each person
 * who must hear of it and has not yet: it runs on a read connection, so the writer never
 * reads through the candidates. The writer then only inserts what was found, and ON CONFLICT
 * DO NOTHING on (user, dedupe) makes each notification exist once — across restarts, across
 * processes sharing PostgreSQL, and when the same finding is read twice before it is written.
 *
 * Bounded steps: a rule whose findings grow with the data (every overdue referral, every case
 * whose review is due) reads them in the order of a partial index on (due time, id) that holds
 * only its candidates (migrations 023 and 028), one window of at most `limit` candidates at a
 * time; the window's last key is the limit-th candidate after the cursor. A read returns at
 * most `rows` findings; when it is full, the same window is read again once they are written
 * (the written ones are no longer found). A write stops at its time budget, and the next
 * write goes on where it stopped. Rules over small tables (mechanisms) run whole,
 * `rows` findings at a time. The intake rule marks each report it found as told.
 */
#include "store/deadlines.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "store/db.h"
#include "store/rows.h"

#define STAFF(inst) " JOIN users u ON u.institution_id = " inst " AND u.active = 1 AND "    \
		    "u.role IN ('caseworker', 'manager') "
#define COORDINATOR " JOIN mechanisms m ON m.id = c.mechanism_id JOIN users u ON "           \
		    "u.id = m.coordinator_user_id AND u.active = 1 "

/* A finding's row: who, the case (or NULL), the object and the dedupe key; only for those
 * who have not been told yet, at most `rows` ($n) of them. */
#define FIND(user, case_id, object_id, dedupe, from, cond, rows)                             \
	"SELECT " user ", " case_id ", " object_id ", " dedupe " FROM " from " WHERE " cond  \
	" AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = " user " AND "       \
	"n.dedupe = (" dedupe ")) LIMIT " rows

/* The rows of a window: after the cursor's (key, id), up to the window's last. */
#define WINDOW(key, id, lo, hi) \
	" AND (" key ", " id ") > (" lo ") AND (" key ", " id ") <= (" hi ")"
/* The window's last (key, id): the off+1-th candidate after the cursor, in index order. */
#define BOUND(key, id, from, filter, lo, off)                                               \
	"SELECT " key ", " id " FROM " from " WHERE " filter " AND (" key ", " id ") > (" lo \
	") ORDER BY " key ", " id " LIMIT 1 OFFSET " off

/* The values a query may use, bound as $1, $2, ... in the order its list gives them. */
enum scan_value { V_NOW, V_TODAY, V_UNTIL, V_QUARTER, V_QUARTER_START, V_QUARTER_END, V_SOON,
		  V_LO_KEY, V_LO_ID, V_HI_KEY, V_HI_ID, V_OFFSET, V_ROWS, V_END };

/* The candidates of each windowed rule, with the names of its parameters (each the filter
 * of a partial index of migration 023 or 028, so that the index serves it). */
#define REFERRAL_DUE(now) "f.status = 'sent' AND f.respond_by < " now
#define REVIEW_DUE(today) "c.status <> 'closed' AND c.next_review_on <= " today
#define ORDER_DUE(now) "o.status = 'pending' AND o.decision_due_at < " now
#define ORDER_ENDING(from, to) \
	"o.status = 'granted' AND o.valid_to >= " from " AND o.valid_to <= " to
#define ACTION_DUE(today) "a.status IN ('open', 'in_progress') AND a.due_on < " today
#define TASK_SOON(from, to) "t.status = 'open' AND t.due_on >= " from " AND t.due_on <= " to
#define TASK_LATE(today) "t.status = 'open' AND t.due_on < " today
/* A report waiting in the triage queues past its due time, not yet told (once per report). */
#define INTAKE_DUE(now)                                                                     \
	"p.status = 'received' AND p.overdue_notified = 0 AND p.outcome IS NULL AND "        \
	"p.received_at IS NOT NULL AND p.police_disclosure <> 'statistics' AND "             \
	"p.triage_due_at < " now

#define REFERRAL_OVERDUE(who)                                                               \
	FIND("u.id", "f.case_id", "f.id", "'referral_overdue:' || f.id",                     \
	     "referrals f JOIN cases c ON c.id = f.case_id " who, REFERRAL_DUE("$1")         \
	     WINDOW("f.respond_by", "f.id", "$2, $3", "$4, $5"), "$6")
#define ORDER_OVERDUE(who)                                                                  \
	FIND("u.id", "o.case_id", "o.id", "'order_decision_overdue:' || o.id",               \
	     "protection_orders o JOIN cases c ON c.id = o.case_id " who, ORDER_DUE("$1")    \
	     WINDOW("o.decision_due_at", "o.id", "$2, $3", "$4, $5"), "$6")
#define ACTION_OVERDUE(inst)                                                                \
	FIND("u.id", "a.case_id", "a.id", "'action_overdue:' || a.id || ':' || a.due_on",     \
	     "case_actions a JOIN cases c ON c.id = a.case_id " STAFF(inst), ACTION_DUE("$1") \
	     WINDOW("a.due_on", "a.id", "$2, $3", "$4, $5"), "$6")
/* A reintegration task, open on a case not closed, tells its institution once when it is due
 * soon (due_on from today to V_SOON) and once when overdue; a task moved to a new day is a
 * new finding. `cond` ends with the window; `rows` names the last parameter. */
#define TASK_FINDING(kind, cond, rows)                                                      \
	FIND("u.id", "t.case_id", "t.id", "'" kind ":' || t.id || ':' || t.due_on",           \
	     "reintegration_tasks t JOIN cases c ON c.id = t.case_id "                        \
	     STAFF("t.institution_id"), "c.status <> 'closed' AND " cond, rows)

#define MAX_VALUES 8

struct query {
	struct db_query sql;
	enum scan_value values[MAX_VALUES];
};

static struct rule {
	const char *kind, *object_type; /* of the notifications it makes */
	struct query find;
	struct query bound;  /* windowed rules: the window's last key; empty: the rule runs whole */
	const char *mark;    /* "UPDATE ... WHERE id IN ": the findings' objects once notified */
	bool date_key;       /* the window's key is a date (text), not a time */
	bool quarter_end_only;
} rules[] = {
#define NO_QUERY { DB_QUERY(NULL), { V_END } }
#define REFERRAL_BOUND                                                                      \
	{ DB_QUERY(BOUND("f.respond_by", "f.id", "referrals f", REFERRAL_DUE("$1"), "$2, $3", \
			 "$4")), { V_NOW, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } }
#define WINDOW_VALUES V_LO_KEY, V_LO_ID, V_HI_KEY, V_HI_ID, V_ROWS, V_END
	{ "referral_overdue", "referral",
	  { DB_QUERY(REFERRAL_OVERDUE(COORDINATOR)), { V_NOW, WINDOW_VALUES } }, REFERRAL_BOUND,
	  NULL, false, false },
	{ "referral_overdue", "referral",
	  { DB_QUERY(REFERRAL_OVERDUE(STAFF("f.from_institution_id"))), { V_NOW, WINDOW_VALUES } },
	  REFERRAL_BOUND, NULL, false, false },
	{ "review_due", "case",
	  { DB_QUERY(FIND("u.id", "c.id", "c.id", "'review_due:' || c.id || ':' || c.next_review_on",
			  "cases c" STAFF("c.owner_institution_id"), REVIEW_DUE("$1")
			  WINDOW("c.next_review_on", "c.id", "$2, $3", "$4, $5"), "$6")),
	    { V_TODAY, WINDOW_VALUES } },
	  { DB_QUERY(BOUND("c.next_review_on", "c.id", "cases c", REVIEW_DUE("$1"), "$2, $3",
			   "$4")), { V_TODAY, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } },
	  NULL, true, false },
#define ORDER_BOUND                                                                         \
	{ DB_QUERY(BOUND("o.decision_due_at", "o.id", "protection_orders o", ORDER_DUE("$1"), \
			 "$2, $3", "$4")), { V_NOW, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } }
	{ "order_decision_overdue", "protection_order",
	  { DB_QUERY(ORDER_OVERDUE(STAFF("c.owner_institution_id"))), { V_NOW, WINDOW_VALUES } },
	  ORDER_BOUND, NULL, false, false },
	{ "order_decision_overdue", "protection_order",
	  { DB_QUERY(ORDER_OVERDUE(COORDINATOR)), { V_NOW, WINDOW_VALUES } }, ORDER_BOUND,
	  NULL, false, false },
	{ "order_expiring", "protection_order",
	  { DB_QUERY(FIND("u.id", "o.case_id", "o.id",
			  "'order_expiring:' || o.id || ':' || o.valid_to",
			  "protection_orders o JOIN cases c ON c.id = o.case_id "
			  STAFF("c.owner_institution_id"), ORDER_ENDING("$1", "$2")
			  WINDOW("o.valid_to", "o.id", "$3, $4", "$5, $6"), "$7")),
	    { V_TODAY, V_UNTIL, WINDOW_VALUES } },
	  { DB_QUERY(BOUND("o.valid_to", "o.id", "protection_orders o", ORDER_ENDING("$1", "$2"),
			   "$3, $4", "$5")),
	    { V_TODAY, V_UNTIL, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } },
	  NULL, true, false },
#define ACTION_BOUND                                                                        \
	{ DB_QUERY(BOUND("a.due_on", "a.id", "case_actions a", ACTION_DUE("$1"), "$2, $3",    \
			 "$4")), { V_TODAY, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } }
	{ "action_overdue", "action",
	  { DB_QUERY(ACTION_OVERDUE("a.responsible_institution_id")), { V_TODAY, WINDOW_VALUES } },
	  ACTION_BOUND, NULL, true, false },
	{ "action_overdue", "action",
	  { DB_QUERY(ACTION_OVERDUE("c.owner_institution_id")), { V_TODAY, WINDOW_VALUES } },
	  ACTION_BOUND, NULL, true, false },
	{ "reintegration_task_due", "reintegration_task",
	  { DB_QUERY(TASK_FINDING("reintegration_task_due", TASK_SOON("$1", "$2")
				  WINDOW("t.due_on", "t.id", "$3, $4", "$5, $6"), "$7")),
	    { V_TODAY, V_SOON, WINDOW_VALUES } },
	  { DB_QUERY(BOUND("t.due_on", "t.id", "reintegration_tasks t", TASK_SOON("$1", "$2"),
			   "$3, $4", "$5")),
	    { V_TODAY, V_SOON, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } },
	  NULL, true, false },
	{ "reintegration_task_overdue", "reintegration_task",
	  { DB_QUERY(TASK_FINDING("reintegration_task_overdue", TASK_LATE("$1")
				  WINDOW("t.due_on", "t.id", "$2, $3", "$4, $5"), "$6")),
	    { V_TODAY, WINDOW_VALUES } },
	  { DB_QUERY(BOUND("t.due_on", "t.id", "reintegration_tasks t", TASK_LATE("$1"),
			   "$2, $3", "$4")), { V_TODAY, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } },
	  NULL, true, false },
	{ "quarter_without_meeting", "mechanism",
	  { DB_QUERY(FIND("u.id", "CAST(NULL AS BIGINT)", "m.id",
			  "'quarter_without_meeting:' || m.id || ':' || $1",
			  "mechanisms m JOIN users u ON u.id = m.coordinator_user_id AND "
			  "u.active = 1", "NOT EXISTS (SELECT 1 FROM meetings x WHERE "
			  "x.mechanism_id = m.id AND x.kind = 'regular' AND x.status <> "
			  "'cancelled' AND x.scheduled_at >= $2 AND x.scheduled_at < $3)", "$4")),
	    { V_QUARTER, V_QUARTER_START, V_QUARTER_END, V_ROWS, V_END } },
	  NO_QUERY, NULL, false, true },
	/* the coordinator hears of an overdue triage once, and the report is marked told (also
	 * when its mechanism has no active coordinator: u.id is then NULL, and nobody is told) */
	{ "intake_overdue", "intake",
	  { DB_QUERY(FIND("u.id", "CAST(NULL AS BIGINT)", "p.id", "'intake_overdue:' || p.id",
			  "public_reports p JOIN mechanisms m ON m.id = p.mechanism_id LEFT JOIN "
			  "users u ON u.id = m.coordinator_user_id AND u.active = 1",
			  INTAKE_DUE("$1") WINDOW("p.triage_due_at", "p.id", "$2, $3", "$4, $5"),
			  "$6")), { V_NOW, WINDOW_VALUES } },
	  { DB_QUERY(BOUND("p.triage_due_at", "p.id", "public_reports p", INTAKE_DUE("$1"),
			   "$2, $3", "$4")), { V_NOW, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } },
	  "UPDATE public_reports SET overdue_notified = 1 WHERE id IN ", false, false },
#undef NO_QUERY
};
#define NRULES ((int)(sizeof(rules) / sizeof(rules[0])))

/* What a read binds: the scan's values, the window, the bound's offset and the rows. */
struct step {
	const struct deadline_scan *scan;
	const struct rule *rule;
	const struct deadline_key *lo, *hi;
	int limit, rows;
};

static void
bind_key(struct db *db, struct db_stmt *st, int i, const struct step *s,
	 const struct deadline_key *k)
{
	if (s->rule->date_key)
		db_bind_text(db, st, i, k->date);
	else
		db_bind_int(db, st, i, k->time);
}

static void
bind_value(struct db *db, struct db_stmt *st, int i, enum scan_value v, const struct step *s)
{
	const struct deadline_scan *d = s->scan;

	switch (v) {
	case V_NOW: db_bind_int(db, st, i, d->now); break;
	case V_TODAY: db_bind_text(db, st, i, d->today); break;
	case V_UNTIL: db_bind_text(db, st, i, d->expiry_warning_until); break;
	case V_QUARTER: db_bind_text(db, st, i, d->quarter); break;
	case V_QUARTER_START: db_bind_int(db, st, i, d->quarter_start); break;
	case V_QUARTER_END: db_bind_int(db, st, i, d->quarter_end); break;
	case V_SOON: db_bind_text(db, st, i, d->task_due_until); break;
	case V_LO_KEY: bind_key(db, st, i, s, s->lo); break;
	case V_LO_ID: db_bind_int(db, st, i, s->lo->id); break;
	case V_HI_KEY: bind_key(db, st, i, s, s->hi); break;
	case V_HI_ID: db_bind_int(db, st, i, s->hi->id); break;
	case V_OFFSET: db_bind_int(db, st, i, s->limit - 1); break;
	case V_ROWS: db_bind_int(db, st, i, s->rows); break;
	case V_END: break;
	}
}

/* Prepares `q` with its values bound; NULL on failure. */
static struct db_stmt *
prepared(struct db *db, struct query *q, const struct step *s)
{
	struct db_stmt *st = db_prepare(db, &q->sql);

	for (int k = 0; st != NULL && q->values[k] != V_END; k++)
		bind_value(db, st, k + 1, q->values[k], s);
	return st;
}

/* The window's last key into *hi; *last when fewer than `limit` candidates are left (then
 * *hi is past every key: the window runs to the rule's end). */
static enum ura_status
window_end(struct db *db, struct rule *r, const struct step *s, struct deadline_key *hi,
	   bool *last)
{
	struct db_stmt *st = prepared(db, &r->bound, s);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	rc = db_step(db, st);
	*last = rc != DB_ROW;
	if (rc == DB_ROW) {
		if (r->date_key)
			snprintf(hi->date, sizeof(hi->date), "%s", db_col_text(db, st, 0));
		else
			hi->time = db_col_int(db, st, 0);
		hi->id = db_col_int(db, st, 1);
	} else {
		*hi = (struct deadline_key){ .time = INT64_MAX, .id = INT64_MAX, .date = "9999-12-31" };
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

static void
read_finding(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct deadline_finding *f = row;

	f->user_id = row_int_or_zero(db, st, 0);
	f->case_id = row_int_or_zero(db, st, 1);
	f->object_id = db_col_int(db, st, 2);
	f->dedupe = row_text(db, st, 3, a);
}

enum ura_status
store_deadlines_find(struct db *db, struct arena *a, const struct deadline_scan *scan,
		     const struct deadline_cursor *c, int limit, int rows,
		     struct deadline_findings *out)
{
	struct step s = { .scan = scan, .lo = &c->after, .hi = &out->hi, .limit = limit,
			  .rows = rows };
	struct db_stmt *st;
	struct rule *r;
	enum ura_status status;
	void *found;

	*out = (struct deadline_findings){ .rule = c->rule, .last = true };
	while (out->rule < NRULES && rules[out->rule].quarter_end_only && !scan->quarter_ending)
		out->rule++;
	if (out->rule >= NRULES || limit < 1 || rows < 1) {
		out->rule = NRULES;
		return URA_OK;
	}
	r = &rules[out->rule];
	s.rule = r;
	if (r->bound.sql.sql != NULL && (status = window_end(db, r, &s, &out->hi, &out->last)) !=
	    URA_OK)
		return status;
	if ((st = prepared(db, &r->find, &s)) == NULL)
		return URA_EINTERNAL;
	if ((status = rows_read(db, st, a, rows, sizeof(*out->rows), read_finding, &found,
				&out->n)) != URA_OK)
		return status;
	out->rows = found;
	out->full = out->n == rows;
	return URA_OK;
}

/*
 * A write inserts its findings NOTIFY_ROWS at a time, in one statement (and marks their
 * objects in one more): a scan of thousands of findings is a few hundred statements, not two
 * round trips each. The statement always takes NOTIFY_ROWS rows, the unused ones NULL (no
 * user joins them), so each connection prepares it once; its text is made on first use.
 */
#define NOTIFY_COLUMNS 4 /* user, case, object, dedupe */

static struct db_query notify_insert, notify_marks[NRULES];
static pthread_once_t notify_once = PTHREAD_ONCE_INIT;

static void
notify_queries_make(void)
{
	static const char *const types[NOTIFY_COLUMNS] = { "BIGINT", "BIGINT", "BIGINT", "TEXT" };

	/* v.column1...: VALUES names its columns so on both engines; WHERE before ON CONFLICT
	 * (SQLite's parser would read ON CONFLICT as a join's condition otherwise) */
	notify_insert = (struct db_query)DB_QUERY(sql_parameter_rows(
		"INSERT INTO notifications (user_id, kind, case_id, object_type, object_id, dedupe, "
		"created_at) SELECT u.id, $1, v.column2, $2, v.column3, v.column4, $3 FROM (VALUES ",
		4, NOTIFY_ROWS, NOTIFY_COLUMNS, types,
		") AS v, users u WHERE u.id = v.column1 AND u.active = 1 ON CONFLICT DO NOTHING"));
	for (int r = 0; r < NRULES; r++)
		if (rules[r].mark != NULL)
			notify_marks[r] = (struct db_query)DB_QUERY(
				sql_parameter_rows(rules[r].mark, 1, 1, NOTIFY_ROWS, NULL, ""));
}

/* Rows [from, from + n) of `f`: the people told, the objects marked. */
static enum ura_status
notify_rows(struct db *db, const struct deadline_scan *scan, const struct deadline_findings *f,
	    int from, int n)
{
	const struct rule *r = &rules[f->rule];
	struct db_stmt *st;
	enum ura_status status;
	bool anyone = false;

	for (int i = 0; i < n; i++)
		anyone |= f->rows[from + i].user_id != 0;
	if (!anyone && r->mark == NULL)
		return URA_OK; /* nobody to tell, nothing to mark */
	if ((st = db_prepare(db, &notify_insert)) == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, r->kind);
	db_bind_text(db, st, 2, r->object_type);
	db_bind_int(db, st, 3, scan->now);
	for (int i = 0; i < NOTIFY_ROWS; i++) {
		const struct deadline_finding *x = i < n ? &f->rows[from + i] : NULL;
		int at = 4 + i * NOTIFY_COLUMNS;

		/* nobody (user 0) is told nothing; one made inactive since the read neither */
		bind_int_or_null(db, st, at, x != NULL ? x->user_id : 0);
		bind_int_or_null(db, st, at + 1, x != NULL ? x->case_id : 0);
		bind_int_or_null(db, st, at + 2, x != NULL ? x->object_id : 0);
		if (x != NULL)
			db_bind_text(db, st, at + 3, x->dedupe);
		else
			db_bind_null(db, st, at + 3);
	}
	if ((status = db_run(db, st)) != URA_OK || r->mark == NULL)
		return status;
	if ((st = db_prepare(db, &notify_marks[f->rule])) == NULL)
		return URA_EINTERNAL;
	for (int i = 0; i < NOTIFY_ROWS; i++)
		bind_int_or_null(db, st, i + 1, i < n ? f->rows[from + i].object_id : 0);
	return db_run(db, st);
}

enum ura_status
store_deadlines_notify(struct db *db, const struct deadline_scan *scan,
		       struct deadline_findings *f, int64_t until_ns)
{
	enum ura_status status = URA_OK;

	if (f->rule < 0 || f->rule >= NRULES)
		return URA_OK;
	pthread_once(&notify_once, notify_queries_make);
	while (f->written < f->n && status == URA_OK) {
		int n = f->n - f->written < NOTIFY_ROWS ? f->n - f->written : NOTIFY_ROWS;

		if ((status = notify_rows(db, scan, f, f->written, n)) == URA_OK)
			f->written += n;
		if (clock_monotonic_ns() >= until_ns)
			break;
	}
	return status;
}

void
store_deadlines_advance(struct deadline_cursor *c, const struct deadline_findings *f)
{
	c->steps++;
	c->rule = f->rule;
	if (f->full)
		return; /* the window again: what was just written is no longer found */
	if (!f->last) {
		c->after = f->hi;
		return;
	}
	c->after = (struct deadline_key){ 0 };
	c->rule = f->rule + 1;
	c->done = c->rule >= NRULES;
}
