"""The directory: municipalities, institutions, mechanisms and mechanism members — the field
rules of CONTRACT.md "Directory rules", uniqueness (municipality code; one mechanism per
municipality and kind; an institution joins a mechanism once), who may write (admin; members
also the mechanism's own coordinator), reads by every signed-in role, 401 without a session,
and the Open Referral HSDS export, which must not reveal any shelter's address."""

import pytest

from harness import (ROLES, assert_problem, count, list_all, new_institution, new_mechanism,
                     new_municipality, new_user, uniq)

INSTITUTION_TYPES = ["police", "prosecution", "court", "social_services", "health", "education",
                     "shelter", "legal_aid", "employment", "municipality", "cso", "probation",
                     "prison", "victim_advocate"]
SERVICES = ["shelter", "legal_aid", "medical", "psychosocial", "police_protection",
            "protection_order", "housing", "economic_aid", "employment", "education",
            "child_protection", "post_release_support"]
LANGUAGES = ["sq", "en", "sr", "tr", "bs", "rom"]
MECHANISM_KINDS = ["domestic_violence", "gbv", "hate_crime", "reintegration"]
NON_ADMIN = [r for r in ROLES if r != "admin"]


def _rejected(admin, path, body, field, status=422, method="POST", list_path=None):
    list_path = list_path or path
    before = list_all(admin, list_path)
    r = admin.request(method, path, body)
    assert_problem(r, status, field)
    assert list_all(admin, list_path) == before, f"refused {method} {path} changed {list_path}"


# --- municipalities ------------------------------------------------------------------------

def test_municipality_is_created_with_its_code_upper_case(admin):
    code = admin.server.next_code()
    body = {"name": f"Korçë {uniq()}", "code": code.lower(), "region": "Korçë", "country": "AL"}
    r = admin.post("/municipalities", body)
    assert r.status == 201, r
    assert isinstance(r.json["id"], int) and r.json["id"] > 0, r
    assert (r.json["name"], r.json["code"], r.json["region"], r.json["country"]) == \
        (body["name"], code, "Korçë", "AL"), r
    got = admin.get(f"/municipalities/{r.json['id']}")
    assert got.status == 200 and got.json["code"] == code and got.json["name"] == body["name"], got
    assert r.json["id"] in [m["id"] for m in list_all(admin, "/municipalities")]


def test_kosovo_municipality_without_region(admin):
    r = admin.post("/municipalities", {"name": f"Graçanicë {uniq()}",
                                       "code": admin.server.next_code(), "country": "XK"})
    assert r.status == 201, r
    assert r.json["country"] == "XK"


@pytest.mark.parametrize("fields, field", [
    ({"name": ""}, "name"), ({"name": "n" * 201}, "name"), ({"name": None}, "name"),
    ({"code": "KO"}, "code"), ({"code": "KORC"}, "code"), ({"code": "K1R"}, "code"),
    ({"code": "ÇKË"}, "code"), ({"code": ""}, "code"), ({"code": None}, "code"),
])
def test_municipality_rules(admin, fields, field):
    body = {"name": f"Bashkia {uniq()}", "code": admin.server.next_code(), "country": "AL"}
    body.update(fields)
    body = {k: v for k, v in body.items() if v is not None}
    _rejected(admin, "/municipalities", body, field)


@pytest.mark.parametrize("name", ["n" * 200, "ë" * 200, "D"],
                         ids=["200-ascii", "200-non-ascii-characters", "one"])
def test_municipality_name_of_1_to_200_characters_is_accepted(admin, name):
    r = admin.post("/municipalities", {"name": name, "code": admin.server.next_code(),
                                       "country": "AL"})
    assert r.status == 201, r
    assert r.json["name"] == name


def test_municipality_code_is_unique_ignoring_case(admin):
    existing = new_municipality(admin)
    for code in (existing["code"], existing["code"].lower()):
        _rejected(admin, "/municipalities", {"name": f"Tjetër {uniq()}", "code": code,
                                             "country": "AL"}, "code")


