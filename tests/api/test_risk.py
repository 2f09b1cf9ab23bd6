"""Risk assessment (CONTRACT.md "Risk assessment").

The expected scores, levels, critical items and texts are computed here from the shipped
instrument files (data/instruments/domestic_violence.json and reintegration.json), so the
tests follow the data rather than copies of it.

- GET /instruments: both shipped instruments with `{id code kind version title item_count}`
  (counts and versions from the files), the `kind` filter, any signed-in role (anonymous 401);
  GET /instruments/{id}: thresholds, items `{id text weight critical}` as in the file, title and
  texts in sq (default), en and sr-Latn (and `sr`) by Accept-Language, and in tr and bs where
  the file words them (English where not); unknown id 404, bad 400.
- POST /cases/{id}/assessments, scoring: score 0 is `standard`; for each threshold of each
  instrument, a score one below it gives the level below and a score exactly on it the level
  (answers chosen among the non-critical items, their weights summed from the file); every
  critical item answered true alone makes the level at least `high`; `unanswered`, `critical`,
  `overridden`, `next_review_on` (assessed date + 3/7/30/60 days from the server's fixed date).
- Overrides: raising with a reason (caseworker) 201; raising without a reason 422; lowering by
  the owner's caseworker or manager 403 (even with a reason); lowering by the coordinator with a
  reason 201, without 422; a bad level 422.
- Bad input, nothing stored: an unknown item (422 naming `answers.<key>`), a non-boolean value
  (422 naming `answers.<key>`), an instrument of the other kind / unknown / missing (422 on
  `instrument`).
- Who: the owner's staff and the mechanism's coordinator write; a referral recipient that reads
  the case 403; other institutions, another mechanism's coordinator, admin, national and
  auditor 404 (indistinguishable from an unknown case).
- Effects: the case's `risk_level` and `next_review_on` (in the document and in the list
  summaries; null before any assessment); `high`/`extreme` notify the mechanism's coordinator
  once (`high_risk`, no personal data, nobody outside told) and set `needs_meeting`; lower
  levels do neither.
- Storage and audit: answers and the override reason are not stored in clear (looked up with
  harness.query_db, so on either engine); `assessment.create` with fields
  ["answers","level"] (+ "override_reason"), never a value; listing assessments is audited.
- Also: a closed case refuses an assessment (409); under break glass assessments are read,
  not written (403); GET /cases/{id}/assessments only for readers of the `risk` category; a
  cookie write without the CSRF token 403; the list rules of "HTTP details" (limit 1..500,
  an invalid cursor 400, paging by `next`) on /cases/{id}/assessments and /instruments.

The module's server runs with its clock fixed at T0 (2026-11-23T09:00Z).
"""

import datetime as dt
import json

import pytest

import harness
from harness import T0, assert_problem, list_all
from test_break_glass import assert_notification, grant, moment, notification_pages, of_kind
from test_cases import (TODAY, UNKNOWN_ID, Site, _assert_same_as_unknown, _dump, _tables,
                        assert_no_leak, audit, case_body, create, new_person, token)
from test_referrals import Only, World, act, consent, new_case, refer, referral_body

LEVELS = ["standard", "medium", "high", "extreme"]
REVIEW_DAYS = {"extreme": 3, "high": 7, "medium": 30, "standard": 60}
ASSESSMENT = {"id", "case_id", "instrument_id", "score", "computed_level", "level", "critical",
              "unanswered", "next_review_on", "assessed_at", "overridden"}
LANGUAGES = ["sq", "en", "sr-Latn"]
INSTRUMENT_DIR = harness.REPO / "data" / "instruments"


def load(name):
    return json.loads((INSTRUMENT_DIR / f"{name}.json").read_text(encoding="utf-8"))


DV = load("domestic_violence")
REINT = load("reintegration")
FILES = {"domestic_violence": DV, "reintegration": REINT}


# --- the server: one per module, its clock fixed at T0 -------------------------------------

@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: the same, with URA_NOW = T0."""
    s = harness.Server(tmp_path_factory.mktemp("ura-risk"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


@pytest.fixture(scope="module")
def world(server, admin):
    """test_referrals.World: a domestic-violence mechanism; police owns the cases."""
    return World(server, admin)


@pytest.fixture(scope="module")
def rworld(server, admin):
    """A reintegration mechanism: test_cases.Site with kind reintegration."""
    return Site(server, admin, kind="reintegration")


# --- helpers (imported by test_deadlines) -------------------------------------------------

def level_of(instrument, score):
    t = instrument["thresholds"]
    if score >= t["extreme"]:
        return "extreme"
    if score >= t["high"]:
        return "high"
    if score >= t["medium"]:
        return "medium"
    return "standard"


def at_least(level, floor):
    return LEVELS[max(LEVELS.index(level), LEVELS.index(floor))]


def non_critical(instrument):
    return [i for i in instrument["items"] if not i["critical"]]


def critical_items(instrument):
    return [i for i in instrument["items"] if i["critical"]]


def answers_scoring(instrument, score):
    """Answers whose true items are non-critical and weigh exactly `score`; every other
    non-critical item is answered false, the critical ones are left out."""
    chosen, left = [], score
    for item in sorted(non_critical(instrument), key=lambda i: -i["weight"]):
        if item["weight"] <= left:
            chosen.append(item["id"])
            left -= item["weight"]
    assert left == 0, f"no subset of non-critical items of {instrument['code']} weighs {score}"
    return {i["id"]: i["id"] in chosen for i in non_critical(instrument)}


def score_of(instrument, answers):
    weights = {i["id"]: i["weight"] for i in instrument["items"]}
    return sum(weights[k] for k, v in answers.items() if v is True)


def answers_for_level(instrument, level):
    """Answers (non-critical only) whose computed level is `level`: the threshold's score."""
    score = 0 if level == "standard" else instrument["thresholds"][level]
    return answers_scoring(instrument, score)


