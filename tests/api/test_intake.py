"""Intake triage and third-party reports by CSOs (issue 14): a CSO files a report on a
victim's behalf (consent recorded or anonymised; to the police now, later or for statistics
only), the triage queue of the coordinator and of the police hate-crime contact point, the
consent-limited detail read, converting into a case, referring to the police, closing, the
reporter's status and message, and the overdue triage by the clock."""

import urllib.parse

import pytest

from harness import assert_problem, new_institution, new_mechanism, new_municipality, \
    new_user, query_db

PRIVATE = "Rruga e Elbasanit 17, kati 3"  # an address: must never leak where not consented
PHONE = "+355 69 555 0101"


class World:
    """A municipality with a hate-crime mechanism (coordinator, police contact point, a CSO
    member) and a domestic-violence one; another municipality's coordinator."""

    def __init__(self, server, admin):
        self.server = server
        self.muni = new_municipality(admin)
        m = self.muni["id"]
        self.police = new_institution(admin, m, type="police", services=["police_protection"])
        self.police2 = new_institution(admin, m, type="police", services=["police_protection"])
        self.cso = new_institution(admin, m, type="cso", services=["psychosocial"])
        self.social = new_institution(admin, m)
        self.coord_user = new_user(admin, "coordinator")
        self.hate = new_mechanism(admin, m, kind="hate_crime",
                                  coordinator_user_id=self.coord_user.id)
        self.dv = new_mechanism(admin, m, coordinator_user_id=self.coord_user.id)
        for inst in (self.police, self.police2, self.cso, self.social):
            for mech in (self.hate, self.dv):
                r = admin.post(f"/mechanisms/{mech['id']}/members",
                               {"institution_id": inst["id"], "joined_on": "2025-01-01"})
                assert r.status == 201, r
        r = admin.patch(f"/mechanisms/{self.hate['id']}",
                        {"hate_crime_contact_institution_id": self.police["id"]})
        assert r.status == 200 and r.json["hate_crime_contact_institution_id"] == \
            self.police["id"], r
        other = new_municipality(admin)
        self.other_coord_user = new_user(admin, "coordinator")
        new_mechanism(admin, other["id"], kind="hate_crime",
                      coordinator_user_id=self.other_coord_user.id)
        self.users = {
            "cso": new_user(admin, "caseworker", self.cso["id"]),
            "police": new_user(admin, "caseworker", self.police["id"]),
            "police2": new_user(admin, "caseworker", self.police2["id"]),
            "social": new_user(admin, "caseworker", self.social["id"]),
            "coordinator": self.coord_user,
            "other_coordinator": self.other_coord_user,
        }
        self.sign_in_all()

    def sign_in_all(self):
        self.c = {k: self.server.sign_in(u.username, u.password, lang="en")
                  for k, u in self.users.items()}

    def report(self, **fields):
        body = {"municipality_id": self.muni["id"], "kind": "hate_crime",
                "forms": ["physical"], "bias": ["sexual_orientation"],
                "occurred_on": "2026-11-20", "description": "Attacked outside a club",
                "place": PRIVATE, "name": "Arta K.", "contact": PHONE,
                "wants_contact": True,
                "consent": {"method": "written", "categories": ["incident"]},
                "police": "now"}
        body.update(fields)
        for k in [k for k, v in body.items() if v is None]:
            del body[k]
        r = self.c["cso"].post("/intake", body)
        assert r.status == 201, r
        return r.json


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


def queue_ids(client, **params):
    r = client.get("/intake" + ("?" + urllib.parse.urlencode(params) if params else ""))
    assert r.status == 200, r
    return [i["id"] for i in r.json["items"]]


def receipt_status(anon, receipt):
    r = anon.post("/public/reports/status", {"receipt": receipt}, csrf=False)
    assert r.status == 200 and r.headers.get_all("Set-Cookie") is None, r
    return r.json


def test_mechanism_contact_point_must_be_police(world, admin):
    r = admin.patch(f"/mechanisms/{world.dv['id']}",
                    {"hate_crime_contact_institution_id": world.cso["id"]})
    assert_problem(r, 422, "hate_crime_contact_institution_id")


