-- The report rollups' functions (024) in PL/pgSQL rather than SQL (issue 15). PostgreSQL plans
-- the statements of an SQL function again on every call; a PL/pgSQL function keeps its plans
-- for the connection's life. Planning the view behind each INSERT was most of a create's
-- server CPU: 0.8 ms of the 2.6 ms a create cost PostgreSQL. Same statements, same results,
-- but for `forms_only`, now a branch rather than an OR in the WHERE: with the OR, each call's
-- plan for its own value looked cheaper than the shared one, and was made again every call.
CREATE OR REPLACE FUNCTION report_case_out(x BIGINT, forms_only BOOLEAN) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF forms_only THEN
        INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
        SELECT grain, t0, mechanism_id, tally, label, col, -n FROM report_case_buckets
        WHERE id = x AND tally = 'form'
        ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
        DO UPDATE SET n = report_counts.n + excluded.n;
    ELSE
        INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
        SELECT grain, t0, mechanism_id, tally, label, col, -n FROM report_case_buckets
        WHERE id = x
        ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
        DO UPDATE SET n = report_counts.n + excluded.n;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION report_case_in(x BIGINT, forms_only BOOLEAN) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_case_facts WHERE case_id = x;
    INSERT INTO report_case_facts SELECT * FROM report_case_source WHERE case_id = x;
    IF forms_only THEN
        INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
        SELECT grain, t0, mechanism_id, tally, label, col, n FROM report_case_buckets
        WHERE id = x AND tally = 'form'
        ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
        DO UPDATE SET n = report_counts.n + excluded.n;
    ELSE
        INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
        SELECT grain, t0, mechanism_id, tally, label, col, n FROM report_case_buckets
        WHERE id = x
        ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
        DO UPDATE SET n = report_counts.n + excluded.n;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION report_referrals_out(ids BIGINT[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
    SELECT grain, t0, mechanism_id, tally, label, col, -n FROM report_referral_buckets
    WHERE id = ANY (ids)
    ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
    DO UPDATE SET n = report_counts.n + excluded.n;
END
$$;

CREATE OR REPLACE FUNCTION report_referrals_in(ids BIGINT[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM report_referral_facts WHERE referral_id = ANY (ids);
    INSERT INTO report_referral_facts SELECT * FROM report_referral_source
    WHERE referral_id = ANY (ids);
    INSERT INTO report_counts (grain, t0, mechanism_id, tally, label, col, n)
    SELECT grain, t0, mechanism_id, tally, label, col, n FROM report_referral_buckets
    WHERE id = ANY (ids)
    ON CONFLICT (grain, t0, mechanism_id, tally, label, col)
    DO UPDATE SET n = report_counts.n + excluded.n;
END
$$;
