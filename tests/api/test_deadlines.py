"""Deadlines and notifications (CONTRACT.md "Deadlines and notifications", "Notifications").

The issue's "done when", each test on its own server whose clock is fixed at T0 and then moved
by restarting it later in time (the server scans for deadlines at start beside serving, and
the harness waits for its "ura: deadlines scanned" line, so the notifications are there as
soon as a test looks):

- An emergency referral left unanswered: nothing at T0 + 23 h; at T0 + 25 h exactly one
  `referral_overdue` for the mechanism's coordinator and for each of the sending institution's
  staff (link to the referral), none for an answered emergency referral or a routine one; and
  still exactly one after another restart later still; the routine one after its 10 days.
- A high-risk assessment sets a review in 7 days and tells the coordinator (`high_risk`, once,
  also across restarts); when the review date has passed the owner's staff get `review_due`
  once, not for a standard case (60 days) nor a closed one; a breach makes the review due the
  same day, so the next day brings `review_due`.
- An immediate protection order without a decision: nothing at +47 h, `order_decision_overdue`
  to the owner's staff and the coordinator at +49 h, once; not for a decided order, nor for a
  regular one until its 15 days are over.
- A granted order 6 days before `valid_to` -> `order_expiring` to the owner's staff, once;
  nothing 8 days before, nothing for an order running longer.
- An action open after its due date -> `action_overdue` to the responsible institution's staff
  and the owner's, once; not for one done or cancelled, nor one not yet due.
- Events: a new referral -> `referral_received` for the recipient's staff; accept / decline ->
  `referral_accepted` / `referral_declined` for the sender's staff.
- What was already late when made (an order requested days ago, an action due yesterday, a
  grant ending in two days) is found by the scan of a restart at the same moment; an owner
  responsible for its own action is told once, not twice; a second review date that passes
  is a new finding (a second `review_due`); reading a notification does not make it come
  back.
- After a transfer, `review_due` goes to the new owner's staff, not the former owner's.
- A scan over more findings than one step of the scanner reads (600 referrals past their
  answer time and 600 cases whose review is due, each set sharing one due time, added behind
  the server's back, told to five of the police's staff: more than one read of a window): every one notified to every person, once, and a later scan adds none.
- Several `ura serve` processes on one PostgreSQL database (skipped on SQLite), started at the
  same moment later in time: each finding is still notified once per person.
- No notification holds personal data: after every kind happened on one case, the whole raw
  list answers of everyone involved, in the three languages, are searched for the survivor's
  strings and every free text written (reasons, justification, action title).
"""

import datetime as dt
import threading

import pytest

import harness
from harness import T0, query_db, write_db
from test_break_glass import assert_notification, moment, notification_pages, of_kind
from test_cases import DAY, assert_no_leak
from test_orders_actions import Courts, day, decide, grant_body, new_action, new_order
from test_orders_actions import granted, set_status, title_text
from test_referrals import Only, act, new_case, refer, referral_body
from test_risk import DV, answers_for_level, assess, assess_level, reason, review_on
from test_transfers import Move

HOUR = dt.timedelta(hours=1)
OWNER_STAFF = ("caseworker", "manager")
SENDER_STAFF = OWNER_STAFF


def world_at_t0(new_server):
    """A new server at T0 and a test_orders_actions.Courts world on it."""
    s = new_server(now=T0)
    return s, Courts(s, s.sign_in_admin())


def later(server, world, when):
    """Restarts the server with its clock at `when`; the old sessions have expired."""
    server.restart(now=when)
    world.forget_sessions()


def told(world, who, kind, case, object_id=None):
    """`who`'s notifications of `kind` about `case` (and object `object_id`, when given)."""
    return [n for n in of_kind(world.client(who), kind, case["id"])
            if object_id is None or n["object_id"] == object_id]


def assert_told_once(world, who, kind, case, object_id, link):
    got = told(world, who, kind, case, object_id)
    assert len(got) == 1, f"{who} has {len(got)} {kind} notifications for object {object_id}: " \
                          f"{got}"
    assert_notification(got[0], kind, case, who)
    assert got[0]["link"] == link, f"{who}: {kind} link {got[0]['link']!r}, expected {link!r}"
    return got[0]


def assert_not_told(world, who, kind, case, object_id=None):
    got = told(world, who, kind, case, object_id)
    assert got == [], f"{who} was told {kind} about object {object_id}: {got}"


