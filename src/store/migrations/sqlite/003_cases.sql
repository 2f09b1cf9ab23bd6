-- Cases and what hangs off them. Personal data lives only in BLOB columns encrypted by the
-- server (crypt/field.c), one column per data category of the information-sharing protocol,
-- each a JSON document before encryption. Plain columns hold what statistics and access
-- decisions need and reveal no one: kind, status, risk, sex, birth year, ids and dates.

-- Case references CODE-YYYY-NNNN count per municipality and year; the upsert on this row
-- hands out numbers without gaps or repeats under concurrent writers.
CREATE TABLE case_reference_counters (
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    year            INTEGER NOT NULL,
    last            INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, year)
) STRICT;

CREATE TABLE cases (
    id                   INTEGER PRIMARY KEY,
    reference            TEXT NOT NULL UNIQUE,
    kind                 TEXT NOT NULL,
    mechanism_id         INTEGER NOT NULL REFERENCES mechanisms (id),
    owner_institution_id INTEGER NOT NULL REFERENCES institutions (id),
    status               TEXT NOT NULL DEFAULT 'open',
    risk_level           TEXT NOT NULL DEFAULT 'unassessed',
    imminent_danger      INTEGER NOT NULL DEFAULT 0,
    repeat               INTEGER NOT NULL DEFAULT 0,
    survivor_sex         TEXT,
    survivor_birth_year  INTEGER,
    survivor_index       BLOB,     -- blind index of the survivor's name and birth date
    perpetrator_index    BLOB,     -- blind index of the perpetrator's name
    address_confidential INTEGER NOT NULL DEFAULT 0,
    identity             BLOB,     -- encrypted: names, birth date, municipality
    contact              BLOB,     -- encrypted: phone, address
    children             BLOB,     -- encrypted: dependants
    perpetrator          BLOB,     -- encrypted: names, relationship
    outcome              TEXT,
    version              INTEGER NOT NULL DEFAULT 1,
    created_by           INTEGER REFERENCES users (id),
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    closed_at            INTEGER
) STRICT;
CREATE INDEX cases_owner ON cases (owner_institution_id, id);
CREATE INDEX cases_mechanism ON cases (mechanism_id, id);
CREATE INDEX cases_survivor_index ON cases (survivor_index);
CREATE INDEX cases_perpetrator_index ON cases (perpetrator_index);

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    occurred_on TEXT,
    forms       TEXT NOT NULL DEFAULT '[]',
    place       TEXT,
    bias        TEXT NOT NULL DEFAULT '[]',
    narrative   BLOB,               -- encrypted
    created_by  INTEGER REFERENCES users (id),
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX incidents_case ON incidents (case_id, id);

CREATE TABLE consents (
    id                INTEGER PRIMARY KEY,
    case_id           INTEGER NOT NULL REFERENCES cases (id),
    given             INTEGER NOT NULL,
    method            TEXT NOT NULL,
    institution_types TEXT NOT NULL DEFAULT '[]',
    institution_ids   TEXT NOT NULL DEFAULT '[]',
    categories        TEXT NOT NULL DEFAULT '[]',
    recorded_by       INTEGER REFERENCES users (id),
    recorded_at       INTEGER NOT NULL,
    withdrawn_at      INTEGER
) STRICT;
CREATE INDEX consents_case ON consents (case_id, id);