def instrument_ids(client):
    r = client.get("/instruments")
    assert r.status == 200, f"listing instruments: {r}"
    return {i["code"]: i["id"] for i in r.json["items"]}


def instrument_id(client, instrument):
    ids = instrument_ids(client)
    assert instrument["code"] in ids, f"{instrument['code']} not listed: {ids}"
    return ids[instrument["code"]]


def assess_r(client, case_id, instrument, answers, **fields):
    """POST an assessment with `instrument` (a file dict, or an id as is)."""
    iid = instrument_id(client, instrument) if isinstance(instrument, dict) else instrument
    body = {"instrument": iid, "answers": answers}
    body.update(fields)
    return client.post(f"/cases/{case_id}/assessments", body)


def assess(client, case_id, instrument, answers, **fields):
    r = assess_r(client, case_id, instrument, answers, **fields)
    assert r.status == 201, f"assessing case {case_id} with {answers} {fields}: {r}"
    return r.json


def assess_level(client, case_id, level, instrument=DV):
    """An assessment whose computed level is `level` (non-critical answers only)."""
    got = assess(client, case_id, instrument, answers_for_level(instrument, level))
    assert got["level"] == level, got
    return got


def review_on(level, day=TODAY):
    return (day + dt.timedelta(days=REVIEW_DAYS[level])).isoformat()


def reason():
    return f"Gruaja tha se ai bleu armë javën e kaluar {token()}"


def case_of(client, case_id):
    r = client.get(f"/cases/{case_id}")
    assert r.status == 200, f"reading case {case_id}: {r}"
    return r.json


def summary_in_list(client, case_id):
    found = [c for c in list_all(client, "/cases") if c["id"] == case_id]
    assert len(found) == 1, f"case {case_id} listed {len(found)} times"
    return found[0]


def assessment_rows(server, case_id):
    return int(harness.query_db(server.db, "SELECT COUNT(*) FROM assessments WHERE case_id = "
                                           f"{int(case_id)}")[0][0])


def assert_assessment(a, case, instrument, iid, answers, level, computed=None, overridden=False):
    """The 201 answer for `answers` on `instrument`, expecting final `level`."""
    assert isinstance(a, dict) and ASSESSMENT <= set(a), \
        f"assessment lacks {ASSESSMENT - set(a or {})}: {a}"
    score = score_of(instrument, answers)
    critical_true = [i["id"] for i in critical_items(instrument) if answers.get(i["id"]) is True]
    expected_computed = level_of(instrument, score)
    if critical_true:
        expected_computed = at_least(expected_computed, "high")
    if computed is not None:
        assert computed == expected_computed, "test error: the expectation contradicts the file"
    assert (a["case_id"], a["instrument_id"]) == (case["id"], iid), a
    assert a["score"] == score, f"score {a['score']}, the file gives {score}: {a}"
    assert a["computed_level"] == expected_computed, \
        f"computed_level {a['computed_level']}, the file gives {expected_computed} " \
        f"(score {score}, critical {critical_true}): {a}"
    assert a["level"] == level, f"level {a['level']}, expected {level}: {a}"
    assert a["overridden"] is overridden, f"overridden {a['overridden']}: {a}"
    missing = [i["id"] for i in instrument["items"] if i["id"] not in answers]
    if isinstance(a["unanswered"], list):
        assert sorted(a["unanswered"]) == sorted(missing), f"unanswered: {a}"
    else:
        assert a["unanswered"] == len(missing), f"unanswered {a['unanswered']}, " \
                                                f"{len(missing)} items left out: {a}"
    if isinstance(a["critical"], list):
        assert sorted(a["critical"]) == sorted(critical_true), f"critical: {a}"
    elif isinstance(a["critical"], bool):
        assert a["critical"] is bool(critical_true), f"critical {a['critical']}: {a}"
    else:
        assert a["critical"] == len(critical_true), f"critical {a['critical']}: {a}"
    assert a["next_review_on"] == review_on(level), \
        f"next_review_on {a['next_review_on']}, expected {review_on(level)} ({level}): {a}"
    assert abs(moment(a["assessed_at"]) - T0) < dt.timedelta(minutes=1), \
        f"assessed_at is not the server clock: {a}"


# --- 1. instruments -------------------------------------------------------------------------

