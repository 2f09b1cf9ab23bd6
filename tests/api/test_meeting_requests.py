"""Members' requests for an ad hoc meeting read back and answered (CONTRACT.md "The
coordination screens (issue 13)").

- GET /mechanisms/{id}/meeting-requests?status=open|answered: the coordinator sees every
  request, staff of a member institution their own institution's, newest first, paged;
  national, admin, the auditor, non-members and another mechanism's people get 403. Reasons
  decrypted, cases as {id, reference} only: no survivor's personal string in any answer.
- GET /meeting-requests/{id}: the same people; everyone else 404 (as an unknown id).
- POST /meeting-requests/{id}/answer: the coordinator only (a member who sees it 403, others
  404); "scheduled" needs a scheduled meeting of the same mechanism (422 on meeting_id
  otherwise), "declined" an answer of 1..2000 characters and no meeting; 409 once answered;
  the requesting institution's staff are told (`meeting_request_answered`, linked to the
  request, no text of the request or answer); audited; the answer is stored encrypted.
- Every answer validates against its openapi.json schema.

The module's server runs with its clock fixed at T0 (2026-11-23T09:00Z).
"""

import pytest

import harness
from harness import T0, assert_problem, list_all
from test_break_glass import moment, notification_pages, of_kind
from test_case_writes import assert_not_in_clear
from test_caseload import assert_schema
from test_cases import assert_no_leak, audit, token
from test_meetings import (Board, at, new_case_in, new_meeting, reader, request_body,
                           set_meeting_status)
from test_referrals import Only

REQUEST_DOC = {"id", "mechanism_id", "institution_id", "reason", "cases", "status", "answer",
               "meeting_id", "created_at", "answered_at"}
LANGS = ("sq", "en", "sr-Latn")


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-requests"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def board(server, admin):
    return Board(server, admin)


@pytest.fixture(scope="module")
def foreign(server, admin):
    return Board(server, admin)


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


def ask(board, who="other_caseworker", **fields):
    """A request by `who` of the board; the 201 answer."""
    r = board.client(who).post(f"/mechanisms/{board.mid}/meeting-requests",
                               request_body(**fields))
    assert r.status == 201, r
    return r.json


def requests_of(client, mechanism_id, **params):
    return list_all(client, f"/mechanisms/{mechanism_id}/meeting-requests", **params)


def get_request(client, request_id):
    return client.get(f"/meeting-requests/{request_id}")


def answer(client, request_id, body):
    return client.post(f"/meeting-requests/{request_id}/answer", body)


# --- 1. reading requests back ---------------------------------------------------------------

def test_the_coordinator_reads_every_request_with_its_reason_and_case_references(board):
    case, person = new_case_in(board)
    mine = ask(board, "other_caseworker", case_ids=[case["id"]])
    theirs = ask(board, "caseworker")
    items = requests_of(board.client("coordinator"), board.mid)
    by_id = {q["id"]: q for q in items}
    assert {mine["id"], theirs["id"]} <= set(by_id), items
    q = by_id[mine["id"]]
    assert set(q) == REQUEST_DOC, q
    assert (q["mechanism_id"], q["institution_id"], q["status"]) == \
        (board.mid, board.social["id"], "open"), q
    assert q["cases"] == [{"id": case["id"], "reference": case["reference"]}], q
    assert q["reason"].startswith("Rast urgjent"), q
    assert (q["answer"], q["meeting_id"], q["answered_at"]) == (None, None, None), q
    assert moment(q["created_at"]) == T0, q
    ids = [i["id"] for i in items]
    assert ids == sorted(ids, reverse=True), f"not newest first: {ids}"
    assert_schema(board.client("coordinator").get(
        f"/mechanisms/{board.mid}/meeting-requests").json, "MeetingRequestList")
    assert_no_leak(person, "the coordinator's request list", items)


@pytest.mark.parametrize("who,own", [("other_caseworker", "social"), ("other_manager", "social"),
                                     ("caseworker", "police"), ("manager", "police")])
def test_member_staff_see_their_own_institutions_requests_only(server, admin, who, own):
    b = Board(server, admin)
    social = ask(b, "other_caseworker")
    police = ask(b, "caseworker")
    mine = social if own == "social" else police
    other = police if own == "social" else social
    items = requests_of(b.client(who), b.mid)
    assert [q["id"] for q in items] == [mine["id"]], f"{who}: {items}"
    got = get_request(b.client(who), mine["id"])
    assert got.status == 200 and got.json["reason"] == items[0]["reason"], got
    assert_schema(got.json, "MeetingRequest")
    r = get_request(b.client(who), other["id"])
    assert_problem(r, 404)


@pytest.mark.parametrize("who", ["national", "admin", "auditor", "outsider", "outsider_manager",
                                 "foreign_coordinator", "foreign_caseworker"])
