"""Compliance and the meeting calendar (CONTRACT.md "Compliance", "Calendar").

- GET /mechanisms/{id}/compliance for a year with known meetings, on a server whose clock is
  fixed (started in January, restarted in December to record what was held): per quarter the
  held meetings by kind (cancelled and still-scheduled ones do not count), `held`,
  `minimum_per_year`, `meets_minimum` (false with 3 of 4, true with 4 of 4 and with 3 of a
  minimum of 3), attendance per institution (`meetings` held, `present`, `rate` with two
  decimals: 0.67, 0.33; presence at a meeting that was not held does not count), decisions
  `open` (not done) and `overdue` (not done, due before today) over mechanism and case
  decisions (a case decision follows its action); `year` defaults to the current one; another
  year is empty; who may read (coordinator, national, admin; others 403), bad `year` 400.
- The deadline scanner's `quarter_without_meeting`: nothing 15 days before a quarter's end;
  with 10 days left and no regular meeting held or scheduled in the quarter the coordinator is
  told exactly once (still once after another restart), and once more in the next quarter;
  a regular meeting scheduled in the quarter prevents it, an ad hoc one or a cancelled regular
  one does not; nobody else is told.
- GET /mechanisms/{id}/calendar.ics: `text/calendar; charset=utf-8`, checked with a small
  RFC 5545 parser written here (no iCalendar library): CRLF line ends, physical lines of at
  most 75 octets (a 200-character non-ASCII place forces folding), BEGIN/END VCALENDAR with
  VERSION 2.0 and PRODID, one VEVENT per meeting of this mechanism only, UID
  `meeting-<id>@ura`, DTSTAMP, DTSTART equal to `scheduled_at` (and DTEND/DURATION, when
  given, the duration), SUMMARY naming the mechanism, LOCATION the place (text escaping
  undone), STATUS:CANCELLED for a cancelled meeting only, SEQUENCE equal to the meeting's
  and growing after each PATCH; no case data (references, survivor strings, topics, minutes,
  decision texts) in it; readers only.
"""

import datetime as dt
import re
import zoneinfo
from types import SimpleNamespace

import pytest

import harness
from harness import T0, assert_problem, rfc3339
from test_break_glass import moment, of_kind
from test_cases import UNKNOWN_ID, assert_no_leak
from test_meetings import (READERS, Board, add_agenda, decide, get_meeting,
                           minutes_text, new_case_in, new_meeting, patch, put_attendance,
                           reader, set_meeting_status, topic_text)
from test_orders_actions import set_status
from test_referrals import Only

UTC = dt.timezone.utc


def utc(y, mo, d, h=9, mi=0):
    return dt.datetime(y, mo, d, h, mi, tzinfo=UTC)


# --- the module's server (calendar tests): clock fixed at T0 --------------------------------

@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-compliance"))
    s.start(now=T0)
    yield s
    s.stop()


def compliance(client, mechanism_id, year=None):
    path = f"/mechanisms/{mechanism_id}/compliance" + (f"?year={year}" if year else "")
    r = client.get(path)
    assert r.status == 200, f"compliance of {mechanism_id}: {r}"
    return r.json


def later(server, boards, when):
    server.restart(now=when)
    for b in boards:
        b.forget_sessions()


# --- 1. compliance for a year with known meetings ---------------------------------------------

