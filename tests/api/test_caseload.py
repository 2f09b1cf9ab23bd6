"""Caseload support for the browser UI (CONTRACT.md "What the browser UI needs").

- Assigned worker: the owner's managers assign any active caseworker or manager of the owner
  (or nobody), its caseworkers themselves only while the case is nobody's (or let go of their
  own); 403 for any other
  assignment by them, 422 on `assigned_user_id` for an assignee who is not active staff of the
  owner; other institutions 403 (reading) or 404; the value in the document and the summaries;
  audited as case.update ["assigned_user_id"]; `case_assigned` to the new assignee (not to
  someone assigning themselves); a transfer leaves the case unassigned.
- `GET /cases?assigned_to=me|none&overdue=true|false`, other values 400 naming the parameter.
- `survivor.personal_number`: upper-cased, in the identity category (withheld with it), not in
  clear in the database, matched for duplicates; bad values 422.
- `POST /cases/search` by names (with or without the birth date) or personal number through
  the blind index: visible cases as summaries, the others as a count within the caller's
  country; roles, bad bodies, and an audit entry naming keys, never values; no personal string
  in any other institution's answer; cases older than the name-only index are indexed when the
  server starts.
- `GET /worklist` counts by the deadline scanner's rules (with the clock moved on by a
  restart), one figure per item; who may ask.
- `GET /institutions/{id}/staff`: the institution's active caseworkers and managers, for its
  own staff and the admin; 404 for everyone else.

Every new answer is validated against its schema in openapi.json.
"""

import datetime as dt
import json

import jsonschema
import pytest

import harness
from harness import T0, assert_problem, list_all, new_institution, new_municipality, new_user
from test_break_glass import of_kind
from test_case_writes import (YESTERDAY, assert_field_named, assert_not_in_clear, entries,
                              patch, patch_ok, referred, version_of)
from test_cases import (Site, assert_no_leak, audit, case_body, create, join, new_person,
                        pages, token)
from test_referrals import World, act, consent, new_case, refer, referral_body
from test_transfers import Move, tact, transfer

