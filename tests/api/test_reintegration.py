"""Reintegration: the release date, the pre-release timeline and the violent-extremism needs
checklist (issue 14, "Gaps found on the way"; CONTRACT.md "Reintegration: release and
timeline").

- PUT /cases/{id}/release generates the timeline of data/reintegration.json relative to the
  date: each task due `offset_days` from it, never before the plan starts (lead_months before
  the release, a setting, default 6); changing the date moves the open tasks and leaves the
  done ones; the violent_extremism variant adds its own tasks, and going back to standard
  drops those still open.
- Only institutions on the case (the owner, a recipient of an accepted referral) write; a
  member institution that is not on the case does not learn it exists (404); the
  coordinator reads the timeline but writes nothing (403); a case of another kind is a 409.
- Reminders by the deadline scan, moving the clock by restarting with URA_NOW: a task due
  within 7 days tells its institution once, an overdue one once more, and nobody else.
- The checklist: unknown items and answers are 422 naming the field; answers round-trip;
  reads and writes are audited; the notes are encrypted at rest.
"""

import datetime as dt

import pytest

import harness
from harness import T0, assert_problem, list_all, new_institution, new_mechanism, \
    new_municipality, new_user
from test_break_glass import of_kind
from test_cases import Site, join, new_person, token

DAY = dt.timedelta(days=1)
RELEASE = "2027-03-03"  # 100 days after T0 (2026-11-23)
STANDARD = {"identity_documents": -90, "housing": -60, "health_continuity": -30,
            "probation_first_meeting": 3, "employment_registration": 14}
VE_ONLY = {"mentor_assigned": -60, "psychosocial_support": -30, "family_engagement": -14}


def shifted(date, days):
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


class Reintegration(Site):
    """A reintegration mechanism: probation (owns the cases), a prison (on a case through an
    accepted referral), and police (a member never on the case). Site's client() and
    forget_sessions(); its institutions are not made."""

    def __init__(self, server, admin):  # pylint: disable=super-init-not-called
        self.server = server
        m = new_municipality(admin)
        self.municipality = m
        self.coordinator = new_user(admin, "coordinator")
        self.mechanism = new_mechanism(admin, m["id"], kind="reintegration",
                                       coordinator_user_id=self.coordinator.id)
        self.inst = {
            "probation": new_institution(admin, m["id"], type="probation",
                                         services=["post_release_support"]),
            "prison": new_institution(admin, m["id"], type="prison",
                                      services=["post_release_support"]),
            "police": new_institution(admin, m["id"], type="police",
                                      services=["police_protection"]),
        }
        for inst in self.inst.values():
            join(admin, self.mechanism["id"], inst["id"])
        self.users = {name: new_user(admin, "caseworker", inst["id"])
                      for name, inst in self.inst.items()}
        self.users["coordinator"] = self.coordinator
        self._clients = {}

    def new_case(self, kind="reintegration", mechanism=None):
        p = new_person()
        body = {"kind": kind, "mechanism_id": (mechanism or self.mechanism)["id"],
                "survivor": {"given_name": p.given_name, "family_name": p.family_name,
                             "sex": "male", "date_of_birth": p.date_of_birth}}
        r = self.client("probation").post("/cases", body)
        assert r.status == 201, r
        return r.json

    def bring_in_prison(self, case):
        """An accepted referral puts the prison on the case."""
        body = {"to_institution_id": self.inst["prison"]["id"],
                "service": "post_release_support", "urgency": "routine",
                "reason": f"Përgatitje për lirim {token()}", "share": []}
        r = self.client("probation").post(f"/cases/{case['id']}/referrals", body)
        assert r.status == 201, r
        r = self.client("prison").post(f"/referrals/{r.json['id']}/accept")
        assert r.status == 200, r


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-reintegration"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def world(server, admin):
    return Reintegration(server, admin)


def release(client, case, release_on=RELEASE, **body):
    return client.put(f"/cases/{case['id']}/release", {"release_on": release_on, **body})


def set_release(world, case, release_on=RELEASE, who="probation", **body):
    r = release(world.client(who), case, release_on, **body)
    assert r.status == 200, r
    return r.json


def tasks_by_code(doc):
    return {t["code"]: t for t in doc["tasks"]}


