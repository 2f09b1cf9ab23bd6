-- Two gaps issue 14 names. The audit's detail of an entry: a JSON object of codes (never
-- personal data, covered by the entry's hash when present), which for referral.create holds
-- the basis and the categories shared, so the auditor lists emergency-basis referrals. And a
-- reintegration case's release: its date, variant (standard | violent_extremism), the
-- pre-release timeline of tasks due relative to it (each notified once when due soon and once
-- when overdue), and the answers (encrypted: their notes are free text) of the
-- violent-extremism needs checklist (data/reintegration.json).
ALTER TABLE audit_log ADD COLUMN detail TEXT;

CREATE TABLE case_releases (
    case_id        INTEGER PRIMARY KEY REFERENCES cases (id),
    release_on     TEXT NOT NULL,
    variant        TEXT NOT NULL,
    plan_starts_on TEXT NOT NULL,
    set_by         INTEGER NOT NULL REFERENCES users (id),
    set_at         INTEGER NOT NULL
) STRICT;

CREATE TABLE reintegration_tasks (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases (id),
    code               TEXT NOT NULL,
    institution_type   TEXT NOT NULL,
    institution_id     INTEGER NOT NULL REFERENCES institutions (id),
    variant_only       INTEGER NOT NULL DEFAULT 0,             -- 1: violent_extremism's own
    due_on             TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'open',           -- open | done
    done_at            INTEGER,
    done_by            INTEGER REFERENCES users (id),
    UNIQUE (case_id, code)
) STRICT;
CREATE INDEX reintegration_tasks_open ON reintegration_tasks (due_on) WHERE status = 'open';

CREATE TABLE reintegration_needs (
    case_id    INTEGER PRIMARY KEY REFERENCES cases (id),
    answers    BLOB NOT NULL,                                  -- encrypted JSON
    updated_by INTEGER NOT NULL REFERENCES users (id),
    updated_at INTEGER NOT NULL
) STRICT;
