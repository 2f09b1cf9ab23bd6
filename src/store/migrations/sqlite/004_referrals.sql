-- Referrals: one institution asks another to provide a service for a case. The free texts
-- (reason, justification, the recipient's answer, the outcome) may name people, so they are
-- stored encrypted like the case's own personal data.
CREATE TABLE referrals (
    id                  INTEGER PRIMARY KEY,
    case_id             INTEGER NOT NULL REFERENCES cases (id),
    from_institution_id INTEGER NOT NULL REFERENCES institutions (id),
    to_institution_id   INTEGER NOT NULL REFERENCES institutions (id),
    service             TEXT NOT NULL,
    urgency             TEXT NOT NULL,
    status              TEXT NOT NULL DEFAULT 'sent',
    share               TEXT NOT NULL DEFAULT '[]',
    basis               TEXT NOT NULL DEFAULT 'consent',
    reason              BLOB,
    justification       BLOB,
    answer              BLOB,      -- the decline or cancel reason
    outcome             BLOB,
    respond_by          INTEGER NOT NULL,
    created_by          INTEGER REFERENCES users (id),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_to ON referrals (to_institution_id, id);
CREATE INDEX referrals_from ON referrals (from_institution_id, id);