# --- the timeline --------------------------------------------------------------------------

def test_the_timeline_is_generated_relative_to_the_release_date(world):
    case = world.new_case()
    before = world.client("probation").get(f"/cases/{case['id']}/reintegration")
    assert before.status == 200 and before.json["release_on"] is None, before
    assert before.json["tasks"] == [], before
    doc = set_release(world, case)
    assert doc["release_on"] == RELEASE and doc["variant"] == "standard", doc
    assert doc["plan_starts_on"] == "2026-09-03" and doc["lead_months"] == 6, doc
    got = tasks_by_code(doc)
    assert set(got) == set(STANDARD), got
    for code, offset in STANDARD.items():
        assert got[code]["due_on"] == shifted(RELEASE, offset), got[code]
        assert got[code]["status"] == "open" and got[code]["done_at"] is None, got[code]
    assert [t["due_on"] for t in doc["tasks"]] == sorted(t["due_on"] for t in doc["tasks"])
    first = got["identity_documents"]  # 2026-12-03: 10 days after T0
    assert first["days_left"] == 10 and first["state"] == "open", first
    assert first["institution_type"] == "prison", first
    # no prison on the case yet: the owner answers for it
    assert first["institution_id"] == world.inst["probation"]["id"], first
    again = world.client("probation").get(f"/cases/{case['id']}/reintegration")
    assert again.status == 200 and again.json == doc, again


def test_changing_the_date_moves_open_tasks_and_keeps_done_ones(world):
    case = world.new_case()
    doc = set_release(world, case)
    housing = tasks_by_code(doc)["housing"]
    done = world.client("probation").patch(f"/reintegration-tasks/{housing['id']}",
                                           {"status": "done"})
    assert done.status == 200 and done.json["status"] == "done", done
    assert done.json["state"] == "done" and done.json["days_left"] is None, done
    assert done.json["done_at"] == "2026-11-23T09:00:00Z", done
    moved = set_release(world, case, shifted(RELEASE, 30))
    got = tasks_by_code(moved)
    assert got["housing"]["due_on"] == housing["due_on"], got["housing"]
    assert got["housing"]["status"] == "done" and got["housing"]["id"] == housing["id"]
    for code, offset in STANDARD.items():
        if code != "housing":
            assert got[code]["due_on"] == shifted(RELEASE, 30 + offset), got[code]
    again = world.client("probation").patch(f"/reintegration-tasks/{housing['id']}",
                                            {"status": "done"})
    assert_problem(again, 409)


def test_the_violent_extremism_variant_adds_its_tasks_and_standard_drops_the_open_ones(world):
    case = world.new_case()
    doc = set_release(world, case, variant="violent_extremism")
    got = tasks_by_code(doc)
    assert set(got) == set(STANDARD) | set(VE_ONLY), got
    for code, offset in VE_ONLY.items():
        assert got[code]["due_on"] == shifted(RELEASE, offset), got[code]
    mentor = got["mentor_assigned"]
    assert world.client("probation").patch(f"/reintegration-tasks/{mentor['id']}",
                                           {"status": "done"}).status == 200
    back = tasks_by_code(set_release(world, case, variant="standard"))
    assert set(back) == set(STANDARD) | {"mentor_assigned"}, back


def test_the_plan_starts_lead_months_before_release(new_server):
    s = new_server(now=T0, URA_REINTEGRATION_LEAD_MONTHS="1")
    w = Reintegration(s, s.sign_in_admin())
    doc = set_release(w, w.new_case(), "2027-03-31")
    assert doc["plan_starts_on"] == "2027-02-28" and doc["lead_months"] == 1, doc
    got = tasks_by_code(doc)
    # 90 and 60 days before the release fall before the plan starts: due on its first day
    assert got["identity_documents"]["due_on"] == "2027-02-28", got
    assert got["health_continuity"]["due_on"] == "2027-03-01", got


def test_the_template_is_served_as_data(world):
    r = world.client("probation").get("/reintegration/plan")
    assert r.status == 200, r
    tasks = {t["code"]: t["offset_days"] for t in r.json["tasks"]}
    assert tasks == {**STANDARD, **VE_ONLY}, tasks
    items = r.json["instrument"]["items"]
    assert len(items) >= 8 and all(set(i["text"]) == {"sq", "en", "sr-Latn"} for i in items)
    assert all("weight" not in i and "score" not in i for i in items), items


