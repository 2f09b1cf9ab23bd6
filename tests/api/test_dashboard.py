"""The coordinator's dashboard and the case lists behind its numbers (CONTRACT.md "The
coordination screens (issue 13)": dashboard).

- GET /mechanisms/{id}/dashboard, for the mechanism's coordinator only (admin, national, the
  auditor, member staff, another mechanism's coordinator: 403; an unknown mechanism 404):
  open cases by risk level, cases with a referral overdue, a review due, an order expiring,
  an action overdue; open meeting requests; this year's meetings held per quarter.
- Each number equals the length of the list it leads to — GET /cases?mechanism_id=&
  status=open,active&risk_level=, overdue=referrals|actions|review, expiring_order=true;
  GET /mechanisms/{id}/meeting-requests?status=open; the meetings held of the year — on a
  mechanism with cases in every state, after the clock has moved ten days; and each list
  holds exactly the cases made to be in it.
- GET /cases gains mechanism_id (a coordinator of two mechanisms sees one at a time),
  overdue=referrals|actions|orders|review, expiring_order=true and status as a set
  (status=open,active); bad values are 400 naming the parameter.
"""

import datetime as dt

import pytest

import harness
from harness import T0, assert_problem, list_all
from test_caseload import assert_schema
from test_meetings import new_meeting, request_body, set_meeting_status
from test_orders_actions import Courts, decide, grant_body, new_action, new_order
from test_referrals import new_case, refer, referral_body
from test_risk import assess_level

DAY = dt.timedelta(days=1)


class Mechanism(Courts):
    """test_orders_actions.Courts, with the name test_meetings' helpers use for its id."""

    @property
    def mid(self):
        return self.mechanism["id"]

LATER = T0 + 10 * DAY  # 2026-12-03: reviews of a week, referrals, actions due before are late
LEVELS = ("unassessed", "standard", "medium", "high", "extreme")


def day(n):
    return (T0.date() + n * DAY).isoformat()


@pytest.fixture(scope="module")
def setup(ura, tmp_path_factory):
    """A mechanism with cases in every state, made at T0; the server then restarted ten days
    later. Returns (server, world, the cases by name, a second mechanism of the same
    coordinator)."""
    s = harness.Server(tmp_path_factory.mktemp("ura-dashboard"))
    s.start(now=T0)
    admin = s.sign_in_admin()
    w = Mechanism(s, admin)
    police = w.client("caseworker")
    cases = {name: new_case(w)[0] for name in ("high", "extreme", "medium", "plain", "closed",
                                                "referral", "action", "order", "pending")}
    assess_level(police, cases["high"]["id"], "high")            # review due at T0 + 7
    assess_level(police, cases["extreme"]["id"], "extreme")      # at T0 + 3
    assess_level(police, cases["medium"]["id"], "medium")        # at T0 + 30: not yet
    assess_level(police, cases["closed"]["id"], "high")          # closed: nothing is due
    assert police.post(f"/cases/{cases['closed']['id']}/close",
                       {"outcome": "goals_met"}).status == 200
    refer(police, cases["referral"]["id"], referral_body(w.shelter))  # urgent: 72 hours
    new_action(w, cases["action"]["id"], due_on=day(2))
    new_action(w, cases["plain"]["id"], due_on=day(30))
    order = new_order(w, cases["order"]["id"])
    r = decide(police, order["id"], grant_body(valid_to=day(14)))  # ends 4 days after LATER
    assert r.status == 200, r
    new_order(w, cases["pending"]["id"])  # pending: late for its decision, not expiring
    for _ in range(2):
        assert w.client("other_caseworker").post(f"/mechanisms/{w.mechanism['id']}/"
                                                  "meeting-requests", request_body()).status == 201
    held = [new_meeting(w, kind="regular", scheduled_at="2026-10-24T09:00:00Z"),
            new_meeting(w, kind="case_conference", scheduled_at="2026-08-03T09:00:00Z"),
            new_meeting(w, kind="regular", scheduled_at="2026-02-02T09:00:00Z")]
    for m in held:
        set_meeting_status(w, m["id"], "held")
    new_meeting(w, kind="regular", scheduled_at="2026-12-20T09:00:00Z")  # scheduled only
    second = harness.new_mechanism(admin, harness.new_municipality(admin)["id"],
                                   coordinator_user_id=w.users["coordinator"].id)
    s.restart(now=LATER)
    w.forget_sessions()
    yield s, w, cases, second
    s.stop()


def dashboard(client, mechanism_id):
    return client.get(f"/mechanisms/{mechanism_id}/dashboard")


def case_ids(client, **params):
    return sorted(c["id"] for c in list_all(client, "/cases", **params))


