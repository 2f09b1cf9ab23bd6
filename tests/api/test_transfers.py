"""Case transfer (CONTRACT.md "Case transfer (the survivor moves)").

- The whole path: the owner's staff ask another mechanism's member institution to take the
  case (201, `pending`); the receiver sees the transfer but not the case; it accepts; it is the
  owner now (reads everything, may write), the case is in the new mechanism (its coordinator
  gets the summary, the old one nothing) and the former owner gets 404 on it.
- A transfer inside the same mechanism; a referral back giving the former owner access again;
  acceptance is a new version of the document.
- Decline and cancel (the case stays where it was); 409 from a decided state and for a second
  pending transfer (also six requests at once: one 201); accept racing cancel (one wins); the other party 403, anyone else 404 (transfers and actions); who may ask
  (owner staff; a referral recipient or the coordinator 403; others 404).
- Bad input: a receiver not a member of the target mechanism (422 on to_institution_id), a
  mechanism of another kind (422 on to_mechanism_id), the owner itself, a missing, empty or
  too long reason, unknown ids and fields (422), wrong types (400); nothing stored.
- Notifications `transfer_requested` (receiver's staff), `transfer_accepted` and
  `transfer_declined` (sender's staff), to nobody else and without personal data; the reason
  stored encrypted; audit `transfer.create|accept|decline|cancel` with the case id and no
  reason in it.

The module's server runs with its clock fixed at T0.
"""

import pytest

import harness
from harness import T0, assert_problem, list_all, new_institution, new_mechanism
from test_break_glass import assert_notification, moment, notification_pages, of_kind
from test_case_writes import (assert_field_named, assert_not_in_clear, at_once, patch, read,
                              referred, sessions)
from test_cases import (CATEGORIES, UNKNOWN_ID, Site, _assert_same_as_unknown, assert_no_leak,
                        audit, join, token)
from test_referrals import Only, World, new_case

TRANSFER = {"id", "case_id", "case_reference", "from_institution_id", "to_institution_id",
            "from_mechanism_id", "to_mechanism_id", "reason", "status", "created_at",
            "decided_at"}


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-transfers"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


class Move:
    """Where a survivor moves from and to: `world` (test_referrals.World: police owns the
    cases) and `there`, another municipality's domestic-violence mechanism (test_cases.Site;
    its police station, `there.owner`, receives); a gbv mechanism there that the receiving
    police also belongs to; and an institution there that is not a member of anything."""

    def __init__(self, server, admin):
        self.world = World(server, admin)
        self.there = Site(server, admin)
        self.gbv = new_mechanism(admin, self.there.municipality["id"], kind="gbv")
        join(admin, self.gbv["id"], self.there.owner["id"])
        self.outside = new_institution(admin, self.there.municipality["id"], type="police")

    def body(self, **fields):
        body = {"to_institution_id": self.there.owner["id"],
                "to_mechanism_id": self.there.mechanism["id"], "reason": reason_text()}
        body.update(fields)
        return body

    def sender(self, who="caseworker"):
        return self.world.client(who)

    def receiver(self, who="caseworker"):
        return self.there.client(who)


@pytest.fixture(scope="module")
def move(server, admin):
    return Move(server, admin)


def reason_text():
    return f"Gruaja u zhvendos te motra në qytet tjetër {token()}"


def transfer(move, case_id, **fields):
    r = move.sender().post(f"/cases/{case_id}/transfers", move.body(**fields))
    assert r.status == 201, f"transferring case {case_id}: {r}"
    return r.json


def tact(client, transfer_id, action, body=None):
    path = f"/transfers/{transfer_id}/{action}"
    return client.post(path) if body is None else client.post(path, body)


DECIDE = {"accept": None, "decline": {"reason": "Nuk e mbulojmë atë lagje."}, "cancel": None}
NEXT = {"accept": "accepted", "decline": "declined", "cancel": "cancelled"}


def right_party(move, action):
    return move.sender() if action == "cancel" else move.receiver()


def wrong_party(move, action):
    return move.receiver() if action == "cancel" else move.sender()


def pending(move, person=None):
    case, person = new_case(move.world, person)
    return case, person, transfer(move, case["id"])


def decided(move, state):
    case, person, t = pending(move)
    action = {"accepted": "accept", "declined": "decline", "cancelled": "cancel"}[state]
    r = tact(right_party(move, action), t["id"], action, DECIDE[action])
    assert r.status == 200 and r.json["status"] == state, r
    return case, person, t


def transfer_count(server, case_id):
    return int(harness.query_db(server.db, "SELECT COUNT(*) FROM case_transfers WHERE "
                                           f"case_id = {int(case_id)}")[0][0])


