"""Mechanism meetings (CONTRACT.md "Meetings"; the `needs_meeting` mark of "Risk assessment";
`meeting_requested` of "Notifications").

- Create, list (by time, `year`), read and change meetings: the 201 shape and defaults
  (status `scheduled`, 120 minutes, empty attendance/agenda/decisions, no minutes), every PATCH
  raises `sequence`, a held or a cancelled meeting refuses every further PATCH (409) and a
  cancelled one takes no attendance, agenda, minutes or decisions (409).
- Who: only the mechanism's coordinator manages (create, change, attendance, agenda, minutes,
  decisions); member institutions' caseworkers and managers, `national` and `admin` read
  (writes 403, nothing changed); a non-member institution, another mechanism's coordinator and
  staff, and the auditor get 404 for a meeting (the same answer as an unknown id) and 403 for
  the mechanism's list.
- Attendance (PUT replaces the list; a non-member is 422 on `[i].institution_id`; attendees
  0..100), agenda by case and by topic (a case twice 409; a case of another mechanism 422),
  minutes (1..50000), decisions: with `case_id` the decision becomes an action of the case's
  plan that the owner lists and the responsible institution moves with PATCH /actions/{id};
  without, a mechanism action with status `open`.
- The automatic agenda: a case assessed high before any meeting exists is put on the meeting
  when it is created (`automatic: true`, the reference and risk shown), an extreme one while a
  meeting is scheduled is put on it at once (on the earliest of two), a repeat case too; a
  standard case is not; the mark goes. The raw answers of every reader (meeting, list,
  calendar) are searched for the survivor's personal strings.
- Meeting requests by member staff (201, the coordinator told `meeting_requested` once, the
  reason in no notification), refused for others (403/404) and for a case of another
  mechanism (422 on `case_ids`).
- Bad input on every route (400 for wrong JSON types and malformed bodies, 422 naming the
  field, ids 400/404), CSRF, a wrong verb 405.
- Minutes, topics, decision texts and request reasons are not stored in clear in any table
  (harness.query_db, so on either engine) while the place is (the positive control); the
  writes are audited with the contract's actions.

The module's server runs with its clock fixed at T0 (2026-11-23T09:00Z).
"""

import datetime as dt
import json

import pytest

import harness
from harness import T0, assert_problem, list_all, new_institution, new_user, rfc3339
from test_break_glass import moment, notification_pages, of_kind
from test_case_writes import assert_not_in_clear, count_rows
from test_cases import (DAY, UNKNOWN_ID, Site, _assert_same_as_unknown, _dump, _tables,
                        assert_no_leak, audit, case_body, create, new_person, token)
from test_orders_actions import actions_of, set_status
from test_referrals import Only
from test_risk import assess_level, case_of, summary_in_list

MEETING = {"id", "mechanism_id", "kind", "status", "scheduled_at", "duration_minutes", "place",
           "sequence", "created_at", "updated_at", "attendance", "agenda", "decisions",
           "minutes"}
AGENDA_ITEM = {"id", "case_id", "case_reference", "risk_level", "topic", "automatic"}
DECISION = {"id", "meeting_id", "case_id", "action_id", "text", "responsible_institution_id",
            "due_on", "status"}
REQUEST = {"id", "mechanism_id", "institution_id", "created_at"}
KINDS = ["regular", "ad_hoc", "case_conference"]
READERS = ["coordinator", "caseworker", "manager", "other_caseworker", "other_manager",
           "national", "admin"]
NON_COORDINATOR_READERS = [r for r in READERS if r != "coordinator"]
def short(value):
    """A readable test id for a parameter (long strings cut)."""
    if value is DROP:
        return "missing"
    text = value if isinstance(value, str) else json.dumps(value, default=lambda o: "missing")
    return text if len(text) <= 24 else f"{text[:12]}…({len(text)})"


STRANGERS = ["outsider", "outsider_manager", "foreign_coordinator", "foreign_caseworker",
             "auditor"]


# --- the server: one per module, its clock fixed at T0 -------------------------------------

@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-meetings"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


# --- a mechanism with its people (imported by test_compliance_calendar, test_reports) -------

class Board(Site):
    """test_cases.Site (police `owner` creates the cases, social services `other`, the
    coordinator; a caseworker and a manager in each) plus an institution of the same
    municipality that is no member (`outsider`, `outsider_manager`)."""

    def __init__(self, server, admin, **kw):
        super().__init__(server, admin, **kw)
        self.police, self.social = self.owner, self.other
        self.outsider_institution = new_institution(admin, self.municipality["id"],
                                                    type="health", services=["medical"])
        self.users.update({
            "outsider": new_user(admin, "caseworker", self.outsider_institution["id"]),
            "outsider_manager": new_user(admin, "manager", self.outsider_institution["id"]),
        })

    @property
    def mid(self):
        return self.mechanism["id"]


def at(days, hours=0):
    """An RFC 3339 moment `days` (and `hours`) after T0."""
    return rfc3339(T0 + dt.timedelta(days=days, hours=hours))


def meeting_body(**fields):
    body = {"kind": "regular", "scheduled_at": at(14), "place": f"Salla e këshillit {token()}",
            "duration_minutes": 90}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


def create_meeting_r(client, mechanism_id, **fields):
    return client.post(f"/mechanisms/{mechanism_id}/meetings", meeting_body(**fields))


def new_meeting(board, **fields):
    r = create_meeting_r(board.client("coordinator"), board.mid, **fields)
    assert r.status == 201, f"creating a meeting of mechanism {board.mid}: {r}"
    return r.json


def get_meeting(client, meeting_id):
    r = client.get(f"/meetings/{meeting_id}")
    assert r.status == 200, f"reading meeting {meeting_id}: {r}"
    return r.json


def items(r):
    """The items of a list answer (`{"items": [...]}`)."""
    assert r.status == 200, f"listing: {r}"
    assert isinstance(r.json, dict) and isinstance(r.json.get("items"), list), r
    return r.json["items"]


def meetings_of(client, mechanism_id, year=None):
    """Every meeting of the mechanism's list (following `next`), of `year` when given."""
    params = {"year": year} if year else {}
    return list_all(client, f"/mechanisms/{mechanism_id}/meetings", **params)


def patch(client, meeting_id, body):
    return client.patch(f"/meetings/{meeting_id}", body)


def set_meeting_status(board, meeting_id, status):
    r = patch(board.client("coordinator"), meeting_id, {"status": status})
    assert r.status == 200, f"marking meeting {meeting_id} {status}: {r}"
    return r.json