DAY = dt.timedelta(days=1)
OPENAPI = json.loads((harness.REPO / "src" / "api" / "openapi.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-caseload"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


# --- helpers (imported by test_case_page and test_labels_demo) ------------------------------

def assert_schema(value, name):
    """`value` validates against components/schemas/`name` of openapi.json."""
    validator = jsonschema.Draft202012Validator(
        {"$ref": f"#/components/schemas/{name}"},
        resolver=jsonschema.RefResolver("", OPENAPI))
    errors = sorted(validator.iter_errors(value), key=lambda e: list(e.path))
    assert not errors, f"not a {name}: {[e.message for e in errors][:5]}: {value}"


def assign(client, case_id, user_id):
    """PATCH assigned_user_id holding the current version; the raw answer."""
    return patch(client, case_id, {"assigned_user_id": user_id}, version_of(client, case_id))


def pages_of(client, path, **params):
    """Every page of a list at `params` (limit included), following `next`."""
    out, cursor = [], None
    for _ in range(100):
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        r = client.get(path + "?" + "&".join(f"{k}={v}" for k, v in query.items()))
        assert r.status == 200, r
        out.append(r)
        cursor = r.json["next"]
        if cursor is None:
            return out
    raise AssertionError(f"{path}: the cursor never ended")


def listed(client, **params):
    return [c["id"] for c in list_all(client, "/cases", **params)]


def search(client, body):
    return client.post("/cases/search", body)


def names(person, **more):
    body = {"given_name": person.given_name, "family_name": person.family_name}
    body.update(more)
    return body


# --- 1. the assigned worker ------------------------------------------------------------------

def test_a_manager_assigns_a_worker_who_is_told(world, auditor):
    case, person = new_case(world)
    worker = world.users["caseworker"]
    before = len(of_kind(world.client("caseworker"), "case_assigned", case["id"]))
    r = assign(world.client("manager"), case["id"], worker.id)
    assert r.status == 200, r
    assert r.json["assigned_user_id"] == worker.id, r
    assert_schema(r.json, "Case")
    assert read_summary(world.client("caseworker"), case["id"])["assigned_user_id"] == worker.id
    told = of_kind(world.client("caseworker"), "case_assigned", case["id"])
    assert len(told) == before + 1, told
    assert case["reference"] in told[-1]["message"] and \
        told[-1]["link"] == f"/api/v1/cases/{case['id']}", told
    assert_no_leak(person, "the assignee's notifications",
                   *pages(world.client("caseworker"), "/notifications"))
    updates = entries(auditor, case["id"], "case.update")
    assert updates and updates[-1]["fields"] == ["assigned_user_id"], updates


def read_summary(client, case_id):
    return next(c for c in list_all(client, "/cases") if c["id"] == case_id)


def test_a_manager_assigns_a_manager_and_nobody(world):
    case, _ = new_case(world)
    manager = world.users["manager"]
    assert assign(world.client("manager"), case["id"], manager.id).json["assigned_user_id"] \
        == manager.id
    r = assign(world.client("manager"), case["id"], None)
    assert r.status == 200 and r.json["assigned_user_id"] is None, r


def test_a_caseworker_takes_a_case_and_is_not_told_of_it(world):
    case, _ = new_case(world)
    me = world.users["caseworker"]
    r = assign(world.client("caseworker"), case["id"], me.id)
    assert r.status == 200 and r.json["assigned_user_id"] == me.id, r
    assert not of_kind(world.client("caseworker"), "case_assigned", case["id"])


def test_a_caseworker_assigns_nobody_else_and_lets_go_only_of_their_own(world):
    case, _ = new_case(world)
    cw, manager = world.users["caseworker"], world.users["manager"]
    v = version_of(world.client("caseworker"), case["id"])
    assert_problem(assign(world.client("caseworker"), case["id"], manager.id), 403)
    assert version_of(world.client("caseworker"), case["id"]) == v, "a refused PATCH changed"
    assert assign(world.client("manager"), case["id"], manager.id).status == 200
    assert_problem(assign(world.client("caseworker"), case["id"], None), 403)
    assert_problem(assign(world.client("caseworker"), case["id"], cw.id), 403)  # a colleague's
    assert assign(world.client("manager"), case["id"], cw.id).status == 200
    r = assign(world.client("caseworker"), case["id"], None)
    assert r.status == 200 and r.json["assigned_user_id"] is None, r


@pytest.mark.parametrize("who", ["other_caseworker", "coordinator", "disabled", "unknown"])
def test_the_assignee_must_be_active_staff_of_the_owner(server, admin, world, who):
    case, _ = new_case(world)
    if who == "disabled":
        u = new_user(admin, "caseworker", world.owner["id"])
        assert admin.patch(f"/users/{u.id}", {"active": False}).status == 200
        target = u.id
    else:
        target = 987654321 if who == "unknown" else world.users[who].id
    v = version_of(world.client("manager"), case["id"])
    assert_field_named(assign(world.client("manager"), case["id"], target), 422,
                       "assigned_user_id")
    assert version_of(world.client("manager"), case["id"]) == v


@pytest.mark.parametrize("value, status", [(0, 422), (-3, 422), ("4", 400), (True, 400)])
def test_an_assignee_that_is_no_id(world, value, status):
    case, _ = new_case(world)
    assert_field_named(assign(world.client("manager"), case["id"], value), status,
                       "assigned_user_id")


def test_other_institutions_may_not_assign(world):
    case, _, _ = referred(world, accepted=("shelter",))
    shelter = world.users["shelter"]
    assert_problem(assign(world.client("shelter_manager"), case["id"], shelter.id), 403)
    r = patch(world.client("stranger_manager"), case["id"], {"assigned_user_id": None}, 1)
    assert_problem(r, 404)


def test_a_transfer_leaves_the_case_unassigned(server, admin):
    move = Move(server, admin)
    case, _ = new_case(move.world)
    assert assign(move.sender("manager"), case["id"], move.world.users["caseworker"].id) \
        .status == 200
    t = transfer(move, case["id"])
    assert tact(move.receiver(), t["id"], "accept").status == 200
    doc = move.receiver().get(f"/cases/{case['id']}").json
    assert doc["assigned_user_id"] is None, doc


# --- 2. list filters ----------------------------------------------------------------------------

def test_the_list_filters_by_assignee_and_by_what_is_late(server, admin):
    w = World(server, admin)
    cw, police = w.users["caseworker"], w.client("caseworker")
    mine, _ = new_case(w)
    nobodys, _ = new_case(w)
    late, _ = new_case(w)
    assert assign(police, mine["id"], cw.id).status == 200
    r = police.post(f"/cases/{late['id']}/actions", {
        "title": "Vizitë në shtëpi", "responsible_institution_id": w.owner["id"],
        "due_on": YESTERDAY})
    assert r.status == 201, r
    assert listed(police, assigned_to="me") == [mine["id"]]
    assert listed(police, assigned_to="none") == [nobodys["id"], late["id"]]
    assert listed(w.client("manager"), assigned_to="me") == []
    assert listed(police, overdue="true") == [late["id"]]
    assert listed(police, overdue="false") == [mine["id"], nobodys["id"]]
    assert listed(police, overdue="true", assigned_to="me") == []
    for item in list_all(police, "/cases"):
        assert_schema(item, "CaseSummary")


@pytest.mark.parametrize("query, field", [("assigned_to=someone", "assigned_to"),
                                          ("assigned_to=", "assigned_to"),
                                          ("overdue=yes", "overdue"), ("overdue=1", "overdue"),
                                          ("assignee=me", "assignee"), ("limits=5", "limits")])
def test_filter_values_and_names_are_checked(world, query, field):
    assert_problem(world.client("caseworker").get(f"/cases?{query}"), 400, field)


# --- 3. the personal number ----------------------------------------------------------------------

def with_number(person, number):
    person.personal_number = number
    return person


def numbered_case(world, number, person=None, consent_=None):
    person = person or new_person()
    body = case_body(world, person, consent=consent_)
    body["survivor"]["personal_number"] = number
    return create(world.client("caseworker"), body), person


def test_the_personal_number_is_identity_kept_upper_case_and_encrypted(server, world):
    number = f"j{token()[1:-1].replace('x', '')}k"[:20]
    case, person = numbered_case(world, number, consent_=consent(types=["shelter"],
                                                                 categories=["contact"]))
    assert case["survivor"]["personal_number"] == number.upper(), case
    assert_not_in_clear(server.db, "cases", [number.upper(), number], case["reference"])
    # The shelter reads contact, not identity: no personal number.
    packet = refer(world.client("caseworker"), case["id"],
                   referral_body(world.shelter, ["contact"]))
    assert act(world.client("shelter"), packet["id"], "accept").status == 200
    r = world.client("shelter").get(f"/cases/{case['id']}")
    assert r.status == 200 and "identity" in r.json["withheld"], r
    assert "personal_number" not in r.json.get("survivor", {}), r
    assert number.upper() not in r.text.upper(), "the number reached a reader without identity"


def test_the_personal_number_is_changed_and_erased_by_patch(world, auditor):
    case, _ = numbered_case(world, "A1234567B")
    doc = patch_ok(world.client("caseworker"), case["id"],
                   {"survivor": {"personal_number": "c7654321d"}})
    assert doc["survivor"]["personal_number"] == "C7654321D", doc
    assert entries(auditor, case["id"], "case.update")[-1]["fields"] == \
        ["survivor.personal_number"]
    doc = patch_ok(world.client("caseworker"), case["id"], {"survivor": {"personal_number": None}})
    assert "personal_number" not in doc["survivor"], doc


@pytest.mark.parametrize("value, status", [("", 422), ("AB-123", 422), ("A" * 21, 422),
                                           ("Ë1234567", 422), (" A1 ", 422), (12345, 400)])
def test_a_bad_personal_number_is_refused(world, value, status):
    body = case_body(world, new_person())
    body["survivor"]["personal_number"] = value
    assert_field_named(world.client("caseworker").post("/cases", body), status,
                       "survivor.personal_number")


def test_the_same_personal_number_under_other_names_is_a_possible_duplicate(world):
    number = f"N{abs(hash(token())) % 10**9}X"
    first, _ = numbered_case(world, number)
    second, _ = numbered_case(world, number.lower())
    assert first["id"] in second["possible_duplicates"]["ids"], second
    assert second["repeat"] is True, second


def test_duplicates_by_names_by_number_or_both_are_each_listed_once(world):
    """The survivor's other cases found by her names and birth date, by her personal number,
    or by both (two look-ups since issue 15's 200,000-case create) come once each, newest
    first; a case without a number matches no other case for the lack of one."""
    number = f"M{abs(hash(token())) % 10**9}Y"
    person = new_person()
    both, _ = numbered_case(world, number, person)
    by_number, _ = numbered_case(world, number)
    create(world.client("caseworker"), case_body(world, new_person()))  # no number either
    by_names = create(world.client("caseworker"), case_body(world, person))
    assert by_names["possible_duplicates"] == {"ids": [both["id"]], "hidden": 0}, by_names
    again, _ = numbered_case(world, number, person)
    assert again["possible_duplicates"] == {
        "ids": [by_names["id"], by_number["id"], both["id"]], "hidden": 0}, again


# --- 4. search ----------------------------------------------------------------------------------

def test_a_search_by_names_finds_what_the_caller_sees(world, auditor):
    case, person = new_case(world)
    for body in (names(person), names(person, date_of_birth=person.date_of_birth),
                 {"given_name": person.given_name.upper(),
                  "family_name": person.family_name.replace("Ç", "C").replace("ç", "c")}):
        r = search(world.client("caseworker"), body)
        assert r.status == 200, r
        assert_schema(r.json, "CaseSearchResult")
        assert [c["id"] for c in r.json["items"]] == [case["id"]], (body, r)
        assert r.json["hidden"] == 0, r
        assert_no_leak(person, "a search answer (summaries only)", r)
    wrong_day = (dt.date.fromisoformat(person.date_of_birth) + DAY).isoformat()
    r = search(world.client("caseworker"), names(person, date_of_birth=wrong_day))
    assert r.json == {"items": [], "hidden": 0}, r
    logged = [e for e in audit(auditor, user_id=world.users["caseworker"].id)
              if e["action"] == "case.search"]
    assert logged and logged[-1]["fields"] == ["given_name", "family_name"], logged
    assert_no_leak(person, "the audit log of searches", *logged)


def test_a_search_by_personal_number(world):
    case, person = numbered_case(world, "Q9988776L")
    r = search(world.client("manager"), {"personal_number": "q9988776l"})
    assert r.status == 200 and [c["id"] for c in r.json["items"]] == [case["id"]], r


def test_other_institutions_learn_only_how_many_match(world):
    case, person, _ = referred(world, accepted=("shelter",), sent=("stranger",))
    for who, items, hidden in (("shelter", [case["id"]], 0), ("stranger", [], 1),
                               ("other_caseworker", [], 1), ("coordinator", [case["id"]], 0)):
        r = search(world.client(who), names(person))
        assert r.status == 200, (who, r)
        assert ([c["id"] for c in r.json["items"]], r.json["hidden"]) == (items, hidden), \
            (who, r)
        if not items:
            assert_no_leak(person, f"{who}'s search answer", r)


def test_hidden_counts_stay_within_the_country(server, admin, world):
    kosovo = Site(server, admin, municipality=new_municipality(admin, country="XK"))
    person = new_person()
    create(kosovo.client("caseworker"), case_body(kosovo, person, consent=None))
    r = search(world.client("caseworker"), names(person))
    assert r.json == {"items": [], "hidden": 0}, "a case in Kosovo was counted in Albania"
    neighbour = new_institution(admin, kosovo.municipality["id"], type="health")
    join(admin, kosovo.mechanism["id"], neighbour["id"])
    u = new_user(admin, "caseworker", neighbour["id"])
    r = search(server.sign_in(u.username, u.password), names(person))
    assert r.json == {"items": [], "hidden": 1}, r


def erase_name_indexes(db):
    """Behind the server's back: the cases as they were before the name-only index."""
    harness.write_db(db, "UPDATE cases SET survivor_name_index = NULL")


def test_cases_older_than_the_name_index_are_indexed_at_start(new_server):
    s = new_server(now=T0)
    w = Site(s, s.sign_in_admin())
    person = new_person()
    case = create(w.client("caseworker"), case_body(w, person))
    assert [c["id"] for c in search(w.client("caseworker"), names(person)).json["items"]] \
        == [case["id"]]
    erase_name_indexes(s.db)
    r = search(w.client("caseworker"), names(person))
    assert r.json["items"] == [], "positive control: the names alone should find nothing now"
    s.restart(now=T0)
    w.forget_sessions()
    r = search(w.client("caseworker"), names(person))
    assert [c["id"] for c in r.json["items"]] == [case["id"]], r


@pytest.mark.parametrize("body, status, field", [
    ({}, 422, "given_name"),
    ({"given_name": "Ana"}, 422, "family_name"),
    ({"family_name": "Hoxha"}, 422, "given_name"),
    ({"given_name": "Ana", "family_name": "Hoxha", "date_of_birth": "1990-02-30"}, 422,
     "date_of_birth"),
    ({"given_name": "Ana", "family_name": "Hoxha", "personal_number": "A1"}, 422,
     "personal_number"),
    ({"personal_number": "A-1"}, 422, "personal_number"),
    ({"given_name": "Ana", "family_name": "Hoxha", "nickname": "A"}, 422, "nickname"),
    ({"given_name": 7, "family_name": "Hoxha"}, 400, "given_name"),
    # found merging the contract suite: a null personal number was taken for none, and the
    # names searched; null is no personal number (400), as on every field not nullable
    ({"given_name": "Ana", "family_name": "Hoxha", "personal_number": None}, 400,
     "personal_number"),
    ({"personal_number": None}, 400, "personal_number"),
])
def test_a_bad_search_is_refused_naming_the_field(world, body, status, field):
    assert_problem(search(world.client("caseworker"), body), status, field)


@pytest.mark.parametrize("role", ["admin", "national", "auditor"])
def test_only_casework_roles_search(actors, role):
    assert_problem(search(actors.client(role), {"personal_number": "A1"}), 403)


def test_search_needs_a_session(anon):
    assert_problem(anon.post("/cases/search", {"personal_number": "A1"}, csrf=False), 401)


# --- 5. the worklist -----------------------------------------------------------------------------

ZERO = {"referrals_new": 0, "referrals_overdue": 0, "reviews_due": 0, "actions_overdue": 0,
        "orders_decision_overdue": 0, "orders_expiring": 0, "transfers_pending": 0,
        "assigned_to_me": 0}


def worklist(client):
    r = client.get("/worklist")
    assert r.status == 200, r
    assert_schema(r.json, "Worklist")
    unread = len(list_all(client, "/notifications", unread="true"))
    assert r.json["notifications_unread"] == unread, r
    return {k: v for k, v in r.json.items() if k != "notifications_unread"}


def test_the_worklist_counts_what_needs_action_by_the_scanners_rules(new_server):
    s = new_server(now=T0)
    w = World(s, s.sign_in_admin())
    police, shelter = w.client("caseworker"), w.client("shelter")
    assert worklist(police) == ZERO
    # An incoming referral (to the police, from a shelter case), answered never.
    body = case_body(w, new_person(), consent=consent(types=["police"]))
    theirs = create(shelter, body)
    refer(shelter, theirs["id"], referral_body(w.police, ["identity"], urgency="urgent",
                                               service="police_protection"))
    # A police case: high risk reviewed in 7 days, an order awaiting its decision, another
    # granted and ending in 9 days, an action due tomorrow, assigned to the caseworker.
    case, _ = new_case(w, imminent_danger=True)
    assert assign(police, case["id"], w.users["caseworker"].id).status == 200
    pending = police.post(f"/cases/{case['id']}/protection-orders",
                          {"type": "immediate", "requested_on": T0.date().isoformat()})
    granted = police.post(f"/cases/{case['id']}/protection-orders",
                          {"type": "regular", "requested_on": T0.date().isoformat()})
    assert (pending.status, granted.status) == (201, 201), (pending, granted)
    r = police.patch(f"/protection-orders/{granted.json['id']}", {
        "decision": "granted", "decided_on": T0.date().isoformat(),
        "valid_from": T0.date().isoformat(), "valid_to": (T0.date() + 9 * DAY).isoformat()})
    assert r.status == 200, r
    assert police.post(f"/cases/{case['id']}/actions", {
        "title": "Plan sigurie", "responsible_institution_id": w.social["id"],
        "due_on": (T0.date() + DAY).isoformat()}).status == 201
    assert police.post(f"/cases/{case['id']}/assessments", {
        "instrument": instrument_id(police), "answers": {"threat_to_kill": True}}).status == 201
    assert worklist(police) == dict(ZERO, referrals_new=1, assigned_to_me=1)
    assert worklist(w.client("other_caseworker")) == ZERO
    # Four days on: the referral is late, the order undecided, the action overdue (for the
    # owner and the responsible institution), the order ending within 7 days.
    s.restart(now=T0 + 4 * DAY)
    w.forget_sessions()
    police = w.client("caseworker")
    assert worklist(police) == dict(ZERO, referrals_new=1, referrals_overdue=1,
                                    orders_decision_overdue=1, orders_expiring=1,
                                    actions_overdue=1, assigned_to_me=1)
    assert worklist(w.client("other_caseworker")) == dict(ZERO, actions_overdue=1)
    # Eight days on: the review (7 days after a high assessment) is due.
    s.restart(now=T0 + 8 * DAY)
    w.forget_sessions()
    assert worklist(w.client("manager"))["reviews_due"] == 1


def instrument_id(client):
    r = client.get("/instruments?kind=domestic_violence")
    assert r.status == 200 and r.json["items"], r
    return r.json["items"][0]["id"]


def test_pending_transfers_are_on_the_receivers_worklist(server, admin):
    move = Move(server, admin)
    case, _ = new_case(move.world)
    transfer(move, case["id"])
    assert worklist(move.receiver())["transfers_pending"] == 1
    assert worklist(move.sender())["transfers_pending"] == 0


@pytest.mark.parametrize("role", ["coordinator", "admin", "national", "auditor"])
def test_only_caseworkers_and_managers_have_a_worklist(actors, role):
    assert_problem(actors.client(role).get("/worklist"), 403)


# --- 6. an institution's staff -------------------------------------------------------------------

def test_the_staff_list_names_the_active_caseworkers_and_managers(server, admin, world):
    inst = new_institution(admin, world.municipality["id"], type="police")
    cw, mg = new_user(admin, "caseworker", inst["id"]), new_user(admin, "manager", inst["id"])
    gone = new_user(admin, "caseworker", inst["id"])
    assert admin.patch(f"/users/{gone.id}", {"active": False}).status == 200
    new_user(admin, "coordinator", inst["id"])
    for client in (server.sign_in(cw.username, cw.password), admin):
        r = client.get(f"/institutions/{inst['id']}/staff")
        assert r.status == 200, r
        assert_schema(r.json, "StaffList")
        assert r.json["items"] == [
            {"id": cw.id, "display_name": cw.json["display_name"], "role": "caseworker"},
            {"id": mg.id, "display_name": mg.json["display_name"], "role": "manager"}], r
        paged = pages_of(client, f"/institutions/{inst['id']}/staff", limit=1)
        assert [p.json["items"][0]["id"] for p in paged] == [cw.id, mg.id], paged


@pytest.mark.parametrize("who", ["other_caseworker", "coordinator", "shelter_manager"])
def test_other_institutions_do_not_see_its_staff(world, who):
    assert_problem(world.client(who).get(f"/institutions/{world.owner['id']}/staff"), 404)


def test_staff_of_an_unknown_institution(admin):
    assert_problem(admin.get("/institutions/987654321/staff"), 404)
    assert_problem(admin.get("/institutions/x/staff"), 400, "id")