def test_patch_municipality(admin):
    m = new_municipality(admin)
    code = admin.server.next_code()
    r = admin.patch(f"/municipalities/{m['id']}", {"name": "Pogradec", "code": code.lower(),
                                                   "region": "Korçë"})
    assert r.status == 200, r
    got = admin.get(f"/municipalities/{m['id']}").json
    assert (got["name"], got["code"], got["region"], got["country"]) == \
        ("Pogradec", code, "Korçë", m["country"]), got


@pytest.mark.parametrize("change, field", [({"code": "AB"}, "code"), ({"country": "MK"}, "country"),
                                           ({"name": ""}, "name")])
def test_invalid_municipality_patch_changes_nothing(admin, change, field):
    m = new_municipality(admin)
    _rejected(admin, f"/municipalities/{m['id']}", change, field, method="PATCH",
              list_path="/municipalities")


def test_patch_municipality_to_a_taken_code_is_422(admin):
    a, b = new_municipality(admin), new_municipality(admin)
    _rejected(admin, f"/municipalities/{b['id']}", {"code": a["code"]}, "code", method="PATCH",
              list_path="/municipalities")


# --- institutions --------------------------------------------------------------------------

def test_institution_keeps_every_field(admin):
    m = new_municipality(admin)
    body = {"name": f"Qendra Sociale Së Bashku {uniq()}", "type": "cso",
            "municipality_id": m["id"], "phone": "+355 82 252 525",
            "email": "info@sebashku.example", "address": "Rruga Naim Frashëri 4",
            "services": ["psychosocial", "legal_aid"], "languages": ["sq", "en", "rom"],
            "capacity": 12}
    r = admin.post("/institutions", body)
    assert r.status == 201, r
    got = admin.get(f"/institutions/{r.json['id']}").json
    for key in ("name", "type", "municipality_id", "phone", "email", "address", "capacity"):
        assert got[key] == body[key], (key, got)
    assert sorted(got["services"]) == sorted(body["services"]), got
    assert sorted(got["languages"]) == sorted(body["languages"]), got


@pytest.mark.parametrize("kind", INSTITUTION_TYPES)
def test_every_institution_type_is_accepted(admin, kind):
    r = admin.post("/institutions", {"name": f"{kind} {uniq()}", "type": kind,
                                     "municipality_id": new_municipality(admin)["id"]})
    assert r.status == 201, r
    assert r.json["type"] == kind


def test_every_service_and_language_at_the_limits_of_length(admin):
    inst = new_institution(admin, services=SERVICES, languages=LANGUAGES, phone="9" * 40,
                           email=("e" * 188) + "@example.org", address="a" * 400, capacity=0)
    assert sorted(inst["services"]) == sorted(SERVICES)
    assert sorted(inst["languages"]) == sorted(LANGUAGES)
    assert inst["capacity"] == 0 and len(inst["email"]) == 200


def test_institution_capacity_may_be_null(admin):
    assert new_institution(admin, capacity=None)["capacity"] is None


@pytest.mark.parametrize("fields, field", [
    ({"name": ""}, "name"), ({"name": "i" * 201}, "name"), ({"name": None}, "name"),
    ({"type": None}, "type"), ({"municipality_id": None}, "municipality_id"),
    ({"phone": "1" * 41}, "phone"), ({"email": "no-at-sign.example.org"}, "email"),
    ({"email": ("e" * 189) + "@example.org"}, "email"), ({"address": "a" * 401}, "address"),
    ({"capacity": -1}, "capacity"), ({"services": ["shelter", "massage"]}, "services"),
    ({"languages": ["klingon"]}, "languages"),
])
def test_institution_rules(admin, fields, field):
    body = {"name": f"Institucioni {uniq()}", "type": "health",
            "municipality_id": new_municipality(admin)["id"], "email": "a@b.example"}
    body.update(fields)
    body = {k: v for k, v in body.items() if v is not None}
    _rejected(admin, "/institutions", body, field)