# --- who may -------------------------------------------------------------------------------

def test_only_institutions_on_the_case_write(world):
    case = world.new_case()
    doc = set_release(world, case)
    task = doc["tasks"][0]
    police, prison = world.client("police"), world.client("prison")
    for client in (police, prison):  # members of the mechanism, not on the case
        assert_problem(client.get(f"/cases/{case['id']}/reintegration"), 404)
        assert_problem(release(client, case), 404)
        assert_problem(client.patch(f"/reintegration-tasks/{task['id']}", {"status": "done"}),
                       404)
    coordinator = world.client("coordinator")
    assert coordinator.get(f"/cases/{case['id']}/reintegration").status == 200
    assert_problem(release(coordinator, case), 403)
    assert_problem(coordinator.patch(f"/reintegration-tasks/{task['id']}", {"status": "done"}),
                   403)
    world.bring_in_prison(case)
    moved = set_release(world, case, who="prison")
    ids = tasks_by_code(moved)
    assert ids["identity_documents"]["institution_id"] == world.inst["prison"]["id"], ids
    done = prison.patch(f"/reintegration-tasks/{ids['identity_documents']['id']}",
                        {"status": "done"})
    assert done.status == 200, done


def test_a_case_of_another_kind_has_no_release(server, admin, world):
    dv = new_mechanism(admin, world.municipality["id"], kind="domestic_violence",
                       coordinator_user_id=world.coordinator.id)
    join(admin, dv["id"], world.inst["probation"]["id"])
    case = world.new_case(kind="domestic_violence", mechanism=dv)
    assert_problem(release(world.client("probation"), case), 409)
    assert_problem(world.client("probation").get(f"/cases/{case['id']}/reintegration"), 409)


@pytest.mark.parametrize("body, field", [
    ({"release_on": "2027-02-30"}, "release_on"),
    ({"release_on": "2020-01-01"}, "release_on"),
    ({"release_on": "2040-01-01"}, "release_on"),
    ({}, "release_on"),
    ({"release_on": RELEASE, "variant": "extremist"}, "variant"),
    ({"release_on": RELEASE, "when": "soon"}, "when"),
])
def test_a_bad_release_is_422_and_changes_nothing(world, body, field):
    case = world.new_case()
    r = world.client("probation").put(f"/cases/{case['id']}/release", body)
    assert_problem(r, 422, field)
    doc = world.client("probation").get(f"/cases/{case['id']}/reintegration").json
    assert doc["release_on"] is None and doc["tasks"] == [], doc


def test_a_bad_task_status_is_422(world):
    doc = set_release(world, world.new_case())
    r = world.client("probation").patch(f"/reintegration-tasks/{doc['tasks'][0]['id']}",
                                        {"status": "finished"})
    assert_problem(r, 422, "status")
    assert_problem(world.client("probation").patch("/reintegration-tasks/999999",
                                                   {"status": "done"}), 404)


# --- reminders -----------------------------------------------------------------------------

def test_a_task_due_soon_and_then_overdue_tells_its_institution_once_each(new_server):
    s = new_server(now=T0)
    w = Reintegration(s, s.sign_in_admin())
    case = w.new_case()
    w.bring_in_prison(case)
    doc = set_release(w, case)  # identity_documents (prison) due 2026-12-03
    task = tasks_by_code(doc)["identity_documents"]
    assert task["institution_id"] == w.inst["prison"]["id"], task

    def told(who, kind):
        return [n for n in of_kind(w.client(who), kind, case["id"])
                if n["object_id"] == task["id"]]

    def at(when):
        s.restart(now=when)
        w.forget_sessions()

    assert told("prison", "reintegration_task_due") == []
    for when in (T0 + 4 * DAY, T0 + 5 * DAY):  # 6, then 5 days left
        at(when)
        got = told("prison", "reintegration_task_due")
        assert len(got) == 1, got
        assert got[0]["link"] == f"/api/v1/cases/{case['id']}/reintegration", got
        assert told("prison", "reintegration_task_overdue") == []
    for when in (T0 + 11 * DAY, T0 + 12 * DAY):  # overdue since 2026-12-04
        at(when)
        assert len(told("prison", "reintegration_task_overdue")) == 1
        assert len(told("prison", "reintegration_task_due")) == 1
    for who in ("probation", "police"):
        assert told(who, "reintegration_task_due") == []
        assert told(who, "reintegration_task_overdue") == []
    # a done task is not reminded of again
    others = [t for t in doc["tasks"] if t["code"] == "housing"][0]
    assert w.client("probation").patch(f"/reintegration-tasks/{others['id']}",
                                       {"status": "done"}).status == 200
    at(T0 + 70 * DAY)  # housing was due 2027-01-02
    assert [n for n in of_kind(w.client("probation"), "reintegration_task_overdue", case["id"])
            if n["object_id"] == others["id"]] == []


