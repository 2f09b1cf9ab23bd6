"""Local action plans and trainings (CONTRACT.md "Local action plans", "Trainings").

- Plans: the mechanism's coordinator creates them; its coordinator, staff of member
  institutions, `national` and `admin` read them; others get 403 on the mechanism's list and
  404 on a plan or activity. Activities: the coordinator adds them; the coordinator and staff
  of the responsible institution (a member or not) record progress and status.
- The per-pillar progress of GET /action-plans/{id} equals what the stored rows sum to
  (checked against the database with harness.query_db, so on either engine).
- Activity status moves over HTTP: planned, in_progress and delayed move on; done and
  cancelled are final (409 for any change).
- Trainings: admin and national record any, a coordinator only for a mechanism they
  coordinate (required); participants are counted by institution type and sex, with
  `participants_total` summed; staff list their mechanisms' trainings and those of no
  mechanism; filters mechanism_id, from, to; pages follow cursors.
- Bad input: 400 for a wrong JSON type, 422 naming the field for a broken rule or an unknown
  field, and nothing written on failure. Every write is audited with field names, never
  values.
"""

import urllib.parse

import pytest

import harness
from harness import assert_problem, list_all, new_institution, new_mechanism, new_user, uniq
from test_cases import Site, join

PILLARS = ("prevention", "protection", "prosecution", "coordination", "support_services")
PLAN_KEYS = {"id", "mechanism_id", "title", "period_from", "period_to", "created_at"}
ACTIVITY_KEYS = {"id", "plan_id", "pillar", "title", "responsible_institution_id",
                 "partner_institution_ids", "starts_on", "ends_on", "indicator", "target",
                 "progress", "status"}
TRAINING_KEYS = {"id", "mechanism_id", "title", "topic", "starts_on", "ends_on", "place",
                 "organiser", "funder", "trainer_of_trainers", "follows_training_id",
                 "created_at", "participants", "participants_total"}
UNKNOWN_ID = 999999


# --- the world: a mechanism with members, an outsider institution, another mechanism -------

class World(Site):
    """test_cases.Site (coordinator; police and social services as members, with a caseworker
    and a manager each) plus `outsider`, an institution of the same municipality that is not
    a member (caseworker `outsider`, manager `outsider_manager`), and a second (gbv) mechanism
    with its own coordinator (`other_coordinator`) and member (`far`, staff
    `far_caseworker`)."""

    def __init__(self, server, admin):
        super().__init__(server, admin)
        m = self.municipality["id"]
        self.outsider = new_institution(admin, m, type="cso")
        other_coordinator = new_user(admin, "coordinator")
        self.other_mechanism = new_mechanism(admin, m, kind="gbv",
                                             coordinator_user_id=other_coordinator.id)
        self.far = new_institution(admin, m, type="health")
        join(admin, self.other_mechanism["id"], self.far["id"])
        self.users.update({
            "outsider": new_user(admin, "caseworker", self.outsider["id"]),
            "outsider_manager": new_user(admin, "manager", self.outsider["id"]),
            "other_coordinator": other_coordinator,
            "far_caseworker": new_user(admin, "caseworker", self.far["id"]),
        })


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


READERS = ("coordinator", "caseworker", "manager", "other_caseworker", "national", "admin")
STRANGERS = ("outsider", "outsider_manager", "other_coordinator", "far_caseworker", "auditor")


def as_(world, actors, who):
    """The signed-in client of `who`: a World person, or a role from `actors`."""
    return world.client(who) if who in world.users else actors.client(who)


# --- helpers --------------------------------------------------------------------------------

def count_rows(server, table):
    return int(harness.query_db(server.db, f"SELECT COUNT(*) FROM {table}")[0][0])


def stored_counts(server):
    return tuple(count_rows(server, t) for t in ("action_plans", "plan_activities", "trainings",
                                                 "training_participants", "audit_log"))