def test_patch_institution(admin):
    inst = new_institution(admin, type="shelter", capacity=10)
    r = admin.patch(f"/institutions/{inst['id']}", {"capacity": 7, "languages": ["sq", "sr"],
                                                    "phone": "+383 38 000 000"})
    assert r.status == 200, r
    got = admin.get(f"/institutions/{inst['id']}").json
    assert got["capacity"] == 7 and sorted(got["languages"]) == ["sq", "sr"], got
    assert got["phone"] == "+383 38 000 000" and got["name"] == inst["name"], got


@pytest.mark.parametrize("change, field", [({"capacity": -5}, "capacity"),
                                           ({"municipality_id": 987654321}, "municipality_id"),
                                           ({"type": "spa"}, "type")])
def test_invalid_institution_patch_changes_nothing(admin, change, field):
    inst = new_institution(admin)
    _rejected(admin, f"/institutions/{inst['id']}", change, field, method="PATCH",
              list_path="/institutions")


# --- mechanisms ----------------------------------------------------------------------------

def test_mechanism_keeps_its_fields_and_defaults_to_4_meetings(admin):
    m = new_municipality(admin)
    coordinator = new_user(admin, "coordinator")
    body = {"name": f"Mekanizmi i Referimit {uniq()}", "kind": "domestic_violence",
            "municipality_id": m["id"], "coordinator_user_id": coordinator.id,
            "memorandum_date": "2019-11-25", "memorandum_ref": "Nr. 1234 Prot."}
    r = admin.post("/mechanisms", body)
    assert r.status == 201, r
    got = admin.get(f"/mechanisms/{r.json['id']}").json
    for key, value in body.items():
        assert got[key] == value, (key, got)
    assert got["min_meetings_per_year"] == 4, got


def test_mechanism_without_coordinator_is_accepted(admin):
    mech = new_mechanism(admin)
    assert mech.get("coordinator_user_id") is None, mech


def test_a_municipality_has_one_mechanism_of_each_kind(admin):
    m = new_municipality(admin)
    for kind in MECHANISM_KINDS:
        new_mechanism(admin, m["id"], kind=kind)
    for kind in MECHANISM_KINDS:
        before = count(admin, "/mechanisms")
        r = admin.post("/mechanisms", {"name": f"Dublikatë {uniq()}", "kind": kind,
                                       "municipality_id": m["id"], "memorandum_date": "2025-01-01",
                                       "memorandum_ref": "x"})
        assert_problem(r, 422)
        assert set(r.error_fields) & {"kind", "municipality_id"}, r
        assert count(admin, "/mechanisms") == before


@pytest.mark.parametrize("meetings", [1, 52])
def test_min_meetings_bounds_are_accepted(admin, meetings):
    assert new_mechanism(admin, min_meetings_per_year=meetings)["min_meetings_per_year"] == meetings


@pytest.mark.parametrize("fields, field", [
    ({"min_meetings_per_year": 0}, "min_meetings_per_year"),
    ({"min_meetings_per_year": 53}, "min_meetings_per_year"),
    ({"min_meetings_per_year": -4}, "min_meetings_per_year"),
    ({"name": None}, "name"), ({"kind": None}, "kind"),
    ({"municipality_id": None}, "municipality_id"),
])
def test_mechanism_rules(admin, fields, field):
    body = {"name": f"Mekanizmi {uniq()}", "kind": "hate_crime",
            "municipality_id": new_municipality(admin)["id"], "memorandum_date": "2025-01-01",
            "memorandum_ref": "MoU"}
    body.update(fields)
    body = {k: v for k, v in body.items() if v is not None}
    _rejected(admin, "/mechanisms", body, field)


@pytest.mark.parametrize("role", ["caseworker", "manager", "national", "auditor", "admin"])
def test_mechanism_coordinator_must_have_the_coordinator_role(admin, role):
    user = new_user(admin, role)
    body = {"name": f"Mekanizmi {uniq()}", "kind": "gbv",
            "municipality_id": new_municipality(admin)["id"], "coordinator_user_id": user.id,
            "memorandum_date": "2025-01-01", "memorandum_ref": "MoU"}
    _rejected(admin, "/mechanisms", body, "coordinator_user_id")


