"""The daily retention job (CONTRACT.md "Retention, erasure and legal hold").

It runs at start and then once a day, on a thread of its own, so that the time to ready does
not grow with the closed cases it reads; the server's "ura: deadlines scanned" line comes after
its first round, which is what these tests wait for (the harness does), never a sleep. A case
closed at T0 is past its ten years eleven years later (LATER):

- by default the first round after the restart only tells the administrators: one
  `retention_due` notification with nothing personal in it, and the case stays as it was;
- with `[retention] auto_apply` (URA_RETENTION_AUTO_APPLY=true) the first round anonymises it:
  its key and identity are gone and one `case.anonymise` audit entry says so.
"""

import datetime as dt

import pytest

import harness
from harness import T0
from test_cases import Site, case_body, create, new_person

LATER = T0 + dt.timedelta(days=11 * 366)


def closed_case(server):
    """A domestic-violence case registered and closed at T0, and the survivor."""
    site = Site(server, server.sign_in_admin())
    person = new_person()
    case = create(site.client("caseworker"), case_body(site, person))
    r = site.client("manager").post(f"/cases/{case['id']}/close", {"outcome": "goals_met"})
    assert r.status == 200, r
    return case, person


def stored(server, case_id):
    """(data_key present, identity present, anonymised) as the database holds the case."""
    row = harness.query_db(server.db, "SELECT CASE WHEN data_key IS NULL THEN 0 ELSE 1 END, "
                           "CASE WHEN identity IS NULL THEN 0 ELSE 1 END, "
                           "CASE WHEN anonymised_at IS NULL THEN 0 ELSE 1 END "
                           f"FROM cases WHERE id = {int(case_id)}")
    return tuple(int(v) == 1 for v in row[0])


def anonymise_entries(server, case_id):
    return int(harness.query_db(server.db, "SELECT count(*) FROM audit_log WHERE "
                                f"action = 'case.anonymise' AND case_id = {int(case_id)}")[0][0])


@pytest.fixture
def fresh(new_server):
    return new_server(now=T0)


def test_by_default_the_first_round_tells_the_administrators_and_changes_nothing(fresh):
    case, person = closed_case(fresh)
    fresh.restart(now=LATER)
    admin = fresh.sign_in_admin()
    r = admin.get("/notifications")
    assert r.status == 200, r
    due = [n for n in r.json["items"] if n["kind"] == "retention_due"]
    assert len(due) == 1, r.json
    assert not [s for s in person.strings if s in r.text], "a name in a notification"
    assert stored(fresh, case["id"]) == (True, True, False)
    assert anonymise_entries(fresh, case["id"]) == 0


def test_with_auto_apply_the_first_round_anonymises_what_is_due(fresh):
    case, _ = closed_case(fresh)
    fresh.restart(now=LATER, URA_RETENTION_AUTO_APPLY="true")
    assert stored(fresh, case["id"]) == (False, False, True)
    assert anonymise_entries(fresh, case["id"]) == 1
