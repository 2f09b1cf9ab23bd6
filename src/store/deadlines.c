/*
 * The deadline scan in SQL: each rule is one INSERT ... SELECT that makes a notification for
 * every person who must hear of every finding, and ON CONFLICT DO NOTHING on (user, dedupe)
 * makes each exist once — across restarts, and across processes sharing PostgreSQL.
 *
 * Bounded steps: a rule whose findings grow with the data (every overdue referral, every case
 * whose review is due) reads them in the order of a partial index on (due time, id) that holds
 * only its candidates (migration 023), one window of at most `limit` rows per step. The step
 * first finds the window's last key (the limit-th candidate after the cursor), then notifies
 * the window's findings; a write never reads more than `limit` candidates, whatever the size
 * of the database. Rules over small tables (mechanisms, reports waiting for triage, which are
 * marked once told) run whole, in one step.
 */
#include "store/deadlines.h"

#include <stdio.h>

#include "store/db.h"
#include "store/rows.h"

#define NOTIFY "INSERT INTO notifications (user_id, kind, case_id, object_type, object_id, " \
	       "dedupe, created_at) "
#define STAFF(inst) " JOIN users u ON u.institution_id = " inst " AND u.active = 1 AND "    \
		    "u.role IN ('caseworker', 'manager') "
#define COORDINATOR " JOIN mechanisms m ON m.id = c.mechanism_id JOIN users u ON "           \
		    "u.id = m.coordinator_user_id AND u.active = 1 "
#define DONE " ON CONFLICT DO NOTHING"

/* The rows of a window: after the cursor's (key, id), up to the window's last. */
#define WINDOW(key, id, lo, hi) \
	" AND (" key ", " id ") > (" lo ") AND (" key ", " id ") <= (" hi ")"
/* The window's last (key, id): the off+1-th candidate after the cursor, in index order. */
#define BOUND(key, id, from, filter, lo, off)                                               \
	"SELECT " key ", " id " FROM " from " WHERE " filter " AND (" key ", " id ") > (" lo \
	") ORDER BY " key ", " id " LIMIT 1 OFFSET " off

/* The values a query may use, bound as $1, $2, ... in the order its list gives them. */
enum scan_value { V_NOW, V_TODAY, V_UNTIL, V_QUARTER, V_QUARTER_START, V_QUARTER_END, V_SOON,
		  V_LO_KEY, V_LO_ID, V_HI_KEY, V_HI_ID, V_OFFSET, V_END };

/* The candidates of each windowed rule, with the names of its parameters (each the filter
 * of a partial index of migration 023, so that the index serves it). */
#define REFERRAL_DUE(now) "f.status = 'sent' AND f.respond_by < " now
#define REVIEW_DUE(today) "c.status <> 'closed' AND c.next_review_on <= " today
#define ORDER_DUE(now) "o.status = 'pending' AND o.decision_due_at < " now
#define ORDER_ENDING(from, to) \
	"o.status = 'granted' AND o.valid_to >= " from " AND o.valid_to <= " to
#define ACTION_DUE(today) "a.status IN ('open', 'in_progress') AND a.due_on < " today
#define TASK_SOON(from, to) "t.status = 'open' AND t.due_on >= " from " AND t.due_on <= " to
#define TASK_LATE(today) "t.status = 'open' AND t.due_on < " today

#define REFERRAL_OVERDUE(who)                                                               \
	NOTIFY "SELECT u.id, 'referral_overdue', f.case_id, 'referral', f.id, "              \
	"'referral_overdue:' || f.id, $1 FROM referrals f JOIN cases c ON c.id = f.case_id " \
	who "WHERE " REFERRAL_DUE("$1") WINDOW("f.respond_by", "f.id", "$2, $3", "$4, $5") DONE
#define ORDER_OVERDUE(who)                                                                  \
	NOTIFY "SELECT u.id, 'order_decision_overdue', o.case_id, 'protection_order', o.id, " \
	"'order_decision_overdue:' || o.id, $1 FROM protection_orders o "                    \
	"JOIN cases c ON c.id = o.case_id " who "WHERE " ORDER_DUE("$1")                      \
	WINDOW("o.decision_due_at", "o.id", "$2, $3", "$4, $5") DONE
#define ACTION_OVERDUE(inst)                                                                \
	NOTIFY "SELECT u.id, 'action_overdue', a.case_id, 'action', a.id, "                  \
	"'action_overdue:' || a.id || ':' || a.due_on, $1 FROM case_actions a "              \
	"JOIN cases c ON c.id = a.case_id " STAFF(inst) "WHERE " ACTION_DUE("$2")             \
	WINDOW("a.due_on", "a.id", "$3, $4", "$5, $6") DONE

/* A report waiting in the triage queues past its due time, not yet told (once per report). */
#define INTAKE_OVERDUE                                                                      \
	"p.status = 'received' AND p.outcome IS NULL AND p.received_at IS NOT NULL AND "     \
	"p.police_disclosure <> 'statistics' AND p.triage_due_at < $1 AND "                  \
	"p.overdue_notified = 0"
