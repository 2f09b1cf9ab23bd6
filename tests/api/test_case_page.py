"""What the case page needs (CONTRACT.md "What the browser UI needs").

- The case document says on what basis the caller reads it (`access`), until when its
  break-glass grant lasts (`emergency_expires_at`), and which writes it may make now
  (`permissions`) — and each write the list leaves out is refused by the server, each it
  names is accepted (the list is the server's own decision, not a guess).
- `GET /cases/{id}/referrals`: the case's packets the caller's institution is a party to, for
  anyone who sees the case; 404 (as for the case) otherwise; audited as referral.list; no
  personal data for a reader of no category.
- A referral asks only for a service the recipient offers (422 on `service`, nothing stored);
  a closed case is referred no more (409).
- Break glass by reference (`POST /emergency-access`): the same grant, notification and audit
  as by id; a lower-case reference is found; 404 outside the caller's mechanisms (a coordinator
  of no member institution included) or for an unknown reference; 403 for the owner; 422 for a
  short justification.
- Mechanisms carry `time_zone`, Europe/Belgrade by default in Kosovo, Europe/Tirane in
  Albania; the admin changes it; other values 422.
"""

import datetime as dt

import pytest

import harness
from harness import T0, assert_problem, new_mechanism, new_municipality
from test_break_glass import break_glass, justification, of_kind
from test_case_writes import assert_field_named, count_rows, entries, patch, referred, version_of
from test_cases import Site, assert_no_leak
from test_caseload import assert_schema, pages_of
from test_referrals import World, consent, new_case, refer, referral_body

HOUR = dt.timedelta(hours=1)
EVERYTHING = ["update", "assign", "close", "incident", "note", "consent", "assess", "order",
              "action", "refer", "transfer"]


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-case-page"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


def doc(client, case_id):
    r = client.get(f"/cases/{case_id}")
    assert r.status == 200, r
    assert_schema(r.json, "Case")
    return r.json


# --- 1. access and permissions -------------------------------------------------------------------

def test_each_reader_is_told_its_basis_and_its_writes(world):
    case, person, packets = referred(world, accepted=("shelter",), sent=("stranger",))
    assert (case["access"], case["permissions"], case["emergency_expires_at"]) == \
        ("owner", EVERYTHING, None), "the creation answer"
    got = {who: doc(world.client(who), case["id"]) for who in
           ("caseworker", "manager", "shelter", "coordinator")}
    assert (got["caseworker"]["access"], got["caseworker"]["permissions"]) == \
        ("owner", EVERYTHING)
    assert got["manager"]["permissions"] == EVERYTHING
    assert (got["shelter"]["access"], got["shelter"]["permissions"]) == \
        ("referral", ["note", "emergency_access"])
    assert (got["coordinator"]["access"], got["coordinator"]["permissions"]) == \
        ("summary", ["assess"])
    for who in ("shelter", "coordinator"):
        assert got[who]["emergency_expires_at"] is None, got[who]
    # The stranger (a sent referral) does not see the case, hence no permissions at all.
    assert_problem(world.client("stranger").get(f"/cases/{case['id']}"), 404)


def test_permissions_are_what_the_server_allows(world):
    """For the shelter (a reader): each write its list names is accepted, each it leaves out
    refused with 403."""
    case, _, _ = referred(world, accepted=("shelter",))
    shelter = world.client("shelter")
    granted = doc(shelter, case["id"])["permissions"]
    attempts = {
        "update": lambda: patch(shelter, case["id"], {"imminent_danger": True},
                                version_of(shelter, case["id"])),
        "close": lambda: shelter.post(f"/cases/{case['id']}/close", {"outcome": "other"}),
        "note": lambda: shelter.post(f"/cases/{case['id']}/notes", {"body": "U takuam."}),
        "refer": lambda: shelter.post(f"/cases/{case['id']}/referrals",
                                      referral_body(world.stranger, [])),
        "order": lambda: shelter.post(f"/cases/{case['id']}/protection-orders",
                                      {"type": "immediate",
                                       "requested_on": T0.date().isoformat()}),
    }
    for name, attempt in attempts.items():
        r = attempt()
        if name in granted:
            assert r.status in (200, 201), (name, r)
        else:
            assert_problem(r, 403)


def test_a_closed_case_leaves_consent_only(world):
    case, _ = new_case(world)
    r = world.client("caseworker").post(f"/cases/{case['id']}/close", {"outcome": "goals_met"})
    assert r.status == 200 and r.json["permissions"] == ["consent"], r
    assert doc(world.client("manager"), case["id"])["permissions"] == ["consent"]
    assert_problem(world.client("caseworker").post(f"/cases/{case['id']}/referrals",
                                                   referral_body(world.shelter, [])), 409)


def test_break_glass_shows_its_basis_and_when_it_ends(world):
    case, person = new_case(world)
    health = world.client("stranger")
    grant = break_glass(health, case["id"]).json
    got = doc(health, case["id"])
    assert (got["access"], got["emergency_expires_at"], got["permissions"]) == \
        ("emergency", grant["expires_at"], ["emergency_access"]), got


# --- 2. a case's referrals -----------------------------------------------------------------------

