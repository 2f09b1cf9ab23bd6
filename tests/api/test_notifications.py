"""Notifications (CONTRACT.md "Notifications").

- GET /notifications: the caller's own, newest first, the item shape
  `{id kind case_id case_reference object_type object_id link message created_at read_at}`,
  paging with limit and cursor, `unread=true` leaving out what was read, bad list parameters.
- POST /notifications/{id}/read: 200 with read_at set; reading again keeps the first time
  (the server restarted an hour later in between, so a new time would show); someone else's
  notification 404 (and stays unread); bad ids 400, unknown ids 404; anonymous 401.
- `message` in the caller's language: Accept-Language sq, en and sr-Latn give three different
  texts (each naming the case reference, with the matching Content-Language); `sr` is sr-Latn.
- No personal data: the raw list and read answers of every recipient, for every kind so far
  (emergency_access, transfer_requested, transfer_accepted, transfer_declined), are searched
  for the survivor's strings, the justification and the reasons.

Notifications are made here by breaking the glass (test_break_glass) and by transfers
(test_transfers). The module's server runs with its clock fixed at T0.
"""

import datetime as dt

import pytest

import harness
from harness import T0, assert_problem, list_all
from test_break_glass import (NOTIFICATION, assert_notification, grant, justification, moment,
                              notification_pages, notifications, of_kind)
from test_cases import assert_no_leak, token
from test_referrals import Only, World, new_case
from test_transfers import Move, tact, transfer

HOUR = dt.timedelta(hours=1)


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-notifications"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


def told(world, n=1):
    """`n` new cases on which the health centre breaks the glass; the police caseworker's
    emergency_access notification for each, in the order made."""
    out = []
    for _ in range(n):
        case, _ = new_case(world)
        grant(world.client("stranger"), case["id"])
        got = of_kind(world.client("caseworker"), "emergency_access", case["id"])
        assert len(got) == 1, f"no notification for case {case['id']}: {got}"
        out.append((case, got[0]))
    return out


def mark_read(client, notification_id):
    return client.post(f"/notifications/{notification_id}/read")


# --- 1. listing --------------------------------------------------------------------------

def test_the_list_is_the_callers_own_newest_first(world):
    made = told(world, 3)
    items = notifications(world.client("caseworker"))
    ids = [n["id"] for n in items]
    assert ids == sorted(ids, reverse=True), f"not newest first: {ids}"
    mine = [n["id"] for _, n in made]
    assert [i for i in ids if i in mine] == list(reversed(mine)), (ids, mine)
    for case, n in made:
        assert_notification(n, "emergency_access", case, "the police caseworker")
        assert n["read_at"] is None and isinstance(n["link"], str) and n["link"], n
        assert abs(moment(n["created_at"]) - T0) < dt.timedelta(minutes=1), n
    for who in ("shelter", "other_caseworker", "stranger"):
        theirs = [n["id"] for n in notifications(world.client(who))]
        assert not set(theirs) & set(mine), f"{who} lists the police's notifications"


def test_the_list_pages_with_limit_and_cursor(world):
    told(world, 3)
    c = world.client("manager")
    everything = [n["id"] for n in notifications(c)]
    assert len(everything) >= 3
    seen, cursor = [], None
    for _ in range(len(everything) + 2):
        r = c.get("/notifications?limit=1" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status == 200 and len(r.json["items"]) <= 1, r
        seen += [n["id"] for n in r.json["items"]]
        cursor = r.json.get("next")
        if not cursor:
            break
    assert seen == everything, (seen, everything)


@pytest.mark.parametrize("query, field", [("limit=0", "limit"), ("limit=501", "limit"),
                                          ("cursor=not-a-cursor", "cursor")])
def test_bad_list_parameters_are_400(world, query, field):
    assert_problem(world.client("caseworker").get(f"/notifications?{query}"), 400, field)


def test_unread_true_leaves_out_what_was_read(world):
    (c1, n1), (c2, n2) = told(world, 2)
    police = world.client("caseworker")
    unread = [n["id"] for n in notifications(police, unread="true")]
    assert n1["id"] in unread and n2["id"] in unread, unread
    assert mark_read(police, n1["id"]).status == 200
    unread = [n["id"] for n in notifications(police, unread="true")]
    assert n1["id"] not in unread and n2["id"] in unread, unread
    for n in list_all(police, "/notifications", unread="true"):
        assert n["read_at"] is None, n
    everything = {n["id"]: n for n in notifications(police)}
    assert everything[n1["id"]]["read_at"] is not None, everything[n1["id"]]
    assert everything[n2["id"]]["read_at"] is None


# --- 2. reading --------------------------------------------------------------------------

def test_reading_sets_read_at_once_and_keeps_it(new_server):
    s = new_server(now=T0)
    w = World(s, s.sign_in_admin())
    made = told(w, 2)
    (case, n), (_, other) = made
    r = mark_read(w.client("caseworker"), n["id"])
    assert r.status == 200, r
    assert NOTIFICATION <= set(r.json) and r.json["id"] == n["id"], r
    first = r.json["read_at"]
    assert abs(moment(first) - T0) < dt.timedelta(minutes=1), r

    s.restart(now=T0 + HOUR)
    w.forget_sessions()
    police = w.client("caseworker")
    again = mark_read(police, n["id"])
    assert again.status == 200 and again.json["read_at"] == first, \
        f"reading again changed read_at from {first}: {again}"
    later = mark_read(police, other["id"])      # control: the clock did move
    assert later.status == 200 and moment(later.json["read_at"]) >= T0 + HOUR, later
    listed = {x["id"]: x for x in notifications(police)}
    assert listed[n["id"]]["read_at"] == first, listed[n["id"]]


def test_someone_elses_notification_is_404_and_stays_unread(world, actors):
    (case, n), = told(world, 1)
    others = [world.client("manager"), world.client("coordinator"), world.client("stranger"),
              actors.client("admin"), actors.client("auditor")]
    for c in others:
        r = mark_read(c, n["id"])
        assert_problem(r, 404)
        assert case["reference"] not in r.text, r
    mine = {x["id"]: x for x in notifications(world.client("caseworker"))}
    assert mine[n["id"]]["read_at"] is None, "someone else marked it read"


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "1.5", "99999999999999999999"])
def test_bad_notification_ids_are_400(world, bad):
    assert_problem(mark_read(world.client("caseworker"), bad), 400, "id")


