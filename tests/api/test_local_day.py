"""The mechanisms' day (CONTRACT.md "HTTP details", "Times and days").

"Today" is the civil day in Tirana and Prishtina, not the UTC day. The module's server runs at
half past midnight local time, when UTC still reads the day before:

- in summer, 2027-07-04T22:30Z (00:30 on 5 July, UTC+2): a protection order requested on the
  5th is "today" (due 48 hours from now, not from a midnight), the 6th is in the future (422
  naming `requested_on`) and nothing is stored; an order whose last day was the 4th reads
  `expired`, one ending on the 5th still `granted`; a high risk assessed now is reviewed on the
  12th (7 days after the local day);
- at New Year, 2027-12-31T23:30Z (00:30 on 1 January 2028, UTC+1): a new case's reference
  carries 2028.

Local midnights are read from the system's time-zone database (Europe/Tirane), not from Ura's
own rule, so the test is an independent check of it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

import harness
from test_break_glass import moment
from test_orders_actions import (HOUR, Courts, decide, grant_body, new_order, order_body,
                                 orders_of, request_order)
from test_referrals import World, new_case
from test_risk import assess_level, case_of

TIRANA = ZoneInfo("Europe/Tirane")
SUMMER_NIGHT = dt.datetime(2027, 7, 4, 22, 30, tzinfo=dt.timezone.utc)
NEW_YEAR_NIGHT = dt.datetime(2027, 12, 31, 23, 30, tzinfo=dt.timezone.utc)


def local_day(t, offset=0):
    return (t.astimezone(TIRANA).date() + dt.timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    """Overrides conftest's `server`: its clock at SUMMER_NIGHT."""
    s = harness.Server(tmp_path_factory.mktemp("ura-local-day"))
    s.start(now=SUMMER_NIGHT)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def world(server, admin):
    return Courts(server, admin)


def test_the_clock_is_half_past_midnight_in_tirana_and_the_day_before_in_utc():
    assert local_day(SUMMER_NIGHT) == "2027-07-05"
    assert SUMMER_NIGHT.date().isoformat() == "2027-07-04"


def test_an_order_requested_today_in_tirana_is_not_in_the_future(world):
    case, _ = new_case(world)
    o = new_order(world, case["id"], requested_on=local_day(SUMMER_NIGHT))
    assert o["requested_on"] == "2027-07-05", o
    # Requested today: the 48 hours run from now, not from a midnight.
    assert moment(o["decision_due_at"]) == SUMMER_NIGHT + 48 * HOUR, o


def test_tomorrow_in_tirana_is_in_the_future_and_nothing_is_stored(world):
    case, _ = new_case(world)
    r = request_order(world.client("caseworker"), case["id"],
                      order_body(world, requested_on=local_day(SUMMER_NIGHT, 1)))
    harness.assert_problem(r, 422, field="requested_on")
    assert orders_of(world.client("caseworker"), case["id"]) == {}


def test_an_earlier_request_runs_from_its_local_midnight(world):
    case, _ = new_case(world)
    o = new_order(world, case["id"], type="regular", requested_on="2027-07-01")
    start = dt.datetime(2027, 7, 1, tzinfo=TIRANA).astimezone(dt.timezone.utc)
    assert start == dt.datetime(2027, 6, 30, 22, 0, tzinfo=dt.timezone.utc)
    assert moment(o["decision_due_at"]) == start + dt.timedelta(days=15), o


def test_an_order_expires_after_its_last_local_day(world):
    case, _ = new_case(world)
    yesterday, today = local_day(SUMMER_NIGHT, -1), local_day(SUMMER_NIGHT)
    ended = new_order(world, case["id"], requested_on="2027-07-01")
    last_day = new_order(world, case["id"], requested_on="2027-07-01")
    for order, valid_to in ((ended, yesterday), (last_day, today)):
        assert decide(world.client("court"), order["id"],
                      grant_body(decided_on="2027-07-02", valid_from="2027-07-02",
                                 valid_to=valid_to)).status == 200
    listed = orders_of(world.client("caseworker"), case["id"])
    assert listed[ended["id"]]["status"] == "expired", listed
    assert listed[last_day["id"]]["status"] == "granted", listed


def test_a_review_in_seven_days_counts_from_the_local_day(world):
    case, _ = new_case(world)
    assess_level(world.client("caseworker"), case["id"], "high")
    assert case_of(world.client("caseworker"), case["id"])["next_review_on"] == \
        local_day(SUMMER_NIGHT, 7) == "2027-07-12"


def test_a_case_opened_after_local_midnight_on_new_years_day_has_the_new_year(new_server):
    s = new_server(now=NEW_YEAR_NIGHT)
    case, _ = new_case(World(s, s.sign_in_admin()))
    assert local_day(NEW_YEAR_NIGHT) == "2028-01-01"
    assert case["reference"].split("-")[1] == "2028", case["reference"]
