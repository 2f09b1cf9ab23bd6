"""The foundation's "done when" scenario, end to end on one database: an admin builds the
Korçë domestic-violence mechanism with eight member institutions and users of every role;
each role signs in and sees itself; `ura audit verify` reports the chain intact; one audit
row is then edited in the database, and both `ura audit verify` (non-zero exit naming the
entry) and GET /audit/verify (first_bad_id) catch it."""

import re

from harness import (ROLES, audit_ids, cli_output, list_all, new_password, run_cli,
                     tamper_audit_row)

MEMBERS = [
    ("Bashkia Korçë", "municipality", ["economic_aid", "housing"]),
    ("Drejtoria Vendore e Policisë Korçë", "police", ["police_protection"]),
    ("Prokuroria e Rrethit Gjyqësor Korçë", "prosecution", ["protection_order"]),
    ("Gjykata e Rrethit Gjyqësor Korçë", "court", ["protection_order"]),
    ("Shërbimi Social Shtetëror, Dega Korçë", "social_services",
     ["psychosocial", "child_protection"]),
    ("Spitali Rajonal Korçë", "health", ["medical"]),
    ("Qendra e Strehimit Korçë", "shelter", ["shelter", "psychosocial"]),
    ("Qendra e Ndihmës Juridike Falas Korçë", "legal_aid", ["legal_aid"]),
]


def test_korce_mechanism_end_to_end(new_server):
    s = new_server()
    admin = s.sign_in_admin()

    r = admin.post("/municipalities", {"name": "Korçë", "code": "KOR", "region": "Korçë",
                                       "country": "AL"})
    assert r.status == 201, r
    korce = r.json["id"]
    assert admin.get(f"/municipalities/{korce}").json["name"] == "Korçë"

    institutions = {}
    for name, kind, services in MEMBERS:
        r = admin.post("/institutions", {
            "name": name, "type": kind, "municipality_id": korce, "phone": "+355 82 200 000",
            "email": f"{kind}@korce.example", "address": f"Korçë, {kind}", "services": services,
            "languages": ["sq"], "capacity": 12 if kind == "shelter" else None})
        assert r.status == 201, r
        institutions[kind] = r.json["id"]

    accounts = {}

    def add_user(role, institution=None):
        username, password = f"{role}.korce", new_password()
        body = {"username": username, "display_name": f"{role.title()} Korçë",
                "password": password, "role": role, "locale": "sq"}
        if institution:
            body["institution_id"] = institutions[institution]
        r = admin.post("/users", body)
        assert r.status == 201, r
        accounts[role] = (r.json["id"], username, password, body.get("institution_id"))

    add_user("coordinator", "municipality")
    add_user("manager", "social_services")
    add_user("caseworker", "police")
    add_user("national")
    add_user("auditor")
    add_user("admin")

    r = admin.post("/mechanisms", {
        "name": "Mekanizmi i Koordinuar i Referimit të Rasteve të Dhunës në Familje, Korçë",
        "kind": "domestic_violence", "municipality_id": korce,
        "coordinator_user_id": accounts["coordinator"][0], "memorandum_date": "2012-03-08",
        "memorandum_ref": "Memorandum mirëkuptimi nr. 8/2012", "min_meetings_per_year": 4})
    assert r.status == 201, r
    mechanism = r.json["id"]

    for i, (_, kind, _) in enumerate(MEMBERS):
        r = admin.post(f"/mechanisms/{mechanism}/members",
                       {"institution_id": institutions[kind], "joined_on": f"2012-03-{8 + i:02d}"})
        assert r.status == 201, r

    clients = {}
    for role in ROLES:
        user_id, username, password, institution = accounts[role]
        c = s.sign_in(username, password)
        me = c.get("/me").json
        assert (me["id"], me["role"], me["institution_id"]) == (user_id, role, institution), me
        members = list_all(c, f"/mechanisms/{mechanism}/members")
        assert {m["institution_id"] for m in members} == set(institutions.values()), members
        clients[role] = c

    auditor = clients["auditor"]
    r = auditor.get("/audit/verify")
    assert r.status == 200 and r.json["intact"] is True, r
    member_adds = [e for e in list_all(auditor, "/audit") if e["action"] == "member.add"]
    assert len(member_adds) == 8, member_adds
    target = sorted(e["id"] for e in member_adds)[3]

    s.stop()
    proc = run_cli("audit", "verify", "--db", s.db)
    assert proc.returncode == 0, cli_output(proc)
    match = re.search(r"audit chain intact: (\d+) entries", cli_output(proc))
    assert match and int(match.group(1)) == len(audit_ids(s.db)), cli_output(proc)

    tamper_audit_row(s.db, target, action="member.remove")
    proc = run_cli("audit", "verify", "--db", s.db)
    assert proc.returncode != 0, cli_output(proc)
    match = re.search(r"audit chain broken at entry (\d+)", cli_output(proc))
    assert match and int(match.group(1)) == target, cli_output(proc)

    s.start()
    r = auditor.get("/audit/verify")
    assert r.status == 200, r
    assert r.json["intact"] is False and r.json["first_bad_id"] == target, r
