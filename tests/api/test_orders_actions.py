"""Protection orders and the case plan (CONTRACT.md "Protection orders", "Case plan").

Protection orders:
- POST /cases/{id}/protection-orders by the owner's staff: 201 with the contract's fields,
  status `pending`, no breaches; `decision_due_at` = now + 48 h (immediate) / + 15 days
  (regular) when requested today, else the start (local midnight) of `requested_on` + the same, against
  the server's fixed clock; no court is allowed (null).
- Bad input, nothing stored: `requested_on` in the future, impossible or missing; a court
  institution that is not of type `court` or does not exist; an unknown or missing type
  (422 naming the field).
- Who requests: the owner's caseworker and manager; the coordinator and a referral recipient
  that reads the case 403; institutions that do not see the case, admin, national, auditor 404.
- PATCH /protection-orders/{id}: granted (with valid_from / valid_to) or denied, by the owner's
  staff or the named court's staff; 409 once decided; every wrong order of dates 422 naming
  the field (decided_on before requested_on or in the future, a grant without valid_from or
  valid_to, valid_from before decided_on, valid_to before valid_from) and the order stays
  pending; equal dates are allowed; outsiders (another court, another institution) 404.
- POST /protection-orders/{id}/breaches: 201 with `breaches` counting them; the case's
  `next_review_on` becomes today; `order_breach` to the owner's staff and the coordinator
  (once per breach, no personal data), nobody else.
- GET /cases/{id}/protection-orders for the owner; 404 for who does not see the case.

Case plan (actions):
- POST /cases/{id}/actions: 201 shape, `kind` default case_plan, safety_plan; bad input 422
  naming the field; who may create (as for orders).
- PATCH /actions/{id} `{"status"}`: the whole transition table (200 for open -> in_progress |
  done | cancelled and in_progress -> done | cancelled, 409 for every other pair, and the
  status stays); an unknown status 422; the responsible institution's staff may update;
  others who see the case 403, others 404.
- Titles are not stored in clear (harness.query_db, so on either engine).

Also: a closed case refuses orders and actions (409); under break glass they are read, not
written; orders are listed only for readers of the `legal` category; unknown fields in PATCH
bodies 422; the court decides but records no breach; cookie writes without the CSRF token
403; the list rules of "HTTP details" (limit, cursor, paging) on the orders and actions lists;
every write appends exactly one audit entry (case, actor, object, no title) and list reads are
audited. Concurrent writers: terminal statuses or decisions at once, one wins (the rest 409,
the stored state the winner's); ten breaches at once are all counted.

The module's server runs with its clock fixed at T0 (2026-11-23T09:00Z).
"""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

import harness
from harness import T0, assert_problem, new_institution, new_user
from test_break_glass import (assert_notification, grant, moment, notification_pages,
                              of_kind)
from test_cases import (DAY, TODAY, UNKNOWN_ID, _assert_same_as_unknown, _dump, _tables, audit,
                        assert_no_leak, join, token)
from test_referrals import World, act, consent, new_case, refer, referral_body
from test_case_writes import at_once, sessions
from test_risk import assess_level, case_of, paged_ids, review_on

HOUR = dt.timedelta(hours=1)
ORDER = {"id", "case_id", "type", "status", "requested_on", "court_institution_id",
         "decision_due_at", "decided_on", "valid_from", "valid_to", "breaches", "created_at"}
ACTION = {"id", "case_id", "kind", "title", "responsible_institution_id", "due_on", "status",
          "created_at", "updated_at"}
DECISION_WINDOW = {"immediate": 48 * HOUR, "regular": 15 * DAY}
STATUSES = ["open", "in_progress", "done", "cancelled"]
ALLOWED = {("open", "in_progress"), ("open", "done"), ("open", "cancelled"),
           ("in_progress", "done"), ("in_progress", "cancelled")}


def day(offset):
    return (TODAY + offset * DAY).isoformat()


def midnight(date_text):
    """The start of a day in the mechanisms' calendar (Tirana's), as a UTC time."""
    return dt.datetime.fromisoformat(date_text).replace(tzinfo=ZoneInfo("Europe/Tirane"))


# --- the server: one per module, its clock fixed at T0 -------------------------------------

@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-orders"))
    s.start(now=T0)
    yield s
    s.stop()


class Courts(World):
    """test_referrals.World plus a court (a member of the mechanism, staff `court`,
    `court_manager`) and another court (`other_court`) that is named on no order."""

    def __init__(self, server, admin):
        super().__init__(server, admin)
        m = self.municipality["id"]
        self.court = new_institution(admin, m, type="court", services=["protection_order"])
        self.other_court = new_institution(admin, m, type="court",
                                           services=["protection_order"])
        join(admin, self.mechanism["id"], self.court["id"])
        self.users.update({
            "court": new_user(admin, "caseworker", self.court["id"]),
            "court_manager": new_user(admin, "manager", self.court["id"]),
            "other_court": new_user(admin, "caseworker", self.other_court["id"]),
        })


@pytest.fixture(scope="module")
def world(server, admin):
    return Courts(server, admin)


