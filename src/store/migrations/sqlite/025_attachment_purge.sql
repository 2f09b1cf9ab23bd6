-- Attachments' bytes purged (issue 16): when their case is anonymised, and once deleted
-- (the files sweep, jobs/attachment_sweep.h). The row stays (who attached what kind of file,
-- when, its size: what the audit log names and the reports may count); its name and wrapped
-- key are blanked and its bytes removed: SQLite's file after the commit, PostgreSQL's chunks
-- in the same transaction. A file of <db>.files/ whose row is purged, or that no row names,
-- is removed by the sweep.
ALTER TABLE attachments ADD COLUMN purged_at INTEGER;
-- The deleted attachments the sweep has yet to purge.
CREATE INDEX attachments_to_purge ON attachments (id)
    WHERE deleted_at IS NOT NULL AND purged_at IS NULL;
-- A case's attachments, deleted or not (anonymising purges them all).
CREATE INDEX attachments_of_case ON attachments (case_id, id);