def test_others_read_no_request(board, foreign, actors, who):
    case, person = new_case_in(board)
    q = ask(board, case_ids=[case["id"]])
    c = reader(board, foreign, actors, who)
    r = c.get(f"/mechanisms/{board.mid}/meeting-requests")
    assert_problem(r, 403)
    got = get_request(c, q["id"])
    assert_problem(got, 404)
    assert got.json["detail"] == get_request(c, 99999999).json["detail"], got
    assert_no_leak(Only([case["reference"], q["created_at"]]), who, r, got)
    assert_no_leak(person, who, r, got)


def test_the_status_filter_and_paging(server, admin):
    b = Board(server, admin)
    made = [ask(b, "other_caseworker")["id"] for _ in range(5)]
    m = new_meeting(b)
    c = b.client("coordinator")
    r = answer(c, made[1], {"status": "scheduled", "meeting_id": m["id"]})
    assert r.status == 200, r
    r = answer(c, made[3], {"status": "declined", "answer": "Rasti diskutohet në mbledhjen e "
                                                            "rregullt"})
    assert r.status == 200, r
    newest = list(reversed(made))
    assert [q["id"] for q in requests_of(c, b.mid)] == newest
    assert [q["id"] for q in requests_of(c, b.mid, status="open")] == \
        [made[4], made[2], made[0]]
    assert [q["id"] for q in requests_of(c, b.mid, status="answered")] == [made[3], made[1]]
    first = c.get(f"/mechanisms/{b.mid}/meeting-requests?limit=2")
    assert [q["id"] for q in first.json["items"]] == newest[:2] and first.json["next"], first
    second = c.get(f"/mechanisms/{b.mid}/meeting-requests?limit=2&cursor={first.json['next']}")
    assert [q["id"] for q in second.json["items"]] == newest[2:4], second
    for bad in ("closed", "OPEN", "scheduled"):
        assert_problem(c.get(f"/mechanisms/{b.mid}/meeting-requests?status={bad}"), 400,
                       "status")
    assert_problem(c.get(f"/mechanisms/{b.mid}/meeting-requests?limit=0"), 400, "limit")


def test_unknown_and_bad_ids(board):
    c = board.client("coordinator")
    assert_problem(get_request(c, 99999999), 404)
    assert_problem(c.get("/meeting-requests/abc"), 400, "id")
    assert_problem(c.get("/mechanisms/99999999/meeting-requests"), 404)
    assert_problem(answer(c, 99999999, {"status": "declined", "answer": "x"}), 404)


# --- 2. the answer --------------------------------------------------------------------------

def test_the_coordinator_schedules_a_request_and_its_institution_is_told(board, auditor):
    q = ask(board)
    m = new_meeting(board, kind="ad_hoc")
    r = answer(board.client("coordinator"), q["id"], {"status": "scheduled",
                                                      "meeting_id": m["id"]})
    assert r.status == 200, r
    assert_schema(r.json, "MeetingRequest")
    assert (r.json["status"], r.json["meeting_id"], r.json["answer"]) == \
        ("scheduled", m["id"], None), r
    assert moment(r.json["answered_at"]) == T0, r
    for who in ("other_caseworker", "other_manager"):
        told = [n for n in of_kind(board.client(who), "meeting_request_answered")
                if n["object_id"] == q["id"]]
        assert len(told) == 1, f"{who}: {told}"
        assert told[0]["link"] == f"/api/v1/meeting-requests/{q['id']}", told
        assert told[0]["object_type"] == "meeting_request", told
    for who in ("caseworker", "manager", "coordinator"):
        assert [n for n in of_kind(board.client(who), "meeting_request_answered")
                if n["object_id"] == q["id"]] == [], f"{who} was told"
    again = get_request(board.client("other_caseworker"), q["id"]).json
    assert again == r.json
    entries = [e for e in audit(auditor, action="meeting_request.answer")
               if e["object_id"] == q["id"]]
    assert len(entries) == 1 and entries[0]["object_type"] == "meeting_request", entries
    assert set(entries[0]["fields"]) == {"status", "meeting_id"}, entries


def test_the_coordinator_declines_with_a_reason_stored_encrypted(server, board, auditor):
    q = ask(board)
    text = f"Rasti do të diskutohet në mbledhjen e rregullt të dhjetorit {token()}"
    r = answer(board.client("coordinator"), q["id"], {"status": "declined", "answer": text})
    assert r.status == 200 and (r.json["status"], r.json["answer"]) == ("declined", text), r
    assert r.json["meeting_id"] is None, r
    assert get_request(board.client("other_manager"), q["id"]).json["answer"] == text
    assert_not_in_clear(server.db, "meeting_requests", [text], "declined")
    told = notification_pages(board.client("other_caseworker"))
    assert_no_leak(Only([text, text.split()[-1]]), "the notifications", *told)
    entries = [e for e in audit(auditor, action="meeting_request.answer")
               if e["object_id"] == q["id"]]
    assert set(entries[0]["fields"]) == {"status", "answer"}, entries