# --- helpers (imported by test_deadlines) -------------------------------------------------

def order_body(world, **fields):
    body = {"type": "immediate", "requested_on": day(0),
            "court_institution_id": world.court["id"]}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not OMIT}


OMIT = object()


def request_order(client, case_id, body):
    return client.post(f"/cases/{case_id}/protection-orders", body)


def new_order(world, case_id, who="caseworker", **fields):
    r = request_order(world.client(who), case_id, order_body(world, **fields))
    assert r.status == 201, f"requesting an order on case {case_id}: {r}"
    return r.json


def decide(client, order_id, body):
    return client.patch(f"/protection-orders/{order_id}", body)


def grant_body(decided_on=None, valid_from=None, valid_to=None):
    return {"decision": "granted", "decided_on": decided_on or day(0),
            "valid_from": valid_from or day(0), "valid_to": valid_to or day(180)}


def granted(world, case_id, who="caseworker", **dates):
    order = new_order(world, case_id)
    r = decide(world.client(who), order["id"], grant_body(**dates))
    assert r.status == 200, f"granting order {order['id']}: {r}"
    return r.json


def orders_of(client, case_id):
    r = client.get(f"/cases/{case_id}/protection-orders")
    assert r.status == 200, f"listing the orders of case {case_id}: {r}"
    return {o["id"]: o for o in r.json["items"]}


def order_rows(server, case_id):
    return int(harness.query_db(server.db, "SELECT COUNT(*) FROM protection_orders WHERE "
                                           f"case_id = {int(case_id)}")[0][0])


def action_rows(server, case_id):
    return int(harness.query_db(server.db, "SELECT COUNT(*) FROM case_actions WHERE "
                                           f"case_id = {int(case_id)}")[0][0])


def title_text():
    return f"Shoqërimi i gruas te mjeku ligjor {token()}"


def action_body(world, **fields):
    body = {"title": title_text(), "responsible_institution_id": world.social["id"],
            "due_on": day(7)}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not OMIT}


def new_action(world, case_id, who="caseworker", **fields):
    r = world.client(who).post(f"/cases/{case_id}/actions", action_body(world, **fields))
    assert r.status == 201, f"adding an action to case {case_id}: {r}"
    return r.json


def set_status(client, action_id, status):
    return client.patch(f"/actions/{action_id}", {"status": status})


def actions_of(client, case_id):
    r = client.get(f"/cases/{case_id}/actions")
    assert r.status == 200, f"listing the actions of case {case_id}: {r}"
    return {a["id"]: a for a in r.json["items"]}


def client_of(world, actors, who):
    return actors.client(who) if who in ("admin", "national", "auditor") else world.client(who)


@pytest.fixture(scope="module")
def shared(world):
    """A case the shelter reads through an accepted referral (sharing identity and legal)."""
    case, _ = new_case(world, consent_=consent(types=["shelter"],
                                               categories=["identity", "legal"]))
    packet = refer(world.client("caseworker"), case["id"],
                   referral_body(world.shelter, ["identity", "legal"]))
    assert act(world.client("shelter"), packet["id"], "accept").status == 200
    assert world.client("shelter").get(f"/cases/{case['id']}").status == 200
    return case


OUTSIDERS = ["stranger", "other_court", "other_caseworker", "admin", "national", "auditor"]


# --- 1. requesting an order ---------------------------------------------------------------

@pytest.mark.parametrize("kind", ["immediate", "regular"])
def test_an_order_requested_today_is_due_from_now(world, kind):
    case, _ = new_case(world)
    r = request_order(world.client("caseworker"), case["id"], order_body(world, type=kind))
    assert r.status == 201, r
    o = r.json
    assert ORDER <= set(o), f"order lacks {ORDER - set(o)}: {o}"
    assert (o["case_id"], o["type"], o["status"], o["requested_on"],
            o["court_institution_id"], o["breaches"]) == \
        (case["id"], kind, "pending", day(0), world.court["id"], 0), o
    assert (o["decided_on"], o["valid_from"], o["valid_to"]) == (None, None, None), o
    assert moment(o["decision_due_at"]) == T0 + DECISION_WINDOW[kind], \
        f"decision_due_at {o['decision_due_at']}, expected T0 + {DECISION_WINDOW[kind]}"
    assert abs(moment(o["created_at"]) - T0) < dt.timedelta(minutes=1), o
    assert o["id"] in orders_of(world.client("caseworker"), case["id"])


@pytest.mark.parametrize("kind,days_ago", [("immediate", 1), ("immediate", 3),
                                           ("regular", 1), ("regular", 20)])
def test_an_earlier_request_is_due_from_the_start_of_its_day(world, kind, days_ago):
    case, _ = new_case(world)
    o = new_order(world, case["id"], type=kind, requested_on=day(-days_ago))
    expected = midnight(day(-days_ago)) + DECISION_WINDOW[kind]
    assert moment(o["decision_due_at"]) == expected, \
        f"decision_due_at {o['decision_due_at']}, expected {expected.isoformat()}"


def test_an_order_without_a_court(world):
    case, _ = new_case(world)
    o = new_order(world, case["id"], who="manager", court_institution_id=OMIT)
    assert o["court_institution_id"] is None, o


