"""Cases, first increment (CONTRACT.md "Cases (first increment: create, read, list)").

- Creating a case as a caseworker or manager of a member institution: 201, every part echoed,
  an ETag, a reference CODE-YYYY-NNNN (the mechanism's municipality code, the server's year, a
  number per municipality and year of at least four digits, more past 9999, gap-free even
  under 20 concurrent writers), status `open`,
  risk `unassessed`, nothing withheld from the owner, and a `case.create` audit entry that
  names parts but holds no value.
- Visibility, the project's worst bug to have: each reader (the owner's staff, another member
  institution, the mechanism's coordinator, coordinators of other mechanisms, admin, national,
  auditor) gets exactly what the information-sharing protocol allows, and for every reader but
  the owner the WHOLE raw answer (body and headers) is searched for every personal string of
  the case. Each personal string carries a unique ASCII token (`k<uniq>k`), which is searched
  too, case-insensitively, so that a leak escaped as \\uXXXX or re-cased is still caught.
- Reads are audited (`case.read` with the categories returned, `case.list`), the audit log
  never holds personal data and its chain stays intact.
- Duplicates and repeat cases by the blind index (normalised names and birth date), without
  showing a case the caller may not see; the 12-month window by the server clock.
- List filters and paging; bad input (400/422 naming the nested field, 403 for other roles,
  nothing written); and encryption at rest: no personal string in clear anywhere in the
  database (every table) or in the server's log, with the reference as the positive control.

The module's server runs with its clock fixed at T0 (2026-11-23T09:00Z) so that "the future"
and "this year" are known; tests that move the clock get their own server.
"""

import datetime as dt
import itertools
import json
import os
import re
import threading
import urllib.parse
from types import SimpleNamespace

import pytest

import harness
from harness import (T0, Response, assert_problem, list_all, new_institution, new_mechanism,
                     new_municipality, new_user, query_db, rfc3339, uniq, write_db)

# The categories of the information-sharing protocol, in its order (CONTRACT.md: withheld).
CATEGORIES = ["identity", "contact", "incident", "risk", "health", "children", "perpetrator",
              "legal", "notes"]
ALWAYS = {"id", "reference", "kind", "mechanism_id", "owner_institution_id", "status",
          "risk_level", "imminent_danger", "repeat", "created_at", "updated_at", "withheld"}
PARTS = ("survivor", "children", "perpetrator", "incidents", "consents")
REFERENCE = re.compile(r"^[A-Z]{3}-\d{4}-\d{4,}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
AUDIT_NAME = re.compile(r"^[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*$")
TODAY = T0.date()
DAY = dt.timedelta(days=1)


# --- the server: one per module, its clock fixed at T0 -------------------------------------

@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-cases"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


# --- a mechanism with its people -----------------------------------------------------------

def join(admin, mechanism_id, institution_id):
    r = admin.post(f"/mechanisms/{mechanism_id}/members",
                   {"institution_id": institution_id, "joined_on": "2025-01-15"})
    assert r.status == 201, f"joining institution {institution_id} to {mechanism_id}: {r}"


class Site:
    """A mechanism of one municipality with its coordinator and two member institutions:
    `owner` (police), which creates the cases, and `other` (social services); a caseworker and
    a manager in each. Clients sign in on first use; forget_sessions() after a clock jump."""

    def __init__(self, server, admin, kind="domestic_violence", municipality=None):
        self.server, self.admin, self.kind = server, admin, kind
        self.municipality = municipality or new_municipality(admin)
        self.code = self.municipality["code"]
        coordinator = new_user(admin, "coordinator")
        self.mechanism = new_mechanism(admin, self.municipality["id"], kind=kind,
                                       coordinator_user_id=coordinator.id)
        self.owner = new_institution(admin, self.municipality["id"], type="police",
                                     services=["police_protection", "protection_order"])
        self.other = new_institution(admin, self.municipality["id"], type="social_services")
        for inst in (self.owner, self.other):
            join(admin, self.mechanism["id"], inst["id"])
        self.users = {
            "caseworker": new_user(admin, "caseworker", self.owner["id"]),
            "manager": new_user(admin, "manager", self.owner["id"]),
            "other_caseworker": new_user(admin, "caseworker", self.other["id"]),
            "other_manager": new_user(admin, "manager", self.other["id"]),
            "coordinator": coordinator,
        }
        self._clients = {}

    def client(self, who):
        if who not in self._clients:
            u = self.users[who]
            self._clients[who] = self.server.sign_in(u.username, u.password)
        return self._clients[who]

    def forget_sessions(self):
        self._clients = {}


# --- survivors and case bodies -------------------------------------------------------------

_serial = itertools.count(1)


def token():
    """A unique ASCII marker; `k…k` so that no marker is a prefix of another."""
    return f"k{uniq()}k"


def unique_date(start, span_days):
    n = next(_serial)
    return (start + dt.timedelta(days=(n * 97 + os.getpid()) % span_days)).isoformat()


def new_person(**fields):
    """A survivor and everyone around her, each personal string distinctive.
    `secrets` lists what must never reach a reader the protocol does not allow: every
    personal string, its ASCII marker, and the phone number's bare digits."""
    p = SimpleNamespace(
        given_name=f"Dëshira {token()}", family_name=f"Çela {token()}",
        date_of_birth=unique_date(dt.date(1950, 1, 1), 45 * 365),
        phone=f"+355 69 {os.getpid() % 100:02d}{next(_serial):05d}",
        address=f"Rruga e Elbasanit {token()}, pallati 7",
        child_name=f"Arbër {token()}", child_birth=unique_date(dt.date(2010, 1, 1), 4000),
        perpetrator_given=f"Gëzim {token()}", perpetrator_family=f"Hoxha {token()}",
        perpetrator_birth=unique_date(dt.date(1940, 1, 1), 45 * 365),
        narrative=f"E goditi në kuzhinë para fëmijëve {token()} dhe e kërcënoi me thikë.")
    for key, value in fields.items():
        setattr(p, key, value)
    strings = [p.given_name, p.family_name, p.date_of_birth, p.phone, p.address, p.child_name,
               p.child_birth, p.perpetrator_given, p.perpetrator_family, p.perpetrator_birth,
               p.narrative]
    markers = [m for s in strings for m in re.findall(r"k\d+x\d+k", s, re.I)]
    p.strings = strings + markers
    p.secrets = p.strings + [re.sub(r"\D", "", p.phone)]
    return p


def case_body(site, person, **overrides):
    """A complete case for `person` in `site`'s mechanism; overrides replace top-level parts
    (None removes one)."""
    body = {
        "kind": site.kind,
        "mechanism_id": site.mechanism["id"],
        "imminent_danger": True,
        "survivor": {"given_name": person.given_name, "family_name": person.family_name,
                     "sex": "female", "date_of_birth": person.date_of_birth,
                     "phone": person.phone, "address": person.address,
                     "address_confidential": True,
                     "municipality_id": site.municipality["id"]},
        "children": [{"given_name": person.child_name, "date_of_birth": person.child_birth,
                      "sex": "male"}],
        "perpetrator": {"given_name": person.perpetrator_given,
                        "family_name": person.perpetrator_family, "relationship": "spouse",
                        "date_of_birth": person.perpetrator_birth},
        "incident": {"occurred_on": (TODAY - 3 * DAY).isoformat(),
                     "forms": ["physical", "psychological"], "place": "home",
                     "narrative": person.narrative, "bias": []},
        "consent": {"given": True, "method": "written",
                    "institution_types": ["police", "social_services"],
                    "institution_ids": [site.other["id"]],
                    "categories": ["contact", "identity", "incident"]},
    }
    for key, value in overrides.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def minimal_body(site, person):
    return {"kind": site.kind, "mechanism_id": site.mechanism["id"],
            "survivor": {"given_name": person.given_name, "family_name": person.family_name,
                         "sex": "female", "date_of_birth": person.date_of_birth}}


def create(client, body):
    r = client.post("/cases", body)
    assert r.status == 201, f"creating a case: {r}"
    return r.json


def with_part(body, part, **fields):
    """A copy of `body` whose object `part` has `fields` changed (None removes one)."""
    body = json.loads(json.dumps(body))
    for key, value in fields.items():
        if value is None:
            body[part].pop(key, None)
        else:
            body[part][key] = value
    return body


# --- what a reader got ----------------------------------------------------------------------

def _haystack(item):
    if isinstance(item, Response):
        texts = [item.text, "\n".join(f"{k}: {v}" for k, v in item.headers.items())]
        if item.json is not None:
            texts.append(json.dumps(item.json, ensure_ascii=False))
        return "\n".join(texts)
    return item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)


