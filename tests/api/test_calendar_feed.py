"""Calendar subscriptions (CONTRACT.md "The coordination screens (issue 13)": calendar).

- POST /mechanisms/{id}/calendar-subscription, by a reader of the mechanism's meetings (the
  coordinator, member staff, national, admin) in a signed-in session: 201 {url, token}, the
  url /api/v1/calendar/<token>.ics; the token is stored as a hash only; a bearer token, a
  stranger (403), an unknown mechanism (404), a body with fields (422), a cookie write
  without CSRF (403) make none.
- GET /api/v1/calendar/<token>.ics without any sign-in: the mechanism's RFC 5545 calendar, the
  same events as calendar.ics, summaries in the subscriber's own language (their account's
  locale, whatever the calendar application asks), no case data; audited as `calendar.read`
  with the subscriber as the actor.
- A new subscription replaces the old one (its URL 404); DELETE ends it (204, also when there
  is none); a disabled subscriber's feed is 404 and stays so after the account is enabled
  again; a subscriber who no longer reads the mechanism (their institution left it) gets 404;
  malformed tokens 404. The token is in no log line.

The module's server runs with its clock fixed at T0.
"""

import pytest

import harness
from harness import T0, assert_problem, label, new_user
from test_caseload import assert_schema
from test_cases import assert_no_leak, audit
from test_compliance_calendar import events_by_uid, one, parse_ics
from test_meetings import Board, add_agenda, new_case_in, new_meeting, reader, topic_text
from test_referrals import Only

SUBSCRIBERS = ["coordinator", "caseworker", "other_manager", "national", "admin"]


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-calendar-feed"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def board(server, admin):
    b = Board(server, admin)
    new_meeting(b, kind="regular")
    new_meeting(b, kind="case_conference")
    return b


@pytest.fixture(scope="module")
def foreign(server, admin):
    return Board(server, admin)


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


def subscribe(client, mechanism_id):
    r = client.post(f"/mechanisms/{mechanism_id}/calendar-subscription")
    assert r.status == 201, r
    return r.json


def feed(server, url, lang=None):
    """The feed, fetched as a calendar application would: no cookie, no token header."""
    return server.client(lang=lang).get(url, root=True)


def summaries(r):
    return sorted(one(e, "SUMMARY")[1] for e in parse_ics(r.body)[1])


def test_a_reader_subscribes_and_the_feed_needs_no_sign_in(server, board):
    sub = subscribe(board.client("coordinator"), board.mid)
    assert_schema(sub, "CalendarSubscription")
    assert sub["url"] == f"/api/v1/calendar/{sub['token']}.ics", sub
    r = feed(server, sub["url"])
    assert r.status == 200, r
    assert r.headers["Content-Type"].startswith("text/calendar"), r
    signed_in = board.client("coordinator").get(f"/mechanisms/{board.mid}/calendar.ics")
    events = events_by_uid(parse_ics(r.body)[1])
    assert len(events) == 2 and sorted(events) == sorted(events_by_uid(parse_ics(
        signed_in.body)[1])), events


@pytest.mark.parametrize("who", SUBSCRIBERS)
def test_every_reader_of_the_meetings_may_subscribe(server, board, actors, who):
    sub = subscribe(reader(board, None, actors, who), board.mid)
    assert feed(server, sub["url"]).status == 200


@pytest.mark.parametrize("who", ["outsider", "foreign_coordinator", "foreign_caseworker",
                                 "auditor"])
def test_others_may_not_subscribe(server, board, foreign, actors, who):
    before = harness.query_db(server.db, "SELECT count(*) FROM calendar_subscriptions")[0][0]
    r = reader(board, foreign, actors, who).post(f"/mechanisms/{board.mid}/calendar-subscription")
    assert_problem(r, 403)
    assert harness.query_db(server.db,
                            "SELECT count(*) FROM calendar_subscriptions")[0][0] == before


def test_titles_are_in_the_subscribers_own_language(server, admin, board):
    for locale in ("en", "sr-Latn", "sq"):
        u = new_user(admin, "caseworker", board.police["id"], locale=locale)
        c = server.sign_in(u.username, u.password)
        sub = subscribe(c, board.mid)
        # a calendar application's own Accept-Language does not decide
        r = feed(server, sub["url"], lang="sq" if locale != "sq" else "en")
        assert r.status == 200, r
        want = sorted(f"{label('meeting_kind', k, locale)} — {board.mechanism['name']}"
                      for k in ("regular", "case_conference"))
        assert summaries(r) == want, (locale, summaries(r))