def _bad_orders(world):
    return {
        "requested_on tomorrow": ({"requested_on": day(1)}, 422, "requested_on"),
        "requested_on impossible": ({"requested_on": "2026-02-30"}, 422, "requested_on"),
        "requested_on not a date": ({"requested_on": "dje"}, 422, "requested_on"),
        "requested_on missing": ({"requested_on": OMIT}, 422, "requested_on"),
        "court is the police": ({"court_institution_id": world.police["id"]}, 422,
                                "court_institution_id"),
        "court is a shelter": ({"court_institution_id": world.shelter["id"]}, 422,
                               "court_institution_id"),
        "court unknown": ({"court_institution_id": UNKNOWN_ID}, 422, "court_institution_id"),
        "type unknown": ({"type": "temporary"}, 422, "type"),
        "type missing": ({"type": OMIT}, 422, "type"),
        "unknown field": ({"judge": "x"}, 422, "judge"),
    }


BAD_ORDERS = ["requested_on tomorrow", "requested_on impossible", "requested_on not a date",
              "requested_on missing", "court is the police", "court is a shelter",
              "court unknown", "type unknown", "type missing", "unknown field"]


@pytest.mark.parametrize("label", BAD_ORDERS)
def test_a_bad_order_is_422_naming_the_field_and_nothing_is_stored(server, world, label):
    fields, status, field = _bad_orders(world)[label]
    case, _ = new_case(world)
    r = request_order(world.client("caseworker"), case["id"], order_body(world, **fields))
    assert_problem(r, status, field)
    assert order_rows(server, case["id"]) == 0, f"{label}: an order was stored"


@pytest.mark.parametrize("who", ["coordinator", "shelter"])
def test_who_sees_the_case_but_does_not_own_it_gets_403(server, world, shared, who):
    before = order_rows(server, shared["id"])
    assert_problem(request_order(world.client(who), shared["id"], order_body(world)), 403)
    assert order_rows(server, shared["id"]) == before


@pytest.mark.parametrize("who", OUTSIDERS)
def test_who_does_not_see_the_case_gets_404(server, world, actors, who):
    case, person = new_case(world)
    c = client_of(world, actors, who)
    hidden = request_order(c, case["id"], order_body(world))
    unknown = request_order(c, UNKNOWN_ID, order_body(world))
    _assert_same_as_unknown(hidden, case["id"], unknown, who)
    assert order_rows(server, case["id"]) == 0
    listing = c.get(f"/cases/{case['id']}/protection-orders")
    assert_problem(listing, 404)
    assert_no_leak(person, who, hidden, listing)


# --- 2. deciding --------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["caseworker", "manager", "court", "court_manager"])
def test_a_grant_by_the_owner_or_the_court(world, who):
    case, _ = new_case(world)
    order = new_order(world, case["id"], requested_on=day(-2))
    body = grant_body(decided_on=day(-1), valid_from=day(-1), valid_to=day(90))
    r = decide(world.client(who), order["id"], body)
    assert r.status == 200, f"{who}: {r}"
    o = r.json
    assert ORDER <= set(o), o
    assert (o["id"], o["status"], o["decided_on"], o["valid_from"], o["valid_to"]) == \
        (order["id"], "granted", day(-1), day(-1), day(90)), o
    assert orders_of(world.client("caseworker"), case["id"])[order["id"]]["status"] == "granted"


def test_a_denial(world):
    case, _ = new_case(world)
    order = new_order(world, case["id"], type="regular")
    r = decide(world.client("court"), order["id"], {"decision": "denied", "decided_on": day(0)})
    assert r.status == 200, r
    assert (r.json["status"], r.json["decided_on"], r.json["valid_from"], r.json["valid_to"]) == \
        ("denied", day(0), None, None), r.json


def test_equal_dates_are_allowed(world):
    case, _ = new_case(world)
    order = new_order(world, case["id"], requested_on=day(-4))
    r = decide(world.client("caseworker"), order["id"],
               grant_body(decided_on=day(-4), valid_from=day(-4), valid_to=day(-4)))
    assert r.status == 200, r
    # Valid for one day, four days ago: granted, and shown as expired since.
    assert r.json["status"] == "expired", r.json


def test_an_order_shows_expired_after_its_last_day_to_everyone_who_reads_it(world):
    case, _ = new_case(world)
    last_day_today = new_order(world, case["id"], requested_on=day(-3))
    ended_yesterday = new_order(world, case["id"], requested_on=day(-3))
    for order, last in ((last_day_today, day(0)), (ended_yesterday, day(-1))):
        assert decide(world.client("court"), order["id"],
                      grant_body(decided_on=day(-2), valid_from=day(-2), valid_to=last)
                      ).status == 200
    for who in ("caseworker", "manager"):
        listed = orders_of(world.client(who), case["id"])
        assert listed[last_day_today["id"]]["status"] == "granted", f"{who}: {listed}"
        assert listed[ended_yesterday["id"]]["status"] == "expired", f"{who}: {listed}"
    # Expired is how it reads, not a new decision: it cannot be decided again.
    r = decide(world.client("court"), ended_yesterday["id"],
               {"decision": "denied", "decided_on": day(0)})
    assert r.status == 409, r


