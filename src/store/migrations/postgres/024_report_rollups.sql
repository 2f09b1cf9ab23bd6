-- The summary report at national scale (issue 15): what it counts, kept narrow and rolled up.
--
-- report_case_facts and report_referral_facts hold, per case and per referral, only the
-- plaintext columns the summary counts (a few dozen bytes, where a case row carries ~820 of
-- ciphertext); report_counts holds their tallies summed per mechanism and calendar month
-- (grain 1) and year (grain 2), so a national year reads thousands of rows, not millions. The
-- summary adds the days outside whole months from the facts (store/reports.c).
--
-- Triggers on the source tables keep both in the same transaction as every write that
-- changes what is counted: a case's tallies (and its referrals', when it moves to another
-- mechanism) come out before the change and go back in after it. `ura reports rebuild`
-- recomputes them from the source tables (store/report_rollups.c); so does this migration.

-- Each tally a fact row adds, by source: its label comes from the fact unless given here; a
-- referral's column is 0 sent, 1 accepted, 2 declined, 3 answered late (-1: its wait).
CREATE TABLE report_slots (
    source TEXT NOT NULL,
    tally  TEXT NOT NULL,
    label  TEXT,
    col    BIGINT NOT NULL
);
INSERT INTO report_slots (source, tally, label, col) VALUES
    ('case', 'kind', NULL, 0), ('case', 'risk', NULL, 0), ('case', 'sex_age', NULL, 0),
    ('case', 'repeat', NULL, 0), ('case', 'form', 'physical', 0),
    ('case', 'form', 'psychological', 0), ('case', 'form', 'sexual', 0),
    ('case', 'form', 'economic', 0), ('case', 'form', 'stalking', 0),
    ('case', 'form', 'neglect', 0),
    ('referral', 'service', NULL, 0), ('referral', 'service', NULL, 1),
    ('referral', 'service', NULL, 2), ('referral', 'service', NULL, 3),
    ('referral', 'institution_type', NULL, 0), ('referral', 'institution_type', NULL, 1),
    ('referral', 'institution_type', NULL, 2), ('referral', 'institution_type', NULL, 3),
    ('referral', 'wait', NULL, -1);

-- The rollups' grains: the bucket of a time is the start of its month or year (UTC).
CREATE TABLE report_grains (
    grain BIGINT PRIMARY KEY,
    unit  TEXT NOT NULL
);
INSERT INTO report_grains (grain, unit) VALUES (1, 'month'), (2, 'year');

-- Buckets of the wait from sending to acceptance (seconds, by their lower bound): the
-- summary finds the bucket of a percentile in the rollups, then the exact wait in the facts.
CREATE TABLE report_wait_buckets (lo BIGINT PRIMARY KEY);
INSERT INTO report_wait_buckets (lo) VALUES (-4611686018427387904), (3600), (7200), (14400),
    (28800), (43200), (86400), (129600), (172800), (259200), (345600), (432000), (604800),
    (1209600), (2592000);

CREATE TABLE report_case_facts (
    case_id       BIGINT PRIMARY KEY,
    mechanism_id  BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    risk_level    TEXT NOT NULL,
    sex           TEXT NOT NULL,
    birth_year    BIGINT NOT NULL,     -- -1: unknown
    repeat        TEXT NOT NULL,        -- 'repeat' or 'first'
    physical      BIGINT NOT NULL,     -- the case's incidents of each form
    psychological BIGINT NOT NULL,
    sexual        BIGINT NOT NULL,
    economic      BIGINT NOT NULL,
    stalking      BIGINT NOT NULL,
    neglect       BIGINT NOT NULL
);
CREATE INDEX report_case_facts_created ON report_case_facts (created_at);

