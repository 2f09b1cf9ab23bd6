"""The public service directory (issue 16): GET /public/directory answers anyone, without an
account or a cookie, with the institutions that chose to be listed, as Open Referral HSDS 3.0
JSON and CSV. Every object is checked against HSDS 3.0's own schemas (tests/hsds/, formats
checked: ids are UUIDs), and no shelter's address appears anywhere in any form of it."""

import csv
import io
import json
import pathlib

import pytest
from jsonschema import Draft202012Validator, FormatChecker, RefResolver

from harness import Server, assert_problem, cli_output, new_institution, new_municipality, run_cli

SCHEMAS = pathlib.Path(__file__).resolve().parent.parent / "hsds"
TABLES = ["organization", "service", "location", "address", "phone", "language", "schedule",
          "service_at_location"]
SHELTER_ADDRESS = "Rruga e Fshehtë 7, pas shkollës"


def validator(name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    resolver = RefResolver(base_uri=SCHEMAS.as_uri() + "/", referrer=schema)
    return Draft202012Validator(schema, resolver=resolver, format_checker=FormatChecker())


def schema_errors(name, obj):
    return [f"{name} {obj.get('id')}: {'/'.join(map(str, e.path))}: {e.message}"
            for e in validator(name).iter_errors(obj)]


@pytest.fixture(scope="module")
def place(admin):
    muni = new_municipality(admin, name="Bashkia Korçë", region="Korçë")
    police = new_institution(admin, muni["id"], name="Policia e Korçës", type="police",
                             services=["police_protection"], languages=["sq", "en"],
                             listed=True, opening_hours="24/7", postal_code="7001")
    cso = new_institution(admin, muni["id"], name="Qendra Sot për Nesër", type="cso",
                          services=["psychosocial", "legal_aid"], languages=["sq", "rom"],
                          email="info@example.org", listed=True,
                          opening_hours="Mo-Fr 08:00-16:00; Sa 09:00-13:00")
    shelter = new_institution(admin, muni["id"], name="Strehëza Korçë", type="shelter",
                              services=["shelter"], address=SHELTER_ADDRESS, listed=True,
                              phone="+355 69 000 1111", capacity=12)
    unlisted = new_institution(admin, muni["id"], name="Spitali i Korçës", type="health",
                               services=["medical"], email=None)
    return {"police": police, "cso": cso, "shelter": shelter, "unlisted": unlisted}


def directory(anon, query="", lang="en"):
    r = anon.get(f"/public/directory{query}", lang=lang)
    assert r.headers.get_all("Set-Cookie") is None, "the public directory set a cookie"
    return r


def org_named(doc, name):
    return next(o for o in doc["organizations"] if o["name"] == name)


def test_answers_without_an_account_or_cookie_only_the_listed(anon, place):
    r = directory(anon)
    assert r.status == 200 and r.content_type == "application/json"
    names = {o["name"] for o in r.json["organizations"]}
    assert {"Policia e Korçës", "Qendra Sot për Nesër", "Strehëza Korçë"} <= names
    assert "Spitali i Korçës" not in names, "an institution that did not choose it is listed"
    assert r.json["hsds_version"] == "3.0"


def test_every_object_validates_against_the_hsds_schemas(anon, place):
    doc = directory(anon).json
    errors = []
    for org in doc["organizations"]:
        errors += schema_errors("organization", org)
    for service in doc["services"]:
        errors += schema_errors("service", service)
    assert errors == []
    assert len(doc["services"]) >= 4


def test_ids_are_uuids_stable_between_exports_and_services_point_at_their_organization(anon,
                                                                                        place):
    first, second = directory(anon).json, directory(anon).json
    assert first == second, "the same data gives the same export, ids included"
    orgs = {o["id"] for o in first["organizations"]}
    ids = [o["id"] for o in first["organizations"]] + [s["id"] for s in first["services"]]
    assert len(ids) == len(set(ids))
    for service in first["services"]:
        assert service["organization_id"] in orgs


def test_organisation_carries_phones_languages_hours_and_a_location(anon, place):
    doc = directory(anon).json
    cso = org_named(doc, "Qendra Sot për Nesër")
    assert cso["description"] == "Civil society organisation"
    assert cso["email"] == "info@example.org"
    assert [p["number"] for p in cso["phones"]] == ["+355 82 240 000"]
    [location] = cso["locations"]
    [address] = location["addresses"]
    assert address["address_1"] == "Rruga Republika 1" and address["city"] == "Bashkia Korçë"
    assert address["country"] == "AL" and address["state_province"] == "Korçë"
    services = [s for s in doc["services"] if s["organization_id"] == cso["id"]]
    assert sorted(s["name"] for s in services) == ["Legal aid", "Psychosocial support"]
    for s in services:
        assert [(x["byday"], x["opens_at"], x["closes_at"]) for x in s["schedules"]] == [
            ("MO,TU,WE,TH,FR", "08:00", "16:00"), ("SA", "09:00", "13:00")]
        assert sorted(x["code"] for x in s["languages"]) == ["rom", "sq"]
        assert [x["location_id"] for x in s["service_at_locations"]] == [location["id"]]
    police = org_named(doc, "Policia e Korçës")
    [police_service] = [s for s in doc["services"] if s["organization_id"] == police["id"]]
    assert [(x["byday"], x["opens_at"], x["closes_at"]) for x in police_service["schedules"]] \
        == [("MO,TU,WE,TH,FR,SA,SU", "00:00", "24:00")]
    assert police["locations"][0]["addresses"][0]["postal_code"] == "7001"


def test_a_shelter_is_listed_with_its_phone_but_never_its_address(anon, place):
    for lang in ("sq", "en", "sr-Latn"):
        r = directory(anon, lang=lang)
        assert SHELTER_ADDRESS not in r.text and "Fshehtë" not in r.text
        shelter = org_named(r.json, "Strehëza Korçë")
        assert shelter["locations"] == []
        assert [p["number"] for p in shelter["phones"]] == ["+355 69 000 1111"]
        shelter_services = [s for s in r.json["services"]
                            if s["organization_id"] == shelter["id"]]
        assert shelter_services and all(s["service_at_locations"] == []
                                        for s in shelter_services)
    for table in TABLES:
        body = directory(anon, f"?format=csv&table={table}").text
        assert SHELTER_ADDRESS not in body and "Fshehtë" not in body, table


def test_staff_export_has_every_institution_and_no_shelter_address(admin, place):
    r = admin.get("/directory/hsds")
    assert r.status == 200
    names = {o["name"] for o in r.json["organizations"]}
    assert "Spitali i Korçës" in names, "staff see unlisted institutions too"
    assert SHELTER_ADDRESS not in r.text


def test_labels_follow_the_language(anon, place):
    sq, en = directory(anon, lang="sq").json, directory(anon, "?lang=en", lang="sq").json
    police_sq = org_named(sq, "Policia e Korçës")
    police_en = org_named(en, "Policia e Korçës")
    assert (police_sq["description"], police_en["description"]) == ("Policia", "Police")
    assert police_sq["id"] == police_en["id"]


def csv_table(anon, table):
    r = directory(anon, f"?format=csv&table={table}")
    assert r.status == 200 and r.content_type == "text/csv", (table, r)
    assert f'filename="{table}.csv"' in r.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(r.text)))