# --- 1. a referral left unanswered ---------------------------------------------------------

def test_an_unanswered_emergency_referral_is_overdue_once_for_coordinator_and_sender(new_server):
    s, w = world_at_t0(new_server)
    case, person = new_case(w)
    police = w.client("caseworker")
    late = refer(police, case["id"], referral_body(w.shelter, [], urgency="emergency"))
    assert moment(late["respond_by"]) == T0 + 24 * HOUR, late
    answered = refer(police, case["id"], referral_body(w.stranger, [], urgency="emergency"))
    assert act(w.client("stranger"), answered["id"], "accept").status == 200
    routine = refer(police, case["id"], referral_body(w.social, [], urgency="routine"))
    parties = ("coordinator",) + SENDER_STAFF

    later(s, w, T0 + 23 * HOUR)
    for who in parties:
        assert_not_told(w, who, "referral_overdue", case)

    later(s, w, T0 + 25 * HOUR)
    link = f"/api/v1/referrals/{late['id']}"
    for who in parties:
        n = assert_told_once(w, who, "referral_overdue", case, late["id"], link)
        assert n["read_at"] is None, n
        assert_not_told(w, who, "referral_overdue", case, answered["id"])
        assert_not_told(w, who, "referral_overdue", case, routine["id"])
    for who in ("stranger", "other_caseworker"):
        assert_not_told(w, who, "referral_overdue", case)
    assert w.client("shelter").get(f"/referrals/{late['id']}").json["status"] == "sent"

    later(s, w, T0 + 3 * DAY)
    for who in parties:
        assert_told_once(w, who, "referral_overdue", case, late["id"], link)
        assert_not_told(w, who, "referral_overdue", case, routine["id"])

    later(s, w, T0 + 10 * DAY + HOUR)   # the routine referral's 10 days are over
    for who in parties:
        assert_told_once(w, who, "referral_overdue", case, late["id"], link)
        assert_told_once(w, who, "referral_overdue", case, routine["id"],
                         f"/api/v1/referrals/{routine['id']}")
    for who in parties + ("shelter",):
        assert_no_leak(person, f"{who}'s notifications", *notification_pages(w.client(who)))


def test_a_referral_overdue_once_even_after_it_was_read(new_server):
    s, w = world_at_t0(new_server)
    case, _ = new_case(w)
    late = refer(w.client("caseworker"), case["id"], referral_body(w.shelter, [],
                                                                   urgency="urgent"))
    assert moment(late["respond_by"]) == T0 + 72 * HOUR, late
    later(s, w, T0 + 73 * HOUR)
    n = assert_told_once(w, "coordinator", "referral_overdue", case, late["id"],
                         f"/api/v1/referrals/{late['id']}")
    r = w.client("coordinator").post(f"/notifications/{n['id']}/read")
    assert r.status == 200, r
    later(s, w, T0 + 80 * HOUR)
    got = told(w, "coordinator", "referral_overdue", case, late["id"])
    assert [x["id"] for x in got] == [n["id"]], f"told again after reading it: {got}"


# --- 2. risk: the review date --------------------------------------------------------------

def test_high_risk_sets_a_7_day_review_tells_the_coordinator_and_review_due_follows(new_server):
    s, w = world_at_t0(new_server)
    case, person = new_case(w)
    a = assess_level(w.client("caseworker"), case["id"], "high")
    assert a["next_review_on"] == (T0.date() + 7 * DAY).isoformat(), a
    assert w.client("caseworker").get(f"/cases/{case['id']}").json["next_review_on"] == \
        review_on("high")
    got = told(w, "coordinator", "high_risk", case)
    assert len(got) == 1, f"the coordinator has {len(got)} high_risk notifications: {got}"
    assert_notification(got[0], "high_risk", case, "the coordinator")

    calm, _ = new_case(w)
    assess_level(w.client("caseworker"), calm["id"], "standard")
    closed, _ = new_case(w)
    assess_level(w.client("caseworker"), closed["id"], "high")
    r = w.client("caseworker").post(f"/cases/{closed['id']}/close", {"outcome": "goals_met"})
    assert r.status == 200, r

    later(s, w, T0 + 6 * DAY)
    for who in OWNER_STAFF:
        assert_not_told(w, who, "review_due", case)

    later(s, w, T0 + 8 * DAY)
    link = f"/api/v1/cases/{case['id']}"
    for who in OWNER_STAFF:
        assert_told_once(w, who, "review_due", case, case["id"], link)
        assert_not_told(w, who, "review_due", calm)
        assert_not_told(w, who, "review_due", closed)
    assert_not_told(w, "stranger", "review_due", case)
    assert len(told(w, "coordinator", "high_risk", case)) == 1, "high_risk repeated"

    later(s, w, T0 + 9 * DAY)
    for who in OWNER_STAFF:
        assert_told_once(w, who, "review_due", case, case["id"], link)
        assert_no_leak(person, f"{who}'s notifications", *notification_pages(w.client(who)))