def test_patch_mechanism(admin):
    mech = new_mechanism(admin)
    coordinator = new_user(admin, "coordinator")
    r = admin.patch(f"/mechanisms/{mech['id']}", {"min_meetings_per_year": 6,
                                                  "coordinator_user_id": coordinator.id,
                                                  "memorandum_ref": "Shtojcë 2/2026"})
    assert r.status == 200, r
    got = admin.get(f"/mechanisms/{mech['id']}").json
    assert (got["min_meetings_per_year"], got["coordinator_user_id"], got["memorandum_ref"]) == \
        (6, coordinator.id, "Shtojcë 2/2026"), got


def test_patch_mechanism_into_a_taken_kind_is_422(admin):
    m = new_municipality(admin)
    new_mechanism(admin, m["id"], kind="gbv")
    other = new_mechanism(admin, m["id"], kind="hate_crime")
    _rejected(admin, f"/mechanisms/{other['id']}", {"kind": "gbv"}, None, method="PATCH",
              list_path="/mechanisms")


@pytest.mark.parametrize("change, field", [({"min_meetings_per_year": 60}, "min_meetings_per_year"),
                                           ({"memorandum_date": "2025-02-30"}, "memorandum_date"),
                                           ({"kind": "theft"}, "kind")])
def test_invalid_mechanism_patch_changes_nothing(admin, change, field):
    mech = new_mechanism(admin)
    _rejected(admin, f"/mechanisms/{mech['id']}", change, field, method="PATCH",
              list_path="/mechanisms")


# --- members -------------------------------------------------------------------------------

def _members(client, mechanism_id):
    return {m["institution_id"]: m for m in list_all(client, f"/mechanisms/{mechanism_id}/members")}


def test_admin_adds_lists_and_removes_members(admin):
    mech = new_mechanism(admin)
    police = new_institution(admin, mech["municipality_id"], type="police")
    shelter = new_institution(admin, mech["municipality_id"], type="shelter")
    for inst, day in ((police, "2025-03-01"), (shelter, "2025-04-15")):
        r = admin.post(f"/mechanisms/{mech['id']}/members", {"institution_id": inst["id"],
                                                             "joined_on": day})
        assert r.status == 201, r
    members = _members(admin, mech["id"])
    assert set(members) == {police["id"], shelter["id"]}, members
    assert members[shelter["id"]]["joined_on"] == "2025-04-15"
    r = admin.delete(f"/mechanisms/{mech['id']}/members/{police['id']}")
    assert r.status == 204, r
    assert set(_members(admin, mech["id"])) == {shelter["id"]}


def test_adding_an_institution_twice_is_422(admin):
    mech = new_mechanism(admin)
    inst = new_institution(admin, mech["municipality_id"])
    path = f"/mechanisms/{mech['id']}/members"
    assert admin.post(path, {"institution_id": inst["id"], "joined_on": "2025-01-10"}).status == 201
    _rejected(admin, path, {"institution_id": inst["id"], "joined_on": "2025-02-10"},
              "institution_id")


def test_removing_a_non_member_is_404(admin):
    mech = new_mechanism(admin)
    inst = new_institution(admin, mech["municipality_id"])
    assert_problem(admin.delete(f"/mechanisms/{mech['id']}/members/{inst['id']}"), 404)


def test_members_of_an_unknown_mechanism_are_404(admin):
    inst = new_institution(admin)
    assert_problem(admin.get("/mechanisms/987654321/members"), 404)
    assert_problem(admin.post("/mechanisms/987654321/members",
                              {"institution_id": inst["id"], "joined_on": "2025-01-01"}), 404)