def leaked(person, *items):
    """The personal strings of `person` found (case-insensitively) in these answers."""
    hay = "\n".join(_haystack(i) for i in items).lower()
    return [s for s in person.secrets if s.lower() in hay]


def assert_no_leak(person, who, *items):
    found = leaked(person, *items)
    assert not found, f"PERSONAL DATA reached {who}: {found} in {items}"


def pages(client, path, **params):
    """Every page (the raw Responses) of a list, following `next`."""
    out, cursor = [], None
    for _ in range(1000):
        query = dict(params, limit=500)
        if cursor:
            query["cursor"] = cursor
        r = client.get(path + "?" + urllib.parse.urlencode(query))
        assert r.status == 200, f"listing {path}: {r}"
        out.append(r)
        cursor = r.json.get("next")
        if not cursor:
            return out
    raise AssertionError(f"{path}: cursor never ended")


def listed_ids(client, **params):
    return [c["id"] for c in list_all(client, "/cases", **params)]


def audit(auditor, **params):
    return list_all(auditor, "/audit", **params)


def stored(server):
    """What case creation writes: (cases, incidents, consents, reference numbers handed out)."""
    return tuple(query_db(server.db, "SELECT (SELECT COUNT(*) FROM cases), "
                                     "(SELECT COUNT(*) FROM incidents), "
                                     "(SELECT COUNT(*) FROM consents), "
                                     "(SELECT COALESCE(SUM(last), 0) "
                                     "FROM case_reference_counters)")[0])


def assert_list_item(item, who):
    """A list summary: the always-present fields (`withheld` optional here) and no personal
    part."""
    assert isinstance(item, dict), (who, item)
    assert ALWAYS - {"withheld"} <= set(item), f"{who}: summary lacks {ALWAYS - set(item)}: {item}"
    present = [p for p in PARTS if p in item]
    assert not present, f"{who} got the personal parts {present}: {item}"


def assert_summary(doc, who):
    """A case read as a summary: no personal part, every category withheld (sorted)."""
    assert_list_item(doc, who)
    assert "withheld" in doc, f"{who}: no withheld: {doc}"
    assert doc["withheld"] == CATEGORIES, f"{who}: withheld {doc['withheld']}, not {CATEGORIES}"


# --- 1. create -----------------------------------------------------------------------------

def _assert_owner_document(doc, body, site, who):
    s, b = doc.get("survivor"), body["survivor"]
    assert isinstance(s, dict), f"{who}: no survivor: {doc}"
    for key in ("given_name", "family_name", "sex", "date_of_birth", "phone", "address",
                "address_confidential", "municipality_id"):
        assert s.get(key) == b[key], f"{who}: survivor.{key} = {s.get(key)!r}: {doc}"
    children = doc.get("children")
    assert isinstance(children, list) and len(children) == len(body["children"]), \
        f"{who}: children: {doc}"
    for got, given in zip(children, body["children"]):
        for key, value in given.items():
            assert got.get(key) == value, f"{who}: children[].{key}: {doc}"
    for key, value in body["perpetrator"].items():
        assert doc["perpetrator"].get(key) == value, f"{who}: perpetrator.{key}: {doc}"
    incidents = doc.get("incidents")
    assert isinstance(incidents, list) and len(incidents) == 1, f"{who}: incidents: {doc}"
    for key in ("occurred_on", "place", "narrative"):
        assert incidents[0].get(key) == body["incident"][key], f"{who}: incident.{key}: {doc}"
    for key in ("forms", "bias"):
        assert sorted(incidents[0].get(key)) == sorted(body["incident"][key]), (who, key, doc)
    consents = doc.get("consents")
    assert isinstance(consents, list) and len(consents) == 1, f"{who}: consents: {doc}"
    for key in ("given", "method"):
        assert consents[0].get(key) == body["consent"][key], f"{who}: consent.{key}: {doc}"
    for key in ("institution_types", "institution_ids", "categories"):
        assert sorted(consents[0].get(key)) == sorted(body["consent"][key]), (who, key, doc)
    assert ALWAYS <= set(doc), f"{who}: lacks {ALWAYS - set(doc)}"
    assert (doc["kind"], doc["mechanism_id"], doc["owner_institution_id"]) == \
        (body["kind"], site.mechanism["id"], site.owner["id"]), doc
    assert (doc["status"], doc["risk_level"], doc["imminent_danger"]) == \
        ("open", "unassessed", body["imminent_danger"]), doc
    assert doc["withheld"] == [], f"{who}: the owner has {doc['withheld']} withheld"


def test_caseworker_creates_a_case_and_reads_it_back_whole(server, admin):
    site = Site(server, admin)
    person = new_person()
    body = case_body(site, person)
    r = site.client("caseworker").post("/cases", body)
    assert r.status == 201, r
    doc = r.json
    assert isinstance(doc["id"], int) and doc["id"] > 0, doc
    _assert_owner_document(doc, body, site, "POST answer")
    missed = set(person.strings) - set(leaked(person, r))
    assert not missed, f"positive control: the leak search misses {missed} in the owner's view"
    assert re.fullmatch(r'"\d+"', r.headers.get("ETag") or ""), f"ETag: {r.headers.get('ETag')}"
    assert REFERENCE.match(doc["reference"]), doc["reference"]
    assert doc["reference"].startswith(f"{site.code}-{T0.year}-"), doc["reference"]
    assert doc["repeat"] is False, doc
    assert doc["possible_duplicates"] == {"ids": [], "hidden": 0}, doc
    for key in ("created_at", "updated_at"):
        assert RFC3339.match(doc[key]), (key, doc)
    assert doc["created_at"].startswith(rfc3339(T0)[:19]), f"created_at not the server clock: {doc}"

    got = site.client("caseworker").get(f"/cases/{doc['id']}")
    assert got.status == 200, got
    _assert_owner_document(got.json, body, site, "GET by the creating caseworker")
    assert got.json["reference"] == doc["reference"]


