"""The person's own copy and the record of processing (CONTRACT.md "The person's own copy and
the record of processing", issue 16).

- A manager of the institution that leads a case exports what Ura holds on the survivor:
  identity, contact, incidents, risk, orders, plan, referrals, the notes its institution
  reads (another institution's `involved` note yes, its `institution` note no), consents, who
  had access (institution, role, day; no staff names) and the institutions named, a
  shelter's address only to who may read it; never the children's or the perpetrator's data.
- The data-protection officer (auditor) exports the register part of any case: no content.
- Nobody else: 403 in the caller's language, or 404 for a case the caller cannot see.
- One audit entry per export, naming the cases, holding no personal data.
- The print view (format=html) is a page in the language asked, with no script, styled by
  /print/print.css for A4.
- POST /subject-access/search finds a person's cases by names and birth date (the blind
  index) and not another's; several cases export together only when they are one person's.
- GET /processing-record (auditor, admin) lists every institution, every category, each
  sharing channel with its legal basis, retention and security measures.
"""

import json

import pytest

from harness import assert_problem, list_all, new_institution, new_user
from test_cases import Site, case_body, create, join, new_person, token

CATEGORIES = ["identity", "contact", "incident", "risk", "health", "children", "perpetrator",
              "legal", "notes"]
NOT_ALLOWED = {
    "en": "A person's data is exported by a manager of the institution that leads the case, "
          "or by the data-protection officer",
    "sq": "Të dhënat e një personi i nxjerr menaxheri i institucionit që drejton rastin, "
          "ose zyrtari për mbrojtjen e të dhënave",
}


class World(Site):
    """Site (police leads, social services) plus a shelter and a health centre, all members,
    with a caseworker and a manager each, and an auditor."""

    def __init__(self, server, admin):
        super().__init__(server, admin)
        m = self.municipality["id"]
        self.shelter = new_institution(admin, m, type="shelter", services=["shelter"],
                                       address=f"Rruga e fshehtë {token()}")
        self.stranger = new_institution(admin, m, type="health", services=["medical"])
        for inst in (self.shelter, self.stranger):
            join(admin, self.mechanism["id"], inst["id"])
        self.users.update({
            "shelter": new_user(admin, "caseworker", self.shelter["id"]),
            "shelter_manager": new_user(admin, "manager", self.shelter["id"]),
            "stranger_manager": new_user(admin, "manager", self.stranger["id"]),
            "auditor": new_user(admin, "auditor"),
            "national": new_user(admin, "national"),
        })


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


def consent_for(world):
    return {"given": True, "method": "written", "institution_types": ["social_services"],
            "institution_ids": [world.shelter["id"]],
            "categories": ["identity", "contact", "incident", "notes"]}


def ok(r, status=200):
    assert r.status == status, r
    return r.json


def note(client, case_id, body, visibility):
    return ok(client.post(f"/cases/{case_id}/notes",
                          {"body": body, "visibility": visibility}), 201)


@pytest.fixture(scope="module")
def case(world):
    """A police case of one person: referred to social services (accepted, which writes two
    notes, one only for itself) and to the shelter (accepted), with a note, an order and an
    action of the police."""
    person = new_person()
    police, social = world.client("caseworker"), world.client("other_caseworker")
    c = create(police, case_body(world, person, consent=consent_for(world)))
    to_social = ok(police.post(f"/cases/{c['id']}/referrals", {
        "to_institution_id": world.other["id"], "service": "psychosocial", "urgency": "urgent",
        "reason": f"Mbështetje psikosociale {token()}",
        "share": ["identity", "contact", "incident", "notes"]}), 201)
    ok(social.post(f"/referrals/{to_social['id']}/accept"))
    to_shelter = ok(police.post(f"/cases/{c['id']}/referrals", {
        "to_institution_id": world.shelter["id"], "service": "shelter", "urgency": "urgent",
        "reason": f"Strehim {token()}", "share": ["identity"]}), 201)
    ok(world.client("shelter").post(f"/referrals/{to_shelter['id']}/accept"))
    ok(social.get(f"/cases/{c['id']}"))
    texts = {"involved": f"Takim me të mbijetuarën {token()}",
             "own": f"Shënim i brendshëm i shërbimit social {token()}",
             "police": f"Shënim i policisë {token()}",
             "action": f"Kontroll i sigurisë {token()}"}
    note(social, c["id"], texts["involved"], "involved")
    note(social, c["id"], texts["own"], "institution")
    note(police, c["id"], texts["police"], "institution")
    ok(police.post(f"/cases/{c['id']}/protection-orders",
                   {"type": "immediate", "requested_on": c["created_at"][:10]}), 201)
    ok(police.post(f"/cases/{c['id']}/actions", {
        "title": texts["action"], "responsible_institution_id": world.other["id"],
        "due_on": "2030-01-01"}), 201)
    return c, person, texts