def test_the_shipped_instruments_are_listed(world):
    r = world.client("caseworker").get("/instruments")
    assert r.status == 200, r
    items = {i["code"]: i for i in r.json["items"]}
    for f in (DV, REINT):
        assert f["code"] in items, f"{f['code']} not listed: {r}"
        got = items[f["code"]]
        assert {"id", "code", "kind", "version", "title", "item_count"} <= set(got), got
        assert (got["kind"], got["version"], got["item_count"]) == \
            (f["kind"], f["version"], len(f["items"])), f"{f['code']}: {got}"
        assert got["title"] == f["title"]["sq"], f"default title not sq: {got}"
    assert len(DV["items"]) == 22 and len(REINT["items"]) == 16, "the files changed"
    for lang in ("en", "sr-Latn"):
        r = world.client("caseworker").get("/instruments", lang=lang)
        assert r.status == 200, r
        titles = {i["code"]: i["title"] for i in r.json["items"]}
        for f in (DV, REINT):
            assert titles[f["code"]] == f["title"][lang], f"{lang}: {titles}"


@pytest.mark.parametrize("kind", ["domestic_violence", "reintegration"])
def test_the_kind_filter(world, kind):
    r = world.client("caseworker").get(f"/instruments?kind={kind}")
    assert r.status == 200, r
    items = r.json["items"]
    assert items and all(i["kind"] == kind for i in items), f"kind={kind}: {items}"
    assert FILES[kind]["code"] in [i["code"] for i in items], items
    other = [f["code"] for k, f in FILES.items() if k != kind]
    assert not set(other) & {i["code"] for i in items}, f"kind={kind} lists {items}"


@pytest.mark.parametrize("lang", LANGUAGES + ["sr", "tr", "bs"])
@pytest.mark.parametrize("name", ["domestic_violence", "reintegration"])
def test_one_instrument_in_the_callers_language(world, name, lang):
    """tr and bs (issue 16) where the file words an item in them (the domestic-violence
    instrument), English where it does not (reintegration, for now)."""
    f = FILES[name]
    c = world.client("caseworker")
    iid = instrument_id(c, f)
    r = c.get(f"/instruments/{iid}", lang=lang)
    assert r.status == 200, r
    want = "sr-Latn" if lang == "sr" else lang
    doc = r.json
    assert (doc["id"], doc["code"], doc["kind"], doc["version"]) == \
        (iid, f["code"], f["kind"], f["version"]), doc
    assert doc["title"] == f["title"].get(want, f["title"]["en"]), \
        f"title for {lang}: {doc['title']!r}"
    assert {k: doc["thresholds"][k] for k in ("medium", "high", "extreme")} == \
        f["thresholds"], doc["thresholds"]
    got = {i["id"]: i for i in doc["items"]}
    assert list(got) == [i["id"] for i in f["items"]], "items differ from the file (or order)"
    for item in f["items"]:
        g = got[item["id"]]
        assert g["text"] == item["text"].get(want, item["text"]["en"]), \
            f"{item['id']} text for {lang}: {g['text']!r}"
        assert (g["weight"], g["critical"]) == (item["weight"], item["critical"]), g


def test_the_default_language_is_sq(world):
    c = world.client("caseworker")
    r = c.get(f"/instruments/{instrument_id(c, DV)}", lang=None)
    assert r.status == 200, r
    assert r.json["title"] == DV["title"]["sq"], r.json["title"]
    assert r.json["items"][0]["text"] == DV["items"][0]["text"]["sq"]


@pytest.mark.parametrize("role", ["coordinator", "national", "auditor", "admin", "manager"])
def test_any_signed_in_role_reads_instruments(world, actors, role):
    c = actors.client(role)
    r = c.get("/instruments")
    assert r.status == 200, f"{role}: {r}"
    iid = {i["code"]: i["id"] for i in r.json["items"]}[DV["code"]]
    assert c.get(f"/instruments/{iid}").status == 200, role


def test_instruments_need_a_session(world, anon):
    iid = instrument_id(world.client("caseworker"), DV)
    assert_problem(anon.get("/instruments"), 401)
    assert_problem(anon.get(f"/instruments/{iid}"), 401)


def test_unknown_and_invalid_instrument_ids(world):
    c = world.client("caseworker")
    assert_problem(c.get(f"/instruments/{UNKNOWN_ID}"), 404)
    assert_problem(c.get("/instruments/abc"), 400, "id")


# --- 2. scoring ---------------------------------------------------------------------------

BOUNDARIES = [(name, threshold, offset) for name in ("domestic_violence", "reintegration")
              for threshold in ("medium", "high", "extreme") for offset in (-1, 0)]


def case_in(world, rworld, name):
    """(site, a new case) in the mechanism of the instrument's kind."""
    if name == "domestic_violence":
        return world, new_case(world)[0]
    return rworld, create(rworld.client("caseworker"), case_body(rworld, new_person()))


@pytest.mark.parametrize("name,threshold,offset", BOUNDARIES,
                         ids=[f"{n[:4]}-{t}{o:+d}" for n, t, o in BOUNDARIES])
def test_the_level_at_each_threshold(world, rworld, name, threshold, offset):
    f = FILES[name]
    site, case = case_in(world, rworld, name)
    c = site.client("caseworker")
    score = f["thresholds"][threshold] + offset
    answers = answers_scoring(f, score)
    expected = LEVELS[LEVELS.index(threshold) + offset]
    assert level_of(f, score) == expected
    a = assess(c, case["id"], f, answers)
    assert_assessment(a, case, f, instrument_id(c, f), answers, expected, computed=expected)
    doc = case_of(c, case["id"])
    assert doc["risk_level"] == expected, f"case risk_level {doc['risk_level']}: {doc}"
    assert doc["next_review_on"] == review_on(expected), doc