@pytest.fixture(scope="module")
def year2026(ura, tmp_path_factory):
    """A server started on 2026-01-05 and restarted on 2026-12-10 with two mechanisms:

    A (minimum 4): Q1 a regular meeting on 10 Feb (held; police and social services present)
    and a case conference on 5 Mar (held; police present, social services absent), an ad hoc
    meeting on 20 Mar (cancelled); Q2 an ad hoc meeting on 1 Jun (held; both absent); Q3 a
    regular meeting on 20 Aug never marked held (both recorded present); Q4 a regular one on 15
    Dec (scheduled); and one on 20 Jan 2027. Decisions: a mechanism decision due 1 Nov (open,
    overdue), one due 31 Dec (open), a case decision due 1 Oct whose action is done, and one
    due 1 Dec whose action is in progress (open, overdue).
    B (minimum 4): one regular meeting per quarter, all held.
    C (minimum 3): a regular meeting in January, an ad hoc one in April, a case conference in
    July, all held."""
    s = harness.Server(tmp_path_factory.mktemp("ura-year"))
    s.start(now=utc(2026, 1, 5))
    admin = s.sign_in_admin()
    a, b = Board(s, admin), Board(s, admin)
    m = {}
    m["feb"] = new_meeting(a, kind="regular", scheduled_at="2026-02-10T09:00:00Z")
    m["mar"] = new_meeting(a, kind="case_conference", scheduled_at="2026-03-05T09:00:00Z")
    m["mar_cancelled"] = new_meeting(a, kind="ad_hoc", scheduled_at="2026-03-20T09:00:00Z")
    m["jun"] = new_meeting(a, kind="ad_hoc", scheduled_at="2026-06-01T09:00:00Z")
    m["aug"] = new_meeting(a, kind="regular", scheduled_at="2026-08-20T09:00:00Z")
    m["dec"] = new_meeting(a, kind="regular", scheduled_at="2026-12-15T09:00:00Z")
    m["next_year"] = new_meeting(a, kind="regular", scheduled_at="2027-01-20T09:00:00Z")
    b_meetings = [new_meeting(b, kind="regular", scheduled_at=f"2026-{mo:02d}-15T09:00:00Z")
                  for mo in (2, 5, 8, 11)]
    c3 = Board(s, admin)
    r = admin.patch(f"/mechanisms/{c3.mid}", {"min_meetings_per_year": 3})
    assert r.status == 200 and r.json["min_meetings_per_year"] == 3, r
    c3_meetings = [new_meeting(c3, kind=kind, scheduled_at=f"2026-{mo:02d}-20T09:00:00Z")
                   for kind, mo in (("regular", 1), ("ad_hoc", 4), ("case_conference", 7))]

    case_done, _ = new_case_in(a, today=dt.date(2026, 1, 5))
    case_going, _ = new_case_in(a, today=dt.date(2026, 1, 5))
    decisions = [
        decide(a, m["feb"]["id"], due_on="2026-11-01"),
        decide(a, m["feb"]["id"], due_on="2026-12-31"),
        decide(a, m["mar"]["id"], due_on="2026-10-01", case_id=case_done["id"]),
        decide(a, m["mar"]["id"], due_on="2026-12-01", case_id=case_going["id"]),
    ]
    r = set_status(a.client("other_caseworker"), decisions[2]["action_id"], "done")
    assert r.status == 200, r
    r = set_status(a.client("other_caseworker"), decisions[3]["action_id"], "in_progress")
    assert r.status == 200, r

    later(s, [a, b, c3], utc(2026, 12, 10))
    police, social = a.police["id"], a.social["id"]
    present = {"feb": (True, True), "mar": (True, False), "jun": (False, False),
               "aug": (True, True)}
    c = a.client("coordinator")
    for key, (p, q) in present.items():
        r = put_attendance(c, m[key]["id"], [
            {"institution_id": police, "present": p, "attendees": 2 if p else 0},
            {"institution_id": social, "present": q, "attendees": 1 if q else 0}])
        assert r.status == 200, r
    for key in ("feb", "mar", "jun"):
        set_meeting_status(a, m[key]["id"], "held")
    set_meeting_status(a, m["mar_cancelled"]["id"], "cancelled")
    for meeting in b_meetings:
        set_meeting_status(b, meeting["id"], "held")
    for meeting in c3_meetings:
        set_meeting_status(c3, meeting["id"], "held")
    yield SimpleNamespace(server=s, admin=admin, a=a, b=b, c3=c3, meetings=m,
                          decisions=decisions)
    s.stop()