def test_cso_files_report_stored_encrypted_and_audited_without_personal_data(world):
    rep = world.report()
    assert rep["status"] == "received" and rep["police_disclosure"] == "now"
    row = query_db(world.server.db, "SELECT source, filed_by_institution_id, "
                   "police_disclosure, consent_method, consent_categories, anonymised, "
                   "details FROM public_reports WHERE id = %d" % rep["id"])[0]
    assert row[:6] == ("cso", world.cso["id"], "now", "written", '["incident"]', 0)
    assert PRIVATE.encode() not in bytes(row[6]) and b"Arta" not in bytes(row[6])
    audit = query_db(world.server.db, "SELECT action, fields FROM audit_log WHERE "
                     "object_type = 'public_report' AND object_id = %d" % rep["id"])
    assert audit[0][0] == "intake.file"
    assert "Arta" not in str(audit) and "Elbasanit" not in str(audit)


@pytest.mark.parametrize("change,field", [
    ({"consent": None}, "consent"),                      # neither consent nor anonymised
    ({"anonymised": True}, "consent"),                   # both
    ({"consent": None, "anonymised": True}, "name"),     # anonymised with a name
    ({"police": "tomorrow"}, "police"),
    ({"consent": {"method": "telepathy", "categories": []}}, "consent.method"),
    ({"consent": {"method": "verbal", "categories": ["gossip"]}}, "consent.categories"),
    ({"kind": "reintegration"}, "kind"),
])
def test_bad_filing_in_callers_language_nothing_stored(world, change, field):
    before = query_db(world.server.db, "SELECT count(*) FROM public_reports")[0][0]
    body = {"municipality_id": world.muni["id"], "kind": "hate_crime", "police": "now",
            "name": "Arta K.", "consent": {"method": "written", "categories": []}}
    body.update(change)
    body = {k: v for k, v in body.items() if v is not None}
    r = world.c["cso"].post("/intake", body, lang="sq")
    assert_problem(r, 422, field)
    assert r.headers["Content-Language"] == "sq"
    assert query_db(world.server.db, "SELECT count(*) FROM public_reports")[0][0] == before


def test_only_cso_staff_file(world):
    r = world.c["social"].post("/intake", {"municipality_id": world.muni["id"],
                                           "kind": "gbv", "police": "now", "anonymised": True})
    assert r.status == 403, r
    r = world.c["coordinator"].post("/intake", {"municipality_id": world.muni["id"],
                                                "kind": "gbv", "police": "now",
                                                "anonymised": True})
    assert r.status == 403, r


def test_police_read_only_consented_categories(world):
    rep = world.report(consent={"method": "verbal", "categories": ["incident"]})
    assert rep["id"] in queue_ids(world.c["police"])
    r = world.c["police"].get(f"/intake/{rep['id']}")
    assert r.status == 200, r
    d = r.json
    assert d["description"] == "Attacked outside a club"
    assert "contact" not in d and "name" not in d
    assert set(d["withheld"]) == {"name", "contact"}
    assert PHONE not in r.text and "Arta" not in r.text
    # the filer reads all of its own report
    mine = world.c["cso"].get(f"/intake/{rep['id']}").json
    assert mine["contact"] == PHONE and mine["name"] == "Arta K."
    # the read is audited, with the details returned and never their values
    audit = query_db(world.server.db, "SELECT fields FROM audit_log WHERE action = "
                     "'intake.read' AND object_id = %d" % rep["id"])
    assert audit and "description" in audit[0][0] and "Attacked" not in str(audit)


def test_consent_without_incident_hides_the_place_address(world):
    rep = world.report(consent={"method": "electronic", "categories": ["identity"]})
    r = world.c["police"].get(f"/intake/{rep['id']}")
    assert r.status == 200
    assert PRIVATE not in r.text and PHONE not in r.text and "Attacked" not in r.text
    assert r.json["name"] == "Arta K."
    # the list never carries free text or contact, whoever reads it
    for who in ("police", "coordinator", "cso"):
        lst = world.c[who].get("/intake?status=all").text
        assert PRIVATE not in lst and PHONE not in lst and "Arta" not in lst