def box(client, which):
    return [t["id"] for t in list_all(client, "/transfers", box=which)]


# --- 1. the whole path -----------------------------------------------------------------------

def test_the_whole_transfer_path(move):
    w, there = move.world, move.there
    case, person = new_case(w)
    body = move.body()
    r = move.sender("manager").post(f"/cases/{case['id']}/transfers", body)
    assert r.status == 201, r
    t = r.json
    assert TRANSFER <= set(t), f"transfer lacks {TRANSFER - set(t)}: {t}"
    assert (t["case_id"], t["case_reference"], t["status"]) == (case["id"], case["reference"],
                                                                "pending"), t
    assert (t["from_institution_id"], t["to_institution_id"]) == (w.police["id"],
                                                                  there.owner["id"]), t
    assert (t["from_mechanism_id"], t["to_mechanism_id"]) == (w.mechanism["id"],
                                                              there.mechanism["id"]), t
    assert t["reason"] == body["reason"] and t["decided_at"] is None, t
    assert abs(moment(t["created_at"]) - T0).total_seconds() < 60, t

    # pending: the receiver has the transfer, not the case
    receiver = move.receiver()
    got = receiver.get(f"/transfers/{t['id']}")
    assert got.status == 200 and got.json["reason"] == body["reason"], got
    assert t["id"] in box(receiver, "incoming") and t["id"] in box(move.sender(), "outgoing")
    assert t["id"] not in box(receiver, "outgoing") and t["id"] not in box(move.sender(),
                                                                          "incoming")
    _assert_same_as_unknown(receiver.get(f"/cases/{case['id']}"), case["id"],
                            receiver.get(f"/cases/{UNKNOWN_ID}"), "the receiver (pending)")
    assert case["id"] not in [c["id"] for c in list_all(receiver, "/cases")]
    assert_problem(receiver.get(f"/cases/{case['id']}/notes"), 404)
    assert_no_leak(person, "the receiver (pending transfer)", got)

    # accept: the receiver owns the case, in its own mechanism
    r = tact(move.receiver("manager"), t["id"], "accept")
    assert r.status == 200, r
    assert r.json["status"] == "accepted" and r.json["decided_at"], r
    doc = read(receiver, case["id"]).json
    assert (doc["owner_institution_id"], doc["mechanism_id"]) == (there.owner["id"],
                                                                  there.mechanism["id"]), doc
    assert doc["withheld"] == [] and doc["survivor"]["given_name"] == person.given_name, doc
    assert doc["reference"] == case["reference"], "the case keeps its reference"
    assert case["id"] in [c["id"] for c in list_all(receiver, "/cases")]
    assert patch(receiver, case["id"], {"imminent_danger": True}, doc["version"]).status == 200

    # the former owner and the old mechanism's coordinator no longer see it
    for who in ("caseworker", "manager", "coordinator"):
        c = w.client(who)
        _assert_same_as_unknown(c.get(f"/cases/{case['id']}"), case["id"],
                                c.get(f"/cases/{UNKNOWN_ID}"), f"former {who}")
        assert case["id"] not in [x["id"] for x in list_all(c, "/cases")], who
    summary = there.client("coordinator").get(f"/cases/{case['id']}")
    assert summary.status == 200 and summary.json["withheld"] == CATEGORIES, summary
    assert_no_leak(person, "the new mechanism's coordinator", summary)
    # both parties still read the decided transfer
    for c in (move.sender(), receiver):
        assert c.get(f"/transfers/{t['id']}").json["status"] == "accepted"


def test_a_transfer_within_the_same_mechanism(move):
    """The receiver may be another member of the case's own mechanism."""
    w = move.world
    case, person = new_case(w)
    r = move.sender().post(f"/cases/{case['id']}/transfers", {
        "to_institution_id": w.social["id"], "to_mechanism_id": w.mechanism["id"],
        "reason": reason_text()})
    assert r.status == 201, r
    assert (r.json["from_mechanism_id"], r.json["to_mechanism_id"]) == (w.mechanism["id"],) * 2
    assert tact(w.client("other_manager"), r.json["id"], "accept").status == 200
    doc = read(w.client("other_caseworker"), case["id"]).json
    assert (doc["owner_institution_id"], doc["withheld"]) == (w.social["id"], []), doc
    assert_problem(w.client("caseworker").get(f"/cases/{case['id']}"), 404)
    summary = w.client("coordinator").get(f"/cases/{case['id']}")
    assert summary.status == 200 and summary.json["withheld"] == CATEGORIES, summary