def test_manager_of_the_owner_reads_the_whole_case_and_may_create(server, admin):
    site = Site(server, admin)
    body = case_body(site, new_person())
    doc = create(site.client("caseworker"), body)
    got = site.client("manager").get(f"/cases/{doc['id']}")
    assert got.status == 200, got
    _assert_owner_document(got.json, body, site, "the owner's manager")
    assert doc["id"] in listed_ids(site.client("manager"))

    own = create(site.client("manager"), case_body(site, new_person()))
    assert own["owner_institution_id"] == site.owner["id"], own
    assert own["id"] in listed_ids(site.client("caseworker"))


def test_minimal_case_is_accepted(server, admin):
    site = Site(server, admin)
    person = new_person()
    doc = create(site.client("caseworker"), minimal_body(site, person))
    assert doc["survivor"]["given_name"] == person.given_name, doc
    assert (doc["status"], doc["risk_level"], doc["withheld"]) == ("open", "unassessed", []), doc
    assert doc["imminent_danger"] is False, "imminent_danger should default to false"


def test_values_at_their_limits_are_accepted(server, admin):
    site = Site(server, admin)
    person = new_person()
    body = case_body(site, person, children=[
        {"given_name": f"Fëmija {i} {token()}", "sex": "unknown"} for i in range(20)])
    body["survivor"]["given_name"] = "ë" * 100          # 100 characters, 200 bytes
    body["survivor"]["family_name"] = "Ç"
    body["survivor"]["date_of_birth"] = TODAY.isoformat()   # today is not the future
    body["survivor"]["phone"] = "9" * 40
    body["survivor"]["address"] = "a" * 400
    body["perpetrator"]["family_name"] = "h" * 100
    body["incident"]["occurred_on"] = TODAY.isoformat()
    body["incident"]["narrative"] = "n" * 10000
    body["incident"]["forms"] = ["physical", "psychological", "sexual", "economic", "stalking",
                                 "neglect"]
    body["consent"]["categories"] = CATEGORIES
    doc = create(site.client("caseworker"), body)
    assert doc["survivor"]["given_name"] == "ë" * 100, doc["survivor"]
    assert len(doc["children"]) == 20, doc["children"]
    assert len(doc["incidents"][0]["narrative"]) == 10000
    leap = with_part(case_body(site, new_person()), "survivor", date_of_birth="1992-02-29")
    assert create(site.client("caseworker"), leap)["survivor"]["date_of_birth"] == "1992-02-29"


def test_case_create_is_audited_with_part_names_and_no_value(server, admin, auditor):
    site = Site(server, admin)
    person = new_person()
    doc = create(site.client("caseworker"), case_body(site, person))
    entries = [e for e in audit(auditor, case_id=doc["id"]) if e["action"] == "case.create"]
    assert len(entries) == 1, f"case.create entries for case {doc['id']}: {entries}"
    e = entries[0]
    assert (e["case_id"], e["object_id"], e["object_type"]) == (doc["id"], doc["id"], "case"), e
    assert e["actor_user_id"] == site.users["caseworker"].id, e
    assert e["institution_id"] == site.owner["id"], e
    names = e["fields"]
    assert isinstance(names, list) and names, f"case.create names no part: {e}"
    assert all(isinstance(n, str) and AUDIT_NAME.match(n) for n in names), \
        f"case.create fields are not field names: {names}"
    aliases = {"survivor": ("survivor", "identity"), "children": ("children",),
               "perpetrator": ("perpetrator",), "incident": ("incident", "incidents"),
               "consent": ("consent", "consents")}
    for part, names_of_part in aliases.items():
        assert any(n == a or n.startswith((a + ".", a + "[")) for n in names
                   for a in names_of_part), f"case.create does not name {part}: {names}"
    assert_no_leak(person, "the audit log (case.create)", e)

    minimal = create(site.client("caseworker"), minimal_body(site, new_person()))
    e = next(e for e in audit(auditor, case_id=minimal["id"]) if e["action"] == "case.create")
    assert not any(n.startswith(("children", "perpetrator")) for n in e["fields"]), \
        f"case.create names parts that were not given: {e['fields']}"


# --- 2. references -------------------------------------------------------------------------

def test_references_count_per_municipality_not_per_mechanism(server, admin):
    a = Site(server, admin)
    gbv = new_mechanism(admin, a.municipality["id"], kind="gbv")
    join(admin, gbv["id"], a.owner["id"])
    b = Site(server, admin)
    c, d = a.client("caseworker"), b.client("caseworker")
    refs_a = [create(c, case_body(a, new_person()))["reference"],
              create(c, case_body(a, new_person(), kind="gbv", mechanism_id=gbv["id"]))
              ["reference"]]
    refs_b = [create(d, case_body(b, new_person()))["reference"]]
    refs_a.append(create(a.client("other_caseworker"), case_body(a, new_person()))["reference"])
    refs_b.append(create(d, case_body(b, new_person()))["reference"])
    year = T0.year
    assert refs_a == [f"{a.code}-{year}-{n:04d}" for n in (1, 2, 3)], refs_a
    assert refs_b == [f"{b.code}-{year}-{n:04d}" for n in (1, 2)], refs_b


def test_reference_takes_the_mechanisms_municipality_not_the_institutions(server, admin):
    site = Site(server, admin)
    elsewhere = new_municipality(admin)
    outsider = new_institution(admin, elsewhere["id"], type="health")
    join(admin, site.mechanism["id"], outsider["id"])
    worker = new_user(admin, "caseworker", outsider["id"])
    c = server.sign_in(worker.username, worker.password)
    body = case_body(site, new_person())
    body["survivor"]["municipality_id"] = elsewhere["id"]
    doc = create(c, body)
    assert doc["reference"] == f"{site.code}-{T0.year}-0001", doc["reference"]


def test_references_restart_at_0001_in_a_new_year(new_server):
    s = new_server(now=T0)
    admin = s.sign_in_admin()
    site = Site(s, admin)
    refs = [create(site.client("caseworker"), case_body(site, new_person()))["reference"]
            for _ in range(2)]
    assert refs == [f"{site.code}-2026-0001", f"{site.code}-2026-0002"], refs
    s.restart(now=dt.datetime(2027, 1, 2, 9, 0, tzinfo=harness.UTC))
    site.forget_sessions()
    body = case_body(site, new_person())
    body["incident"]["occurred_on"] = "2027-01-01"
    refs = [create(site.client("caseworker"), body)["reference"],
            create(site.client("caseworker"), case_body(site, new_person()))["reference"]]
    assert refs == [f"{site.code}-2027-0001", f"{site.code}-2027-0002"], refs


