/*
 * The deadline scan in SQL: each rule is one INSERT ... SELECT that makes a notification for
 * every person who must hear of every finding, and ON CONFLICT DO NOTHING on (user, dedupe)
 * makes each exist once — across restarts, and across processes sharing PostgreSQL.
 */
#include "store/store.h"

#include "store/db.h"
#include "store/rows.h"

#define NOTIFY "INSERT INTO notifications (user_id, kind, case_id, object_type, object_id, " \
	       "dedupe, created_at) "
#define STAFF(inst) " JOIN users u ON u.institution_id = " inst " AND u.active = 1 AND "    \
		    "u.role IN ('caseworker', 'manager') "
#define COORDINATOR " JOIN mechanisms m ON m.id = c.mechanism_id JOIN users u ON "           \
		    "u.id = m.coordinator_user_id AND u.active = 1 "
#define DONE " ON CONFLICT DO NOTHING"

/* The values a rule may use, bound as $1, $2, ... in the order the rule lists them. */
enum scan_value { V_NOW, V_TODAY, V_UNTIL, V_QUARTER, V_QUARTER_START, V_QUARTER_END, V_SOON,
		  V_END };

#define REFERRAL_OVERDUE(who)                                                               \
	NOTIFY "SELECT u.id, 'referral_overdue', f.case_id, 'referral', f.id, "              \
	"'referral_overdue:' || f.id, $1 FROM referrals f JOIN cases c ON c.id = f.case_id " \
	who "WHERE f.status = 'sent' AND f.respond_by < $1" DONE
#define ORDER_OVERDUE(who)                                                                  \
	NOTIFY "SELECT u.id, 'order_decision_overdue', o.case_id, 'protection_order', o.id, " \
	"'order_decision_overdue:' || o.id, $1 FROM protection_orders o "                    \
	"JOIN cases c ON c.id = o.case_id " who                                               \
	"WHERE o.status = 'pending' AND o.decision_due_at < $1" DONE
#define ACTION_OVERDUE(inst)                                                                \
	NOTIFY "SELECT u.id, 'action_overdue', a.case_id, 'action', a.id, "                  \
	"'action_overdue:' || a.id || ':' || a.due_on, $1 FROM case_actions a "              \
	"JOIN cases c ON c.id = a.case_id " STAFF(inst)                                       \
	"WHERE a.status IN ('open', 'in_progress') AND a.due_on < $2" DONE

/* A report waiting in the triage queues past its due time, not yet told (once per report). */
#define INTAKE_OVERDUE                                                                      \
	"p.status = 'received' AND p.outcome IS NULL AND p.received_at IS NOT NULL AND "     \
	"p.police_disclosure <> 'statistics' AND p.triage_due_at < $1 AND "                  \
	"p.overdue_notified = 0"
/* A reintegration task, open on a case not closed, tells its institution once when it is due
 * soon (due_on from today to V_SOON) and once when overdue; a task moved to a new day is a
 * new finding. */
#define TASK_FINDING(kind, cond)                                                            \
	NOTIFY "SELECT u.id, '" kind "', t.case_id, 'reintegration_task', t.id, "            \
	"'" kind ":' || t.id || ':' || t.due_on, $1 FROM reintegration_tasks t "             \
	"JOIN cases c ON c.id = t.case_id " STAFF("t.institution_id")                         \
	"WHERE t.status = 'open' AND c.status <> 'closed' AND " cond DONE