CREATE TABLE report_referral_facts (
    referral_id      BIGINT PRIMARY KEY,
    case_id          BIGINT NOT NULL,
    mechanism_id     BIGINT NOT NULL,
    created_at       BIGINT NOT NULL,
    service          TEXT NOT NULL,
    institution_type TEXT NOT NULL,
    accepted         BIGINT NOT NULL,
    declined         BIGINT NOT NULL,
    late             BIGINT NOT NULL,  -- answered after respond_by
    wait             BIGINT,           -- accepted: seconds from sending to the answer
    wait_from        BIGINT,           -- its report_wait_buckets.lo
    pending_due      BIGINT            -- still `sent`, unanswered: its respond_by
);
CREATE INDEX report_referral_facts_case ON report_referral_facts (case_id);
CREATE INDEX report_referral_facts_created ON report_referral_facts (created_at);
CREATE INDEX report_referral_facts_wait ON report_referral_facts (wait, created_at, mechanism_id)
    WHERE wait IS NOT NULL;
CREATE INDEX report_referral_facts_pending ON report_referral_facts
    (created_at, pending_due, mechanism_id, service, institution_type)
    WHERE pending_due IS NOT NULL;

CREATE TABLE report_counts (
    grain        BIGINT NOT NULL,
    t0           BIGINT NOT NULL,      -- the bucket's start, epoch seconds
    mechanism_id BIGINT NOT NULL,
    tally        TEXT NOT NULL,
    label        TEXT NOT NULL,
    col          BIGINT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (grain, t0, mechanism_id, tally, label, col)
);

-- The facts of each source row, as the summary's SQL counted them from the source tables.
CREATE VIEW report_case_source AS
SELECT c.id AS case_id, c.mechanism_id, c.created_at, c.kind, c.risk_level,
       coalesce(c.survivor_sex, 'unknown') AS sex, coalesce(c.survivor_birth_year, -1)
       AS birth_year, CASE WHEN c.repeat = 1 THEN 'repeat' ELSE 'first' END AS repeat,
       (SELECT count(*) FROM incidents x WHERE x.case_id = c.id
        AND x.forms LIKE '%"physical"%') AS physical,
       (SELECT count(*) FROM incidents x WHERE x.case_id = c.id
        AND x.forms LIKE '%"psychological"%') AS psychological,
       (SELECT count(*) FROM incidents x WHERE x.case_id = c.id
        AND x.forms LIKE '%"sexual"%') AS sexual,
       (SELECT count(*) FROM incidents x WHERE x.case_id = c.id
        AND x.forms LIKE '%"economic"%') AS economic,
       (SELECT count(*) FROM incidents x WHERE x.case_id = c.id
        AND x.forms LIKE '%"stalking"%') AS stalking,
       (SELECT count(*) FROM incidents x WHERE x.case_id = c.id
        AND x.forms LIKE '%"neglect"%') AS neglect
FROM cases c;

CREATE VIEW report_referral_source AS
SELECT f.id AS referral_id, f.case_id, c.mechanism_id, f.created_at, f.service,
       i.type AS institution_type,
       CASE WHEN f.status IN ('accepted', 'in_progress', 'completed') THEN 1 ELSE 0 END
       AS accepted,
       CASE WHEN f.status = 'declined' THEN 1 ELSE 0 END AS declined,
       CASE WHEN f.responded_at IS NOT NULL AND f.responded_at > f.respond_by THEN 1 ELSE 0
       END AS late,
       CASE WHEN f.responded_at IS NOT NULL AND f.status IN ('accepted', 'in_progress',
       'completed') THEN f.responded_at - f.created_at END AS wait,
       CASE WHEN f.responded_at IS NOT NULL AND f.status IN ('accepted', 'in_progress',
       'completed') THEN (SELECT max(b.lo) FROM report_wait_buckets b
       WHERE b.lo <= f.responded_at - f.created_at) END AS wait_from,
       CASE WHEN f.responded_at IS NULL AND f.status = 'sent' THEN f.respond_by END
       AS pending_due
FROM referrals f JOIN cases c ON c.id = f.case_id JOIN institutions i
    ON i.id = f.to_institution_id;