def test_each_number_is_the_length_of_its_list(setup):
    _, w, cases, _ = setup
    c, mid = w.client("coordinator"), w.mechanism["id"]
    r = dashboard(c, mid)
    assert r.status == 200, r
    assert_schema(r.json, "Dashboard")
    d = r.json
    assert d["mechanism_id"] == mid
    for level in LEVELS:
        assert d["open_cases"][level] == len(case_ids(c, mechanism_id=mid, status="open,active",
                                                      risk_level=level)), level
    assert d["open_cases"]["total"] == len(case_ids(c, mechanism_id=mid, status="open,active"))
    for key, params in (("referrals_overdue", {"overdue": "referrals"}),
                        ("reviews_due", {"overdue": "review"}),
                        ("actions_overdue", {"overdue": "actions"}),
                        ("orders_expiring", {"expiring_order": "true"})):
        assert d[key] == len(case_ids(c, mechanism_id=mid, **params)), (key, d)
    assert d["meeting_requests_open"] == len(list_all(c, f"/mechanisms/{mid}/meeting-requests",
                                                      status="open"))
    held = [m for m in list_all(c, f"/mechanisms/{mid}/meetings", year=2026)
            if m["status"] == "held"]
    quarter = {m["id"]: (int(m["scheduled_at"][5:7]) - 1) // 3 + 1 for m in held}
    assert d["compliance"]["held"] == len(held)
    for q in d["compliance"]["quarters"]:
        mine = [m for m in held if quarter[m["id"]] == q["quarter"]]
        assert q["held"] == len(mine), q
        assert q["regular"] == len([m for m in mine if m["kind"] == "regular"]), q


def test_the_lists_hold_the_cases_made_for_them(setup):
    _, w, cases, _ = setup
    c, mid = w.client("coordinator"), w.mechanism["id"]
    ids = {name: case["id"] for name, case in cases.items()}
    d = dashboard(c, mid).json
    assert case_ids(c, mechanism_id=mid, overdue="referrals") == [ids["referral"]]
    assert case_ids(c, mechanism_id=mid, overdue="review") == sorted([ids["high"],
                                                                      ids["extreme"]])
    assert case_ids(c, mechanism_id=mid, overdue="actions") == [ids["action"]]
    assert case_ids(c, mechanism_id=mid, overdue="orders") == [ids["pending"]]
    assert case_ids(c, mechanism_id=mid, expiring_order="true") == [ids["order"]]
    assert case_ids(c, mechanism_id=mid, status="open,active", risk_level="high") == \
        [ids["high"]]
    assert ids["closed"] not in case_ids(c, mechanism_id=mid, status="open,active")
    assert ids["closed"] in case_ids(c, mechanism_id=mid, status="closed")
    assert (d["open_cases"]["total"], d["open_cases"]["high"], d["open_cases"]["extreme"],
            d["open_cases"]["medium"], d["open_cases"]["unassessed"]) == (8, 1, 1, 1, 5), d
    assert (d["referrals_overdue"], d["reviews_due"], d["actions_overdue"],
            d["orders_expiring"], d["meeting_requests_open"]) == (1, 2, 1, 1, 2), d
    assert d["compliance"] == {"year": 2026, "minimum_per_year": 4, "held": 3,
                               "meets_minimum": False, "quarters": [
                                   {"quarter": 1, "held": 1, "regular": 1},
                                   {"quarter": 2, "held": 0, "regular": 0},
                                   {"quarter": 3, "held": 1, "regular": 0},
                                   {"quarter": 4, "held": 1, "regular": 1}]}, d


def test_mechanism_id_separates_a_coordinators_mechanisms(setup):
    _, w, cases, second = setup
    c = w.client("coordinator")
    mine = case_ids(c, mechanism_id=w.mechanism["id"])
    assert sorted(case["id"] for case in cases.values()) == mine
    assert case_ids(c, mechanism_id=second["id"]) == []
    d = dashboard(c, second["id"]).json
    assert d["open_cases"]["total"] == 0 and d["compliance"]["held"] == 0, d
    police = w.client("caseworker")
    assert case_ids(police, mechanism_id=w.mechanism["id"]) == mine
    assert case_ids(police, mechanism_id=second["id"]) == []


@pytest.mark.parametrize("who", ["caseworker", "other_manager", "shelter"])
def test_member_staff_get_403(setup, who):
    _, w, _, _ = setup
    assert_problem(dashboard(w.client(who), w.mechanism["id"]), 403)


@pytest.mark.parametrize("role", ["admin", "national", "auditor", "coordinator"])
def test_others_get_403_and_nothing(setup, role):
    s, w, _, _ = setup
    admin = s.sign_in_admin()
    if role == "admin":
        c = admin
    else:
        u = harness.new_user(admin, role)
        c = s.sign_in(u.username, u.password)
    r = dashboard(c, w.mechanism["id"])
    assert_problem(r, 403)
    assert "open_cases" not in r.json


def test_unknown_and_bad_mechanisms(setup):
    _, w, _, _ = setup
    c = w.client("coordinator")
    assert_problem(dashboard(c, 99999999), 404)
    assert_problem(c.get("/mechanisms/abc/dashboard"), 400, "id")
    assert_problem(c.get(f"/mechanisms/{w.mechanism['id']}/dashboard?year=2026"), 400, "year")


@pytest.mark.parametrize("query,field", [("overdue=late", "overdue"), ("overdue=1", "overdue"),
                                         ("expiring_order=yes", "expiring_order"),
                                         ("mechanism_id=abc", "mechanism_id"),
                                         ("mechanism_id=0", "mechanism_id"),
                                         ("status=open,gone", "status"),
                                         ("status=,open", "status"),
                                         ("status=OPEN", "status")])
def test_bad_case_filters_are_400(setup, query, field):
    _, w, _, _ = setup
    assert_problem(w.client("coordinator").get(f"/cases?{query}"), 400, field)


def test_expiring_order_false_and_status_sets(setup):
    _, w, cases, _ = setup
    c, mid = w.client("coordinator"), w.mechanism["id"]
    everything = case_ids(c, mechanism_id=mid)
    assert case_ids(c, mechanism_id=mid, expiring_order="false") == everything
    assert case_ids(c, mechanism_id=mid, status="open,active,closed,archived") == everything
    assert sorted(case_ids(c, mechanism_id=mid, status="open") +
                  case_ids(c, mechanism_id=mid, status="closed")) == everything
