-- The deadline scanner's intake rule reads its candidates as the others do (issue 15): in
-- (triage due time, id) order, a window at a time, from an index holding only the reports
-- still waiting in the triage queues and not yet told overdue. The index it replaces (023)
-- also held every report triaged in time, which is never marked told: it grew with them all.
DROP INDEX public_reports_triage_due;
CREATE INDEX public_reports_triage_waiting ON public_reports (triage_due_at, id)
    WHERE status = 'received' AND overdue_notified = 0;
