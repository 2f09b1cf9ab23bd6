-- Hate-crime statistics (issue 14): what became of a hate incident, recorded by the police
-- and the prosecution on the case (each a yes with the date it became true), and the
-- structured feedback a CSO that accompanied a victim gives on the police response. The
-- feedback names no officer and holds nothing of the victim: the case, when given, is a
-- reference the CSO can already see.
CREATE TABLE hate_crime_outcomes (
    case_id               INTEGER PRIMARY KEY REFERENCES cases (id),
    reported_to_police    INTEGER NOT NULL DEFAULT 0,
    reported_to_police_on TEXT,
    investigated          INTEGER NOT NULL DEFAULT 0,
    investigated_on       TEXT,
    prosecuted            INTEGER NOT NULL DEFAULT 0,
    prosecuted_on         TEXT,
    updated_by            INTEGER NOT NULL REFERENCES users (id),
    updated_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE police_feedback (
    id                     INTEGER PRIMARY KEY,
    mechanism_id           INTEGER NOT NULL REFERENCES mechanisms (id),
    police_institution_id  INTEGER NOT NULL REFERENCES institutions (id),
    cso_institution_id     INTEGER NOT NULL REFERENCES institutions (id),
    created_by             INTEGER NOT NULL REFERENCES users (id),
    occurred_on            TEXT NOT NULL,
    case_id                INTEGER REFERENCES cases (id),
    informed_of_rights     TEXT NOT NULL,
    treated_respectfully   TEXT NOT NULL,
    referred_to_support    TEXT NOT NULL,
    hours_to_first_contact INTEGER,
    created_at             INTEGER NOT NULL
) STRICT;
CREATE INDEX police_feedback_by_year ON police_feedback (mechanism_id, occurred_on);
