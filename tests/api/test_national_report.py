"""The national view (CONTRACT.md "The coordination screens (issue 13)": national view).

GET /reports/national?year= for national and admin users (everyone else 403): every
municipality (also one without a mechanism) with its mechanisms — `active` when an active
coordinator and at least two member institutions, meetings held in the year against the
minimum — and the year's cases opened, referrals sent and the share of those answered late or
still unanswered past respond_by. Counts 1..4 read "suppressed", with complementary
suppression down each column (a lone small count hides the smallest other one too, which reads
"suppressed" as well, never "<5": it is not small), the share of a hidden count is null, and `suppressed_note` says why in the caller's language. No personal data;
audited as a report read.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

import harness
from harness import T0, assert_problem, new_mechanism, new_municipality, new_user
from test_caseload import assert_schema
from test_cases import assert_no_leak, audit, case_body, create, join, new_person
from test_referrals import World, new_case, refer, referral_body

DAY = dt.timedelta(days=1)
ITEM = {"municipality_id", "name", "country", "mechanisms", "referrals_sent",
        "referrals_overdue_share", "cases_opened"}


def hold(world, when):
    """A regular meeting of the world's mechanism at `when`, marked held."""
    c = world.client("coordinator")
    r = c.post(f"/mechanisms/{world.mechanism['id']}/meetings",
               {"kind": "regular", "scheduled_at": when})
    assert r.status == 201, r
    assert c.patch(f"/meetings/{r.json['id']}", {"status": "held"}).status == 200


def cases_with_referrals(world, cases, referred, accepted=0):
    """`cases` new cases, the first `referred` referred (urgent) to the shelter, the first
    `accepted` of those accepted at once; the persons made."""
    persons = []
    for i in range(cases):
        case, person = new_case(world)
        persons.append(person)
        if i < referred:
            p = refer(world.client("caseworker"), case["id"], referral_body(world.shelter))
            if i < accepted:
                assert world.client("shelter").post(f"/referrals/{p['id']}/accept").status == 200
    return persons


@pytest.fixture(scope="module")
def nation(ura, tmp_path_factory):
    """One server, so that its national view is exactly these municipalities:
    `big`: 1 case in 2025; in 2026 6 cases and 6 referrals (2 never answered), an active
    mechanism (4 members) with 2 meetings held, and a gbv mechanism without coordinator;
    `small` (Kosovo): 2 cases, 1 referral, a mechanism with a coordinator and one member;
    `tiny`: 5 cases, 2 referrals; `empty`: no mechanism. Read ten days after T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-national"))
    s.start(now=T0 - 340 * DAY)  # 2025-12-18
    admin = s.sign_in_admin()
    big = World(s, admin)
    old = new_person()
    body = case_body(big, old)
    body["incident"]["occurred_on"] = "2025-12-15"
    create(big.client("caseworker"), body)
    persons = [old]
    s.restart(now=T0)
    admin = s.sign_in_admin()
    big.forget_sessions()
    persons += cases_with_referrals(big, 6, 6, accepted=4)
    for when in ("2026-03-03T09:00:00Z", "2026-10-01T09:00:00Z"):
        hold(big, when)
    gbv = new_mechanism(admin, big.municipality["id"], kind="gbv")
    for inst in (big.police, big.social):
        join(admin, gbv["id"], inst["id"])
    small = World(s, admin)
    assert admin.patch(f"/municipalities/{small.municipality['id']}",
                       {"country": "XK"}).status == 200
    for inst in (small.social, small.shelter, small.stranger):
        r = admin.delete(f"/mechanisms/{small.mechanism['id']}/members/{inst['id']}")
        assert r.status == 204, r
    persons += cases_with_referrals(small, 2, 1)
    tiny = World(s, admin)
    persons += cases_with_referrals(tiny, 5, 2)
    empty = new_municipality(admin)
    s.restart(now=T0 + 10 * DAY)
    for w in (big, small, tiny):
        w.forget_sessions()
    yield SimpleNamespace(server=s, admin=s.sign_in_admin(), big=big, small=small, tiny=tiny,
                          empty=empty, gbv=gbv, persons=persons)
    s.stop()


def national(client, year=None, lang=None):
    r = client.get("/reports/national" + (f"?year={year}" if year else ""), lang=lang)
    assert r.status == 200, r
    assert_schema(r.json, "NationalReport")
    return r.json


def by_municipality(report):
    return {i["municipality_id"]: i for i in report["items"]}


def test_every_municipality_with_its_mechanisms_and_counts(nation):
    report = national(nation.admin)
    assert report["year"] == 2026, report
    items = by_municipality(report)
    n = nation
    assert set(items) == {n.big.municipality["id"], n.small.municipality["id"],
                          n.tiny.municipality["id"], n.empty["id"]}, items
    for item in items.values():
        assert set(item) == ITEM, item
    big = items[n.big.municipality["id"]]
    assert (big["name"], big["country"]) == (n.big.municipality["name"], "AL"), big
    assert big["cases_opened"] == 6, big
    mechs = {m["id"]: m for m in big["mechanisms"]}
    assert mechs[n.big.mechanism["id"]] == {
        "id": n.big.mechanism["id"], "kind": "domestic_violence",
        "name": n.big.mechanism["name"], "active": True, "meetings_held": 2,
        "minimum_per_year": 4, "meets_minimum": False}, mechs
    assert (mechs[n.gbv["id"]]["active"], mechs[n.gbv["id"]]["meetings_held"]) == (False, 0)
    small = items[n.small.municipality["id"]]
    assert small["country"] == "XK"
    assert [m["active"] for m in small["mechanisms"]] == [False], small
    empty = items[n.empty["id"]]
    assert (empty["mechanisms"], empty["cases_opened"], empty["referrals_sent"],
            empty["referrals_overdue_share"]) == ([], 0, 0, None), empty


def test_small_counts_are_hidden_with_their_complement(nation):
    items = by_municipality(national(nation.admin, lang="en"))
    big, small, tiny = (items[w.municipality["id"]] for w in (nation.big, nation.small,
                                                               nation.tiny))
    # cases 6, 2, 5, 0: the lone small count hides the smallest other one (tiny's 5, which
    # is not under 5: both read "suppressed")
    assert (big["cases_opened"], small["cases_opened"], tiny["cases_opened"]) == \
        (6, "suppressed", "suppressed"), items
    # referrals 6, 1, 2, 0: two small counts hide each other; their shares go with them
    assert (big["referrals_sent"], small["referrals_sent"], tiny["referrals_sent"]) == \
        (6, "suppressed", "suppressed"), items
    assert (small["referrals_overdue_share"], tiny["referrals_overdue_share"]) == (None, None)


def test_the_overdue_share_of_a_count_shown(nation):
    """Big's six referrals: four accepted at once, two never answered (past respond_by)."""
    big = by_municipality(national(nation.admin))[nation.big.municipality["id"]]
    assert big["referrals_overdue_share"] == 0.33, big


