"""An activity's national objective and the trainings' yearly totals (CONTRACT.md "The
coordination screens (issue 13)").

- Activities carry `national_objective` (1..300 characters, or null): given on create, read
  back in the activity, the list and after a PATCH; a PATCH changes it or erases it (null);
  a bad one is 422 (400 for a wrong type) and writes nothing; audited by name.
- GET /trainings/totals?year=&mechanism_id=: by institution type (trainings with participants
  of the type, women, men) and in all (every training, also one without participants),
  trainer-of-trainers trainings and follow-on ones, over the trainings starting in the year
  that the caller may list — each reader's totals equal the sums of what GET /trainings
  shows them; mechanism_id narrows; the auditor 403; a bad year or id 400.
"""

import datetime as dt

import pytest

from harness import assert_problem, list_all
from test_caseload import assert_schema
from test_plans_trainings import (World, activity_body, as_, count_rows, new_activity,
                                  new_plan, new_training, participants)
from test_cases import audit

OBJECTIVE = "Objektivi 2.1: Rritja e kapaciteteve të mekanizmave vendorë të referimit"


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


# --- the national objective of an activity ---------------------------------------------------

def test_an_activity_names_its_national_objective(world):
    plan = new_plan(world)
    x = new_activity(world, plan, national_objective=OBJECTIVE)
    assert x["national_objective"] == OBJECTIVE, x
    assert_schema(x, "Activity")
    c = world.client("caseworker")
    listed = list_all(c, f"/action-plans/{plan['id']}/activities")
    assert [a["national_objective"] for a in listed] == [OBJECTIVE], listed
    plain = new_activity(world, plan)
    assert plain["national_objective"] is None, plain


def test_a_patch_changes_or_erases_it(world, actors):
    plan = new_plan(world)
    x = new_activity(world, plan, national_objective=OBJECTIVE)
    c = world.client("coordinator")
    r = c.patch(f"/activities/{x['id']}", {"national_objective": "Objektivi 3.4"})
    assert r.status == 200 and r.json["national_objective"] == "Objektivi 3.4", r
    r = c.patch(f"/activities/{x['id']}", {"progress": 3})
    assert r.json["national_objective"] == "Objektivi 3.4", "a PATCH without it kept it"
    r = c.patch(f"/activities/{x['id']}", {"national_objective": None})
    assert r.status == 200 and r.json["national_objective"] is None, r
    listed = list_all(c, f"/action-plans/{plan['id']}/activities")
    assert listed[0]["national_objective"] is None
    fields = [e["fields"] for e in audit(actors.client("auditor"), action="activity.update")
              if e["object_id"] == x["id"]]
    assert ["national_objective"] in fields, fields


@pytest.mark.parametrize("value,status", [("", 422), ("O" * 301, 422), (5, 400), ([], 400)])
def test_a_bad_objective_writes_nothing(server, world, value, status):
    plan = new_plan(world)
    before = count_rows(server, "plan_activities")
    r = world.client("coordinator").post(f"/action-plans/{plan['id']}/activities",
                                         activity_body(national_objective=value))
    assert_problem(r, status, "national_objective")
    assert count_rows(server, "plan_activities") == before
    x = new_activity(world, plan, national_objective=OBJECTIVE)
    r = world.client("coordinator").patch(f"/activities/{x['id']}",
                                          {"national_objective": value})
    assert_problem(r, status, "national_objective")


def test_an_objective_of_300_characters_is_accepted(world):
    x = new_activity(world, new_plan(world), national_objective="O" * 300)
    assert x["national_objective"] == "O" * 300


# --- the trainings' totals -------------------------------------------------------------------

YEAR = 2031


@pytest.fixture(scope="module")
def trained(world, actors):
    """Trainings starting in 2031 (and one in 2030): of the world's mechanism (one of
    trainers, one without participants), of no mechanism (a follow-on), of the other
    mechanism."""
    national = actors.client("national")
    own = new_training(national, mechanism_id=world.mechanism["id"], starts_on="2031-03-02",
                       ends_on="2031-03-03", trainer_of_trainers=True,
                       participants=participants(("police", 4, 6), ("social_services", 7, 1)))
    new_training(national, starts_on="2031-05-02", ends_on="2031-05-03",
                 follows_training_id=own["id"], participants=participants(("police", 2, 3)))
    new_training(national, mechanism_id=world.other_mechanism["id"], starts_on="2031-09-01",
                 ends_on="2031-09-02", participants=participants(("health", 1, 1)))
    new_training(national, mechanism_id=world.mechanism["id"], starts_on="2031-11-20",
                 ends_on="2031-11-20", participants=[])
    new_training(national, starts_on="2030-12-01", ends_on="2030-12-02",
                 participants=participants(("police", 50, 50)))