def test_the_token_is_stored_as_a_hash_and_logged_nowhere(server, board):
    sub = subscribe(board.client("other_caseworker"), board.mid)
    rows = harness.query_db(server.db, "SELECT token_hash FROM calendar_subscriptions")
    assert rows and all(sub["token"].encode() not in bytes(h) for (h,) in rows)
    assert not any(sub["token"] in str(h) for (h,) in rows)
    assert feed(server, sub["url"]).status == 200
    assert feed(server, sub["url"][:-5] + "x.ics").status == 404
    logs = "\n".join(p.read_text(errors="replace") for p in sorted(server.dir.glob("serve-*.log")))
    assert sub["token"] not in logs


def test_a_new_subscription_replaces_the_old_one(server, board):
    c = board.client("manager")
    old = subscribe(c, board.mid)
    new = subscribe(c, board.mid)
    assert old["token"] != new["token"]
    assert_problem(feed(server, old["url"]), 404)
    assert feed(server, new["url"]).status == 200


def test_delete_ends_the_subscription(server, board):
    c = board.client("other_manager")
    sub = subscribe(c, board.mid)
    r = c.delete(f"/mechanisms/{board.mid}/calendar-subscription")
    assert r.status == 204, r
    assert_problem(feed(server, sub["url"]), 404)
    assert c.delete(f"/mechanisms/{board.mid}/calendar-subscription").status == 204


def test_a_disabled_subscriber_gets_nothing_even_once_enabled_again(server, admin, board):
    u = new_user(admin, "caseworker", board.police["id"])
    sub = subscribe(server.sign_in(u.username, u.password), board.mid)
    assert admin.patch(f"/users/{u.id}", {"active": False}).status == 200
    assert_problem(feed(server, sub["url"]), 404)
    assert admin.patch(f"/users/{u.id}", {"active": True}).status == 200
    assert_problem(feed(server, sub["url"]), 404)


def test_a_subscriber_whose_institution_left_the_mechanism_gets_nothing(server, admin):
    b = Board(server, admin)
    new_meeting(b)
    sub = subscribe(b.client("other_caseworker"), b.mid)
    assert feed(server, sub["url"]).status == 200
    assert admin.delete(f"/mechanisms/{b.mid}/members/{b.social['id']}").status == 204
    assert_problem(feed(server, sub["url"]), 404)


@pytest.mark.parametrize("path", ["/api/v1/calendar/x.ics", "/api/v1/calendar/" + "A" * 43,
                                  "/api/v1/calendar/" + "A" * 43 + ".ical",
                                  "/api/v1/calendar/" + "A" * 44 + ".ics"])
def test_malformed_or_unknown_tokens_are_404(server, path):
    assert_problem(server.client().get(path, root=True), 404)


def test_the_feed_holds_no_case_data(server, admin):
    b = Board(server, admin)
    m = new_meeting(b)
    case, person = new_case_in(b)
    topic = topic_text()
    assert add_agenda(b.client("coordinator"), m["id"], {"case_id": case["id"]}).status == 201
    assert add_agenda(b.client("coordinator"), m["id"], {"topic": topic}).status == 201
    r = feed(server, subscribe(b.client("coordinator"), b.mid)["url"])
    assert r.status == 200
    assert_no_leak(person, "the calendar feed", r.text)
    assert_no_leak(Only([case["reference"], topic]), "the calendar feed", r.text)


def test_subscriptions_and_reads_are_audited(server, board, auditor):
    c = board.client("coordinator")
    sub = subscribe(c, board.mid)
    assert feed(server, sub["url"]).status == 200
    assert c.delete(f"/mechanisms/{board.mid}/calendar-subscription").status == 204
    coordinator = board.users["coordinator"].id
    for action in ("calendar.subscribe", "calendar.read", "calendar.unsubscribe"):
        got = [e for e in audit(auditor, action=action, user_id=coordinator)]
        assert got and got[0]["object_type"] == "mechanism" and \
            got[0]["object_id"] == board.mid, (action, got)


def test_a_session_is_needed_to_subscribe(server, admin, board):
    u = board.users["caseworker"]
    c = server.sign_in(u.username, u.password)
    r = c.post("/tokens", {"name": "cal", "expires_at": harness.rfc3339(
        T0 + harness.minutes(60 * 24))})
    assert r.status == 201, r
    bearer = server.client(token=r.json["token"])
    assert bearer.get("/me").status == 200
    assert_problem(bearer.post(f"/mechanisms/{board.mid}/calendar-subscription"), 403)


def test_bad_requests(server, board):
    c = board.client("coordinator")
    assert_problem(c.post(f"/mechanisms/{board.mid}/calendar-subscription", {"x": 1}), 422, "x")
    assert_problem(c.post(f"/mechanisms/{board.mid}/calendar-subscription", csrf=False), 403)
    assert_problem(c.post("/mechanisms/99999999/calendar-subscription"), 404)
    assert_problem(c.post("/mechanisms/abc/calendar-subscription"), 400, "id")
    assert_problem(c.delete("/mechanisms/99999999/calendar-subscription"), 404)
    assert_problem(server.client().post(f"/mechanisms/{board.mid}/calendar-subscription"), 401)
