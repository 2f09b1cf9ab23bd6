"""Break glass (CONTRACT.md "Break glass (emergency access)").

- A caseworker or manager of a member institution of the case's mechanism that does not own
  the case gets 201 `{id case_id institution_id user_id created_at expires_at}` with
  expires_at = now + 24 h (the server's fixed clock); from then on every caseworker and
  manager of that institution reads every category of the case, except a confidential
  address (withheld as `survivor.address`); writes stay 403 (PATCH, close, incidents, notes,
  referrals, consents, transfers). After 24 h (the server restarted later in time) the case is
  404 again.
- Who may not: the owner and the coordinator (403: they see the case already), a non-member
  institution (another municipality's, or a member of only the municipality's gbv
  mechanism), an unrelated one, admin, national and auditor (404); nothing is stored.
- Under a grant the notes list shows the owner's `involved` notes, not its `institution` ones.
- The justification: 10..2000 characters (422 otherwise, 400 for a wrong type), stored
  encrypted, shown to the owner in the case document's `emergency_access`, never in the audit
  log nor in a notification.
- Audit: `case.emergency_access` (fields ["justification"]) and `case.read_emergency` for
  every read under the grant, with the categories returned.
- Notifications `emergency_access` to the owner institution's caseworkers and managers and to
  the mechanism's coordinator, to nobody else, naming the case reference, holding no personal
  data (the whole raw list answers are searched).

The module's server runs with its clock fixed at T0; the expiry test gets its own server.
"""

import datetime as dt

import pytest

import harness
from harness import T0, assert_problem, list_all, new_institution, new_mechanism, new_user
from test_case_writes import (add_incident, assert_field_named, assert_not_in_clear, patch,
                              read, version_of, write_note)
from test_cases import (CATEGORIES, UNKNOWN_ID, Site, _assert_same_as_unknown, assert_no_leak,
                        audit, join, pages, token)
from test_referrals import (Only, World, assert_reads_exactly, consent, new_case,
                            referral_body)

HOUR = dt.timedelta(hours=1)
GRANT = {"id", "case_id", "institution_id", "user_id", "created_at", "expires_at"}
NOTIFICATION = {"id", "kind", "case_id", "case_reference", "object_type", "object_id", "link",
                "message", "created_at", "read_at"}


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-break-glass"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


@pytest.fixture(scope="module")
def world(server, admin):
    """test_referrals.World: police owns the cases; social services, the shelter and the
    health centre (`stranger`) are the other member institutions."""
    return World(server, admin)


@pytest.fixture(scope="module")
def foreign(server, admin):
    """Another municipality's mechanism: its caseworker is no member of the world's."""
    return Site(server, admin)


# --- helpers (imported by test_transfers and test_notifications) ---------------------------

def moment(text):
    assert isinstance(text, str), text
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def justification():
    return f"Gruaja erdhi natën në urgjencë pa dokumente, rrezik jete {token()}"


def break_glass(client, case_id, text=None):
    return client.post(f"/cases/{case_id}/emergency-access",
                       {"justification": text if text is not None else justification()})


def grant(client, case_id, text=None):
    r = break_glass(client, case_id, text)
    assert r.status == 201, f"breaking the glass on case {case_id}: {r}"
    return r.json


def notifications(client, **params):
    return list_all(client, "/notifications", **params)


def of_kind(client, kind, case_id=None):
    return [n for n in notifications(client)
            if n["kind"] == kind and (case_id is None or n["case_id"] == case_id)]


def notification_pages(client, **params):
    return pages(client, "/notifications", **params)


def assert_notification(n, kind, case, who):
    assert isinstance(n, dict) and NOTIFICATION <= set(n), \
        f"{who}: notification lacks {NOTIFICATION - set(n or {})}: {n}"
    assert n["kind"] == kind, (who, n)
    assert (n["case_id"], n["case_reference"]) == (case["id"], case["reference"]), (who, n)
    assert isinstance(n["message"], str) and case["reference"] in n["message"], \
        f"{who}: the message does not name the case reference: {n}"


# --- 1. the grant ----------------------------------------------------------------------------