def test_compliance_counts_held_meetings_per_quarter_by_kind(year2026):
    a = year2026.a
    got = compliance(a.client("coordinator"), a.mid, 2026)
    assert (got["mechanism_id"], got["year"], got["minimum_per_year"]) == (a.mid, 2026, 4), got
    assert got["held"] == 3, f"held: {got}"
    assert got["meets_minimum"] is False, got
    quarters = {q["quarter"]: (q["held"], q["regular"], q["ad_hoc"], q["case_conference"])
                for q in got["quarters"]}
    assert quarters == {1: (2, 1, 0, 1), 2: (1, 0, 1, 0), 3: (0, 0, 0, 0), 4: (0, 0, 0, 0)}, \
        f"quarters (held, regular, ad_hoc, case_conference): {got['quarters']}"
    assert [q["quarter"] for q in got["quarters"]] == [1, 2, 3, 4], got["quarters"]


def test_compliance_attendance_rate_per_institution(year2026):
    a = year2026.a
    got = compliance(a.client("coordinator"), a.mid, 2026)
    rows = {x["institution_id"]: x for x in got["attendance"]}
    police, social = rows.get(a.police["id"]), rows.get(a.social["id"])
    assert police and social, f"member institutions missing from attendance: {got['attendance']}"
    assert (police["meetings"], police["present"]) == (3, 2), police
    assert (social["meetings"], social["present"]) == (3, 1), social
    assert police["rate"] == pytest.approx(0.67, abs=1e-9), police
    assert social["rate"] == pytest.approx(0.33, abs=1e-9), social
    for row in got["attendance"]:
        assert 0 <= row["rate"] <= 1, row
        assert round(row["rate"], 2) == row["rate"], f"rate not rounded to two decimals: {row}"
    assert a.outsider_institution["id"] not in rows, "a non-member institution is listed"


def test_compliance_decisions_open_and_overdue(year2026):
    a = year2026.a
    got = compliance(a.client("coordinator"), a.mid, 2026)
    assert got["decisions"] == {"open": 3, "overdue": 2}, \
        f"decisions (not done: 2 mechanism + 1 case in progress; overdue on 2026-12-10: " \
        f"due 1 Nov and 1 Dec): {got['decisions']}"


def test_four_held_meetings_meet_the_minimum(year2026):
    b = year2026.b
    got = compliance(b.client("coordinator"), b.mid, 2026)
    assert (got["held"], got["meets_minimum"]) == (4, True), got
    assert [(q["quarter"], q["held"], q["regular"], q["ad_hoc"], q["case_conference"])
            for q in got["quarters"]] == [(i, 1, 1, 0, 0) for i in (1, 2, 3, 4)], got
    assert got["decisions"] == {"open": 0, "overdue": 0}, got


def test_the_minimum_is_the_mechanisms_own(year2026):
    """C: minimum 3 (changed by the admin), a regular, an ad hoc and a case conference held
    (in Q1, Q2, Q3): the minimum counts meetings of every kind."""
    c3 = year2026.c3
    got = compliance(c3.client("coordinator"), c3.mid, 2026)
    assert (got["minimum_per_year"], got["held"], got["meets_minimum"]) == (3, 3, True), got
    assert [(q["held"], q["regular"], q["ad_hoc"], q["case_conference"])
            for q in got["quarters"]] == [(1, 1, 0, 0), (1, 0, 1, 0), (1, 0, 0, 1),
                                          (0, 0, 0, 0)], got["quarters"]


def test_year_defaults_to_the_current_one(year2026):
    a = year2026.a
    c = a.client("coordinator")
    assert compliance(c, a.mid) == compliance(c, a.mid, 2026)


def test_another_year_has_no_held_meeting(year2026):
    a = year2026.a
    got = compliance(a.client("coordinator"), a.mid, 2027)
    assert got["year"] == 2027 and got["held"] == 0 and got["meets_minimum"] is False, got
    assert all(q["held"] == 0 for q in got["quarters"]), got