@pytest.mark.parametrize("name", ["domestic_violence", "reintegration"])
def test_nothing_true_is_standard(world, rworld, name):
    f = FILES[name]
    site, case = case_in(world, rworld, name)
    c = site.client("caseworker")
    answers = {i["id"]: False for i in f["items"]}
    a = assess(c, case["id"], f, answers)
    assert_assessment(a, case, f, instrument_id(c, f), answers, "standard", computed="standard")
    a = assess(c, case["id"], f, {})   # everything left out: unanswered, not present
    assert_assessment(a, case, f, instrument_id(c, f), {}, "standard", computed="standard")


CRITICAL = [(name, item["id"]) for name, f in FILES.items() for item in critical_items(f)]


@pytest.mark.parametrize("name,item", CRITICAL, ids=[i for _, i in CRITICAL])
def test_a_critical_item_alone_makes_it_at_least_high(world, rworld, name, item):
    f = FILES[name]
    site, case = case_in(world, rworld, name)
    c = site.client("caseworker")
    answers = {i["id"]: i["id"] == item for i in f["items"]}
    expected = at_least(level_of(f, score_of(f, answers)), "high")
    a = assess(c, case["id"], f, answers)
    assert_assessment(a, case, f, instrument_id(c, f), answers, expected)
    assert LEVELS.index(a["level"]) >= LEVELS.index("high"), a
    assert case_of(c, case["id"])["risk_level"] == expected
    told = of_kind(site.client("coordinator"), "high_risk", case["id"])
    assert len(told) == 1, f"a critical item: the coordinator has {len(told)} high_risk: {told}"


