"""Hate-crime statistics (issue 14; CONTRACT.md "Hate-crime statistics").

A known world on its own server (clock fixed on 23 November 2026): a hate-crime mechanism in
municipality A whose police institution owns six hate-crime cases with known bias
motivations (c1 ethnicity+religion, c2 ethnicity, c3 sexual orientation, c4 sex,
c5 ethnicity, c6 sexual orientation), and reports without an account: p1 ethnicity (sent to
the police by triage), p2 ethnicity+sexual orientation, p3 religion that became case c2
(counted once, as the case), p4 a domestic-violence report (not a hate incident). Another
municipality B has a prosecution-owned hate-crime case and a report of its own.

- GET /reports/hate-crimes: incidents by bias (an incident with two motivations counts in
  both; `total_incidents` 8), by municipality, by outcome; the national reader sees every
  count 1..4 as "suppressed" (sexual orientation: 3); CSV and XLSX with the labels of the
  caller's language; who may read it (as /reports/summary).
- PUT /cases/{id}/hate-crime-outcome: the police mark investigated (the figures follow), the
  prosecution prosecuted, the owner reported; the wrong institution type 403 in the caller's
  language; a non-hate case 409; bad bodies 4xx and nothing changes; audited.
- POST /police-feedback: only CSO staff (403 otherwise, in the caller's language), fields
  checked with nothing stored on a 4xx, a field naming an officer refused; GET
  /mechanisms/{id}/police-feedback: per quarter and police institution, fewer than five
  answers "suppressed" without shares, members read it, others 403.
"""

import csv
import datetime as dt
import io
import zipfile

import pytest

import harness
from harness import assert_problem, label, new_institution, new_user, query_db, write_db
from test_cases import Site, case_body, create, join, new_person

UTC = dt.timezone.utc
NOW = harness.T0  # 23 November 2026
YEAR = "from=2026-01-01&to=2026-12-31"
BIAS = ["sexual_orientation", "gender_identity", "sex", "ethnicity", "religion", "disability",
        "other"]
CASE_BIAS = {"c1": ["ethnicity", "religion"], "c2": ["ethnicity"],
             "c3": ["sexual_orientation"], "c4": ["sex"], "c5": ["ethnicity"],
             "c6": ["sexual_orientation"]}


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-hate"))
    s.start(now=NOW)
    yield s
    s.stop()


def hate_case(site, who, bias):
    body = case_body(site, new_person())
    body["incident"]["bias"] = bias
    return create(site.client(who), body)


def public_report(anon, municipality_id, kind, bias=()):
    body = {"municipality_id": municipality_id, "kind": kind, "occurred_on": "2026-10-01"}
    if bias:
        body["bias"] = list(bias)
    r = anon.post("/public/reports", body, csrf=False)
    assert r.status == 202, r
    return query_db(anon.server.db, "SELECT max(id) FROM public_reports")[0][0]


def db_write(server, sql, *args):
    """What another branch's triage does (convert, refer to the police), behind the server's
    back; the arguments are ids."""
    write_db(server.db, sql.replace("?", "{}").format(*(int(a) for a in args)))