/* A reintegration task, open on a case not closed, tells its institution once when it is due
 * soon (due_on from today to V_SOON) and once when overdue; a task moved to a new day is a
 * new finding. `cond` ends with the window on $3.. or $4.. */
#define TASK_FINDING(kind, cond)                                                            \
	NOTIFY "SELECT u.id, '" kind "', t.case_id, 'reintegration_task', t.id, "            \
	"'" kind ":' || t.id || ':' || t.due_on, $1 FROM reintegration_tasks t "             \
	"JOIN cases c ON c.id = t.case_id " STAFF("t.institution_id")                         \
	"WHERE c.status <> 'closed' AND " cond DONE

#define MAX_VALUES 8

struct query {
	struct db_query sql;
	enum scan_value values[MAX_VALUES];
};

static struct rule {
	struct query notify;
	struct query bound;  /* windowed rules: the window's last key; empty: the rule runs whole */
	struct query then;   /* a whole rule's second statement, in the same step (or empty) */
	bool date_key;       /* the window's key is a date (text), not a time */
	bool quarter_end_only;
} rules[] = {
#define REFERRAL_BOUND                                                                      \
	{ DB_QUERY(BOUND("f.respond_by", "f.id", "referrals f", REFERRAL_DUE("$1"), "$2, $3", \
			 "$4")), { V_NOW, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } }
#define WINDOW_VALUES V_LO_KEY, V_LO_ID, V_HI_KEY, V_HI_ID, V_END
	{ { DB_QUERY(REFERRAL_OVERDUE(COORDINATOR)), { V_NOW, WINDOW_VALUES } }, REFERRAL_BOUND,
	  { DB_QUERY(NULL), { V_END } }, false, false },
	{ { DB_QUERY(REFERRAL_OVERDUE(STAFF("f.from_institution_id"))), { V_NOW, WINDOW_VALUES } },
	  REFERRAL_BOUND, { DB_QUERY(NULL), { V_END } }, false, false },
	{ { DB_QUERY(NOTIFY "SELECT u.id, 'review_due', c.id, 'case', c.id, "
		     "'review_due:' || c.id || ':' || c.next_review_on, $1 FROM cases c "
		     STAFF("c.owner_institution_id") "WHERE " REVIEW_DUE("$2")
		     WINDOW("c.next_review_on", "c.id", "$3, $4", "$5, $6") DONE),
	    { V_NOW, V_TODAY, WINDOW_VALUES } },
	  { DB_QUERY(BOUND("c.next_review_on", "c.id", "cases c", REVIEW_DUE("$1"), "$2, $3",
			   "$4")), { V_TODAY, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } },
	  { DB_QUERY(NULL), { V_END } }, true, false },
#define ORDER_BOUND                                                                         \
	{ DB_QUERY(BOUND("o.decision_due_at", "o.id", "protection_orders o", ORDER_DUE("$1"), \
			 "$2, $3", "$4")), { V_NOW, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } }
	{ { DB_QUERY(ORDER_OVERDUE(STAFF("c.owner_institution_id"))), { V_NOW, WINDOW_VALUES } },
	  ORDER_BOUND, { DB_QUERY(NULL), { V_END } }, false, false },
	{ { DB_QUERY(ORDER_OVERDUE(COORDINATOR)), { V_NOW, WINDOW_VALUES } }, ORDER_BOUND,
	  { DB_QUERY(NULL), { V_END } }, false, false },
	{ { DB_QUERY(NOTIFY "SELECT u.id, 'order_expiring', o.case_id, 'protection_order', o.id, "
		     "'order_expiring:' || o.id || ':' || o.valid_to, $1 FROM protection_orders o "
		     "JOIN cases c ON c.id = o.case_id " STAFF("c.owner_institution_id")
		     "WHERE " ORDER_ENDING("$2", "$3")
		     WINDOW("o.valid_to", "o.id", "$4, $5", "$6, $7") DONE),
	    { V_NOW, V_TODAY, V_UNTIL, WINDOW_VALUES } },
	  { DB_QUERY(BOUND("o.valid_to", "o.id", "protection_orders o", ORDER_ENDING("$1", "$2"),
			   "$3, $4", "$5")),
	    { V_TODAY, V_UNTIL, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } },
	  { DB_QUERY(NULL), { V_END } }, true, false },
#define ACTION_BOUND                                                                        \
	{ DB_QUERY(BOUND("a.due_on", "a.id", "case_actions a", ACTION_DUE("$1"), "$2, $3",    \
			 "$4")), { V_TODAY, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } }
	{ { DB_QUERY(ACTION_OVERDUE("a.responsible_institution_id")),
	    { V_NOW, V_TODAY, WINDOW_VALUES } }, ACTION_BOUND, { DB_QUERY(NULL), { V_END } },
	  true, false },
	{ { DB_QUERY(ACTION_OVERDUE("c.owner_institution_id")), { V_NOW, V_TODAY, WINDOW_VALUES } },
	  ACTION_BOUND, { DB_QUERY(NULL), { V_END } }, true, false },
	{ { DB_QUERY(TASK_FINDING("reintegration_task_due", TASK_SOON("$2", "$3")
				  WINDOW("t.due_on", "t.id", "$4, $5", "$6, $7"))),
	    { V_NOW, V_TODAY, V_SOON, WINDOW_VALUES } },
	  { DB_QUERY(BOUND("t.due_on", "t.id", "reintegration_tasks t", TASK_SOON("$1", "$2"),
			   "$3, $4", "$5")),
	    { V_TODAY, V_SOON, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } },
	  { DB_QUERY(NULL), { V_END } }, true, false },
	{ { DB_QUERY(TASK_FINDING("reintegration_task_overdue", TASK_LATE("$2")
				  WINDOW("t.due_on", "t.id", "$3, $4", "$5, $6"))),
	    { V_NOW, V_TODAY, WINDOW_VALUES } },
	  { DB_QUERY(BOUND("t.due_on", "t.id", "reintegration_tasks t", TASK_LATE("$1"),
			   "$2, $3", "$4")), { V_TODAY, V_LO_KEY, V_LO_ID, V_OFFSET, V_END } },
	  { DB_QUERY(NULL), { V_END } }, true, false },
	{ { DB_QUERY(NOTIFY "SELECT u.id, 'quarter_without_meeting', CAST(NULL AS BIGINT), "
		     "'mechanism', m.id, 'quarter_without_meeting:' || m.id || ':' || $2, $1 "
		     "FROM mechanisms m JOIN users u ON u.id = m.coordinator_user_id AND "
		     "u.active = 1 WHERE NOT EXISTS (SELECT 1 FROM meetings x WHERE "
		     "x.mechanism_id = m.id AND x.kind = 'regular' AND x.status <> 'cancelled' AND "
		     "x.scheduled_at >= $3 AND x.scheduled_at < $4)" DONE),
	    { V_NOW, V_QUARTER, V_QUARTER_START, V_QUARTER_END, V_END } },
	  { DB_QUERY(NULL), { V_END } }, { DB_QUERY(NULL), { V_END } }, false, true },
	/* the coordinator hears of an overdue triage once; then the report is marked told */
	{ { DB_QUERY(NOTIFY "SELECT u.id, 'intake_overdue', CAST(NULL AS BIGINT), 'intake', "
		     "p.id, 'intake_overdue:' || p.id, $1 FROM public_reports p JOIN mechanisms m "
		     "ON m.id = p.mechanism_id JOIN users u ON u.id = m.coordinator_user_id AND "
		     "u.active = 1 WHERE " INTAKE_OVERDUE DONE), { V_NOW, V_END } },
	  { DB_QUERY(NULL), { V_END } },
	  { DB_QUERY("UPDATE public_reports SET overdue_notified = 1 WHERE id IN (SELECT p.id "
		     "FROM public_reports p WHERE " INTAKE_OVERDUE ")"), { V_NOW, V_END } },
	  false, false },
};
#define NRULES ((int)(sizeof(rules) / sizeof(rules[0])))