def put_attendance(client, meeting_id, rows):
    return client.put(f"/meetings/{meeting_id}/attendance", rows)


def add_agenda(client, meeting_id, body):
    return client.post(f"/meetings/{meeting_id}/agenda", body)


def topic_text():
    return f"Koordinimi me shkollat për rastin e familjes {token()}"


def minutes_text():
    return f"U diskutua rasti; e ëma tha se ai e kërcënoi sërish {token()}"


def decision_text():
    return f"Policia viziton banesën çdo javë {token()}"


def decision_body(board, **fields):
    body = {"text": decision_text(), "responsible_institution_id": board.social["id"],
            "due_on": (T0.date() + 30 * DAY).isoformat()}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


def decide(board, meeting_id, **fields):
    r = board.client("coordinator").post(f"/meetings/{meeting_id}/decisions",
                                         decision_body(board, **fields))
    assert r.status == 201, f"a decision of meeting {meeting_id}: {r}"
    return r.json


def new_case_in(board, person=None, who="caseworker", today=None, **overrides):
    """A full case of `person` (a new one by default) made by `who` of the police; `today`
    is the server's date when it is not T0's (the incident happened three days before)."""
    person = person or new_person()
    body = case_body(board, person, **overrides)
    if today is not None and "incident" in body:
        body["incident"]["occurred_on"] = (today - 3 * DAY).isoformat()
    return create(board.client(who), body), person


def reader(board, foreign, actors, who):
    """A signed-in client for `who`: a Board user, another mechanism's people, or a role."""
    if who in ("national", "admin", "auditor"):
        return actors.client(who)
    if who == "foreign_coordinator":
        return foreign.client("coordinator")
    if who == "foreign_caseworker":
        return foreign.client("caseworker")
    return board.client(who)


def meeting_rows(server, mechanism_id):
    return count_rows(server, "meetings", f"mechanism_id = {int(mechanism_id)}")


def assert_meeting(m, who="the coordinator"):
    assert isinstance(m, dict) and MEETING <= set(m), \
        f"{who}: meeting lacks {sorted(MEETING - set(m or {}))}: {m}"
    assert m["status"] in ("scheduled", "held", "cancelled"), m
    assert isinstance(m["sequence"], int), m
    for part in ("attendance", "agenda", "decisions"):
        assert isinstance(m[part], list), f"{who}: {part} is not a list: {m}"
    for item in m["agenda"]:
        assert AGENDA_ITEM <= set(item), f"agenda item lacks {AGENDA_ITEM - set(item)}: {item}"
    for d in m["decisions"]:
        assert DECISION - {"meeting_id"} <= set(d), f"decision lacks fields: {d}"


def agenda_of(client, meeting_id):
    return get_meeting(client, meeting_id)["agenda"]


def on_agenda(client, meeting_id, case_id):
    return [i for i in agenda_of(client, meeting_id) if i["case_id"] == case_id]


# --- fixtures -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def board(server, admin):
    return Board(server, admin)


@pytest.fixture(scope="module")
def foreign(server, admin):
    """Another municipality's mechanism, its coordinator and staff."""
    return Board(server, admin)


# --- 1. create, read, list ------------------------------------------------------------------

def test_the_coordinator_creates_a_meeting_and_reads_it_back(board):
    body = meeting_body(kind="case_conference", scheduled_at=at(10, 2), duration_minutes=45)
    r = board.client("coordinator").post(f"/mechanisms/{board.mid}/meetings", body)
    assert r.status == 201, r
    m = r.json
    assert_meeting(m)
    assert m["mechanism_id"] == board.mid, m
    assert (m["kind"], m["status"], m["duration_minutes"], m["place"]) == \
        ("case_conference", "scheduled", 45, body["place"]), m
    assert moment(m["scheduled_at"]) == T0 + dt.timedelta(days=10, hours=2), m
    assert (m["attendance"], m["agenda"], m["decisions"]) == ([], [], []), m
    assert m["minutes"] in (None, ""), m
    assert moment(m["created_at"]) == T0 and moment(m["updated_at"]) == T0, m
    again = get_meeting(board.client("coordinator"), m["id"])
    assert again == m, f"GET differs from the 201 answer:\n{again}\n{m}"


def test_duration_defaults_to_120_and_place_is_optional(board):
    m = new_meeting(board, duration_minutes=None, place=None, kind="ad_hoc")
    assert (m["duration_minutes"], m["kind"]) == (120, "ad_hoc"), m
    assert m["place"] in (None, ""), m


def test_a_time_with_an_offset_is_the_same_instant(board):
    m = new_meeting(board, scheduled_at="2026-12-03T10:30:00+01:00")
    assert moment(m["scheduled_at"]) == dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.timezone.utc), m


@pytest.mark.parametrize("minutes", [15, 1440])
def test_duration_limits_are_accepted(board, minutes):
    assert new_meeting(board, duration_minutes=minutes)["duration_minutes"] == minutes


def test_place_of_200_characters_is_accepted(board):
    place = "P" * 200
    assert new_meeting(board, place=place)["place"] == place


def test_the_list_is_ordered_by_time_and_filtered_by_year(server, admin):
    b = Board(server, admin)
    late = new_meeting(b, scheduled_at="2027-03-02T09:00:00Z")
    soon = new_meeting(b, scheduled_at="2026-12-01T09:00:00Z")
    mid = new_meeting(b, scheduled_at="2027-01-15T09:00:00Z")
    coordinator = b.client("coordinator")
    assert [m["id"] for m in meetings_of(coordinator, b.mid)] == \
        [soon["id"], mid["id"], late["id"]]
    assert [m["id"] for m in meetings_of(coordinator, b.mid, 2027)] == [mid["id"], late["id"]]
    assert [m["id"] for m in meetings_of(coordinator, b.mid, 2026)] == [soon["id"]]
    assert meetings_of(coordinator, b.mid, 2025) == []
    listed = meetings_of(coordinator, b.mid)[0]
    assert listed["mechanism_id"] == b.mid and listed["kind"] == "regular", listed


