"""Perpetrators across cases; duplicates (CONTRACT.md "Perpetrators across cases; duplicates").

- `perpetrator_links {"ids", "hidden"}` for a reader of the perpetrator category: the other
  cases with the same perpetrator (same normalised names: case and spacing do not matter),
  ids of those the caller may see (its own and those it reads through an accepted, in
  progress or completed referral), the number of the others; a case never links itself; a
  different perpetrator links nothing; no reference or personal data of a hidden case leaks.
- No `perpetrator_links` for a reader without the perpetrator category (a referral recipient
  that was shared identity only, the coordinator's summary).
- `possible_duplicates` on create counts a case read through a referral as visible: for each
  referral state, a recipient registering the same survivor gets the referred case's id
  (accepted, in_progress, completed) or only a count (sent, declined, cancelled).
- Break glass reads the perpetrator category (links are shown) but does not make a case
  visible for either count.

The module's server runs with its clock fixed at T0.
"""

import pytest

import harness
from harness import T0, assert_no_key
from test_break_glass import grant
from test_case_writes import patch_ok
from test_cases import assert_no_leak, case_body, create, new_person
from test_referrals import (BODY, PATH_TO, Only, World, act, by, consent, new_case, refer,
                            referral_body, status_of)


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-linking"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


def same_perpetrator(source, **fields):
    """A new survivor whose perpetrator has `source`'s perpetrator names (the same person)."""
    return new_person(perpetrator_given=source.perpetrator_given,
                      perpetrator_family=source.perpetrator_family, **fields)


def links(client, case_id):
    r = client.get(f"/cases/{case_id}")
    assert r.status == 200, r
    assert "perpetrator_links" in r.json, f"a reader of the perpetrator category lacks " \
                                          f"perpetrator_links: {r.json}"
    got = r.json["perpetrator_links"]
    assert set(got) == {"ids", "hidden"}, got
    return sorted(got["ids"]), got["hidden"], r


def take_to(world, packet, state):
    for action in PATH_TO[state]:
        r = act(by(action, world, "right"), packet["id"], action, BODY[action])
        assert r.status == 200, f"taking referral to {state}: {action}: {r}"
    assert status_of(world.client("caseworker"), packet["id"]) == state


# --- perpetrator_links ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def linked(world):
    """Three cases of one perpetrator: police `a1` and `a2`, social services `s1`; and a
    police case `x` of another perpetrator."""
    first = new_person()
    a1, _ = new_case(world, first)
    s1_person = same_perpetrator(first)
    s1 = create(world.client("other_caseworker"), case_body(world, s1_person, consent=None))
    a2, a2_person = new_case(world, same_perpetrator(first))
    x, _ = new_case(world)
    return dict(a1=a1, a2=a2, s1=s1, x=x, first=first, s1_person=s1_person,
                a2_person=a2_person)


def test_the_owner_sees_its_own_linked_cases_and_a_count_of_the_others(world, linked):
    police = world.client("caseworker")
    a1, a2, s1 = linked["a1"], linked["a2"], linked["s1"]
    ids, hidden, r2 = links(police, a2["id"])
    assert (ids, hidden) == ([a1["id"]], 1), f"case a2: ids {ids}, hidden {hidden}"
    ids, hidden, r1 = links(police, a1["id"])
    assert (ids, hidden) == ([a2["id"]], 1), f"case a1: ids {ids}, hidden {hidden}"
    ids, hidden, rs = links(world.client("other_manager"), s1["id"])
    assert (ids, hidden) == ([], 2), f"case s1 (social services): ids {ids}, hidden {hidden}"
    assert a1["reference"] not in rs.text and a2["reference"] not in rs.text, rs
    assert s1["reference"] not in r1.text + r2.text, "a hidden linked case's reference shown"
    other = linked["s1_person"]   # its perpetrator's names are a1's: police reads those anyway
    assert_no_leak(Only([other.given_name, other.family_name, other.phone, other.address,
                         other.narrative, other.child_name]),
                   "police (a linked case of social services)", r1, r2)


def test_a_case_of_another_perpetrator_links_nothing(world, linked):
    ids, hidden, _ = links(world.client("caseworker"), linked["x"]["id"])
    assert (ids, hidden) == ([], 0), (ids, hidden)


def test_perpetrator_names_match_after_normalisation(world):
    first = new_person()
    base, _ = new_case(world, first)
    variant = new_person(perpetrator_given="  " + first.perpetrator_given.upper() + " ",
                         perpetrator_family=first.perpetrator_family.lower().replace(" ", "  "))
    case, _ = new_case(world, variant)
    assert links(world.client("caseworker"), case["id"])[:2] == ([base["id"]], 0)


def test_links_follow_a_patched_perpetrator(world):
    first = new_person()
    base, _ = new_case(world, first)
    case, _ = new_case(world)
    assert links(world.client("caseworker"), case["id"])[:2] == ([], 0)
    patch_ok(world.client("caseworker"), case["id"], {"perpetrator": {
        "given_name": first.perpetrator_given, "family_name": first.perpetrator_family,
        "relationship": "former_partner"}})
    assert links(world.client("caseworker"), case["id"])[:2] == ([base["id"]], 0)
    assert links(world.client("caseworker"), base["id"])[:2] == ([case["id"]], 0)


