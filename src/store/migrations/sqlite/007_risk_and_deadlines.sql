-- Risk assessment, protection orders and the case plan: what a mechanism must act on in time.
-- Answers, reasons and action titles may reveal a person and are stored encrypted; levels,
-- scores and dates are plain, for deadlines and statistics.

-- Risk instruments, loaded from data/instruments/*.json whenever the database is opened.
CREATE TABLE instruments (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    definition TEXT NOT NULL,          -- the file as shipped (validated JSON)
    loaded_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE assessments (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    instrument_id   INTEGER NOT NULL REFERENCES instruments (id),
    score           INTEGER NOT NULL,
    computed_level  TEXT NOT NULL,
    level           TEXT NOT NULL,
    critical        INTEGER NOT NULL DEFAULT 0,
    unanswered      INTEGER NOT NULL DEFAULT 0,
    answers         BLOB,               -- encrypted
    override_reason BLOB,               -- encrypted
    next_review_on  TEXT NOT NULL,
    assessed_by     INTEGER REFERENCES users (id),
    assessed_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX assessments_case ON assessments (case_id, id);

ALTER TABLE cases ADD COLUMN next_review_on TEXT;
ALTER TABLE cases ADD COLUMN needs_meeting INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_next_review ON cases (next_review_on);

CREATE TABLE protection_orders (
    id                   INTEGER PRIMARY KEY,
    case_id              INTEGER NOT NULL REFERENCES cases (id),
    type                 TEXT NOT NULL CHECK (type IN ('immediate', 'regular')),
    status               TEXT NOT NULL DEFAULT 'pending',
    requested_on         TEXT NOT NULL,
    court_institution_id INTEGER REFERENCES institutions (id),
    decision_due_at      INTEGER NOT NULL,
    decided_on           TEXT,
    valid_from           TEXT,
    valid_to             TEXT,
    breaches             INTEGER NOT NULL DEFAULT 0,
    created_by           INTEGER REFERENCES users (id),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX protection_orders_case ON protection_orders (case_id, id);
CREATE INDEX protection_orders_status ON protection_orders (status, decision_due_at);

CREATE TABLE order_breaches (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER NOT NULL REFERENCES protection_orders (id),
    occurred_on TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users (id),
    recorded_at INTEGER NOT NULL
) STRICT;

CREATE TABLE case_actions (
    id                         INTEGER PRIMARY KEY,
    case_id                    INTEGER NOT NULL REFERENCES cases (id),
    kind                       TEXT NOT NULL DEFAULT 'case_plan',
    title                      BLOB,    -- encrypted
    responsible_institution_id INTEGER NOT NULL REFERENCES institutions (id),
    due_on                     TEXT NOT NULL,
    status                     TEXT NOT NULL DEFAULT 'open',
    created_by                 INTEGER REFERENCES users (id),
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL
) STRICT;
CREATE INDEX case_actions_case ON case_actions (case_id, id);
CREATE INDEX case_actions_due ON case_actions (status, due_on);
CREATE INDEX case_actions_responsible ON case_actions (responsible_institution_id, id);