def test_the_list_pages_with_limit_and_cursor(server, admin):
    """CONTRACT.md "HTTP details": lists take `limit` 1..500 and an opaque `cursor`."""
    b = Board(server, admin)
    made = [new_meeting(b, scheduled_at=at(10 + i))["id"] for i in range(5)]
    c = b.client("coordinator")
    first = c.get(f"/mechanisms/{b.mid}/meetings?limit=2")
    assert [m["id"] for m in items(first)] == made[:2], f"limit=2 ignored: {first}"
    assert first.json.get("next"), f"no cursor after a full page: {first}"
    assert [m["id"] for m in list_all(c, f"/mechanisms/{b.mid}/meetings")] == made
    for bad in ("0", "501", "x"):
        assert_problem(c.get(f"/mechanisms/{b.mid}/meetings?limit={bad}"), 400, "limit")
    assert_problem(c.get(f"/mechanisms/{b.mid}/meetings?cursor=%21%21bogus"), 400, "cursor")


# --- 2. who reads, who writes ---------------------------------------------------------------

@pytest.mark.parametrize("who", READERS)
def test_readers_of_the_mechanism_read_its_meetings(board, foreign, actors, who):
    m = new_meeting(board)
    c = reader(board, foreign, actors, who)
    got = get_meeting(c, m["id"])
    assert got["id"] == m["id"] and got["place"] == m["place"], (who, got)
    assert m["id"] in [x["id"] for x in meetings_of(c, board.mid)], f"{who} does not list it"


@pytest.mark.parametrize("who", STRANGERS)
def test_others_get_404_for_a_meeting_and_403_for_the_list(board, foreign, actors, who):
    m = new_meeting(board)
    c = reader(board, foreign, actors, who)
    _assert_same_as_unknown(c.get(f"/meetings/{m['id']}"), m["id"],
                            c.get(f"/meetings/{UNKNOWN_ID}"), who)
    assert_problem(c.get(f"/mechanisms/{board.mid}/meetings"), 403)
    assert_no_leak(Only([m["place"]]), who, c.get(f"/meetings/{m['id']}"))


def _every_write(board, meeting_id, case_id):
    """(label, send(client)) for every meeting write, each valid for the coordinator."""
    b = board
    return [
        ("create", lambda c: create_meeting_r(c, b.mid)),
        ("patch", lambda c: patch(c, meeting_id, {"place": "Salla 2"})),
        ("attendance", lambda c: put_attendance(c, meeting_id, [
            {"institution_id": b.police["id"], "present": True, "attendees": 2}])),
        ("agenda case", lambda c: add_agenda(c, meeting_id, {"case_id": case_id})),
        ("agenda topic", lambda c: add_agenda(c, meeting_id, {"topic": topic_text()})),
        ("minutes", lambda c: c.put(f"/meetings/{meeting_id}/minutes",
                                    {"text": minutes_text()})),
        ("decision", lambda c: c.post(f"/meetings/{meeting_id}/decisions",
                                      decision_body(b))),
    ]


@pytest.mark.parametrize("who", NON_COORDINATOR_READERS)
def test_readers_who_are_not_the_coordinator_write_nothing_403(server, board, foreign, actors,
                                                               who):
    m = new_meeting(board)
    case, _ = new_case_in(board)
    c = reader(board, foreign, actors, who)
    before_rows = meeting_rows(server, board.mid)
    for label, send in _every_write(board, m["id"], case["id"]):
        assert_problem(send(c), 403)
    assert meeting_rows(server, board.mid) == before_rows, f"{who} created a meeting"
    after = get_meeting(board.client("coordinator"), m["id"])
    assert after == m, f"{who} changed the meeting:\n{after}\n{m}"


@pytest.mark.parametrize("who", STRANGERS)
def test_others_write_nothing_404_on_the_meeting_403_on_the_mechanism(server, board, foreign,
                                                                      actors, who):
    m = new_meeting(board)
    case, _ = new_case_in(board)
    c = reader(board, foreign, actors, who)
    before_rows = meeting_rows(server, board.mid)
    for label, send in _every_write(board, m["id"], case["id"]):
        r = send(c)
        assert_problem(r, 403 if label == "create" else 404)
    assert meeting_rows(server, board.mid) == before_rows, f"{who} created a meeting"
    assert get_meeting(board.client("coordinator"), m["id"]) == m, f"{who} changed it"


def test_another_mechanisms_coordinator_cannot_manage_this_one(board, foreign):
    """The foreign coordinator is a coordinator, just not of this mechanism."""
    assert_problem(create_meeting_r(foreign.client("coordinator"), board.mid), 403)
    own = new_meeting(foreign)
    assert own["mechanism_id"] == foreign.mid


def test_anonymous_callers_get_401(board, anon):
    m = new_meeting(board)
    assert_problem(anon.get(f"/meetings/{m['id']}"), 401)
    assert_problem(anon.get(f"/mechanisms/{board.mid}/meetings"), 401)
    assert_problem(anon.post(f"/mechanisms/{board.mid}/meetings", meeting_body()), 401)


def test_cookie_writes_without_csrf_token_are_403(server, board):
    m = new_meeting(board)
    c = board.client("coordinator")
    before = meeting_rows(server, board.mid)
    assert_problem(c.post(f"/mechanisms/{board.mid}/meetings", meeting_body(), csrf=False), 403)
    assert_problem(c.patch(f"/meetings/{m['id']}", {"place": "X"}, csrf=False), 403)
    assert_problem(c.put(f"/meetings/{m['id']}/minutes", {"text": "x"}, csrf=False), 403)
    assert meeting_rows(server, board.mid) == before
    assert get_meeting(c, m["id"]) == m


def test_a_wrong_verb_is_405_with_allow(board):
    m = new_meeting(board)
    r = board.client("coordinator").delete(f"/meetings/{m['id']}")
    assert_problem(r, 405)
    assert r.headers.get("Allow"), r


# --- 3. changes and the sequence --------------------------------------------------------------

def test_each_change_raises_the_sequence(board):
    m = new_meeting(board)
    c = board.client("coordinator")
    seq = m["sequence"]
    for body in ({"scheduled_at": at(20, 3)}, {"place": "Salla e re"}, {"kind": "ad_hoc"},
                 {"duration_minutes": 60}):
        r = patch(c, m["id"], body)
        assert r.status == 200, (body, r)
        assert r.json["sequence"] == seq + 1, f"sequence after {body}: {r.json}"
        seq = r.json["sequence"]
    got = get_meeting(c, m["id"])
    assert moment(got["scheduled_at"]) == T0 + dt.timedelta(days=20, hours=3), got
    assert (got["place"], got["kind"], got["duration_minutes"], got["status"]) == \
        ("Salla e re", "ad_hoc", 60, "scheduled"), got
    assert got["sequence"] == m["sequence"] + 4, got