@pytest.mark.parametrize("who", ["national", "admin"])
def test_national_and_admin_read_compliance(year2026, who):
    s, a = year2026.server, year2026.a
    if who == "admin":
        c = s.sign_in_admin()
    else:
        u = harness.new_user(s.sign_in_admin(), "national")
        c = s.sign_in(u.username, u.password)
    assert compliance(c, a.mid, 2026) == compliance(a.client("coordinator"), a.mid, 2026)


@pytest.mark.parametrize("who", ["caseworker", "manager", "other_caseworker", "outsider",
                                 "foreign_coordinator", "auditor"])
def test_others_may_not_read_compliance(year2026, who):
    s, a, b = year2026.server, year2026.a, year2026.b
    if who == "foreign_coordinator":
        c = b.client("coordinator")
    elif who == "auditor":
        u = harness.new_user(s.sign_in_admin(), "auditor")
        c = s.sign_in(u.username, u.password)
    else:
        c = a.client(who)
    assert_problem(c.get(f"/mechanisms/{a.mid}/compliance?year=2026"), 403)


@pytest.mark.parametrize("query", ["year=abc", "year=2026.5", "year=-1x"])
def test_a_bad_year_is_400(year2026, query):
    a = year2026.a
    r = a.client("coordinator").get(f"/mechanisms/{a.mid}/compliance?{query}")
    assert_problem(r, 400, "year")


def test_compliance_ids(year2026):
    c = year2026.server.sign_in_admin()
    assert_problem(c.get("/mechanisms/abc/compliance"), 400, "id")
    assert_problem(c.get(f"/mechanisms/{UNKNOWN_ID}/compliance"), 404)


# --- 2. the scanner: a quarter without a regular meeting -------------------------------------

def warnings(board):
    return of_kind(board.client("coordinator"), "quarter_without_meeting")


def test_a_quarter_without_a_regular_meeting_tells_the_coordinator_once(new_server):
    s = new_server(now=utc(2026, 12, 1))
    admin = s.sign_in_admin()
    bare, with_regular, only_ad_hoc, cancelled = (Board(s, admin) for _ in range(4))
    new_meeting(with_regular, kind="regular", scheduled_at="2026-12-28T09:00:00Z")
    new_meeting(only_ad_hoc, kind="ad_hoc", scheduled_at="2026-12-05T09:00:00Z")
    gone = new_meeting(cancelled, kind="regular", scheduled_at="2026-12-18T09:00:00Z")
    set_meeting_status(cancelled, gone["id"], "cancelled")
    boards = [bare, with_regular, only_ad_hoc, cancelled]
    for b in boards:
        assert warnings(b) == [], "told with 30 days left"

    later(s, boards, utc(2026, 12, 16))   # 15.6 days left in Q4
    for b in boards:
        assert warnings(b) == [], "told with more than 14 days left"

    later(s, boards, utc(2026, 12, 21))   # 10.6 days left
    for label, b in (("no meeting", bare), ("only an ad hoc meeting", only_ad_hoc),
                     ("a cancelled regular meeting", cancelled)):
        got = warnings(b)
        assert len(got) == 1, f"{label}: {len(got)} quarter_without_meeting: {got}"
        assert got[0]["read_at"] is None and isinstance(got[0]["message"], str), got
    assert warnings(with_regular) == [], "told though a regular meeting is scheduled"
    for who in ("caseworker", "manager", "other_caseworker"):
        assert of_kind(bare.client(who), "quarter_without_meeting") == [], f"{who} was told"

    later(s, boards, utc(2026, 12, 23))
    for b in (bare, only_ad_hoc, cancelled):
        assert len(warnings(b)) == 1, "told again after a restart in the same quarter"
    assert warnings(with_regular) == []

    later(s, boards, utc(2027, 3, 20))    # Q1 2027: 11.6 days left
    assert len(warnings(bare)) == 2, "not told again in the next quarter"
    assert len(warnings(with_regular)) == 1, "Q1 2027 has no regular meeting"


