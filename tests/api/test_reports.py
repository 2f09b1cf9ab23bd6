"""Reports (CONTRACT.md "Reports"; trainings as "Trainings" says, meetings as "Meetings").

A small world with KNOWN data, made on its own server whose clock is fixed and moved by
restarts: a case and a training in December 2025 (outside the year), then from 2 March 2026
ten cases of one domestic-violence mechanism with known sex, birth year, forms of violence and
risk (one a repeat), eight referrals answered at known hours (2, 4, 10, 48, 48 h accepted, one
declined, two never answered and overdue), four protection orders (two granted), five meetings
(three held, one cancelled, one still scheduled), two trainings with participants by
institution type; and another municipality's mechanism with data of its own that must not
count. On 10 December 2026:

- the coordinator's report of the mechanism (JSON, not anonymised): EVERY figure of every table
  (`cases_by_kind`, `cases_by_form`, `cases_by_risk`, `cases_by_sex_and_age`, `repeat_cases`,
  `referrals_by_service`, `protection_orders`, `meetings_held`, `trainings`) and
  `referral_timings` (accepted, median 10 h, p90 48 h, overdue share 0.25); `from`/`to`
  default to the current year;
- the national user's report of the same scope (and the admin's, and the coordinator's with
  `anonymised=true`; `anonymised=false` does not lift it for national): every count 1..4 is
  "suppressed", every other shown count equals the coordinator's, every line (row, column, the
  totals included) with a hidden cell has at least two, a hidden zero or count >= 5 shares a
  line with another hidden cell (complementary) and reads "suppressed" too, never "<5";
  `referral_timings` unchanged;
- `format=csv`: parsed with Python's csv module, CRLF line ends, one block per table with the
  figures of the JSON, and no cell starting with = + - @ TAB or CR (the mechanism and
  municipality are named "=…" / "@…" so that any echo of them would show);
- `format=xlsx`: a zip (PK\\x03\\x04) with one xl/worksheets/sheetN.xml per table, the counts of
  each table in its sheet, no formula anywhere;
- who: the coordinator of another mechanism, caseworker, manager and auditor 403; bad
  `format`, dates, `anonymised` and ids 400/422 naming the parameter; `report.read` audited.

And the issue's "done when": a coordinator runs a whole year (four regular meetings whose
agendas are filled from risk assessments, attendance, minutes and decisions, an ad hoc meeting
requested by a member institution, two trainings), compliance is met, the year's report is
exported as XLSX, and the national view of it suppresses the small cells.
"""

import csv
import datetime as dt
import html
import io
import re
import zipfile
from types import SimpleNamespace

import pytest

import harness
from harness import assert_problem, new_institution, new_municipality, new_user
from test_break_glass import of_kind
from test_cases import UNKNOWN_ID, audit, case_body, create, new_person, token
from test_compliance_calendar import compliance
from test_meetings import (Board, add_agenda, decide, get_meeting, new_case_in, new_meeting,
                           put_attendance, set_meeting_status)
from test_referrals import World, act, refer, referral_body
from test_risk import assess_level

UTC = dt.timezone.utc
HOUR = dt.timedelta(hours=1)
S0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)      # the world's first day in the year
END = dt.datetime(2026, 12, 10, 9, 0, tzinfo=UTC)   # the day the reports are read
YEAR = "from=2026-01-01&to=2026-12-31"
SUPPRESSED = "suppressed"   # what every hidden cell reads, small or complement
TABLES = ["cases_by_kind", "cases_by_form", "cases_by_risk", "cases_by_sex_and_age",
          "repeat_cases", "referrals_by_service", "referrals_by_institution_type",
          "protection_orders", "meetings_held", "trainings"]
KINDS = ["domestic_violence", "gbv", "hate_crime", "reintegration"]
FORMS = ["physical", "psychological", "sexual", "economic", "stalking", "neglect"]
RISKS = ["unassessed", "standard", "medium", "high", "extreme"]
SEXES = ["female", "male", "other", "unknown"]
AGES = ["0-17", "18-24", "25-34", "35-44", "45-59", "60+", "unknown"]
SERVICES = ["shelter", "legal_aid", "medical", "psychosocial", "police_protection",
            "protection_order", "housing", "economic_aid", "employment", "education",
            "child_protection", "post_release_support"]
INSTITUTION_TYPES = ["police", "prosecution", "court", "social_services", "health", "education",
                     "shelter", "legal_aid", "employment", "municipality", "cso", "probation",
                     "prison", "victim_advocate"]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def utc(y, mo, d, h=9):
    return dt.datetime(y, mo, d, h, tzinfo=UTC)


# --- the world ------------------------------------------------------------------------------

# (name, sex, date of birth or None, forms, risk or None); "c9" is the survivor of "c2" again.
CASES = [
    ("c1", "female", "1996-01-10", ["physical", "psychological"], "high"),
    ("c2", "female", "1993-02-01", ["psychological"], "medium"),
    ("c3", "female", "1980-05-05", ["economic"], "standard"),
    ("c4", "female", "1985-07-07", ["physical"], "extreme"),
    ("c5", "female", "2005-01-20", ["physical", "sexual"], None),
    ("c6", "male", "1960-03-30", ["psychological"], None),
    ("c7", "female", "2010-06-01", ["neglect"], "high"),
    ("c8", "female", None, ["stalking"], "medium"),
    ("c9", "female", "1993-02-01", ["physical"], "standard"),
    ("c10", "unknown", "1999-09-09", ["physical"], None),
]

