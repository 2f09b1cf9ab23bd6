-- Credentials and accounts (issue 11): the second factor, the watch over new staff accounts,
-- the break-glass limit, the cross-border sharing of duplicate counts, flagged audit entries.
--
-- TOTP: the secret (and a pending one during enrolment) encrypted like other secrets, bound
-- to "users.totp_secret#<id>"; the last time step accepted, so that a code works once only.
ALTER TABLE users ADD COLUMN totp_secret BLOB;
ALTER TABLE users ADD COLUMN totp_pending BLOB;
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
-- Since when the account's case reads are flagged for the auditor (a new staff account of an
-- institution, one moved into it, or one whose password an administrator reset); NULL: never.
ALTER TABLE users ADD COLUMN watched_since INTEGER;

-- Ten single-use recovery codes per user, stored as hashes.
CREATE TABLE totp_recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    code_hash  BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;
CREATE INDEX totp_recovery_codes_user ON totp_recovery_codes (user_id, code_hash);

-- Whether duplicate and perpetrator counts cross the border (AL/XK) for this mechanism's cases.
ALTER TABLE mechanisms ADD COLUMN cross_border_sharing INTEGER NOT NULL DEFAULT 0;

-- Entries the auditor should look at (reads by a watched account); covered by the hash.
ALTER TABLE audit_log ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
CREATE INDEX audit_log_flagged ON audit_log (id) WHERE flagged = 1;

-- Break glass is limited per user and hour.
CREATE INDEX emergency_grants_user ON emergency_grants (user_id, created_at);
