"""The auditor's filters (CONTRACT.md "The coordination screens (issue 13)": audit).

- GET /audit?institution_id= lists the entries of that institution's actors only;
  ?action=referral.create that action only; ?action=case. (a prefix ending in a dot) every
  action it begins and nothing else; filters combine with user_id, flagged and paging, and
  each filtered list equals the unfiltered one filtered by hand. Items carry `flagged`.
- An emergency-basis referral is found: its `referral.create` entry names "justification" in
  `fields` (a consent-basis referral's does not, even with a justification given).
- A bad action or institution id is 400 naming the parameter.
"""

import pytest

from harness import assert_problem, list_all
from test_cases import new_person
from test_referrals import World, consent, new_case, refer, referral_body


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


@pytest.fixture(scope="module")
def activity(world):
    """Cases, reads and referrals by two institutions: an emergency-basis referral and a
    consent-basis one that also gives a justification."""
    police = world.client("caseworker")
    urgent, _ = new_case(world, consent_=None, imminent_danger=True)
    emergency = refer(police, urgent["id"], referral_body(
        world.shelter, ["identity"], urgency="emergency", basis="emergency",
        justification="Rrezik i menjëhershëm për jetën e saj"))
    consented, _ = new_case(world, person=new_person(),
                            consent_=consent(types=["shelter"], categories=["identity"]))
    plain = refer(police, consented["id"], referral_body(
        world.shelter, ["identity"], justification="Shënim shtesë"))
    assert world.client("shelter").get(f"/referrals/{plain['id']}").status == 200
    assert police.get(f"/cases/{urgent['id']}").status == 200
    return {"emergency": emergency, "plain": plain}


def entries(auditor, **params):
    return list_all(auditor, "/audit", **params)


def test_every_item_carries_flagged(auditor, activity):
    items = entries(auditor)
    assert items and all(isinstance(e["flagged"], bool) for e in items), items[:3]


def test_the_institution_filter(world, auditor, activity):
    everything = entries(auditor)
    for inst in (world.police, world.shelter):
        got = entries(auditor, institution_id=inst["id"])
        assert got, inst
        assert got == [e for e in everything if e["institution_id"] == inst["id"]]


def test_an_exact_action(auditor, activity):
    everything = entries(auditor)
    got = entries(auditor, action="referral.create")
    assert got and got == [e for e in everything if e["action"] == "referral.create"]
    assert entries(auditor, action="referral.creat") == []


def test_a_prefix_ending_in_a_dot(auditor, activity):
    everything = entries(auditor)
    got = entries(auditor, action="case.")
    assert {e["action"] for e in got} >= {"case.create", "case.read"}, got
    assert got == [e for e in everything if e["action"].startswith("case.")]
    assert entries(auditor, action="case") == []  # without the dot: the exact action only


def test_filters_combine_and_page(world, auditor, activity):
    police = world.users["caseworker"].id
    got = entries(auditor, action="case.", user_id=police, institution_id=world.police["id"])
    assert got == [e for e in entries(auditor, user_id=police) if e["action"].startswith(
        "case.")]
    first = auditor.get(f"/audit?action=case.&institution_id={world.police['id']}&limit=1")
    assert first.status == 200 and len(first.json["items"]) == 1 and first.json["next"], first
    assert entries(auditor, action="case.", flagged="true") == [
        e for e in entries(auditor, action="case.") if e["flagged"]]


def test_an_emergency_basis_referral_is_found_by_its_justification(auditor, activity):
    creates = {e["object_id"]: e for e in entries(auditor, action="referral.create")}
    assert "justification" in creates[activity["emergency"]["id"]]["fields"], creates
    assert "justification" not in creates[activity["plain"]["id"]]["fields"], creates
    found = [e["object_id"] for e in creates.values() if "justification" in e["fields"]]
    assert found == [activity["emergency"]["id"]], found


@pytest.mark.parametrize("query,field", [("action=Case.", "action"), ("action=.case", "action"),
                                         ("action=case%20read", "action"),
                                         ("action=" + "a" * 65, "action"),
                                         ("action=case.*", "action"),
                                         ("institution_id=abc", "institution_id"),
                                         ("institution_id=0", "institution_id")])
def test_bad_filters_are_400(auditor, query, field):
    assert_problem(auditor.get(f"/audit?{query}"), 400, field)


def test_only_the_auditor(actors):
    for role in ("admin", "national", "coordinator"):
        assert_problem(actors.client(role).get("/audit?action=case."), 403)