# (name, case, recipient, urgency, answer, hours after S0) — answer None: never answered.
REFERRALS = [
    ("r1", "c1", "shelter", "emergency", "accept", 2),
    ("r2", "c2", "social", "urgent", "accept", 4),
    ("r3", "c4", "shelter", "emergency", "accept", 10),
    ("r4", "c7", "social", "urgent", "accept", 48),
    ("r5", "c1", "social", "routine", "accept", 48),
    ("r6", "c3", "social", "routine", "decline", 24),
    ("r7", "c5", "health", "emergency", None, None),
    ("r8", "c8", "legal", "urgent", None, None),
]


def expected_tables():
    """Every figure of the mechanism's 2026 report: {table: ({row label: cells}, total cells
    or None when the table may have no total row)}. Column order: the contract's (age groups
    then, when shown, the row total; sent accepted declined overdue; requested granted;
    trainings women men); single-column tables have one cell per row."""
    by_age = {s: [0] * len(AGES) for s in SEXES}
    for sex, age in [("female", "0-17"), ("female", "18-24"), ("female", "25-34"),
                     ("female", "25-34"), ("female", "25-34"), ("female", "35-44"),
                     ("female", "45-59"), ("female", "unknown"), ("male", "60+"),
                     ("unknown", "25-34")]:
        by_age[sex][AGES.index(age)] += 1
    services = {s: [0, 0, 0, 0] for s in SERVICES}
    services.update(shelter=[2, 2, 0, 0], psychosocial=[4, 3, 1, 0], medical=[1, 0, 0, 1],
                    legal_aid=[1, 0, 0, 1])
    receivers = {t: [0, 0, 0, 0] for t in INSTITUTION_TYPES}
    receivers.update(shelter=[2, 2, 0, 0], social_services=[4, 3, 1, 0], health=[1, 0, 0, 1],
                     legal_aid=[1, 0, 0, 1])
    return {
        "cases_by_kind": ({k: [10 if k == "domestic_violence" else 0] for k in KINDS}, [10]),
        "cases_by_form": ({f: [n] for f, n in zip(FORMS, [5, 3, 1, 1, 1, 1])}, None),
        "cases_by_risk": ({r: [n] for r, n in zip(RISKS, [3, 2, 2, 2, 1])}, [10]),
        "cases_by_sex_and_age": (by_age, [sum(by_age[s][i] for s in SEXES)
                                          for i in range(len(AGES))]),
        "repeat_cases": ({"repeat": [1], "first": [9]}, [10]),
        "referrals_by_service": (services, [8, 5, 1, 2]),
        "referrals_by_institution_type": (receivers, [8, 5, 1, 2]),
        "protection_orders": ({"immediate": [2, 1], "regular": [2, 1]}, [4, 2]),
        "meetings_held": ({"regular": [2], "ad_hoc": [1], "case_conference": [0]}, [3]),
        "trainings": (None, [2, 11, 5]),
    }


COLUMNS = {  # the columns the contract names, in its order
    "cases_by_sex_and_age": AGES,
    "referrals_by_service": ["sent", "accepted", "declined", "overdue"],
    "referrals_by_institution_type": ["sent", "accepted", "declined", "overdue"],
    "protection_orders": ["requested", "granted"],
    "trainings": ["trainings", "women", "men"],
}


class Town(World):
    """test_referrals.World (police owns the cases; social services, a shelter and a health
    centre `stranger` are members) with a legal aid office (`legal`) and Board's `mid`."""

    def __init__(self, server, admin):
        super().__init__(server, admin)
        self.legal = new_institution(admin, self.municipality["id"], type="legal_aid",
                                     services=["legal_aid"])
        self.users["legal"] = new_user(admin, "caseworker", self.legal["id"])

    @property
    def mid(self):
        return self.mechanism["id"]


def training_body(mechanism_id, starts_on, participants, **fields):
    body = {"title": f"Trajnim për menaxhimin e rasteve {token()}",
            "topic": "Vlerësimi i rrezikut",
            "starts_on": starts_on, "ends_on": starts_on, "place": "Korçë",
            "organiser": "Bashkia", "mechanism_id": mechanism_id,
            "participants": [{"institution_type": t, "women": w, "men": m}
                             for t, w, m in participants]}
    body.update(fields)
    return body


def new_training(client, body):
    r = client.post("/trainings", body)
    assert r.status == 201, f"creating a training: {r}"
    return r.json


def case_for(board, person, sex, forms, today, who="caseworker"):
    body = case_body(board, person)
    body["survivor"]["sex"] = sex
    if person.date_of_birth is None:
        body["survivor"].pop("date_of_birth")
    body["incident"]["forms"] = forms
    body["incident"]["occurred_on"] = (today - dt.timedelta(days=3)).isoformat()
    return create(board.client(who), body)


