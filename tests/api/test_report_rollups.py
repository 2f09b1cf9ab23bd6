"""The summary report's rollups (issue 15, migration 024) equal a recount.

The summary reads cases and referrals from narrow fact tables and monthly and yearly rollups
that triggers keep in the transaction of each write. One server, its clock moved by restarts
over two years, takes a varied set of writes through HTTP in two mechanisms: cases made in
October 2025, October 2026 and November 2026 with different sexes, ages and forms; a risk
assessment; an added incident (new forms, a repeat); a survivor's sex and birth date changed;
closures; a case transferred to the other mechanism with its referrals; referrals accepted,
started, completed, declined, cancelled, accepted after their time, and one never answered
(late as of now); and, eleven years on, two closed cases anonymised by retention (their
creation moved to the first of their month). Then, for each mechanism and for periods read
from yearly rows, monthly rows, single days and mixtures of the three:

- every figure of the seven case and referral tables and `referral_timings` of the
  coordinator's report equals a recount done in SQL on the source tables behind the server's
  back (as the report's SQL counted before the rollups); the national and municipal
  `referral_timings` (never suppressed) too;
- `ura reports rebuild` changes no fact row and no rollup (zero rows aside), and the reports
  stay equal to the recount;
- after rollups and facts are damaged behind the server's back, `ura reports rebuild` puts
  them back as they were.
"""

import datetime as dt
import math

import pytest

import harness
from harness import T0, cli_output, run_cli
from test_cases import case_body, new_person
from test_case_writes import add_incident, patch_ok
from test_referrals import BODY, act, refer, referral_body
from test_risk import assess_level
from test_transfers import Move, tact, transfer

UTC = dt.timezone.utc
DAY = dt.timedelta(days=1)
A = dt.datetime(2025, 10, 20, 9, 0, tzinfo=UTC)    # the first cases
B = dt.datetime(2026, 10, 14, 9, 0, tzinfo=UTC)    # most of the writes
C = T0                                              # 2026-11-23: late answers, a last case
LATER = B + dt.timedelta(days=11 * 366)             # retention anonymises the closed cases

FORMS = ["physical", "psychological", "sexual", "economic", "stalking", "neglect"]
AGES = ["0-17", "18-24", "25-34", "35-44", "45-59", "60+", "unknown"]
ACCEPTED = ("accepted", "in_progress", "completed")
PERIODS = [("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31"),
           ("2025-01-01", "2026-12-31"), ("2026-10-01", "2026-10-31"),
           ("2026-10-14", "2026-10-14"), ("2026-10-15", "2026-11-30"),
           ("2025-10-20", "2026-11-23"), ("2025-09-30", "2027-01-02"),
           ("2026-11-01", "2026-11-30")]
# The fact tables and the rollups, as `ura reports rebuild` must leave them.
SNAPSHOT = [
    "SELECT grain, t0, mechanism_id, tally, label, col, n FROM report_counts WHERE n <> 0 "
    "ORDER BY grain, t0, mechanism_id, tally, label, col",
    "SELECT * FROM report_case_facts ORDER BY case_id",
    "SELECT * FROM report_referral_facts ORDER BY referral_id",
]


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-rollups"))
    s.start(now=A)
    yield s
    s.stop()


def new_case(site, day, sex="female", born="1990-04-04", forms=("physical",)):
    """A case made by the site's police on `day` (the server's date)."""
    body = case_body(site, new_person())
    body["survivor"]["sex"] = sex
    body["survivor"]["date_of_birth"] = born
    body["incident"]["occurred_on"] = (day - 2 * DAY).date().isoformat()
    body["incident"]["forms"] = list(forms)
    r = site.client("caseworker").post("/cases", body)
    assert r.status == 201, r
    return r.json