def test_several_fields_in_one_patch(board):
    m = new_meeting(board)
    r = patch(board.client("coordinator"), m["id"],
              {"place": "Bashkia, salla 3", "duration_minutes": 30, "kind": "case_conference"})
    assert r.status == 200, r
    assert (r.json["place"], r.json["duration_minutes"], r.json["kind"]) == \
        ("Bashkia, salla 3", 30, "case_conference"), r.json
    assert r.json["sequence"] > m["sequence"], r.json


@pytest.mark.parametrize("final", ["held", "cancelled"])
def test_a_held_or_cancelled_meeting_is_not_changed_again_409(board, final):
    m = new_meeting(board, scheduled_at=at(0))  # a meeting is held once its time has come
    done = set_meeting_status(board, m["id"], final)
    assert done["status"] == final and done["sequence"] > m["sequence"], done
    c = board.client("coordinator")
    for body in ({"status": "held"}, {"status": "cancelled"}, {"place": "Tjetër"},
                 {"scheduled_at": at(30)}, {"kind": "ad_hoc"}, {"duration_minutes": 60}):
        assert_problem(patch(c, m["id"], body), 409)
    assert get_meeting(c, m["id"]) == done, "a refused PATCH changed the meeting"


def test_a_cancelled_meeting_takes_no_attendance_agenda_minutes_or_decisions(board):
    m = new_meeting(board)
    case, _ = new_case_in(board)
    done = set_meeting_status(board, m["id"], "cancelled")
    c = board.client("coordinator")
    for label, send in _every_write(board, m["id"], case["id"])[2:]:
        r = send(c)
        assert r.status == 409, f"{label} on a cancelled meeting: {r}"
    assert get_meeting(c, m["id"]) == done


BAD_PATCHES = [  # (body, status, field)
    ({"status": "scheduled"}, 422, "status"),
    ({"status": "postponed"}, 422, "status"),
    ({"kind": "weekly"}, 422, "kind"),
    ({"scheduled_at": "2026-02-30T09:00:00Z"}, 422, "scheduled_at"),
    ({"scheduled_at": "tomorrow"}, 422, "scheduled_at"),
    ({"place": "P" * 201}, 422, "place"),
    ({"duration_minutes": 14}, 422, "duration_minutes"),
    ({"duration_minutes": 1441}, 422, "duration_minutes"),
    ({"colour": "red"}, 422, "colour"),
    ({"duration_minutes": "60"}, 400, "duration_minutes"),
    ({"place": 7}, 400, "place"),
    ({"status": True}, 400, "status"),
]


@pytest.mark.parametrize("body,status,field", BAD_PATCHES, ids=short)
def test_a_bad_patch_is_refused_naming_the_field(board, body, status, field):
    m = new_meeting(board)
    assert_problem(patch(board.client("coordinator"), m["id"], body), status, field)
    assert get_meeting(board.client("coordinator"), m["id"]) == m


# --- 4. bad input on create -------------------------------------------------------------------

DROP = object()
BAD_CREATES = [  # (field, value, status)
    ("kind", DROP, 422),
    ("kind", "weekly", 422),
    ("kind", 3, 400),
    ("scheduled_at", DROP, 422),
    ("scheduled_at", "2026-13-01T09:00:00Z", 422),
    ("scheduled_at", "2026-12-01", 422),
    ("scheduled_at", 1764579600, 400),
    ("place", "P" * 201, 422),
    ("place", ["Salla"], 400),
    ("duration_minutes", 14, 422),
    ("duration_minutes", 1441, 422),
    ("duration_minutes", 0, 422),
    ("duration_minutes", "120", 400),
    ("agenda_colour", "red", 422),
]


@pytest.mark.parametrize("field,value,status", BAD_CREATES, ids=short)
def test_a_bad_meeting_is_refused_naming_the_field(server, board, field, value, status):
    body = meeting_body()
    if value is DROP:
        body.pop(field)
    else:
        body[field] = value
    before = meeting_rows(server, board.mid)
    r = board.client("coordinator").post(f"/mechanisms/{board.mid}/meetings", body)
    assert_problem(r, status, field)
    assert meeting_rows(server, board.mid) == before


@pytest.mark.parametrize("raw", ["{", "[]", "\"x\"", "null"])
def test_malformed_or_non_object_bodies_are_400(board, raw):
    c = board.client("coordinator")
    assert_problem(c.post(f"/mechanisms/{board.mid}/meetings", raw=raw), 400)
    m = new_meeting(board)
    assert_problem(c.patch(f"/meetings/{m['id']}", raw=raw), 400)
    assert_problem(c.post(f"/meetings/{m['id']}/agenda", raw=raw), 400)
    assert_problem(c.put(f"/meetings/{m['id']}/minutes", raw=raw), 400)
    assert_problem(c.post(f"/meetings/{m['id']}/decisions", raw=raw), 400)
    assert_problem(c.post(f"/mechanisms/{board.mid}/meeting-requests", raw=raw), 400)


def test_a_body_that_is_not_json_is_415(board):
    c = board.client("coordinator")
    r = c.post(f"/mechanisms/{board.mid}/meetings", raw=json.dumps(meeting_body()),
               content_type="text/plain")
    assert_problem(r, 415)


@pytest.mark.parametrize("bad", ["abc", "0", "-1", "99999999999999999999"])
def test_ids_that_are_not_positive_integers_are_400(board, bad):
    c = board.client("coordinator")
    assert_problem(c.get(f"/meetings/{bad}"), 400, "id")
    assert_problem(c.patch(f"/meetings/{bad}", {"place": "x"}), 400, "id")
    assert_problem(c.put(f"/meetings/{bad}/minutes", {"text": "x"}), 400, "id")
    assert_problem(c.get(f"/mechanisms/{bad}/meetings"), 400, "id")
    assert_problem(c.post(f"/mechanisms/{bad}/meetings", meeting_body()), 400, "id")


def test_unknown_ids_are_404(board):
    c = board.client("coordinator")
    assert_problem(c.get(f"/meetings/{UNKNOWN_ID}"), 404)
    assert_problem(c.patch(f"/meetings/{UNKNOWN_ID}", {"place": "x"}), 404)
    assert_problem(c.put(f"/meetings/{UNKNOWN_ID}/attendance", []), 404)
    assert_problem(c.post(f"/meetings/{UNKNOWN_ID}/agenda", {"topic": "x"}), 404)
    assert_problem(c.put(f"/meetings/{UNKNOWN_ID}/minutes", {"text": "x"}), 404)
    assert_problem(c.post(f"/meetings/{UNKNOWN_ID}/decisions", decision_body(board)), 404)



