-- The work on a case after it is registered: notes, break-glass grants, transfers between
-- institutions, and the notifications that tell people about them. Free texts (note bodies,
-- justifications, reasons) may name people and are stored encrypted (crypt/field.c).

ALTER TABLE incidents ADD COLUMN repeat INTEGER NOT NULL DEFAULT 0;

CREATE TABLE case_notes (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    author_user_id INTEGER NOT NULL REFERENCES users (id),
    visibility     TEXT NOT NULL CHECK (visibility IN ('institution', 'involved')),
    body           BLOB,               -- encrypted
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX case_notes_case ON case_notes (case_id, id);

-- Break glass: a member institution of the case's mechanism reads the case for 24 hours.
CREATE TABLE emergency_grants (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    justification  BLOB,               -- encrypted
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX emergency_grants_case ON emergency_grants (case_id, expires_at);

-- The survivor moves: the case passes to another institution (and mechanism) once accepted.
CREATE TABLE case_transfers (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases (id),
    from_institution_id INTEGER NOT NULL REFERENCES institutions (id),
    to_institution_id   INTEGER NOT NULL REFERENCES institutions (id),
    from_mechanism_id   INTEGER NOT NULL REFERENCES mechanisms (id),
    to_mechanism_id     INTEGER NOT NULL REFERENCES mechanisms (id),
    status              TEXT NOT NULL DEFAULT 'pending',
    reason              BLOB,          -- encrypted
    answer              BLOB,          -- encrypted: the decline reason
    created_by          INTEGER REFERENCES users (id),
    created_at          INTEGER NOT NULL,
    decided_at          INTEGER
) STRICT;
CREATE INDEX case_transfers_case ON case_transfers (case_id, status);
CREATE INDEX case_transfers_to ON case_transfers (to_institution_id, id);
CREATE INDEX case_transfers_from ON case_transfers (from_institution_id, id);
-- At most one pending transfer per case, whatever the writers do.
CREATE UNIQUE INDEX case_transfers_one_pending ON case_transfers (case_id) WHERE status = 'pending';

-- Notifications carry a kind, a case reference and a link, never personal data. `dedupe`
-- makes each one exist once per user, also when several processes or restarts try again.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    case_id     INTEGER REFERENCES cases (id),
    object_type TEXT,
    object_id   INTEGER,
    institution_id INTEGER REFERENCES institutions (id), -- the other party the event names
    dedupe      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    read_at     INTEGER,
    UNIQUE (user_id, dedupe)
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, id);