-- The tallies of each fact row (n 0: it adds nothing there).
CREATE VIEW report_case_tallies AS
SELECT f.case_id AS id, f.case_id, f.mechanism_id, f.created_at, s.tally,
       CASE s.tally WHEN 'kind' THEN f.kind WHEN 'risk' THEN f.risk_level
       WHEN 'sex_age' THEN f.sex WHEN 'repeat' THEN f.repeat ELSE s.label END AS label,
       CASE s.tally WHEN 'sex_age' THEN f.birth_year ELSE 0 END AS col,
       CASE s.label WHEN 'physical' THEN f.physical WHEN 'psychological' THEN f.psychological
       WHEN 'sexual' THEN f.sexual WHEN 'economic' THEN f.economic
       WHEN 'stalking' THEN f.stalking WHEN 'neglect' THEN f.neglect ELSE 1 END AS n
FROM report_case_facts f JOIN report_slots s ON s.source = 'case';

CREATE VIEW report_referral_tallies AS
SELECT f.referral_id AS id, f.case_id, f.mechanism_id, f.created_at, s.tally,
       CASE s.tally WHEN 'service' THEN f.service WHEN 'institution_type'
       THEN f.institution_type ELSE '' END AS label,
       CASE s.col WHEN -1 THEN coalesce(f.wait_from, 0) ELSE s.col END AS col,
       CASE s.col WHEN 0 THEN 1 WHEN 1 THEN f.accepted WHEN 2 THEN f.declined
       WHEN 3 THEN f.late ELSE CASE WHEN f.wait IS NULL THEN 0 ELSE 1 END END AS n
FROM report_referral_facts f JOIN report_slots s ON s.source = 'referral';

-- The tallies in each grain's bucket: what a fact row adds to report_counts.
CREATE VIEW report_case_buckets AS
SELECT t.id, t.case_id, g.grain, extract(epoch FROM date_trunc(g.unit,
       to_timestamp(t.created_at) AT TIME ZONE 'UTC'))::bigint AS t0, t.mechanism_id,
       t.tally, t.label, t.col, t.n
FROM report_case_tallies t CROSS JOIN report_grains g WHERE t.n <> 0;

CREATE VIEW report_referral_buckets AS
SELECT t.id, t.case_id, g.grain, extract(epoch FROM date_trunc(g.unit,
       to_timestamp(t.created_at) AT TIME ZONE 'UTC'))::bigint AS t0, t.mechanism_id,
       t.tally, t.label, t.col, t.n
FROM report_referral_tallies t CROSS JOIN report_grains g WHERE t.n <> 0;

-- The data already there.
INSERT INTO report_case_facts SELECT * FROM report_case_source;
INSERT INTO report_referral_facts SELECT * FROM report_referral_source;
INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
SELECT grain, t0, mechanism_id, tally, label, col, sum(n) FROM (
    SELECT grain, t0, mechanism_id, tally, label, col, n FROM report_case_buckets
    UNION ALL
    SELECT grain, t0, mechanism_id, tally, label, col, n FROM report_referral_buckets) u
GROUP BY grain, t0, mechanism_id, tally, label, col;

-- What a case and referrals add, taken out (before a change) and put back (after it).
CREATE FUNCTION report_case_out(x BIGINT, forms_only BOOLEAN) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
    SELECT grain, t0, mechanism_id, tally, label, col, -n FROM report_case_buckets
    WHERE id = x AND (NOT forms_only OR tally = 'form')
    ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
    DO UPDATE SET n = report_counts.n + excluded.n;
$$;

-- forms_only: an incident changed, nothing else of the case.
CREATE FUNCTION report_case_in(x BIGINT, forms_only BOOLEAN) RETURNS void LANGUAGE sql AS $$
    DELETE FROM report_case_facts WHERE case_id = x;
    INSERT INTO report_case_facts SELECT * FROM report_case_source WHERE case_id = x;
    INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
    SELECT grain, t0, mechanism_id, tally, label, col, n FROM report_case_buckets
    WHERE id = x AND (NOT forms_only OR tally = 'form')
    ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
    DO UPDATE SET n = report_counts.n + excluded.n;
$$;