def test_emergency_is_the_immediate_order_by_its_kosovo_name(world):
    case, _ = new_case(world)
    r = request_order(world.client("caseworker"), case["id"], order_body(world, type="emergency"))
    assert r.status == 201, r
    assert r.json["type"] == "immediate", r.json
    assert moment(r.json["decision_due_at"]) == T0 + DECISION_WINDOW["immediate"], r.json


def test_an_unknown_order_type_names_the_types(world):
    case, _ = new_case(world)
    r = world.client("caseworker").post(f"/cases/{case['id']}/protection-orders",
                                        order_body(world, type="urgent"), lang="en")
    problem = assert_problem(r, 422, "type")
    error = next(e for e in problem["errors"] if e["field"] == "type")
    assert error["allowed"] == ["immediate", "regular", "emergency"], error


@pytest.mark.parametrize("first", ["granted", "denied"])
@pytest.mark.parametrize("second", ["granted", "denied"])
def test_a_decided_order_is_409(world, first, second):
    case, _ = new_case(world)
    order = new_order(world, case["id"])
    bodies = {"granted": grant_body(), "denied": {"decision": "denied", "decided_on": day(0)}}
    assert decide(world.client("caseworker"), order["id"], bodies[first]).status == 200
    r = decide(world.client("court"), order["id"], bodies[second])
    assert_problem(r, 409)
    assert orders_of(world.client("caseworker"), case["id"])[order["id"]]["status"] == first


# requested_on is always 5 days ago here
WRONG_DATES = {
    "decided before requested": (grant_body(decided_on=day(-6), valid_from=day(-6)),
                                 "decided_on"),
    "decided tomorrow": (grant_body(decided_on=day(1), valid_from=day(1)), "decided_on"),
    "denied before requested": ({"decision": "denied", "decided_on": day(-6)}, "decided_on"),
    "denied tomorrow": ({"decision": "denied", "decided_on": day(1)}, "decided_on"),
    "grant without valid_from": ({"decision": "granted", "decided_on": day(-1),
                                  "valid_to": day(30)}, "valid_from"),
    "grant without valid_to": ({"decision": "granted", "decided_on": day(-1),
                                "valid_from": day(-1)}, "valid_to"),
    "valid_from before decided_on": (grant_body(decided_on=day(-1), valid_from=day(-2)),
                                     "valid_from"),
    "valid_to before valid_from": (grant_body(decided_on=day(-1), valid_from=day(3),
                                              valid_to=day(2)), "valid_to"),
    "decided_on missing": ({"decision": "granted", "valid_from": day(0), "valid_to": day(9)},
                           "decided_on"),
    "decided_on impossible": (grant_body(decided_on="2026-11-31"), "decided_on"),
    "decision unknown": (dict(grant_body(), decision="maybe"), "decision"),
    "decision missing": ({"decided_on": day(0)}, "decision"),
}


@pytest.mark.parametrize("label", list(WRONG_DATES))
def test_wrong_dates_are_422_naming_the_field_and_the_order_stays_pending(world, label):
    body, field = WRONG_DATES[label]
    case, _ = new_case(world)
    order = new_order(world, case["id"], requested_on=day(-5))
    r = decide(world.client("caseworker"), order["id"], body)
    assert_problem(r, 422, field)
    o = orders_of(world.client("caseworker"), case["id"])[order["id"]]
    assert (o["status"], o["decided_on"], o["valid_from"], o["valid_to"]) == \
        ("pending", None, None, None), f"{label} changed the order: {o}"
    ok = decide(world.client("caseworker"), order["id"], grant_body(decided_on=day(-5),
                                                                    valid_from=day(-5)))
    assert ok.status == 200, f"the order could not be decided after {label}: {ok}"


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_decide(world, actors, who):
    case, person = new_case(world)
    order = new_order(world, case["id"])
    c = client_of(world, actors, who)
    r = decide(c, order["id"], grant_body())
    assert_problem(r, 404)
    assert_problem(decide(c, UNKNOWN_ID, grant_body()), 404)
    assert orders_of(world.client("caseworker"), case["id"])[order["id"]]["status"] == "pending"
    assert_no_leak(person, who, r)


@pytest.mark.parametrize("who", ["coordinator", "shelter"])
def test_readers_of_the_case_who_are_no_party_cannot_decide(world, shared, who):
    order = new_order(world, shared["id"])
    r = decide(world.client(who), order["id"], grant_body())
    assert r.status in (403, 404), f"{who}: {r}"
    assert_problem(r, r.status)
    assert orders_of(world.client("caseworker"), shared["id"])[order["id"]]["status"] == \
        "pending"


def test_order_ids(world):
    c = world.client("caseworker")
    assert_problem(decide(c, "abc", grant_body()), 400, "id")
    assert_problem(decide(c, UNKNOWN_ID, grant_body()), 404)
    assert_problem(c.post(f"/protection-orders/{UNKNOWN_ID}/breaches",
                          {"occurred_on": day(0)}), 404)