def test_a_case_lists_the_referrals_of_the_callers_institution(world, auditor):
    case, person, packets = referred(world, accepted=("shelter",), sent=("stranger", "social"))
    police = world.client("caseworker")
    r = police.get(f"/cases/{case['id']}/referrals")
    assert r.status == 200, r
    assert_schema(r.json, "CaseReferralList")
    assert [p["id"] for p in r.json["items"]] == \
        [packets[n]["id"] for n in ("shelter", "stranger", "social")], r
    assert r.json["next"] is None, r
    paged = [p["id"] for page in pages_of(police, f"/cases/{case['id']}/referrals", limit=1)
             for p in page.json["items"]]
    assert paged == [p["id"] for p in r.json["items"]], paged
    r = world.client("shelter").get(f"/cases/{case['id']}/referrals")
    assert [p["id"] for p in r.json["items"]] == [packets["shelter"]["id"]], r
    assert_no_leak(person, "the shelter's list of the case's referrals (packets only)", r)
    listed = [e for e in entries(auditor, case["id"], "referral.list")]
    assert listed, "the list is not audited"
    coordinator = world.client("coordinator").get(f"/cases/{case['id']}/referrals")
    assert coordinator.status == 200 and coordinator.json["items"] == [], coordinator
    for who in ("stranger", "other_caseworker"):   # recipients of referrals still sent
        assert_problem(world.client(who).get(f"/cases/{case['id']}/referrals"), 404)


def test_the_referral_list_of_an_unknown_case(world):
    assert_problem(world.client("caseworker").get("/cases/987654321/referrals"), 404)
    assert_problem(world.client("caseworker").get("/cases/0/referrals"), 400, "id")


# --- 3. services ---------------------------------------------------------------------------------

@pytest.mark.parametrize("service", ["medical", "economic_aid", "police_protection"])
def test_a_referral_asks_only_for_a_service_the_recipient_offers(server, world, service):
    case, _ = new_case(world, consent_=consent(types=["shelter"]))
    before = count_rows(server, "referrals", f"case_id = {case['id']}")
    r = world.client("caseworker").post(f"/cases/{case['id']}/referrals",
                                        referral_body(world.shelter, [], service=service))
    assert_field_named(r, 422, "service")
    assert count_rows(server, "referrals", f"case_id = {case['id']}") == before
    for offered in world.shelter["services"]:
        refer(world.client("caseworker"), case["id"],
              referral_body(world.shelter, [], service=offered))


# --- 4. break glass by reference ---------------------------------------------------------------

def by_reference(client, reference, text=None):
    return client.post("/emergency-access", {"reference": reference,
                                             "justification": text or justification()})


def test_break_glass_by_reference_is_break_glass(world, auditor):
    case, person = new_case(world)
    health = world.client("stranger")
    r = by_reference(health, case["reference"].lower())
    assert r.status == 201, r
    assert_schema(r.json, "Grant")
    assert (r.json["case_id"], r.json["institution_id"]) == (case["id"], world.stranger["id"])
    assert doc(health, case["id"])["access"] == "emergency"
    grants = entries(auditor, case["id"], "case.emergency_access")
    assert grants and grants[-1]["fields"] == ["justification"], grants
    told = of_kind(world.client("caseworker"), "emergency_access", case["id"])
    assert told, "the owner was not told"
    assert_no_leak(person, "the grant", r)


def test_break_glass_by_reference_outside_the_callers_mechanisms(server, admin, world):
    case, _ = new_case(world)
    foreign = Site(server, admin)
    for client, reference in ((foreign.client("caseworker"), case["reference"]),
                              (world.client("stranger"), "ZZZ-2026-9999"),
                              (world.client("stranger"), case["reference"] + "0")):
        assert_problem(by_reference(client, reference), 404)
    assert_problem(by_reference(world.client("caseworker"), case["reference"]), 403)
    # The coordinator belongs to no member institution: no case of theirs to open this way.
    assert_problem(by_reference(world.client("coordinator"), case["reference"]), 404)


@pytest.mark.parametrize("body, status, field", [
    ({"reference": "KOR-2026-0001", "justification": "shkurt"}, 422, "justification"),
    ({"justification": "Urgjencë në stacionin e policisë"}, 422, "reference"),
    ({"reference": "", "justification": "Urgjencë në stacionin e policisë"}, 422, "reference"),
    ({"reference": 42, "justification": "Urgjencë në stacionin e policisë"}, 400, "reference"),
    ({"reference": "KOR-2026-0001", "justification": "Urgjencë në stacion", "id": 1}, 422,
     "id"),
])
def test_a_bad_break_glass_body(world, body, status, field):
    assert_problem(world.client("stranger").post("/emergency-access", body), status, field)


# --- 5. time zones -----------------------------------------------------------------------------

def test_a_mechanism_keeps_its_countrys_time_zone_unless_set(admin):
    albania = new_mechanism(admin, new_municipality(admin, country="AL")["id"])
    kosovo = new_mechanism(admin, new_municipality(admin, country="XK")["id"])
    assert (albania["time_zone"], kosovo["time_zone"]) == ("Europe/Tirane", "Europe/Belgrade")
    for m in (albania, kosovo):
        assert_schema(admin.get(f"/mechanisms/{m['id']}").json, "Mechanism")
    chosen = new_mechanism(admin, new_municipality(admin, country="XK")["id"],
                           time_zone="Europe/Tirane")
    assert chosen["time_zone"] == "Europe/Tirane"
    r = admin.patch(f"/mechanisms/{kosovo['id']}", {"time_zone": "Europe/Tirane"})
    assert r.status == 200 and r.json["time_zone"] == "Europe/Tirane", r
    assert_problem(admin.patch(f"/mechanisms/{kosovo['id']}", {"time_zone": "Europe/Rome"}),
                   422, "time_zone")
    assert_problem(admin.patch(f"/mechanisms/{kosovo['id']}", {"time_zone": None}), 400,
                   "time_zone")


def test_only_the_admin_sets_a_time_zone(world):
    assert_problem(world.client("coordinator").patch(
        f"/mechanisms/{world.mechanism['id']}", {"time_zone": "Europe/Belgrade"}), 403)