def test_a_referral_back_gives_the_former_owner_access_again(move):
    """"the former owner no longer sees the case (unless a referral gives it access)"."""
    case, person, t = pending(move)
    assert tact(move.receiver(), t["id"], "accept").status == 200
    former = move.sender()
    assert_problem(former.get(f"/cases/{case['id']}"), 404)
    r = move.receiver().post(f"/cases/{case['id']}/referrals", {
        "to_institution_id": move.world.police["id"], "service": "police_protection",
        "urgency": "routine", "reason": "Vazhdimësi e mbrojtjes.", "share": []})
    assert r.status == 201, r
    assert_problem(former.get(f"/cases/{case['id']}"), 404)    # sent: the packet only
    assert former.post(f"/referrals/{r.json['id']}/accept").status == 200
    back = former.get(f"/cases/{case['id']}")
    assert back.status == 200 and back.json["withheld"] == CATEGORIES, back
    assert back.json["owner_institution_id"] == move.there.owner["id"], back.json
    assert_no_leak(person, "the former owner through a referral sharing nothing", back)


def test_accepting_a_transfer_is_a_new_version(move):
    case, _, t = pending(move)
    assert tact(move.receiver(), t["id"], "accept").status == 200
    got = read(move.receiver(), case["id"])
    assert got.json["version"] == case["version"] + 1, got.json
    assert got.headers.get("ETag") == f'"{case["version"] + 1}"', got.headers


def test_decline_leaves_the_case_with_its_owner(move):
    case, person, t = pending(move)
    answer = f"Nuk kemi kapacitet {token()}"
    r = tact(move.receiver(), t["id"], "decline", {"reason": answer})
    assert r.status == 200 and r.json["status"] == "declined" and r.json["decided_at"], r
    doc = read(move.sender(), case["id"]).json
    assert doc["owner_institution_id"] == move.world.police["id"], doc
    assert doc["mechanism_id"] == move.world.mechanism["id"], doc
    assert_problem(move.receiver().get(f"/cases/{case['id']}"), 404)
    again = transfer(move, case["id"])          # no pending transfer any more
    assert again["status"] == "pending"


def test_cancel_leaves_the_case_with_its_owner(move):
    case, person, t = pending(move)
    r = tact(move.sender("manager"), t["id"], "cancel")
    assert r.status == 200 and r.json["status"] == "cancelled", r
    assert read(move.sender(), case["id"]).json["owner_institution_id"] == move.world.police["id"]
    assert_problem(move.receiver().get(f"/cases/{case['id']}"), 404)
    assert move.receiver().get(f"/transfers/{t['id']}").json["status"] == "cancelled"
    assert_problem(tact(move.receiver(), t["id"], "accept"), 409)
    assert_problem(move.receiver().get(f"/cases/{case['id']}"), 404)


# --- 2. states and parties -------------------------------------------------------------------

@pytest.mark.parametrize("state", ["accepted", "declined", "cancelled"])
@pytest.mark.parametrize("action", ["accept", "decline", "cancel"])
def test_a_decided_transfer_answers_409(move, state, action):
    case, _, t = decided(move, state)
    r = tact(right_party(move, action), t["id"], action, DECIDE[action])
    assert_problem(r, 409)
    assert move.receiver().get(f"/transfers/{t['id']}").json["status"] == state


def test_a_second_pending_transfer_is_409(server, move, admin):
    case, _, t = pending(move)
    elsewhere = Site(move.there.server, admin)
    for body in (move.body(), move.body(to_institution_id=elsewhere.owner["id"],
                                        to_mechanism_id=elsewhere.mechanism["id"])):
        assert_problem(move.sender().post(f"/cases/{case['id']}/transfers", body), 409)
    assert transfer_count(server, case["id"]) == 1


def test_concurrent_requests_leave_one_pending_transfer(server, move):
    case, _ = new_case(move.world)
    clients = sessions(server, move.world, 6)
    answers = at_once([lambda c=c: c.post(f"/cases/{case['id']}/transfers", move.body())
                       for c in clients])
    statuses = sorted(a.status for a in answers)
    assert statuses == [201] + [409] * 5, f"statuses {statuses}: {answers}"
    for a in answers:
        if a.status == 409:
            assert_problem(a, 409)
    assert transfer_count(server, case["id"]) == 1