def order(client, case_id, kind, on):
    r = client.post(f"/cases/{case_id}/protection-orders", {"type": kind, "requested_on": on})
    assert r.status == 201, f"requesting an order: {r}"
    return r.json


def decide_order(client, order_id, decision, on):
    body = {"decision": decision, "decided_on": on}
    if decision == "granted":
        body.update(valid_from=on, valid_to="2026-09-02")
    r = client.patch(f"/protection-orders/{order_id}", body)
    assert r.status == 200, f"deciding order {order_id}: {r}"


def later(server, boards, when):
    server.restart(now=when)
    for b in boards:
        b.forget_sessions()


def build_world(server):
    admin = server.sign_in_admin()
    # the mechanism and its municipality carry names a spreadsheet would run as formulas
    municipality = new_municipality(admin, name=f"@Bashkia {token()}")
    w = Town(server, admin)   # the report's mechanism: police owns the cases
    renamed = admin.patch(f"/mechanisms/{w.mechanism['id']}",
                          {"name": f"=HYPERLINK(\"http://x\";\"{token()}\")"})
    assert renamed.status == 200, f"renaming the mechanism: {renamed}"
    w.mechanism = renamed.json
    foreign = Board(server, admin, municipality=municipality)
    boards = [w, foreign]

    # December 2025: a case and a training outside the year
    case_for(w, new_person(), "female", ["physical"], dt.date(2025, 12, 15))
    new_training(w.client("coordinator"),
                 training_body(w.mechanism["id"], "2025-12-16", [("police", 7, 7)]))

    later(server, boards, S0)
    today = S0.date()
    people = {}
    cases = {}
    for name, sex, born, forms, _ in CASES:
        if name == "c9":
            person = people["c2"]
        else:
            person = new_person(date_of_birth=born) if born else new_person()
            if born is None:
                person.date_of_birth = None
        people[name] = person
        cases[name] = case_for(w, person, sex, forms, today)
    assert cases["c9"]["repeat"] is True, cases["c9"]
    assert not any(cases[n]["repeat"] for n in cases if n != "c9"), "an unexpected repeat"
    for name, _, _, _, risk in CASES:
        if risk:
            assess_level(w.client("caseworker"), cases[name]["id"], risk)

    recipients = {"shelter": w.shelter, "social": w.social, "health": w.stranger,
                  "legal": w.legal}
    staff = {"shelter": "shelter", "social": "other_caseworker", "health": "stranger",
             "legal": "legal"}
    referrals = {}
    for name, case, to, urgency, _, _ in REFERRALS:
        referrals[name] = refer(w.client("caseworker"), cases[case]["id"],
                                referral_body(recipients[to], [], urgency=urgency))

    police = w.client("caseworker")
    o1 = order(police, cases["c1"]["id"], "immediate", today.isoformat())
    decide_order(police, o1["id"], "granted", today.isoformat())
    order(police, cases["c4"]["id"], "immediate", today.isoformat())
    o3 = order(police, cases["c2"]["id"], "regular", today.isoformat())
    decide_order(police, o3["id"], "granted", today.isoformat())
    o4 = order(police, cases["c7"]["id"], "regular", today.isoformat())
    decide_order(police, o4["id"], "denied", today.isoformat())

    meetings = {
        "mar": new_meeting(w, kind="regular", scheduled_at="2026-03-20T09:00:00Z"),
        "apr": new_meeting(w, kind="ad_hoc", scheduled_at="2026-04-10T09:00:00Z"),
        "jun": new_meeting(w, kind="regular", scheduled_at="2026-06-15T09:00:00Z"),
        "sep": new_meeting(w, kind="case_conference", scheduled_at="2026-09-01T09:00:00Z"),
        "dec": new_meeting(w, kind="regular", scheduled_at="2026-12-20T09:00:00Z"),
    }
    set_meeting_status(w, meetings["sep"]["id"], "cancelled")
    coordinator = w.client("coordinator")
    new_training(coordinator, training_body(w.mechanism["id"], "2026-03-10",
                                            [("police", 3, 4), ("social_services", 6, 1)],
                                            ends_on="2026-03-11"))
    new_training(coordinator, training_body(w.mechanism["id"], "2026-10-05",
                                            [("health", 2, 0)]))

    # the other mechanism: a case, a referral, a held meeting, a training
    fcase = case_for(foreign, new_person(), "female", ["physical"], today)
    refer(foreign.client("caseworker"), fcase["id"], referral_body(foreign.social, []))
    fm = new_meeting(foreign, kind="regular", scheduled_at="2026-03-05T09:00:00Z")
    new_training(foreign.client("coordinator"),
                 training_body(foreign.mid, "2026-04-01", [("police", 20, 20)]))

    # the answers, each at its hour
    for hours in sorted({h for *_, h in REFERRALS if h is not None}):
        later(server, boards, S0 + hours * HOUR)
        for name, _, to, _, answer, h in REFERRALS:
            if h == hours:
                body = {"reason": "Pa kapacitet këtë javë."} if answer == "decline" else None
                r = act(w.client(staff[to]), referrals[name]["id"], answer, body)
                assert r.status == 200, f"{answer} {name}: {r}"

    later(server, boards, END)
    for key in ("mar", "apr", "jun"):
        set_meeting_status(w, meetings[key]["id"], "held")
    set_meeting_status(foreign, fm["id"], "held")
    national = new_user(server.sign_in_admin(), "national")
    return SimpleNamespace(server=server, world=w, foreign=foreign, cases=cases,
                           people=people, referrals=referrals, national=national,
                           municipality=w.municipality)