def take(w, referral, actions):
    """Takes a referral (to the shelter) through `actions`, each by its right party."""
    for action in actions:
        who = w.client("caseworker" if action == "cancel" else "shelter")
        r = act(who, referral["id"], action, BODY[action])
        assert r.status == 200, f"{action}: {r}"


def close(site, case):
    r = site.client("manager").post(f"/cases/{case['id']}/close", {"outcome": "goals_met"})
    assert r.status == 200, r


def restart(server, move, now):
    server.restart(now=now)
    move.world.forget_sessions()
    move.there.forget_sessions()


@pytest.fixture(scope="module")
def move(server):
    """The writes; returns the Move (test_transfers: `world` and `there`)."""
    m = Move(server, server.sign_in_admin())
    w = m.world
    a1 = new_case(w, A, forms=("physical", "sexual"))
    a2 = new_case(w, A, sex="male", born="1961-01-01", forms=("economic",))
    f1 = refer(w.client("caseworker"), a1["id"], referral_body(w.shelter))
    take(w, f1, ["accept", "start"])
    refer(w.client("caseworker"), a2["id"], referral_body(w.shelter))   # left sent
    restart(server, m, B)
    b1 = new_case(w, B, born="2009-02-02", forms=("psychological", "stalking"))
    b2 = new_case(w, B, sex="other", born="1999-12-31")
    b3 = new_case(w, B, sex="unknown", born="1985-06-06", forms=("neglect", "physical"))
    new_case(m.there, B, born="1975-03-03")
    assess_level(w.client("caseworker"), b1["id"], "high")
    r = add_incident(w.client("caseworker"), b2["id"], occurred_on="2026-10-12",
                     forms=["stalking", "sexual"])
    assert r.status == 201, r
    patch_ok(w.client("caseworker"), b3["id"], {"survivor": {"sex": "male",
                                                             "date_of_birth": "1950-01-01"}})
    take(w, refer(w.client("caseworker"), b1["id"], referral_body(w.shelter)),
         ["accept", "start", "complete"])
    take(w, refer(w.client("caseworker"), b1["id"], referral_body(w.shelter)), ["decline"])
    take(w, refer(w.client("caseworker"), b3["id"], referral_body(w.shelter)), ["cancel"])
    take(w, refer(w.client("caseworker"), b3["id"], referral_body(w.shelter)), ["accept"])
    refer(w.client("caseworker"), b1["id"], referral_body(w.stranger))  # never answered
    late = refer(w.client("caseworker"), b2["id"], referral_body(w.shelter))
    t = transfer(m, a2["id"])
    r = tact(m.receiver(), t["id"], "accept")
    assert r.status == 200, r
    close(w, a1)
    close(w, b3)
    restart(server, m, C)
    take(w, late, ["accept"])                                           # after respond_by
    new_case(w, C, born="2001-07-07", forms=("physical", "psychological", "economic"))
    restart(server, m, LATER)
    admin = server.sign_in_admin()
    r = admin.post("/retention/apply", {"case_ids": [a1["id"], b3["id"]]})
    assert r.status == 200, r
    return m


# --- the recount: the source tables, read behind the server's back -----------------------

def bounds(period):
    first, last = (dt.date.fromisoformat(d) for d in period)
    start = dt.datetime(first.year, first.month, first.day, tzinfo=UTC)
    end = dt.datetime(last.year, last.month, last.day, tzinfo=UTC) + DAY
    return int(start.timestamp()), int(end.timestamp()), first.year


def age_group(year, born):
    if born is None:
        return "unknown"
    age = year - born
    for limit, name in [(18, "0-17"), (25, "18-24"), (35, "25-34"), (45, "35-44"),
                        (60, "45-59")]:
        if age < limit:
            return name
    return "60+"


def scope_sql(mechanism_id=None, municipality_id=None):
    if mechanism_id:
        return f"c.mechanism_id = {int(mechanism_id)}"
    if municipality_id:
        return ("c.mechanism_id IN (SELECT id FROM mechanisms WHERE municipality_id = "
                f"{int(municipality_id)})")
    return "1 = 1"