def plan_body(**fields):
    body = {"title": f"Plani vendor {uniq()}", "period_from": "2026-01-01",
            "period_to": "2026-12-31"}
    body.update(fields)
    return body


def new_plan(world, **fields):
    r = world.client("coordinator").post(f"/mechanisms/{world.mechanism['id']}/action-plans",
                                         plan_body(**fields))
    assert r.status == 201, r
    return r.json


def activity_body(**fields):
    body = {"pillar": "prevention", "title": f"Fushatë ndërgjegjësimi {uniq()}"}
    body.update(fields)
    return body


def new_activity(world, plan, **fields):
    r = world.client("coordinator").post(f"/action-plans/{plan['id']}/activities",
                                         activity_body(**fields))
    assert r.status == 201, r
    return r.json


def participants(*lines):
    return [{"institution_type": t, "women": w, "men": m} for t, w, m in lines]


def training_body(**fields):
    body = {"title": f"Trajnim {uniq()}", "topic": "Vlerësimi i rrezikut",
            "starts_on": "2026-03-10", "ends_on": "2026-03-11",
            "participants": participants(("police", 4, 6), ("social_services", 7, 1))}
    body.update(fields)
    return body


def new_training(client, **fields):
    r = client.post("/trainings", training_body(**fields))
    assert r.status == 201, r
    return r.json


def assert_audited(server, action, object_id, actor_id, fields, values=()):
    """One audit entry of `action` on `object_id` by `actor_id`, naming `fields` and holding
    none of `values`."""
    rows = harness.query_db(server.db, "SELECT fields FROM audit_log WHERE action = "
                            f"'{action}' AND object_id = {int(object_id)} "
                            f"AND actor_user_id = {int(actor_id)}")
    assert len(rows) == 1, f"{action} {object_id} by {actor_id}: {rows}"
    text = rows[0][0]
    for name in fields:
        assert f'"{name}"' in text, f"{action}: {name} not in {text}"
    for value in values:
        assert str(value) not in text, f"{action}: value {value!r} in {text}"


# --- plans ------------------------------------------------------------------------------------

def test_coordinator_creates_a_plan_and_readers_list_it(world, actors, server):
    body = plan_body()
    r = world.client("coordinator").post(f"/mechanisms/{world.mechanism['id']}/action-plans",
                                         body)
    assert r.status == 201, r
    plan = r.json
    assert set(plan) >= PLAN_KEYS, plan
    assert (plan["mechanism_id"], plan["title"], plan["period_from"], plan["period_to"]) == \
        (world.mechanism["id"], body["title"], body["period_from"], body["period_to"])
    for who in READERS:
        listed = list_all(as_(world, actors, who), f"/mechanisms/{world.mechanism['id']}"
                          "/action-plans")
        assert plan in listed, who
        r = as_(world, actors, who).get(f"/action-plans/{plan['id']}")
        assert r.status == 200, (who, r)
        assert {k: r.json[k] for k in PLAN_KEYS} == plan and r.json["progress"] == [], r
    assert_audited(server, "action_plan.create", plan["id"], world.users["coordinator"].id,
                   ("title", "period_from", "period_to"), (body["title"],))


@pytest.mark.parametrize("who", STRANGERS)
def test_strangers_get_403_on_the_list_and_404_on_a_plan(world, actors, who):
    plan = new_plan(world)
    activity = new_activity(world, plan)
    client = as_(world, actors, who)
    assert_problem(client.get(f"/mechanisms/{world.mechanism['id']}/action-plans"), 403)
    hidden = [client.get(f"/action-plans/{plan['id']}"),
              client.get(f"/action-plans/{plan['id']}/activities"),
              client.post(f"/action-plans/{plan['id']}/activities", activity_body()),
              client.patch(f"/activities/{activity['id']}", {"progress": 1})]
    unknown = [client.get(f"/action-plans/{UNKNOWN_ID}"),
               client.patch(f"/activities/{UNKNOWN_ID}", {"progress": 1})]
    for r in hidden + unknown:
        assert_problem(r, 404)
    assert hidden[0].json["title"] == unknown[0].json["title"]