def test_a_critical_item_on_top_of_an_extreme_score_stays_extreme(world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    answers = answers_scoring(DV, DV["thresholds"]["extreme"])
    answers[critical_items(DV)[0]["id"]] = True
    a = assess(c, case["id"], DV, answers)
    assert_assessment(a, case, DV, instrument_id(c, DV), answers, "extreme")


@pytest.mark.parametrize("level", LEVELS)
def test_the_case_takes_the_level_and_the_review_date(world, level):
    case, _ = new_case(world)
    c = world.client("caseworker")
    before = case_of(c, case["id"])
    assert before["risk_level"] == "unassessed" and before["next_review_on"] is None, before
    assert summary_in_list(c, case["id"])["next_review_on"] is None
    assess_level(c, case["id"], level)
    doc = case_of(c, case["id"])
    assert (doc["risk_level"], doc["next_review_on"]) == (level, review_on(level)), doc
    item = summary_in_list(c, case["id"])
    assert (item["risk_level"], item["next_review_on"]) == (level, review_on(level)), item
    coordinator = case_of(world.client("coordinator"), case["id"])
    assert (coordinator["risk_level"], coordinator["next_review_on"]) == \
        (level, review_on(level)), f"the coordinator's summary: {coordinator}"
    filtered = [x["id"] for x in list_all(c, "/cases", risk_level=level)]
    assert case["id"] in filtered, f"risk_level={level} does not list the case"


def test_the_review_clock_is_the_mechanisms_own(server, admin):
    """CONTRACT.md "Risk assessment": the days to the next review are the mechanism's
    `review_days_*` (defaults 3/7/30/60), which the admin sets per mechanism."""
    w = World(server, admin)
    patched = admin.patch(f"/mechanisms/{w.mechanism['id']}", {"review_days_high": 5})
    assert patched.status == 200 and patched.json["review_days_high"] == 5, patched
    assert patched.json["review_days_extreme"] == 3, patched.json
    assert_problem(admin.patch(f"/mechanisms/{w.mechanism['id']}",
                               {"review_days_high": 0}), 422, "review_days_high")
    case, _ = new_case(w)
    got = assess_level(w.client("caseworker"), case["id"], "high")
    assert got["next_review_on"] == (TODAY + dt.timedelta(days=5)).isoformat(), got
    other, _ = new_case(w)
    medium = assess_level(w.client("caseworker"), other["id"], "medium")
    assert medium["next_review_on"] == review_on("medium"), medium


def test_a_later_assessment_replaces_the_level(world):
    case, _ = new_case(world)
    c = world.client("manager")
    assess_level(c, case["id"], "extreme")
    assess_level(c, case["id"], "medium")
    doc = case_of(c, case["id"])
    assert (doc["risk_level"], doc["next_review_on"]) == ("medium", review_on("medium")), doc


# --- 3. overrides ----------------------------------------------------------------------------

def test_the_caseworker_raises_the_level_with_a_reason(world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    answers = answers_for_level(DV, "standard")
    a = assess(c, case["id"], DV, answers, override_level="high", override_reason=reason())
    assert_assessment(a, case, DV, instrument_id(c, DV), answers, "high", computed="standard",
                      overridden=True)
    doc = case_of(c, case["id"])
    assert (doc["risk_level"], doc["next_review_on"]) == ("high", review_on("high")), doc


@pytest.mark.parametrize("fields", [{"override_level": "extreme"},
                                    {"override_level": "extreme", "override_reason": ""},
                                    {"override_level": "extreme",
                                     "override_reason": "x" * 2001}],
                         ids=["no reason", "empty reason", "2001 characters"])
def test_raising_without_a_good_reason_is_422(server, world, fields):
    case, _ = new_case(world)
    c = world.client("caseworker")
    r = assess_r(c, case["id"], DV, answers_for_level(DV, "medium"), **fields)
    assert_problem(r, 422, "override_reason")
    assert assessment_rows(server, case["id"]) == 0, "a refused assessment was stored"
    assert case_of(c, case["id"])["risk_level"] == "unassessed"


def test_a_reason_of_2000_characters_is_accepted(world):
    case, _ = new_case(world)
    a = assess(world.client("caseworker"), case["id"], DV, answers_for_level(DV, "standard"),
               override_level="medium", override_reason="r" * 2000)
    assert (a["level"], a["overridden"]) == ("medium", True), a


@pytest.mark.parametrize("who", ["caseworker", "manager"])
def test_the_owners_staff_may_not_lower_the_level(server, world, who):
    case, _ = new_case(world)
    c = world.client(who)
    r = assess_r(c, case["id"], DV, answers_for_level(DV, "high"), override_level="medium",
                 override_reason=reason())
    assert_problem(r, 403)
    assert assessment_rows(server, case["id"]) == 0, "a refused assessment was stored"
    assert case_of(c, case["id"])["risk_level"] == "unassessed"


def test_the_coordinator_lowers_the_level_with_a_reason(world):
    case, _ = new_case(world)
    coordinator = world.client("coordinator")
    answers = answers_for_level(DV, "high")
    a = assess(coordinator, case["id"], DV, answers, override_level="medium",
               override_reason=reason())
    assert_assessment(a, case, DV, instrument_id(coordinator, DV), answers, "medium",
                      computed="high", overridden=True)
    doc = case_of(world.client("caseworker"), case["id"])
    assert (doc["risk_level"], doc["next_review_on"]) == ("medium", review_on("medium")), doc


def test_the_coordinator_lowering_without_a_reason_is_422(server, world):
    case, _ = new_case(world)
    r = assess_r(world.client("coordinator"), case["id"], DV, answers_for_level(DV, "extreme"),
                 override_level="standard")
    assert_problem(r, 422, "override_reason")
    assert assessment_rows(server, case["id"]) == 0


def test_the_coordinator_assesses_without_override(world):
    case, _ = new_case(world)
    c = world.client("coordinator")
    answers = answers_for_level(DV, "medium")
    a = assess(c, case["id"], DV, answers)
    assert_assessment(a, case, DV, instrument_id(c, DV), answers, "medium", computed="medium")


@pytest.mark.parametrize("value", ["severe", "unassessed", "", 2, None])
def test_a_bad_override_level_is_refused(server, world, value):
    case, _ = new_case(world)
    r = assess_r(world.client("caseworker"), case["id"], DV, {}, override_level=value,
                 override_reason=reason())
    if value is None:
        # null for an optional field: either "no override" or a wrong type
        assert r.status in (201, 400, 422), r
        return
    assert r.status in (400, 422), r
    assert_problem(r, r.status, "override_level")
    assert assessment_rows(server, case["id"]) == 0


# --- 4. bad input --------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["no_such_item", "Strangulation", "victim_contact_intent"],
                         ids=["unknown", "wrong case", "other instrument's item"])
def test_an_unknown_item_is_422_naming_it(server, world, key):
    case, _ = new_case(world)
    answers = {DV["items"][0]["id"]: True, key: True}
    r = assess_r(world.client("caseworker"), case["id"], DV, answers)
    assert_problem(r, 422)
    assert f"answers.{key}" in r.error_fields, f"errors[] do not name answers.{key}: {r}"
    assert assessment_rows(server, case["id"]) == 0
    assert case_of(world.client("caseworker"), case["id"])["risk_level"] == "unassessed"


@pytest.mark.parametrize("value", ["yes", 1, 0, None, [], {}, "true"])
def test_a_non_boolean_answer_is_422_naming_it(server, world, value):
    case, _ = new_case(world)
    key = critical_items(DV)[0]["id"]
    r = assess_r(world.client("caseworker"), case["id"], DV,
                 {DV["items"][0]["id"]: False, key: value})
    assert_problem(r, 422)
    assert f"answers.{key}" in r.error_fields, f"errors[] do not name answers.{key}: {r}"
    assert assessment_rows(server, case["id"]) == 0


def test_an_instrument_of_another_kind_is_422(server, world, rworld):
    case, _ = new_case(world)
    r = assess_r(world.client("caseworker"), case["id"], REINT, answers_for_level(REINT, "high"))
    assert_problem(r, 422, "instrument")
    assert assessment_rows(server, case["id"]) == 0
    rcase = create(rworld.client("caseworker"), case_body(rworld, new_person()))
    r = assess_r(rworld.client("caseworker"), rcase["id"], DV, answers_for_level(DV, "high"))
    assert_problem(r, 422, "instrument")
    assert assessment_rows(server, rcase["id"]) == 0


def test_an_instrument_named_by_its_code_scores_like_by_its_id(server, world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    by_code = assess(c, case["id"], DV["code"], answers_for_level(DV, "high"))
    assert by_code["instrument_id"] == instrument_id(c, DV), by_code
    assert by_code["computed_level"] == "high", by_code
    assert assessment_rows(server, case["id"]) == 1


def test_an_instrument_code_of_another_kind_is_422(server, world):
    case, _ = new_case(world)
    r = assess_r(world.client("caseworker"), case["id"], REINT["code"],
                 answers_for_level(REINT, "high"))
    assert_problem(r, 422, "instrument")
    assert assessment_rows(server, case["id"]) == 0


@pytest.mark.parametrize("body", [{"answers": {}}, {"instrument": UNKNOWN_ID, "answers": {}},
                                  {"instrument": "dash-9", "answers": {}},
                                  {"instrument": "", "answers": {}}],
                         ids=["missing", "unknown", "unknown code", "empty code"])
def test_a_missing_or_unknown_instrument_is_422(server, world, body):
    case, _ = new_case(world)
    r = world.client("caseworker").post(f"/cases/{case['id']}/assessments", body)
    assert_problem(r, 422, "instrument")
    assert assessment_rows(server, case["id"]) == 0


def test_answers_must_be_an_object(server, world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    r = c.post(f"/cases/{case['id']}/assessments",
               {"instrument": instrument_id(c, DV), "answers": ["escalation"]})
    assert r.status in (400, 422), r
    assert_problem(r, r.status, "answers")
    assert assessment_rows(server, case["id"]) == 0


# --- 5. who may assess ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def shared(world):
    """A case the shelter reads through an accepted referral."""
    case, person = new_case(world, consent_=consent(types=["shelter"],
                                                    categories=["identity", "risk"]))
    packet = refer(world.client("caseworker"), case["id"],
                   referral_body(world.shelter, ["identity", "risk"]))
    assert act(world.client("shelter"), packet["id"], "accept").status == 200
    assert world.client("shelter").get(f"/cases/{case['id']}").status == 200
    return case


@pytest.mark.parametrize("who", ["shelter", "shelter_manager"])
def test_a_referral_recipient_that_reads_the_case_gets_403(server, world, shared, who):
    before = assessment_rows(server, shared["id"])
    r = assess_r(world.client(who), shared["id"], DV, answers_for_level(DV, "high"))
    assert_problem(r, 403)
    assert assessment_rows(server, shared["id"]) == before


@pytest.fixture(scope="module")
def foreign(server, admin):
    return Site(server, admin)


@pytest.mark.parametrize("who", ["other_caseworker", "stranger", "foreign_coordinator",
                                 "foreign_caseworker", "admin", "national", "auditor"])
def test_who_cannot_see_the_case_gets_404(server, world, actors, foreign, who):
    case, person = new_case(world)
    if who.startswith("foreign_"):
        c = foreign.client(who[len("foreign_"):])
    elif who in ("admin", "national", "auditor"):
        c = actors.client(who)
    else:
        c = world.client(who)
    iid = instrument_id(c, DV)
    body = {"instrument": iid, "answers": answers_for_level(DV, "high")}
    hidden = c.post(f"/cases/{case['id']}/assessments", body)
    unknown = c.post(f"/cases/{UNKNOWN_ID}/assessments", body)
    _assert_same_as_unknown(hidden, case["id"], unknown, who)
    assert assessment_rows(server, case["id"]) == 0
    assert_no_leak(person, who, hidden)


def test_bad_case_ids(world):
    c = world.client("caseworker")
    body = {"instrument": instrument_id(c, DV), "answers": {}}
    assert_problem(c.post("/cases/abc/assessments", body), 400, "id")
    assert_problem(c.post(f"/cases/{UNKNOWN_ID}/assessments", body), 404)


def test_the_owners_staff_list_the_assessments(world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    made = [assess_level(c, case["id"], "medium"), assess_level(world.client("manager"),
                                                                case["id"], "high")]
    r = c.get(f"/cases/{case['id']}/assessments")
    assert r.status == 200, r
    ids = [a["id"] for a in r.json["items"]]
    assert sorted(ids) == sorted(a["id"] for a in made), r


# --- 6. high risk: the coordinator is told, the case goes to the meeting ----------------------

@pytest.mark.parametrize("level", ["high", "extreme"])
def test_high_and_extreme_tell_the_coordinator_once_and_mark_the_case(world, level):
    case, person = new_case(world)
    coordinator = world.client("coordinator")
    assert not case_of(coordinator, case["id"]).get("needs_meeting"), "marked before assessing"
    assess_level(world.client("caseworker"), case["id"], level)
    got = of_kind(coordinator, "high_risk", case["id"])
    assert len(got) == 1, f"the coordinator has {len(got)} high_risk notifications: {got}"
    assert_notification(got[0], "high_risk", case, "the coordinator")
    assert got[0]["read_at"] is None, got[0]
    doc = case_of(coordinator, case["id"])
    assert doc.get("needs_meeting") is True, f"needs_meeting not set: {doc}"
    item = summary_in_list(coordinator, case["id"])
    assert item.get("needs_meeting") is True, f"list summary: {item}"
    for who in ("other_caseworker", "stranger", "shelter"):
        assert not of_kind(world.client(who), "high_risk", case["id"]), f"{who} was told"
    answers = notification_pages(coordinator)
    assert_no_leak(person, "the coordinator's notifications", *answers)


def test_a_lowered_assessment_does_not_add_a_second_high_risk(world):
    """The coordinator lowers a computed `high`: it is the caller, no new high_risk."""
    case, _ = new_case(world)
    assess_level(world.client("caseworker"), case["id"], "extreme")
    coordinator = world.client("coordinator")
    assert len(of_kind(coordinator, "high_risk", case["id"])) == 1
    assess(coordinator, case["id"], DV, answers_for_level(DV, "extreme"),
           override_level="medium", override_reason=reason())
    assert len(of_kind(coordinator, "high_risk", case["id"])) == 1


@pytest.mark.parametrize("level", ["standard", "medium"])
def test_lower_levels_tell_nobody_and_leave_the_meeting_list(world, level):
    case, _ = new_case(world)
    assess_level(world.client("caseworker"), case["id"], level)
    coordinator = world.client("coordinator")
    assert of_kind(coordinator, "high_risk", case["id"]) == [], f"{level} told the coordinator"
    doc = case_of(coordinator, case["id"])
    assert doc.get("needs_meeting") in (False, None), f"{level} marked the case: {doc}"


def test_a_raised_level_tells_the_coordinator(world):
    case, _ = new_case(world)
    assess(world.client("caseworker"), case["id"], DV, answers_for_level(DV, "standard"),
           override_level="high", override_reason=reason())
    assert len(of_kind(world.client("coordinator"), "high_risk", case["id"])) == 1
    assert case_of(world.client("coordinator"), case["id"]).get("needs_meeting") is True


def test_a_high_risk_notification_speaks_the_callers_language(world):
    case, _ = new_case(world)
    assess_level(world.client("caseworker"), case["id"], "high")
    coordinator = world.client("coordinator")
    texts = {}
    for lang in LANGUAGES:
        r = coordinator.get("/notifications?limit=500", lang=lang)
        assert r.status == 200, r
        mine = [n for n in r.json["items"] if n["kind"] == "high_risk"
                and n["case_id"] == case["id"]]
        assert len(mine) == 1, (lang, r)
        assert case["reference"] in mine[0]["message"], mine[0]
        texts[lang] = mine[0]["message"]
    assert len(set(texts.values())) == 3, f"the same message in several languages: {texts}"


# --- 7. storage and audit ----------------------------------------------------------------

def test_answers_and_reasons_are_not_stored_in_clear(server, world):
    case, _ = new_case(world)
    answers = {"strangulation": True, "perpetrator_suicidal": True, "custody_conflict": False,
               "animal_harm": True}
    assert set(answers) <= {i["id"] for i in DV["items"]}, "test error: items not in the file"
    why = reason()
    a = assess(world.client("caseworker"), case["id"], DV, answers, override_level="extreme",
               override_reason=why)
    tables = _tables(server.db)
    assert "assessments" in tables, tables
    rows = harness.query_db(server.db, f"SELECT score, level FROM assessments WHERE id = {a['id']}")
    assert [tuple(map(str, row)) for row in rows] == [(str(a["score"]), "extreme")], \
        f"positive control: the stored assessment row: {rows}"
    definitions = b"".join(_dump(server.db, t) for t in tables if "instrument" in t)
    assert b"perpetrator_suicidal" in definitions, "positive control: item ids not found"
    found = []
    for table in tables:
        blob = _dump(server.db, table)
        if "instrument" not in table:
            found += [(table, key) for key in answers if key.encode() in blob]
        for needle in (why, why.split()[-1]):
            if needle.encode() in blob or needle.lower().encode() in blob.lower():
                found.append((table, needle))
    assert not found, f"answers or the reason stored in clear: {found}"
    logs = "\n".join(p.read_text(errors="replace") for p in sorted(server.dir.glob("serve-*.log")))
    assert_no_leak(Only([why, why.split()[-1]]), "the server's log", logs)


def test_assessments_are_audited_with_names_only(world, auditor):
    case, _ = new_case(world)
    plain = assess_level(world.client("caseworker"), case["id"], "medium")
    why = reason()
    raised = assess(world.client("manager"), case["id"], DV, answers_for_level(DV, "medium"),
                    override_level="high", override_reason=why)
    entries = [e for e in audit(auditor, case_id=case["id"]) if e["action"] == "assessment.create"]
    by_object = {e["object_id"]: e for e in entries}
    assert set(by_object) == {plain["id"], raised["id"]}, f"assessment.create entries: {entries}"
    first, second = by_object[plain["id"]], by_object[raised["id"]]
    assert sorted(first["fields"]) == ["answers", "level"], first
    assert sorted(second["fields"]) == ["answers", "level", "override_reason"], second
    assert first["actor_user_id"] == world.users["caseworker"].id, first
    assert second["actor_user_id"] == world.users["manager"].id, second
    assert (first["case_id"], first["institution_id"]) == (case["id"], world.police["id"]), first
    text = json.dumps(entries, ensure_ascii=False)
    assert why not in text and why.split()[-1] not in text, "the reason reached the audit log"
    for item in DV["items"]:
        assert item["id"] not in text, f"an answer ({item['id']}) reached the audit log"


def test_a_refused_assessment_is_not_audited(world, auditor):
    case, _ = new_case(world)
    r = assess_r(world.client("caseworker"), case["id"], DV, {"no_such_item": True})
    assert_problem(r, 422)
    entries = [e for e in audit(auditor, case_id=case["id"]) if e["action"] == "assessment.create"]
    assert entries == [], entries


# --- 8. more edges ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["domestic_violence", "reintegration"])
def test_everything_true_scores_the_sum_of_all_weights(world, rworld, name):
    f = FILES[name]
    site, case = case_in(world, rworld, name)
    c = site.client("caseworker")
    answers = {i["id"]: True for i in f["items"]}
    a = assess(c, case["id"], f, answers)
    assert a["score"] == sum(i["weight"] for i in f["items"]), a
    assert_assessment(a, case, f, instrument_id(c, f), answers, "extreme")


def test_a_closed_case_refuses_an_assessment_with_409(server, world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    assert c.post(f"/cases/{case['id']}/close", {"outcome": "goals_met"}).status == 200
    for who in ("caseworker", "coordinator"):
        r = assess_r(world.client(who), case["id"], DV, answers_for_level(DV, "high"))
        assert_problem(r, 409)
    assert assessment_rows(server, case["id"]) == 0
    assert case_of(c, case["id"])["risk_level"] == "unassessed"


def test_under_a_grant_assessments_are_read_not_written(server, world):
    case, _ = new_case(world)
    made = assess_level(world.client("caseworker"), case["id"], "medium")
    grant(world.client("stranger"), case["id"])
    health = world.client("stranger_manager")
    r = health.get(f"/cases/{case['id']}/assessments")
    assert r.status == 200 and [a["id"] for a in r.json["items"]] == [made["id"]], r
    assert_problem(assess_r(health, case["id"], DV, answers_for_level(DV, "high")), 403)
    assert assessment_rows(server, case["id"]) == 1


def test_assessments_are_read_by_readers_of_the_risk_category_only(world, shared):
    made = assess_level(world.client("caseworker"), shared["id"], "standard")
    r = world.client("shelter").get(f"/cases/{shared['id']}/assessments")
    assert r.status == 200, f"the shelter shares `risk` but cannot list assessments: {r}"
    assert made["id"] in [a["id"] for a in r.json["items"]], r
    case, _ = new_case(world, consent_=consent(types=["shelter"], categories=["identity"]))
    packet = refer(world.client("caseworker"), case["id"],
                   referral_body(world.shelter, ["identity"]))
    assert act(world.client("shelter"), packet["id"], "accept").status == 200
    assess_level(world.client("caseworker"), case["id"], "high")
    for who in ("shelter", "coordinator"):
        r = world.client(who).get(f"/cases/{case['id']}/assessments")
        assert r.status in (403, 404), f"{who} lists assessments without the risk category: {r}"
        assert_problem(r, r.status)
    assert_problem(world.client("stranger").get(f"/cases/{case['id']}/assessments"), 404)


def test_reading_assessments_is_audited(world, auditor):
    case, _ = new_case(world)
    assess_level(world.client("caseworker"), case["id"], "medium")
    before = audit(auditor, case_id=case["id"])
    assert world.client("manager").get(f"/cases/{case['id']}/assessments").status == 200
    after = audit(auditor, case_id=case["id"])
    new = [e for e in after if e["id"] not in {x["id"] for x in before}]
    assert any(e["actor_user_id"] == world.users["manager"].id for e in new), \
        f"listing the assessments left no audit entry: {new}"


def test_a_cookie_write_without_csrf_token_is_403(server, world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    r = c.post(f"/cases/{case['id']}/assessments",
               {"instrument": instrument_id(c, DV), "answers": {}}, csrf=False)
    assert_problem(r, 403)
    assert assessment_rows(server, case["id"]) == 0


# --- 9. list parameters (CONTRACT.md "HTTP details": Lists) ----------------------------------

def paged_ids(client, path, limit):
    """The ids of every page of `path` with `limit`, following `next`; asserts page sizes."""
    ids, cursor = [], None
    for _ in range(50):
        query = f"limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        r = client.get(f"{path}?{query}")
        assert r.status == 200, r
        assert len(r.json["items"]) <= limit, f"{path}?{query} gave {len(r.json['items'])} items"
        ids += [i["id"] for i in r.json["items"]]
        cursor = r.json.get("next")
        if not cursor:
            return ids
    raise AssertionError(f"{path}: the cursor never ended")


@pytest.mark.parametrize("what", ["assessments", "instruments"])
@pytest.mark.parametrize("query,field", [("limit=0", "limit"), ("limit=501", "limit"),
                                         ("limit=x", "limit"), ("cursor=zzz", "cursor")])
def test_bad_list_parameters_are_400(world, what, query, field):
    case, _ = new_case(world)
    assess_level(world.client("caseworker"), case["id"], "medium")
    path = f"/cases/{case['id']}/assessments" if what == "assessments" else "/instruments"
    assert_problem(world.client("caseworker").get(f"{path}?{query}"), 400, field)


def test_assessments_page_with_limit_and_cursor(world):
    case, _ = new_case(world)
    c = world.client("caseworker")
    made = [assess_level(c, case["id"], level)["id"] for level in ("medium", "high", "standard")]
    ids = paged_ids(c, f"/cases/{case['id']}/assessments", 2)
    assert sorted(ids) == sorted(made), f"paging by 2 gave {ids}, made {made}"