def test_a_breach_makes_the_review_due_the_next_day(new_server):
    s, w = world_at_t0(new_server)
    case, _ = new_case(w)
    assess_level(w.client("caseworker"), case["id"], "standard")
    order = granted(w, case["id"])
    r = w.client("caseworker").post(f"/protection-orders/{order['id']}/breaches",
                                    {"occurred_on": day(0)})
    assert r.status == 201, r
    assert w.client("caseworker").get(f"/cases/{case['id']}").json["next_review_on"] == day(0)
    later(s, w, T0 + DAY)
    for who in OWNER_STAFF:
        assert_told_once(w, who, "review_due", case, case["id"], f"/api/v1/cases/{case['id']}")


# --- 3. protection orders ------------------------------------------------------------------

def test_an_immediate_order_without_a_decision_after_48_hours_is_flagged(new_server):
    s, w = world_at_t0(new_server)
    case, person = new_case(w)
    pending = new_order(w, case["id"], type="immediate")
    assert moment(pending["decision_due_at"]) == T0 + 48 * HOUR, pending
    regular = new_order(w, case["id"], type="regular")
    decided = new_order(w, case["id"], type="immediate")
    assert decide(w.client("court"), decided["id"], grant_body()).status == 200
    parties = ("coordinator",) + OWNER_STAFF

    later(s, w, T0 + 47 * HOUR)
    for who in parties:
        assert_not_told(w, who, "order_decision_overdue", case)

    later(s, w, T0 + 49 * HOUR)
    link = f"/api/v1/protection-orders/{pending['id']}"
    for who in parties:
        assert_told_once(w, who, "order_decision_overdue", case, pending["id"], link)
        assert_not_told(w, who, "order_decision_overdue", case, regular["id"])
        assert_not_told(w, who, "order_decision_overdue", case, decided["id"])
    assert_not_told(w, "stranger", "order_decision_overdue", case)

    later(s, w, T0 + 50 * HOUR)
    for who in parties:
        assert_told_once(w, who, "order_decision_overdue", case, pending["id"], link)
        assert_not_told(w, who, "order_decision_overdue", case, regular["id"])

    later(s, w, T0 + 15 * DAY + HOUR)   # the regular order's 15 days are over
    for who in parties:
        assert_told_once(w, who, "order_decision_overdue", case, pending["id"], link)
        assert_told_once(w, who, "order_decision_overdue", case, regular["id"],
                         f"/api/v1/protection-orders/{regular['id']}")
        assert_not_told(w, who, "order_decision_overdue", case, decided["id"])
        assert_no_leak(person, f"{who}'s notifications", *notification_pages(w.client(who)))


def test_a_granted_order_6_days_before_it_ends_is_expiring(new_server):
    s, w = world_at_t0(new_server)
    case, _ = new_case(w)
    ending = granted(w, case["id"], valid_to=day(30))
    lasting = granted(w, case["id"], valid_to=day(60))

    later(s, w, T0 + 22 * DAY)   # 8 days before valid_to
    for who in OWNER_STAFF:
        assert_not_told(w, who, "order_expiring", case)

    later(s, w, T0 + 24 * DAY)   # 6 days before valid_to
    link = f"/api/v1/protection-orders/{ending['id']}"
    for who in OWNER_STAFF:
        assert_told_once(w, who, "order_expiring", case, ending["id"], link)
        assert_not_told(w, who, "order_expiring", case, lasting["id"])
    assert_not_told(w, "stranger", "order_expiring", case)

    later(s, w, T0 + 25 * DAY)
    for who in OWNER_STAFF:
        assert_told_once(w, who, "order_expiring", case, ending["id"], link)


# --- 4. actions ------------------------------------------------------------------------------