def totals(client, **params):
    query = "&".join(f"{k}={v}" for k, v in {"year": YEAR, **params}.items())
    r = client.get(f"/trainings/totals?{query}")
    assert r.status == 200, r
    assert_schema(r.json, "TrainingTotals")
    return r.json


def expected(client, **params):
    """The totals as GET /trainings shows the same trainings (those starting in the year)."""
    listed = [t for t in list_all(client, "/trainings", **params)
              if t["starts_on"].startswith(str(YEAR))]
    by_type = {}
    for t in listed:
        for p in t["participants"]:
            row = by_type.setdefault(p["institution_type"], [0, 0, 0])
            row[0] += 1
            row[1] += p["women"]
            row[2] += p["men"]
    return {"year": YEAR,
            "by_institution_type": [{"institution_type": k, "trainings": v[0], "women": v[1],
                                     "men": v[2]} for k, v in sorted(by_type.items())],
            "total": {"trainings": len(listed),
                      "women": sum(t["participants_total"]["women"] for t in listed),
                      "men": sum(t["participants_total"]["men"] for t in listed)},
            "trainer_of_trainers": sum(1 for t in listed if t["trainer_of_trainers"]),
            "follow_on": sum(1 for t in listed if t["follows_training_id"] is not None)}


def test_the_nations_totals(actors, trained):
    got = totals(actors.client("national"))
    assert got == {"year": YEAR, "by_institution_type": [
        {"institution_type": "health", "trainings": 1, "women": 1, "men": 1},
        {"institution_type": "police", "trainings": 2, "women": 6, "men": 9},
        {"institution_type": "social_services", "trainings": 1, "women": 7, "men": 1}],
        "total": {"trainings": 4, "women": 14, "men": 11}, "trainer_of_trainers": 1,
        "follow_on": 1}, got


@pytest.mark.parametrize("who", ["coordinator", "caseworker", "other_coordinator",
                                 "far_caseworker", "outsider", "national", "admin"])
def test_each_reader_totals_what_they_may_list(world, actors, trained, who):
    c = as_(world, actors, who)
    assert totals(c) == expected(c)
    mid = world.mechanism["id"]
    assert totals(c, mechanism_id=mid) == expected(c, mechanism_id=mid)


def test_mechanism_id_narrows(world, actors, trained):
    got = totals(actors.client("national"), mechanism_id=world.mechanism["id"])
    assert (got["total"], got["trainer_of_trainers"], got["follow_on"]) == \
        ({"trainings": 2, "women": 11, "men": 7}, 1, 0), got


def test_another_year_and_the_default(actors, trained):
    assert totals(actors.client("national"), year=2030)["total"] == \
        {"trainings": 1, "women": 50, "men": 50}
    empty = totals(actors.client("national"), year=2040)
    assert (empty["by_institution_type"], empty["total"]) == \
        ([], {"trainings": 0, "women": 0, "men": 0}), empty
    r = actors.client("national").get("/trainings/totals")
    this_year = dt.datetime.now(dt.timezone.utc).year  # this module's server keeps real time
    assert r.status == 200 and r.json["year"] in (this_year - 1, this_year), r


def test_the_auditor_may_not_read_totals(actors):
    assert_problem(actors.client("auditor").get("/trainings/totals"), 403)


@pytest.mark.parametrize("query,field", [("year=1999", "year"), ("year=2101", "year"),
                                         ("year=20x1", "year"), ("mechanism_id=abc",
                                                                 "mechanism_id"),
                                         ("from=2031-01-01", "from")])
def test_bad_parameters_are_400(actors, query, field):
    assert_problem(actors.client("national").get(f"/trainings/totals?{query}"), 400, field)