def test_unknown_mechanism_is_404_and_a_bad_id_400(world):
    client = world.client("coordinator")
    assert_problem(client.get(f"/mechanisms/{UNKNOWN_ID}/action-plans"), 404)
    assert_problem(client.post(f"/mechanisms/{UNKNOWN_ID}/action-plans", plan_body()), 404)
    assert_problem(client.get("/mechanisms/abc/action-plans"), 400, "id")
    assert_problem(client.get("/action-plans/0"), 400, "id")


@pytest.mark.parametrize("who", ("caseworker", "manager", "national", "admin", "outsider",
                                 "other_coordinator", "auditor"))
def test_only_the_coordinator_creates_plans(world, actors, server, who):
    before = stored_counts(server)
    r = as_(world, actors, who).post(f"/mechanisms/{world.mechanism['id']}/action-plans",
                                     plan_body())
    assert_problem(r, 403)
    assert stored_counts(server) == before


@pytest.mark.parametrize("fields, status, field", [
    ({"period_from": "2026-06-01", "period_to": "2026-05-31"}, 422, "period_to"),
    ({"period_from": "2026-02-30"}, 422, "period_from"),
    ({"period_to": "31.12.2026"}, 422, "period_to"),
    ({"title": ""}, 422, "title"),
    ({"title": "x" * 201}, 422, "title"),
    ({"title": None}, 400, "title"),
    ({"title": 5}, 400, "title"),
    ({"period_from": 20260101}, 400, "period_from"),
    ({"owner": "me"}, 422, "owner"),
])
def test_bad_plans_write_nothing(world, server, fields, status, field):
    before = stored_counts(server)
    r = world.client("coordinator").post(f"/mechanisms/{world.mechanism['id']}/action-plans",
                                         plan_body(**fields))
    assert_problem(r, status, field)
    assert stored_counts(server) == before


def test_plan_lists_page_with_cursors(world, server, admin):
    mechanism = new_mechanism(admin, coordinator_user_id=world.users["coordinator"].id)
    made = [world.client("coordinator").post(f"/mechanisms/{mechanism['id']}/action-plans",
                                             plan_body()).json["id"] for _ in range(3)]
    seen, cursor = [], None
    for _ in range(5):
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        r = admin.get(f"/mechanisms/{mechanism['id']}/action-plans?"
                      + urllib.parse.urlencode(query))
        assert r.status == 200, r
        seen += [p["id"] for p in r.json["items"]]
        cursor = r.json["next"]
        if not cursor:
            break
    assert seen == made
    assert_problem(admin.get(f"/mechanisms/{mechanism['id']}/action-plans?limit=0"), 400,
                   "limit")


# --- activities -------------------------------------------------------------------------------