static struct {
	struct db_query query;
	enum scan_value values[5];
	bool quarter_end_only;
} rules[] = {
	{ DB_QUERY(REFERRAL_OVERDUE(COORDINATOR)), { V_NOW, V_END }, false },
	{ DB_QUERY(REFERRAL_OVERDUE(STAFF("f.from_institution_id"))), { V_NOW, V_END }, false },
	{ DB_QUERY(NOTIFY "SELECT u.id, 'review_due', c.id, 'case', c.id, "
		   "'review_due:' || c.id || ':' || c.next_review_on, $1 FROM cases c "
		   STAFF("c.owner_institution_id") "WHERE c.status <> 'closed' AND "
		   "c.next_review_on IS NOT NULL AND c.next_review_on <= $2" DONE),
	  { V_NOW, V_TODAY, V_END }, false },
	{ DB_QUERY(ORDER_OVERDUE(STAFF("c.owner_institution_id"))), { V_NOW, V_END }, false },
	{ DB_QUERY(ORDER_OVERDUE(COORDINATOR)), { V_NOW, V_END }, false },
	{ DB_QUERY(NOTIFY "SELECT u.id, 'order_expiring', o.case_id, 'protection_order', o.id, "
		   "'order_expiring:' || o.id || ':' || o.valid_to, $1 FROM protection_orders o "
		   "JOIN cases c ON c.id = o.case_id " STAFF("c.owner_institution_id")
		   "WHERE o.status = 'granted' AND o.valid_to >= $2 AND o.valid_to <= $3" DONE),
	  { V_NOW, V_TODAY, V_UNTIL, V_END }, false },
	{ DB_QUERY(ACTION_OVERDUE("a.responsible_institution_id")), { V_NOW, V_TODAY, V_END }, false },
	{ DB_QUERY(ACTION_OVERDUE("c.owner_institution_id")), { V_NOW, V_TODAY, V_END }, false },
	{ DB_QUERY(TASK_FINDING("reintegration_task_due", "t.due_on >= $2 AND t.due_on <= $3")),
	  { V_NOW, V_TODAY, V_SOON, V_END }, false },
	{ DB_QUERY(TASK_FINDING("reintegration_task_overdue", "t.due_on < $2")),
	  { V_NOW, V_TODAY, V_END }, false },
	{ DB_QUERY(NOTIFY "SELECT u.id, 'quarter_without_meeting', CAST(NULL AS BIGINT), "
		   "'mechanism', m.id, 'quarter_without_meeting:' || m.id || ':' || $2, $1 "
		   "FROM mechanisms m JOIN users u ON u.id = m.coordinator_user_id AND u.active = 1 "
		   "WHERE NOT EXISTS (SELECT 1 FROM meetings x WHERE x.mechanism_id = m.id AND "
		   "x.kind = 'regular' AND x.status <> 'cancelled' AND x.scheduled_at >= $3 AND "
		   "x.scheduled_at < $4)" DONE),
	  { V_NOW, V_QUARTER, V_QUARTER_START, V_QUARTER_END, V_END }, true },
	/* the coordinator hears of an overdue triage once; then the report is marked told */
	{ DB_QUERY(NOTIFY "SELECT u.id, 'intake_overdue', CAST(NULL AS BIGINT), 'intake', p.id, "
		   "'intake_overdue:' || p.id, $1 FROM public_reports p JOIN mechanisms m ON "
		   "m.id = p.mechanism_id JOIN users u ON u.id = m.coordinator_user_id AND "
		   "u.active = 1 WHERE " INTAKE_OVERDUE DONE),
	  { V_NOW, V_END }, false },
	{ DB_QUERY("UPDATE public_reports SET overdue_notified = 1 WHERE id IN (SELECT p.id FROM "
		   "public_reports p WHERE " INTAKE_OVERDUE ")"),
	  { V_NOW, V_END }, false },
};

static void
bind_value(struct db *db, struct db_stmt *st, int i, enum scan_value v,
	   const struct deadline_scan *s)
{
	switch (v) {
	case V_NOW: db_bind_int(db, st, i, s->now); break;
	case V_TODAY: db_bind_text(db, st, i, s->today); break;
	case V_UNTIL: db_bind_text(db, st, i, s->expiry_warning_until); break;
	case V_QUARTER: db_bind_text(db, st, i, s->quarter); break;
	case V_QUARTER_START: db_bind_int(db, st, i, s->quarter_start); break;
	case V_QUARTER_END: db_bind_int(db, st, i, s->quarter_end); break;
	case V_SOON: db_bind_text(db, st, i, s->task_due_until); break;
	case V_END: break;
	}
}

enum ura_status
store_deadlines_scan(struct db *db, const struct deadline_scan *scan)
{
	enum ura_status st = URA_OK;

	for (size_t i = 0; st == URA_OK && i < sizeof(rules) / sizeof(rules[0]); i++) {
		struct db_stmt *s;
		if (rules[i].quarter_end_only && !scan->quarter_ending)
			continue;
		if ((s = db_prepare(db, &rules[i].query)) == NULL)
			return URA_EINTERNAL;
		for (int k = 0; rules[i].values[k] != V_END; k++)
			bind_value(db, s, k + 1, rules[i].values[k], scan);
		st = db_run(db, s);
	}
	return st;
}