def test_an_overdue_action_tells_the_responsible_institution_and_the_owner(new_server):
    s, w = world_at_t0(new_server)
    case, person = new_case(w)
    title = title_text()
    late = new_action(w, case["id"], title=title, due_on=day(3),
                      responsible_institution_id=w.social["id"])
    done = new_action(w, case["id"], due_on=day(3), responsible_institution_id=w.social["id"])
    assert set_status(w.client("other_caseworker"), done["id"], "done").status == 200
    cancelled = new_action(w, case["id"], due_on=day(3))
    assert set_status(w.client("caseworker"), cancelled["id"], "cancelled").status == 200
    started = new_action(w, case["id"], due_on=day(3), responsible_institution_id=w.social["id"])
    assert set_status(w.client("other_manager"), started["id"], "in_progress").status == 200
    future = new_action(w, case["id"], due_on=day(10))
    parties = ("other_caseworker", "other_manager") + OWNER_STAFF

    later(s, w, T0 + 2 * DAY)
    for who in parties:
        assert_not_told(w, who, "action_overdue", case)

    later(s, w, T0 + 4 * DAY)
    for a in (late, started):
        for who in parties:
            assert_told_once(w, who, "action_overdue", case, a["id"], f"/api/v1/actions/{a['id']}")
    for a in (done, cancelled, future):
        for who in parties:
            assert_not_told(w, who, "action_overdue", case, a["id"])
    assert_not_told(w, "stranger", "action_overdue", case)

    later(s, w, T0 + 5 * DAY)
    for who in parties:
        assert_told_once(w, who, "action_overdue", case, late["id"],
                         f"/api/v1/actions/{late['id']}")
        assert_no_leak(Only([title, title.split()[-1]]), f"{who}'s notifications",
                       *notification_pages(w.client(who)))
        assert_no_leak(person, f"{who}'s notifications", *notification_pages(w.client(who)))


# --- 5. referral events --------------------------------------------------------------------

def test_referral_events_tell_the_other_party(new_server):
    s, w = world_at_t0(new_server)
    case, person = new_case(w)
    police = w.client("caseworker")
    to_shelter = refer(police, case["id"], referral_body(w.shelter, []))
    to_social = refer(police, case["id"], referral_body(w.social, []))
    for who, packet in (("shelter", to_shelter), ("shelter_manager", to_shelter),
                        ("other_caseworker", to_social), ("other_manager", to_social)):
        assert_told_once(w, who, "referral_received", case, packet["id"],
                         f"/api/v1/referrals/{packet['id']}")
    for who in OWNER_STAFF + ("stranger", "coordinator"):
        assert_not_told(w, who, "referral_received", case)
    assert_not_told(w, "shelter", "referral_received", case, to_social["id"])

    assert act(w.client("shelter"), to_shelter["id"], "accept").status == 200
    decline_reason = f"Nuk kemi vend këtë muaj {reason().split()[-1]}"
    assert act(w.client("other_manager"), to_social["id"], "decline",
               {"reason": decline_reason}).status == 200
    for who in SENDER_STAFF:
        assert_told_once(w, who, "referral_accepted", case, to_shelter["id"],
                         f"/api/v1/referrals/{to_shelter['id']}")
        assert_told_once(w, who, "referral_declined", case, to_social["id"],
                         f"/api/v1/referrals/{to_social['id']}")
        assert_not_told(w, who, "referral_accepted", case, to_social["id"])
        assert_not_told(w, who, "referral_declined", case, to_shelter["id"])
    for who in ("shelter", "other_caseworker", "stranger"):
        assert_not_told(w, who, "referral_accepted", case)
        assert_not_told(w, who, "referral_declined", case)
    everyone = ["caseworker", "manager", "shelter", "shelter_manager", "other_caseworker",
                "other_manager", "coordinator"]
    answers = [p for who in everyone for p in notification_pages(w.client(who))]
    assert_no_leak(person, "notifications", *answers)
    assert_no_leak(Only([decline_reason, to_shelter["reason"], to_social["reason"]]),
                   "notifications (reasons)", *answers)


# --- 6. every kind at once: no personal data ------------------------------------------------

KINDS = {"referral_received", "referral_accepted", "referral_declined", "referral_overdue",
         "high_risk", "review_due", "order_decision_overdue", "order_expiring", "order_breach",
         "action_overdue"}