def test_anonymised_keeps_no_name_or_contact(world):
    rep = world.report(consent=None, anonymised=True, name=None, contact=None,
                       wants_contact=None)
    row = query_db(world.server.db, "SELECT anonymised, consent_method FROM public_reports "
                   "WHERE id = %d" % rep["id"])[0]
    assert row[0] == 1 and not row[1]  # no consent recorded (NULL)
    d = world.c["police"].get(f"/intake/{rep['id']}").json
    assert d["anonymised"] is True and d["description"] == "Attacked outside a club"


def test_statistics_only_never_in_any_queue_or_detail(world):
    rep = world.report(police="statistics")
    for who in world.c:
        assert rep["id"] not in queue_ids(world.c[who], status="all"), who
        assert world.c[who].get(f"/intake/{rep['id']}").status == 404, who


def test_later_held_by_cso_then_passed(world, anon):
    rep = world.report(police="later")
    assert rep["id"] not in queue_ids(world.c["police"], status="all")
    assert rep["id"] not in queue_ids(world.c["coordinator"], status="all")
    assert world.c["police"].get(f"/intake/{rep['id']}").status == 404
    held = world.c["cso"].get("/intake").json["items"]
    assert rep["id"] in [i["id"] for i in held if i["held"]]
    assert world.c["police"].post(f"/intake/{rep['id']}/pass").status == 404
    r = world.c["cso"].post(f"/intake/{rep['id']}/pass")
    assert r.status == 200 and r.json["held"] is False, r
    assert rep["id"] in queue_ids(world.c["police"])
    assert world.c["cso"].post(f"/intake/{rep['id']}/pass").status == 409


def test_queue_visibility_per_role(world, anon):
    hate = world.report()
    gbv = world.report(kind="gbv", bias=None)
    pub = anon.post("/public/reports", {"municipality_id": world.muni["id"],
                                        "kind": "domestic_violence"}, csrf=False)
    assert pub.status == 202
    pub_id = query_db(world.server.db, "SELECT max(id) FROM public_reports")[0][0]
    coord = queue_ids(world.c["coordinator"])
    assert hate["id"] in coord and gbv["id"] in coord and pub_id in coord
    police = queue_ids(world.c["police"])
    assert hate["id"] in police and gbv["id"] not in police and pub_id not in police
    assert queue_ids(world.c["other_coordinator"], status="all") == []
    assert queue_ids(world.c["police2"], status="all") == []
    assert queue_ids(world.c["social"], status="all") == []
    assert world.c["other_coordinator"].get(f"/intake/{hate['id']}").status == 404
    item = [i for i in world.c["coordinator"].get("/intake").json["items"]
            if i["id"] == hate["id"]][0]
    assert item["age_working_days"] == 0 and item["overdue"] is False
    assert item["source"] == "cso" and item["kind"] == "hate_crime"
    assert not {"description", "place", "contact", "name"} & set(item)
    assert hate["id"] in queue_ids(world.c["coordinator"], kind="hate_crime")
    assert gbv["id"] not in queue_ids(world.c["coordinator"], kind="hate_crime")
    assert_problem(world.c["coordinator"].get("/intake?status=x"), 400, "status")