def test_an_unknown_mechanism_is_404(board, admin):
    assert_problem(admin.get(f"/mechanisms/{UNKNOWN_ID}/meetings"), 404)


@pytest.mark.parametrize("year", ["abc", "20x6", "2026.5"])
def test_a_bad_year_is_400(board, year):
    r = board.client("coordinator").get(f"/mechanisms/{board.mid}/meetings?year={year}")
    assert_problem(r, 400, "year")


def test_the_last_year_the_clock_knows_lists_its_meetings(board):
    """Found by the contract suite: ?year=2999 overflowed the end of the year (3000-01-01
    does not parse, and the fallback INT64_MAX was multiplied by 86400), so the list came
    back empty (and UBSan aborted)."""
    meeting = new_meeting(board, scheduled_at="2999-06-01T10:00:00Z")
    r = board.client("coordinator").get(f"/mechanisms/{board.mid}/meetings?year=2999")
    assert r.status == 200, r
    assert [m["id"] for m in r.json["items"]] == [meeting["id"]], r


# --- 5. attendance --------------------------------------------------------------------------

def test_attendance_replaces_the_list(board):
    m = new_meeting(board)
    c = board.client("coordinator")
    rows = [{"institution_id": board.police["id"], "present": True, "attendees": 2},
            {"institution_id": board.social["id"], "present": False, "attendees": 0}]
    r = put_attendance(c, m["id"], rows)
    assert r.status == 200, r
    got = {a["institution_id"]: (a["present"], a["attendees"])
           for a in get_meeting(c, m["id"])["attendance"]}
    assert got == {board.police["id"]: (True, 2), board.social["id"]: (False, 0)}, got
    r = put_attendance(c, m["id"], [{"institution_id": board.social["id"], "present": True,
                                     "attendees": 100}])
    assert r.status == 200, r
    got = [(a["institution_id"], a["present"], a["attendees"])
           for a in get_meeting(c, m["id"])["attendance"]]
    assert got == [(board.social["id"], True, 100)], f"not replaced: {got}"
    assert put_attendance(c, m["id"], []).status == 200
    assert get_meeting(c, m["id"])["attendance"] == [], "an empty list did not clear it"


def test_attendance_by_a_non_member_is_422_on_its_index(board, foreign):
    m = new_meeting(board)
    c = board.client("coordinator")
    good = [{"institution_id": board.police["id"], "present": True, "attendees": 1}]
    assert put_attendance(c, m["id"], good).status == 200
    before = get_meeting(c, m["id"])
    for stranger in (board.outsider_institution["id"], foreign.police["id"], UNKNOWN_ID):
        rows = [{"institution_id": board.social["id"], "present": True, "attendees": 3},
                {"institution_id": stranger, "present": True, "attendees": 1}]
        assert_problem(put_attendance(c, m["id"], rows), 422, "[1].institution_id")
    assert get_meeting(c, m["id"]) == before, "a refused attendance changed the meeting"


BAD_ATTENDANCE = [  # (row changes, status, field)
    ({"attendees": 101}, 422, "[0].attendees"),
    ({"attendees": -1}, 422, "[0].attendees"),
    ({"institution_id": DROP}, 422, "[0].institution_id"),
    ({"present": DROP}, 422, "[0].present"),
    ({"present": "yes"}, 400, "[0].present"),
    ({"attendees": "3"}, 400, "[0].attendees"),
    ({"institution_id": "1"}, 400, "[0].institution_id"),
]


@pytest.mark.parametrize("change,status,field", BAD_ATTENDANCE, ids=short)
def test_bad_attendance_is_refused_naming_the_row(board, change, status, field):
    m = new_meeting(board)
    row = {"institution_id": board.police["id"], "present": True, "attendees": 2}
    for k, v in change.items():
        if v is DROP:
            row.pop(k)
        else:
            row[k] = v
    assert_problem(put_attendance(board.client("coordinator"), m["id"], [row]), status, field)
    assert get_meeting(board.client("coordinator"), m["id"])["attendance"] == []


@pytest.mark.parametrize("raw", ['{"institution_id": 1}', "{", "[1, 2]"])
def test_attendance_that_is_not_a_list_of_objects_is_400(board, raw):
    m = new_meeting(board)
    assert_problem(board.client("coordinator").put(f"/meetings/{m['id']}/attendance", raw=raw),
                   400)


# --- 6. agenda ------------------------------------------------------------------------------

def test_agenda_by_case_and_by_topic(board):
    m = new_meeting(board)
    case, person = new_case_in(board)
    c = board.client("coordinator")
    r = add_agenda(c, m["id"], {"case_id": case["id"]})
    assert r.status == 201, r
    item = r.json
    assert AGENDA_ITEM <= set(item), item
    assert (item["case_id"], item["case_reference"], item["risk_level"], item["automatic"]) == \
        (case["id"], case["reference"], "unassessed", False), item
    assert item["topic"] in (None, ""), item
    topic = topic_text()
    r = add_agenda(c, m["id"], {"topic": topic})
    assert r.status == 201, r
    assert (r.json["topic"], r.json["case_id"], r.json["automatic"]) == (topic, None, False), r
    agenda = get_meeting(c, m["id"])["agenda"]
    assert [i["id"] for i in agenda] == [item["id"], r.json["id"]], agenda
    assert_no_leak(person, "the agenda", c.get(f"/meetings/{m['id']}"))


def test_a_case_already_on_the_agenda_is_409(board):
    m = new_meeting(board)
    case, _ = new_case_in(board)
    c = board.client("coordinator")
    assert add_agenda(c, m["id"], {"case_id": case["id"]}).status == 201
    assert_problem(add_agenda(c, m["id"], {"case_id": case["id"]}), 409)
    assert len(on_agenda(c, m["id"], case["id"])) == 1
    other = new_meeting(board)
    assert add_agenda(c, other["id"], {"case_id": case["id"]}).status == 201, \
        "the same case on another meeting's agenda"


def test_agenda_topic_of_500_characters_is_accepted(board):
    m = new_meeting(board)
    r = add_agenda(board.client("coordinator"), m["id"], {"topic": "T" * 500})
    assert r.status == 201 and r.json["topic"] == "T" * 500, r