def test_the_ten_thousandth_case_of_a_year_takes_a_fifth_digit(server, admin):
    """A municipality past 9999 cases in a year: the number grows (CODE-YYYY-10000), is found
    by its reference, and matches the pattern the served document gives."""
    from openapi_doc import document, schema_errors
    site = Site(server, admin)
    c = site.client("caseworker")
    first = create(c, case_body(site, new_person()))["reference"]
    assert first == f"{site.code}-{T0.year}-0001", first
    # Behind the server's back: 9,998 cases of this municipality and year already numbered.
    write_db(server.db, "UPDATE case_reference_counters SET last = 9998 WHERE "
             f"municipality_id = {int(site.municipality['id'])} AND year = {T0.year}")
    docs = [create(c, case_body(site, new_person())) for _ in range(2)]
    refs = [d["reference"] for d in docs]
    assert refs == [f"{site.code}-{T0.year}-9999", f"{site.code}-{T0.year}-10000"], refs
    spec = document(c)
    for d in docs:
        assert REFERENCE.match(d["reference"]), d["reference"]
        assert not schema_errors(spec, "Case", d), schema_errors(spec, "Case", d)
    r = c.get(f"/cases?q={refs[1]}")
    assert r.status == 200 and [i["id"] for i in r.json["items"]] == [docs[1]["id"]], r
    assert c.get(f"/cases/{docs[1]['id']}").json["reference"] == refs[1]


def test_twenty_concurrent_creations_get_0001_to_0020(server, admin):
    site = Site(server, admin)
    c = site.client("caseworker")
    bodies = [case_body(site, new_person()) for _ in range(20)]
    start = threading.Barrier(len(bodies))
    answers = [None] * len(bodies)

    def post(i):
        start.wait()
        try:
            answers[i] = c.post("/cases", bodies[i])
        except Exception as e:   # reported below, not lost in a thread
            answers[i] = e

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = [a for a in answers if not isinstance(a, Response) or a.status != 201]
    assert not failed, f"concurrent creations failed: {failed}"
    refs = sorted(a.json["reference"] for a in answers)
    assert refs == [f"{site.code}-{T0.year}-{n:04d}" for n in range(1, 21)], refs
    assert len({a.json["id"] for a in answers}) == 20
    assert sorted(listed_ids(c)) == sorted(a.json["id"] for a in answers)


# --- 3. visibility -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(server, admin):
    """One full case in a mechanism, and readers around it:
    - `sibling_coordinator`: coordinator of a gbv mechanism of the same municipality that the
      owner institution also belongs to;
    - `foreign_coordinator`, `foreign_caseworker`: a mechanism of another municipality."""
    site = Site(server, admin)
    sibling_coordinator = new_user(admin, "coordinator")
    sibling = new_mechanism(admin, site.municipality["id"], kind="gbv",
                            coordinator_user_id=sibling_coordinator.id)
    join(admin, sibling["id"], site.owner["id"])
    join(admin, sibling["id"], site.other["id"])
    foreign = Site(server, admin)
    person = new_person()
    body = case_body(site, person)
    doc = create(site.client("caseworker"), body)
    # a case in the foreign mechanism, so that its people have something of their own to list
    create(foreign.client("caseworker"), case_body(foreign, new_person()))
    return SimpleNamespace(site=site, foreign=foreign, person=person, body=body, case=doc,
                           sibling_coordinator=server.sign_in(sibling_coordinator.username,
                                                              sibling_coordinator.password))


def _reader(world, actors, server, admin, who):
    """A signed-in client for a reader of the world's case."""
    if who in world.site.users:
        return world.site.client(who)
    if who == "foreign_coordinator":
        return world.foreign.client("coordinator")
    if who == "foreign_caseworker":
        return world.foreign.client("caseworker")
    if who == "sibling_coordinator":
        return world.sibling_coordinator
    return actors.client(who)


OWNERS = ["caseworker", "manager"]
HIDDEN_FROM = ["other_caseworker", "other_manager", "sibling_coordinator",
               "foreign_coordinator", "foreign_caseworker"]
NO_CASE_DATA = ["admin", "national", "auditor"]


@pytest.mark.parametrize("who", OWNERS)
def test_owner_staff_read_everything(world, actors, server, admin, who):
    c = _reader(world, actors, server, admin, who)
    r = c.get(f"/cases/{world.case['id']}")
    assert r.status == 200, r
    _assert_owner_document(r.json, world.body, world.site, who)
    listing = list_all(c, "/cases")
    assert world.case["id"] in [i["id"] for i in listing], f"{who} does not list the case"


UNKNOWN_ID = 987654321


def _assert_same_as_unknown(hidden, hidden_id, unknown, who):
    """A hidden case's 404 must be indistinguishable from an unknown case's (ids aside)."""
    assert_problem(hidden, 404)
    assert_problem(unknown, 404)
    for key in ("type", "title", "status", "detail", "errors"):
        mine = json.dumps(hidden.json.get(key)).replace(str(hidden_id), "ID")
        theirs = json.dumps(unknown.json.get(key)).replace(str(UNKNOWN_ID), "ID")
        assert mine == theirs, f"{who}: a hidden case's 404 differs from an unknown one's " \
                               f"in {key}: {hidden} vs {unknown}"
    varying = {"x-request-id", "date", "content-length"}
    assert {h.lower() for h in hidden.headers} - varying == \
        {h.lower() for h in unknown.headers} - varying, \
        f"{who}: a hidden case's 404 has other headers than an unknown one's: " \
        f"{dict(hidden.headers)} vs {dict(unknown.headers)}"


@pytest.mark.parametrize("who", HIDDEN_FROM)
def test_other_institutions_and_other_mechanisms_get_404_and_no_trace(world, actors, server,
                                                                     admin, who):
    c = _reader(world, actors, server, admin, who)
    case = world.case
    hidden = c.get(f"/cases/{case['id']}")
    unknown = c.get(f"/cases/{UNKNOWN_ID}")
    _assert_same_as_unknown(hidden, case["id"], unknown, who)
    assert case["reference"] not in hidden.text, f"{who}'s 404 names the case: {hidden}"
    listings = pages(c, "/cases")
    items = [i for page in listings for i in page.json["items"]]
    assert case["id"] not in [i["id"] for i in items], f"{who} lists a case it may not see"
    assert case["reference"] not in "".join(p.text for p in listings), \
        f"{who}'s list names the case"
    prefix = c.get(f"/cases?q={case['reference']}")
    assert prefix.status == 200 and prefix.json["items"] == [], \
        f"{who} finds the hidden case by its reference: {prefix}"
    for query in ("status=open", "risk_level=unassessed", f"kind={case['kind']}"):
        r = c.get(f"/cases?{query}&limit=500")
        assert r.status == 200 and case["id"] not in [i["id"] for i in r.json["items"]], \
            (who, query, r)
    # parameters the contract does not know must not widen the list
    widened = c.get(f"/cases?limit=500&owner_institution_id={case['owner_institution_id']}"
                    f"&institution_id={case['owner_institution_id']}"
                    f"&mechanism_id={case['mechanism_id']}&all=true")
    assert widened.status in (200, 400), widened
    if widened.status == 200:
        assert case["id"] not in [i["id"] for i in widened.json["items"]], (who, widened)
    # conditional and HEAD requests must not tell a hidden case from an unknown one
    conditional = [c.get(f"/cases/{case['id']}", headers={"If-None-Match": tag})
                   for tag in ('"1"', '"2"', "*")]
    for r in conditional:
        _assert_same_as_unknown(r, case["id"], unknown, f"{who} (If-None-Match)")
    head = c.request("HEAD", f"/cases/{case['id']}")
    assert head.status == c.request("HEAD", f"/cases/{UNKNOWN_ID}").status, (who, head)
    assert_no_leak(world.person, who, hidden, unknown, prefix, widened, head, *conditional,
                   *listings)


