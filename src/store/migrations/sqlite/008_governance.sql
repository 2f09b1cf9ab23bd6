-- Mechanism governance: meetings with attendance, agenda, minutes and decisions; requests for
-- ad hoc meetings; local action plans; trainings. And the answer time of referrals, which the
-- reports measure. Minutes, topics, decision texts and request reasons may name people and are
-- stored encrypted; the rest is plain for calendars, compliance and statistics.

ALTER TABLE referrals ADD COLUMN responded_at INTEGER;

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    mechanism_id     INTEGER NOT NULL REFERENCES mechanisms (id),
    kind             TEXT NOT NULL CHECK (kind IN ('regular', 'ad_hoc', 'case_conference')),
    status           TEXT NOT NULL DEFAULT 'scheduled',
    scheduled_at     INTEGER NOT NULL,
    duration_minutes INTEGER NOT NULL DEFAULT 120,
    place            TEXT,
    minutes          BLOB,              -- encrypted
    sequence         INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER REFERENCES users (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX meetings_mechanism ON meetings (mechanism_id, scheduled_at);

CREATE TABLE meeting_attendance (
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    present        INTEGER NOT NULL,
    attendees      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (meeting_id, institution_id)
) STRICT;

CREATE TABLE meeting_agenda (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id),
    case_id    INTEGER REFERENCES cases (id),
    topic      BLOB,                    -- encrypted
    automatic  INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    UNIQUE (meeting_id, case_id)
) STRICT;

CREATE TABLE meeting_decisions (
    id                         INTEGER PRIMARY KEY,
    meeting_id                 INTEGER NOT NULL REFERENCES meetings (id),
    case_id                    INTEGER REFERENCES cases (id),
    action_id                  INTEGER REFERENCES case_actions (id),
    text                       BLOB,    -- encrypted
    responsible_institution_id INTEGER NOT NULL REFERENCES institutions (id),
    due_on                     TEXT NOT NULL,
    status                     TEXT NOT NULL DEFAULT 'open',
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL
) STRICT;
CREATE INDEX meeting_decisions_meeting ON meeting_decisions (meeting_id, id);

CREATE TABLE meeting_requests (
    id             INTEGER PRIMARY KEY,
    mechanism_id   INTEGER NOT NULL REFERENCES mechanisms (id),
    institution_id INTEGER NOT NULL REFERENCES institutions (id),
    user_id        INTEGER NOT NULL REFERENCES users (id),
    reason         BLOB,                -- encrypted
    case_ids       TEXT NOT NULL DEFAULT '[]',
    created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE action_plans (
    id           INTEGER PRIMARY KEY,
    mechanism_id INTEGER NOT NULL REFERENCES mechanisms (id),
    title        TEXT NOT NULL,
    period_from  TEXT NOT NULL,
    period_to    TEXT NOT NULL,
    created_by   INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX action_plans_mechanism ON action_plans (mechanism_id, id);

CREATE TABLE plan_activities (
    id                         INTEGER PRIMARY KEY,
    plan_id                    INTEGER NOT NULL REFERENCES action_plans (id),
    pillar                     TEXT NOT NULL,
    title                      TEXT NOT NULL,
    responsible_institution_id INTEGER REFERENCES institutions (id),
    partner_institution_ids    TEXT NOT NULL DEFAULT '[]',
    starts_on                  TEXT,
    ends_on                    TEXT,
    indicator                  TEXT,
    target                     INTEGER,
    progress                   INTEGER NOT NULL DEFAULT 0,
    status                     TEXT NOT NULL DEFAULT 'planned',
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL
) STRICT;
CREATE INDEX plan_activities_plan ON plan_activities (plan_id, id);

CREATE TABLE trainings (
    id                  INTEGER PRIMARY KEY,
    mechanism_id        INTEGER REFERENCES mechanisms (id),
    title               TEXT NOT NULL,
    topic               TEXT NOT NULL,
    starts_on           TEXT NOT NULL,
    ends_on             TEXT NOT NULL,
    place               TEXT,
    organiser           TEXT,
    funder              TEXT,
    trainer_of_trainers INTEGER NOT NULL DEFAULT 0,
    follows_training_id INTEGER REFERENCES trainings (id),
    created_by          INTEGER REFERENCES users (id),
    created_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX trainings_mechanism ON trainings (mechanism_id, starts_on);

CREATE TABLE training_participants (
    training_id      INTEGER NOT NULL REFERENCES trainings (id),
    institution_type TEXT NOT NULL,
    women            INTEGER NOT NULL DEFAULT 0,
    men              INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (training_id, institution_type)
) STRICT;