def test_an_answered_request_is_not_answered_again_409(board):
    q = ask(board)
    c = board.client("coordinator")
    assert answer(c, q["id"], {"status": "declined", "answer": "Jo tani"}).status == 200
    m = new_meeting(board)
    details = set()
    for lang in LANGS:
        r = c.post(f"/meeting-requests/{q['id']}/answer",
                   {"status": "scheduled", "meeting_id": m["id"]}, lang=lang)
        details.add(assert_problem(r, 409, "status")["detail"])
    assert len(details) == 3, details
    assert get_request(c, q["id"]).json["status"] == "declined"


def _meeting_of(board, foreign, which):
    if which == "foreign":
        return new_meeting(foreign)["id"]
    if which == "unknown":
        return 99999999
    m = new_meeting(board, scheduled_at=at(-1) if which == "held" else at(20))
    set_meeting_status(board, m["id"], which)
    return m["id"]


@pytest.mark.parametrize("which", ["foreign", "unknown", "held", "cancelled"])
def test_scheduling_into_a_meeting_that_is_not_a_scheduled_one_of_the_mechanism_is_422(
        board, foreign, which):
    q = ask(board)
    r = answer(board.client("coordinator"), q["id"],
               {"status": "scheduled", "meeting_id": _meeting_of(board, foreign, which)})
    assert_problem(r, 422, "meeting_id")
    assert get_request(board.client("coordinator"), q["id"]).json["status"] == "open"


BAD_ANSWERS = [  # (body, status, field)
    ({}, 422, "status"),
    ({"status": "open"}, 422, "status"),
    ({"status": "scheduled"}, 422, "meeting_id"),
    ({"status": "declined"}, 422, "answer"),
    ({"status": "declined", "answer": ""}, 422, "answer"),
    ({"status": "declined", "answer": "A" * 2001}, 422, "answer"),
    ({"status": "declined", "answer": "Jo", "meeting_id": 1}, 422, "meeting_id"),
    ({"status": "declined", "answer": None}, 400, "answer"),
    ({"status": 1}, 400, "status"),
    ({"status": "scheduled", "meeting_id": "1"}, 400, "meeting_id"),
    ({"status": "declined", "answer": "Jo", "note": "x"}, 422, "note"),
]


@pytest.mark.parametrize("body,status,field", BAD_ANSWERS,
                         ids=[str(i) for i in range(len(BAD_ANSWERS))])
def test_a_bad_answer_is_refused_naming_the_field(board, body, status, field):
    q = ask(board)
    assert_problem(answer(board.client("coordinator"), q["id"], body), status, field)
    assert get_request(board.client("coordinator"), q["id"]).json["status"] == "open"


def test_an_answer_of_2000_characters_is_accepted(board):
    q = ask(board)
    r = answer(board.client("coordinator"), q["id"], {"status": "declined", "answer": "A" * 2000})
    assert r.status == 200, r


@pytest.mark.parametrize("who,status", [("other_caseworker", 403), ("other_manager", 403),
                                        ("caseworker", 404), ("national", 404), ("admin", 404),
                                        ("auditor", 404), ("outsider", 404),
                                        ("foreign_coordinator", 404)])
def test_only_the_coordinator_answers(board, foreign, actors, who, status):
    q = ask(board)
    c = reader(board, foreign, actors, who)
    r = answer(c, q["id"], {"status": "declined", "answer": "Jo"})
    assert_problem(r, status)
    assert get_request(board.client("coordinator"), q["id"]).json["status"] == "open"


def test_reads_are_audited(board, auditor):
    q = ask(board)
    assert get_request(board.client("coordinator"), q["id"]).status == 200
    requests_of(board.client("other_caseworker"), board.mid)
    reads = [e for e in audit(auditor, action="meeting_request.read") if e["object_id"] == q["id"]]
    assert len(reads) == 1 and reads[0]["actor_user_id"] == board.users["coordinator"].id, reads
    lists = [e for e in audit(auditor, action="meeting_request.list")
             if e["object_id"] == board.mid]
    assert lists and lists[0]["actor_user_id"] == board.users["other_caseworker"].id, lists


def test_a_cookie_write_without_csrf_is_403(server, board):
    q = ask(board)
    c = server.sign_in(board.users["coordinator"].username, board.users["coordinator"].password)
    r = c.post(f"/meeting-requests/{q['id']}/answer", {"status": "declined", "answer": "x"},
               csrf=False)
    assert_problem(r, 403)
