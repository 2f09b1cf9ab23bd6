"""Labels in the exports, and the demo the sign-in page shows (CONTRACT.md "What the browser UI
needs": labels, demo).

- data/labels.json has the groups the UI imports, each code with a non-empty label in sq, en
  and sr-Latn (tr and bs where translated).
- The CSV and XLSX reports print labels in the caller's language ("Ndihmë ekonomike" for
  economic_aid in Albanian, "Ekonomska pomoć" in Serbian, "Ekonomik yardım" in Turkish; in tr
  and bs the English label where none is translated), never the codes; the JSON report keeps
  the codes.
- The iCalendar summary names the meeting kind in the request's language, or in the
  subscriber's own when the request names none.
- `ura demo` prints each account beside its institution, marks the database as a demo, and
  leaves a caseload to work on; `GET /demo-accounts` lists its accounts (never a password) to
  anyone, and answers 404 on a database that is not a demo.
"""

import re

import pytest

import harness
from harness import (T0, assert_problem, cli_output, new_mechanism, new_user, rfc3339,
                     run_cli, Server)
from test_caseload import assert_schema
from test_reports import csv_blocks, xlsx_sheets

GROUPS = {"case_kind", "case_status", "referral_status", "service", "institution_type",
          "risk_level", "form", "bias", "place", "relationship", "sex", "outcome", "urgency",
          "category", "consent_method", "order_type", "order_status", "order_decision",
          "action_status", "action_kind", "meeting_kind", "meeting_status", "pillar",
          "activity_status", "role", "transfer_status", "referral_basis", "notification_kind",
          "country", "language"}


@pytest.fixture(scope="module")
def national(server, admin):
    u = new_user(admin, "national")
    return lambda lang: server.sign_in(u.username, u.password, lang=lang)


# --- 1. the file ---------------------------------------------------------------------------

def test_the_labels_file_has_every_group_in_three_languages_tr_and_bs_optional():
    harness.label("service", "economic_aid")   # loads it
    labels = harness._LABELS
    assert GROUPS <= set(labels), f"groups missing: {GROUPS - set(labels)}"
    for group, codes in labels.items():
        assert codes, group
        for code, texts in codes.items():
            assert {"sq", "en", "sr-Latn"} <= set(texts) <= {"sq", "en", "sr-Latn", "tr", "bs"}, \
                (group, code, texts)
            assert all(isinstance(t, str) and t.strip() for t in texts.values()), (group, code)
    assert harness.label("service", "economic_aid", "sq") == "Ndihmë ekonomike"


# --- 2. reports ----------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["sq", "en", "sr-Latn", "tr", "bs"])
def test_the_csv_report_speaks_the_callers_language(national, lang):
    r = national(lang).get("/reports/summary?format=csv")
    assert r.status == 200, r
    rows, blocks = csv_blocks(r.body.decode("utf-8-sig"))
    cells = {c for row in rows for c in row}
    for group, code in (("service", "economic_aid"), ("case_kind", "domestic_violence"),
                        ("institution_type", "social_services"), ("meeting_kind", "ad_hoc"),
                        ("report_column", "total"), ("report_table", "referrals_by_service")):
        assert harness.label(group, code, lang) in cells, (lang, group, code, blocks[:2])
    for code in ("economic_aid", "domestic_violence", "social_services", "ad_hoc"):
        assert code not in cells, f"{lang}: the code {code} is printed, not its label"


def test_the_xlsx_report_speaks_the_callers_language(national):
    r = national("sr-Latn").get("/reports/summary?format=xlsx")
    assert r.status == 200, r
    _, sheets = xlsx_sheets(r.body)
    cells = {c for _, got in sheets for c in got if isinstance(c, str)}
    assert harness.label("service", "economic_aid", "sr-Latn") in cells, cells
    assert harness.label("report_table", "cases_by_kind", "sr-Latn") in cells, cells
    assert "economic_aid" not in cells


def test_the_json_report_keeps_the_codes(national):
    doc = national("sq").get("/reports/summary").json
    services = next(t for t in doc["tables"] if t["key"] == "referrals_by_service")
    assert "economic_aid" in [row["label"] for row in services["rows"]], services


# --- 3. the calendar -----------------------------------------------------------------------