def test_the_mechanisms_coordinator_manages_its_members(server, admin):
    coordinator = new_user(admin, "coordinator")
    mech = new_mechanism(admin, coordinator_user_id=coordinator.id)
    inst = new_institution(admin, mech["municipality_id"], type="health")
    c = server.sign_in(coordinator.username, coordinator.password)
    r = c.post(f"/mechanisms/{mech['id']}/members", {"institution_id": inst["id"],
                                                     "joined_on": "2026-01-20"})
    assert r.status == 201, r
    assert inst["id"] in _members(c, mech["id"])
    assert c.delete(f"/mechanisms/{mech['id']}/members/{inst['id']}").status == 204
    assert inst["id"] not in _members(admin, mech["id"])


@pytest.mark.parametrize("role", NON_ADMIN)
def test_others_cannot_manage_members(server, admin, actors, role):
    """Every non-admin role, including a coordinator who is not this mechanism's coordinator."""
    mech = new_mechanism(admin, coordinator_user_id=new_user(admin, "coordinator").id)
    kept = new_institution(admin, mech["municipality_id"])
    assert admin.post(f"/mechanisms/{mech['id']}/members",
                      {"institution_id": kept["id"], "joined_on": "2025-05-05"}).status == 201
    other = new_institution(admin, mech["municipality_id"])
    c = actors.client(role)
    before = _members(admin, mech["id"])
    assert_problem(c.post(f"/mechanisms/{mech['id']}/members",
                          {"institution_id": other["id"], "joined_on": "2025-06-06"}), 403)
    assert_problem(c.delete(f"/mechanisms/{mech['id']}/members/{kept['id']}"), 403)
    assert _members(admin, mech["id"]) == before


# --- who reads and writes ------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(admin):
    mech = new_mechanism(admin)
    inst = new_institution(admin, mech["municipality_id"])
    return {"municipality": mech["municipality_id"], "institution": inst["id"],
            "mechanism": mech["id"]}


WRITES = [
    ("POST", "/municipalities",
     lambda s, ids: {"name": f"Bashkia {uniq()}", "code": s.next_code(), "country": "AL"}),
    ("PATCH", "/municipalities/{municipality}", lambda s, ids: {"name": "Hijacked"}),
    ("POST", "/institutions",
     lambda s, ids: {"name": f"Inst {uniq()}", "type": "police",
                     "municipality_id": ids["municipality"]}),
    ("PATCH", "/institutions/{institution}", lambda s, ids: {"name": "Hijacked"}),
    ("POST", "/mechanisms",
     lambda s, ids: {"name": f"Mek {uniq()}", "kind": "reintegration",
                     "municipality_id": ids["municipality"], "memorandum_date": "2025-01-01",
                     "memorandum_ref": "x"}),
    ("PATCH", "/mechanisms/{mechanism}", lambda s, ids: {"name": "Hijacked"}),
]


@pytest.mark.parametrize("method, path, body", WRITES, ids=[f"{w[0]} {w[1]}" for w in WRITES])
@pytest.mark.parametrize("role", NON_ADMIN)
def test_only_admin_writes_the_directory(server, admin, actors, sample, role, method, path, body):
    c = actors.client(role)
    path = path.format(**sample)

    def state():
        return list_all(admin, path) if method == "POST" else admin.get(path).json

    before = state()
    assert_problem(c.request(method, path, body(server, sample)), 403)
    assert state() == before, "a refused directory write changed something"