def test_another_year(nation):
    """2025: only big's first case; alone in its column, it hides the column's total."""
    items = by_municipality(national(nation.admin, year=2025))
    big = items[nation.big.municipality["id"]]
    assert (big["cases_opened"], big["referrals_sent"]) == ("suppressed", 0), big
    assert [i["cases_opened"] for i in items.values()].count("suppressed") == 1, items
    assert all(m["meetings_held"] == 0 for m in big["mechanisms"]), big


def test_the_note_is_in_the_callers_language(nation):
    notes = {lang: national(nation.admin, lang=lang)["suppressed_note"]
             for lang in ("sq", "en", "sr-Latn")}
    assert all(isinstance(v, str) and "<5" not in v for v in notes.values()), notes
    assert len(set(notes.values())) == 3, notes
    nothing = national(nation.admin, year=2030)
    assert nothing["suppressed_note"] is None and all(
        i["cases_opened"] == 0 for i in nothing["items"]), nothing


@pytest.mark.parametrize("role,status", [("national", 200), ("admin", 200),
                                         ("coordinator", 403), ("caseworker", 403),
                                         ("manager", 403), ("auditor", 403)])
def test_who_reads_it(nation, role, status):
    if role == "admin":
        c = nation.admin
    else:
        u = new_user(nation.admin, role)
        c = nation.server.sign_in(u.username, u.password)
    r = c.get("/reports/national")
    if status == 200:
        assert r.status == 200, r
    else:
        assert_problem(r, status)
        assert "items" not in r.json


def test_the_big_mechanisms_coordinator_is_refused_too(nation):
    assert_problem(nation.big.client("coordinator").get("/reports/national"), 403)


def test_no_personal_data_and_the_read_is_audited(nation):
    u = new_user(nation.admin, "national")
    c = nation.server.sign_in(u.username, u.password)
    report = national(c)
    for person in nation.persons:
        assert_no_leak(person, "the national view", report)
    auditor = new_user(nation.admin, "auditor")
    entries = audit(nation.server.sign_in(auditor.username, auditor.password),
                    action="report.read", user_id=u.id)
    assert entries and entries[0]["object_type"] == "nation", entries


@pytest.mark.parametrize("year", ["1999", "2101", "x", "2026.0"])
def test_a_bad_year_is_400(nation, year):
    assert_problem(nation.admin.get(f"/reports/national?year={year}"), 400, "year")
