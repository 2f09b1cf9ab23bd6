-- The foundation: directory, users, sessions, tokens, sign-in throttling, the audit chain.
-- Times are INTEGER seconds since the epoch (UTC); dates are TEXT 'YYYY-MM-DD'.
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
) STRICT;

CREATE TABLE municipalities (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    code       TEXT NOT NULL UNIQUE,
    region     TEXT,
    country    TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE institutions (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    type            TEXT NOT NULL,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    phone           TEXT,
    email           TEXT,
    address         TEXT,
    services        TEXT NOT NULL DEFAULT '[]',
    languages       TEXT NOT NULL DEFAULT '[]',
    capacity        INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;
CREATE INDEX institutions_municipality ON institutions (municipality_id);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL,
    institution_id INTEGER REFERENCES institutions (id),
    locale         TEXT NOT NULL DEFAULT 'sq',
    active         INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE mechanisms (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL,
    kind                  TEXT NOT NULL,
    municipality_id       INTEGER NOT NULL REFERENCES municipalities (id),
    coordinator_user_id   INTEGER REFERENCES users (id),
    memorandum_date       TEXT,
    memorandum_ref        TEXT,
    min_meetings_per_year INTEGER NOT NULL DEFAULT 4,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    UNIQUE (municipality_id, kind)
) STRICT;

CREATE TABLE mechanism_members (
    mechanism_id   INTEGER NOT NULL REFERENCES mechanisms (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    joined_on      TEXT,
    added_at       INTEGER NOT NULL,
    PRIMARY KEY (mechanism_id, institution_id)
) STRICT;
CREATE INDEX mechanism_members_institution ON mechanism_members (institution_id);

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB NOT NULL UNIQUE,
    csrf_hash    BLOB NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE sign_in_failures (
    id      INTEGER PRIMARY KEY,
    subject TEXT NOT NULL,
    at      INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_failures_subject ON sign_in_failures (subject, at);

-- The audit log is a hash chain: each entry's hash covers the previous entry's hash and its
-- own fields. audit_head holds the newest sequence number and hash; advancing it locks the
-- chain for the rest of the transaction, so concurrent writers append in order.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    actor_user_id  INTEGER,
    institution_id INTEGER,
    action         TEXT NOT NULL,
    object_type    TEXT NOT NULL,
    object_id      INTEGER,
    case_id        INTEGER,
    request_id     TEXT NOT NULL,
    fields         TEXT NOT NULL DEFAULT '[]',
    prev_hash      BLOB NOT NULL,
    hash           BLOB NOT NULL
) STRICT;
CREATE INDEX audit_log_actor ON audit_log (actor_user_id, id);
CREATE INDEX audit_log_case ON audit_log (case_id, id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash BLOB NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

-- Append-only: the server never updates or deletes audit entries, and refuses to.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