def test_convert_into_case_prefilled_and_receipt_in_progress(world, anon):
    rep = world.report(consent={"method": "written", "categories": ["incident", "identity"]})
    body = {"into": "case", "message": "We have opened your case.",
            "survivor": {"given_name": "Arta", "family_name": "K", "sex": "female"}}
    # the coordinator does not open cases; other police do not see the report
    assert world.c["coordinator"].post(f"/intake/{rep['id']}/convert", body).status == 403
    assert world.c["police2"].post(f"/intake/{rep['id']}/convert", body).status == 404
    r = world.c["police"].post(f"/intake/{rep['id']}/convert", body)
    assert r.status == 201, r
    case = r.json
    assert case["kind"] == "hate_crime" and case["mechanism_id"] == world.hate["id"]
    inc = case["incidents"][0]
    assert inc["forms"] == ["physical"] and inc["bias"] == ["sexual_orientation"]
    assert inc["occurred_on"] == "2026-11-20"
    assert inc["narrative"] == "Attacked outside a club"
    assert receipt_status(anon, rep["receipt"]) == {"status": "in_progress",
                                                    "message": "We have opened your case."}
    # twice: 409, and nothing more is made
    cases = query_db(world.server.db, "SELECT count(*) FROM cases")[0][0]
    again = world.c["police"].post(f"/intake/{rep['id']}/convert", body)
    assert again.status == 409, again
    assert world.c["police"].post(f"/intake/{rep['id']}/close", {"reason": "x"}).status == 409
    assert query_db(world.server.db, "SELECT count(*) FROM cases")[0][0] == cases
    d = world.c["police"].get(f"/intake/{rep['id']}").json
    assert d["case_id"] == case["id"] and d["outcome"] == "case"
    assert rep["id"] not in queue_ids(world.c["police"])
    audit = query_db(world.server.db, "SELECT action, fields FROM audit_log WHERE "
                     "object_type = 'public_report' AND object_id = %d" % rep["id"])
    assert ("intake.convert", '["case_id","message"]') in audit
    assert "opened your case" not in str(audit)


def test_close_with_reason_and_message_changed(world, anon):
    rep = world.report(kind="gbv", bias=None)
    r = world.c["coordinator"].post(f"/intake/{rep['id']}/close",
                                    {"reason": "Duplicate of a case", "message": "Thank you."})
    assert r.status == 200 and r.json["status"] == "closed", r
    assert receipt_status(anon, rep["receipt"]) == {"status": "closed", "message": "Thank you."}
    r = world.c["coordinator"].put(f"/intake/{rep['id']}/message", {"message": "Call us."})
    assert r.status == 200, r
    assert receipt_status(anon, rep["receipt"])["message"] == "Call us."
    d = world.c["coordinator"].get(f"/intake/{rep['id']}").json
    assert d["close_reason"] == "Duplicate of a case"
    assert world.c["coordinator"].post(f"/intake/{rep['id']}/close",
                                       {"reason": "again"}).status == 409
    assert_problem(world.c["coordinator"].post(f"/intake/{rep['id']}/close", {}), 422, "reason")
    assert world.c["police2"].put(f"/intake/{rep['id']}/message",
                                  {"message": "x"}).status == 404


def test_referral_to_police_goes_to_their_queue(world, anon):
    rep = world.report(kind="gbv", bias=None)
    assert_problem(world.c["coordinator"].post(
        f"/intake/{rep['id']}/convert", {"into": "referral", "institution_id": world.cso["id"]}),
        422, "institution_id")
    r = world.c["coordinator"].post(f"/intake/{rep['id']}/convert",
                                    {"into": "referral", "institution_id": world.police2["id"]})
    assert r.status == 200 and r.json["status"] == "referred", r
    assert receipt_status(anon, rep["receipt"])["status"] == "referred"
    assert rep["id"] in queue_ids(world.c["police2"])
    assert rep["id"] not in queue_ids(world.c["coordinator"])
    kinds = [n["kind"] for n in world.c["police2"].get("/notifications").json["items"]]
    assert "intake_referred" in kinds
    assert world.c["coordinator"].post(
        f"/intake/{rep['id']}/convert",
        {"into": "referral", "institution_id": world.police["id"]}).status == 409


def test_overdue_after_two_working_days_by_clock(new_server):
    s = new_server(now="2026-11-23T09:00:00Z")  # a Monday
    admin = s.sign_in_admin()
    w = World(s, admin)
    rep = w.report(kind="gbv", bias=None)
    s.restart(now="2026-11-25T08:59:00Z")  # Wednesday, a minute before the due time
    w.sign_in_all()
    assert [n for n in w.c["coordinator"].get("/notifications").json["items"]
            if n["kind"] == "intake_overdue"] == []
    s.restart(now="2026-11-25T09:01:00Z")
    w.sign_in_all()
    got = [n for n in w.c["coordinator"].get("/notifications").json["items"]
           if n["kind"] == "intake_overdue"]
    assert len(got) == 1 and "Arta" not in str(got), got
    item = [i for i in w.c["coordinator"].get("/intake").json["items"]
            if i["id"] == rep["id"]][0]
    assert item["overdue"] is True and item["age_working_days"] == 2
    s.restart(now="2026-11-26T09:00:00Z")
    w.sign_in_all()
    assert len([n for n in w.c["coordinator"].get("/notifications").json["items"]
                if n["kind"] == "intake_overdue"]) == 1  # once per report
    assert query_db(s.db, "SELECT overdue_notified FROM public_reports WHERE id = %d"
                    % rep["id"])[0][0] == 1