# --- the violent-extremism checklist -------------------------------------------------------

def needs(client, case, answers):
    return client.put(f"/cases/{case['id']}/reintegration/needs", {"answers": answers})


def test_the_checklist_belongs_to_the_violent_extremism_variant(world):
    case = world.new_case()
    assert_problem(needs(world.client("probation"), case, {}), 409)
    set_release(world, case)
    assert_problem(needs(world.client("probation"), case,
                         {"family_support": {"answer": "yes"}}), 409)


@pytest.mark.parametrize("answers, field", [
    ({"loyalty_score": {"answer": "yes"}}, "answers.loyalty_score"),
    ({"family_support": {"answer": "maybe"}}, "answers.family_support.answer"),
    ({"family_support": {}}, "answers.family_support.answer"),
    ({"family_support": "yes"}, "answers.family_support"),
    ({"family_support": {"answer": "no", "note": "x" * 1001}}, "answers.family_support.note"),
    ({"family_support": {"answer": "no", "score": 3}}, "answers.family_support.score"),
])
def test_bad_answers_are_refused_naming_the_field(world, answers, field):
    case = world.new_case()
    set_release(world, case, variant="violent_extremism")
    r = needs(world.client("probation"), case, answers)
    assert r.status in (400, 422), r
    assert_problem(r, r.status, field)
    got = world.client("probation").get(f"/cases/{case['id']}/reintegration/needs")
    assert got.status == 200 and got.json["answers"] == {}, got


def test_answers_round_trip_are_audited_and_encrypted_at_rest(server, world, actors):
    case = world.new_case()
    set_release(world, case, variant="violent_extremism")
    note = f"Mentori nga xhamia lokale pranoi {token()}"
    answers = {"network_ties": {"answer": "unknown"},
               "credible_mentor": {"answer": "yes", "note": note},
               "housing_secured": {"answer": "no", "note": "Pa strehë"}}
    put = needs(world.client("probation"), case, answers)
    assert put.status == 200 and put.json["answers"] == answers, put
    assert put.json["updated_by"] == world.users["probation"].id, put
    got = world.client("probation").get(f"/cases/{case['id']}/reintegration/needs")
    assert got.status == 200 and got.json["answers"] == answers, got
    assert_problem(world.client("police").get(f"/cases/{case['id']}/reintegration/needs"), 404)
    assert_problem(world.client("coordinator").get(
        f"/cases/{case['id']}/reintegration/needs"), 403)

    auditor = actors.client("auditor")
    entries = list_all(auditor, "/audit", case_id=case["id"])
    actions = [e["action"] for e in entries]
    assert "reintegration_needs.update" in actions and "reintegration_needs.read" in actions, \
        actions
    assert not any(note in str(e) for e in entries), "the note reached the audit log"

    stored = harness.query_db(server.db, f"SELECT answers FROM reintegration_needs "
                                         f"WHERE case_id = {case['id']}")
    assert len(stored) == 1 and note.encode() not in bytes(stored[0][0]), stored
    if not str(server.db).startswith("postgres"):
        raw = b"".join(p.read_bytes() for p in server.db.parent.glob(server.db.name + "*")
                       if p.is_file())
        assert note.encode() not in raw and b"Mentori nga xhamia" not in raw, \
            "the note is in the database file in clear"
