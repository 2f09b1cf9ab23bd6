"""Retention, erasure and legal hold (CONTRACT.md "Retention, erasure and legal hold").

One server whose clock starts at T0 (2026-11-23) and is moved by restarts, never waited on.
At T0 a domestic-violence mechanism's police registers three cases, each with every personal
part, a note and a referral with a reason: DUE (closed at T0), HELD (closed at T0, then put
under a legal hold by the owner's manager) and OPEN (never closed). Eleven years later
(LATER, past the ten years of domestic violence):

- the administrator's dry run lists DUE and HELD (held) with reference, kind, closure date and
  rule and nothing personal, and never OPEN; nobody else may run it;
- confirming it anonymises DUE only (HELD is skipped as held): the case keeps its reference,
  kind, statuses and counts, and loses its names, contact, address, narrative, note and
  referral texts; its blind indexes and its data key are gone; one `case.anonymise` audit
  entry, without personal data; the audit chain verifies; the auditor's list copes with it;
- neither the database file nor a backup made afterwards (`ura backup`; `pg_dump` on
  PostgreSQL) holds the survivor's strings or any of the case's old ciphertext, key or index;
- the mechanism's report is the same before and after;
- HELD is untouched; lifting its hold (the auditor) is audited, and then `ura retention
  --dry-run` lists it and `ura retention --apply` anonymises it;
- the legal hold's own rules: who may place and lift it, a reason required, one at a time.
"""

import datetime as dt
import os
import re

import pytest

import harness
from harness import T0, assert_problem, cli_output, new_user, run_cli
from test_cases import Site, case_body, create, new_person
from test_referrals import refer, referral_body

LATER = T0 + dt.timedelta(days=11 * 366)
YEAR = "from=2026-01-01&to=2026-12-31"


def is_pg(server):
    return str(server.db).startswith("postgres")


def hexes(server, sql_of):
    """The hex of each stored value `sql_of(hex_function)` selects (NULLs left out)."""
    fn = "encode(%s, 'hex')" if is_pg(server) else "lower(hex(%s))"
    rows = harness.query_db(server.db, sql_of(lambda column: fn % column))
    return [str(v).lower() for row in rows for v in row if v not in (None, "")]


def case_secrets(server, case_id):
    """The case's ciphertexts, key and blind indexes as stored, as hex."""
    return hexes(server, lambda h: (
        f"SELECT {h('c.identity')}, {h('c.contact')}, {h('c.children')}, "
        f"{h('c.perpetrator')}, {h('c.data_key')}, {h('c.survivor_index')}, "
        f"{h('c.survivor_name_index')}, {h('c.perpetrator_index')}, {h('i.narrative')}, "
        f"{h('n.body')}, {h('f.reason')} FROM cases c "
        f"JOIN incidents i ON i.case_id = c.id JOIN case_notes n ON n.case_id = c.id "
        f"JOIN referrals f ON f.case_id = c.id WHERE c.id = {int(case_id)}"))


def dump_of(server, tmp_path, name):
    """What a backup made now holds, as bytes: `ura backup` (SQLite) or pg_dump."""
    if is_pg(server):
        from test_at_rest_dump import pg_dump
        return pg_dump(str(server.db))
    dest = tmp_path / name
    proc = run_cli("backup", "--db", server.db, dest)
    assert proc.returncode == 0, cli_output(proc)
    return dest.read_bytes()


def found_in(data, person, secrets):
    """The survivor's strings and the old secrets (raw bytes, or the hex a dump shows) in data."""
    low = data.lower()
    hits = [s for s in person.strings if s.lower().encode() in low]
    for h in secrets:
        if bytes.fromhex(h) in data or h.encode() in low:
            hits.append(h[:16] + "…")
    return hits


def file_bytes(server):
    """The SQLite database file with its write-ahead log (the server stopped)."""
    out = b""
    for suffix in ("", "-wal"):
        path = str(server.db) + suffix
        if os.path.exists(path):
            with open(path, "rb") as f:
                out += f.read()
    return out


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-retention"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def world(server):
    admin = server.sign_in_admin()
    site = Site(server, admin)
    cases, people = {}, {}
    for name in ("due", "held", "open"):
        people[name] = new_person()
        cases[name] = create(site.client("caseworker"), case_body(site, people[name]))
        cid = cases[name]["id"]
        r = site.client("caseworker").post(f"/cases/{cid}/notes",
                                           {"body": f"Shënim për {people[name].given_name}"})
        assert r.status == 201, r
        refer(site.client("caseworker"), cid, referral_body(site.other, share=["identity"]))
    for name in ("due", "held"):
        r = site.client("manager").post(f"/cases/{cases[name]['id']}/close",
                                        {"outcome": "goals_met"})
        assert r.status == 200, r
    r = site.client("manager").post(f"/cases/{cases['held']['id']}/legal-hold",
                                    {"reason": "Gjykata kërkon dosjen"})
    assert r.status == 201, r
    secrets = {name: case_secrets(server, cases[name]["id"]) for name in cases}
    assert all(len(s) >= 8 for s in secrets.values()), secrets
    server.restart(now=LATER)
    site.forget_sessions()
    auditor = new_user(server.sign_in_admin(), "auditor")
    return {"site": site, "cases": cases, "people": people, "secrets": secrets,
            "admin": server.sign_in_admin(),
            "auditor": server.sign_in(auditor.username, auditor.password)}