def test_the_calendar_names_the_meeting_kind_in_the_subscribers_language(server, admin):
    coordinator = new_user(admin, "coordinator", locale="sr-Latn")
    mechanism = new_mechanism(admin, coordinator_user_id=coordinator.id)
    c = server.sign_in(coordinator.username, coordinator.password)
    r = c.post(f"/mechanisms/{mechanism['id']}/meetings",
               {"kind": "ad_hoc", "scheduled_at": rfc3339(T0.replace(year=2031))})
    assert r.status == 201, r
    for lang, expected in ((None, "Vanredni sastanak"), ("sq", "Takim i jashtëzakonshëm"),
                           ("en", "Ad hoc meeting")):
        ics = c.get(f"/mechanisms/{mechanism['id']}/calendar.ics", lang=lang)
        assert ics.status == 200, ics
        text = re.sub(r"\r\n[ \t]", "", ics.text)   # unfold lines
        summary = next(ln for ln in text.split("\r\n") if ln.startswith("SUMMARY"))
        assert expected in summary and mechanism["name"] in summary, (lang, summary)


# --- 4. the demo ---------------------------------------------------------------------------

def test_a_database_that_is_no_demo_lists_no_accounts(anon):
    r = anon.get("/demo-accounts")
    assert r.status == 200, r
    assert r.json == {"items": [], "next": None}


ACCOUNT_LINE = re.compile(r"^\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*)$")
TOTP_NOTE = "(set up two-step sign-in at first sign-in)"


@pytest.fixture(scope="module")
def demo(ura, tmp_path_factory):
    directory = tmp_path_factory.mktemp("ura-demo")
    made = run_cli("demo", "--db", directory / "demo.db")
    assert made.returncode == 0, cli_output(made)
    printed = {}
    for line in made.stdout.splitlines():
        m = ACCOUNT_LINE.match(line)
        if m and m.group(2) in harness.ROLES:
            # The roles that must enrol a second factor say so after the institution.
            printed[m.group(1)] = (m.group(2), m.group(3),
                                   m.group(4).replace(TOTP_NOTE, "").strip())
    s = Server(directory, init=False, db_name="demo.db").start()
    yield s, printed
    s.stop()


def test_the_demo_prints_each_account_beside_its_institution(demo):
    _, printed = demo
    assert printed["punonjesi"][2] == "Drejtoria Vendore e Policisë Korçë", printed
    assert printed["strehimi"][2] == "Qendra e Strehimit për Viktimat e Dhunës", printed
    assert printed["admin"][2] == "", printed


def test_the_demo_lists_its_accounts_never_their_passwords(demo):
    s, printed = demo
    r = s.client().get("/demo-accounts")
    assert r.status == 200, r
    assert_schema(r.json, "DemoAccountList")
    listed = {a["username"]: a for a in r.json["items"]}
    assert set(printed) <= set(listed), (printed, listed)
    for username, (role, password, institution) in printed.items():
        assert listed[username]["role"] == role
        assert (listed[username]["institution_name"] or "") == institution, listed[username]
        assert password not in r.text, "a password reached the sign-in page"


def test_the_demo_leaves_a_caseload_to_work_on(demo):
    s, printed = demo
    police = s.sign_in("punonjesi", printed["punonjesi"][1])
    cases = harness.list_all(police, "/cases")
    assert len(cases) >= 2 and any(c["risk_level"] == "high" for c in cases), cases
    assert harness.list_all(police, "/cases", assigned_to="me"), "nothing assigned"
    work = police.get("/worklist").json
    assert work["referrals_new"] >= 1 and work["actions_overdue"] >= 1, work
    states = set()
    for who in ("punonjesi", "strehimi", "sociale"):
        c = s.sign_in(who, printed[who][1])
        for box in ("incoming", "outgoing"):
            states |= {p["status"] for p in harness.list_all(c, "/referrals", box=box)}
    assert {"sent", "in_progress", "completed"} <= states, states
    high = next(c for c in cases if c["risk_level"] == "high")
    for path in ("assessments", "protection-orders", "notes"):
        r = police.get(f"/cases/{high['id']}/{path}")
        assert r.status == 200 and r.json["items"], (path, r)
    doc = police.get(f"/cases/{high['id']}").json
    assert doc["survivor"]["given_name"] and doc["access"] == "owner", doc
    verify = run_cli("audit", "verify", "--db", s.db)
    assert verify.returncode == 0, cli_output(verify)