def recount_cases(db, scope, start, end, year):
    """{table: {(row, column): count}} of the five case tables."""
    out = {k: {} for k in ("cases_by_kind", "cases_by_form", "cases_by_risk",
                           "cases_by_sex_and_age", "repeat_cases")}

    def bump(table, key, n=1):
        out[table][key] = out[table].get(key, 0) + n
    rows = harness.query_db(db, (
        "SELECT c.id, c.kind, c.risk_level, c.survivor_sex, c.survivor_birth_year, c.repeat "
        f"FROM cases c WHERE {scope} AND c.created_at >= {start} AND c.created_at < {end}"))
    for _, kind, risk, sex, born, repeat in rows:
        bump("cases_by_kind", (kind, 0))
        bump("cases_by_risk", (risk, 0))
        bump("cases_by_sex_and_age", (sex or "unknown", AGES.index(age_group(year, born))))
        bump("repeat_cases", ("repeat" if repeat == 1 else "first", 0))
    for form in FORMS:
        n = harness.query_db(db, (
            "SELECT count(*) FROM incidents i JOIN cases c ON c.id = i.case_id WHERE "
            f"i.forms LIKE '%\"{form}\"%' AND {scope} AND c.created_at >= {start} AND "
            f"c.created_at < {end}"))[0][0]
        if n:
            bump("cases_by_form", (form, 0), int(n))
    return out


