-- What the browser UI's caseload needs: the worker a case is assigned to; blind indexes that
-- find a survivor by name alone and by personal number (the number itself is encrypted with
-- the identity); each mechanism's time zone (Europe/Tirane in Albania, Europe/Belgrade in
-- Kosovo); and the server's own settings (a demo database says so here).
ALTER TABLE cases ADD COLUMN assigned_user_id INTEGER REFERENCES users (id);
ALTER TABLE cases ADD COLUMN survivor_name_index BLOB;    -- normalised names, no birth date
ALTER TABLE cases ADD COLUMN personal_number_index BLOB;  -- the personal number, upper case
CREATE INDEX cases_assigned ON cases (assigned_user_id);
CREATE INDEX cases_survivor_name_index ON cases (survivor_name_index);
CREATE INDEX cases_personal_number_index ON cases (personal_number_index);

ALTER TABLE mechanisms ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Tirane';
UPDATE mechanisms SET time_zone = 'Europe/Belgrade' WHERE municipality_id IN
    (SELECT id FROM municipalities WHERE country = 'XK');

CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