def test_a_regular_meeting_held_in_the_quarter_prevents_the_warning(new_server):
    s = new_server(now=utc(2026, 9, 1))
    admin = s.sign_in_admin()
    b = Board(s, admin)
    m = new_meeting(b, kind="regular", scheduled_at="2026-09-10T09:00:00Z")
    later(s, [b], utc(2026, 9, 18))       # 12.6 days left in Q3
    set_meeting_status(b, m["id"], "held")
    later(s, [b], utc(2026, 9, 20))
    assert warnings(b) == [], "told though a regular meeting was held in Q3"


# --- 3. the calendar --------------------------------------------------------------------------

def unfold(body):
    """RFC 5545 3.1: the content lines of an iCalendar body (bytes), checking on the way that
    every line ends in CRLF and no physical line exceeds 75 octets."""
    assert body.endswith(b"\r\n"), "the calendar does not end with CRLF"
    physical = body[:-2].split(b"\r\n")
    for i, line in enumerate(physical):
        assert b"\n" not in line and b"\r" not in line, f"bare CR or LF in line {i}: {line!r}"
        assert len(line) <= 75, f"line {i} has {len(line)} octets (> 75): {line!r}"
    logical = []
    for line in physical:
        if line[:1] in (b" ", b"\t"):
            assert logical, "a continuation line first"
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return [line.decode("utf-8") for line in logical]


def split_line(line):
    """`NAME;P=V;Q="W":value` -> (NAME upper, {P: V}, value)."""
    i, quoted = 0, False
    while i < len(line):
        ch = line[i]
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            break
        i += 1
    assert i < len(line), f"no ':' in content line {line!r}"
    head, value = line[:i], line[i + 1:]
    name, *params = head.split(";")
    out = {}
    for p in params:
        k, _, v = p.partition("=")
        out[k.upper()] = v.strip('"')
    return name.upper(), out, value


def unescape(text):
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def parse_ics(body):
    """-> (calendar properties {NAME: [(params, value)]}, [event properties, ...])."""
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR", lines[:3]
    assert lines[-1] == "END:VCALENDAR", lines[-3:]
    cal, events, stack, current = {}, [], ["VCALENDAR"], None
    for line in lines[1:-1]:
        name, params, value = split_line(line)
        if name == "BEGIN":
            stack.append(value.upper())
            if value.upper() == "VEVENT":
                assert len(stack) == 2, f"VEVENT nested in {stack}"
                current = {}
            continue
        if name == "END":
            assert stack and stack[-1] == value.upper(), f"END:{value} closes {stack}"
            stack.pop()
            if value.upper() == "VEVENT":
                events.append(current)
                current = None
            continue
        target = current if current is not None and stack[-1] == "VEVENT" else \
            (cal if len(stack) == 1 else None)
        if target is not None:
            target.setdefault(name, []).append((params, value))
    assert stack == ["VCALENDAR"], f"unclosed components: {stack}"
    return cal, events


def one(props, name):
    vals = props.get(name, [])
    assert len(vals) == 1, f"{name}: expected one, got {vals} in {props}"
    return vals[0]


def ics_time(params, value):
    if value.endswith("Z"):
        return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    naive = dt.datetime.strptime(value, "%Y%m%dT%H%M%S")
    assert "TZID" in params, f"a floating time {value!r}: the meeting's instant is lost"
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(params["TZID"]))