# --- 3. breaches ----------------------------------------------------------------------------

def test_a_breach_counts_makes_the_review_due_today_and_tells_the_owner_and_coordinator(world):
    case, person = new_case(world)
    owner = world.client("caseworker")
    assess_level(owner, case["id"], "standard")
    assert case_of(owner, case["id"])["next_review_on"] == review_on("standard")
    order = granted(world, case["id"])
    r = owner.post(f"/protection-orders/{order['id']}/breaches", {"occurred_on": day(0)})
    assert r.status == 201, r
    assert ORDER <= set(r.json) and r.json["id"] == order["id"], r.json
    assert (r.json["breaches"], r.json["status"]) == (1, "granted"), r.json
    doc = case_of(owner, case["id"])
    assert doc["next_review_on"] == day(0), f"next_review_on not today after a breach: {doc}"
    for who in ("caseworker", "manager", "coordinator"):
        got = of_kind(world.client(who), "order_breach", case["id"])
        assert len(got) == 1, f"{who} has {len(got)} order_breach notifications: {got}"
        assert_notification(got[0], "order_breach", case, who)
        assert got[0]["link"] == f"/api/v1/protection-orders/{order['id']}", got[0]
    for who in ("stranger", "other_caseworker", "court", "shelter"):
        assert of_kind(world.client(who), "order_breach", case["id"]) == [], f"{who} was told"
    r = world.client("manager").post(f"/protection-orders/{order['id']}/breaches",
                                     {"occurred_on": day(-1)})
    assert r.status == 201 and r.json["breaches"] == 2, r
    assert orders_of(owner, case["id"])[order["id"]]["breaches"] == 2
    for who in ("caseworker", "coordinator"):
        answers = notification_pages(world.client(who))
        assert_no_leak(person, f"{who}'s notifications", *answers)


def test_a_breach_on_a_case_never_assessed_makes_its_review_due_today(world):
    case, _ = new_case(world)
    assert case_of(world.client("caseworker"), case["id"])["next_review_on"] is None
    order = granted(world, case["id"])
    r = world.client("manager").post(f"/protection-orders/{order['id']}/breaches",
                                     {"occurred_on": day(-2)})
    assert r.status == 201 and r.json["breaches"] == 1, r
    assert case_of(world.client("caseworker"), case["id"])["next_review_on"] == day(0)


@pytest.mark.parametrize("body,field", [({}, "occurred_on"),
                                        ({"occurred_on": "2026-13-01"}, "occurred_on")],
                         ids=["missing", "impossible"])
def test_a_bad_breach_is_422(world, body, field):
    case, _ = new_case(world)
    order = granted(world, case["id"])
    r = world.client("caseworker").post(f"/protection-orders/{order['id']}/breaches", body)
    assert_problem(r, 422, field)
    assert orders_of(world.client("caseworker"), case["id"])[order["id"]]["breaches"] == 0


@pytest.mark.parametrize("who", ["stranger", "other_court", "admin"])
def test_outsiders_cannot_record_a_breach(world, actors, who):
    case, _ = new_case(world)
    order = granted(world, case["id"])
    r = client_of(world, actors, who).post(f"/protection-orders/{order['id']}/breaches",
                                           {"occurred_on": day(0)})
    assert_problem(r, 404)
    assert orders_of(world.client("caseworker"), case["id"])[order["id"]]["breaches"] == 0


# --- 4. actions ------------------------------------------------------------------------------

def test_an_action_is_201_with_its_shape(world):
    case, _ = new_case(world)
    body = action_body(world)
    r = world.client("caseworker").post(f"/cases/{case['id']}/actions", body)
    assert r.status == 201, r
    a = r.json
    assert ACTION <= set(a), f"action lacks {ACTION - set(a)}: {a}"
    assert (a["case_id"], a["kind"], a["title"], a["responsible_institution_id"], a["due_on"],
            a["status"]) == (case["id"], "case_plan", body["title"], world.social["id"],
                             body["due_on"], "open"), a
    assert abs(moment(a["created_at"]) - T0) < dt.timedelta(minutes=1), a
    safety = new_action(world, case["id"], who="manager", kind="safety_plan", title="x" * 500,
                        responsible_institution_id=world.police["id"])
    assert (safety["kind"], safety["title"]) == ("safety_plan", "x" * 500), safety
    listed = actions_of(world.client("caseworker"), case["id"])
    assert set(listed) == {a["id"], safety["id"]}, listed
    assert listed[a["id"]]["title"] == body["title"]


BAD_ACTIONS = {
    "title empty": ({"title": ""}, "title"),
    "title 501 characters": ({"title": "t" * 501}, "title"),
    "title missing": ({"title": OMIT}, "title"),
    "responsible unknown": ({"responsible_institution_id": UNKNOWN_ID},
                            "responsible_institution_id"),
    "responsible missing": ({"responsible_institution_id": OMIT}, "responsible_institution_id"),
    "due_on impossible": ({"due_on": "2026-02-29"}, "due_on"),
    "due_on missing": ({"due_on": OMIT}, "due_on"),
    "kind unknown": ({"kind": "plan_b"}, "kind"),
    "unknown field": ({"owner": "x"}, "owner"),
}