def export(client, *ids, **params):
    params = "".join(f"&{k}={v}" for k, v in params.items())
    return client.get(f"/subject-access?case_ids={','.join(str(i) for i in ids)}{params}")


# --- the lead institution's manager ---------------------------------------------------------

def test_the_lead_managers_copy_holds_the_persons_data_across_institutions(world, case):
    c, person, texts = case
    doc = ok(export(world.client("manager"), c["id"]))
    assert doc["scope"] == "full" and len(doc["cases"]) == 1
    item = doc["cases"][0]
    s = item["case"]["survivor"]
    assert (s["given_name"], s["family_name"], s["phone"], s["address"]) == (
        person.given_name, person.family_name, person.phone, person.address)
    assert item["case"]["incidents"][0]["narrative"] == person.narrative
    bodies = [n["body"] for n in item["notes"]]
    # Social services' note for everyone involved and the police's own; not social
    # services' note for itself, which the protocol hides from the police.
    assert texts["involved"] in bodies and texts["police"] in bodies
    assert texts["own"] not in json.dumps(doc, ensure_ascii=False)
    assert all("author_user_id" not in n for n in item["notes"])
    assert [a["title"] for a in item["plan"]] == [texts["action"]]
    assert len(item["protection_orders"]) == 1
    assert {f["to_institution_id"] for f in item["referrals"]} == {world.other["id"],
                                                                    world.shelter["id"]}
    assert item["case"]["consents"] and "children" in item["case"]["withheld"]
    text = json.dumps(doc, ensure_ascii=False)
    for other_person in (person.child_name, person.perpetrator_given, person.perpetrator_family):
        assert other_person not in text


def test_who_had_access_names_institutions_and_roles_never_staff(world, case):
    c, _, _ = case
    doc = ok(export(world.client("manager"), c["id"]))
    log = doc["access_log"]
    seen = {(e["institution_id"], e["role"], e["access"]) for e in log}
    assert (world.other["id"], "caseworker", "read") in seen
    assert (world.owner["id"], "caseworker", "write") in seen
    assert all(set(e) == {"date", "institution_id", "role", "access", "count"} for e in log)
    text = json.dumps(doc, ensure_ascii=False)
    for u in world.users.values():
        assert u.username not in text


def test_a_shelter_address_appears_only_to_who_may_see_it(world, case):
    c, _, _ = case
    doc = ok(export(world.client("manager"), c["id"]))
    shelter = [i for i in doc["institutions"] if i["id"] == world.shelter["id"]][0]
    assert "address" not in shelter and shelter["withheld"] == ["address"]
    assert world.shelter["address"] not in json.dumps(doc, ensure_ascii=False)
    police = [i for i in doc["institutions"] if i["id"] == world.owner["id"]][0]
    assert police["address"] == world.owner["address"]
    # The shelter's own manager, exporting a case the shelter leads, reads its address.
    person = new_person()
    own = create(world.client("shelter"), case_body(world, person, consent=None))
    mine = ok(export(world.client("shelter_manager"), own["id"]))
    shelter = [i for i in mine["institutions"] if i["id"] == world.shelter["id"]][0]
    assert shelter["address"] == world.shelter["address"]


# --- the data-protection officer ------------------------------------------------------------