/* What a step binds: the scan's values, the window and the bound's offset. */
struct step {
	const struct deadline_scan *scan;
	const struct rule *rule;
	const struct deadline_key *lo, *hi;
	int limit;
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

static enum ura_status
run(struct db *db, struct query *q, const struct step *s)
{
	struct db_stmt *st = prepared(db, q, s);

	return st != NULL ? db_run(db, st) : URA_EINTERNAL;
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

enum ura_status
store_deadlines_scan_step(struct db *db, const struct deadline_scan *scan,
			  struct deadline_cursor *c, int limit)
{
	struct deadline_key hi;
	struct step s = { .scan = scan, .lo = &c->after, .hi = &hi, .limit = limit };
	struct rule *r;
	enum ura_status st;
	bool last = true;

	while (c->rule < NRULES && rules[c->rule].quarter_end_only && !scan->quarter_ending)
		c->rule++;
	if (c->rule >= NRULES || limit < 1) {
		c->done = true;
		return URA_OK;
	}
	r = &rules[c->rule];
	s.rule = r;
	if (r->bound.sql.sql != NULL && (st = window_end(db, r, &s, &hi, &last)) != URA_OK)
		return st;
	if ((st = run(db, &r->notify, &s)) != URA_OK ||
	    (r->then.sql.sql != NULL && (st = run(db, &r->then, &s)) != URA_OK))
		return st;
	c->steps++;
	if (!last) {
		c->after = hi;
		return URA_OK;
	}
	c->after = (struct deadline_key){ 0 };
	c->done = ++c->rule >= NRULES;
	return URA_OK;
}