def test_activities_are_added_listed_and_summed_by_pillar(world, actors, server):
    plan = new_plan(world)
    police, social, outsider = world.owner["id"], world.other["id"], world.outsider["id"]
    body = activity_body(pillar="protection", responsible_institution_id=police,
                         partner_institution_ids=[social, outsider], starts_on="2026-02-01",
                         ends_on="2026-02-28", indicator="Numri i punonjësve të trajnuar",
                         target=40)
    r = world.client("coordinator").post(f"/action-plans/{plan['id']}/activities", body)
    assert r.status == 201, r
    first = r.json
    assert set(first) >= ACTIVITY_KEYS, first
    assert {k: first[k] for k in body} == body
    assert (first["plan_id"], first["progress"], first["status"]) == (plan["id"], 0, "planned")
    bare = new_activity(world, plan, pillar="protection")
    assert (bare["responsible_institution_id"], bare["partner_institution_ids"],
            bare["target"], bare["indicator"], bare["starts_on"]) == (None, [], None, None, None)
    new_activity(world, plan, pillar="prevention", target=10)
    done = new_activity(world, plan, pillar="prevention", target=5)
    client = world.client("coordinator")
    assert client.patch(f"/activities/{first['id']}", {"progress": 12}).status == 200
    assert client.patch(f"/activities/{done['id']}", {"progress": 5, "status": "done"}).status \
        == 200
    listed = list_all(world.client("caseworker"), f"/action-plans/{plan['id']}/activities")
    assert [a["id"] for a in listed] == sorted(a["id"] for a in listed)
    assert len(listed) == 4 and listed[0]["progress"] == 12
    progress = world.client("other_manager").get(f"/action-plans/{plan['id']}").json["progress"]
    assert progress == [
        {"pillar": "prevention", "activities": 2, "done": 1, "target_sum": 15, "progress_sum": 5},
        {"pillar": "protection", "activities": 2, "done": 0, "target_sum": 40,
         "progress_sum": 12},
    ]
    stored = harness.query_db(server.db, "SELECT pillar, COUNT(*), SUM(COALESCE(target, 0)), "
                              "SUM(progress) FROM plan_activities WHERE plan_id = "
                              f"{int(plan['id'])} GROUP BY pillar ORDER BY pillar")
    assert [(p["pillar"], p["activities"], p["target_sum"], p["progress_sum"])
            for p in progress] == [(a, int(b), int(c), int(d)) for a, b, c, d in stored]
    assert_audited(server, "activity.create", first["id"], world.users["coordinator"].id,
                   tuple(body), ("Numri",))


@pytest.mark.parametrize("fields, status, field", [
    ({"pillar": "awareness"}, 422, "pillar"),
    ({"pillar": None}, 400, "pillar"),
    ({"title": "y" * 301}, 422, "title"),
    ({"responsible_institution_id": UNKNOWN_ID}, 422, "responsible_institution_id"),
    ({"responsible_institution_id": 0}, 422, "responsible_institution_id"),
    ({"responsible_institution_id": "1"}, 400, "responsible_institution_id"),
    ({"partner_institution_ids": "1,2"}, 400, "partner_institution_ids"),
    ({"partner_institution_ids": ["1"]}, 400, "partner_institution_ids[0]"),
    ({"partner_institution_ids": [-3]}, 422, "partner_institution_ids[0]"),
    ({"starts_on": "2026-05-02", "ends_on": "2026-05-01"}, 422, "ends_on"),
    ({"ends_on": "2026-13-01"}, 422, "ends_on"),
    ({"indicator": "z" * 301}, 422, "indicator"),
    ({"target": -1}, 422, "target"),
    ({"target": 1.5}, 400, "target"),
    ({"target": "5"}, 400, "target"),
    ({"status": "done"}, 422, "status"),
    ({"budget": 100}, 422, "budget"),
])
def test_bad_activities_write_nothing(world, server, fields, status, field):
    plan = new_plan(world)
    before = stored_counts(server)
    r = world.client("coordinator").post(f"/action-plans/{plan['id']}/activities",
                                         activity_body(**fields))
    assert_problem(r, status, field)
    assert stored_counts(server) == before


def test_partners_must_exist_and_be_distinct(world, server):
    plan = new_plan(world)
    before = stored_counts(server)
    client = world.client("coordinator")
    r = client.post(f"/action-plans/{plan['id']}/activities",
                    activity_body(partner_institution_ids=[world.other["id"], UNKNOWN_ID]))
    assert_problem(r, 422, "partner_institution_ids[1]")
    assert r.error_fields == ["partner_institution_ids[1]"], r
    r = client.post(f"/action-plans/{plan['id']}/activities",
                    activity_body(partner_institution_ids=[world.other["id"],
                                                           world.other["id"]]))
    assert_problem(r, 422, "partner_institution_ids[1]")
    assert stored_counts(server) == before


@pytest.mark.parametrize("who", ("caseworker", "manager", "national", "admin"))
def test_readers_may_not_add_activities(world, actors, server, who):
    plan = new_plan(world)
    before = stored_counts(server)
    r = as_(world, actors, who).post(f"/action-plans/{plan['id']}/activities", activity_body())
    assert_problem(r, 403)
    assert stored_counts(server) == before