@pytest.mark.parametrize("who", NO_CASE_DATA)
def test_admin_national_and_auditor_never_see_case_data(world, actors, server, admin, who):
    c = _reader(world, actors, server, admin, who)
    hidden = c.get(f"/cases/{world.case['id']}")
    _assert_same_as_unknown(hidden, world.case["id"], c.get(f"/cases/{UNKNOWN_ID}"), who)
    listing = c.get("/cases")
    assert_problem(listing, 403)
    filtered = c.get(f"/cases?q={world.case['reference']}")
    assert_problem(filtered, 403)
    assert world.case["reference"] not in hidden.text + listing.text + filtered.text
    assert_no_leak(world.person, who, hidden, listing, filtered)


def test_the_mechanisms_coordinator_gets_the_summary_only(world, actors, server, admin):
    c = _reader(world, actors, server, admin, "coordinator")
    case = world.case
    r = c.get(f"/cases/{case['id']}")
    listings = pages(c, "/cases")
    assert_no_leak(world.person, "the mechanism's coordinator", r, *listings)
    assert r.status == 200, r
    items = {i["id"]: i for page in listings for i in page.json["items"]}
    assert case["id"] in items, "the coordinator does not list a case of its mechanism"
    assert_list_item(items[case["id"]], "the coordinator's list")
    foreign_ids = listed_ids(world.foreign.client("caseworker"))
    assert not set(foreign_ids) & set(items), "the coordinator lists another mechanism's cases"
    for key in ("id", "reference", "kind", "mechanism_id", "owner_institution_id", "status",
                "risk_level", "imminent_danger", "repeat"):
        assert r.json[key] == case[key], (key, r.json)
    assert_summary(r.json, "the coordinator")


def test_coordinator_lists_every_member_institutions_case_as_a_summary(world, actors, server,
                                                                       admin):
    """More cases in the mechanism, from both institutions: the coordinator's list shows
    all of them as summaries and still no personal string of any."""
    site = world.site
    people = [new_person(), new_person()]
    made = [create(site.client("caseworker"), case_body(site, people[0])),
            create(site.client("other_caseworker"), case_body(site, people[1]))]
    c = _reader(world, actors, server, admin, "coordinator")
    listings = pages(c, "/cases")
    ids = [i["id"] for page in listings for i in page.json["items"]]
    assert all(m["id"] in ids for m in made), "the coordinator misses cases of its mechanism"
    for person in people + [world.person]:
        assert_no_leak(person, "the coordinator's list", *listings)
    for m in made:
        assert_no_leak(people[0], "the coordinator's summary", c.get(f"/cases/{m['id']}"))
        assert_no_leak(people[1], "the coordinator's summary", c.get(f"/cases/{m['id']}"))
    # the other institution sees its own case, not the owner's
    other_ids = listed_ids(site.client("other_caseworker"))
    assert made[1]["id"] in other_ids and made[0]["id"] not in other_ids, other_ids
    r = site.client("other_caseworker").get(f"/cases/{made[0]['id']}")
    assert_problem(r, 404)
    assert_no_leak(people[0], "another member institution", r)
    owner_ids = listed_ids(site.client("caseworker"))
    assert made[0]["id"] in owner_ids and made[1]["id"] not in owner_ids, owner_ids
    r = site.client("manager").get(f"/cases/{made[1]['id']}")
    assert_problem(r, 404)
    assert_no_leak(people[1], "the owner's manager (another institution's case)", r)


@pytest.mark.parametrize("change", [{"institution_id": "other"}, {"role": "national"},
                                    {"active": False}],
                         ids=["moved-to-another-institution", "made-national", "disabled"])
def test_access_follows_the_callers_current_institution_role_and_status(server, admin, change):
    """A caseworker signed in before the admin moved, re-roled or disabled them must not keep
    reading the case with that session."""
    site = Site(server, admin)
    person = new_person()
    case = create(site.client("caseworker"), case_body(site, person))
    worker = new_user(admin, "caseworker", site.owner["id"])
    c = server.sign_in(worker.username, worker.password)
    assert c.get(f"/cases/{case['id']}").status == 200
    if change.get("institution_id") == "other":
        change = {"institution_id": site.other["id"]}
    r = admin.patch(f"/users/{worker.id}", change)
    assert r.status == 200, r
    got, listing = c.get(f"/cases/{case['id']}"), c.get("/cases")
    assert got.status in (401, 404), f"after {change} the old session still reads: {got}"
    assert_problem(got, got.status)
    assert listing.status in (200, 401, 403), listing
    if listing.status == 200:
        assert case["id"] not in [i["id"] for i in listing.json["items"]], listing
    assert_no_leak(person, f"a caseworker after {change}", got, listing)


def test_a_replaced_coordinator_loses_the_summary(server, admin):
    site = Site(server, admin)
    person = new_person()
    case = create(site.client("caseworker"), case_body(site, person))
    old = site.client("coordinator")
    assert old.get(f"/cases/{case['id']}").status == 200
    successor = new_user(admin, "coordinator")
    r = admin.patch(f"/mechanisms/{site.mechanism['id']}", {"coordinator_user_id": successor.id})
    assert r.status == 200, r
    got = old.get(f"/cases/{case['id']}")
    _assert_same_as_unknown(got, case["id"], old.get(f"/cases/{UNKNOWN_ID}"),
                            "the former coordinator")
    assert case["id"] not in listed_ids(old), "the former coordinator still lists the case"
    new = server.sign_in(successor.username, successor.password)
    r = new.get(f"/cases/{case['id']}")
    assert r.status == 200, r
    assert_no_leak(person, "the coordinators", got, r)
    assert case["id"] in listed_ids(new)


def test_anonymous_callers_get_401(world, anon):
    assert_problem(anon.get(f"/cases/{world.case['id']}"), 401)
    assert_problem(anon.get("/cases"), 401)
    before = stored(anon.server)
    assert_problem(anon.post("/cases", world.body), 401)
    assert stored(anon.server) == before