def ics_duration(value):
    m = re.fullmatch(r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", value)
    assert m, f"bad DURATION {value!r}"
    w, d, h, mi, s = (int(x or 0) for x in m.groups())
    return dt.timedelta(weeks=w, days=d, hours=h, minutes=mi, seconds=s)


def calendar(client, mechanism_id):
    r = client.get(f"/mechanisms/{mechanism_id}/calendar.ics")
    assert r.status == 200, f"calendar of {mechanism_id}: {r}"
    ctype = r.headers.get("Content-Type") or ""
    parts = [p.strip().lower() for p in ctype.split(";")]
    assert parts[0] == "text/calendar" and "charset=utf-8" in parts[1:], \
        f"Content-Type {ctype!r}"
    return r, parse_ics(r.body)


def events_by_uid(events):
    out = {}
    for e in events:
        uid = one(e, "UID")[1]
        assert uid not in out, f"UID {uid} twice"
        out[uid] = e
    return out


@pytest.fixture(scope="module")
def cal(server, admin):
    """A mechanism with three meetings: a regular one (long non-ASCII place with a comma and a
    semicolon), a cancelled ad hoc one, a case conference with a case, a topic, minutes and a
    decision on it; another mechanism with a meeting of its own."""
    b = Board(server, admin)
    other = Board(server, admin)
    place = "Bashkia, salla e këshillit; kati 2 — " + "ë" * 150
    regular = new_meeting(b, kind="regular", scheduled_at=at_utc(12, 14, 30), place=place,
                          duration_minutes=90)
    cancelled = new_meeting(b, kind="ad_hoc", scheduled_at=at_utc(20, 8), place="Policia")
    conference = new_meeting(b, kind="case_conference", scheduled_at=at_utc(25, 10),
                             place="Qendra sociale", duration_minutes=60)
    cancelled = set_meeting_status(b, cancelled["id"], "cancelled")
    case, person = new_case_in(b)
    c = b.client("coordinator")
    secrets = [case["reference"], topic_text(), minutes_text()]
    assert add_agenda(c, conference["id"], {"case_id": case["id"]}).status == 201
    assert add_agenda(c, conference["id"], {"topic": secrets[1]}).status == 201
    assert c.put(f"/meetings/{conference['id']}/minutes", {"text": secrets[2]}).status == 200
    secrets.append(decide(b, conference["id"], case_id=case["id"])["text"])
    theirs = new_meeting(other)
    return SimpleNamespace(board=b, other=other, regular=regular, cancelled=cancelled,
                           conference=get_meeting(c, conference["id"]), theirs=theirs,
                           person=person, secrets=secrets)


def at_utc(days, hour, minute=0):
    day = (T0 + dt.timedelta(days=days)).date()
    return rfc3339(dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC))


def test_the_calendar_is_rfc_5545_with_one_event_per_meeting(cal):
    c = cal.board.client("coordinator")
    r, (props, events) = calendar(c, cal.board.mid)
    assert one(props, "VERSION")[1] == "2.0", props
    assert one(props, "PRODID")[1], props
    uids = events_by_uid(events)
    meetings = {m["id"]: m for m in (cal.regular, cal.cancelled, cal.conference)}
    assert set(uids) == {f"meeting-{i}@ura" for i in meetings}, \
        f"UIDs {sorted(uids)} for meetings {sorted(meetings)}"
    assert f"meeting-{cal.theirs['id']}@ura" not in uids, "another mechanism's meeting"
    for mid, m in meetings.items():
        e = uids[f"meeting-{mid}@ura"]
        one(e, "DTSTAMP")
        start = ics_time(*one(e, "DTSTART"))
        assert start == moment(m["scheduled_at"]), \
            f"meeting {mid}: DTSTART {start} != scheduled_at {m['scheduled_at']}"
        if "DTEND" in e:
            end = ics_time(*one(e, "DTEND"))
            assert end - start == dt.timedelta(minutes=m["duration_minutes"]), (mid, e)
        if "DURATION" in e:
            assert ics_duration(one(e, "DURATION")[1]) == \
                dt.timedelta(minutes=m["duration_minutes"]), (mid, e)
        assert int(one(e, "SEQUENCE")[1]) == m["sequence"], \
            f"meeting {mid}: SEQUENCE {e.get('SEQUENCE')} != sequence {m['sequence']}"
        summary = unescape(one(e, "SUMMARY")[1])
        assert cal.board.mechanism["name"] in summary, f"SUMMARY {summary!r}"
        assert unescape(one(e, "LOCATION")[1]) == m["place"], \
            f"LOCATION {e.get('LOCATION')} != {m['place']!r}"
        status = [v for _, v in e.get("STATUS", [])]
        if mid == cal.cancelled["id"]:
            assert status == ["CANCELLED"], f"the cancelled meeting: STATUS {status}"
        else:
            assert "CANCELLED" not in status, f"meeting {mid}: STATUS {status}"