@pytest.fixture(scope="module")
def world(server, admin):
    a = Site(server, admin, kind="hate_crime")
    b = Site(server, admin, kind="hate_crime")
    w = type("World", (), {})()
    w.a, w.b = a, b
    w.cases = {name: hate_case(a, "caseworker", bias) for name, bias in CASE_BIAS.items()}
    w.dv_site = Site(server, admin, municipality=a.municipality)
    w.dv_case = create(w.dv_site.client("caseworker"), case_body(w.dv_site, new_person()))
    # the prosecution of B owns a case there
    w.prosecution = new_institution(admin, b.municipality["id"], type="prosecution")
    join(admin, b.mechanism["id"], w.prosecution["id"])
    w.prosecutor = new_user(admin, "caseworker", w.prosecution["id"])
    w.prosecutor_client = server.sign_in(w.prosecutor.username, w.prosecutor.password)
    body = case_body(b, new_person())
    body["incident"]["bias"] = ["religion"]
    body["consent"]["institution_types"] = ["prosecution"]
    w.prosecuted_case = create(w.prosecutor_client, body)
    anon = server.client()
    w.p1 = public_report(anon, a.municipality["id"], "hate_crime", ["ethnicity"])
    w.p2 = public_report(anon, a.municipality["id"], "hate_crime",
                         ["ethnicity", "sexual_orientation"])
    w.p3 = public_report(anon, a.municipality["id"], "hate_crime", ["religion"])
    w.p4 = public_report(anon, a.municipality["id"], "domestic_violence")
    w.pb = public_report(anon, b.municipality["id"], "hate_crime", ["disability"])
    db_write(server, "UPDATE public_reports SET case_id = ? WHERE id = ?",
             w.cases["c2"]["id"], w.p3)
    db_write(server, "UPDATE public_reports SET police_institution_id = ? WHERE id = ?",
             a.owner["id"], w.p1)
    # a CSO of A, member of the mechanism, with a caseworker
    w.cso = new_institution(admin, a.municipality["id"], type="cso")
    join(admin, a.mechanism["id"], w.cso["id"])
    w.cso_user = new_user(admin, "caseworker", w.cso["id"])
    w.cso_client = server.sign_in(w.cso_user.username, w.cso_user.password)
    w.police_b = new_institution(admin, a.municipality["id"], type="police")
    return w