def test_a_member_institution_breaks_the_glass_for_24_hours(world):
    case, person = new_case(world)
    health = world.client("stranger")
    unknown = health.get(f"/cases/{UNKNOWN_ID}")
    _assert_same_as_unknown(health.get(f"/cases/{case['id']}"), case["id"], unknown,
                            "the health centre before breaking the glass")
    r = break_glass(health, case["id"])
    assert r.status == 201, r
    g = r.json
    assert GRANT <= set(g), f"grant lacks {GRANT - set(g)}: {g}"
    assert (g["case_id"], g["institution_id"], g["user_id"]) == \
        (case["id"], world.stranger["id"], world.users["stranger"].id), g
    created, expires = moment(g["created_at"]), moment(g["expires_at"])
    assert abs(created - T0) < dt.timedelta(minutes=1), f"created_at not the server clock: {g}"
    assert expires - created == 24 * HOUR, f"expires_at is not created_at + 24 h: {g}"
    assert "justification" not in g or isinstance(g["justification"], str), g
    assert read(health, case["id"]).json["withheld"] == [], "the grant opened nothing"


@pytest.mark.parametrize("reader", ["stranger", "stranger_manager"])
def test_under_a_grant_every_category_is_read(world, reader):
    case, person = new_case(world, confidential=False)
    grant(world.client("stranger_manager" if reader == "stranger" else "stranger"), case["id"])
    r = world.client(reader).get(f"/cases/{case['id']}")
    assert_reads_exactly(r, person, CATEGORIES, f"{reader} under a grant")


def test_a_confidential_address_stays_withheld_under_a_grant(world):
    case, person = new_case(world, confidential=True)
    grant(world.client("stranger"), case["id"])
    for who in ("stranger", "stranger_manager"):
        r = world.client(who).get(f"/cases/{case['id']}")
        assert r.status == 200, r
        doc = r.json
        assert doc["withheld"] == [], f"{who}: {doc['withheld']}"
        s = doc["survivor"]
        assert (s["given_name"], s["phone"]) == (person.given_name, person.phone), s
        assert "address" not in s, f"{who} reads a confidential address under a grant: {s}"
        assert doc.get("withheld_fields") == ["survivor.address"], doc
        assert doc["children"] and doc["perpetrator"] and doc["incidents"], doc
        assert_no_leak(Only([person.address]), f"{who} under a grant", r)
    owner = read(world.client("caseworker"), case["id"]).json
    assert owner["survivor"]["address"] == person.address


def test_writes_stay_403_under_a_grant(server, world):
    case, person = new_case(world, consent_=consent(types=["health"], categories=CATEGORIES),
                            imminent_danger=True)
    health = world.client("stranger")
    grant(health, case["id"])
    v = version_of(world.client("caseworker"), case["id"])
    answers = {
        "PATCH": patch(health, case["id"], {"imminent_danger": False}, v),
        "close": health.post(f"/cases/{case['id']}/close", {"outcome": "other"}),
        "incident": add_incident(health, case["id"]),
        "note": write_note(health, case["id"]),
        "referral": health.post(f"/cases/{case['id']}/referrals",
                                referral_body(world.shelter, [])),
        "consent": health.post(f"/cases/{case['id']}/consents", consent(types=["cso"])),
        "transfer": health.post(f"/cases/{case['id']}/transfers",
                                {"to_institution_id": world.stranger["id"],
                                 "to_mechanism_id": world.mechanism["id"],
                                 "reason": "Lëvizi në qytet tjetër."}),
    }
    for what, r in answers.items():
        assert r.status == 403, f"{what} under a grant: {r}"
        assert_problem(r, 403)
    doc = read(world.client("caseworker"), case["id"]).json
    assert doc["version"] == v and doc["status"] == "open" and len(doc["incidents"]) == 1, doc
    assert len(doc["consents"]) == 1, doc
    assert read(health, case["id"]).json["withheld"] == [], "the grant ended by a refused write"


def test_under_a_grant_involved_notes_are_read_and_institution_notes_are_not(world):
    """A grant reads every category, `notes` included: the owner's `involved` notes, never
    its `institution` ones."""
    case, _ = new_case(world)
    police, health = world.client("caseworker"), world.client("stranger")
    involved = write_note(police, case["id"], "involved").json
    internal = write_note(police, case["id"], "institution").json
    assert_problem(health.get(f"/cases/{case['id']}/notes"), 404)
    grant(health, case["id"])
    r = health.get(f"/cases/{case['id']}/notes")
    assert r.status == 200, r
    assert [n["id"] for n in r.json["items"]] == [involved["id"]], r
    assert_no_leak(Only([internal["body"]]), "the health centre under a grant", r)


def _grants(server, case_id):
    return int(harness.query_db(server.db, "SELECT COUNT(*) FROM emergency_grants WHERE "
                                           f"case_id = {int(case_id)}")[0][0])