def test_the_audit_log_never_holds_personal_data(world, actors, server, admin, auditor):
    """After every kind of read above (run here too, so the test stands alone)."""
    for who in OWNERS + HIDDEN_FROM + ["coordinator"]:
        c = _reader(world, actors, server, admin, who)
        c.get(f"/cases/{world.case['id']}")
        c.get("/cases")
    listings = pages(auditor, "/audit")
    assert any(e.get("case_id") == world.case["id"] for p in listings for e in p.json["items"])
    assert_no_leak(world.person, "the auditor (GET /audit)", *listings)
    verify = auditor.get("/audit/verify")
    assert verify.status == 200 and verify.json.get("intact") is True, verify


# --- 4. audit of reads ---------------------------------------------------------------------

def _reads(auditor, case_id, user_id):
    return [e for e in audit(auditor, case_id=case_id, user_id=user_id)
            if e["action"] == "case.read"]


def test_each_read_is_audited_with_the_categories_returned(server, admin, auditor):
    site = Site(server, admin)
    person = new_person()
    case = create(site.client("caseworker"), case_body(site, person))
    owner, coordinator = site.users["caseworker"], site.users["coordinator"]

    for n in (1, 2):
        assert site.client("caseworker").get(f"/cases/{case['id']}").status == 200
        reads = _reads(auditor, case["id"], owner.id)
        assert len(reads) == n, f"{n} owner reads gave {len(reads)} case.read entries: {reads}"
    e = reads[0]
    assert (e["case_id"], e["institution_id"]) == (case["id"], site.owner["id"]), e
    got = set(e["fields"])
    assert {"identity", "contact", "children", "perpetrator", "incident"} <= got <= \
        set(CATEGORIES), f"owner's case.read fields: {e['fields']}"

    assert site.client("coordinator").get(f"/cases/{case['id']}").status == 200
    reads = _reads(auditor, case["id"], coordinator.id)
    assert len(reads) == 1, reads
    assert reads[0]["fields"] == [], f"a summary read names categories: {reads[0]}"

    entries = audit(auditor, case_id=case["id"])
    assert_no_leak(person, "the audit log", *entries)
    verify = auditor.get("/audit/verify")
    assert verify.status == 200 and verify.json.get("intact") is True, verify


def test_each_list_is_audited_without_a_case(server, admin, auditor):
    site = Site(server, admin)
    create(site.client("caseworker"), case_body(site, new_person()))
    user = site.users["caseworker"]

    def lists():
        return [e for e in audit(auditor, user_id=user.id) if e["action"] == "case.list"]

    before = len(lists())
    assert site.client("caseworker").get("/cases").status == 200
    assert site.client("caseworker").get("/cases?status=open").status == 200
    after = lists()
    assert len(after) == before + 2, f"two lists gave {len(after) - before} case.list entries"
    assert after[0]["case_id"] is None, f"case.list names a case: {after[0]}"
    assert after[0]["actor_user_id"] == user.id


# --- 5. duplicates and repeat cases --------------------------------------------------------

def _variant_names(body, given, family):
    body = json.loads(json.dumps(body))
    body["survivor"]["given_name"], body["survivor"]["family_name"] = given, family
    return body


def test_same_survivor_again_in_the_same_institution_is_a_repeat(server, admin):
    site = Site(server, admin)
    person = new_person()
    first = create(site.client("caseworker"), case_body(site, person))
    # same survivor spelled differently: case, diacritics, spacing; other contact details
    again = new_person(date_of_birth=person.date_of_birth)
    given = "  " + person.given_name.upper().replace("Ë", "E").replace(" ", "   ") + " "
    family = person.family_name.lower().replace("ç", "c").replace(" ", "  ")
    second = create(site.client("manager"),
                    _variant_names(case_body(site, again), given, family))
    assert second["repeat"] is True, f"{given!r} {family!r} is not a repeat of {person}"
    assert first["id"] in second["possible_duplicates"]["ids"], second["possible_duplicates"]
    assert second["possible_duplicates"]["hidden"] == 0, second["possible_duplicates"]


def test_same_survivor_in_another_institution_is_a_hidden_duplicate(server, admin):
    site = Site(server, admin)
    person = new_person()
    first = create(site.client("caseworker"), case_body(site, person))
    again = new_person(date_of_birth=person.date_of_birth)
    body = _variant_names(case_body(site, again),
                          person.given_name.replace("ë", "Ë"), person.family_name.upper())
    r = site.client("other_caseworker").post("/cases", body)
    assert r.status == 201, r
    assert r.json["repeat"] is True, r.json
    assert r.json["possible_duplicates"] == {"ids": [], "hidden": 1}, r.json
    assert first["reference"] not in r.text, "the hidden duplicate's reference is shown"
    other_details = SimpleNamespace(secrets=[person.phone, person.address, person.narrative,
                                             person.child_name, person.perpetrator_given,
                                             person.perpetrator_family])
    assert_no_leak(other_details, "another institution (duplicate hint)", r)
    assert_problem(site.client("other_caseworker").get(f"/cases/{first['id']}"), 404)

    # back in the first institution: the first case is visible, the second hidden
    third = create(site.client("caseworker"), case_body(site, new_person(
        given_name=person.given_name, family_name=person.family_name,
        date_of_birth=person.date_of_birth)))
    assert third["repeat"] is True, third
    assert first["id"] in third["possible_duplicates"]["ids"], third
    assert r.json["id"] not in third["possible_duplicates"]["ids"], third
    assert third["possible_duplicates"]["hidden"] == 1, third


def test_another_birth_date_is_not_the_same_survivor(server, admin):
    site = Site(server, admin)
    person = new_person()
    create(site.client("caseworker"), case_body(site, person))
    born = dt.date.fromisoformat(person.date_of_birth) + DAY
    other = create(site.client("caseworker"), case_body(site, new_person(
        given_name=person.given_name, family_name=person.family_name,
        date_of_birth=born.isoformat())))
    assert other["repeat"] is False, other
    assert other["possible_duplicates"] == {"ids": [], "hidden": 0}, other


def test_a_case_300_days_later_is_a_repeat(new_server):
    s = new_server(now=T0)
    site = Site(s, s.sign_in_admin())
    person = new_person()
    first = create(site.client("caseworker"), case_body(site, person))
    later = T0 + 300 * DAY
    s.restart(now=later)
    site.forget_sessions()
    body = case_body(site, person)
    body["incident"]["occurred_on"] = later.date().isoformat()
    second = create(site.client("caseworker"), body)
    assert second["repeat"] is True, second
    assert first["id"] in second["possible_duplicates"]["ids"], second