def test_agenda_case_of_another_mechanism_or_unknown_is_422(board, foreign):
    m = new_meeting(board)
    theirs, _ = new_case_in(foreign)
    c = board.client("coordinator")
    assert_problem(add_agenda(c, m["id"], {"case_id": theirs["id"]}), 422, "case_id")
    assert_problem(add_agenda(c, m["id"], {"case_id": UNKNOWN_ID}), 422, "case_id")
    assert get_meeting(c, m["id"])["agenda"] == []


BAD_AGENDA = [  # (body, status, field)
    ({}, 422, None),
    ({"topic": ""}, 422, "topic"),
    ({"topic": "T" * 501}, 422, "topic"),
    ({"topic": 5}, 400, "topic"),
    ({"case_id": "12"}, 400, "case_id"),
    ({"topic": "x", "priority": 1}, 422, "priority"),
]


@pytest.mark.parametrize("body,status,field", BAD_AGENDA, ids=short)
def test_bad_agenda_items_are_refused(board, body, status, field):
    m = new_meeting(board)
    assert_problem(add_agenda(board.client("coordinator"), m["id"], body), status, field)
    assert get_meeting(board.client("coordinator"), m["id"])["agenda"] == []


# --- 7. minutes -----------------------------------------------------------------------------

def test_minutes_are_written_and_replaced(board):
    m = new_meeting(board)
    c = board.client("coordinator")
    first = minutes_text()
    r = c.put(f"/meetings/{m['id']}/minutes", {"text": first})
    assert r.status == 200, r
    assert_meeting(r.json)
    assert r.json["minutes"] == first, r
    second = "M" * 50000
    r = c.put(f"/meetings/{m['id']}/minutes", {"text": second})
    assert r.status == 200 and r.json["minutes"] == second, r
    assert get_meeting(c, m["id"])["minutes"] == second
    assert get_meeting(board.client("other_caseworker"), m["id"])["minutes"] == second


@pytest.mark.parametrize("body,status", [({}, 422), ({"text": ""}, 422),
                                         ({"text": "M" * 50001}, 422), ({"text": 5}, 400),
                                         ({"text": "x", "draft": True}, 422)], ids=short)
def test_bad_minutes_are_refused(board, body, status):
    m = new_meeting(board)
    c = board.client("coordinator")
    field = "draft" if "draft" in body else "text"
    assert_problem(c.put(f"/meetings/{m['id']}/minutes", body), status, field)
    assert get_meeting(c, m["id"])["minutes"] in (None, "")


# --- 8. decisions ---------------------------------------------------------------------------

def test_a_decision_about_a_case_becomes_an_action_of_its_plan(board):
    m = new_meeting(board)
    case, person = new_case_in(board)
    text = decision_text()
    due = (T0.date() + 14 * DAY).isoformat()
    d = decide(board, m["id"], text=text, due_on=due, case_id=case["id"])
    assert DECISION <= set(d), d
    assert (d["meeting_id"], d["case_id"], d["text"], d["responsible_institution_id"],
            d["due_on"]) == (m["id"], case["id"], text, board.social["id"], due), d
    assert isinstance(d["action_id"], int), f"no action made: {d}"
    assert d["status"] == "open", d
    plan = actions_of(board.client("caseworker"), case["id"])
    assert d["action_id"] in plan, f"the owner does not list action {d['action_id']}: {plan}"
    action = plan[d["action_id"]]
    assert (action["responsible_institution_id"], action["due_on"], action["status"]) == \
        (board.social["id"], due, "open"), action
    assert action["title"] == text, f"the action's title is not the decision's text: {action}"

    r = set_status(board.client("other_caseworker"), d["action_id"], "in_progress")
    assert r.status == 200 and r.json["status"] == "in_progress", r
    r = set_status(board.client("other_manager"), d["action_id"], "done")
    assert r.status == 200 and r.json["status"] == "done", r
    assert actions_of(board.client("caseworker"), case["id"])[d["action_id"]]["status"] == "done"
    shown = [x for x in get_meeting(board.client("coordinator"), m["id"])["decisions"]
             if x["id"] == d["id"]]
    assert len(shown) == 1 and shown[0]["status"] == "done", \
        f"the decision does not follow its action: {shown}"


def test_a_decision_without_a_case_is_a_mechanism_action(board):
    m = new_meeting(board)
    d = decide(board, m["id"])
    assert (d["case_id"], d["action_id"], d["status"]) == (None, None, "open"), d
    listed = get_meeting(board.client("manager"), m["id"])["decisions"]
    assert [x["id"] for x in listed] == [d["id"]], listed
    assert listed[0]["text"] == d["text"], listed


def test_a_decision_text_of_2000_characters_is_accepted(board):
    m = new_meeting(board)
    assert decide(board, m["id"], text="D" * 2000)["text"] == "D" * 2000


BAD_DECISIONS = [  # (field, value, status)
    ("text", DROP, 422),
    ("text", "", 422),
    ("text", "D" * 2001, 422),
    ("text", 5, 400),
    ("responsible_institution_id", DROP, 422),
    ("responsible_institution_id", UNKNOWN_ID, 422),
    ("responsible_institution_id", "3", 400),
    ("due_on", DROP, 422),
    ("due_on", "2026-02-30", 422),
    ("due_on", "soon", 422),
    ("due_on", 20261201, 400),
    ("case_id", UNKNOWN_ID, 422),
    ("case_id", "7", 400),
    ("priority", "high", 422),
]


@pytest.mark.parametrize("field,value,status", BAD_DECISIONS, ids=short)
def test_a_bad_decision_is_refused_naming_the_field(server, board, field, value, status):
    m = new_meeting(board)
    body = decision_body(board)
    if value is DROP:
        body.pop(field)
    else:
        body[field] = value
    r = board.client("coordinator").post(f"/meetings/{m['id']}/decisions", body)
    assert_problem(r, status, field)
    assert get_meeting(board.client("coordinator"), m["id"])["decisions"] == []
    assert count_rows(server, "meeting_decisions", f"meeting_id = {int(m['id'])}") == 0


def test_a_decision_on_a_case_of_another_mechanism_is_422(server, board, foreign):
    m = new_meeting(board)
    theirs, _ = new_case_in(foreign)
    before = len(actions_of(foreign.client("caseworker"), theirs["id"]))
    r = board.client("coordinator").post(f"/meetings/{m['id']}/decisions",
                                         decision_body(board, case_id=theirs["id"]))
    assert_problem(r, 422, "case_id")
    assert len(actions_of(foreign.client("caseworker"), theirs["id"])) == before