def test_summaries_differ_by_kind(cal):
    _, (_, events) = calendar(cal.board.client("coordinator"), cal.board.mid)
    uids = events_by_uid(events)
    summaries = {unescape(one(uids[f"meeting-{m['id']}@ura"], "SUMMARY")[1])
                 for m in (cal.regular, cal.cancelled, cal.conference)}
    assert len(summaries) == 3, f"the kind is not in the summary: {summaries}"


def test_long_lines_are_folded_without_splitting_characters(cal):
    r, _ = calendar(cal.board.client("coordinator"), cal.board.mid)
    physical = r.body.split(b"\r\n")
    assert any(line.startswith(b" ") for line in physical), "the long place was not folded"
    for line in physical:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            pytest.fail(f"a fold splits a UTF-8 character: {line!r}")


def test_the_calendar_holds_no_case_data(cal, actors):
    answers = [reader(cal.board, cal.other, actors, who).get(
        f"/mechanisms/{cal.board.mid}/calendar.ics") for who in READERS]
    for r in answers:
        assert r.status == 200, r
    assert_no_leak(cal.person, "the calendar", *answers)
    assert_no_leak(Only(cal.secrets), "the calendar", *answers)


def test_the_sequence_grows_after_each_patch(cal):
    b = cal.board
    c = b.client("coordinator")
    m = new_meeting(b, scheduled_at=at_utc(30, 9))
    uid = f"meeting-{m['id']}@ura"
    _, (_, events) = calendar(c, b.mid)
    seq0 = int(one(events_by_uid(events)[uid], "SEQUENCE")[1])
    r = patch(c, m["id"], {"scheduled_at": at_utc(31, 11)})
    assert r.status == 200, r
    _, (_, events) = calendar(c, b.mid)
    e = events_by_uid(events)[uid]
    seq1 = int(one(e, "SEQUENCE")[1])
    assert seq1 > seq0, f"SEQUENCE {seq0} -> {seq1} after a PATCH"
    assert ics_time(*one(e, "DTSTART")) == moment(at_utc(31, 11)), e
    set_meeting_status(b, m["id"], "cancelled")
    _, (_, events) = calendar(c, b.mid)
    e = events_by_uid(events)[uid]
    assert int(one(e, "SEQUENCE")[1]) > seq1, "cancelling did not raise SEQUENCE"
    assert [v for _, v in e["STATUS"]] == ["CANCELLED"], e


def test_an_empty_calendar_is_still_a_calendar(server, admin):
    b = Board(server, admin)
    _, (props, events) = calendar(b.client("coordinator"), b.mid)
    assert events == [] and one(props, "VERSION")[1] == "2.0", (props, events)


@pytest.mark.parametrize("who", ["outsider", "foreign_coordinator", "foreign_caseworker",
                                 "auditor"])
def test_others_do_not_get_the_calendar(cal, actors, who):
    r = reader(cal.board, cal.other, actors, who).get(
        f"/mechanisms/{cal.board.mid}/calendar.ics")
    assert r.status in (403, 404), f"{who}: {r}"
    assert_problem(r, r.status)
    assert b"VEVENT" not in r.body


def test_calendar_ids(cal, admin):
    assert_problem(admin.get("/mechanisms/abc/calendar.ics"), 400, "id")
    assert_problem(admin.get(f"/mechanisms/{UNKNOWN_ID}/calendar.ics"), 404)