def test_a_case_more_than_12_months_later_is_not_a_repeat(new_server):
    s = new_server(now=T0)
    site = Site(s, s.sign_in_admin())
    person = new_person()
    create(site.client("caseworker"), case_body(site, person))
    later = T0 + 400 * DAY
    s.restart(now=later)
    site.forget_sessions()
    body = case_body(site, person)
    body["incident"]["occurred_on"] = later.date().isoformat()
    second = create(site.client("caseworker"), body)
    assert second["repeat"] is False, f"a case 400 days later is a repeat: {second}"
    third = create(site.client("caseworker"), body)    # control: the matcher works here
    assert third["repeat"] is True and second["id"] in third["possible_duplicates"]["ids"], third


# --- 6. list filters -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def listed(server, admin):
    """An institution with 3 domestic-violence and 2 gbv cases in one municipality."""
    site = Site(server, admin)
    gbv = new_mechanism(admin, site.municipality["id"], kind="gbv")
    join(admin, gbv["id"], site.owner["id"])
    c = site.client("caseworker")
    people = [new_person() for _ in range(5)]
    dv = [create(c, case_body(site, p)) for p in people[:3]]
    g = [create(c, case_body(site, p, kind="gbv", mechanism_id=gbv["id"])) for p in people[3:]]
    return SimpleNamespace(site=site, client=c, dv=dv, gbv=g, people=people)


def _ids(r):
    assert r.status == 200, r
    return sorted(i["id"] for i in r.json["items"])


@pytest.mark.parametrize("query, expect", [
    ("", "all"), ("status=open", "all"), ("status=closed", "none"),
    ("risk_level=unassessed", "all"), ("risk_level=high", "none"),
    ("kind=domestic_violence", "dv"), ("kind=gbv", "gbv"), ("kind=hate_crime", "none"),
    ("kind=gbv&status=open", "gbv"),
])
def test_list_filters(listed, query, expect):
    groups = {"all": listed.dv + listed.gbv, "dv": listed.dv, "gbv": listed.gbv, "none": []}
    got = _ids(listed.client.get(f"/cases?limit=500&{query}"))
    assert got == sorted(c["id"] for c in groups[expect]), (query, got)


def test_list_q_matches_a_reference_prefix(listed):
    c, code = listed.client, listed.site.code
    everything = sorted(x["id"] for x in listed.dv + listed.gbv)
    assert _ids(c.get(f"/cases?q={code}-{T0.year}-")) == everything
    assert _ids(c.get(f"/cases?q={code}")) == everything
    one = listed.gbv[0]
    assert _ids(c.get(f"/cases?q={one['reference']}")) == [one["id"]]
    assert _ids(c.get(f"/cases?q={code}-{T0.year + 1}-")) == []
    assert _ids(c.get(f"/cases?q={one['reference'][4:]}")) == [], \
        "q matched the middle of a reference, not a prefix"
    for wildcard in ("%25", "_", f"{code}%25", f"{code}-____-"):
        assert _ids(c.get(f"/cases?q={wildcard}")) == [], f"q={wildcard} is a pattern, not a prefix"