def test_accept_and_cancel_at_once_one_wins(server, move):
    case, person, t = pending(move)
    answers = at_once([lambda: tact(move.receiver("manager"), t["id"], "accept"),
                       lambda: tact(move.sender("manager"), t["id"], "cancel")])
    assert sorted(a.status for a in answers) == [200, 409], answers
    accepted = answers[0].status == 200
    final = move.sender().get(f"/transfers/{t['id']}").json["status"]
    assert final == ("accepted" if accepted else "cancelled"), (final, answers)
    owner = (move.there if accepted else move.world).client("caseworker")
    assert read(owner, case["id"]).json["owner_institution_id"] == \
        (move.there.owner if accepted else move.world.police)["id"]
    former = (move.world if accepted else move.there).client("caseworker")
    assert_problem(former.get(f"/cases/{case['id']}"), 404)


@pytest.mark.parametrize("action", ["accept", "decline", "cancel"])
def test_the_other_party_gets_403(move, action):
    _, _, t = pending(move)
    assert_problem(tact(wrong_party(move, action), t["id"], action, DECIDE[action]), 403)
    assert move.sender().get(f"/transfers/{t['id']}").json["status"] == "pending"


OTHERS = ["stranger", "shelter", "coordinator", "there_coordinator", "there_other",
          "admin", "national", "auditor", "unrelated"]


def other(move, actors, who):
    if who in move.world.users:
        return move.world.client(who)
    if who == "there_coordinator":
        return move.there.client("coordinator")
    if who == "there_other":
        return move.there.client("other_caseworker")
    return actors.client("caseworker" if who == "unrelated" else who)


@pytest.mark.parametrize("who", OTHERS)
def test_anyone_else_gets_404_on_the_transfer(move, actors, who):
    case, person, t = pending(move)
    c = other(move, actors, who)
    answers = [c.get(f"/transfers/{t['id']}")]
    answers += [tact(c, t["id"], a, DECIDE[a]) for a in ("accept", "decline", "cancel")]
    for r in answers:
        assert_problem(r, 404)
    lists = [c.get("/transfers?box=incoming&limit=500"),
             c.get("/transfers?box=outgoing&limit=500")]
    for r in lists:
        assert r.status in (200, 403), r
        if r.status == 200:
            assert t["id"] not in [x["id"] for x in r.json["items"]], (who, r)
    assert move.sender().get(f"/transfers/{t['id']}").json["status"] == "pending"
    assert_no_leak(person, who, *answers, *lists)
    assert_no_leak(Only([t["reason"]]), who, *answers, *lists)


@pytest.mark.parametrize("who, status", [("shelter", 403), ("coordinator", 403),
                                         ("stranger", 404), ("admin", 404),
                                         ("unrelated", 404)])
def test_only_the_owners_staff_ask_for_a_transfer(server, move, actors, who, status):
    case, _, _ = referred(move.world, accepted=("shelter",))
    r = other(move, actors, who).post(f"/cases/{case['id']}/transfers", move.body())
    assert_problem(r, status)
    assert transfer_count(server, case["id"]) == 0


def test_unknown_and_invalid_transfer_ids(move):
    c = move.receiver()
    assert_problem(c.get(f"/transfers/{UNKNOWN_ID}"), 404)
    assert_problem(tact(c, UNKNOWN_ID, "accept"), 404)
    for bad in ("abc", "0", "-1", "99999999999999999999"):
        assert_problem(c.get(f"/transfers/{bad}"), 400, "id")


# --- 3. bad input ----------------------------------------------------------------------------

def _bad_bodies(move):
    return [  # (label, body, status, field)
        ("receiver not a member", move.body(to_institution_id=move.outside["id"]), 422,
         "to_institution_id"),
        ("mechanism of another kind", move.body(to_mechanism_id=move.gbv["id"]), 422,
         "to_mechanism_id"),
        ("to itself", move.body(to_institution_id=move.world.police["id"],
                                to_mechanism_id=move.world.mechanism["id"]), 422, None),
        ("unknown institution", move.body(to_institution_id=UNKNOWN_ID), 422,
         "to_institution_id"),
        ("unknown mechanism", move.body(to_mechanism_id=UNKNOWN_ID), 422, "to_mechanism_id"),
        ("no reason", {k: v for k, v in move.body().items() if k != "reason"}, 422, "reason"),
        ("empty reason", move.body(reason=""), 422, "reason"),
        ("reason too long", move.body(reason="r" * 2001), 422, "reason"),
        ("no receiver", {k: v for k, v in move.body().items() if k != "to_institution_id"},
         422, "to_institution_id"),
        ("no mechanism", {k: v for k, v in move.body().items() if k != "to_mechanism_id"},
         422, "to_mechanism_id"),
        ("unknown field", move.body(urgent=True), 422, "urgent"),
        ("reason a number", move.body(reason=42), 400, "reason"),
        ("id a string", move.body(to_institution_id="7"), 400, "to_institution_id"),
    ]