def test_csv_tables_hold_the_same_objects_and_their_columns_are_hsds_fields(anon, place):
    doc = directory(anon).json
    for table in TABLES:
        rows = csv_table(anon, table)
        schema = json.loads((SCHEMAS / f"{table}.json").read_text())
        fields, required = schema["properties"], set(schema.get("required", []))
        for row in rows:
            assert set(row) <= set(fields), (table, set(row) - set(fields))
            # Each row is a valid object, its empty optional cells read as absent (a CSV
            # cell cannot tell "" from absent; a required one is kept as "").
            obj = {k: v for k, v in row.items() if v != "" or k in required}
            assert schema_errors(table, obj) == [], (table, row)
    assert {r["id"] for r in csv_table(anon, "organization")} == \
        {o["id"] for o in doc["organizations"]}
    assert {r["id"] for r in csv_table(anon, "service")} == {s["id"] for s in doc["services"]}
    numbers = {r["number"] for r in csv_table(anon, "phone")}
    assert "+355 69 000 1111" in numbers, "a phone number is kept as it is, not as '+355"


@pytest.mark.parametrize("query, field", [
    ("?format=xml", "format"),
    ("?format=csv", "table"),
    ("?format=csv&table=case", "table"),
    ("?format=json&table=service", "table"),
    ("?lang=de", "lang"),
])
def test_bad_parameters_are_400_naming_them(anon, place, query, field):
    assert_problem(directory(anon, query), 400, field)


def test_opening_hours_and_postal_code_are_checked_in_the_callers_language(admin, place):
    muni = place["police"]["municipality_id"]
    for hours in ("Mo-Fr 8-16", "Fr-Mo 08:00-16:00", "Mo 16:00-08:00", "Mo 08:00-24:30",
                  "sometimes"):
        r = admin.post("/institutions", {"name": "Zyra", "type": "cso", "municipality_id": muni,
                                         "opening_hours": hours}, lang="sq")
        assert_problem(r, 422, "opening_hours")
        assert "Shkruajeni si" in r.text
    r = admin.post("/institutions", {"name": "Zyra", "type": "cso", "municipality_id": muni,
                                     "postal_code": "70<01"})
    assert_problem(r, 422, "postal_code")
    r = admin.patch(f"/institutions/{place['unlisted']['id']}",
                    {"listed": True, "opening_hours": "Mo-Su 00:00-24:00"})
    assert r.status == 200 and r.json["listed"] is True
    assert r.json["opening_hours"] == "Mo-Su 00:00-24:00"


def test_the_demos_directory_validates_and_hides_its_shelters_address(ura, tmp_path_factory):
    """The demo `make run` serves: every institution listed, every object valid HSDS."""
    directory = tmp_path_factory.mktemp("ura-demo-directory")
    made = run_cli("demo", "--db", directory / "demo.db")
    assert made.returncode == 0, cli_output(made)
    s = Server(directory, init=False, db_name="demo.db").start()
    try:
        r = s.client().get("/public/directory")
        errors = [e for o in r.json["organizations"] for e in schema_errors("organization", o)]
        errors += [e for x in r.json["services"] for e in schema_errors("service", x)]
        assert errors == []
        assert len(r.json["organizations"]) == 11
        shelter = next(o for o in r.json["organizations"] if "Strehimit" in o["name"])
        assert shelter["locations"] == [] and "Fshehtë" not in r.text
    finally:
        s.stop()
