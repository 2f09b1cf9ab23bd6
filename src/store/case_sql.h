/*
 * What is late on a case, as SQL conditions on a case row `c`: one text per item, shared by
 * the case summaries and list filters (store/cases.c) and the coordinator's dashboard
 * (store/coordination.c), so that each number of the dashboard counts exactly the cases its
 * list shows. NOW is the parameter of the time (epoch seconds), TODAY and UNTIL of dates.
 * Internal to src/store/.
 */
#ifndef URA_STORE_CASE_SQL_H
#define URA_STORE_CASE_SQL_H

/* A referral still `sent` past its respond_by. */
#define CASE_LATE_REFERRALS(NOW)                                                            \
	"EXISTS (SELECT 1 FROM referrals f WHERE f.case_id = c.id AND f.status = 'sent' "    \
	"AND f.respond_by < " NOW ")"
/* An action of the plan not done or cancelled past its due date. */
#define CASE_LATE_ACTIONS(TODAY)                                                            \
	"EXISTS (SELECT 1 FROM case_actions a WHERE a.case_id = c.id AND a.status IN "       \
	"('open', 'in_progress') AND a.due_on < " TODAY ")"
/* A protection order still pending past its decision_due_at. */
#define CASE_LATE_ORDERS(NOW)                                                               \
	"EXISTS (SELECT 1 FROM protection_orders o WHERE o.case_id = c.id AND "              \
	"o.status = 'pending' AND o.decision_due_at < " NOW ")"
/* The risk review date has passed (a case not closed). */
#define CASE_LATE_REVIEW(TODAY) "(c.status <> 'closed' AND c.next_review_on < " TODAY ")"
/* Anything of the above. */
#define CASE_LATE(NOW, TODAY)                                                               \
	"(" CASE_LATE_REFERRALS(NOW) " OR " CASE_LATE_ACTIONS(TODAY) " OR "                  \
	CASE_LATE_ORDERS(NOW) " OR " CASE_LATE_REVIEW(TODAY) ")"
/* A granted protection order whose last day is between TODAY and UNTIL (the deadline
 * scanner's expiry warning). */
#define CASE_ORDER_EXPIRING(TODAY, UNTIL)                                                   \
	"EXISTS (SELECT 1 FROM protection_orders o WHERE o.case_id = c.id AND "              \
	"o.status = 'granted' AND o.valid_to >= " TODAY " AND o.valid_to <= " UNTIL ")"
/* (A referral that was or is late, the reports' overdue count and share, is migration 024's
 * report_referral_facts.late, or pending_due before now.) */
/* The bit of a case's status in a set of statuses (CASE_STATUS_* of store.h). */
#define CASE_STATUS_BIT                                                                     \
	"CASE c.status WHEN 'open' THEN 1 WHEN 'active' THEN 2 WHEN 'closed' THEN 4 ELSE 8 END"

#endif