def test_staff_of_the_responsible_institution_record_progress(world, server):
    plan = new_plan(world)
    activity = new_activity(world, plan, responsible_institution_id=world.outsider["id"],
                            target=8)
    r = world.client("outsider").patch(f"/activities/{activity['id']}",
                                       {"progress": 3, "status": "in_progress"})
    assert r.status == 200, r
    assert (r.json["progress"], r.json["status"], r.json["target"]) == (3, "in_progress", 8)
    r = world.client("outsider_manager").patch(f"/activities/{activity['id']}",
                                               {"indicator": "Seanca të mbajtura",
                                                "target": None})
    assert r.status == 200, r
    assert (r.json["indicator"], r.json["target"], r.json["progress"]) == \
        ("Seanca të mbajtura", None, 3)
    assert_audited(server, "activity.update", activity["id"], world.users["outsider"].id,
                   ("progress", "status"))
    # The outsider reads neither the plan nor the mechanism's list.
    assert_problem(world.client("outsider").get(f"/action-plans/{plan['id']}"), 404)


@pytest.mark.parametrize("who", ("caseworker", "other_manager", "national", "admin"))
def test_other_readers_may_not_change_an_activity(world, actors, server, who):
    plan = new_plan(world)
    activity = new_activity(world, plan, responsible_institution_id=world.outsider["id"])
    before = stored_counts(server)
    assert_problem(as_(world, actors, who).patch(f"/activities/{activity['id']}",
                                                 {"progress": 1}), 403)
    assert stored_counts(server) == before


@pytest.mark.parametrize("path, final", [
    (("in_progress", "delayed", "in_progress", "done"), "done"),
    (("delayed", "cancelled"), "cancelled"),
    (("done",), "done"),
])
def test_status_moves_and_final_statuses(world, path, final):
    activity = new_activity(world, new_plan(world))
    client = world.client("coordinator")
    for status in path:
        r = client.patch(f"/activities/{activity['id']}", {"status": status})
        assert r.status == 200 and r.json["status"] == status, (status, r)
    for change in ({"progress": 1}, {"status": final}, {"status": "in_progress"},
                   {"indicator": "x"}):
        assert_problem(client.patch(f"/activities/{activity['id']}", change), 409)


def test_an_activity_does_not_go_back_to_planned(world):
    activity = new_activity(world, new_plan(world))
    client = world.client("coordinator")
    assert client.patch(f"/activities/{activity['id']}", {"status": "planned"}).status == 200
    assert client.patch(f"/activities/{activity['id']}", {"status": "delayed"}).status == 200
    assert_problem(client.patch(f"/activities/{activity['id']}", {"status": "planned"}), 409)


@pytest.mark.parametrize("body, status, field", [
    ({}, 422, None),
    ({"status": "finished"}, 422, "status"),
    ({"progress": -2}, 422, "progress"),
    ({"progress": None}, 400, "progress"),
    ({"progress": "3"}, 400, "progress"),
    ({"target": -1}, 422, "target"),
    ({"indicator": ""}, 422, "indicator"),
    ({"title": "renamed"}, 422, "title"),
])
def test_bad_activity_changes_write_nothing(world, server, body, status, field):
    activity = new_activity(world, new_plan(world))
    before = stored_counts(server)
    assert_problem(world.client("coordinator").patch(f"/activities/{activity['id']}", body),
                   status, field)
    assert stored_counts(server) == before
    listed = list_all(world.client("coordinator"), f"/action-plans/{activity['plan_id']}"
                      "/activities")
    assert listed == [activity]


# --- trainings --------------------------------------------------------------------------------