def report(world):
    r = world["site"].client("coordinator").get(
        f"/reports/summary?mechanism_id={world['site'].mechanism['id']}&{YEAR}")
    assert r.status == 200, r
    return r.json


def dry_run(client):
    r = client.get("/retention?limit=500")
    assert r.status == 200, r
    return {item["case_id"]: item for item in r.json["items"]}


@pytest.fixture(scope="module")
def applied(server, world):
    """The report before, the dry run, then the confirmation of both due cases."""
    before = report(world)
    listed = dry_run(world["admin"])
    ids = [world["cases"]["due"]["id"], world["cases"]["held"]["id"]]
    r = world["admin"].post("/retention/apply", {"case_ids": ids})
    assert r.status == 200, r
    return {"before": before, "listed": listed, "answer": r.json}


def test_dry_run_lists_due_and_held_cases_without_personal_data(world, applied):
    cases, listed = world["cases"], applied["listed"]
    due, held = listed[cases["due"]["id"]], listed[cases["held"]["id"]]
    assert cases["open"]["id"] not in listed
    assert due["reference"] == cases["due"]["reference"] and due["kind"] == "domestic_violence"
    assert due["closed_on"] == T0.date().isoformat() and due["years"] == 10
    assert due["rule"] == "domestic_violence_after_closure" and due["held"] is False
    assert due["expires_on"] == T0.date().replace(year=2036).isoformat()
    assert held["held"] is True
    text = repr(applied["listed"])
    for person in world["people"].values():
        assert not [s for s in person.strings if s in text]


@pytest.mark.parametrize("who", ["manager", "caseworker", "coordinator"])
def test_only_the_administrator_runs_and_confirms_it(world, applied, who):
    client = world["site"].client(who)
    assert_problem(client.get("/retention"), 403)
    assert_problem(client.post("/retention/apply", {"case_ids": [1]}), 403)
    assert_problem(world["auditor"].get("/retention"), 403)


def test_confirmation_body_is_checked(world, applied):
    admin = world["admin"]
    assert_problem(admin.post("/retention/apply", {}), 422, "case_ids")
    assert_problem(admin.post("/retention/apply", {"case_ids": []}), 422, "case_ids")
    assert_problem(admin.post("/retention/apply", {"case_ids": list(range(1, 102))}), 422,
                   "case_ids")
    assert_problem(admin.post("/retention/apply", {"case_ids": ["x"]}), 400)


def test_confirmation_anonymises_the_due_case_and_skips_the_held_one(world, applied):
    cases = world["cases"]
    assert applied["answer"]["anonymised"] == [cases["due"]["id"]]
    assert applied["answer"]["skipped"] == [{"case_id": cases["held"]["id"], "reason": "held"}]
    r = world["admin"].post("/retention/apply", {"case_ids": [cases["due"]["id"], 999999,
                                                               cases["open"]["id"]]})
    assert r.status == 200 and r.json["anonymised"] == [], r
    assert [s["reason"] for s in r.json["skipped"]] == ["anonymised", "not_found", "not_due"]


def test_the_anonymised_case_keeps_its_counts_and_loses_its_person(world, applied):
    site, case = world["site"], world["cases"]["due"]
    r = site.client("caseworker").get(f"/cases/{case['id']}")
    assert r.status == 200, r
    doc = r.json
    assert doc["reference"] == case["reference"] and doc["status"] == "closed"
    assert doc["kind"] == "domestic_violence" and doc["outcome"] == "goals_met"
    # What stays of the survivor is what the reports count: sex (and the address flag).
    assert set(doc["survivor"]) <= {"sex", "address_confidential"}, doc["survivor"]
    assert "children" not in doc and "perpetrator" not in doc
    assert doc["incidents"][0]["narrative"] is None
    assert doc["incidents"][0]["forms"] == ["physical", "psychological"]
    assert doc["incidents"][0]["occurred_on"].endswith("-01")
    notes = site.client("caseworker").get(f"/cases/{case['id']}/notes")
    assert notes.status == 200 and notes.json["items"][0]["body"] is None, notes
    referrals = site.client("caseworker").get(f"/cases/{case['id']}/referrals")
    assert referrals.status == 200 and referrals.json["items"][0]["reason"] is None
    person = world["people"]["due"]
    assert not [s for s in person.strings if s in r.text + notes.text + referrals.text]
    # Nothing is added to it any more.
    assert_problem(site.client("caseworker").post(f"/cases/{case['id']}/notes",
                                                  {"body": "x"}), 409)
    assert_problem(site.client("manager").post(f"/cases/{case['id']}/legal-hold",
                                               {"reason": "late"}), 409)