# --- 9. the automatic agenda ----------------------------------------------------------------

def _everything_readable(board, foreign, actors, meeting_ids):
    """The raw answers every reader of the mechanism's meetings can fetch."""
    out = []
    for who in READERS:
        c = reader(board, foreign, actors, who)
        out.append(c.get(f"/mechanisms/{board.mid}/meetings"))
        out.append(c.get(f"/mechanisms/{board.mid}/calendar.ics"))
        out += [c.get(f"/meetings/{i}") for i in meeting_ids]
    return out


def test_a_high_risk_case_goes_on_the_meeting_created_after_it(server, admin, actors):
    b = Board(server, admin)
    foreign = Board(server, admin)
    case, person = new_case_in(b)
    assess_level(b.client("caseworker"), case["id"], "high")
    coordinator = b.client("coordinator")
    assert case_of(coordinator, case["id"]).get("needs_meeting") is True
    calm, _ = new_case_in(b)
    assess_level(b.client("caseworker"), calm["id"], "standard")

    m = new_meeting(b)
    got = on_agenda(coordinator, m["id"], case["id"])
    assert len(got) == 1, f"the high-risk case is not on the new meeting: {m}"
    assert (got[0]["automatic"], got[0]["case_reference"], got[0]["risk_level"]) == \
        (True, case["reference"], "high"), got
    assert [i["case_id"] for i in m["agenda"]] == [case["id"]], \
        f"the 201 answer's agenda: {m['agenda']}"
    assert on_agenda(coordinator, m["id"], calm["id"]) == [], "a standard case was put on it"
    assert case_of(coordinator, case["id"]).get("needs_meeting") in (False, None), \
        "the case kept its mark"
    assert summary_in_list(coordinator, case["id"]).get("needs_meeting") in (False, None)

    later = new_meeting(b, scheduled_at=at(40))
    assert later["agenda"] == [], f"the case went on a second meeting too: {later}"
    assert_no_leak(person, "readers of the agenda",
                   *_everything_readable(b, foreign, actors, [m["id"], later["id"]]))


def test_an_extreme_case_goes_at_once_on_the_next_scheduled_meeting(server, admin, actors):
    b = Board(server, admin)
    foreign = Board(server, admin)
    coordinator = b.client("coordinator")
    far = new_meeting(b, scheduled_at=at(60))
    near = new_meeting(b, scheduled_at=at(9))
    gone = new_meeting(b, scheduled_at=at(3))
    set_meeting_status(b, gone["id"], "cancelled")
    case, person = new_case_in(b)
    assess_level(b.client("caseworker"), case["id"], "extreme")
    got = on_agenda(coordinator, near["id"], case["id"])
    assert len(got) == 1, \
        f"not on the next scheduled meeting: {get_meeting(coordinator, near['id'])}"
    assert (got[0]["automatic"], got[0]["risk_level"], got[0]["case_reference"]) == \
        (True, "extreme", case["reference"]), got
    assert on_agenda(coordinator, far["id"], case["id"]) == [], "also on a later meeting"
    assert on_agenda(coordinator, gone["id"], case["id"]) == [], "on a cancelled meeting"
    assert case_of(coordinator, case["id"]).get("needs_meeting") in (False, None)
    assert_no_leak(person, "readers of the agenda",
                   *_everything_readable(b, foreign, actors, [near["id"], far["id"]]))


def test_a_held_meeting_takes_no_automatic_item(server, admin):
    b = Board(server, admin)
    held = new_meeting(b, scheduled_at=at(0))  # now: the next meeting, were it not held
    set_meeting_status(b, held["id"], "held")
    case, _ = new_case_in(b)
    assess_level(b.client("caseworker"), case["id"], "high")
    assert on_agenda(b.client("coordinator"), held["id"], case["id"]) == []
    assert case_of(b.client("coordinator"), case["id"]).get("needs_meeting") is True, \
        "the mark went though no scheduled meeting took the case"
    m = new_meeting(b, scheduled_at=at(20))
    assert [i["case_id"] for i in m["agenda"]] == [case["id"]], m


def test_a_repeat_case_goes_on_the_agenda(server, admin):
    b = Board(server, admin)
    person = new_person()
    first, _ = new_case_in(b, person)
    second, _ = new_case_in(b, person, who="manager")
    assert second["repeat"] is True, second
    m = new_meeting(b)
    agenda = {i["case_id"]: i for i in m["agenda"]}
    assert second["id"] in agenda, f"the repeat case is not on the agenda: {m['agenda']}"
    assert first["id"] not in agenda, f"the first case (no repeat) is: {m['agenda']}"
    item = agenda[second["id"]]
    assert (item["automatic"], item["case_reference"], item["risk_level"]) == \
        (True, second["reference"], "unassessed"), item
    assert_no_leak(person, "the coordinator", b.client("coordinator").get(f"/meetings/{m['id']}"))


def test_an_automatic_case_added_by_hand_again_is_409(server, admin):
    b = Board(server, admin)
    m = new_meeting(b)
    case, _ = new_case_in(b)
    assess_level(b.client("caseworker"), case["id"], "high")
    assert len(on_agenda(b.client("coordinator"), m["id"], case["id"])) == 1
    assert_problem(add_agenda(b.client("coordinator"), m["id"], {"case_id": case["id"]}), 409)


def test_a_case_assessed_high_twice_is_on_the_agenda_once(server, admin):
    b = Board(server, admin)
    m = new_meeting(b)
    case, _ = new_case_in(b)
    assess_level(b.client("caseworker"), case["id"], "high")
    assess_level(b.client("caseworker"), case["id"], "extreme")
    got = on_agenda(b.client("coordinator"), m["id"], case["id"])
    assert len(got) == 1, got


# --- 10. meeting requests -------------------------------------------------------------------

def request_body(**fields):
    body = {"reason": f"Rast urgjent, nëna kërkon strehim {token()}"}
    body.update(fields)
    return body


