"""A meeting is marked held only once its time has come (CONTRACT.md "The coordination
screens (issue 13)"). A regression test: main let a meeting be marked held before it met, and
counted it for compliance.

- PATCH /meetings/{id} {"status":"held"} before `scheduled_at` (server clock): 409 with the
  reason in the caller's language (three different details), nothing changed, compliance
  unmoved.
- At or after its time it is held: a meeting at the server's very moment, one in the past,
  one whose PATCH moves it into the past (and not one moved into the future), and one whose
  time the clock has reached after a restart. A future meeting may still be cancelled.

The module's server runs with its clock fixed at T0 (2026-11-23T09:00Z).
"""

import datetime as dt

import pytest

import harness
from harness import T0, assert_problem, rfc3339
from test_meetings import Board, at, new_meeting, patch, set_meeting_status

LANGS = ("sq", "en", "sr-Latn")


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-held"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def board(server, admin):
    return Board(server, admin)


def compliance_held(board):
    r = board.client("coordinator").get(f"/mechanisms/{board.mid}/compliance?year=2026")
    assert r.status == 200, r
    return r.json["held"]


def test_a_meeting_is_not_marked_held_before_its_time(board):
    """Regression: main answered 200 and counted the meeting for compliance."""
    m = new_meeting(board, scheduled_at=at(14))
    before = compliance_held(board)
    for lang in LANGS:
        r = board.client("coordinator").patch(f"/meetings/{m['id']}", {"status": "held"},
                                              lang=lang)
        body = assert_problem(r, 409, "status")
        assert body["detail"] and r.headers["Content-Language"] == lang, r
    details = {board.client("coordinator").patch(f"/meetings/{m['id']}", {"status": "held"},
                                                 lang=lang).json["detail"] for lang in LANGS}
    assert len(details) == 3, f"the reason is not in three languages: {details}"
    en = board.client("coordinator").patch(f"/meetings/{m['id']}", {"status": "held"},
                                           lang="en").json
    assert "held" in en["detail"] and "scheduled" in en["detail"], en
    got = board.client("coordinator").get(f"/meetings/{m['id']}").json
    assert (got["status"], got["sequence"]) == ("scheduled", m["sequence"]), got
    assert compliance_held(board) == before


def test_a_meeting_at_or_before_now_is_marked_held(board):
    for when in (rfc3339(T0), at(-2)):
        m = new_meeting(board, scheduled_at=when)
        assert set_meeting_status(board, m["id"], "held")["status"] == "held"


def test_moving_the_meeting_into_the_past_in_the_same_patch_allows_held(board):
    m = new_meeting(board, scheduled_at=at(3))
    r = patch(board.client("coordinator"), m["id"], {"scheduled_at": at(-1), "status": "held"})
    assert r.status == 200 and r.json["status"] == "held", r
    n = new_meeting(board, scheduled_at=at(-1))
    r = patch(board.client("coordinator"), n["id"], {"scheduled_at": at(1), "status": "held"})
    assert_problem(r, 409, "status")


def test_a_future_meeting_may_still_be_cancelled(board):
    m = new_meeting(board, scheduled_at=at(30))
    assert set_meeting_status(board, m["id"], "cancelled")["status"] == "cancelled"


def test_once_the_clock_reaches_the_meeting_it_is_held(new_server):
    s = new_server(now=T0)
    b = Board(s, s.sign_in_admin())
    m = new_meeting(b, scheduled_at=at(1))
    assert_problem(patch(b.client("coordinator"), m["id"], {"status": "held"}), 409, "status")
    s.restart(now=T0 + dt.timedelta(days=1, minutes=1))
    b.forget_sessions()
    assert set_meeting_status(b, m["id"], "held")["status"] == "held"
    r = b.client("coordinator").get(f"/mechanisms/{b.mid}/compliance?year=2026")
    assert r.json["held"] == 1, r