def test_no_notification_holds_personal_data(new_server):
    s, w = world_at_t0(new_server)
    case, person = new_case(w, imminent_danger=True)
    police = w.client("caseworker")
    texts = []
    because = f"Ai është në derë me thikë tani {reason().split()[-1]}"
    late = refer(police, case["id"], referral_body(w.shelter, ["identity", "contact"],
                                                   urgency="emergency", basis="emergency",
                                                   justification=because))
    accepted = refer(police, case["id"], referral_body(w.stranger, []))
    declined = refer(police, case["id"], referral_body(w.social, []))
    texts += [late["reason"], accepted["reason"], declined["reason"], because]
    assert act(w.client("stranger"), accepted["id"], "accept").status == 200
    why_not = f"Punonjësja është me pushime {reason().split()[-1]}"
    assert act(w.client("other_caseworker"), declined["id"], "decline",
               {"reason": why_not}).status == 200
    why = reason()
    assess(police, case["id"], DV, answers_for_level(DV, "medium"), override_level="high",
           override_reason=why)
    new_order(w, case["id"], type="immediate")
    expiring = granted(w, case["id"], valid_to=day(5))
    assert police.post(f"/protection-orders/{expiring['id']}/breaches",
                       {"occurred_on": day(0)}).status == 201
    title = title_text()
    new_action(w, case["id"], title=title, due_on=day(1),
               responsible_institution_id=w.social["id"])
    texts += [why_not, why, title]

    later(s, w, T0 + 3 * DAY)
    everyone = ["caseworker", "manager", "coordinator", "shelter", "shelter_manager",
                "stranger", "stranger_manager", "other_caseworker", "other_manager", "court"]
    answers, kinds, messages = [], set(), {}
    for who in everyone:
        c = w.client(who)
        for lang in ("sq", "en", "sr-Latn"):
            c.lang = lang
            pages = notification_pages(c)
            answers += pages
            for p in pages:
                for n in p.json["items"]:
                    if n["case_id"] == case["id"]:
                        kinds.add(n["kind"])
                        messages.setdefault((n["kind"], n["id"]), {})[lang] = n["message"]
                        read = c.post(f"/notifications/{n['id']}/read")
                        assert read.status == 200, read
                        answers.append(read)
        c.lang = None
    assert KINDS <= kinds, f"positive control: kinds never notified: {sorted(KINDS - kinds)}"
    for (kind, _), by_lang in messages.items():
        assert all(case["reference"] in m for m in by_lang.values()), \
            f"{kind}: a message does not name the case reference: {by_lang}"
        assert len(set(by_lang.values())) == 3, f"{kind}: not one message per language: {by_lang}"
    markers = [t.split()[-1] for t in texts]
    assert_no_leak(person, "notifications", *answers)
    assert_no_leak(Only(texts + markers), "notifications (free texts)", *answers)


# --- 7. more edges ---------------------------------------------------------------------------

def test_what_is_already_late_when_made_is_found_by_the_next_start(new_server):
    s, w = world_at_t0(new_server)
    case, _ = new_case(w)
    order = new_order(w, case["id"], type="immediate", requested_on=day(-3))
    assert moment(order["decision_due_at"]) < T0, order
    action = new_action(w, case["id"], due_on=day(-1), responsible_institution_id=w.social["id"])
    expiring = new_order(w, case["id"], requested_on=day(-2))
    r = decide(w.client("court"), expiring["id"],
               grant_body(decided_on=day(-1), valid_from=day(-1), valid_to=day(2)))
    assert r.status == 200, r
    later(s, w, T0)   # the same moment: only the scan at start can have found them
    for who in ("coordinator",) + OWNER_STAFF:
        assert_told_once(w, who, "order_decision_overdue", case, order["id"],
                         f"/api/v1/protection-orders/{order['id']}")
    for who in ("other_caseworker",) + OWNER_STAFF:
        assert_told_once(w, who, "action_overdue", case, action["id"],
                         f"/api/v1/actions/{action['id']}")
    for who in OWNER_STAFF:
        assert_told_once(w, who, "order_expiring", case, expiring["id"],
                         f"/api/v1/protection-orders/{expiring['id']}")