REPORT_COLUMNS = ["receipt_hash", "municipality_id", "mechanism_id", "kind", "forms", "bias",
                  "occurred_on", "reporter", "wants_contact", "details", "status", "created_at",
                  "updated_at", "source", "filed_by_institution_id", "filed_by_user_id",
                  "police_disclosure", "consent_method", "consent_categories", "received_at",
                  "triage_due_at"]


def test_many_overdue_reports_are_each_told_once_and_marked(new_server):
    """The deadline scanner reads the overdue triage like its other rules, in windows and a
    bounded number of findings per write: more reports than several of them (test_deadlines'
    COPIES more, added behind the server's back, each with its own receipt) are each told to
    the coordinator once and marked told, and a later scan adds nothing."""
    from test_deadlines import COPIES, copy_rows
    s = new_server(now="2026-11-23T09:00:00Z")  # a Monday
    w = World(s, s.sign_in_admin())
    rep = w.report(kind="gbv", bias=None)
    unique = "receipt_hash || CAST(CAST(n.i AS TEXT) AS BYTEA)" \
        if str(s.db).startswith("postgres") else "CAST(receipt_hash || n.i AS BLOB)"
    copy_rows(s, "public_reports", REPORT_COLUMNS, rep["id"], {"receipt_hash": unique})
    reports = {r[0] for r in query_db(s.db, "SELECT id FROM public_reports")}
    assert len(reports) == COPIES + 1
    coordinator = w.c["coordinator"].get("/me").json["id"]
    for when in ("2026-11-25T09:01:00Z", "2026-11-26T09:00:00Z"):  # the second adds nothing
        s.restart(now=when)
        told = [r[0] for r in query_db(s.db, "SELECT object_id FROM notifications WHERE kind = "
                                              f"'intake_overdue' AND user_id = {coordinator}")]
        assert len(told) == len(set(told)), "a report told twice"
        assert set(told) == reports, f"{len(set(told))} of {len(reports)} reports told"
        assert query_db(s.db, "SELECT count(*) FROM public_reports WHERE "
                              "overdue_notified = 0")[0][0] == 0


def test_no_cookie_on_public_routes_still(world, anon):
    r = anon.post("/public/reports", {"municipality_id": world.muni["id"], "kind": "gbv"},
                  csrf=False)
    assert r.status == 202 and r.headers.get_all("Set-Cookie") is None
    assert anon.get("/intake").status == 401


def hate_by_bias(client, mechanism_id):
    r = client.get(f"/reports/hate-crimes?mechanism_id={mechanism_id}"
                   "&from=2026-01-01&to=2026-12-31")
    assert r.status == 200, r
    t = next(t for t in r.json["tables"] if t["key"] == "hate_by_bias")
    return {row["label"]: row["cells"][0] for row in t["rows"]}


def test_statistics_only_reaches_the_bias_figures_and_nothing_else(world):
    """A CSO's statistics-only report: counted by bias in the mechanism's hate-crime figures,
    in nobody's queue (test_statistics_only_never_in_any_queue_or_detail reads each one)."""
    coordinator = world.c["coordinator"]
    before = hate_by_bias(coordinator, world.hate["id"])
    rep = world.report(police="statistics", bias=["disability", "religion"])
    after = hate_by_bias(coordinator, world.hate["id"])
    assert after["disability"] == before["disability"] + 1
    assert after["religion"] == before["religion"] + 1
    assert after["sexual_orientation"] == before["sexual_orientation"]
    assert rep["id"] not in queue_ids(world.c["police"], status="all")