@pytest.mark.parametrize("label", list(BAD_ACTIONS))
def test_a_bad_action_is_422_naming_the_field(server, world, label):
    fields, field = BAD_ACTIONS[label]
    case, _ = new_case(world)
    r = world.client("caseworker").post(f"/cases/{case['id']}/actions",
                                        action_body(world, **fields))
    assert_problem(r, 422, field)
    assert action_rows(server, case["id"]) == 0, f"{label}: an action was stored"


@pytest.mark.parametrize("who", ["coordinator", "shelter"])
def test_only_the_owner_adds_actions_403(server, world, shared, who):
    before = action_rows(server, shared["id"])
    r = world.client(who).post(f"/cases/{shared['id']}/actions", action_body(world))
    assert_problem(r, 403)
    assert action_rows(server, shared["id"]) == before


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_owner_adds_actions_404(server, world, actors, who):
    case, person = new_case(world)
    c = client_of(world, actors, who)
    hidden = c.post(f"/cases/{case['id']}/actions", action_body(world))
    unknown = c.post(f"/cases/{UNKNOWN_ID}/actions", action_body(world))
    _assert_same_as_unknown(hidden, case["id"], unknown, who)
    assert action_rows(server, case["id"]) == 0
    assert_no_leak(person, who, hidden)


def reach(world, case_id, state):
    """A new action on the case brought to `state` by the owner."""
    a = new_action(world, case_id)
    if state != "open":
        r = set_status(world.client("caseworker"), a["id"], state)
        assert r.status == 200 and r.json["status"] == state, r
    return a


TRANSITIONS = [(s, t) for s in STATUSES for t in STATUSES]


@pytest.mark.parametrize("start,target", TRANSITIONS, ids=[f"{s}->{t}" for s, t in TRANSITIONS])
def test_the_transition_table(world, start, target):
    case, _ = new_case(world)
    a = reach(world, case["id"], start)
    r = set_status(world.client("manager"), a["id"], target)
    if (start, target) in ALLOWED:
        assert r.status == 200, f"{start} -> {target}: {r}"
        assert ACTION <= set(r.json), r.json
        assert (r.json["id"], r.json["status"]) == (a["id"], target), r.json
    else:
        assert_problem(r, 409)
    now = actions_of(world.client("caseworker"), case["id"])[a["id"]]["status"]
    assert now == (target if (start, target) in ALLOWED else start), \
        f"{start} -> {target}: the action is {now}"


@pytest.mark.parametrize("body", [{"status": "finished"}, {"status": "closed"}, {}],
                         ids=["finished", "closed", "missing"])
def test_an_unknown_status_is_422(world, body):
    case, _ = new_case(world)
    a = new_action(world, case["id"])
    r = world.client("caseworker").patch(f"/actions/{a['id']}", body)
    assert_problem(r, 422, "status")
    assert actions_of(world.client("caseworker"), case["id"])[a["id"]]["status"] == "open"


@pytest.mark.parametrize("who", ["other_caseworker", "other_manager"])
def test_the_responsible_institution_updates_the_action(world, who):
    case, _ = new_case(world)
    a = new_action(world, case["id"], responsible_institution_id=world.social["id"])
    r = set_status(world.client(who), a["id"], "in_progress")
    assert r.status == 200 and r.json["status"] == "in_progress", f"{who}: {r}"
    r = set_status(world.client(who), a["id"], "done")
    assert r.status == 200 and r.json["status"] == "done", f"{who}: {r}"


@pytest.mark.parametrize("who", ["coordinator", "shelter"])
def test_readers_of_the_case_that_are_not_responsible_get_403(world, shared, who):
    a = new_action(world, shared["id"], responsible_institution_id=world.social["id"])
    assert_problem(set_status(world.client(who), a["id"], "done"), 403)
    assert actions_of(world.client("caseworker"), shared["id"])[a["id"]]["status"] == "open"


@pytest.mark.parametrize("who", ["stranger", "other_court", "admin", "national", "auditor"])
def test_others_get_404_on_the_action(world, actors, who):
    case, person = new_case(world)
    a = new_action(world, case["id"], responsible_institution_id=world.social["id"])
    c = client_of(world, actors, who)
    r = set_status(c, a["id"], "done")
    assert_problem(r, 404)
    assert_problem(c.get(f"/cases/{case['id']}/actions"), 404)
    assert actions_of(world.client("caseworker"), case["id"])[a["id"]]["status"] == "open"
    assert_no_leak(person, who, r)


def test_action_ids(world):
    c = world.client("caseworker")
    assert_problem(set_status(c, "abc", "done"), 400, "id")
    assert_problem(set_status(c, UNKNOWN_ID, "done"), 404)


def test_the_coordinator_reads_the_plan(world):
    case, _ = new_case(world)
    a = new_action(world, case["id"])
    r = world.client("coordinator").get(f"/cases/{case['id']}/actions")
    assert r.status == 200, r
    assert a["id"] in [x["id"] for x in r.json["items"]], r