def recount_referrals(db, scope, start, end, now):
    """The two referral tables and the timings."""
    tables = {"referrals_by_service": {}, "referrals_by_institution_type": {}}
    waits, overdue = [], 0
    rows = harness.query_db(db, (
        "SELECT f.service, i.type, f.status, f.created_at, f.responded_at, f.respond_by "
        "FROM referrals f JOIN cases c ON c.id = f.case_id JOIN institutions i ON "
        f"i.id = f.to_institution_id WHERE {scope} AND f.created_at >= {start} AND "
        f"f.created_at < {end}"))
    for service, itype, status, created, responded, respond_by in rows:
        late = (responded is not None and responded > respond_by) or \
            (responded is None and status == "sent" and respond_by < now)
        columns = [0] + [1] * (status in ACCEPTED) + [2] * (status == "declined") + \
            [3] * late
        for table, label in (("referrals_by_service", service),
                             ("referrals_by_institution_type", itype)):
            for col in columns:
                tables[table][(label, col)] = tables[table].get((label, col), 0) + 1
        overdue += late
        if responded is not None and status in ACCEPTED:
            waits.append(responded - created)
    waits.sort()
    timings = {"referrals": len(rows), "accepted": len(waits), "median_hours": 0.0,
               "p90_hours": 0.0, "overdue_share": overdue / len(rows) if rows else 0.0}
    if waits:
        timings["median_hours"] = waits[(len(waits) - 1) // 2] / 3600
        timings["p90_hours"] = waits[math.ceil(len(waits) * 0.9) - 1] / 3600
    return tables, timings


def reported(doc):
    """{table: {(row, column): count}} of the report's non-zero cells (rows only)."""
    out = {}
    for t in doc["tables"]:
        cells = {}
        for row in t["rows"]:
            for col, value in enumerate(row["cells"][:len(t["columns"])]):
                if t["key"] == "cases_by_sex_and_age" and col == len(AGES):
                    continue   # the row total
                assert isinstance(value, int), (t["key"], row)
                if value:
                    cells[(row["label"], col)] = value
        out[t["key"]] = cells
    return out


def assert_timings(got, want, what):
    for key, value in want.items():
        assert got[key] == pytest.approx(value), f"{what}: {key} {got[key]} != {value}"


def assert_equals_recount(server, site, period):
    start, end, year = bounds(period)
    now = int(LATER.timestamp())
    r = site.client("coordinator").get(f"/reports/summary?mechanism_id={site.mechanism['id']}"
                                       f"&from={period[0]}&to={period[1]}")
    assert r.status == 200, r
    scope = scope_sql(mechanism_id=site.mechanism["id"])
    want = recount_cases(server.db, scope, start, end, year)
    referrals, timings = recount_referrals(server.db, scope, start, end, now)
    want.update(referrals)
    got = reported(r.json)
    for table, cells in want.items():
        assert got[table] == cells, f"{period} {table}: report {got[table]} != recount {cells}"
    assert_timings(r.json["referral_timings"], timings, f"{period} timings")
    return want


def all_reports_equal_recounts(server, move):
    seen = 0
    for site in (move.world, move.there):
        for period in PERIODS:
            want = assert_equals_recount(server, site, period)
            seen += sum(sum(cells.values()) for cells in want.values())
    admin = server.sign_in_admin()
    for query, scope in (("", scope_sql()), (
            f"&municipality_id={move.world.municipality['id']}",
            scope_sql(municipality_id=move.world.municipality["id"]))):
        for period in PERIODS:
            start, end, _ = bounds(period)
            r = admin.get(f"/reports/summary?from={period[0]}&to={period[1]}{query}")
            assert r.status == 200, r
            _, timings = recount_referrals(server.db, scope, start, end,
                                           int(LATER.timestamp()))
            assert_timings(r.json["referral_timings"], timings, f"national {period}")
    return seen


def snapshot(server):
    return [harness.query_db(server.db, sql) for sql in SNAPSHOT]


def rebuild(server):
    proc = run_cli("reports", "rebuild", "--db", server.db)
    assert proc.returncode == 0, cli_output(proc)
    assert "report rollups rebuilt" in proc.stdout, cli_output(proc)


# --- the tests ---------------------------------------------------------------------------

def test_every_figure_equals_a_recount_of_the_source_tables(server, move):
    assert all_reports_equal_recounts(server, move) > 100   # the world is not empty
    # what the writes were meant to reach: a transfer, a repeat, every outcome, anonymised
    there = harness.query_db(server.db, "SELECT count(*) FROM cases WHERE mechanism_id = "
                             f"{int(move.there.mechanism['id'])}")[0][0]
    assert there == 2
    statuses = {s for (s,) in harness.query_db(server.db, "SELECT status FROM referrals")}
    assert statuses == {"sent", "accepted", "in_progress", "completed", "declined",
                        "cancelled"}
    assert harness.query_db(server.db, "SELECT count(*) FROM cases WHERE repeat = 1 AND "
                            "anonymised_at IS NULL")[0][0] >= 1
    assert harness.query_db(server.db, "SELECT count(*) FROM cases WHERE anonymised_at IS "
                            "NOT NULL")[0][0] == 2


def test_rebuild_changes_nothing(server, move):
    before = snapshot(server)
    assert len(before[0]) > 50 and len(before[2]) >= 8
    rebuild(server)
    assert snapshot(server) == before
    all_reports_equal_recounts(server, move)


def test_rebuild_repairs_damaged_rollups(server, move):
    before = snapshot(server)
    harness.write_db(server.db, "UPDATE report_counts SET n = n + 3 WHERE tally IN "
                     "('kind', 'service', 'wait')")
    harness.write_db(server.db, "INSERT INTO report_counts (grain, t0, mechanism_id, tally, "
                     "label, col, n) VALUES (1, 0, 1, 'risk', 'high', 0, 9)")
    harness.write_db(server.db, "DELETE FROM report_case_facts WHERE case_id IN (SELECT "
                     "min(case_id) FROM report_case_facts)")
    harness.write_db(server.db, "UPDATE report_referral_facts SET wait = 1, service = 'x'")
    assert snapshot(server) != before
    rebuild(server)
    assert snapshot(server) == before
    all_reports_equal_recounts(server, move)
