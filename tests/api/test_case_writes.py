"""Case updates, closing, incidents and notes (CONTRACT.md "Case updates, closing, incidents,
notes (third increment)").

- PATCH /cases/{id} with optimistic concurrency: 428 without If-Match, 412 on a stale version
  (the answer carries the current ETag and nothing changes), 200 with the new version and
  ETag; N editors holding the same version at once: exactly one 200, the others 412 (with the
  winner's ETag), and the stored state is the winner's. Every change to the document is a new
  version (a consent too). Races with writes that take no If-Match: concurrent closes (one
  200, the rest 409), concurrent incidents (all kept, each a version), incidents racing a
  PATCH or a close (never 412).
- What a PATCH changes: a partial survivor merges into the stored one, `null` erases phone and
  address, children and perpetrator are replaced, a change of names recomputes the blind index
  (a later case with the new name is a `repeat` of it, one with the old name is not);
  `status` only open -> active (409 otherwise); unknown fields, invalid values (422) and wrong
  JSON types (400) named by their path, nothing changed.
- Who may write: the owner institution's caseworkers and managers; anyone else who sees the
  case (a referral recipient, the coordinator) 403; anyone who does not, 404. A closed case
  refuses every write with 409 (notes included).
- Closing with each outcome, a bad outcome (422), closing twice (409); an active case closes.
- Incidents: the 201 shape, the repeat rules, the narrative not in clear in the database
  (read with harness.query_db, so on either engine), bad input per field, the version grows.
- Notes: who reads which note (institution / involved visibility; owner, an accepted recipient
  with and without the `notes` category, consent withdrawn, a sent-only, declined or
  cancelled recipient, the coordinator, admin, national, auditor), who writes, bodies
  encrypted, bad input, oldest first across pages (cursor `next`).
- The audit trail of every write: actions and field names, never values (the whole audit list
  is searched for the personal strings written).

The module's server runs with its clock fixed at T0 (2026-11-23T09:00Z). Other modules
(test_break_glass, test_transfers, test_notifications, test_linking) import the helpers here.
"""

import datetime as dt
import threading
import urllib.parse

import pytest

import harness
from harness import T0, assert_problem, new_user, uniq
from test_cases import (DAY, TODAY, UNKNOWN_ID, audit, assert_no_leak, case_body,
                        create, leaked, minimal_body, new_person, token)
from test_referrals import (Only, World, act, consent, new_case, refer, referral_body,
                            referral_in)

NOTE = {"id", "case_id", "institution_id", "author_user_id", "body", "visibility", "created_at"}
INCIDENT = {"id", "case_id", "occurred_on", "forms", "place", "bias", "narrative", "repeat",
            "created_at"}
OUTCOMES = ["goals_met", "survivor_withdrew", "transferred", "contact_lost",
            "no_further_action", "other"]
YESTERDAY = (TODAY - DAY).isoformat()
TOMORROW = (TODAY + DAY).isoformat()


# --- the server: one per module, its clock fixed at T0 -------------------------------------

@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-case-writes"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


@pytest.fixture(scope="module")
def world(server, admin):
    """test_referrals.World: police (owner), social services, a shelter and a health centre
    (`stranger`), all members of one mechanism, and its coordinator."""
    return World(server, admin)


# --- helpers (imported by the other third-increment modules) -------------------------------

def tag(version):
    return f'"{version}"'


def read(client, case_id):
    r = client.get(f"/cases/{case_id}")
    assert r.status == 200, f"reading case {case_id}: {r}"
    return r


def version_of(client, case_id):
    return read(client, case_id).json["version"]


def patch(client, case_id, body, version=None, **kw):
    """PATCH /cases/{id} with If-Match for `version` (None: no If-Match at all)."""
    headers = {} if version is None else {"If-Match": tag(version)}
    return client.patch(f"/cases/{case_id}", body, headers=headers, **kw)


def patch_ok(client, case_id, body):
    """PATCH holding the current version; asserts 200 and returns the document."""
    v = version_of(client, case_id)
    r = patch(client, case_id, body, v)
    assert r.status == 200, f"PATCH {body} with version {v}: {r}"
    return r.json


