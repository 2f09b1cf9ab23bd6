-- Reports made without an account (issue 14): the public form and POST /public/reports.
-- What a statistic needs (municipality, kind, forms, bias, reporter, date) is kept as it is;
-- what may name or find a person (the account of what happened, the place, how to make
-- contact, a name) is one encrypted value, `details`. The receipt the reporter keeps is
-- stored as a hash only. The triage columns record what the mechanism made of the report
-- and the message (encrypted) the reporter reads with the receipt.
CREATE TABLE public_reports (
    id               INTEGER PRIMARY KEY,
    receipt_hash     BLOB NOT NULL UNIQUE,
    municipality_id  INTEGER NOT NULL REFERENCES municipalities (id),
    mechanism_id     INTEGER REFERENCES mechanisms (id),
    kind             TEXT NOT NULL,
    forms            TEXT NOT NULL DEFAULT '[]',
    bias             TEXT NOT NULL DEFAULT '[]',
    occurred_on      TEXT,
    reporter         TEXT,
    wants_contact    INTEGER NOT NULL DEFAULT 0,
    details          BLOB,                                   -- encrypted
    status           TEXT NOT NULL DEFAULT 'received',
    message          BLOB,                                   -- encrypted
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    triaged_by       INTEGER REFERENCES users (id),
    triaged_at       INTEGER,
    outcome          TEXT,
    case_id          INTEGER REFERENCES cases (id),
    police_institution_id INTEGER REFERENCES institutions (id),
    close_reason     BLOB,                                   -- encrypted
    overdue_notified INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX public_reports_intake ON public_reports (mechanism_id, status, id);