REFUSED = {  # who: status
    "caseworker": 403, "manager": 403, "coordinator": 403,
    "foreign caseworker (other mechanism)": 404, "foreign coordinator": 404,
    "an unrelated caseworker": 404, "admin": 404, "national": 404, "auditor": 404,
}


@pytest.mark.parametrize("who", list(REFUSED))
def test_who_may_not_break_the_glass(server, world, foreign, actors, who):
    case, person = new_case(world)
    if who in world.users:
        c = world.client(who)
    elif who.startswith("foreign"):
        c = foreign.client(who.split()[1])
    elif who == "an unrelated caseworker":
        c = actors.client("caseworker")
    else:
        c = actors.client(who)
    r = break_glass(c, case["id"])
    assert_problem(r, REFUSED[who])
    assert _grants(server, case["id"]) == 0, f"{who}'s refused grant was stored"
    if REFUSED[who] == 404:
        _assert_same_as_unknown(c.get(f"/cases/{case['id']}"), case["id"],
                                c.get(f"/cases/{UNKNOWN_ID}"), f"{who} after trying")
    assert_no_leak(person, who, r)


def test_break_glass_on_an_unknown_or_invalid_id(world):
    assert_problem(break_glass(world.client("stranger"), UNKNOWN_ID), 404)
    assert_problem(break_glass(world.client("stranger"), "abc"), 400, "id")


BAD_JUSTIFICATION = [  # (body, status)
    ({}, 422), ({"justification": ""}, 422), ({"justification": "123456789"}, 422),
    ({"justification": "j" * 2001}, 422), ({"justification": 1234567890}, 400),
    ({"justification": "Arsye e mjaftueshme.", "hours": 48}, 422),
]


@pytest.mark.parametrize("body, status", BAD_JUSTIFICATION,
                         ids=["missing", "empty", "nine", "2001", "number", "unknown-field"])
def test_a_bad_justification_is_refused(server, world, body, status):
    case, _ = new_case(world)
    r = world.client("stranger").post(f"/cases/{case['id']}/emergency-access", body)
    assert_field_named(r, status, "hours" if "hours" in body else "justification")
    assert _grants(server, case["id"]) == 0
    assert_problem(world.client("stranger").get(f"/cases/{case['id']}"), 404)


@pytest.mark.parametrize("text", ["ë" * 10, "j" * 2000], ids=["10", "2000"])
def test_justification_limits_are_accepted(world, text):
    case, _ = new_case(world)
    assert break_glass(world.client("stranger"), case["id"], text).status == 201


def test_a_member_of_another_mechanism_of_the_same_municipality_gets_404(server, admin,
                                                                          world):
    """Membership of the case's mechanism counts, not the municipality: an institution that
    only belongs to the municipality's gbv mechanism may not break the glass."""
    gbv = new_mechanism(admin, world.municipality["id"], kind="gbv")
    clinic = new_institution(admin, world.municipality["id"], type="health")
    join(admin, gbv["id"], clinic["id"])
    u = new_user(admin, "caseworker", clinic["id"])
    c = server.sign_in(u.username, u.password)
    case, person = new_case(world)
    r = break_glass(c, case["id"])
    assert_problem(r, 404)
    assert _grants(server, case["id"]) == 0
    assert_no_leak(person, "a member of the sibling mechanism", r)


# --- 2. the owner's view, the database, the audit -------------------------------------------

def test_the_owner_sees_the_grant_in_the_case_document(server, world):
    case, person = new_case(world)
    text = justification()
    g = grant(world.client("stranger"), case["id"], text)
    doc = read(world.client("manager"), case["id"]).json
    grants = doc.get("emergency_access")
    assert isinstance(grants, list) and len(grants) == 1, f"emergency_access: {doc}"
    shown = grants[0]
    for key in ("id", "institution_id", "user_id", "created_at", "expires_at"):
        assert shown.get(key) == g[key], f"emergency_access[0].{key}: {shown} vs {g}"
    assert shown.get("justification") == text, shown
    summary = world.client("coordinator").get(f"/cases/{case['id']}")
    assert summary.status == 200, summary
    assert_no_leak(Only([text]), "the coordinator's summary", summary)
    assert_not_in_clear(server.db, "emergency_grants", [text], control=str(case["id"]))


