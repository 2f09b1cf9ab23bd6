-- What the coordination, national, audit and administration screens need (issue 13):
-- requests for an ad hoc meeting are answered (scheduled into a meeting, or declined with a
-- reason, stored encrypted); calendar subscriptions, one per user and mechanism, whose token
-- (the credential of a calendar application) is stored as a hash only; an activity of a local
-- action plan names the national strategy objective it serves; the auditor filters the log by
-- institution.
ALTER TABLE meeting_requests ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE meeting_requests ADD COLUMN answer BLOB;                 -- encrypted
ALTER TABLE meeting_requests ADD COLUMN meeting_id INTEGER REFERENCES meetings (id);
ALTER TABLE meeting_requests ADD COLUMN answered_by INTEGER REFERENCES users (id);
ALTER TABLE meeting_requests ADD COLUMN answered_at INTEGER;
CREATE INDEX meeting_requests_mechanism ON meeting_requests (mechanism_id, status, id);

CREATE TABLE calendar_subscriptions (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    mechanism_id INTEGER NOT NULL REFERENCES mechanisms (id),
    token_hash   BLOB NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    UNIQUE (user_id, mechanism_id)
) STRICT;

ALTER TABLE plan_activities ADD COLUMN national_objective TEXT;

CREATE INDEX audit_log_institution ON audit_log (institution_id, id);