def at_once(calls):
    """Runs the callables at the same moment (a barrier), one thread each; their answers."""
    answers = [None] * len(calls)
    start = threading.Barrier(len(calls))

    def run(i):
        start.wait()
        answers[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def sessions(server, world, n, who=("caseworker", "manager")):
    """`n` separate signed-in sessions of the owner's staff (alternating)."""
    out = []
    for i in range(n):
        u = world.users[who[i % len(who)]]
        out.append(server.sign_in(u.username, u.password))
    return out


def assert_field_named(r, status, name):
    """A problem with this status whose errors[] name `name`, bare or under a prefix
    (`occurred_on` or `incident.occurred_on`)."""
    assert_problem(r, status)
    fields = [f for f in r.error_fields if isinstance(f, str)]
    assert any(f == name or f.endswith("." + name) or f.startswith(name + ".")
               or f.startswith(name + "[") for f in fields), \
        f"errors[].field does not name {name!r}: {r}"


def add_incident(client, case_id, **fields):
    """POST an incident; `fields` replace the defaults (None leaves one out)."""
    body = {"occurred_on": YESTERDAY, "forms": ["psychological"], "place": "home",
            "narrative": f"E kërcënoi në telefon {token()}", "bias": []}
    body.update(fields)
    body = {k: v for k, v in body.items() if v is not None}
    return client.post(f"/cases/{case_id}/incidents", body)


def note_text():
    return f"Shënim: u takua me gruan në zyrë, ç'ka thënë {token()}"


def write_note(client, case_id, visibility=None, body=None):
    payload = {"body": body or note_text()}
    if visibility is not None:
        payload["visibility"] = visibility
    return client.post(f"/cases/{case_id}/notes", payload)


def note_pages(client, case_id):
    """Every page of GET /cases/{id}/notes (the cursor is `next`, as for every list;
    `next` as in the other lists is followed too)."""
    out, cursor = [], None
    for _ in range(100):
        query = {"limit": 500}
        if cursor:
            query["cursor"] = cursor
        r = client.get(f"/cases/{case_id}/notes?" + urllib.parse.urlencode(query))
        assert r.status == 200, f"listing the notes of case {case_id}: {r}"
        out.append(r)
        cursor = r.json.get("next")
        if not cursor:
            return out
    raise AssertionError("notes: the cursor never ended")


def note_ids(client, case_id):
    return [n["id"] for p in note_pages(client, case_id) for n in p.json["items"]]


def table_blob(db, table, where=""):
    """Every value of `table` (rows matching `where`) as bytes, for searches of what is stored."""
    out = []
    for row in harness.query_db(db, f'SELECT * FROM "{table}" {where}'):
        for value in row:
            out.append(value if isinstance(value, bytes) else str(value).encode("utf-8"))
    return b"\x00".join(out)


def assert_not_in_clear(db, table, texts, control):
    """None of `texts` (nor their k…k markers) is stored in clear in `table`, where the
    non-personal `control` is found (so that the search can fail)."""
    blob = table_blob(db, table)
    assert control.encode() in blob, f"positive control: {control!r} not found in {table}"
    low = blob.lower()
    for text in texts:
        needles = [text] + [w for w in text.replace(",", " ").split() if w.startswith("k")
                            and w.endswith("k") and "x" in w]
        for needle in needles:
            assert needle.encode() not in blob and needle.lower().encode() not in low, \
                f"stored in clear in {table}: {needle!r}"


def count_rows(server, table, where):
    return int(harness.query_db(server.db, f"SELECT COUNT(*) FROM {table} WHERE {where}")[0][0])


def entries(auditor, case_id, action):
    return [e for e in audit(auditor, case_id=case_id) if e["action"] == action]


def referred(world, accepted=("shelter",), sent=(), share=("identity",), categories=None,
             person=None, shares=None):
    """A new police case with consent for shelters and health centres, referred (sharing
    `share`, or `shares[name]`) to the shelter / stranger (health) / social services (which
    always gets an empty share); the institutions named in `accepted` accept.
    Returns (case, person, {name: packet})."""
    categories = categories or sorted(set(share) | {"identity"})
    case, person = new_case(world, person, consent_=consent(types=["shelter", "health"],
                                                            categories=categories))
    police = world.client("caseworker")
    inst = {"shelter": world.shelter, "stranger": world.stranger, "social": world.social}
    recipient = {"shelter": "shelter", "stranger": "stranger", "social": "other_caseworker"}
    packets = {}
    for name in list(accepted) + list(sent):
        mine = (shares or {}).get(name, share if name != "social" else [])
        packets[name] = refer(police, case["id"], referral_body(inst[name], mine))
        if name in accepted:
            r = act(world.client(recipient[name]), packets[name]["id"], "accept")
            assert r.status == 200, r
    return case, person, packets


# --- 1. versions and If-Match --------------------------------------------------------------

def test_the_document_carries_its_version_and_etag(world):
    case, _ = new_case(world)
    assert isinstance(case.get("version"), int) and case["version"] >= 1, case
    got = read(world.client("manager"), case["id"])
    assert got.json["version"] == case["version"], got
    assert got.headers.get("ETag") == tag(case["version"]), f"GET ETag: {got.headers}"


def test_a_new_consent_is_a_change_to_the_document(world):
    """"The version grows by one on every change to the case document": the owner's
    document shows `consents`, so recording (and withdrawing) one changes it."""
    case, _ = new_case(world)
    police = world.client("caseworker")
    made = police.post(f"/cases/{case['id']}/consents", consent(types=["cso"]))
    assert made.status == 201, made
    assert version_of(police, case["id"]) == case["version"] + 1, "a consent kept the version"
    assert police.post(f"/consents/{made.json['id']}/withdraw").status == 200
    assert version_of(police, case["id"]) == case["version"] + 2, "a withdrawal kept it"


def test_patch_without_if_match_is_428_and_changes_nothing(world):
    case, _ = new_case(world)
    police = world.client("caseworker")
    r = patch(police, case["id"], {"imminent_danger": True})
    assert_problem(r, 428)
    doc = read(police, case["id"]).json
    assert (doc["version"], doc["imminent_danger"]) == (case["version"], False), doc


def test_patch_with_the_current_version_answers_200_and_the_new_etag(world):
    case, person = new_case(world)
    police = world.client("caseworker")
    phone = f"+355 68 {uniq()}"
    r = patch(police, case["id"], {"imminent_danger": True, "survivor": {"phone": phone}},
              case["version"])
    assert r.status == 200, r
    doc = r.json
    assert doc["version"] == case["version"] + 1, f"version {case['version']} -> {doc}"
    assert r.headers.get("ETag") == tag(doc["version"]), f"ETag {r.headers.get('ETag')}"
    assert doc["imminent_danger"] is True and doc["survivor"]["phone"] == phone, doc
    assert doc["withheld"] == [] and doc["survivor"]["given_name"] == person.given_name, doc
    again = read(world.client("manager"), case["id"])
    assert again.json["version"] == doc["version"] and again.json["survivor"]["phone"] == phone
    assert again.headers.get("ETag") == tag(doc["version"])


def test_patch_with_a_stale_version_is_412_with_the_current_etag(world):
    case, person = new_case(world)
    police = world.client("caseworker")
    first = patch(police, case["id"], {"imminent_danger": True}, case["version"])
    assert first.status == 200, first
    current = first.json["version"]
    for stale in (case["version"], current + 5):
        r = patch(police, case["id"], {"imminent_danger": False,
                                       "survivor": {"phone": "+355 1 000"}}, stale)
        assert_problem(r, 412)
        assert r.headers.get("ETag") == tag(current), \
            f"a 412 should carry the current ETag {tag(current)}: {r.headers.get('ETag')}"
    doc = read(police, case["id"]).json
    assert doc["version"] == current and doc["imminent_danger"] is True, doc
    assert doc["survivor"]["phone"] == person.phone, "a refused PATCH changed the phone"


def test_concurrent_editors_with_the_same_version_one_wins(server, world):
    """Eight editors (four sessions of the caseworker, four of the manager) PATCH the same
    version at once, each with its own phone number: exactly one 200, seven 412 carrying the
    winner's ETag, and the stored phone is the winner's."""
    case, _ = new_case(world)
    editors = sessions(server, world, 8)
    phones = [f"+355 69 {i}{uniq()}" for i in range(len(editors))]
    answers = at_once([lambda i=i: patch(editors[i], case["id"],
                                         {"survivor": {"phone": phones[i]}}, case["version"])
                       for i in range(len(editors))])
    statuses = sorted(a.status for a in answers)
    assert statuses == [200] + [412] * (len(editors) - 1), f"statuses {statuses}: {answers}"
    winner = next(i for i, a in enumerate(answers) if a.status == 200)
    assert answers[winner].json["version"] == case["version"] + 1, answers[winner]
    for a in answers:
        if a.status == 412:
            assert_problem(a, 412)
            assert a.headers.get("ETag") == tag(case["version"] + 1), a.headers
    doc = read(world.client("caseworker"), case["id"]).json
    assert doc["survivor"]["phone"] == phones[winner], \
        f"stored {doc['survivor']['phone']!r}, the winner sent {phones[winner]!r}"
    assert doc["version"] == case["version"] + 1, doc


# --- 2. what a PATCH changes ---------------------------------------------------------------

def test_a_partial_survivor_merges_into_the_stored_one(world):
    case, person = new_case(world)
    address = f"Rruga Ismail Qemali {token()}"
    doc = patch_ok(world.client("caseworker"), case["id"],
                   {"survivor": {"address": address, "sex": "other"}})
    s = doc["survivor"]
    assert (s["address"], s["sex"]) == (address, "other"), s
    kept = {"given_name": person.given_name, "family_name": person.family_name,
            "date_of_birth": person.date_of_birth, "phone": person.phone,
            "address_confidential": False, "municipality_id": world.municipality["id"]}
    for key, value in kept.items():
        assert s.get(key) == value, f"survivor.{key} changed by a PATCH that left it out: {s}"
    assert doc["children"] and doc["perpetrator"] and doc["incidents"], \
        f"parts not in the PATCH were lost: {doc}"


def test_null_erases_phone_and_address(world):
    case, person = new_case(world)
    police = world.client("caseworker")
    doc = patch_ok(police, case["id"], {"survivor": {"phone": None, "address": None}})
    for got in (doc, read(police, case["id"]).json):
        assert got["survivor"].get("phone") is None and got["survivor"].get("address") is None, got
        assert got["survivor"]["given_name"] == person.given_name, got
    assert_no_leak(Only([person.phone, person.address]), "the document after erasing",
                   read(police, case["id"]))


@pytest.mark.parametrize("field", ["given_name", "family_name", "sex"])
def test_null_does_not_erase_a_required_survivor_field(world, field):
    case, person = new_case(world)
    police = world.client("caseworker")
    r = patch(police, case["id"], {"survivor": {field: None}}, case["version"])
    assert r.status in (400, 422), r
    assert_field_named(r, r.status, f"survivor.{field}")
    doc = read(police, case["id"]).json
    assert doc["version"] == case["version"] and doc["survivor"][field] is not None, doc


def test_children_are_replaced(world):
    case, person = new_case(world)
    police = world.client("caseworker")
    kids = [{"given_name": f"Blerta {token()}", "date_of_birth": "2016-04-04", "sex": "female"},
            {"given_name": f"Drin {token()}", "sex": "male"}]
    doc = patch_ok(police, case["id"], {"children": kids})
    assert [c["given_name"] for c in doc["children"]] == [k["given_name"] for k in kids], doc
    assert doc["children"][0]["date_of_birth"] == "2016-04-04", doc
    again = read(police, case["id"])
    assert [c["given_name"] for c in again.json["children"]] == [k["given_name"] for k in kids]
    assert_no_leak(Only([person.child_name]), "the case after replacing the children", again)
    empty = patch_ok(police, case["id"], {"children": []})
    assert empty["children"] == [], empty


def test_the_perpetrator_is_replaced_not_merged(world):
    case, person = new_case(world)
    police = world.client("caseworker")
    new = {"given_name": f"Ilir {token()}", "family_name": f"Dushku {token()}",
           "relationship": "former_partner"}
    doc = patch_ok(police, case["id"], {"perpetrator": new})
    p = doc["perpetrator"]
    for key, value in new.items():
        assert p.get(key) == value, f"perpetrator.{key}: {p}"
    assert p.get("date_of_birth") is None, f"the old perpetrator's birth date survived: {p}"
    assert_no_leak(Only([person.perpetrator_given, person.perpetrator_family,
                         person.perpetrator_birth]), "the case after replacing the perpetrator",
                   read(police, case["id"]))


def test_a_change_of_names_moves_the_duplicate_index(world):
    case, old = new_case(world)
    new = new_person()
    police = world.client("caseworker")
    patch_ok(police, case["id"], {"survivor": {"given_name": new.given_name,
                                               "family_name": new.family_name,
                                               "date_of_birth": new.date_of_birth}})
    later = create(police, case_body(world, new, consent=None))
    assert later["repeat"] is True, f"a case with the new identity is not a repeat: {later}"
    assert case["id"] in later["possible_duplicates"]["ids"], later["possible_duplicates"]
    with_old = create(police, case_body(world, old, consent=None))
    assert with_old["repeat"] is False, f"the old identity still matches: {with_old}"
    assert with_old["possible_duplicates"] == {"ids": [], "hidden": 0}, with_old


def test_a_change_of_birth_date_alone_moves_the_duplicate_index(world):
    case, person = new_case(world)
    police = world.client("caseworker")
    born = (dt.date.fromisoformat(person.date_of_birth) + 3 * DAY).isoformat()
    patch_ok(police, case["id"], {"survivor": {"date_of_birth": born}})
    def same_names(dob):
        return new_person(given_name=person.given_name, family_name=person.family_name,
                          date_of_birth=dob)

    later = create(police, case_body(world, same_names(born), consent=None))
    assert later["repeat"] is True and case["id"] in later["possible_duplicates"]["ids"], later
    old = create(police, case_body(world, same_names(person.date_of_birth), consent=None))
    assert case["id"] not in old["possible_duplicates"]["ids"], \
        f"the old birth date still matches: {old}"


def test_marking_the_address_confidential_withholds_it_from_a_recipient_at_once(world):
    case, person, _ = referred(world, accepted=("shelter",), share=("identity", "contact"))
    shelter = world.client("shelter")
    assert read(shelter, case["id"]).json["survivor"]["address"] == person.address
    patch_ok(world.client("caseworker"), case["id"], {"survivor": {"address_confidential": True}})
    r = read(shelter, case["id"])
    assert "address" not in r.json["survivor"], r.json["survivor"]
    assert r.json.get("withheld_fields") == ["survivor.address"], r.json
    assert_no_leak(Only([person.address]), "the shelter after the address became confidential",
                   r)


def test_status_goes_from_open_to_active_once(world):
    case, _ = new_case(world)
    police = world.client("caseworker")
    assert case["status"] == "open"
    doc = patch_ok(police, case["id"], {"status": "active"})
    assert doc["status"] == "active", doc
    assert case["id"] in [c["id"] for c in harness.list_all(police, "/cases", status="active")]
    assert case["id"] not in [c["id"] for c in harness.list_all(police, "/cases", status="open")]
    r = patch(police, case["id"], {"status": "active"}, doc["version"])
    assert_problem(r, 409)
    assert version_of(police, case["id"]) == doc["version"]


@pytest.mark.parametrize("status", ["closed", "open", "archived"])
def test_status_other_than_active_is_422(world, status):
    case, _ = new_case(world)
    police = world.client("caseworker")
    assert_field_named(patch(police, case["id"], {"status": status}, case["version"]), 422,
                       "status")
    doc = read(police, case["id"]).json
    assert (doc["status"], doc["version"]) == ("open", case["version"]), doc


DROP = object()
BAD_PATCH = [  # (body, status, field)
    ({}, 422, None),
    ({"colour": "blue"}, 422, "colour"),
    ({"reference": "XXX-2026-0001"}, 422, "reference"),
    ({"owner_institution_id": 1}, 422, "owner_institution_id"),
    ({"mechanism_id": 1}, 422, "mechanism_id"),
    ({"risk_level": "extreme"}, 422, "risk_level"),
    ({"survivor": {"nickname": "Dee"}}, 422, "survivor.nickname"),
    ({"survivor": {"sex": "alien"}}, 422, "survivor.sex"),
    ({"survivor": {"given_name": ""}}, 422, "survivor.given_name"),
    ({"survivor": {"family_name": "ç" * 101}}, 422, "survivor.family_name"),
    ({"survivor": {"family_name": ""}}, 422, "survivor.family_name"),
    ({"survivor": {"given_name": "g" * 101}}, 422, "survivor.given_name"),
    ({"survivor": {"date_of_birth": "02/04/1990"}}, 422, "survivor.date_of_birth"),
    ({"children": [{"given_name": ""}]}, 422, "children[0].given_name"),
    ({"children": [{"given_name": "Ana", "date_of_birth": "2020-13-01"}]}, 422,
     "children[0].date_of_birth"),
    ({"perpetrator": {"given_name": "Ilir", "family_name": "h" * 101}}, 422,
     "perpetrator.family_name"),
    ({"perpetrator": {"given_name": "Ilir", "date_of_birth": "1980-02-30"}}, 422,
     "perpetrator.date_of_birth"),
    ({"perpetrator": {"given_name": "Ilir", "weapon": "knife"}}, 422, "perpetrator.weapon"),
    ({"survivor": {"date_of_birth": "1991-02-31"}}, 422, "survivor.date_of_birth"),
    ({"survivor": {"date_of_birth": TOMORROW}}, 422, "survivor.date_of_birth"),
    ({"survivor": {"phone": "1" * 41}}, 422, "survivor.phone"),
    ({"survivor": {"address": "a" * 401}}, 422, "survivor.address"),
    ({"survivor": {"municipality_id": UNKNOWN_ID}}, 422, "survivor.municipality_id"),
    ({"children": [{"given_name": "Ana"}, {"sex": "male"}]}, 422, "children[1].given_name"),
    ({"children": [{"given_name": "Ana", "sex": "robot"}]}, 422, "children[0].sex"),
    ({"children": [{"given_name": f"F{i}"} for i in range(21)]}, 422, "children"),
    ({"perpetrator": {"given_name": "Ilir", "relationship": "landlord"}}, 422,
     "perpetrator.relationship"),
    ({"imminent_danger": "yes"}, 400, "imminent_danger"),
    ({"survivor": "Dëshira"}, 400, "survivor"),
    ({"survivor": {"given_name": 42}}, 400, "survivor.given_name"),
    ({"survivor": {"address_confidential": 1}}, 400, "survivor.address_confidential"),
    ({"children": {"given_name": "Ana"}}, 400, "children"),
    # found by the contract suite: null was taken for false (a confidential address became
    # public) or for nothing (a survivor cannot be erased); null is no boolean, no object
    ({"survivor": {"address_confidential": None}}, 400, "survivor.address_confidential"),
    ({"imminent_danger": None}, 400, "imminent_danger"),
    ({"survivor": None}, 400, "survivor"),
]


@pytest.mark.parametrize("body, status, field", BAD_PATCH,
                         ids=[str(b)[:50] for b, _, _ in BAD_PATCH])
def test_invalid_patch_is_refused_naming_the_field_and_nothing_changes(world, body, status,
                                                                        field):
    case, person = new_case(world)
    police = world.client("caseworker")
    r = patch(police, case["id"], body, case["version"])
    if field is None:
        assert_problem(r, status)
    else:
        assert_field_named(r, status, field)
    doc = read(police, case["id"]).json
    assert doc["version"] == case["version"], f"a refused PATCH changed the version: {doc}"
    assert doc["survivor"]["given_name"] == person.given_name and \
        doc["children"][0]["given_name"] == person.child_name, doc


@pytest.mark.parametrize("raw", ['{"imminent_danger": true,', "[]", '"x"', "null"])
def test_malformed_patch_is_400(world, raw):
    case, _ = new_case(world)
    police = world.client("caseworker")
    r = police.patch(f"/cases/{case['id']}", raw=raw, headers={"If-Match": tag(case["version"])})
    assert_problem(r, 400)
    assert version_of(police, case["id"]) == case["version"]


def test_patch_by_cookie_without_csrf_token_is_403(world):
    case, _ = new_case(world)
    police = world.client("caseworker")
    assert_problem(patch(police, case["id"], {"imminent_danger": True}, case["version"],
                         csrf=False), 403)
    assert version_of(police, case["id"]) == case["version"]


def test_patch_of_an_unknown_or_invalid_id(world):
    police = world.client("caseworker")
    assert_problem(patch(police, UNKNOWN_ID, {"imminent_danger": True}, 1), 404)
    for bad in ("abc", "0", "-1", "99999999999999999999"):
        r = police.patch(f"/cases/{bad}", {"imminent_danger": True}, headers={"If-Match": '"1"'})
        assert_problem(r, 400, "id")


# --- 3. who may write ----------------------------------------------------------------------

WRITERS = ["caseworker", "manager"]
OUTSIDERS = {   # who: status for PATCH, close and incidents
    "shelter (accepted referral)": 403,
    "shelter_manager (accepted referral)": 403,
    "coordinator": 403,
    "other_caseworker (referral sent only)": 404,
    "stranger (member, no referral)": 404,
    "an unrelated caseworker": 404,
    "admin": 404,
    "national": 404,
    "auditor": 404,
}


def outsider(world, actors, who):
    name = who.split(" ")[0]
    if name in world.users:
        return world.client(name)
    if who == "an unrelated caseworker":
        return actors.client("caseworker")
    return actors.client(name)


@pytest.fixture(scope="module")
def guarded(world):
    """A case referred to the shelter (accepted) and to social services (sent only)."""
    case, person, _ = referred(world, accepted=("shelter",), sent=("social",))
    return case, person


@pytest.mark.parametrize("who", list(OUTSIDERS))
def test_only_the_owners_staff_write(world, actors, guarded, who):
    case, person = guarded
    c, status = outsider(world, actors, who), OUTSIDERS[who]
    v = version_of(world.client("caseworker"), case["id"])
    answers = [patch(c, case["id"], {"imminent_danger": True}, v),
               c.post(f"/cases/{case['id']}/close", {"outcome": "other"}),
               add_incident(c, case["id"])]
    for r in answers:
        assert_problem(r, status)
    doc = read(world.client("caseworker"), case["id"]).json
    assert (doc["version"], doc["status"], len(doc["incidents"])) == (v, "open", 1), \
        f"{who} changed the case: {doc}"
    assert_no_leak(person, who, *answers)


@pytest.mark.parametrize("who", WRITERS)
def test_the_owners_caseworker_and_manager_write(world, who):
    case, _ = new_case(world)
    c = world.client(who)
    assert patch(c, case["id"], {"imminent_danger": True}, case["version"]).status == 200
    assert add_incident(c, case["id"]).status == 201
    assert write_note(c, case["id"]).status == 201
    assert c.post(f"/cases/{case['id']}/close", {"outcome": "goals_met"}).status == 200


def test_a_closed_case_refuses_every_write_with_409(world):
    case, _ = new_case(world)
    police = world.client("caseworker")
    closed = police.post(f"/cases/{case['id']}/close", {"outcome": "contact_lost"})
    assert closed.status == 200, closed
    v = closed.json["version"]
    notes_before = note_ids(police, case["id"])
    answers = {"PATCH": patch(police, case["id"], {"imminent_danger": True}, v),
               "PATCH status": patch(police, case["id"], {"status": "active"}, v),
               "incident": add_incident(police, case["id"]),
               "note": write_note(police, case["id"]),
               "close": police.post(f"/cases/{case['id']}/close", {"outcome": "other"})}
    for what, r in answers.items():
        assert r.status == 409, f"{what} on a closed case: {r}"
        assert_problem(r, 409)
    doc = read(police, case["id"]).json
    assert (doc["status"], doc["version"], doc["outcome"]) == ("closed", v, "contact_lost"), doc
    assert note_ids(police, case["id"]) == notes_before, "a note was added to a closed case"


# --- 4. closing ----------------------------------------------------------------------------

@pytest.mark.parametrize("outcome", OUTCOMES)
def test_close_with_each_outcome(world, auditor, outcome):
    case, _ = new_case(world)
    police = world.client("manager")
    r = police.post(f"/cases/{case['id']}/close", {"outcome": outcome})
    assert r.status == 200, r
    doc = r.json
    assert (doc["status"], doc["outcome"]) == ("closed", outcome), doc
    assert isinstance(doc.get("closed_at"), str) and doc["closed_at"].startswith(
        harness.rfc3339(T0)[:16]), f"closed_at not the server clock: {doc}"
    assert doc["version"] == case["version"] + 1, doc
    assert r.headers.get("ETag") == tag(doc["version"]), r.headers
    got = read(world.client("caseworker"), case["id"]).json
    assert (got["status"], got["outcome"]) == ("closed", outcome), got
    closes = entries(auditor, case["id"], "case.close")
    assert len(closes) == 1 and closes[0]["fields"] == ["outcome"], closes
    listed = [c["id"] for c in harness.list_all(police, "/cases", status="closed")]
    assert case["id"] in listed, "a closed case is not listed under status=closed"


@pytest.mark.parametrize("body, status", [
    ({}, 422), ({"outcome": "solved"}, 422), ({"outcome": ""}, 422), ({"outcome": 3}, 400),
    ({"outcome": "other", "note": "x"}, 422),
], ids=["missing", "unknown", "empty", "number", "unknown-field"])
def test_close_with_a_bad_outcome_is_refused(world, body, status):
    case, _ = new_case(world)
    police = world.client("caseworker")
    r = police.post(f"/cases/{case['id']}/close", body)
    assert_field_named(r, status, "outcome" if "note" not in body else "note")
    doc = read(police, case["id"]).json
    assert (doc["status"], doc["version"]) == ("open", case["version"]), doc


def test_closing_twice_is_409_and_keeps_the_first_outcome(world):
    case, _ = new_case(world)
    police = world.client("caseworker")
    assert police.post(f"/cases/{case['id']}/close", {"outcome": "goals_met"}).status == 200
    assert_problem(police.post(f"/cases/{case['id']}/close", {"outcome": "other"}), 409)
    assert read(police, case["id"]).json["outcome"] == "goals_met"


def test_concurrent_closes_one_wins(server, world, auditor):
    case, _ = new_case(world)
    clients = sessions(server, world, 6)
    outcomes = OUTCOMES[:6]
    answers = at_once([lambda i=i: clients[i].post(f"/cases/{case['id']}/close",
                                                   {"outcome": outcomes[i]})
                       for i in range(6)])
    statuses = sorted(a.status for a in answers)
    assert statuses == [200] + [409] * 5, f"statuses {statuses}: {answers}"
    winner = next(i for i, a in enumerate(answers) if a.status == 200)
    doc = read(world.client("caseworker"), case["id"]).json
    assert (doc["outcome"], doc["version"]) == (outcomes[winner], case["version"] + 1), doc
    assert len(entries(auditor, case["id"], "case.close")) == 1


def test_concurrent_incidents_are_all_kept_and_each_counts_in_the_version(server, world):
    case, _ = new_case(world)
    clients = sessions(server, world, 6)
    texts = [f"Ngjarja {i} {token()}" for i in range(6)]
    answers = at_once([lambda i=i: add_incident(clients[i], case["id"], narrative=texts[i])
                       for i in range(6)])
    assert sorted(a.status for a in answers) == [201] * 6, answers
    doc = read(world.client("caseworker"), case["id"]).json
    assert sorted(i["narrative"] for i in doc["incidents"] if i["narrative"] in texts) == \
        sorted(texts), doc["incidents"]
    assert doc["version"] == case["version"] + 6, \
        f"six incidents moved the version from {case['version']} to {doc['version']}"


def test_incidents_never_fail_for_a_concurrent_patch(server, world):
    """Incidents take no If-Match: a PATCH racing them may get 412, they may not."""
    case, _ = new_case(world)
    clients = sessions(server, world, 6)
    calls = [lambda i=i: add_incident(clients[i], case["id"]) for i in range(4)]
    calls += [lambda i=i: patch(clients[i], case["id"], {"imminent_danger": True},
                                case["version"]) for i in (4, 5)]
    answers = at_once(calls)
    assert [a.status for a in answers[:4]] == [201] * 4, answers[:4]
    patches = answers[4:]
    assert all(a.status in (200, 412) for a in patches), patches
    assert sum(a.status == 200 for a in patches) <= 1, patches
    doc = read(world.client("caseworker"), case["id"]).json
    assert doc["version"] == case["version"] + 4 + sum(a.status == 200 for a in patches), doc
    for a in patches:
        if a.status == 412:
            assert a.headers.get("ETag"), f"a 412 without the current ETag: {a}"


def test_writes_racing_a_close_get_201_or_409(server, world):
    """A close racing incidents and a status PATCH: the close succeeds; each other write
    either lands before it (201/200) or finds the case closed (409) — nothing else."""
    case, _ = new_case(world)
    clients = sessions(server, world, 5)
    calls = [lambda: clients[0].post(f"/cases/{case['id']}/close", {"outcome": "other"})]
    calls += [lambda i=i: add_incident(clients[i], case["id"]) for i in (1, 2, 3)]
    answers = at_once(calls)
    assert answers[0].status == 200, answers[0]
    assert all(a.status in (201, 409) for a in answers[1:]), answers[1:]
    doc = read(world.client("caseworker"), case["id"]).json
    landed = sum(a.status == 201 for a in answers[1:])
    assert doc["status"] == "closed" and len(doc["incidents"]) == 1 + landed, doc
    assert doc["version"] == case["version"] + 1 + landed, doc


def test_an_active_case_can_be_closed(world):
    case, _ = new_case(world)
    police = world.client("caseworker")
    patch_ok(police, case["id"], {"status": "active"})
    r = police.post(f"/cases/{case['id']}/close", {"outcome": "transferred"})
    assert r.status == 200 and r.json["status"] == "closed", r


# --- 5. incidents --------------------------------------------------------------------------

def test_an_incident_is_201_with_its_shape_and_the_version_grows(server, world):
    case, _ = new_case(world)
    police = world.client("caseworker")
    narrative = f"Erdhi në punë dhe e ofendoi para kolegëve {token()}"
    body = {"occurred_on": YESTERDAY, "forms": ["psychological", "stalking"],
            "place": "workplace", "narrative": narrative, "bias": ["ethnicity"]}
    r = police.post(f"/cases/{case['id']}/incidents", body)
    assert r.status == 201, r
    inc = r.json
    assert INCIDENT <= set(inc), f"incident lacks {INCIDENT - set(inc)}: {inc}"
    assert isinstance(inc["id"], int) and inc["case_id"] == case["id"], inc
    assert (inc["occurred_on"], inc["place"], inc["narrative"]) == (YESTERDAY, "workplace",
                                                                     narrative), inc
    assert sorted(inc["forms"]) == ["psychological", "stalking"] and inc["bias"] == ["ethnicity"]
    assert inc["created_at"].startswith(harness.rfc3339(T0)[:16]), inc
    got = read(police, case["id"])
    assert got.json["version"] == case["version"] + 1, got.json
    assert got.headers.get("ETag") == tag(case["version"] + 1), got.headers
    assert inc["id"] in [i["id"] for i in got.json["incidents"]], got.json["incidents"]
    assert narrative in [i["narrative"] for i in got.json["incidents"]]


def test_the_first_incident_of_a_new_survivor_is_not_a_repeat_the_second_is(world):
    person = new_person()
    police = world.client("caseworker")
    case = create(police, minimal_body(world, person))
    assert case["repeat"] is False, case
    first = add_incident(police, case["id"])
    assert first.status == 201 and first.json["repeat"] is False, first
    assert read(police, case["id"]).json["repeat"] is False
    second = add_incident(police, case["id"], occurred_on=TODAY.isoformat())
    assert second.status == 201 and second.json["repeat"] is True, second
    assert read(police, case["id"]).json["repeat"] is True, "the case did not become repeat"


def test_an_incident_more_than_12_months_after_the_last_is_not_a_repeat(world):
    police = world.client("caseworker")
    body = minimal_body(world, new_person())
    body["incident"] = {"occurred_on": (TODAY - 800 * DAY).isoformat(), "forms": ["physical"]}
    case = create(police, body)
    r = add_incident(police, case["id"])
    assert r.status == 201 and r.json["repeat"] is False, \
        f"the only earlier incident is 800 days old: {r}"


def test_an_incident_of_a_survivor_with_another_recent_case_is_a_repeat(world):
    person = new_person()
    police = world.client("caseworker")
    earlier = create(police, minimal_body(world, person))
    later = create(police, minimal_body(world, person))
    assert later["repeat"] is True, later
    for case in (later, earlier):
        r = add_incident(police, case["id"])
        assert r.status == 201 and r.json["repeat"] is True, \
            f"the survivor has another case created this year: {r}"
    assert read(police, earlier["id"]).json["repeat"] is True


def test_the_narrative_is_stored_encrypted(server, world):
    case, _ = new_case(world)
    narrative = f"E mbylli në bodrum tërë natën {token()}"
    r = add_incident(world.client("caseworker"), case["id"], narrative=narrative,
                     place="institution")
    assert r.status == 201 and r.json["narrative"] == narrative, r
    assert_not_in_clear(server.db, "incidents", [narrative], control="institution")


INCIDENT_BAD = [  # (field, value, status)
    ("occurred_on", DROP, 422), ("occurred_on", "2026-02-30", 422), ("occurred_on", TOMORROW, 422),
    ("occurred_on", "23/11/2026", 422), ("forms", DROP, 422), ("forms", [], 422),
    ("forms", ["physical", "verbal"], 422), ("forms", "physical", 400), ("place", "moon", 422),
    ("narrative", "n" * 10001, 422), ("narrative", 42, 400), ("bias", ["football_club"], 422),
    ("weather", "rain", 422),
]


@pytest.mark.parametrize("field, value, status", INCIDENT_BAD,
                         ids=[f"{f}={'DROP' if v is DROP else str(v)[:16]}"
                              for f, v, _ in INCIDENT_BAD])
def test_invalid_incident_is_refused_naming_the_field(server, world, field, value, status):
    case, _ = new_case(world)
    police = world.client("caseworker")
    body = {"occurred_on": YESTERDAY, "forms": ["physical"], "place": "home",
            "narrative": "Tekst.", "bias": []}
    if value is DROP:
        del body[field]
    else:
        body[field] = value
    before = count_rows(server, "incidents", f"case_id = {case['id']}")
    assert_field_named(police.post(f"/cases/{case['id']}/incidents", body), status, field)
    assert count_rows(server, "incidents", f"case_id = {case['id']}") == before
    assert version_of(police, case["id"]) == case["version"]


def test_incident_limits_are_accepted(world):
    case, _ = new_case(world)
    r = add_incident(world.client("caseworker"), case["id"], occurred_on=TODAY.isoformat(),
                     narrative="ë" * 10000, forms=["physical", "psychological", "sexual",
                                                   "economic", "stalking", "neglect"])
    assert r.status == 201 and len(r.json["narrative"]) == 10000, r
    minimal = world.client("caseworker").post(f"/cases/{case['id']}/incidents",
                                              {"occurred_on": YESTERDAY, "forms": ["neglect"]})
    assert minimal.status == 201, minimal


@pytest.mark.parametrize("raw", ['{"forms":', "[]", "null"])
def test_malformed_incident_is_400(world, raw):
    case, _ = new_case(world)
    assert_problem(world.client("caseworker").post(f"/cases/{case['id']}/incidents", raw=raw),
                   400)


# --- 6. notes ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def noted(world):
    """A case shared with the shelter (identity + notes, consented, accepted), the health
    centre (`stranger`: identity only, accepted) and social services (sent only), and five
    notes written in order:
      n1 police caseworker, default visibility (institution)   n2 police manager, involved
      n3 shelter, institution    n4 shelter, involved           n5 health centre, involved."""
    case, person, packets = referred(world, accepted=("shelter", "stranger"), sent=("social",),
                                     share=("identity", "notes"),
                                     categories=["identity", "notes"],
                                     shares={"stranger": ["identity"]})
    notes, answers = {}, {}
    plan = [("n1", "caseworker", None), ("n2", "manager", "involved"),
            ("n3", "shelter", "institution"), ("n4", "shelter", "involved"),
            ("n5", "stranger", "involved")]
    for name, who, visibility in plan:
        text = note_text()
        r = write_note(world.client(who), case["id"], visibility, text)
        assert r.status == 201, f"{who} writing note {name}: {r}"
        answers[name], notes[name] = r, dict(r.json, text=text, who=who)
    return case, person, notes, answers, packets


def test_a_note_is_201_with_its_shape(world, noted):
    case, _, notes, answers, _ = noted
    for name, note in notes.items():
        assert NOTE <= set(note), f"{name} lacks {NOTE - set(note)}: {note}"
        assert note["case_id"] == case["id"] and note["body"] == note["text"], note
        assert note["author_user_id"] == world.users[note["who"]].id, note
        assert note["created_at"].startswith(harness.rfc3339(T0)[:16]), note
    assert notes["n1"]["visibility"] == "institution", "institution is the default visibility"
    assert notes["n2"]["visibility"] == "involved"
    assert notes["n1"]["institution_id"] == world.police["id"]
    assert notes["n3"]["institution_id"] == world.shelter["id"]
    assert notes["n5"]["institution_id"] == world.stranger["id"]


def test_control_who_reads_the_notes_category(world, noted):
    """The premise of the visibility table: the shelter reads `notes`, the health centre
    reads the case but not `notes`, the owner reads everything."""
    case = noted[0]
    assert read(world.client("caseworker"), case["id"]).json["withheld"] == []
    shelter = read(world.client("shelter"), case["id"]).json["withheld"]
    stranger = read(world.client("stranger"), case["id"]).json["withheld"]
    assert "notes" not in shelter and "identity" not in shelter, shelter
    assert "notes" in stranger and "identity" not in stranger, stranger


NOTE_READERS = {  # who: the notes it reads (oldest first); None: 404 on the list
    "caseworker": ["n1", "n2", "n4", "n5"],
    "manager": ["n1", "n2", "n4", "n5"],
    "shelter": ["n2", "n3", "n4", "n5"],
    "shelter_manager": ["n2", "n3", "n4", "n5"],
    "stranger": ["n5"],
    "other_caseworker": None,
}


@pytest.mark.parametrize("who", list(NOTE_READERS))
def test_who_reads_which_note(world, noted, who):
    case, person, notes, _, _ = noted
    c = world.client(who)
    expected = NOTE_READERS[who]
    if expected is None:
        r = c.get(f"/cases/{case['id']}/notes")
        assert_problem(r, 404)
        assert_no_leak(Only([n["text"] for n in notes.values()]), who, r)
        return
    listing = note_pages(c, case["id"])
    got = [n["id"] for p in listing for n in p.json["items"]]
    assert got == [notes[n]["id"] for n in expected], \
        f"{who} reads {got}, expected {[(n, notes[n]['id']) for n in expected]}"
    items = {n["id"]: n for p in listing for n in p.json["items"]}
    for name in expected:
        assert items[notes[name]["id"]]["body"] == notes[name]["text"], "body not decrypted"
    hidden = [notes[n]["text"] for n in notes if n not in expected]
    assert_no_leak(Only(hidden), f"{who} (notes it may not read)", *listing)


def test_the_notes_list_carries_the_next_cursor(world, noted):
    """Like every list (CONTRACT.md "HTTP details"): `items` and `next`, null on the last page,
    a cursor while more follow."""
    r = world.client("caseworker").get(f"/cases/{noted[0]['id']}/notes")
    assert r.status == 200 and isinstance(r.json.get("items"), list), r
    assert "next" in r.json and r.json["next"] is None, f"one page, no cursor: {r}"
    first = world.client("caseworker").get(f"/cases/{noted[0]['id']}/notes?limit=1")
    assert len(first.json["items"]) == 1 and first.json["next"], f"limit=1: {first}"


@pytest.mark.parametrize("role", ["admin", "national", "auditor", "unrelated"])
def test_roles_outside_the_case_get_404_on_notes(world, actors, noted, role):
    case, _, notes, _, _ = noted
    c = actors.client("caseworker" if role == "unrelated" else role)
    got = [c.get(f"/cases/{case['id']}/notes"), write_note(c, case["id"])]
    for r in got:
        assert_problem(r, 404)
    assert_no_leak(Only([n["text"] for n in notes.values()]), role, *got)


def test_the_coordinator_reads_no_note_and_writes_none(world, noted):
    case, _, notes, _, _ = noted
    c = world.client("coordinator")
    r = c.get(f"/cases/{case['id']}/notes")
    assert r.status in (200, 403), r
    if r.status == 200:
        assert r.json["items"] == [], f"the coordinator reads notes: {r}"
    assert_no_leak(Only([n["text"] for n in notes.values()]), "the coordinator", r)
    assert_problem(write_note(c, case["id"]), 403)


def test_a_sent_only_recipient_cannot_write_a_note(world, noted):
    assert_problem(write_note(world.client("other_caseworker"), noted[0]["id"]), 404)


def test_withdrawn_consent_hides_the_owners_involved_notes_from_the_recipient(world):
    case, _, _ = referred(world, accepted=("shelter",), share=("identity", "notes"),
                          categories=["identity", "notes"])
    police, shelter = world.client("caseworker"), world.client("shelter")
    involved = write_note(police, case["id"], "involved").json
    own = write_note(shelter, case["id"], "institution").json
    assert note_ids(shelter, case["id"]) == [involved["id"], own["id"]]
    consent_id = read(police, case["id"]).json["consents"][0]["id"]
    assert police.post(f"/consents/{consent_id}/withdraw").status == 200
    r = shelter.get(f"/cases/{case['id']}/notes")
    assert r.status == 200, r
    assert [n["id"] for n in r.json["items"]] == [own["id"]], \
        f"after withdrawal the shelter reads only its own note: {r}"
    assert_no_leak(Only([involved["body"]]), "the shelter after withdrawal", r)


def test_a_recipient_without_the_notes_category_reads_only_its_own(world):
    case, _, _ = referred(world, accepted=("shelter",), share=("identity",))
    police, shelter = world.client("caseworker"), world.client("shelter")
    involved = write_note(police, case["id"], "involved").json
    mine = write_note(shelter, case["id"], "involved").json
    r = shelter.get(f"/cases/{case['id']}/notes")
    assert r.status == 200 and [n["id"] for n in r.json["items"]] == [mine["id"]], r
    assert_no_leak(Only([involved["body"]]), "the shelter (notes not shared)", r)
    assert note_ids(police, case["id"]) == [involved["id"], mine["id"]], \
        "the owner reads every involved note"


def test_an_emergency_recipient_sharing_notes_reads_involved_notes(world):
    """An emergency-basis referral shares without consent; a recipient that reads the `notes`
    category reads the owner's `involved` notes, not its `institution` ones."""
    case, _ = new_case(world, consent_=None, imminent_danger=True)
    police, shelter = world.client("caseworker"), world.client("shelter")
    packet = refer(police, case["id"], referral_body(
        world.shelter, ["identity", "notes"], urgency="emergency", basis="emergency",
        justification=f"Rrezik i menjëhershëm {token()}"))
    assert act(shelter, packet["id"], "accept").status == 200
    assert "notes" not in read(shelter, case["id"]).json["withheld"]
    involved = write_note(police, case["id"], "involved").json
    internal = write_note(police, case["id"], "institution").json
    r = shelter.get(f"/cases/{case['id']}/notes")
    assert r.status == 200 and [n["id"] for n in r.json["items"]] == [involved["id"]], r
    assert_no_leak(Only([internal["body"]]), "the emergency recipient", r)


@pytest.mark.parametrize("state, status", [("in_progress", 201), ("completed", 201),
                                           ("declined", 404), ("cancelled", 404)])
def test_a_recipient_writes_notes_while_its_referral_holds(world, state, status):
    case, _, _ = referral_in(world, state)
    r = write_note(world.client("shelter"), case["id"], "institution")
    assert r.status == status, f"the shelter writing a note with its referral {state}: {r}"
    listed = world.client("shelter").get(f"/cases/{case['id']}/notes")
    assert listed.status == (200 if status == 201 else 404), listed


def test_note_bodies_are_stored_encrypted(server, world, noted):
    texts = [n["text"] for n in noted[2].values()]
    assert_not_in_clear(server.db, "case_notes", texts, control="involved")


NOTE_BAD = [  # (body, status, field)
    ({"body": ""}, 422, "body"),
    ({}, 422, "body"),
    ({"visibility": "involved"}, 422, "body"),
    ({"body": "n" * 10001}, 422, "body"),
    ({"body": "Tekst.", "visibility": "everyone"}, 422, "visibility"),
    ({"body": "Tekst.", "colour": "blue"}, 422, "colour"),
    ({"body": 42}, 400, "body"),
]


@pytest.mark.parametrize("body, status, field", NOTE_BAD, ids=[str(b)[:40] for b, _, _ in NOTE_BAD])
def test_invalid_note_is_refused_naming_the_field(server, world, body, status, field):
    case, _ = new_case(world)
    before = count_rows(server, "case_notes", f"case_id = {case['id']}")
    assert_field_named(world.client("caseworker").post(f"/cases/{case['id']}/notes", body),
                       status, field)
    assert count_rows(server, "case_notes", f"case_id = {case['id']}") == before


def test_a_note_of_10000_characters_is_accepted(world):
    case, _ = new_case(world)
    r = write_note(world.client("caseworker"), case["id"], body="ç" * 10000)
    assert r.status == 201 and r.json["body"] == "ç" * 10000, r


def test_notes_are_listed_oldest_first_across_pages(world):
    case, _ = new_case(world)
    police = world.client("caseworker")
    made = [write_note(police, case["id"]).json["id"] for _ in range(5)]
    seen, cursor = [], None
    for _ in range(10):
        r = police.get(f"/cases/{case['id']}/notes?limit=2" + (f"&cursor={cursor}" if cursor
                                                               else ""))
        assert r.status == 200, r
        seen += [n["id"] for n in r.json["items"]]
        cursor = r.json.get("next")
        if not cursor:
            break
    assert seen == made, f"paged notes {seen}, written {made}"


# --- 7. the audit trail of writes ----------------------------------------------------------

def test_every_write_is_audited_with_field_names_and_no_value(world, auditor):
    case, person = new_case(world)
    police = world.client("caseworker")
    phone, given = f"+355 67 {uniq()}", f"Mimoza {token()}"
    kid, perp = f"Klea {token()}", f"Besnik {token()}"
    narrative, note = f"E ndoqi deri në shtëpi {token()}", note_text()

    patch_ok(police, case["id"], {"imminent_danger": True, "survivor": {"phone": phone}})
    patch_ok(police, case["id"], {"survivor": {"given_name": given}})
    patch_ok(police, case["id"], {"children": [{"given_name": kid}]})
    patch_ok(police, case["id"], {"perpetrator": {"given_name": perp, "relationship": "other"}})
    assert add_incident(police, case["id"], narrative=narrative, bias=None).status == 201
    assert write_note(police, case["id"], "involved", note).status == 201
    assert police.get(f"/cases/{case['id']}/notes").status == 200
    assert police.post(f"/cases/{case['id']}/close", {"outcome": "goals_met"}).status == 200

    log = audit(auditor, case_id=case["id"])
    updates = [e for e in reversed(log) if e["action"] == "case.update"]   # oldest first
    assert len(updates) == 4, f"case.update entries: {updates}"
    assert sorted(updates[0]["fields"]) == ["imminent_danger", "survivor.phone"], updates[0]
    assert updates[1]["fields"] == ["survivor.given_name"], updates[1]
    assert updates[2]["fields"] and all(f.startswith("children") for f in updates[2]["fields"])
    assert updates[3]["fields"] and all(f.startswith("perpetrator")
                                        for f in updates[3]["fields"]), updates[3]
    for e in updates:
        assert (e["case_id"], e["actor_user_id"]) == (case["id"], world.users["caseworker"].id)
    incident = [e for e in log if e["action"] == "incident.create"]
    assert len(incident) == 1, incident
    assert sorted(f.split(".")[-1] for f in incident[0]["fields"]) == \
        ["forms", "narrative", "occurred_on", "place"], incident[0]
    created = [e for e in log if e["action"] == "note.create"]
    assert len(created) == 1 and sorted(created[0]["fields"]) == ["body", "visibility"], created
    listed = [e for e in log if e["action"] == "note.list"]
    assert len(listed) == 1 and listed[0]["fields"] == ["notes"], listed
    closes = [e for e in log if e["action"] == "case.close"]
    assert len(closes) == 1 and closes[0]["fields"] == ["outcome"], closes

    written = Only([phone, given, kid, perp, narrative, note, person.given_name,
                    "".join(ch for ch in phone if ch.isdigit())])
    assert_no_leak(written, "the audit log", *log)
    assert_no_leak(person, "the audit log", *log)
    assert not leaked(Only([phone]), *[e["fields"] for e in log])
    verify = auditor.get("/audit/verify")
    assert verify.status == 200 and verify.json.get("intact") is True, verify


def test_refused_writes_are_not_audited_as_changes(world, auditor):
    case, _ = new_case(world)
    police = world.client("caseworker")
    assert patch(police, case["id"], {"imminent_danger": True}).status == 428
    assert patch(police, case["id"], {"imminent_danger": True}, case["version"] + 3).status == 412
    assert patch(police, case["id"], {"colour": 1}, case["version"]).status == 422
    assert police.post(f"/cases/{case['id']}/close", {"outcome": "nope"}).status == 422
    log = audit(auditor, case_id=case["id"])
    assert not [e for e in log if e["action"] in ("case.update", "case.close")], log


def test_a_patch_by_the_manager_is_audited_as_the_manager(world, auditor):
    case, _ = new_case(world)
    patch_ok(world.client("manager"), case["id"], {"imminent_danger": True})
    updates = entries(auditor, case["id"], "case.update")
    assert len(updates) == 1, updates
    assert updates[0]["actor_user_id"] == world.users["manager"].id, updates[0]
    assert updates[0]["institution_id"] == world.police["id"], updates[0]
    assert updates[0]["fields"] == ["imminent_danger"], updates[0]


def test_new_users_of_the_owner_write_too(server, admin, world):
    """Access follows the caller's institution, not who created the case."""
    case, _ = new_case(world)
    u = new_user(admin, "caseworker", world.police["id"])
    c = server.sign_in(u.username, u.password)
    assert patch(c, case["id"], {"imminent_danger": True}, case["version"]).status == 200