def test_the_grant_and_every_read_under_it_are_audited(world, auditor):
    case, person = new_case(world)
    text = justification()
    grant(world.client("stranger"), case["id"], text)
    made = [e for e in audit(auditor, case_id=case["id"]) if e["action"] ==
            "case.emergency_access"]
    assert len(made) == 1, made
    e = made[0]
    assert e["fields"] == ["justification"], e
    assert (e["actor_user_id"], e["institution_id"]) == (world.users["stranger"].id,
                                                         world.stranger["id"]), e

    for who in ("stranger", "stranger", "stranger_manager"):
        assert world.client(who).get(f"/cases/{case['id']}").status == 200
    read(world.client("caseworker"), case["id"])
    log = audit(auditor, case_id=case["id"])
    emergency = [x for x in log if x["action"] == "case.read_emergency"]
    assert len(emergency) == 3, f"three reads under the grant, entries: {emergency}"
    assert sorted(x["actor_user_id"] for x in emergency) == sorted(
        [world.users["stranger"].id] * 2 + [world.users["stranger_manager"].id]), emergency
    owner_read = [x for x in log if x["action"] == "case.read"
                  and x["actor_user_id"] == world.users["caseworker"].id]
    assert owner_read, log
    for x in emergency:
        assert x["case_id"] == case["id"] and x["institution_id"] == world.stranger["id"], x
        assert sorted(x["fields"]) == sorted(owner_read[0]["fields"]), \
            f"a read under the grant names other categories than the owner's read: {x}"
    assert_no_leak(Only([text]), "the audit log (justification)", *log)
    assert_no_leak(person, "the audit log", *log)


# --- 3. notifications -----------------------------------------------------------------------

def test_the_owner_staff_and_the_coordinator_are_notified_and_nobody_else(server, admin, world,
                                                                         foreign):
    case, person = new_case(world)
    text = justification()
    grant(world.client("stranger"), case["id"], text)
    told = {"caseworker", "manager", "coordinator"}
    late = new_user(admin, "caseworker", world.police["id"])   # made after: told nothing
    for who in sorted(set(world.users)):
        got = of_kind(world.client(who), "emergency_access", case["id"])
        if who in told:
            assert len(got) == 1, f"{who} should have one emergency_access notification: {got}"
            assert_notification(got[0], "emergency_access", case, who)
            assert got[0]["read_at"] is None, got[0]
        else:
            assert got == [], f"{who} was told about the grant: {got}"
    assert of_kind(server.sign_in(late.username, late.password), "emergency_access",
                   case["id"]) == []
    assert of_kind(foreign.client("coordinator"), "emergency_access", case["id"]) == []
    everything = []
    for who in told:
        everything += notification_pages(world.client(who))
    assert_no_leak(person, "notifications", *everything)
    assert_no_leak(Only([text]), "notifications (justification)", *everything)


def test_notifications_name_the_breaking_institution(world):
    """"a notification `emergency_access` naming the case reference and the institution":
    the institution is no personal data, and the item has no other place for it than the
    message."""
    case, _ = new_case(world)
    grant(world.client("stranger"), case["id"])
    for who in ("caseworker", "coordinator"):
        n = of_kind(world.client(who), "emergency_access", case["id"])
        assert len(n) == 1, n
        assert world.stranger["name"] in n[0]["message"], \
            f"{who}: the notification does not name the institution " \
            f"{world.stranger['name']!r}: {n[0]}"


# --- 4. expiry -------------------------------------------------------------------------------

def test_the_grant_expires_after_24_hours(new_server):
    s = new_server(now=T0)
    w = World(s, s.sign_in_admin())
    case, person = new_case(w)
    g = grant(w.client("stranger"), case["id"])
    assert moment(g["expires_at"]) == T0 + 24 * HOUR, g

    s.restart(now=T0 + 23 * HOUR + 59 * dt.timedelta(minutes=1))
    w.forget_sessions()
    r = w.client("stranger_manager").get(f"/cases/{case['id']}")
    assert r.status == 200 and r.json["withheld"] == [], f"the grant ended early: {r}"

    s.restart(now=T0 + 24 * HOUR + dt.timedelta(minutes=1))
    w.forget_sessions()
    health = w.client("stranger")
    hidden = health.get(f"/cases/{case['id']}")
    _assert_same_as_unknown(hidden, case["id"], health.get(f"/cases/{UNKNOWN_ID}"),
                            "the health centre after the grant expired")
    assert_no_leak(person, "the health centre after expiry", hidden,
                   health.get("/cases?limit=500"))
    owner = read(w.client("caseworker"), case["id"]).json
    assert owner["withheld"] == [], owner