READS = ["/municipalities", "/municipalities/{municipality}", "/institutions",
         "/institutions/{institution}", "/mechanisms", "/mechanisms/{mechanism}",
         "/mechanisms/{mechanism}/members", "/directory/hsds"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_directory(actors, sample, role):
    c = actors.client(role)
    for path in READS:
        r = c.get(path.format(**sample))
        assert r.status == 200, r


@pytest.mark.parametrize("path", READS)
def test_directory_reads_need_sign_in(anon, sample, path):
    assert_problem(anon.get(path.format(**sample)), 401)


# --- HSDS ----------------------------------------------------------------------------------

def test_hsds_export_hides_shelter_addresses(admin, actors):
    m = new_municipality(admin)
    secret = f"Rruga e Fshehtë {uniq()}"
    public = f"Rruga Publike {uniq()}"
    shelter = new_institution(admin, m["id"], type="shelter", name=f"Strehëza {uniq()}",
                              address=secret, services=["shelter"], capacity=8)
    police = new_institution(admin, m["id"], type="police", name=f"Komisariati {uniq()}",
                             address=public, services=["police_protection"])
    r = actors.client("caseworker").get("/directory/hsds")
    assert r.status == 200, r
    assert r.content_type == "application/json", r
    assert isinstance(r.json, (dict, list)), r
    assert shelter["name"] in r.text, "the shelter is missing from the export"
    assert police["name"] in r.text and public in r.text, "the police station is missing"
    assert secret not in r.text, "the shelter's address is in the HSDS export"


def test_shelter_address_is_withheld_from_everyone_but_admin_and_its_own_staff(server, admin,
                                                                                actors):
    m = new_municipality(admin)
    secret = f"Rruga e Strehëzës {uniq()}"
    shelter = new_institution(admin, m["id"], type="shelter", address=secret, capacity=6)
    police = new_institution(admin, m["id"], type="police", address=f"Rruga {uniq()}")
    staff = new_user(admin, "caseworker", shelter["id"])
    own = server.sign_in(staff.username, staff.password)

    for who, client in (("admin", admin), ("shelter staff", own)):
        r = client.get(f"/institutions/{shelter['id']}")
        assert r.status == 200 and r.json.get("address") == secret, (who, r)
        assert "withheld" not in r.json, (who, r)

    for role in ("caseworker", "manager", "coordinator", "national", "auditor"):
        client = actors.client(role)
        r = client.get(f"/institutions/{shelter['id']}")
        assert r.status == 200, (role, r)
        assert "address" not in r.json and r.json["withheld"] == ["address"], (role, r)
        listing = list_all(client, "/institutions")
        assert secret not in str(listing), f"{role} sees the shelter's address in the list"
        # Other institutions' addresses stay visible.
        r = client.get(f"/institutions/{police['id']}")
        assert r.json.get("address") == police["address"] and "withheld" not in r.json, (role, r)


def test_an_institution_read_without_its_address_is_the_documented_shape(admin, actors):
    """Finding 17: a caseworker's or auditor's view of a shelter (address withheld, `withheld`
    added) broke the documented Institution schema, which required `address` and did not
    know `withheld`."""
    from openapi_doc import document, response_schema, schema_errors

    m = new_municipality(admin)
    shelter = new_institution(admin, m["id"], type="shelter", address=f"Rruga {uniq()}")
    doc = document(admin)
    for role in ("caseworker", "auditor"):
        client = actors.client(role)
        one = client.get(f"/institutions/{shelter['id']}")
        assert one.status == 200 and one.json["withheld"] == ["address"], (role, one)
        assert not schema_errors(doc, response_schema(doc, "GET", "/institutions/{id}", 200),
                                 one.json), (role, one)
        page = client.get("/institutions?limit=500")
        assert not schema_errors(doc, response_schema(doc, "GET", "/institutions", 200),
                                 page.json), role
    withheld = doc["components"]["schemas"]["Institution"]["properties"]["withheld"]
    assert withheld["items"]["enum"] == ["address"], withheld


@pytest.mark.parametrize("query, field", [("limit=0", "limit"), ("limit=501", "limit"),
                                          ("cursor=abc", "cursor"), ("cursor=-1", "cursor")])
def test_the_member_list_checks_its_paging_as_every_list(admin, query, field):
    """Found by the contract suite after the merge: the member list declares limit and cursor
    (one page holds every member) but never read them, so ?limit=0 answered 200 where the
    document and every other list answer 400."""
    mech = new_mechanism(admin)
    inst = new_institution(admin, mech["municipality_id"])
    assert admin.post(f"/mechanisms/{mech['id']}/members",
                      {"institution_id": inst["id"]}).status == 201
    assert_problem(admin.get(f"/mechanisms/{mech['id']}/members?{query}"), 400, field)
    r = admin.get(f"/mechanisms/{mech['id']}/members?limit=1&cursor=1")
    assert r.status == 200 and r.json["next"] is None and len(r.json["items"]) == 1, r