BAD_LABELS = ["receiver not a member", "mechanism of another kind", "to itself",
              "unknown institution", "unknown mechanism", "no reason", "empty reason",
              "reason too long", "no receiver", "no mechanism", "unknown field",
              "reason a number", "id a string"]


@pytest.mark.parametrize("label", BAD_LABELS)
def test_invalid_transfer_is_refused_and_nothing_stored(server, move, label):
    _, body, status, field = next(b for b in _bad_bodies(move) if b[0] == label)
    case, _ = new_case(move.world)
    r = move.sender().post(f"/cases/{case['id']}/transfers", body)
    if field is None:
        assert_problem(r, status)
    else:
        assert_field_named(r, status, field)
    assert transfer_count(server, case["id"]) == 0
    assert read(move.sender(), case["id"]).json["owner_institution_id"] == \
        move.world.police["id"]


def test_a_reason_of_2000_characters_is_accepted(move):
    case, _ = new_case(move.world)
    assert transfer(move, case["id"], reason="ë" * 2000)["reason"] == "ë" * 2000


# --- 4. notifications, storage, audit --------------------------------------------------------

def test_notifications_follow_the_transfer(move):
    w, there = move.world, move.there
    accepted_case, person, t1 = pending(move)
    declined_case, person2, t2 = pending(move)
    reasons = [t1["reason"], t2["reason"]]

    for who in ("caseworker", "manager"):
        for case in (accepted_case, declined_case):
            got = of_kind(there.client(who), "transfer_requested", case["id"])
            assert len(got) == 1, f"receiver's {who}: {got}"
            assert_notification(got[0], "transfer_requested", case, f"receiver's {who}")
    for c in (w.client("caseworker"), w.client("manager"), w.client("coordinator"),
              there.client("coordinator"), there.client("other_caseworker")):
        assert of_kind(c, "transfer_requested", accepted_case["id"]) == [], c.user

    assert tact(move.receiver(), t1["id"], "accept").status == 200
    assert tact(move.receiver(), t2["id"], "decline", {"reason": "Jo këtë javë."}).status == 200
    for who in ("caseworker", "manager"):
        got = of_kind(w.client(who), "transfer_accepted", accepted_case["id"])
        assert len(got) == 1, f"sender's {who}: {got}"
        assert_notification(got[0], "transfer_accepted", accepted_case, f"sender's {who}")
        got = of_kind(w.client(who), "transfer_declined", declined_case["id"])
        assert len(got) == 1, f"sender's {who}: {got}"
        assert_notification(got[0], "transfer_declined", declined_case, f"sender's {who}")
    for c in (there.client("caseworker"), w.client("coordinator"), w.client("shelter")):
        assert of_kind(c, "transfer_accepted", accepted_case["id"]) == []
        assert of_kind(c, "transfer_declined", declined_case["id"]) == []

    answers = []
    for site in (w, there):
        for who in ("caseworker", "manager", "coordinator"):
            answers += notification_pages(site.client(who))
    assert_no_leak(person, "notifications", *answers)
    assert_no_leak(person2, "notifications", *answers)
    assert_no_leak(Only(reasons + ["Jo këtë javë."]), "notifications (reasons)", *answers)


def test_reasons_are_stored_encrypted(server, move):
    case, _, t = pending(move)
    answer = f"Nuk kemi punonjëse sociale {token()}"
    assert tact(move.receiver(), t["id"], "decline", {"reason": answer}).status == 200
    assert_not_in_clear(server.db, "case_transfers", [t["reason"], answer], control="declined")


def test_transfers_are_audited_with_the_case_and_no_reason(move, auditor):
    accepted, person, t1 = pending(move)
    assert tact(move.receiver(), t1["id"], "accept").status == 200
    declined, _, t2 = pending(move)
    assert tact(move.receiver(), t2["id"], "decline", {"reason": "Arsye."}).status == 200
    cancelled, _, t3 = pending(move)
    assert tact(move.sender(), t3["id"], "cancel").status == 200
    for case, final in ((accepted, "transfer.accept"), (declined, "transfer.decline"),
                        (cancelled, "transfer.cancel")):
        log = audit(auditor, case_id=case["id"])
        actions = [e["action"] for e in log]
        assert actions.count("transfer.create") == 1 and actions.count(final) == 1, actions
        for e in log:
            if e["action"].startswith("transfer."):
                assert e["case_id"] == case["id"], e
        assert_no_leak(Only([t1["reason"], t2["reason"], t3["reason"]]), "the audit log", *log)
    assert_no_leak(person, "the audit log", *audit(auditor, case_id=accepted["id"]))