def test_the_auditor_exports_the_register_without_content(world, case):
    c, person, texts = case
    doc = ok(export(world.client("auditor"), c["id"]))
    assert doc["scope"] == "register"
    item = doc["cases"][0]
    assert item["case"]["withheld"] == CATEGORIES
    assert item["case"]["consents"] and len(item["referrals"]) == 2
    assert all("reason" not in f for f in item["referrals"])
    assert not {"notes", "plan", "assessments", "protection_orders"} & set(item)
    text = json.dumps(doc, ensure_ascii=False)
    for secret in person.secrets + list(texts.values()):
        assert secret not in text


# --- who may not ----------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["caseworker", "other_manager", "coordinator"])
@pytest.mark.parametrize("lang", ["en", "sq"])
def test_others_who_see_the_case_get_403_in_their_language(world, case, who, lang):
    c, _, _ = case
    u = world.users[who]
    client = world.server.sign_in(u.username, u.password, lang=lang)
    r = export(client, c["id"])
    assert_problem(r, 403)
    assert r.json["detail"] == NOT_ALLOWED[lang]


@pytest.mark.parametrize("role", ["admin", "national"])
def test_roles_that_answer_no_requests_get_403(world, admin, case, role):
    c, _, _ = case
    client = admin if role == "admin" else world.client("national")
    assert_problem(export(client, c["id"]), 403)
    r = client.post("/subject-access/search", {"given_name": "A", "family_name": "B",
                                               "date_of_birth": "1990-01-01"})
    assert_problem(r, 403)


def test_a_manager_who_cannot_see_the_case_gets_404(world, case):
    c, _, _ = case
    assert_problem(export(world.client("stranger_manager"), c["id"]), 404)
    assert_problem(export(world.client("manager"), 999999999), 404)


@pytest.mark.parametrize("query, field", [
    ("", "case_ids"), ("?case_ids=", "case_ids"), ("?case_ids=abc", "case_ids"),
    ("?case_ids=1,", "case_ids"), ("?case_ids=0", "case_ids"), ("?case_ids=3,3", "case_ids"),
    ("?case_ids=" + ",".join(str(i) for i in range(1, 12)), "case_ids"),
    ("?case_ids=1&format=pdf", "format"), ("?case_ids=1&lang=de", "lang"),
    ("?case_ids=1&x=1", "x")])
def test_bad_parameters_are_400_naming_them(world, query, field):
    assert_problem(world.client("manager").get("/subject-access" + query), 400, field)


# --- the audit ------------------------------------------------------------------------------

def test_an_export_is_audited_once_naming_the_cases_and_no_personal_data(world, case):
    c, person, _ = case
    auditor = world.client("auditor")
    before = list_all(auditor, "/audit", case_id=c["id"], action="subject_access.export")
    ok(export(world.client("manager"), c["id"], format="html", lang="en"))
    after = list_all(auditor, "/audit", case_id=c["id"], action="subject_access.export")
    assert len(after) == len(before) + 1
    entry = after[0]
    assert entry["actor_user_id"] == world.users["manager"].id
    assert entry["detail"] == {"case_ids": [c["id"]], "scope": "full", "format": "html"}
    text = json.dumps(entry, ensure_ascii=False)
    for secret in person.secrets:
        assert secret not in text


# --- the print view -------------------------------------------------------------------------

@pytest.mark.parametrize("lang, title", [("en", "Your personal data held in Ura"),
                                         ("sq", "Të dhënat tuaja personale në Ura"),
                                         ("sr-Latn", "Vaši lični podaci u sistemu Ura")])
def test_the_print_view_is_a_page_in_the_persons_language_without_scripts(world, case, lang,
                                                                          title):
    c, person, texts = case
    r = export(world.client("manager"), c["id"], format="html", lang=lang)
    assert r.status == 200 and r.content_type == "text/html", r
    assert r.headers["Content-Language"] == lang
    assert f'<html lang="{lang}">' in r.text and title in r.text
    assert "<script" not in r.text.lower() and "javascript:" not in r.text.lower()
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert person.given_name in r.text and texts["involved"] in r.text
    assert texts["own"] not in r.text and person.child_name not in r.text
    assert 'href="/print/print.css"' in r.text


def test_the_print_styles_are_for_a4(world):
    r = world.client("manager").get("/print/print.css", root=True)
    assert r.status == 200 and r.content_type == "text/css"
    assert "size: A4" in r.text and "@media print" in r.text