def test_trainings_are_recorded_with_participants_and_totals(world, actors, server):
    body = training_body(place="Korçë", organiser="OSBE", funder="UN Women",
                         trainer_of_trainers=True, mechanism_id=world.mechanism["id"],
                         participants=participants(("police", 4, 6), ("health", 9, 2),
                                                   ("court", 0, 1)))
    r = world.client("coordinator").post("/trainings", body)
    assert r.status == 201, r
    t = r.json
    assert set(t) == TRAINING_KEYS, t
    for key in ("title", "topic", "starts_on", "ends_on", "place", "organiser", "funder",
                "trainer_of_trainers", "mechanism_id"):
        assert t[key] == body[key], key
    assert sorted(t["participants"], key=lambda p: p["institution_type"]) == \
        sorted(body["participants"], key=lambda p: p["institution_type"])
    assert t["participants_total"] == {"women": 13, "men": 9}
    assert t["follows_training_id"] is None
    cascade = new_training(actors.client("national"), follows_training_id=t["id"],
                           participants=[])
    assert (cascade["follows_training_id"], cascade["mechanism_id"],
            cascade["participants_total"], cascade["trainer_of_trainers"]) == \
        (t["id"], None, {"women": 0, "men": 0}, False)
    stored = harness.query_db(server.db, "SELECT SUM(women), SUM(men) FROM "
                              f"training_participants WHERE training_id = {int(t['id'])}")
    assert [int(v) for v in stored[0]] == [13, 9]
    assert_audited(server, "training.create", t["id"], world.users["coordinator"].id,
                   ("title", "participants", "mechanism_id"), ("OSBE", "Korçë"))


@pytest.mark.parametrize("who, mechanism, status, field", [
    ("coordinator", None, 422, "mechanism_id"),
    ("coordinator", "other", 403, None),
    ("other_coordinator", "own", 403, None),
    ("caseworker", "own", 403, None),
    ("manager", None, 403, None),
    ("auditor", None, 403, None),
    ("admin", "unknown", 422, "mechanism_id"),
])
def test_who_may_record_a_training(world, actors, server, who, mechanism, status, field):
    ids = {"own": world.mechanism["id"], "other": world.other_mechanism["id"],
           "unknown": UNKNOWN_ID}
    body = training_body(**({"mechanism_id": ids[mechanism]} if mechanism else {}))
    before = stored_counts(server)
    assert_problem(as_(world, actors, who).post("/trainings", body), status, field)
    assert stored_counts(server) == before


@pytest.mark.parametrize("fields, status, field", [
    ({"starts_on": "2026-03-10", "ends_on": "2026-03-09"}, 422, "ends_on"),
    ({"starts_on": "2026-04-31"}, 422, "starts_on"),
    ({"title": ""}, 422, "title"),
    ({"topic": "t" * 201}, 422, "topic"),
    ({"place": 7}, 400, "place"),
    ({"trainer_of_trainers": "yes"}, 400, "trainer_of_trainers"),
    # finding 17: null was taken for false; a boolean is true or false, never null
    ({"trainer_of_trainers": None}, 400, "trainer_of_trainers"),
    ({"follows_training_id": UNKNOWN_ID}, 422, "follows_training_id"),
    ({"mechanism_id": "1"}, 400, "mechanism_id"),
    ({"participants": None}, 400, "participants"),
    ({"participants": {"police": 3}}, 400, "participants"),
    ({"participants": ["police"]}, 400, "participants[0]"),
    ({"participants": participants(("police", 1, 1), ("police", 2, 2))}, 422,
     "participants[1].institution_type"),
    ({"participants": participants(("army", 1, 1))}, 422, "participants[0].institution_type"),
    ({"participants": participants(("police", -1, 1))}, 422, "participants[0].women"),
    ({"participants": participants(("police", 1, "2"))}, 400, "participants[0].men"),
    ({"participants": [{"institution_type": "police", "women": 1}]}, 422,
     "participants[0].men"),
    ({"participants": [{"institution_type": "police", "women": 1, "men": 1, "youth": 3}]},
     422, "participants[0].youth"),
    ({"duration_days": 2}, 422, "duration_days"),
])
def test_bad_trainings_write_nothing(actors, server, fields, status, field):
    before = stored_counts(server)
    assert_problem(actors.client("admin").post("/trainings", training_body(**fields)), status,
                   field)
    assert stored_counts(server) == before


