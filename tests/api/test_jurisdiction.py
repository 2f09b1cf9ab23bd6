"""What a case's readers learn beyond the case itself (docs/CONTRACT.md "Accounts and
sign-in" and "Perpetrators across cases; duplicates").

- Jurisdiction: `possible_duplicates` (on create), `perpetrator_links` and `repeat` count
  other cases only within the country (AL or XK) of the case's mechanism's municipality: an
  Albanian institution does not learn that the person is in Kosovo's cases, or the reverse.
  A mechanism setting, `cross_border_sharing` (false by default, the admin's), lets counts
  cross the border when both mechanisms have it.
- The coordinator's view of a case plan: kind, status, due date and responsible institution
  of each action, not its title (free text by caseworkers): the title is absent and
  `withheld_fields` names it. The owner reads it, the responsible institution's staff read it
  in the answer to their PATCH, and the coordinator reads the titles it wrote itself (a
  meeting decision that became an action).
"""

import pytest

from harness import T0, list_all, new_municipality, rfc3339
from test_cases import Site, case_body, create, new_person


@pytest.fixture(scope="module")
def sites(server, admin):
    """Two Albanian mechanisms and a Kosovar one (each a test_cases.Site)."""
    return {
        "al": Site(server, admin),
        "al2": Site(server, admin),
        "xk": Site(server, admin, municipality=new_municipality(admin, country="XK")),
    }


def open_case(site, person):
    return create(site.client("caseworker"), case_body(site, person))


def links(site, case):
    r = site.client("caseworker").get(f"/cases/{case['id']}")
    assert r.status == 200, r
    return r.json.get("perpetrator_links")


def share(admin, site, on):
    r = admin.patch(f"/mechanisms/{site.mechanism['id']}", {"cross_border_sharing": on})
    assert r.status == 200 and r.json["cross_border_sharing"] is on, r


# --- 9. jurisdiction -------------------------------------------------------------------------

def test_counts_stop_at_the_border(sites):
    person = new_person()
    kosovo = open_case(sites["xk"], person)
    albania = open_case(sites["al"], person)
    assert albania["possible_duplicates"] == {"ids": [], "hidden": 0}, albania
    assert albania["repeat"] is False, "the Kosovar case made the Albanian one a repeat"
    assert links(sites["al"], albania) == {"ids": [], "hidden": 0}
    assert links(sites["xk"], kosovo) == {"ids": [], "hidden": 0}
    # within one country they count as before
    other = open_case(sites["al2"], person)
    assert other["possible_duplicates"] == {"ids": [], "hidden": 1}, other
    assert other["repeat"] is True
    assert links(sites["al2"], other) == {"ids": [], "hidden": 1}


def test_both_mechanisms_sharing_lets_counts_cross(server, admin, sites):
    mechanism = admin.get(f"/mechanisms/{sites['al'].mechanism['id']}").json
    assert mechanism["cross_border_sharing"] is False, mechanism
    person = new_person()
    kosovo = open_case(sites["xk"], person)
    try:
        share(admin, sites["al"], True)
        one_side = open_case(sites["al"], person)
        assert one_side["possible_duplicates"]["hidden"] == 0, "one side's setting sufficed"
        share(admin, sites["xk"], True)
        both = open_case(sites["al"], person)
        assert both["possible_duplicates"] == {"ids": [one_side["id"]], "hidden": 1}, both
        assert links(sites["xk"], kosovo)["hidden"] == 2
    finally:
        share(admin, sites["al"], False)
        share(admin, sites["xk"], False)
    assert links(sites["xk"], kosovo) == {"ids": [], "hidden": 0}


# --- 10. the coordinator's view of a case plan ------------------------------------------------

def add_action(site, case, title, responsible):
    r = site.client("caseworker").post(f"/cases/{case['id']}/actions", {
        "title": title, "responsible_institution_id": responsible["id"],
        "due_on": "2027-01-15", "kind": "safety_plan"})
    assert r.status == 201, r
    return r.json


def test_the_coordinator_reads_an_actions_facts_not_its_text(sites):
    site = sites["al"]
    case = open_case(site, new_person())
    title = "Të shoqërohet Arta te mjeku çdo të martë, adresa Rr. Kavajës 12"
    action = add_action(site, case, title, site.other)

    owner = list_all(site.client("caseworker"), f"/cases/{case['id']}/actions")
    assert [a["title"] for a in owner] == [title] and "withheld_fields" not in owner[0]

    seen = list_all(site.client("coordinator"), f"/cases/{case['id']}/actions")
    assert len(seen) == 1, seen
    item = seen[0]
    assert "title" not in item and item["withheld_fields"] == ["title"], item
    assert (item["kind"], item["status"], item["due_on"], item["responsible_institution_id"]) \
        == ("safety_plan", "open", "2027-01-15", site.other["id"]), item
    raw = site.client("coordinator").get(f"/cases/{case['id']}/actions").text
    assert "Arta" not in raw and "Kavajës" not in raw

    # the responsible institution does it, and reads what it does
    r = site.client("other_caseworker").patch(f"/actions/{action['id']}",
                                               {"status": "in_progress"})
    assert r.status == 200 and r.json["title"] == title, r


def test_the_coordinator_reads_the_titles_it_wrote(server, sites):
    site = sites["al"]
    case = open_case(site, new_person())
    coordinator = site.client("coordinator")
    meeting = coordinator.post(f"/mechanisms/{site.mechanism['id']}/meetings", {
        "kind": "case_conference", "scheduled_at": rfc3339(T0)})
    assert meeting.status == 201, meeting
    text = "Policia të verifikojë urdhrin e mbrojtjes"
    d = coordinator.post(f"/meetings/{meeting.json['id']}/decisions", {
        "text": text, "responsible_institution_id": site.owner["id"], "due_on": "2027-02-01",
        "case_id": case["id"]})
    assert d.status == 201 and d.json["action_id"], d
    add_action(site, case, "Teksti i punonjëses", site.owner)
    seen = {a["id"]: a for a in list_all(coordinator, f"/cases/{case['id']}/actions")}
    assert seen[d.json["action_id"]]["title"] == text, seen
    assert sum("withheld_fields" in a for a in seen.values()) == 1, seen