def report(client, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return client.get(f"/reports/hate-crimes?{YEAR}&{query}")


def table(doc, key):
    t = next(t for t in doc["tables"] if t["key"] == key)
    return {row["label"]: row["cells"][0] for row in t["rows"]}


def outcome(client, case_id, lang=None, **body):
    return client.put(f"/cases/{case_id}/hate-crime-outcome", body, lang=lang)


# --- the report ------------------------------------------------------------------------------

def test_by_bias_counts_cases_and_unconverted_reports_once(world, actors):
    r = report(world.a.client("coordinator"), mechanism_id=world.a.mechanism["id"])
    assert r.status == 200, r
    doc = r.json
    assert doc["anonymised"] is False and doc["total_incidents"] == 8
    assert table(doc, "hate_by_bias") == {
        "sexual_orientation": 3, "gender_identity": 0, "sex": 1, "ethnicity": 5,
        "religion": 1, "disability": 0, "other": 0}
    assert [t["key"] for t in doc["tables"]] == ["hate_by_bias", "hate_by_municipality",
                                                 "hate_by_outcome"]
    places = next(t for t in doc["tables"] if t["key"] == "hate_by_municipality")["rows"]
    assert [(p["label"], p["municipality_id"], p["cells"]) for p in places] == [
        (world.a.municipality["name"], world.a.municipality["id"], [8])]
    # the municipality scope counts the same incidents; the nation both municipalities
    national = report(actors.client("national"),
                      municipality_id=world.b.municipality["id"]).json
    assert national["total_incidents"] == "suppressed" and national["anonymised"] is True


def test_by_outcome_follows_the_police(world):
    coordinator = world.a.client("coordinator")
    before = table(report(coordinator, mechanism_id=world.a.mechanism["id"]).json,
                   "hate_by_outcome")
    # p1 was sent to the police by triage
    assert before == {"reported_to_police": 1, "investigated": 0, "prosecuted": 0}
    c1 = world.cases["c1"]["id"]
    r = outcome(world.a.client("caseworker"), c1, reported_to_police=True,
                investigated=True, investigated_on="2026-11-02")
    assert r.status == 200, r
    assert r.json["investigated"] is True and r.json["investigated_on"] == "2026-11-02"
    assert r.json["reported_to_police_on"] == "2026-11-23" and r.json["prosecuted"] is False
    after = table(report(coordinator, mechanism_id=world.a.mechanism["id"]).json,
                  "hate_by_outcome")
    assert after == {"reported_to_police": 2, "investigated": 1, "prosecuted": 0}
    got = world.a.client("caseworker").get(f"/cases/{c1}/hate-crime-outcome")
    assert got.status == 200 and got.json == r.json
    # a no clears the date; the other outcomes stay
    r = outcome(world.a.client("caseworker"), c1, investigated=False)
    assert r.json["investigated"] is False and r.json["investigated_on"] is None
    assert r.json["reported_to_police"] is True
    outcome(world.a.client("caseworker"), c1, investigated=True, investigated_on="2026-11-02")


def test_national_reader_sees_small_cells_suppressed(world, actors):
    doc = report(actors.client("national"), mechanism_id=world.a.mechanism["id"],
                 anonymised="false").json
    assert doc["anonymised"] is True and doc["total_incidents"] == 8
    bias = table(doc, "hate_by_bias")
    assert bias["ethnicity"] == 5 and bias["sexual_orientation"] == "suppressed"
    assert bias["sex"] == "suppressed" and bias["religion"] == "suppressed" and bias["gender_identity"] == 0
    coordinator = report(world.a.client("coordinator"), mechanism_id=world.a.mechanism["id"],
                         anonymised="true").json
    assert table(coordinator, "hate_by_bias")["sexual_orientation"] == "suppressed"


def test_csv_and_xlsx_with_translated_labels(world):
    c = world.a.client("coordinator")
    for lang in ("en", "sq", "sr-Latn"):
        r = c.get(f"/reports/hate-crimes?{YEAR}&mechanism_id={world.a.mechanism['id']}"
                  "&format=csv", lang=lang)
        assert r.status == 200 and r.content_type == "text/csv", r
        assert "hate-crimes.csv" in r.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
        flat = [cell for row in rows for cell in row]
        assert label("report_table", "hate_by_bias", lang) in flat
        assert label("report_column", "bias", lang) in flat
        assert [label("bias", "ethnicity", lang), "5"] in rows
        assert [label("report_row", "investigated", lang), "1"] in rows
        assert world.a.municipality["name"] in flat
    r = c.get(f"/reports/hate-crimes?{YEAR}&mechanism_id={world.a.mechanism['id']}"
              "&format=xlsx", lang="sq")
    assert r.status == 200 and r.content_type == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    z = zipfile.ZipFile(io.BytesIO(r.body))
    text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert label("bias", "ethnicity", "sq") in text
    assert label("report_table", "hate_by_outcome", "sq") in text


def test_who_reads_the_report(world, actors, admin):
    mid = world.a.mechanism["id"]
    for who in ("caseworker", "manager", "other_caseworker"):
        assert_problem(report(world.a.client(who), mechanism_id=mid), 403)
    assert_problem(report(world.b.client("coordinator"), mechanism_id=mid), 403)
    assert_problem(report(actors.client("auditor"), mechanism_id=mid), 403)
    assert_problem(report(world.a.client("coordinator"), format="pdf"), 400, "format")
    assert_problem(report(world.a.client("coordinator"), mechanism_id="x"), 400,
                   "mechanism_id")
    rows = query_db(world.a.server.db, "SELECT count(*) FROM audit_log WHERE action = "
                                       "'hate_report.read'")
    assert rows[0][0] >= 1


# --- the outcome -----------------------------------------------------------------------------

def test_outcome_permissions_by_institution_type(world):
    c3 = world.cases["c3"]["id"]
    police = world.a.client("caseworker")
    r = outcome(police, c3, lang="en", prosecuted=True)
    body = assert_problem(r, 403)
    assert "prosecution" in body["detail"]
    sq = assert_problem(outcome(police, c3, lang="sq", prosecuted=True), 403)
    assert sq["detail"] != body["detail"] and "prokuroria" in sq["detail"]
    pc = world.prosecuted_case["id"]
    prosecutor = world.prosecutor_client
    assert_problem(outcome(prosecutor, pc, investigated=True), 403)
    r = outcome(prosecutor, pc, prosecuted=True, reported_to_police=True)
    assert r.status == 200 and r.json["prosecuted"] is True, r
    # the police of A cannot see B's case: 404
    assert_problem(outcome(police, pc, investigated=True), 404)
    # the coordinator (summary only) may not write
    assert_problem(outcome(world.a.client("coordinator"), c3, reported_to_police=True), 403)
    doc = report(world.b.client("coordinator"), mechanism_id=world.b.mechanism["id"]).json
    assert table(doc, "hate_by_outcome") == {"reported_to_police": 1, "investigated": 0,
                                             "prosecuted": 1}
    # social services own a case of B: they record its report to the police, nothing else
    other = world.b.client("other_caseworker")
    own = hate_case(world.b, "other_caseworker", ["other"])["id"]
    body = assert_problem(outcome(other, own, lang="en", investigated=True), 403)
    assert body["detail"].startswith("Your institution does not record this")
    assert_problem(outcome(other, own, prosecuted=True), 403)
    assert outcome(other, own, reported_to_police=True).status == 200


def test_outcome_only_on_hate_crime_cases_and_bad_bodies_change_nothing(world):
    server = world.a.server
    dv = world.dv_case["id"]
    assert_problem(outcome(world.dv_site.client("caseworker"), dv, investigated=True), 409)
    c4 = world.cases["c4"]["id"]
    police = world.a.client("caseworker")
    before = query_db(server.db, "SELECT count(*) FROM hate_crime_outcomes")[0][0]
    audits = query_db(server.db, "SELECT count(*) FROM audit_log")[0][0]
    assert_problem(outcome(police, c4, investigated="yes"), 400, "investigated")
    assert_problem(outcome(police, c4, investigated=True, investigated_on="2999-01-01"), 422,
                   "investigated_on")
    assert_problem(outcome(police, c4, investigated=False, investigated_on="2026-01-01"), 422,
                   "investigated_on")
    assert_problem(outcome(police, c4, officer="Smith"), 422, "officer")
    assert_problem(outcome(police, c4), 422)
    assert query_db(server.db, "SELECT count(*) FROM hate_crime_outcomes")[0][0] == before
    assert query_db(server.db, "SELECT count(*) FROM audit_log")[0][0] == audits
    r = outcome(police, c4, reported_to_police=True)
    assert r.status == 200
    rows = query_db(server.db, "SELECT action, case_id FROM audit_log ORDER BY id DESC LIMIT 1")
    assert rows[0] == ("hate_outcome.update", c4)


# --- feedback on the police ------------------------------------------------------------------

def feedback(w, police_id, occurred_on, informed="yes", respectful="yes", referred="yes",
             hours=None, client=None, lang=None, **extra):
    body = {"mechanism_id": w.a.mechanism["id"], "police_institution_id": police_id,
            "occurred_on": occurred_on, "informed_of_rights": informed,
            "treated_respectfully": respectful, "referred_to_support": referred}
    if hours is not None:
        body["hours_to_first_contact"] = hours
    body.update(extra)
    return (client or w.cso_client).post("/police-feedback", body, lang=lang)


def feedback_count(server):
    return query_db(server.db, "SELECT count(*) FROM police_feedback")[0][0]


def test_feedback_only_from_cso_staff_and_checked(world):
    server = world.a.server
    police = world.a.owner["id"]
    before = feedback_count(server)
    r = feedback(world, police, "2026-03-01", client=world.a.client("caseworker"), lang="en")
    en = assert_problem(r, 403)
    assert en["detail"] == "Only the staff of a civil society organisation give feedback on " \
        "the police"
    r = world.a.client("coordinator").post("/police-feedback", {}, lang="sq")
    assert assert_problem(r, 403)["detail"] != en["detail"]
    assert_problem(feedback(world, police, "2026-03-01", informed="maybe"), 422,
                   "informed_of_rights")
    assert_problem(feedback(world, police, "2026-03-01", referred="partly"), 422,
                   "referred_to_support")
    assert_problem(feedback(world, police, "2026-03-01", hours=2161), 422,
                   "hours_to_first_contact")
    assert_problem(feedback(world, police, "2999-03-01"), 422, "occurred_on")
    assert_problem(feedback(world, world.cso["id"], "2026-03-01"), 422,
                   "police_institution_id")
    assert_problem(feedback(world, police, "2026-03-01", officer_name="Agim Hoxha"), 422,
                   "officer_name")
    assert_problem(feedback(world, police, "2026-03-01", case_id=world.cases["c1"]["id"]),
                   422, "case_id")
    r = world.cso_client.post("/police-feedback", {"informed_of_rights": "maybe"}, lang="en")
    body = assert_problem(r, 422)
    assert set(r.error_fields) >= {"mechanism_id", "police_institution_id", "occurred_on",
                                   "informed_of_rights"}
    assert feedback_count(server) == before
    r = feedback(world, police, "2026-03-01", hours=3)
    assert r.status == 201, r
    assert r.json["hours_to_first_contact"] == 3 and "officer" not in str(r.json)
    rows = query_db(server.db, "SELECT action, object_type FROM audit_log ORDER BY id DESC "
                               "LIMIT 1")
    assert rows[0] == ("police_feedback.create", "police_feedback")


def test_aggregate_per_quarter_with_suppression(world, actors):
    a = world.a.owner["id"]
    b = world.police_b["id"]
    # Q1: the 1 answer of the previous test, 5 more about A and 2 about B: 8 answers
    for i, (informed, hours) in enumerate([("yes", 1), ("partly", 2), ("no", 4), ("yes", 10),
                                           ("yes", 20)]):
        assert feedback(world, a, f"2026-02-{i + 1:02d}", informed=informed,
                        hours=hours).status == 201
    assert feedback(world, b, "2026-03-10", respectful="no", hours=5).status == 201
    assert feedback(world, b, "2026-03-11", referred="no").status == 201
    # Q2: 3 answers
    for day in ("2026-04-01", "2026-05-01", "2026-06-01"):
        assert feedback(world, a, day).status == 201
    r = world.a.client("coordinator").get(f"/mechanisms/{world.a.mechanism['id']}"
                                          "/police-feedback?year=2026")
    assert r.status == 200, r
    q1, q2, q3, q4 = r.json["quarters"]
    assert q1["quarter"] == 1 and q1["answers"] == 8
    assert q1["informed_of_rights"] == pytest.approx({"yes": 6 / 8, "partly": 1 / 8,
                                                      "no": 1 / 8})
    assert q1["treated_respectfully"]["no"] == pytest.approx(1 / 8)
    assert q1["referred_to_support"] == pytest.approx({"yes": 7 / 8, "no": 1 / 8})
    # hours 1 2 3 4 5 10 20: the middle is 4
    assert q1["median_hours_to_first_contact"] == 4
    # B has 2 answers: hidden; A's 6 would give B's away (8 - 6): hidden too, and read the
    # same "suppressed" (6 is not under 5)
    assert [p["answers"] for p in q1["police"]] == ["suppressed", "suppressed"]
    assert all(p["informed_of_rights"] is None for p in q1["police"])
    assert q2["answers"] == "suppressed" and q2["informed_of_rights"] is None
    assert q2["median_hours_to_first_contact"] is None
    assert q3["answers"] == 0 and q3["police"] == [] and q4["answers"] == 0
    # members read it; others do not
    assert world.a.client("other_caseworker").get(
        f"/mechanisms/{world.a.mechanism['id']}/police-feedback").status == 200
    for client in (world.b.client("coordinator"), world.b.client("caseworker"),
                   actors.client("national")):
        assert_problem(client.get(f"/mechanisms/{world.a.mechanism['id']}/police-feedback"),
                       403)
    assert_problem(world.a.client("coordinator").get(
        "/mechanisms/999999/police-feedback"), 404)
    assert_problem(world.a.client("coordinator").get(
        f"/mechanisms/{world.a.mechanism['id']}/police-feedback?year=x"), 400, "year")


def test_outcomes_are_recorded_after_the_case_closed(world):
    """Prosecution comes months after a case closes: its outcome is still recorded."""
    police = world.a.client("caseworker")
    case = hate_case(world.a, "caseworker", ["religion"])
    assert police.post(f"/cases/{case['id']}/close", {"outcome": "other"}).status == 200
    r = outcome(police, case["id"], investigated=True)
    assert r.status == 200 and r.json["investigated"] is True, r
    # the case itself stays a record
    assert_problem(police.post(f"/cases/{case['id']}/notes",
                               {"body": "late", "visibility": "involved"}), 409)
