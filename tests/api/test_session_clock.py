"""Deadlines by the server clock. Each test has its own database; the server is restarted on
it with a later URA_NOW instead of waiting: session idle expiry (30 min) and absolute expiry
(12 h), token expiry at `expires_at`, and sign-in throttling (5 failures per username or 20
per client address within 15 minutes -> 429 with Retry-After, even for the right password,
until the window passes)."""

import pytest

from harness import (ADMIN_PASSWORD, ADMIN_USER, T0, assert_problem, minutes, new_user,
                     rfc3339, uniq)


def _assert_throttled(r):
    assert_problem(r, 429)
    retry = (r.headers.get("Retry-After") or "").strip()
    assert retry.isdigit() and 0 < int(retry) <= 15 * 60, f"Retry-After {retry!r}: {r}"
    assert "ura_session" not in (r.headers.get("Set-Cookie") or ""), \
        "a throttled sign-in set a cookie"


# --- sessions ------------------------------------------------------------------------------

def test_session_expires_after_30_idle_minutes(new_server):
    s = new_server(now=T0)
    active, idle = s.sign_in_admin(), s.sign_in_admin()
    s.restart(now=T0 + minutes(29))
    assert active.get("/me").status == 200, "session ended before 30 idle minutes"
    s.restart(now=T0 + minutes(31))
    assert_problem(idle.get("/me"), 401)
    assert active.get("/me").status == 200, "use at +29 min did not keep the session alive"
    s.restart(now=T0 + minutes(62))
    assert_problem(active.get("/me"), 401)


def test_expired_session_cannot_write(new_server):
    s = new_server(now=T0)
    c = s.sign_in_admin()
    s.restart(now=T0 + minutes(31))
    r = c.post("/municipalities", {"name": "Bashkia Vonë", "code": s.next_code(), "country": "AL"})
    assert_problem(r, 401)


def test_session_ends_12_hours_after_sign_in_however_active(new_server):
    s = new_server(now=T0)
    c = s.sign_in_admin()
    for t in list(range(25, 12 * 60 - 5, 25)) + [12 * 60 - 5]:
        s.restart(now=T0 + minutes(t))
        assert c.get("/me").status == 200, f"an active session ended at +{t} min"
    s.restart(now=T0 + minutes(12 * 60 + 5))
    assert_problem(c.get("/me"), 401)


# --- tokens --------------------------------------------------------------------------------

def test_token_stops_working_at_its_expires_at(new_server):
    s = new_server(now=T0)
    c = s.sign_in_admin()
    r = c.post("/tokens", {"name": "nightly export", "expires_at": rfc3339(T0 + minutes(60))})
    assert r.status == 201, r
    bearer = s.client(token=r.json["token"])
    s.restart(now=T0 + minutes(45))
    assert bearer.get("/me").status == 200, "token refused before its expires_at"
    s.restart(now=T0 + minutes(61))
    assert_problem(bearer.get("/me"), 401)


# --- throttling ----------------------------------------------------------------------------

def _fail_five_times(s):
    user = new_user(s.sign_in_admin(), "national")
    for i in range(5):
        assert_problem(s.client().sign_in(user.username, f"wrong-password-{i}-xyz"), 401)
    return user


def test_five_failures_throttle_the_username_even_for_the_right_password(new_server):
    s = new_server(now=T0)
    user = _fail_five_times(s)
    _assert_throttled(s.client().sign_in(user.username, user.password))
    assert s.client().sign_in(ADMIN_USER, ADMIN_PASSWORD).status == 201, \
        "throttling one username blocked another"


@pytest.mark.parametrize("later, status", [(14, 429), (16, 201)])
def test_username_throttle_lasts_the_15_minute_window(new_server, later, status):
    s = new_server(now=T0)
    user = _fail_five_times(s)
    s.restart(now=T0 + minutes(later))
    r = s.client().sign_in(user.username, user.password)
    if status == 429:
        _assert_throttled(r)
    else:
        assert r.status == 201, f"still refused {later} min after the failures: {r}"


def test_twenty_failures_from_one_address_throttle_every_username(new_server):
    s = new_server(now=T0)
    user = new_user(s.sign_in_admin(), "national")
    for i in range(20):
        assert_problem(s.client().sign_in(f"nobody-{i}-{uniq()}", "wrong-password-xyz"), 401)
    _assert_throttled(s.client().sign_in(user.username, user.password))
    _assert_throttled(s.client().sign_in(ADMIN_USER, ADMIN_PASSWORD))
    s.restart(now=T0 + minutes(16))
    assert s.client().sign_in(user.username, user.password).status == 201