def test_a_member_requests_a_meeting_and_the_coordinator_is_told_once(server, admin):
    b = Board(server, admin)
    case, person = new_case_in(b)
    body = request_body(case_ids=[case["id"]])
    r = b.client("other_caseworker").post(f"/mechanisms/{b.mid}/meeting-requests", body)
    assert r.status == 201, r
    assert REQUEST <= set(r.json), r
    assert (r.json["mechanism_id"], r.json["institution_id"]) == (b.mid, b.social["id"]), r
    assert moment(r.json["created_at"]) == T0, r
    coordinator = b.client("coordinator")
    told = of_kind(coordinator, "meeting_requested")
    assert len(told) == 1, f"the coordinator has {len(told)} meeting_requested: {told}"
    assert isinstance(told[0]["message"], str) and told[0]["message"], told
    assert told[0]["read_at"] is None, told
    for who in ("caseworker", "other_caseworker", "manager"):
        assert of_kind(b.client(who), "meeting_requested") == [], f"{who} was told"
    secrets = Only([body["reason"]] + [w for w in body["reason"].split()
                                      if w.startswith("k") and w.endswith("k")])
    assert_no_leak(secrets, "the coordinator's notifications", *notification_pages(coordinator))
    assert_no_leak(person, "the coordinator's notifications", *notification_pages(coordinator))

    r2 = b.client("manager").post(f"/mechanisms/{b.mid}/meeting-requests", request_body())
    assert r2.status == 201 and r2.json["institution_id"] == b.police["id"], r2
    assert len(of_kind(coordinator, "meeting_requested")) == 2


@pytest.mark.parametrize("who", ["outsider", "foreign_coordinator", "foreign_caseworker",
                                 "auditor", "national", "admin", "coordinator"])
def test_others_may_not_request_a_meeting(server, board, foreign, actors, who):
    c = reader(board, foreign, actors, who)
    before = count_rows(server, "meeting_requests", f"mechanism_id = {board.mid}")
    r = c.post(f"/mechanisms/{board.mid}/meeting-requests", request_body())
    assert r.status in (403, 404), f"{who}: {r}"
    assert_problem(r, r.status)
    assert count_rows(server, "meeting_requests", f"mechanism_id = {board.mid}") == before


BAD_REQUESTS = [  # (body, status, field)
    ({}, 422, "reason"),
    ({"reason": ""}, 422, "reason"),
    ({"reason": "R" * 2001}, 422, "reason"),
    ({"reason": 5}, 400, "reason"),
    ({"reason": "x", "case_ids": "1"}, 400, "case_ids"),
    ({"reason": "x", "case_ids": [UNKNOWN_ID]}, 422, "case_ids"),
    ({"reason": "x", "urgent": True}, 422, "urgent"),
]


@pytest.mark.parametrize("body,status,field", BAD_REQUESTS, ids=short)
def test_a_bad_meeting_request_is_refused(server, board, body, status, field):
    before = count_rows(server, "meeting_requests", f"mechanism_id = {board.mid}")
    r = board.client("other_caseworker").post(f"/mechanisms/{board.mid}/meeting-requests", body)
    assert_problem(r, status, field)
    assert count_rows(server, "meeting_requests", f"mechanism_id = {board.mid}") == before


def test_a_request_naming_a_case_of_another_mechanism_is_422(server, board, foreign):
    mine, _ = new_case_in(board)
    theirs, _ = new_case_in(foreign)
    r = board.client("other_caseworker").post(
        f"/mechanisms/{board.mid}/meeting-requests",
        request_body(case_ids=[mine["id"], theirs["id"]]))
    assert_problem(r, 422, "case_ids")


def test_a_reason_of_2000_characters_is_accepted(board):
    r = board.client("caseworker").post(f"/mechanisms/{board.mid}/meeting-requests",
                                        request_body(reason="R" * 2000))
    assert r.status == 201, r


# --- 11. storage and audit ------------------------------------------------------------------

def test_free_texts_are_not_stored_in_clear(server, admin):
    b = Board(server, admin)
    m = new_meeting(b)
    case, person = new_case_in(b)
    c = b.client("coordinator")
    topic, minutes, text = topic_text(), minutes_text(), decision_text()
    assert add_agenda(c, m["id"], {"topic": topic}).status == 201
    assert add_agenda(c, m["id"], {"case_id": case["id"]}).status == 201
    assert c.put(f"/meetings/{m['id']}/minutes", {"text": minutes}).status == 200
    decide(b, m["id"], text=text, case_id=case["id"])
    decide(b, m["id"], text=text + " II")
    reason = request_body()["reason"]
    assert b.client("other_caseworker").post(f"/mechanisms/{b.mid}/meeting-requests",
                                             {"reason": reason}).status == 201
    texts = [topic, minutes, text, reason]
    assert_not_in_clear(server.db, "meetings", texts, m["place"])
    found = []
    for table in _tables(server.db):
        blob = _dump(server.db, table)
        low = blob.lower()
        for t in texts + [w for s in texts for w in s.split() if w.startswith("k")
                          and w.endswith("k")]:
            if t.encode() in blob or t.lower().encode() in low:
                found.append((table, t))
    assert not found, f"meeting texts stored in clear: {found}"
    logs = "\n".join(p.read_text(errors="replace") for p in sorted(server.dir.glob("serve-*.log")))
    assert_no_leak(Only(texts), "the server's log", logs)


def test_the_writes_are_audited(server, admin, auditor):
    b = Board(server, admin)
    m = new_meeting(b)
    case, _ = new_case_in(b)
    c = b.client("coordinator")
    text = minutes_text()
    assert patch(c, m["id"], {"place": "Salla 9"}).status == 200
    assert put_attendance(c, m["id"], [{"institution_id": b.police["id"], "present": True,
                                        "attendees": 1}]).status == 200
    assert add_agenda(c, m["id"], {"case_id": case["id"]}).status == 201
    assert c.put(f"/meetings/{m['id']}/minutes", {"text": text}).status == 200
    decide(b, m["id"])
    assert b.client("other_caseworker").post(f"/mechanisms/{b.mid}/meeting-requests",
                                             request_body()).status == 201
    mine = [e["action"] for e in audit(auditor, user_id=b.users["coordinator"].id)]
    for action in ("meeting.create", "meeting.update", "meeting.attendance", "meeting.agenda",
                   "meeting.minutes", "meeting.decision"):
        assert action in mine, f"{action} not audited: {mine}"
    theirs = [e["action"] for e in audit(auditor, user_id=b.users["other_caseworker"].id)]
    assert "meeting_request.create" in theirs, theirs
    assert_no_leak(Only([text]), "the audit log",
                   json.dumps(audit(auditor, user_id=b.users["coordinator"].id),
                              ensure_ascii=False))