def test_list_pages_with_limit_and_cursor(listed):
    c = listed.client
    seen, cursor, sizes = [], None, []
    for _ in range(10):
        r = c.get("/cases?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status == 200, r
        sizes.append(len(r.json["items"]))
        seen += [i["id"] for i in r.json["items"]]
        cursor = r.json["next"]
        if cursor is None:
            break
    assert sizes == [2, 2, 1], f"page sizes {sizes}"
    assert sorted(seen) == sorted(x["id"] for x in listed.dv + listed.gbv), seen
    assert_problem(c.get("/cases?limit=0"), 400, "limit")
    assert_problem(c.get("/cases?limit=501"), 400, "limit")
    assert_problem(c.get("/cases?cursor=not-a-cursor"), 400, "cursor")


def test_list_items_are_summaries_without_personal_data(listed):
    listings = pages(listed.client, "/cases")
    items = [i for p in listings for i in p.json["items"]]
    assert len(items) == 5
    for item in items:
        assert_list_item(item, "the owner's list")
    for person in listed.people:
        assert_no_leak(person, "the owner's own list (summaries)", *listings)


# --- 7. bad input --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bad(server, admin):
    """A site, another-kind mechanism the owner belongs to, and a mechanism it does not."""
    site = Site(server, admin)
    gbv = new_mechanism(admin, site.municipality["id"], kind="gbv")
    join(admin, gbv["id"], site.owner["id"])
    stranger = new_mechanism(admin, kind="domestic_violence")
    return SimpleNamespace(site=site, gbv=gbv, stranger=stranger)


def _rejected(server, site, client, body=None, status=422, field=None, raw=None):
    """POST /cases is refused with this problem, and no case, incident, consent or reference
    number is written (counted in the database: the list has its own tests)."""
    before = stored(server)
    if raw is not None:
        r = client.post("/cases", raw=raw)
    else:
        r = client.post("/cases", body)
    assert_problem(r, status, field)
    assert stored(server) == before, f"a refused POST /cases wrote something: {r}"
    return r


def _set(body, path, value):
    """body with the value at a dotted path ("survivor.sex", "children[1].given_name")
    replaced; a value of DROP removes it."""
    body = json.loads(json.dumps(body))
    keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
    target = body
    for k in keys[:-1]:
        target = target[k]
    if value is DROP:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return body


DROP = object()
TOMORROW = (TODAY + DAY).isoformat()

INVALID = [  # (path, value, field); 422
    ("survivor", DROP, "survivor"),
    ("kind", DROP, "kind"),
    ("mechanism_id", DROP, "mechanism_id"),
    ("kind", "burglary", "kind"),
    ("mechanism_id", 987654321, "mechanism_id"),
    ("survivor.given_name", "g" * 101, "survivor.given_name"),
    ("survivor.given_name", "ë" * 101, "survivor.given_name"),
    ("survivor.given_name", "", "survivor.given_name"),
    ("survivor.family_name", DROP, "survivor.family_name"),
    ("survivor.sex", "alien", "survivor.sex"),
    ("survivor.sex", DROP, "survivor.sex"),
    ("survivor.date_of_birth", "1991-02-31", "survivor.date_of_birth"),
    ("survivor.date_of_birth", "1991-02-29", "survivor.date_of_birth"),
    ("survivor.date_of_birth", TOMORROW, "survivor.date_of_birth"),
    ("survivor.date_of_birth", "02/04/1990", "survivor.date_of_birth"),
    ("survivor.phone", "1" * 41, "survivor.phone"),
    ("survivor.address", "a" * 401, "survivor.address"),
    ("survivor.municipality_id", 987654321, "survivor.municipality_id"),
    ("survivor.nickname", "Dee", "survivor.nickname"),
    ("children[0].date_of_birth", "2020-13-01", "children[0].date_of_birth"),
    ("children[0].sex", "robot", "children[0].sex"),
    ("perpetrator.relationship", "landlord", "perpetrator.relationship"),
    ("perpetrator.family_name", "h" * 101, "perpetrator.family_name"),
    ("incident.forms", [], "incident.forms"),
    ("incident.forms", ["physical", "verbal"], "incident.forms"),
    ("incident.forms", DROP, "incident.forms"),
    ("incident.occurred_on", TOMORROW, "incident.occurred_on"),
    ("incident.occurred_on", DROP, "incident.occurred_on"),
    ("incident.place", "moon", "incident.place"),
    ("incident.narrative", "n" * 10001, "incident.narrative"),
    ("incident.bias", ["football_club"], "incident.bias"),
    ("consent.categories", ["identity", "gossip"], "consent.categories"),
    ("consent.institution_types", ["police", "bakery"], "consent.institution_types"),
    ("consent.institution_ids", [987654321], "consent.institution_ids"),
    ("consent.method", "telepathy", "consent.method"),
    ("consent.given", DROP, "consent.given"),
    ("colour", "blue", "colour"),
]


@pytest.mark.parametrize("path, value, field", INVALID,
                         ids=[f"{p}={'DROP' if v is DROP else str(v)[:20]}" for p, v, _ in INVALID])
def test_invalid_case_is_422_naming_the_field(server, bad, path, value, field):
    body = _set(case_body(bad.site, new_person()), path, value)
    _rejected(server, bad.site, bad.site.client("caseworker"), body, 422, field)


def test_second_child_without_a_name_is_named_by_its_index(server, bad):
    body = case_body(bad.site, new_person())
    body["children"] = [{"given_name": f"Ana {token()}", "sex": "female"},
                        {"date_of_birth": "2019-05-05", "sex": "male"}]
    r = _rejected(server, bad.site, bad.site.client("caseworker"), body, 422,
                  "children[1].given_name")
    assert "children[1].given_name" in r.error_fields, r


def test_twenty_one_children_is_422(server, bad):
    body = case_body(bad.site, new_person(),
                     children=[{"given_name": f"F{i}", "sex": "female"} for i in range(21)])
    _rejected(server, bad.site, bad.site.client("caseworker"), body, 422, "children")


WRONG_TYPES = [  # (path, value, field); 400
    ("survivor", "Dëshira Çela", "survivor"),
    ("children", {"given_name": "Arbër"}, "children"),
    ("children[0]", "Arbër", "children[0]"),
    ("imminent_danger", "yes", "imminent_danger"),
    ("mechanism_id", "1", "mechanism_id"),
    ("survivor.given_name", 42, "survivor.given_name"),
    ("survivor.address_confidential", 1, "survivor.address_confidential"),
    ("incident.forms", "physical", "incident.forms"),
    ("consent.given", "true", "consent.given"),
    ("consent.institution_ids", "all", "consent.institution_ids"),
]


@pytest.mark.parametrize("path, value, field", WRONG_TYPES,
                         ids=[f"{p}={str(v)[:20]}" for p, v, _ in WRONG_TYPES])
def test_wrong_json_type_is_400_naming_the_field(server, bad, path, value, field):
    body = _set(case_body(bad.site, new_person()), path, value)
    _rejected(server, bad.site, bad.site.client("caseworker"), body, 400, field)


@pytest.mark.parametrize("raw", ['{"kind": "domestic_violence",', "[]", '"case"', "null"])
def test_malformed_or_non_object_json_is_400(server, bad, raw):
    _rejected(server, bad.site, bad.site.client("caseworker"), status=400, raw=raw)


def test_mechanism_of_another_kind_is_422_on_kind(server, bad):
    body = case_body(bad.site, new_person(), mechanism_id=bad.gbv["id"])   # kind stays dv
    _rejected(server, bad.site, bad.site.client("caseworker"), body, 422, "kind")


def test_mechanism_the_institution_is_not_a_member_of_is_422(server, bad):
    body = case_body(bad.site, new_person(), mechanism_id=bad.stranger["id"])
    _rejected(server, bad.site, bad.site.client("caseworker"), body, 422, "mechanism_id")


@pytest.mark.parametrize("role", ["coordinator", "national", "auditor", "admin"])
def test_other_roles_cannot_create_cases(server, bad, actors, role):
    c = bad.site.client("coordinator") if role == "coordinator" else actors.client(role)
    _rejected(server, bad.site, c, case_body(bad.site, new_person()), 403)


def test_cookie_write_without_csrf_token_is_403(server, bad):
    c = bad.site.client("caseworker")
    before = stored(server)
    assert_problem(c.post("/cases", case_body(bad.site, new_person()), csrf=False), 403)
    assert_problem(c.post("/cases", case_body(bad.site, new_person()), csrf="forged"), 403)
    assert stored(server) == before


def test_body_not_json_is_415(server, bad):
    c = bad.site.client("caseworker")
    before = stored(server)
    r = c.post("/cases", raw=json.dumps(case_body(bad.site, new_person())),
               content_type="text/plain")
    assert_problem(r, 415)
    assert stored(server) == before


@pytest.mark.parametrize("bad_id", ["abc", "0", "-1", "1.5", "99999999999999999999"])
def test_invalid_case_id_in_the_path_is_400(bad, bad_id):
    assert_problem(bad.site.client("caseworker").get(f"/cases/{bad_id}"), 400, "id")


def test_unknown_case_id_is_404(bad):
    assert_problem(bad.site.client("caseworker").get("/cases/999999"), 404)


# --- 8. encryption at rest -----------------------------------------------------------------

def _is_postgres(db):
    return str(db).startswith(("postgres://", "postgresql://"))


def _tables(db):
    if _is_postgres(db):
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return [row[0] for row in query_db(db, sql)]


def _dump(db, table):
    out = []
    for row in query_db(db, f'SELECT * FROM "{table}"'):
        for value in row:
            out.append(value if isinstance(value, bytes) else str(value).encode("utf-8"))
    return b"\x00".join(out)


def test_personal_data_is_never_stored_in_clear(server, admin):
    site = Site(server, admin)
    people = [new_person(), new_person()]
    cases = [create(site.client("caseworker"), case_body(site, people[0])),
             create(site.client("other_caseworker"), case_body(site, people[1]))]
    site.client("caseworker").get(f"/cases/{cases[0]['id']}")   # reads reach the audit too
    refused = new_person()   # a refused body must not reach the log either
    r = site.client("caseworker").post("/cases", _set(case_body(site, refused), "survivor.sex",
                                                      "alien"))
    assert_problem(r, 422, "survivor.sex")

    cases_table = _dump(server.db, "cases")
    for c in cases:   # positive control: the scan sees plain text of these rows
        assert c["reference"].encode() in cases_table, f"{c['reference']} not found in cases"

    tables = _tables(server.db)
    assert {"cases", "incidents", "consents", "audit_log"} <= set(tables), tables
    found = []
    for table in tables:
        blob = _dump(server.db, table)
        low = blob.lower()
        for person in people:
            for secret in person.secrets:
                if secret.encode("utf-8") in blob or secret.lower().encode("utf-8") in low:
                    found.append((table, secret))
    assert not found, f"personal data stored in clear: {found}"

    logs = "\n".join(p.read_text(errors="replace") for p in sorted(server.dir.glob("serve-*.log")))
    for person in people + [refused]:
        assert_no_leak(person, "the server's log", logs)