# --- 5. at rest ------------------------------------------------------------------------------

def test_titles_are_not_stored_in_clear(server, world):
    case, _ = new_case(world)
    title = title_text()
    a = new_action(world, case["id"], title=title, due_on=day(11))
    rows = harness.query_db(server.db, f"SELECT due_on, status FROM case_actions "
                                       f"WHERE id = {a['id']}")
    assert [tuple(map(str, r)) for r in rows] == [(day(11), "open")], \
        f"positive control: the stored action row: {rows}"
    found = []
    for table in _tables(server.db):
        blob = _dump(server.db, table)
        for needle in (title, title.split()[-1]):
            if needle.encode() in blob or needle.lower().encode() in blob.lower():
                found.append((table, needle))
    assert not found, f"an action title stored in clear: {found}"


# --- 6. more edges ---------------------------------------------------------------------------

def test_a_closed_case_refuses_orders_and_actions_with_409(server, world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    assert c.post(f"/cases/{case['id']}/close", {"outcome": "goals_met"}).status == 200
    assert_problem(request_order(c, case["id"], order_body(world)), 409)
    assert_problem(c.post(f"/cases/{case['id']}/actions", action_body(world)), 409)
    assert (order_rows(server, case["id"]), action_rows(server, case["id"])) == (0, 0)


def test_under_a_grant_orders_and_actions_are_read_not_written(server, world):
    case, _ = new_case(world)
    order = new_order(world, case["id"])
    a = new_action(world, case["id"])
    grant(world.client("stranger"), case["id"])
    health = world.client("stranger")
    assert order["id"] in orders_of(health, case["id"])
    assert a["id"] in actions_of(health, case["id"])
    assert_problem(request_order(health, case["id"], order_body(world)), 403)
    assert_problem(health.post(f"/cases/{case['id']}/actions", action_body(world)), 403)
    assert (order_rows(server, case["id"]), action_rows(server, case["id"])) == (1, 1)
    r = decide(health, order["id"], grant_body())
    assert r.status in (403, 404), r
    assert_problem(set_status(health, a["id"], "done"), 403)


def test_orders_are_read_by_readers_of_the_legal_category_only(world, shared):
    order = new_order(world, shared["id"])
    assert order["id"] in orders_of(world.client("shelter"), shared["id"]), \
        "the shelter shares `legal` but does not list the order"
    case, _ = new_case(world, consent_=consent(types=["shelter"], categories=["identity"]))
    packet = refer(world.client("caseworker"), case["id"],
                   referral_body(world.shelter, ["identity"]))
    assert act(world.client("shelter"), packet["id"], "accept").status == 200
    new_order(world, case["id"])
    for who in ("shelter", "coordinator"):
        r = world.client(who).get(f"/cases/{case['id']}/protection-orders")
        assert r.status in (403, 404), f"{who} lists orders without the legal category: {r}"
        assert_problem(r, r.status)


@pytest.mark.parametrize("path,body", [
    ("order", {"decision": "denied", "decided_on": "2026-11-23", "judge": "x"}),
    ("action", {"status": "done", "note": "x"})], ids=["order", "action"])
def test_an_unknown_field_in_a_patch_is_422(world, path, body):
    case, _ = new_case(world)
    c = world.client("caseworker")
    if path == "order":
        o = new_order(world, case["id"])
        r = decide(c, o["id"], body)
        assert_problem(r, 422, "judge")
        assert orders_of(c, case["id"])[o["id"]]["status"] == "pending"
    else:
        a = new_action(world, case["id"])
        r = c.patch(f"/actions/{a['id']}", body)
        assert_problem(r, 422, "note")
        assert actions_of(c, case["id"])[a["id"]]["status"] == "open"


def test_the_court_decides_but_records_no_breach(world):
    case, _ = new_case(world)
    order = granted(world, case["id"], who="court")
    r = world.client("court").post(f"/protection-orders/{order['id']}/breaches",
                                   {"occurred_on": day(0)})
    assert r.status in (403, 404), f"the court recorded a breach: {r}"
    assert orders_of(world.client("caseworker"), case["id"])[order["id"]]["breaches"] == 0


def test_cookie_writes_without_csrf_token_are_403(server, world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    order = new_order(world, case["id"])
    a = new_action(world, case["id"])
    answers = [
        c.post(f"/cases/{case['id']}/protection-orders", order_body(world), csrf=False),
        c.patch(f"/protection-orders/{order['id']}", grant_body(), csrf=False),
        c.post(f"/protection-orders/{order['id']}/breaches", {"occurred_on": day(0)},
               csrf=False),
        c.post(f"/cases/{case['id']}/actions", action_body(world), csrf=False),
        c.patch(f"/actions/{a['id']}", {"status": "done"}, csrf=False),
    ]
    for r in answers:
        assert_problem(r, 403)
    assert (order_rows(server, case["id"]), action_rows(server, case["id"])) == (1, 1)
    o = orders_of(c, case["id"])[order["id"]]
    assert (o["status"], o["breaches"]) == ("pending", 0), o
    assert actions_of(c, case["id"])[a["id"]]["status"] == "open"


# --- 7. list parameters (CONTRACT.md "HTTP details": Lists) ----------------------------------

@pytest.mark.parametrize("what", ["protection-orders", "actions"])
@pytest.mark.parametrize("query,field", [("limit=0", "limit"), ("limit=501", "limit"),
                                         ("limit=x", "limit"), ("cursor=zzz", "cursor")])
def test_bad_list_parameters_are_400(world, what, query, field):
    case, _ = new_case(world)
    new_order(world, case["id"])
    new_action(world, case["id"])
    c = world.client("caseworker")
    assert_problem(c.get(f"/cases/{case['id']}/{what}?{query}"), 400, field)


@pytest.mark.parametrize("what", ["protection-orders", "actions"])
def test_orders_and_actions_page_with_limit_and_cursor(world, what):
    case, _ = new_case(world)
    make = new_order if what == "protection-orders" else new_action
    made = [make(world, case["id"])["id"] for _ in range(3)]
    got = paged_ids(world.client("caseworker"), f"/cases/{case['id']}/{what}", 2)
    assert sorted(got) == sorted(made), f"{what} paged by 2: {got}, made {made}"


# --- 8. audit (CONTRACT.md "Audit": every write appends one entry; reads are audited) --------

@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


def test_every_write_and_read_is_audited_once_with_the_case_and_no_value(world, auditor):
    case, _ = new_case(world)
    title = title_text()
    seen = {e["id"] for e in audit(auditor, case_id=case["id"])}

    def new_entries(expect_actor, object_id=None):
        nonlocal seen
        entries = [e for e in audit(auditor, case_id=case["id"]) if e["id"] not in seen]
        seen |= {e["id"] for e in entries}
        assert len(entries) == 1, f"expected one audit entry, got {entries}"
        e = entries[0]
        assert e["actor_user_id"] == world.users[expect_actor].id, e
        if object_id is not None:
            assert e["object_id"] == object_id, e
        assert isinstance(e["fields"], list), e
        return e

    order = new_order(world, case["id"])
    new_entries("caseworker", order["id"])
    assert decide(world.client("court"), order["id"], grant_body()).status == 200
    new_entries("court", order["id"])
    r = world.client("manager").post(f"/protection-orders/{order['id']}/breaches",
                                     {"occurred_on": day(0)})
    assert r.status == 201, r
    new_entries("manager", order["id"])
    a = new_action(world, case["id"], title=title)
    created = new_entries("caseworker", a["id"])
    assert "title" in created["fields"], created
    assert set_status(world.client("other_manager"), a["id"], "in_progress").status == 200
    updated = new_entries("other_manager", a["id"])
    assert updated["fields"] == ["status"], updated
    for what, category in (("protection-orders", "legal"), ("actions", None)):
        assert world.client("caseworker").get(f"/cases/{case['id']}/{what}").status == 200
        e = new_entries("caseworker")
        if category:
            assert category in e["fields"], e
    text = json.dumps(audit(auditor, case_id=case["id"]), ensure_ascii=False)
    assert title not in text and title.split()[-1] not in text, "the title reached the audit"


# --- 9. concurrent writers -----------------------------------------------------------------

def test_concurrent_terminal_statuses_one_wins(server, world):
    case, _ = new_case(world)
    a = new_action(world, case["id"])
    clients = sessions(server, world, 6)
    targets = ["done", "cancelled"] * 3
    answers = at_once([lambda c=c, t=t: set_status(c, a["id"], t)
                       for c, t in zip(clients, targets)])
    won = [r for r in answers if r.status == 200]
    assert len(won) == 1, f"{len(won)} writers won: {answers}"
    assert all(r.status == 409 for r in answers if r.status != 200), answers
    final = actions_of(world.client("caseworker"), case["id"])[a["id"]]["status"]
    assert final == won[0].json["status"], f"stored {final}, the winner set {won[0].json}"


def test_concurrent_decisions_one_wins(server, world):
    case, _ = new_case(world)
    order = new_order(world, case["id"])
    clients = sessions(server, world, 6)
    bodies = [grant_body(), {"decision": "denied", "decided_on": day(0)}] * 3
    answers = at_once([lambda c=c, b=b: decide(c, order["id"], b)
                       for c, b in zip(clients, bodies)])
    won = [r for r in answers if r.status == 200]
    assert len(won) == 1, f"{len(won)} decisions won: {answers}"
    assert all(r.status == 409 for r in answers if r.status != 200), answers
    final = orders_of(world.client("caseworker"), case["id"])[order["id"]]["status"]
    assert final == won[0].json["status"], (final, won[0].json)


def test_concurrent_breaches_are_all_counted(server, world):
    case, _ = new_case(world)
    order = granted(world, case["id"])
    clients = sessions(server, world, 10)
    answers = at_once([lambda c=c: c.post(f"/protection-orders/{order['id']}/breaches",
                                          {"occurred_on": day(0)}) for c in clients])
    assert all(r.status == 201 for r in answers), answers
    o = orders_of(world.client("caseworker"), case["id"])[order["id"]]
    assert o["breaches"] == 10, f"10 breaches at once counted as {o['breaches']}"
