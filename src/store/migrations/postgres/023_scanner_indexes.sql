-- What grows with the data, read through indexes that hold only what is asked for (issue 15).
--
-- The deadline scanner (store/deadlines.c) reads each rule's candidates in (due time, id)
-- order, a bounded window per write transaction; each index below holds only the rows its
-- rule may find (its WHERE is the rule's), so a window reads its candidates and nothing else.
CREATE INDEX referrals_sent_due ON referrals (respond_by, id) WHERE status = 'sent';
CREATE INDEX cases_review_due ON cases (next_review_on, id) WHERE status <> 'closed';
CREATE INDEX protection_orders_pending_due ON protection_orders (decision_due_at, id)
    WHERE status = 'pending';
CREATE INDEX protection_orders_granted_ending ON protection_orders (valid_to, id)
    WHERE status = 'granted';
CREATE INDEX case_actions_open_due ON case_actions (due_on, id)
    WHERE status IN ('open', 'in_progress');
CREATE INDEX reintegration_tasks_open_due ON reintegration_tasks (due_on, id)
    WHERE status = 'open';
DROP INDEX reintegration_tasks_open;   -- (due_on) WHERE status = 'open': the one above with id
-- The staff a finding notifies, by institution (else SQLite builds an automatic index over
-- every user for each window).
CREATE INDEX users_institution_role ON users (institution_id, role);
-- Reports waiting for triage that the coordinator has not been told of yet.
CREATE INDEX public_reports_triage_due ON public_reports (triage_due_at)
    WHERE overdue_notified = 0;
