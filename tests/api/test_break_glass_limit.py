"""The break-glass limit (`break_glass_per_hour`, 3 by default): one user opens at most that
many emergency accesses in an hour. Past it: 429 with Retry-After (until the oldest of the
hour's grants is an hour old), no grant, the refusal audited as
`case.emergency_access_refused` (with the case), and at once a notification
`emergency_access_refused` to the owner institution's managers and to the auditors (one per
person and episode, however many refusals follow). Other users are not held back; an hour
later the user may again.

The server runs with the shipped limit (harness defaults) and no second factor.
"""

import datetime as dt

import pytest

from harness import T0, assert_problem, list_all, new_user
from test_break_glass import break_glass, justification
from test_referrals import World, new_case, query_count

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def world(new_server):
    s = new_server(now=T0, defaults=True, URA_TOTP_REQUIRED_ROLES="none")
    return World(s, s.sign_in_admin())


def refused_notifications(client):
    return [n for n in list_all(client, "/notifications")
            if n["kind"] == "emergency_access_refused"]


def test_one_user_opens_at_most_three_an_hour(world):
    auditor_user = new_user(world.admin, "auditor")
    auditor = world.server.sign_in(auditor_user.username, auditor_user.password)
    cases = [new_case(world)[0] for _ in range(10)]
    health = world.client("stranger")
    grants_before = query_count(world.server, "SELECT COUNT(*) FROM emergency_grants")

    answers = [break_glass(health, c["id"]) for c in cases]
    allowed = [r for r in answers if r.status == 201]
    refused = [r for r in answers if r.status == 429]
    assert (len(allowed), len(refused)) == (3, 7), [r.status for r in answers]
    assert [r.status for r in answers[:3]] == [201] * 3
    for r in refused:
        assert_problem(r, 429)
        assert int(r.headers["Retry-After"]) == 3600, r.headers
    assert query_count(world.server, "SELECT COUNT(*) FROM emergency_grants") == \
        grants_before + 3
    assert_problem(health.get(f"/cases/{cases[3]['id']}"), 404)

    # audited, each one, with its case
    log = list_all(auditor, "/audit", user_id=world.users["stranger"].id)
    refusals = [e for e in log if e["action"] == "case.emergency_access_refused"]
    assert sorted(e["case_id"] for e in refusals) == sorted(c["id"] for c in cases[3:])

    # told at once: the owner's managers and the auditors, once for the episode
    for client in (world.client("manager"), auditor):
        got = refused_notifications(client)
        assert len(got) == 1, got
        assert world.stranger["name"] in got[0]["message"], got[0]
    for who in ("caseworker", "coordinator", "stranger_manager", "other_manager"):
        assert refused_notifications(world.client(who)) == [], who

    # another user of the same institution is not held back
    assert break_glass(world.client("stranger_manager"), cases[4]["id"]).status == 201


def test_the_limit_lifts_an_hour_after_the_oldest_grant(world):
    cases = [new_case(world)[0] for _ in range(5)]
    health = world.client("stranger")
    for c in cases[:3]:
        assert break_glass(health, c["id"]).status == 201
    assert_problem(break_glass(health, cases[3]["id"]), 429)
    world.server.restart(now=T0 + HOUR - dt.timedelta(seconds=1))
    world.forget_sessions()
    r = break_glass(world.client("stranger"), cases[3]["id"], justification())
    assert_problem(r, 429)
    assert int(r.headers["Retry-After"]) == 1
    world.server.restart(now=T0 + HOUR)
    world.forget_sessions()
    assert break_glass(world.client("stranger"), cases[3]["id"]).status == 201


def test_the_limit_is_a_setting(new_server):
    s = new_server(now=T0, URA_BREAK_GLASS_PER_HOUR="1")
    w = World(s, s.sign_in_admin())
    a, b = new_case(w)[0], new_case(w)[0]
    assert break_glass(w.client("stranger"), a["id"]).status == 201
    assert_problem(break_glass(w.client("stranger"), b["id"]), 429)