@pytest.fixture(scope="module")
def known(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-reports"))
    s.start(now=utc(2025, 12, 15))
    try:
        yield build_world(s)
    finally:
        s.stop()


def national_client(known):
    return known.server.sign_in(known.national.username, known.national.password)


def report(client, query, lang="en"):
    r = client.get(f"/reports/summary?{query}", lang=lang)
    assert r.status == 200, f"report {query}: {r}"
    return r


def scope(known, extra=""):
    q = f"mechanism_id={known.world.mechanism['id']}&{YEAR}"
    return q + (f"&{extra}" if extra else "")


# --- reading a report's tables ----------------------------------------------------------------

def table_of(doc, key):
    tables = {t.get("key"): t for t in doc.get("tables", [])}
    assert key in tables, f"table {key} missing: {sorted(tables)}"
    t = tables[key]
    for field in ("key", "title", "columns", "rows", "total"):
        assert field in t, f"{key}: no {field!r}: {t}"
    return t


def total_cells(t):
    """The total row's cells, or None when the table has none."""
    tot = t["total"]
    return tot.get("cells") if isinstance(tot, dict) else tot


def has_total_column(t):
    return len(t["columns"]) > 0 and str(t["columns"][-1]).lower() == "total"


def grid(t):
    """{row label: cells} of a table, the total row (when there is one) as "__total__"."""
    rows = {row["label"]: row["cells"] for row in t["rows"]}
    if total_cells(t) is not None:
        rows["__total__"] = total_cells(t)
    return rows


def cells(doc, key, row, col=0):
    return grid(table_of(doc, key))[row][col]


def with_row_totals(t, rows):
    """`rows` ({label: cells}) with each row's sum appended when the table shows a total
    column."""
    if not has_total_column(t):
        return rows
    return {k: v + [sum(v)] for k, v in rows.items()}


# --- 1. the coordinator's report: every figure ------------------------------------------------

def test_the_report_has_every_table_in_order(known):
    doc = report(known.world.client("coordinator"), scope(known)).json
    assert [t["key"] for t in doc["tables"]] == TABLES, [t["key"] for t in doc["tables"]]
    assert doc.get("anonymised") is False, "the coordinator's own report is anonymised"
    for t in doc["tables"]:
        assert isinstance(t["title"], str) and t["title"], t
        for row in t["rows"] + ([{"cells": total_cells(t)}] if total_cells(t) else []):
            assert len(row["cells"]) == len(t["columns"]), (t["key"], row)
        want = COLUMNS.get(t["key"])
        if want:
            got = t["columns"][:-1] if has_total_column(t) else t["columns"]
            assert [str(c) for c in got] == want, f"{t['key']}: columns {t['columns']}"


@pytest.mark.parametrize("key", TABLES)
def test_every_figure_of_the_coordinators_report(known, key):
    doc = report(known.world.client("coordinator"), scope(known)).json
    t = table_of(doc, key)
    rows, total = expected_tables()[key]
    got = {row["label"]: row["cells"] for row in t["rows"]}
    if rows is None:   # trainings: one row (or only a total) with the year's figures
        figures = total_cells(t) or (t["rows"][0]["cells"] if len(t["rows"]) == 1 else None)
        assert figures == total, f"{key}: {t}"
        return
    want = with_row_totals(t, rows)
    assert got == want, f"{key}: rows\n got  {got}\n want {want}"
    if total is not None or total_cells(t) is not None:
        if key == "cases_by_form":
            assert total_cells(t) in ([10], [12]), f"{key}: total {total_cells(t)}"
        else:
            want_total = total + [sum(total)] if has_total_column(t) else total
            assert total_cells(t) in (want_total, None) and \
                (total_cells(t) is not None or key in ("referrals_by_service",
                                                       "protection_orders")), \
                f"{key}: total {total_cells(t)}, expected {want_total}"


def test_the_referral_timings(known):
    doc = report(known.world.client("coordinator"), scope(known)).json
    rt = doc.get("referral_timings")
    assert isinstance(rt, dict), doc
    assert rt.get("accepted") == 5, rt
    assert rt.get("median_hours") == pytest.approx(10), rt
    assert rt.get("p90_hours") == pytest.approx(48), rt
    assert rt.get("overdue_share") == pytest.approx(0.25), rt


def test_from_and_to_default_to_the_current_year(known):
    c = known.world.client("coordinator")
    mid = known.world.mechanism["id"]
    a = report(c, f"mechanism_id={mid}").json
    b = report(c, scope(known)).json
    assert a["tables"] == b["tables"] and a["referral_timings"] == b["referral_timings"]


def test_a_narrower_period_counts_less(known):
    c = known.world.client("coordinator")
    doc = report(c, f"mechanism_id={known.world.mechanism['id']}&from=2026-04-01&"
                    "to=2026-12-31").json
    assert cells(doc, "cases_by_kind", "__total__") == 0, "cases of March counted"
    assert (cells(doc, "meetings_held", "regular"), cells(doc, "meetings_held", "ad_hoc")) == \
        (1, 1), table_of(doc, "meetings_held")
    assert cells(doc, "referrals_by_service", "shelter") == 0, "referrals of March counted"


def test_to_is_inclusive(known):
    """Everything of the world happened on 2 March 2026 (cases, referrals, orders)."""
    c = known.world.client("coordinator")
    doc = report(c, f"mechanism_id={known.world.mechanism['id']}&from=2026-03-02&"
                    "to=2026-03-02").json
    assert cells(doc, "cases_by_kind", "domestic_violence") == 10, table_of(doc, "cases_by_kind")
    assert cells(doc, "protection_orders", "immediate") == 2, table_of(doc, "protection_orders")
    doc = report(c, f"mechanism_id={known.world.mechanism['id']}&from=2026-01-01&"
                    "to=2026-03-01").json
    assert cells(doc, "cases_by_kind", "domestic_violence") == 0


# --- 2. the national view: suppression --------------------------------------------------------

def lines(t):
    """Every row and every column of a table, the total row and total column included, as
    lists of grid positions (row label, column index)."""
    g = grid(t)
    out = [[(r, i) for i in range(len(c))] for r, c in g.items()]
    width = max((len(c) for c in g.values()), default=0)
    out += [[(r, i) for r, c in g.items() if i < len(c)] for i in range(width)]
    return [line for line in out if len(line) >= 2]


def assert_suppressed(plain, anon, who):
    """`anon` is `plain` with small cells hidden as the contract says: every count 1..4 is
    "suppressed"; every shown cell is the true count; no line has exactly one hidden cell; a
    hidden zero or count >= 5 shares a line with another hidden cell (it is a complement) and
    reads the same "suppressed": no cell reads "<5", which a complement is not."""
    assert anon.get("anonymised") is True, f"{who}: anonymised is {anon.get('anonymised')}"
    assert [t["key"] for t in anon["tables"]] == [t["key"] for t in plain["tables"]], who
    for tp, ta in zip(plain["tables"], anon["tables"]):
        key, gp, ga = tp["key"], grid(tp), grid(ta)
        assert list(gp) == list(ga), f"{who}: {key}: rows {list(ga)} vs {list(gp)}"
        hidden = set()
        for r in gp:
            assert len(gp[r]) == len(ga[r]), (who, key, r)
            for i, (p, a) in enumerate(zip(gp[r], ga[r])):
                if 1 <= p <= 4:
                    assert a == SUPPRESSED, f"{who}: {key}/{r}[{i}] shows {a!r} (a count of {p})"
                if isinstance(a, str):
                    assert a == SUPPRESSED, f"{who}: {key}/{r}[{i}] reads {a!r} (a count of {p})"
                    hidden.add((r, i))
                else:
                    assert a == p, f"{who}: {key}/{r}[{i}] = {a!r}, the count is {p}"
        for line in lines(ta):
            n = sum(1 for pos in line if pos in hidden)
            shown = [(pos, ga[pos[0]][pos[1]]) for pos in line]
            assert n != 1, f"{who}: {key}: the line {shown} has one hidden cell — its " \
                           f"total gives it away"
        for r, i in hidden:
            if 1 <= gp[r][i] <= 4:
                continue
            partners = [q for line in lines(ta) if (r, i) in line
                        for q in line if q != (r, i) and q in hidden]
            assert partners, f"{who}: {key}/{r}[{i}] (a count of {gp[r][i]}) hidden for " \
                             f"no reason"


def test_the_national_report_suppresses_small_cells(known):
    plain = report(known.world.client("coordinator"), scope(known)).json
    anon = report(national_client(known), scope(known)).json
    assert_suppressed(plain, anon, "national")
    assert anon["referral_timings"] == plain["referral_timings"], "timings are not suppressed"
    shown = [c for t in anon["tables"] for cells in grid(t).values() for c in cells]
    assert SUPPRESSED in shown and any(isinstance(c, int) and c >= 5 for c in shown) \
        and 0 in shown
    # A complement that is not small: hidden, and it reads "suppressed", not "<5".
    large = [(t["key"], r, i, gp[r][i]) for tp, t in zip(plain["tables"], anon["tables"])
             for gp, ga in [(grid(tp), grid(t))] for r in gp for i in range(len(gp[r]))
             if gp[r][i] >= 5 and ga[r][i] == SUPPRESSED]
    assert large, "the world hides no count of 5 or more: the test proves nothing"


def test_admin_and_an_anonymised_coordinator_get_the_same_view(known):
    anon = report(national_client(known), scope(known)).json
    admin = report(known.server.sign_in_admin(), scope(known)).json
    coordinator = report(known.world.client("coordinator"), scope(known, "anonymised=true")).json
    assert admin["tables"] == anon["tables"]
    assert coordinator["tables"] == anon["tables"]


def test_national_cannot_lift_the_anonymisation(known):
    anon = report(national_client(known), scope(known)).json
    forced = report(national_client(known), scope(known, "anonymised=false")).json
    assert forced["tables"] == anon["tables"], "anonymised=false showed national the counts"


def test_the_municipality_scope_holds_the_mechanism(known):
    """The report's municipality has only this mechanism: the same (anonymised) figures."""
    c = national_client(known)
    by_mechanism = report(c, scope(known)).json
    by_municipality = report(c, f"municipality_id={known.municipality['id']}&{YEAR}").json
    assert by_municipality["tables"] == by_mechanism["tables"]


def test_the_national_scope_includes_the_other_mechanism(known):
    c = national_client(known)
    nation = report(c, YEAR).json
    assert cells(nation, "cases_by_kind", "domestic_violence") == 11, \
        f"10 + 1 cases of 2026: {table_of(nation, 'cases_by_kind')}"


# --- 3. CSV and XLSX --------------------------------------------------------------------------

def csv_blocks(text):
    """The CSV's rows, and the rows split into blocks at empty lines."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    blocks, current = [], []
    for row in rows:
        if not row or all(c == "" for c in row):
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(row)
    if current:
        blocks.append(current)
    return rows, blocks


def csv_text(client, query):
    r = client.get(f"/reports/summary?{query}", lang="en")
    assert r.status == 200, r
    assert r.content_type == "text/csv", r.headers.get("Content-Type")
    body = r.body
    assert body.endswith(b"\r\n"), "the CSV does not end with CRLF"
    assert b"\n" not in body.replace(b"\r\n", b""), "a line end that is not CRLF"
    return body.decode("utf-8-sig")


def csv_cell(value):
    """A JSON cell as the CSV (in English) prints it: a hidden one is the label of its code."""
    return harness.label("report_cell", value) if value == SUPPRESSED else str(value)


@pytest.mark.parametrize("who", ["coordinator", "national"])
def test_csv_is_rfc_4180_with_one_block_per_table(known, who):
    c = known.world.client("coordinator") if who == "coordinator" else national_client(known)
    rows, blocks = csv_blocks(csv_text(c, scope(known, "format=csv")))
    doc = report(c, scope(known)).json
    assert len(blocks) == len(doc["tables"]) == len(TABLES), \
        f"{len(blocks)} blocks for {len(TABLES)} tables: {blocks}"
    for block, t in zip(blocks, doc["tables"]):
        group = harness.REPORT_ROW_GROUPS[t["key"]]   # a CSV is for people: labels, not codes
        body = [[harness.label(group, row["label"])] + [csv_cell(x) for x in row["cells"]]
                for row in t["rows"]]
        if total_cells(t) is not None:
            body.append([block[-1][0]] + [csv_cell(x) for x in total_cells(t)])
        assert block[-len(body):] == body, \
            f"{who}: {t['key']}: the CSV block\n{block}\ndoes not hold the rows\n{body}"
        header = block[-len(body) - 1]
        assert len(header) == len(t["columns"]) + 1, f"{t['key']}: header {header}"
        assert any(t["title"] in cell for row in block[:-len(body) - 1] for cell in row), \
            f"{t['key']}: no title line: {block}"


@pytest.mark.parametrize("who", ["coordinator", "national"])
def test_no_csv_cell_starts_like_a_formula(known, who):
    """Text of the caller's making (the mechanism is named "=HYPERLINK(…)", its municipality
    "@…") would be the way in; whatever the CSV holds, no cell may start with = + - @ TAB or
    CR, and an echoed name starts with a quote."""
    c = known.world.client("coordinator") if who == "coordinator" else national_client(known)
    for query in (scope(known, "format=csv"),
                  f"municipality_id={known.municipality['id']}&{YEAR}&format=csv"):
        r = c.get(f"/reports/summary?{query}")
        if r.status == 403 and who == "coordinator":
            continue
        assert r.status == 200, r
        rows, _ = csv_blocks(r.body.decode("utf-8-sig"))
        for row in rows:
            for cell in row:
                assert not cell.startswith(DANGEROUS), f"a cell a spreadsheet would run: {cell!r}"
                if known.world.mechanism["name"] in cell:
                    assert cell.startswith("'"), f"the echoed name is not neutralised: {cell!r}"


def xlsx_sheets(body):
    assert body[:4] == b"PK\x03\x04", f"not a zip: {body[:8]!r}"
    z = zipfile.ZipFile(io.BytesIO(body))
    names = z.namelist()
    sheets = sorted((n for n in names if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                    key=lambda n: int(re.search(r"(\d+)", n.rsplit("/", 1)[1]).group(1)))
    shared = []
    if "xl/sharedStrings.xml" in names:
        xml = z.read("xl/sharedStrings.xml").decode("utf-8")
        for si in re.findall(r"<si>(.*?)</si>", xml, re.S):
            shared.append(html.unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S))))
    out = []
    for n in sheets:
        xml = z.read(n).decode("utf-8")
        cells = []
        for attrs, inner in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", xml, re.S):
            v = re.search(r"<v>(.*?)</v>", inner or "")
            t = re.search(r'\bt="(\w+)"', attrs)
            if t and t.group(1) == "s" and v:
                cells.append(shared[int(v.group(1))])
            elif t and t.group(1) == "inlineStr":
                cells.append(html.unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", inner or "",
                                                              re.S))))
            elif v:
                num = float(v.group(1))
                cells.append(int(num) if num.is_integer() else num)
        out.append((xml, cells))
    return z, out


@pytest.mark.parametrize("who", ["coordinator", "national"])
def test_xlsx_is_a_workbook_with_one_sheet_per_table(known, who):
    c = known.world.client("coordinator") if who == "coordinator" else national_client(known)
    r = c.get(f"/reports/summary?{scope(known, 'format=xlsx')}", lang="en")
    assert r.status == 200, r
    z, sheets = xlsx_sheets(r.body)
    assert len(sheets) == len(TABLES), f"{len(sheets)} sheets: {z.namelist()}"
    workbook = z.read("xl/workbook.xml").decode("utf-8")
    assert len(re.findall(r"<sheet\b", workbook)) == len(TABLES), workbook
    doc = report(c, scope(known)).json
    for (xml, got), t in zip(sheets, doc["tables"]):
        assert "<f>" not in xml and "<f " not in xml, f"a formula in the sheet of {t['key']}"
        for row in t["rows"] + ([{"label": None, "cells": total_cells(t)}]
                                if total_cells(t) is not None else []):
            want = row["cells"]
            assert any(got[i:i + len(want)] == want for i in range(len(got))), \
                f"{who}: {t['key']}: {want} not in its sheet: {got}"
            if row["label"] is not None:
                text = harness.label(harness.REPORT_ROW_GROUPS[t["key"]], row["label"])
                assert text in got, f"{t['key']}: label {text} not in its sheet"


def test_the_xlsx_content_type(known):
    r = known.world.client("coordinator").get(f"/reports/summary?{scope(known, 'format=xlsx')}")
    assert r.status == 200, r
    assert r.content_type in ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              "application/octet-stream"), r.headers.get("Content-Type")


# --- 4. who, bad input, audit -----------------------------------------------------------------

@pytest.mark.parametrize("who", ["foreign_coordinator", "caseworker", "manager", "auditor"])
def test_others_may_not_read_the_report(known, who):
    w = known.world
    if who == "foreign_coordinator":
        c = known.foreign.client("coordinator")
    elif who == "auditor":
        u = new_user(known.server.sign_in_admin(), "auditor")
        c = known.server.sign_in(u.username, u.password)
    else:
        c = w.client(who)
    for q in (scope(known), f"municipality_id={known.municipality['id']}", YEAR,
              scope(known, "format=csv")):
        assert_problem(c.get(f"/reports/summary?{q}"), 403)


def test_a_coordinator_reads_no_wider_scope(known):
    c = known.world.client("coordinator")
    assert_problem(c.get(f"/reports/summary?{YEAR}"), 403)
    assert_problem(c.get(f"/reports/summary?municipality_id={known.municipality['id']}"), 403)


BAD_QUERIES = [  # (query, field)
    ("format=pdf", "format"),
    ("from=2026-02-30", "from"),
    ("from=yesterday", "from"),
    ("to=2026-13-01", "to"),
    ("from=2026-06-01&to=2026-05-31", "to"),
    ("anonymised=maybe", "anonymised"),
    ("mechanism_id=abc", "mechanism_id"),
    ("municipality_id=-3", "municipality_id"),
]


@pytest.mark.parametrize("query,field", BAD_QUERIES)
def test_bad_parameters_are_refused(known, query, field):
    c = national_client(known)
    r = c.get(f"/reports/summary?{query}")
    assert r.status in (400, 422), f"{query}: {r}"
    assert_problem(r, r.status, field)


def test_an_unknown_mechanism_is_refused(known):
    r = national_client(known).get(f"/reports/summary?mechanism_id={UNKNOWN_ID}")
    assert r.status in (404, 422), r
    assert_problem(r, r.status)


def test_reading_a_report_is_audited(known):
    national = national_client(known)
    report(national, scope(known))
    u = new_user(known.server.sign_in_admin(), "auditor")
    auditor = known.server.sign_in(u.username, u.password)
    got = [e for e in audit(auditor, user_id=known.national.id) if e["action"] == "report.read"]
    assert got, "report.read not audited"
    assert got[0]["fields"], got[0]


def test_the_report_holds_no_personal_data(known):
    from test_cases import assert_no_leak
    c = known.world.client("coordinator")
    answers = [report(c, scope(known)).text, report(national_client(known), scope(known)).text,
               csv_text(c, scope(known, "format=csv"))]
    r = c.get(f"/reports/summary?{scope(known, 'format=xlsx')}")
    assert r.status == 200, r
    z = zipfile.ZipFile(io.BytesIO(r.body))
    answers += [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
    for person in known.people.values():
        assert_no_leak(person, "the report", *answers)


# --- 5. the "done when": a whole year ---------------------------------------------------

def test_done_when_a_coordinator_runs_a_whole_year(new_server):
    s = new_server(now=utc(2026, 1, 5))
    admin = s.sign_in_admin()
    w = Board(s, admin)
    coordinator = lambda: w.client("coordinator")   # noqa: E731 — sessions end at restarts
    quarters = [new_meeting(w, kind="regular", scheduled_at=at)
                for at in ("2026-03-10T09:00:00Z", "2026-06-10T09:00:00Z",
                           "2026-09-10T09:00:00Z", "2026-12-01T09:00:00Z")]
    risky = []

    def high_risk_case(today, level="high"):
        case, _ = new_case_in(w, today=today)
        assess_level(w.client("caseworker"), case["id"], level)
        risky.append(case)
        return case

    def run_meeting(meeting, case):
        """The meeting: the case is on its agenda from risk; attendance, minutes, decisions."""
        got = get_meeting(coordinator(), meeting["id"])
        auto = [i for i in got["agenda"] if i["case_id"] == case["id"]]
        assert auto and auto[0]["automatic"] is True, \
            f"case {case['reference']} not on meeting {meeting['id']} from risk: {got['agenda']}"
        assert add_agenda(coordinator(), meeting["id"],
                          {"topic": "Plani vjetor i veprimit"}).status == 201
        r = put_attendance(coordinator(), meeting["id"], [
            {"institution_id": w.police["id"], "present": True, "attendees": 2},
            {"institution_id": w.social["id"], "present": True, "attendees": 1}])
        assert r.status == 200, r
        r = coordinator().put(f"/meetings/{meeting['id']}/minutes",
                              {"text": f"Procesverbali {token()}"})
        assert r.status == 200, r
        d = decide(w, meeting["id"], case_id=case["id"], due_on="2026-12-31")
        assert d["action_id"], d
        decide(w, meeting["id"], due_on="2026-12-31")

    case = high_risk_case(dt.date(2026, 1, 5))
    for i, meeting in enumerate(quarters):
        day = dt.datetime.fromisoformat(meeting["scheduled_at"].replace("Z", "+00:00"))
        run_meeting(meeting, case)
        later(s, [w], day + dt.timedelta(days=1))
        set_meeting_status(w, meeting["id"], "held")
        if i == 1:
            # a member institution asks for an ad hoc meeting about a new case
            urgent, _ = new_case_in(w, today=day.date())
            r = w.client("other_caseworker").post(
                f"/mechanisms/{w.mid}/meeting-requests",
                {"reason": f"Rast urgjent {token()}", "case_ids": [urgent["id"]]})
            assert r.status == 201, r
            assert len(of_kind(coordinator(), "meeting_requested")) == 1
            ad_hoc = new_meeting(w, kind="ad_hoc", scheduled_at=rfc(day + dt.timedelta(days=5)))
            assert add_agenda(coordinator(), ad_hoc["id"], {"case_id": urgent["id"]}).status == 201
            extreme = high_risk_case(day.date(), "extreme")
            run_meeting(ad_hoc, extreme)
            later(s, [w], day + dt.timedelta(days=6))
            set_meeting_status(w, ad_hoc["id"], "held")
        if i < 3:
            case = high_risk_case((day + dt.timedelta(days=1)).date()
                                  if i != 1 else (day + dt.timedelta(days=6)).date())

    for starts, people in (("2026-04-20", [("police", 4, 9), ("social_services", 8, 2)]),
                           ("2026-10-12", [("health", 6, 1), ("education", 3, 0)])):
        new_training(coordinator(), training_body(w.mid, starts, people))

    got = compliance(coordinator(), w.mid, 2026)
    assert (got["held"], got["meets_minimum"]) == (5, True), got
    assert [q["regular"] for q in got["quarters"]] == [1, 1, 1, 1], got

    plain = report(coordinator(), f"mechanism_id={w.mid}&{YEAR}").json
    assert (cells(plain, "meetings_held", "regular"), cells(plain, "meetings_held", "ad_hoc")) \
        == (4, 1), table_of(plain, "meetings_held")
    assert [cells(plain, "cases_by_risk", r) for r in ("high", "extreme", "unassessed")] == \
        [4, 1, 1], table_of(plain, "cases_by_risk")
    t = table_of(plain, "trainings")
    figures = total_cells(t) or t["rows"][0]["cells"]
    assert figures == [2, 21, 12], t

    r = coordinator().get(f"/reports/summary?mechanism_id={w.mid}&{YEAR}&format=xlsx")
    assert r.status == 200, r
    _, sheets = xlsx_sheets(r.body)
    assert len(sheets) == len(TABLES), f"{len(sheets)} sheets"

    national = new_user(s.sign_in_admin(), "national")
    nc = s.sign_in(national.username, national.password)
    anon = report(nc, f"mechanism_id={w.mid}&{YEAR}").json
    assert_suppressed(plain, anon, "national")
    assert (cells(anon, "meetings_held", "regular"), cells(anon, "meetings_held", "ad_hoc")) \
        == (SUPPRESSED, SUPPRESSED), table_of(anon, "meetings_held")
    r = nc.get(f"/reports/summary?mechanism_id={w.mid}&{YEAR}&format=xlsx")
    assert r.status == 200, r
    _, sheets = xlsx_sheets(r.body)
    marker = harness.label("report_cell", SUPPRESSED, "sq")   # the client asks for no language
    assert any(marker in [str(c) for c in cells] for _, cells in sheets), \
        "no suppressed cell in the national workbook"
    assert not any("&lt;5" in str(c) or "<5" in str(c) for _, cells in sheets for c in cells)


def rfc(moment):
    return harness.rfc3339(moment)