def test_an_unknown_notification_is_404(world):
    assert_problem(mark_read(world.client("caseworker"), 987654321), 404)


def test_reading_takes_no_fields(world):
    """Found by the contract suite: the body of POST /notifications/{id}/read was never
    looked at, so {"read": false} marked it read all the same. A body, if any, is {}."""
    (case, n), = told(world, 1)
    police = world.client("caseworker")
    assert_problem(police.post(f"/notifications/{n['id']}/read", {"read": False}), 422, "read")
    mine = {x["id"]: x for x in notifications(police)}
    assert mine[n["id"]]["read_at"] is None, "a refused request marked it read"
    assert police.post(f"/notifications/{n['id']}/read", {}).status == 200


def test_anonymous_callers_get_401(world, anon):
    (_, n), = told(world, 1)
    assert_problem(anon.get("/notifications"), 401)
    assert_problem(anon.post(f"/notifications/{n['id']}/read"), 401)


def test_only_get_and_read_routes(world):
    (_, n), = told(world, 1)
    r = world.client("caseworker").request("DELETE", f"/notifications/{n['id']}/read")
    assert_problem(r, 405)


# --- 3. language ---------------------------------------------------------------------------

def test_the_message_is_in_the_callers_language(world):
    (case, n), = told(world, 1)
    police = world.client("caseworker")
    messages = {}
    for lang in ("sq", "en", "sr-Latn", "sr"):
        r = police.get("/notifications?limit=500", lang=lang)
        assert r.status == 200, r
        assert r.headers.get("Content-Language") == ("sr-Latn" if lang == "sr" else lang), \
            f"{lang}: Content-Language {r.headers.get('Content-Language')}"
        item = next(x for x in r.json["items"] if x["id"] == n["id"])
        assert case["reference"] in item["message"], (lang, item)
        messages[lang] = item["message"]
    assert len({messages["sq"], messages["en"], messages["sr-Latn"]}) == 3, \
        f"the same message in different languages: {messages}"
    assert messages["sr"] == messages["sr-Latn"], messages
    read_en = police.post(f"/notifications/{n['id']}/read", lang="en")
    assert read_en.status == 200 and read_en.json["message"] == messages["en"], read_en


# --- 4. no personal data, for every kind ---------------------------------------------------

def test_no_kind_of_notification_carries_personal_data(server, admin):
    w = World(server, admin)
    move = Move(server, admin)
    case, person = new_case(w)
    text = justification()
    grant(w.client("stranger"), case["id"], text)

    mv_accepted, p1 = new_case(move.world)
    mv_declined, p2 = new_case(move.world)
    t1, t2 = transfer(move, mv_accepted["id"]), transfer(move, mv_declined["id"])
    answer = f"Nuk kemi vend për të {token()}"
    assert tact(move.receiver(), t1["id"], "accept").status == 200
    assert tact(move.receiver(), t2["id"], "decline", {"reason": answer}).status == 200

    recipients = [w.client("caseworker"), w.client("manager"), w.client("coordinator"),
                  move.world.client("caseworker"), move.world.client("manager"),
                  move.there.client("caseworker"), move.there.client("manager")]
    answers, kinds = [], set()
    for c in recipients:
        for lang in ("sq", "en", "sr-Latn"):
            for page in notification_pages(c):
                answers.append(page)
            answers.append(c.get("/notifications?limit=500", lang=lang))
        for n in notifications(c):
            kinds.add(n["kind"])
            answers.append(mark_read(c, n["id"]))
    assert {"emergency_access", "transfer_requested", "transfer_accepted",
            "transfer_declined"} <= kinds, f"positive control: kinds made {kinds}"
    for p in (person, p1, p2):
        assert_no_leak(p, "notifications", *answers)
    assert_no_leak(Only([text, t1["reason"], t2["reason"], answer]),
                   "notifications (free texts)", *answers)
