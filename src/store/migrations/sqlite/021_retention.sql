-- Retention, erasure and legal hold (issue 16).
--
-- Each case has its own random data key (`data_key`, wrapped under the process data key and
-- bound to the case's id, crypt/field.c) that encrypts the case's personal fields and free
-- texts; `key_source` says which key a case's ciphertext is under: 'case' (its own key),
-- 'process' (a case made before this migration: the process data key, as before) or 'erased'
-- (anonymised: the key is gone and every ciphertext column of the case was overwritten).
-- `anonymised_at` is when retention anonymised the case (jobs/retention.c).
ALTER TABLE cases ADD COLUMN data_key BLOB;
ALTER TABLE cases ADD COLUMN key_source TEXT NOT NULL DEFAULT 'process'
    CHECK (key_source IN ('process', 'case', 'erased'));
ALTER TABLE cases ADD COLUMN anonymised_at INTEGER;
-- The retention scan walks closed cases not yet anonymised, by id.
CREATE INDEX cases_retention ON cases (id) WHERE status = 'closed' AND anonymised_at IS NULL;

-- A legal hold stops a case's anonymisation while it lasts (a court, an inquiry, a complaint).
-- Placed and lifted by a manager of the owner institution or the data-protection auditor; the
-- reason is free text, encrypted under the case's key. At most one hold is active per case.
CREATE TABLE legal_holds (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    reason     BLOB,                    -- encrypted (the case's key)
    placed_by  INTEGER NOT NULL REFERENCES users (id),
    placed_at  INTEGER NOT NULL,
    lifted_by  INTEGER REFERENCES users (id),
    lifted_at  INTEGER
) STRICT;
CREATE INDEX legal_holds_case ON legal_holds (case_id, id);
CREATE UNIQUE INDEX legal_holds_one_active ON legal_holds (case_id) WHERE lifted_at IS NULL;