-- ids: the referrals'.
CREATE FUNCTION report_referrals_out(ids BIGINT[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
    SELECT grain, t0, mechanism_id, tally, label, col, -n FROM report_referral_buckets
    WHERE id = ANY (ids)
    ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
    DO UPDATE SET n = report_counts.n + excluded.n;
$$;

CREATE FUNCTION report_referrals_in(ids BIGINT[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM report_referral_facts WHERE referral_id = ANY (ids);
    INSERT INTO report_referral_facts SELECT * FROM report_referral_source
    WHERE referral_id = ANY (ids);
    INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
    SELECT grain, t0, mechanism_id, tally, label, col, n FROM report_referral_buckets
    WHERE id = ANY (ids)
    ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
    DO UPDATE SET n = report_counts.n + excluded.n;
$$;

-- A case: its own tallies (its incidents' forms among them); moved to another mechanism, it
-- takes its referrals' along.
CREATE FUNCTION report_cases_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_case_out(OLD.id, false);
    IF TG_OP = 'DELETE' THEN
        DELETE FROM report_case_facts WHERE case_id = OLD.id;
        RETURN OLD;
    END IF;
    IF OLD.mechanism_id IS DISTINCT FROM NEW.mechanism_id THEN
        PERFORM report_referrals_out(ARRAY(SELECT id FROM referrals WHERE case_id = OLD.id));
    END IF;
    RETURN NEW;
END;
$$;
CREATE FUNCTION report_cases_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_case_in(NEW.id, false);
    IF TG_OP = 'UPDATE' AND OLD.mechanism_id IS DISTINCT FROM NEW.mechanism_id THEN
        PERFORM report_referrals_in(ARRAY(SELECT id FROM referrals WHERE case_id = NEW.id));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER report_cases_insert AFTER INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION report_cases_after();

CREATE TRIGGER report_cases_out BEFORE UPDATE OF kind, risk_level, survivor_sex,
    survivor_birth_year, repeat, mechanism_id, created_at
    ON cases FOR EACH ROW
    WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR
          OLD.risk_level IS DISTINCT FROM NEW.risk_level OR
          OLD.survivor_sex IS DISTINCT FROM NEW.survivor_sex OR
          OLD.survivor_birth_year IS DISTINCT FROM NEW.survivor_birth_year OR
          OLD.repeat IS DISTINCT FROM NEW.repeat OR
          OLD.mechanism_id IS DISTINCT FROM NEW.mechanism_id OR
          OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION report_cases_before();

CREATE TRIGGER report_cases_in AFTER UPDATE OF kind, risk_level, survivor_sex,
    survivor_birth_year, repeat, mechanism_id, created_at
    ON cases FOR EACH ROW
    WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR
          OLD.risk_level IS DISTINCT FROM NEW.risk_level OR
          OLD.survivor_sex IS DISTINCT FROM NEW.survivor_sex OR
          OLD.survivor_birth_year IS DISTINCT FROM NEW.survivor_birth_year OR
          OLD.repeat IS DISTINCT FROM NEW.repeat OR
          OLD.mechanism_id IS DISTINCT FROM NEW.mechanism_id OR
          OLD.created_at IS DISTINCT FROM NEW.created_at)
    EXECUTE FUNCTION report_cases_after();

CREATE TRIGGER report_cases_delete BEFORE DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION report_cases_before();

-- An incident changes its case's forms (and nothing else of it).
CREATE FUNCTION report_incidents_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_case_out(NEW.case_id, true);
        RETURN NEW;
    END IF;
    PERFORM report_case_out(OLD.case_id, true);
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE FUNCTION report_incidents_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM report_case_in(OLD.case_id, true);
    ELSE
        PERFORM report_case_in(NEW.case_id, true);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER report_incidents_insert_out BEFORE INSERT ON incidents
    FOR EACH ROW EXECUTE FUNCTION report_incidents_before();
CREATE TRIGGER report_incidents_insert_in AFTER INSERT ON incidents
    FOR EACH ROW EXECUTE FUNCTION report_incidents_after();
CREATE TRIGGER report_incidents_update_out BEFORE UPDATE OF forms ON incidents
    FOR EACH ROW WHEN (OLD.forms IS DISTINCT FROM NEW.forms)
    EXECUTE FUNCTION report_incidents_before();
CREATE TRIGGER report_incidents_update_in AFTER UPDATE OF forms ON incidents
    FOR EACH ROW WHEN (OLD.forms IS DISTINCT FROM NEW.forms)
    EXECUTE FUNCTION report_incidents_after();
CREATE TRIGGER report_incidents_delete_out BEFORE DELETE ON incidents
    FOR EACH ROW EXECUTE FUNCTION report_incidents_before();
CREATE TRIGGER report_incidents_delete_in AFTER DELETE ON incidents
    FOR EACH ROW EXECUTE FUNCTION report_incidents_after();

-- A referral: sent, answered, late, waited.
CREATE FUNCTION report_referrals_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_referrals_out(ARRAY[OLD.id]);
    IF TG_OP = 'DELETE' THEN
        DELETE FROM report_referral_facts WHERE referral_id = OLD.id;
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$;
CREATE FUNCTION report_referrals_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_referrals_in(ARRAY[NEW.id]);
    RETURN NULL;
END;
$$;
CREATE TRIGGER report_referrals_insert AFTER INSERT ON referrals
    FOR EACH ROW EXECUTE FUNCTION report_referrals_after();

CREATE TRIGGER report_referrals_out BEFORE UPDATE OF case_id, to_institution_id, service,
    status, respond_by, created_at, responded_at
    ON referrals FOR EACH ROW
    WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR
          OLD.to_institution_id IS DISTINCT FROM NEW.to_institution_id OR
          OLD.service IS DISTINCT FROM NEW.service OR OLD.status IS DISTINCT FROM NEW.status OR
          OLD.respond_by IS DISTINCT FROM NEW.respond_by OR
          OLD.created_at IS DISTINCT FROM NEW.created_at OR
          OLD.responded_at IS DISTINCT FROM NEW.responded_at)
    EXECUTE FUNCTION report_referrals_before();

CREATE TRIGGER report_referrals_in AFTER UPDATE OF case_id, to_institution_id, service,
    status, respond_by, created_at, responded_at
    ON referrals FOR EACH ROW
    WHEN (OLD.case_id IS DISTINCT FROM NEW.case_id OR
          OLD.to_institution_id IS DISTINCT FROM NEW.to_institution_id OR
          OLD.service IS DISTINCT FROM NEW.service OR OLD.status IS DISTINCT FROM NEW.status OR
          OLD.respond_by IS DISTINCT FROM NEW.respond_by OR
          OLD.created_at IS DISTINCT FROM NEW.created_at OR
          OLD.responded_at IS DISTINCT FROM NEW.responded_at)
    EXECUTE FUNCTION report_referrals_after();

CREATE TRIGGER report_referrals_delete BEFORE DELETE ON referrals
    FOR EACH ROW EXECUTE FUNCTION report_referrals_before();

-- A receiving institution's type labels its referrals.
CREATE FUNCTION report_institutions_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_referrals_out(ARRAY(SELECT id FROM referrals
                                       WHERE to_institution_id = OLD.id));
    RETURN NEW;
END;
$$;
CREATE FUNCTION report_institutions_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM report_referrals_in(ARRAY(SELECT id FROM referrals
                                      WHERE to_institution_id = NEW.id));
    RETURN NULL;
END;
$$;
CREATE TRIGGER report_institutions_out BEFORE UPDATE OF type ON institutions
    FOR EACH ROW WHEN (OLD.type IS DISTINCT FROM NEW.type)
    EXECUTE FUNCTION report_institutions_before();
CREATE TRIGGER report_institutions_in AFTER UPDATE OF type ON institutions
    FOR EACH ROW WHEN (OLD.type IS DISTINCT FROM NEW.type)
    EXECUTE FUNCTION report_institutions_after();