def test_an_owner_responsible_for_its_own_action_is_told_once(new_server):
    s, w = world_at_t0(new_server)
    case, _ = new_case(w)
    own = new_action(w, case["id"], due_on=day(1), responsible_institution_id=w.police["id"])
    later(s, w, T0 + 3 * DAY)
    for who in OWNER_STAFF:
        assert_told_once(w, who, "action_overdue", case, own["id"],
                         f"/api/v1/actions/{own['id']}")


def test_a_later_review_date_that_passes_is_a_new_finding(new_server):
    s, w = world_at_t0(new_server)
    case, _ = new_case(w)
    assess_level(w.client("caseworker"), case["id"], "extreme")        # review on T0 + 3 days
    later(s, w, T0 + 4 * DAY)
    first = told(w, "caseworker", "review_due", case)
    assert len(first) == 1, first
    a = assess_level(w.client("caseworker"), case["id"], "extreme")    # review on T0 + 7 days
    assert a["next_review_on"] == (T0.date() + 7 * DAY).isoformat(), a
    later(s, w, T0 + 5 * DAY)
    assert len(told(w, "caseworker", "review_due", case)) == 1, "told before the new date"
    later(s, w, T0 + 8 * DAY)
    got = told(w, "caseworker", "review_due", case)
    assert len(got) == 2, f"the second passed review date was not notified: {got}"


