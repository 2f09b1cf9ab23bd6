-- Intake triage and third-party reports by CSOs (issue 14). A report is `public` (the form)
-- or `cso` (filed by a CSO's staff on a victim's behalf). A CSO report says what the police
-- may learn of it (police_disclosure: now, later — held by the CSO until passed on — or
-- statistics only), the victim's consent (how it was given, and which categories of the
-- information-sharing protocol the police may read), or that it is anonymised (no name and no
-- contact stored at all). received_at is when the report entered a triage queue (NULL while
-- held, and for statistics only); triage_due_at is when its triage becomes overdue (working
-- days from received_at). A mechanism names the police institution that is its hate-crime
-- contact point.
ALTER TABLE public_reports ADD COLUMN source TEXT NOT NULL DEFAULT 'public';
ALTER TABLE public_reports ADD COLUMN filed_by_institution_id INTEGER REFERENCES institutions (id);
ALTER TABLE public_reports ADD COLUMN filed_by_user_id INTEGER REFERENCES users (id);
ALTER TABLE public_reports ADD COLUMN police_disclosure TEXT NOT NULL DEFAULT 'now';
ALTER TABLE public_reports ADD COLUMN consent_method TEXT;
ALTER TABLE public_reports ADD COLUMN consent_categories TEXT;
ALTER TABLE public_reports ADD COLUMN anonymised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE public_reports ADD COLUMN received_at INTEGER;
ALTER TABLE public_reports ADD COLUMN triage_due_at INTEGER;
UPDATE public_reports SET received_at = created_at;
CREATE INDEX public_reports_filed_by ON public_reports (filed_by_institution_id, id);
CREATE INDEX public_reports_police ON public_reports (police_institution_id, id);

ALTER TABLE mechanisms ADD COLUMN hate_crime_contact_institution_id INTEGER
    REFERENCES institutions (id);