@pytest.fixture(scope="module")
def trainings(world, actors):
    """Three trainings: one of the world's mechanism (March), one of the other mechanism
    (June), one of no mechanism (September)."""
    national = actors.client("national")
    return {
        "own": new_training(world.client("coordinator"), mechanism_id=world.mechanism["id"],
                            starts_on="2026-03-02", ends_on="2026-03-03"),
        "other": new_training(national, mechanism_id=world.other_mechanism["id"],
                              starts_on="2026-06-01", ends_on="2026-06-05"),
        "national": new_training(national, starts_on="2026-09-14", ends_on="2026-09-14"),
    }


def listed_training_ids(client, **params):
    return {t["id"] for t in list_all(client, "/trainings", **params)}


@pytest.mark.parametrize("who, sees", [
    ("coordinator", {"own", "national"}),
    ("caseworker", {"own", "national"}),
    ("other_manager", {"own", "national"}),
    ("other_coordinator", {"other", "national"}),
    ("far_caseworker", {"other", "national"}),
    ("outsider", {"national"}),
    ("national", {"own", "other", "national"}),
    ("admin", {"own", "other", "national"}),
])
def test_who_sees_which_trainings(world, actors, trainings, who, sees):
    ids = listed_training_ids(as_(world, actors, who))
    mine = {name for name, t in trainings.items() if t["id"] in ids}
    assert mine == sees, who


def test_the_auditor_may_not_list_trainings(actors):
    assert_problem(actors.client("auditor").get("/trainings"), 403)


def test_training_filters(world, actors, trainings):
    admin = actors.client("admin")
    by_name = {t["id"]: name for name, t in trainings.items()}

    def names(**params):
        return {by_name[i] for i in listed_training_ids(admin, **params) if i in by_name}

    assert names(mechanism_id=world.mechanism["id"]) == {"own"}
    assert names(**{"from": "2026-06-05"}) == {"other", "national"}
    assert names(**{"from": "2026-06-06"}) == {"national"}
    assert names(to="2026-06-01") == {"own", "other"}
    assert names(**{"from": "2026-03-03", "to": "2026-03-31"}) == {"own"}
    assert names(mechanism_id=world.mechanism["id"], **{"from": "2026-04-01"}) == set()
    staff = world.client("caseworker")
    assert listed_training_ids(staff, mechanism_id=world.other_mechanism["id"]) == set()
    assert_problem(admin.get("/trainings?from=2026-02-30"), 400, "from")
    assert_problem(admin.get("/trainings?to=tomorrow"), 400, "to")
    assert_problem(admin.get("/trainings?mechanism_id=x"), 400, "mechanism_id")


def test_listed_trainings_carry_participants_and_sums(world, actors, server, trainings):
    listed = {t["id"]: t for t in list_all(actors.client("admin"), "/trainings")}
    assert len(listed) == count_rows(server, "trainings")
    for name, made in trainings.items():
        assert listed[made["id"]] == made, name
    sums = harness.query_db(server.db, "SELECT training_id, SUM(women), SUM(men) FROM "
                            "training_participants GROUP BY training_id")
    for training_id, women, men in sums:
        assert listed[int(training_id)]["participants_total"] == \
            {"women": int(women), "men": int(men)}


def test_training_pages_follow_cursors(actors, trainings):
    admin = actors.client("admin")
    seen, cursor = [], None
    for _ in range(100):
        query = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        r = admin.get("/trainings?" + urllib.parse.urlencode(query))
        assert r.status == 200 and len(r.json["items"]) <= 1, r
        seen += [t["id"] for t in r.json["items"]]
        cursor = r.json["next"]
        if not cursor:
            break
    assert seen == sorted(listed_training_ids(admin))
    assert all(t["id"] in seen for t in trainings.values())