def test_a_reader_without_the_perpetrator_category_gets_no_links(world):
    first = new_person()
    base, _ = new_case(world, first)
    case, _ = new_case(world, same_perpetrator(first),
                       consent_=consent(types=["shelter"], categories=["identity"]))
    p = refer(world.client("caseworker"), case["id"], referral_body(world.shelter, ["identity"]))
    take_to(world, p, "accepted")
    r = world.client("shelter").get(f"/cases/{case['id']}")
    assert r.status == 200 and "perpetrator" in r.json["withheld"], r
    assert_no_key(r.json, "perpetrator_links")
    summary = world.client("coordinator").get(f"/cases/{case['id']}")
    assert summary.status == 200, summary
    assert_no_key(summary.json, "perpetrator_links")
    # control: the owner does get links on the same case
    assert links(world.client("caseworker"), case["id"])[:2] == ([base["id"]], 0)


@pytest.mark.parametrize("state, visible", [("sent", False), ("accepted", True),
                                            ("in_progress", True), ("completed", True),
                                            ("declined", False), ("cancelled", False)])
def test_links_count_cases_read_through_a_referral_as_visible(world, state, visible):
    """The shelter reads case `b` (perpetrator shared, accepted) and holds a referral of case
    `a` (same perpetrator) in `state`: `a` is among b's links by id only when that referral
    lets the shelter read it."""
    perp = new_person()
    share = ["identity", "perpetrator"]
    a, _ = new_case(world, same_perpetrator(perp),
                    consent_=consent(types=["shelter"], categories=share))
    b, _ = new_case(world, same_perpetrator(perp),
                    consent_=consent(types=["shelter"], categories=share))
    police = world.client("caseworker")
    take_to(world, refer(police, b["id"], referral_body(world.shelter, share)), "accepted")
    take_to(world, refer(police, a["id"], referral_body(world.shelter, share)), state)
    ids, hidden, r = links(world.client("shelter"), b["id"])
    if visible:
        assert (ids, hidden) == ([a["id"]], 0), (state, ids, hidden)
    else:
        assert (ids, hidden) == ([], 1), (state, ids, hidden)
        assert a["reference"] not in r.text, "the hidden case's reference is shown"
    owner_ids, owner_hidden, _ = links(police, b["id"])
    assert (owner_ids, owner_hidden) == ([a["id"]], 0), "control: the owner sees both"


# --- possible_duplicates ---------------------------------------------------------------------

@pytest.mark.parametrize("state, visible", [("sent", False), ("accepted", True),
                                            ("in_progress", True), ("completed", True),
                                            ("declined", False), ("cancelled", False)])
def test_duplicates_count_cases_read_through_a_referral_as_visible(world, state, visible):
    survivor = new_person()
    case, _ = new_case(world, survivor, consent_=consent(types=["shelter"]))
    packet = refer(world.client("caseworker"), case["id"],
                   referral_body(world.shelter, ["identity"]))
    take_to(world, packet, state)
    again = new_person(given_name=survivor.given_name, family_name=survivor.family_name,
                       date_of_birth=survivor.date_of_birth)
    r = world.client("shelter").post("/cases", case_body(world, again, consent=None))
    assert r.status == 201, r
    dup = r.json["possible_duplicates"]
    assert r.json["repeat"] is True, r.json
    if visible:
        assert dup == {"ids": [case["id"]], "hidden": 0}, (state, dup)
    else:
        assert dup == {"ids": [], "hidden": 1}, (state, dup)
        assert case["reference"] not in r.text, "the hidden duplicate's reference is shown"
        assert_no_leak(Only([survivor.phone, survivor.address, survivor.narrative,
                             survivor.child_name, survivor.perpetrator_given]),
                       "the shelter (hidden duplicate)", r)


# --- what break glass does not count --------------------------------------------------------

def test_a_grant_reader_gets_links_counting_the_granted_case_as_hidden(world):
    """Break glass reads the perpetrator category, so the health centre gets links; but only
    own and referral-read cases are visible: the other police case is counted, not named."""
    first = new_person()
    a, _ = new_case(world, first)
    b, _ = new_case(world, same_perpetrator(first))
    grant(world.client("stranger"), b["id"])
    ids, hidden, r = links(world.client("stranger"), b["id"])
    assert (ids, hidden) == ([], 1), (ids, hidden)
    assert a["reference"] not in r.text, r


def test_a_grant_does_not_make_a_duplicate_visible(world):
    survivor = new_person()
    case, _ = new_case(world, survivor)
    grant(world.client("stranger"), case["id"])
    again = new_person(given_name=survivor.given_name, family_name=survivor.family_name,
                       date_of_birth=survivor.date_of_birth)
    r = world.client("stranger").post("/cases", case_body(world, again, consent=None))
    assert r.status == 201, r
    assert r.json["possible_duplicates"] == {"ids": [], "hidden": 1}, r.json