def test_reports_are_the_same_before_and_after(world, applied):
    assert report(world) == applied["before"]


def test_each_anonymisation_is_audited_once_without_personal_data(server, world, applied):
    case = world["cases"]["due"]
    entries = harness.list_all(world["auditor"], "/audit", case_id=case["id"])
    anonymised = [e for e in entries if e["action"] == "case.anonymise"]
    assert len(anonymised) == 1, entries
    e = anonymised[0]
    assert e["object_id"] == case["id"] and e["actor_user_id"] is not None
    assert e["detail"] == {"rule": "domestic_violence_after_closure", "years": 10}
    emergency = world["auditor"].get("/audit?basis=emergency")
    assert emergency.status == 200, emergency
    text = repr(entries)
    assert not [s for s in world["people"]["due"].strings if s in text]
    proc = run_cli("audit", "verify", "--db", server.db)
    assert proc.returncode == 0 and "audit chain intact" in proc.stdout, cli_output(proc)


def test_nothing_of_the_case_stays_in_the_database_or_a_later_backup(server, world, applied,
                                                                     tmp_path):
    due, held = world["secrets"]["due"], world["secrets"]["held"]
    backup = dump_of(server, tmp_path, "after.db")
    assert found_in(backup, world["people"]["due"], due) == []
    # The positive control: the held case's ciphertext is still there to be found.
    assert any(bytes.fromhex(h) in backup or h.encode() in backup.lower() for h in held)
    if not is_pg(server):
        with server.stopped():
            stored = file_bytes(server)
        assert found_in(stored, world["people"]["due"], due) == []
        assert any(bytes.fromhex(h) in stored for h in held)


def test_the_held_case_is_untouched(world, applied):
    case, person = world["cases"]["held"], world["people"]["held"]
    r = world["site"].client("caseworker").get(f"/cases/{case['id']}")
    assert r.status == 200 and r.json["survivor"]["given_name"] == person.given_name, r
    r = world["site"].client("manager").get(f"/cases/{case['id']}/legal-hold")
    assert r.status == 200 and r.json["held"] is True, r
    assert r.json["holds"][0]["reason"] == "Gjykata kërkon dosjen"


def test_hold_rules(world, applied):
    site, case = world["site"], world["cases"]["open"]
    path = f"/cases/{case['id']}/legal-hold"
    assert_problem(site.client("caseworker").post(path, {"reason": "x"}), 403)
    assert_problem(site.client("other_manager").post(path, {"reason": "x"}), 404)
    assert_problem(world["admin"].post(path, {"reason": "x"}), 404)
    assert_problem(site.client("manager").post(path, {}), 422, "reason")
    assert_problem(site.client("manager").post(path + "/lift"), 409)
    r = world["auditor"].post(path, {"reason": "Ankesë te Avokati i Popullit"})
    assert r.status == 201 and r.json["reason"] == "Ankesë te Avokati i Popullit", r
    assert_problem(site.client("manager").post(path, {"reason": "again"}), 409)
    assert site.client("manager").post(path + "/lift").status == 204
    r = site.client("manager").get(path)
    assert r.status == 200 and r.json["held"] is False and len(r.json["holds"]) == 1, r
    assert r.json["holds"][0]["lifted_at"] is not None
    actions = [e["action"] for e in harness.list_all(world["auditor"], "/audit",
                                                      case_id=case["id"])]
    assert "case.legal_hold" in actions and "case.legal_hold_lift" in actions


def test_lifting_the_hold_lets_the_command_line_anonymise_it(server, world, applied):
    case = world["cases"]["held"]
    r = world["auditor"].post(f"/cases/{case['id']}/legal-hold/lift")
    assert r.status == 204, r
    env = {"URA_NOW": harness.rfc3339(LATER)}
    proc = run_cli("retention", "--dry-run", "--db", server.db, env=env)
    assert proc.returncode == 0 and case["reference"] in proc.stdout, cli_output(proc)
    assert "held" not in proc.stdout.split(case["reference"])[1].split("\n")[0]
    proc = run_cli("retention", "--apply", "--db", server.db, env=env)
    assert proc.returncode == 0 and "anonymised: 1 cases" in proc.stdout, cli_output(proc)
    r = world["site"].client("caseworker").get(f"/cases/{case['id']}")
    assert r.status == 200 and set(r.json["survivor"]) <= {"sex", "address_confidential"}, r
    proc = run_cli("retention", "--dry-run", "--db", server.db, env=env)
    assert proc.returncode == 0 and case["reference"] not in proc.stdout, cli_output(proc)
    proc = run_cli("audit", "verify", "--db", server.db)
    assert proc.returncode == 0, cli_output(proc)