# --- finding the person ---------------------------------------------------------------------

def search(client, person, **change):
    body = {"given_name": person.given_name, "family_name": person.family_name,
            "date_of_birth": person.date_of_birth}
    body.update(change)
    return client.post("/subject-access/search", body)


def test_search_by_name_finds_the_persons_cases_and_not_others(world):
    person, other = new_person(), new_person()
    police, shelter = world.client("caseworker"), world.client("shelter")
    first = create(police, case_body(world, person, consent=None))
    second = create(police, case_body(world, person, consent=None))
    at_shelter = create(shelter, case_body(world, person, consent=None))
    theirs = create(police, case_body(world, other, consent=None))
    found = ok(search(world.client("manager"), person))["items"]
    assert {i["id"] for i in found} == {first["id"], second["id"]}
    assert theirs["id"] not in {i["id"] for i in found}
    everywhere = ok(search(world.client("auditor"), person))["items"]
    assert {i["id"] for i in everywhere} == {first["id"], second["id"], at_shelter["id"]}
    assert ok(search(world.client("manager"), person, date_of_birth="1901-01-01"))["items"] == []
    # Both of the person's cases in one copy; not with someone else's.
    doc = ok(export(world.client("manager"), first["id"], second["id"]))
    assert [x["case"]["id"] for x in doc["cases"]] == [first["id"], second["id"]]
    assert_problem(export(world.client("manager"), first["id"], theirs["id"]), 422, "case_ids")


def test_search_is_audited_with_its_keys_never_their_values(world):
    person = new_person()
    ok(search(world.client("manager"), person))
    entries = list_all(world.client("auditor"), "/audit", action="subject_access.search",
                       user_id=world.users["manager"].id)
    assert entries and entries[0]["fields"] == ["given_name", "family_name", "date_of_birth"]
    assert person.given_name not in json.dumps(entries, ensure_ascii=False)


@pytest.mark.parametrize("change, field", [({"date_of_birth": None}, "date_of_birth"),
                                           ({"given_name": ""}, "given_name"),
                                           ({"extra": 1}, "extra")])
def test_search_needs_both_names_and_the_birth_date(world, change, field):
    body = {"given_name": "Ana", "family_name": "Kola", "date_of_birth": "1990-02-03"}
    body.update(change)
    body = {k: v for k, v in body.items() if v is not None}
    assert_problem(world.client("manager").post("/subject-access/search", body), 422, field)


# --- the record of processing ---------------------------------------------------------------

def test_the_record_lists_every_institution_and_category(world, admin):
    doc = ok(world.client("auditor").get("/processing-record"))
    institutions = list_all(admin, "/institutions")
    assert {i["id"] for i in doc["institutions"]} == {i["id"] for i in institutions}
    assert [c["category"] for c in doc["categories"]] == CATEGORIES
    assert all(c["encrypted"] for c in doc["categories"])
    types = {t["institution_type"]: t["count"] for t in doc["institution_types"]}
    assert types == {t: sum(1 for i in institutions if i["type"] == t)
                     for t in {i["type"] for i in institutions}}
    channels = {c["channel"]: c for c in doc["channels"]}
    assert channels["referral_consent"]["basis"] == "consent"
    assert channels["referral_emergency"]["basis"] == "vital_interests"
    assert channels["referral_consent"]["referrals_12_months"] >= 2
    assert {r["item"] for r in doc["retention"]} >= {"case_data", "audit_log", "api_token"}
    assert {m["measure"] for m in doc["security"]} >= {"encryption_at_rest", "audit_chain"}
    assert ok(admin.get("/processing-record"))["institutions"] == doc["institutions"]


@pytest.mark.parametrize("who", ["manager", "caseworker", "coordinator", "national"])
def test_the_record_is_for_the_auditor_and_the_admin(world, who):
    assert_problem(world.client(who).get("/processing-record"), 403)


def test_the_record_prints_without_scripts(world):
    r = world.client("auditor").get("/processing-record?format=html&lang=sr-Latn")
    assert r.status == 200 and r.content_type == "text/html"
    assert "Evidencija aktivnosti obrade" in r.text and "<script" not in r.text.lower()
    assert world.shelter["name"] in r.text