def test_two_processes_on_one_postgresql_database_notify_once(new_server, tmp_path_factory):
    s, w = world_at_t0(new_server)
    if not str(s.db).startswith(("postgres://", "postgresql://")):
        pytest.skip("several processes on one database: PostgreSQL only")
    case, _ = new_case(w)
    late = refer(w.client("caseworker"), case["id"],
                 referral_body(w.shelter, [], urgency="emergency"))
    order = new_order(w, case["id"], type="immediate")
    action = new_action(w, case["id"], due_on=day(1), responsible_institution_id=w.social["id"])
    s.stop()
    second = harness.Server(tmp_path_factory.mktemp("ura-second"), init=False)
    second.db = s.db
    second.env["URA_KEY"] = s.env["URA_KEY"]

    def both_at(when):
        start = threading.Barrier(2)
        failures = []

        def run(server):
            start.wait()
            try:
                server.start(now=when)
            except AssertionError as e:
                failures.append(e)

        threads = [threading.Thread(target=run, args=(x,)) for x in (s, second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not failures, failures
        w.forget_sessions()

    try:
        for when in (T0 + 49 * HOUR, T0 + 50 * HOUR):
            both_at(when)
            for who in ("coordinator",) + OWNER_STAFF:
                assert_told_once(w, who, "referral_overdue", case, late["id"],
                                 f"/api/v1/referrals/{late['id']}")
                assert_told_once(w, who, "order_decision_overdue", case, order["id"],
                                 f"/api/v1/protection-orders/{order['id']}")
            for who in ("other_caseworker", "other_manager") + OWNER_STAFF:
                assert_told_once(w, who, "action_overdue", case, action["id"],
                                 f"/api/v1/actions/{action['id']}")
            s.stop()
            second.stop()
    finally:
        second.stop()


def test_review_due_goes_to_the_owner_at_the_time_of_the_scan(new_server):
    s = new_server(now=T0)
    move = Move(s, s.sign_in_admin())
    w, there = move.world, move.there
    case, _ = new_case(w)
    assess_level(w.client("caseworker"), case["id"], "extreme")       # review on T0 + 3 days
    r = w.client("caseworker").post(f"/cases/{case['id']}/transfers", move.body())
    assert r.status == 201, r
    assert there.client("caseworker").post(f"/transfers/{r.json['id']}/accept").status == 200
    s.restart(now=T0 + 4 * DAY)
    w.forget_sessions()
    there.forget_sessions()
    for who in OWNER_STAFF:
        got = of_kind(there.client(who), "review_due", case["id"])
        assert len(got) == 1, f"the new owner's {who} has {len(got)} review_due: {got}"
        assert of_kind(w.client(who), "review_due", case["id"]) == [], \
            f"the former owner's {who} was told of a case it no longer holds"


# --- a scan longer than one step -------------------------------------------------------------

# More than two of the scanner's windows (jobs/deadlines.h: 256 candidates each).
COPIES = 600


def copy_rows(server, table, columns, row_id, changed=None):
    """COPIES more rows like row `row_id` of `table`, written behind the server's back;
    `changed` maps a column to an SQL expression of the copy's number n.i."""
    changed = changed or {}
    values = ", ".join(changed.get(c, c) for c in columns)
    write_db(server.db, f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
             f"WHERE i < {COPIES}) INSERT INTO {table} ({', '.join(columns)}) SELECT {values} "
             f"FROM {table}, n WHERE {table}.id = {int(row_id)}")


def notified(server, kind, user_ids):
    """For each user, the object ids of its notifications of `kind`, with repeats."""
    rows = query_db(server.db, f"SELECT user_id, object_id FROM notifications WHERE kind = "
                               f"'{kind}' AND user_id IN ({', '.join(map(str, user_ids))})")
    out = {u: [] for u in user_ids}
    for user, obj in rows:
        out[user].append(obj)
    return out


def test_a_scan_longer_than_one_step_notifies_every_finding_once(new_server):
    s, w = world_at_t0(new_server)
    case, _ = new_case(w)
    police = w.client("caseworker")
    late = refer(police, case["id"], referral_body(w.shelter, [], urgency="emergency"))
    assess_level(police, case["id"], "high")                       # review on T0 + 7 days
    copy_rows(s, "referrals", ["case_id", "from_institution_id", "to_institution_id",
                               "service", "urgency", "status", "share", "basis", "reason",
                               "respond_by", "created_by", "created_at", "updated_at"],
              late["id"])
    copy_rows(s, "cases", ["reference", "kind", "mechanism_id", "owner_institution_id",
                           "status", "risk_level", "created_by", "created_at", "updated_at",
                           "next_review_on"], case["id"],
              {"reference": "reference || '-' || n.i"})
    referrals = {r[0] for r in query_db(s.db, "SELECT id FROM referrals WHERE urgency = "
                                              f"'emergency' AND case_id = {case['id']}")}
    cases = {r[0] for r in query_db(s.db, "SELECT id FROM cases WHERE mechanism_id = "
                                          f"{w.mechanism['id']} AND next_review_on = "
                                          f"'{review_on('high')}'")}
    assert len(referrals) == len(cases) == COPIES + 1
    ids = {who: w.client(who).get("/me").json["id"] for who in ("coordinator",) + OWNER_STAFF}
    # three more of the police's staff: a window's findings (256 candidates, five people
    # each) are more than one read returns (jobs/deadlines.h: 1024), so it is read again
    admin = s.sign_in_admin()
    ids.update({f"more{i}": harness.new_user(admin, "caseworker", w.police["id"]).id
                for i in range(3)})
    staff = OWNER_STAFF + ("more0", "more1", "more2")

    for when in (T0 + 8 * DAY, T0 + 9 * DAY):   # the second scan must add nothing
        later(s, w, when)
        for kind, expected, people in (
                ("referral_overdue", referrals, ("coordinator",) + staff),
                ("review_due", cases, staff)):
            got = notified(s, kind, [ids[who] for who in people])
            for who in people:
                objects = got[ids[who]]
                assert len(objects) == len(set(objects)), f"{who}: a {kind} told twice"
                assert set(objects) == expected, \
                    f"{who}: {len(set(objects))} of {len(expected)} {kind} told; missing " \
                    f"{sorted(expected - set(objects))[:10]}"


# --- the coordinator's summary shows what is late ------------------------------------------

def test_the_case_summary_counts_what_is_late(new_server):
    """CONTRACT.md "Risk assessment": `overdue {referrals actions orders review}` in the
    summary the coordinator reads (GET /cases/{id} and GET /cases), moving with the clock."""
    s, w = world_at_t0(new_server)
    case, _ = new_case(w)
    police = w.client("caseworker")
    refer(police, case["id"], referral_body(w.shelter, [], urgency="emergency"))
    new_order(w, case["id"], type="immediate")
    before = w.client("coordinator").get(f"/cases/{case['id']}")
    assert before.status == 200, before
    assert before.json["overdue"] == {"referrals": 0, "actions": 0, "orders": 0,
                                      "review": False}, before.json

    later(s, w, T0 + 49 * HOUR)
    coordinator = w.client("coordinator")
    one = coordinator.get(f"/cases/{case['id']}")
    assert one.json["overdue"] == {"referrals": 1, "actions": 0, "orders": 1,
                                   "review": False}, one.json
    listed = [c for c in harness.list_all(coordinator, "/cases") if c["id"] == case["id"]]
    assert listed and listed[0]["overdue"] == one.json["overdue"], listed
