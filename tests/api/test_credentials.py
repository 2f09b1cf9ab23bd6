"""Credentials: the client address behind a reverse proxy, the end of sessions and tokens,
the life of tokens, and the self-service account routes.

- `trusted_proxies` (empty by default): only from a trusted peer is the client taken from
  X-Forwarded-For (the rightmost untrusted hop), so behind nginx every client has its own
  sign-in counter; from anyone else the header is ignored. A bad list stops `ura serve`.
- A password reset (PATCH /users/{id}, `ura user passwd`) or a disable (PATCH, `ura user
  disable`) ends every session and API token of the user for good: enabling the account
  again revives none of them.
- An API token cannot create tokens (403); a token lives at most `token_max_days` (90).
- GET /me: institution_name, totp_enabled, totp_enrolment_required, idle_lock_minutes.
  PATCH /me {"locale"} -> 200 with /me. POST /me/password {"current_password",
  "new_password"} -> 204, ends the user's other sessions and every token (keeps this one); a
  wrong current password is 422 on `current_password` and counts toward the throttle.
"""

import datetime as dt

import pytest

import harness
from harness import (ADMIN_PASSWORD, ADMIN_USER, T0, assert_problem, cli_output, in_a_month,
                     list_all, new_institution, new_password, new_user, rfc3339, run_cli,
                     uniq)

DAY = dt.timedelta(days=1)


def failures_from(server, address, n):
    """`n` failed sign-ins (each under a new unknown name) said to come from `address`."""
    for _ in range(n):
        r = server.client().sign_in(f"nobody-{uniq()}", "wrong-password-123",
                                    headers={"X-Forwarded-For": address})
        assert_problem(r, 401)


def sign_in_from(server, address, username=ADMIN_USER, password=ADMIN_PASSWORD):
    return server.client().sign_in(username, password, headers={"X-Forwarded-For": address})


def token_of(client):
    r = client.post("/tokens", {"name": f"t-{uniq()}", "expires_at": in_a_month()})
    assert r.status == 201, r
    return r.json["token"]


def signed_in_with_token(server, user):
    """A session of `user` and a bearer client of a token it made."""
    c = server.sign_in(user.username, user.password)
    return c, server.client(token=token_of(c))


def assert_ended(*clients):
    for c in clients:
        assert_problem(c.get("/me"), 401)


# --- 5. the client address behind a reverse proxy ------------------------------------------

def test_behind_a_trusted_proxy_each_client_has_its_own_counter(new_server):
    s = new_server(URA_TRUSTED_PROXIES="127.0.0.1")
    failures_from(s, "203.0.113.5", 20)
    assert_problem(sign_in_from(s, "203.0.113.5"), 429)
    # what the attacker writes to the left of the proxy's entry changes nothing
    assert_problem(sign_in_from(s, "198.51.100.1, 203.0.113.5"), 429)
    # everyone else behind the same proxy signs in
    assert sign_in_from(s, "203.0.113.6").status == 201
    assert sign_in_from(s, "2001:db8::7").status == 201


def test_without_trusted_proxies_x_forwarded_for_is_ignored(new_server):
    s = new_server()
    for i in range(20):
        failures_from(s, f"203.0.113.{i + 1}", 1)
    r = sign_in_from(s, "203.0.113.99")
    assert_problem(r, 429)
    assert int(r.headers["Retry-After"]) > 0


def test_a_proxy_not_on_the_list_cannot_speak_for_clients(new_server):
    s = new_server(URA_TRUSTED_PROXIES="10.0.0.0/8")   # the tests connect from 127.0.0.1
    for i in range(20):
        failures_from(s, f"203.0.113.{i + 1}", 1)
    assert_problem(sign_in_from(s, "203.0.113.99"), 429)


def test_a_bad_proxy_list_stops_the_server(tmp_path):
    s = harness.Server(tmp_path)
    proc = run_cli("serve", "--db", s.db, "--listen", "127.0.0.1:0",
                   env={"URA_TRUSTED_PROXIES": "nginx.internal"}, timeout=30)
    assert proc.returncode != 0, cli_output(proc)
    assert "trusted_proxies" in cli_output(proc), cli_output(proc)


# --- 6. resets and disables end sessions and tokens -----------------------------------------

def test_a_password_reset_by_the_admin_ends_sessions_and_tokens(server, admin):
    u = new_user(admin, "caseworker")
    session, bearer = signed_in_with_token(server, u)
    fresh = new_password()
    assert admin.patch(f"/users/{u.id}", {"password": fresh}).status == 200
    assert_ended(session, bearer)
    assert_problem(server.client().sign_in(u.username, u.password), 401)
    assert server.client().sign_in(u.username, fresh).status == 201


def test_a_disable_ends_them_and_enabling_again_revives_none(server, admin):
    u = new_user(admin, "manager")
    session, bearer = signed_in_with_token(server, u)
    assert admin.patch(f"/users/{u.id}", {"active": False}).status == 200
    assert_ended(session, bearer)
    assert admin.patch(f"/users/{u.id}", {"active": True}).status == 200
    assert_ended(session, bearer)
    again = server.sign_in(u.username, u.password)
    assert again.get("/me").status == 200


def test_other_changes_leave_sessions_alone(server, admin):
    u = new_user(admin, "national")
    session, bearer = signed_in_with_token(server, u)
    assert admin.patch(f"/users/{u.id}", {"display_name": "Emri i ri", "locale": "en"}
                       ).status == 200
    assert session.get("/me").json["display_name"] == "Emri i ri"
    assert bearer.get("/me").status == 200


@pytest.mark.parametrize("verb", ["passwd", "disable"])
def test_the_command_line_reset_and_disable_end_them_too(new_server, verb):
    s = new_server()
    u = new_user(s.sign_in_admin(), "caseworker")
    session, bearer = signed_in_with_token(s, u)
    fresh = new_password()
    with s.stopped():
        proc = run_cli("user", verb, "--db", s.db, "--username", u.username,
                       env={"URA_PASSWORD": fresh})
        assert proc.returncode == 0, cli_output(proc)
    assert_ended(session, bearer)
    if verb == "passwd":
        assert s.client().sign_in(u.username, fresh).status == 201


# --- 6. tokens --------------------------------------------------------------------------------

def test_a_token_cannot_make_tokens(server, admin):
    bearer = server.client(token=token_of(admin))
    before = len(list_all(admin, "/tokens"))
    assert_problem(bearer.post("/tokens", {"name": "child", "expires_at": in_a_month()}), 403)
    assert len(list_all(admin, "/tokens")) == before


def test_a_token_lives_at_most_token_max_days(new_server):
    s = new_server(now=T0)
    admin = s.sign_in_admin()
    ok = admin.post("/tokens", {"name": "ninety", "expires_at": rfc3339(T0 + 90 * DAY)})
    assert ok.status == 201, ok
    r = admin.post("/tokens", {"name": "longer", "expires_at": rfc3339(
        T0 + 90 * DAY + dt.timedelta(seconds=1))})
    assert_problem(r, 422, "expires_at")
    s.restart(now=T0, URA_TOKEN_MAX_DAYS="7")
    assert_problem(admin.post("/tokens", {"name": "eight", "expires_at": rfc3339(T0 + 8 * DAY)}),
                   422, "expires_at")
    assert admin.post("/tokens", {"name": "seven", "expires_at": rfc3339(T0 + 7 * DAY)}
                      ).status == 201


# --- self-service: /me ------------------------------------------------------------------------

def test_me_tells_the_browser_what_it_needs(new_server):
    s = new_server(URA_UI_IDLE_LOCK_MINUTES="5")
    admin = s.sign_in_admin()
    inst = new_institution(admin, name=f"Policia {uniq()}")
    u = new_user(admin, "caseworker", inst["id"])
    me = s.sign_in(u.username, u.password).get("/me").json
    assert me["institution_name"] == inst["name"], me
    assert (me["totp_enabled"], me["totp_enrolment_required"]) == (False, False), me
    assert me["idle_lock_minutes"] == 5, me
    assert admin.get("/me").json["institution_name"] is None


def test_a_user_sets_their_language(server, admin, anon):
    u = new_user(admin, "caseworker", locale="sq")
    c = server.sign_in(u.username, u.password)
    r = c.patch("/me", {"locale": "sr-Latn"})
    assert r.status == 200 and r.json["locale"] == "sr-Latn", r
    assert r.json["id"] == u.id and "idle_lock_minutes" in r.json, r
    assert c.get("/me").json["locale"] == "sr-Latn"
    assert admin.get(f"/users/{u.id}").json["locale"] == "sr-Latn"
    assert_problem(c.patch("/me", {"locale": "de"}), 422, "locale")
    assert_problem(c.patch("/me", {"locale": "en", "role": "admin"}), 422, "role")
    assert_problem(c.patch("/me", {}), 422, "locale")
    assert_problem(c.patch("/me", {"locale": "en"}, csrf=False), 403)
    assert_problem(anon.patch("/me", {"locale": "en"}), 401)
    assert c.get("/me").json["locale"] == "sr-Latn"


def test_a_user_changes_their_password(server, admin, actors):
    u = new_user(admin, "coordinator")
    here, there = server.sign_in(u.username, u.password), server.sign_in(u.username, u.password)
    bearer = server.client(token=token_of(there))
    fresh = new_password()
    r = here.post("/me/password", {"current_password": u.password, "new_password": fresh})
    assert r.status == 204, r
    assert here.get("/me").status == 200, "the session that changed it was ended"
    assert_ended(there, bearer)
    assert_problem(server.client().sign_in(u.username, u.password), 401)
    assert server.client().sign_in(u.username, fresh).status == 201
    log = list_all(actors.client("auditor"), "/audit", user_id=u.id)
    assert [e["fields"] for e in log if e["action"] == "user.password_change"] == \
        [["password"]], log


def test_a_password_change_is_checked_and_throttled(new_server):
    s = new_server(now=T0)
    u = new_user(s.sign_in_admin(), "caseworker")
    c = s.sign_in(u.username, u.password)
    fresh = new_password()
    assert_problem(c.post("/me/password", {"current_password": u.password,
                                           "new_password": "short-pw"}), 422, "new_password")
    assert_problem(c.post("/me/password", {"current_password": u.password}), 422,
                   "new_password")
    assert_problem(c.post("/me/password", {"current_password": 5, "new_password": fresh}),
                   400, "current_password")
    assert_problem(c.post("/me/password", {"current_password": u.password,
                                           "new_password": fresh}, csrf=False), 403)
    bearer = s.client(token=token_of(c))
    assert_problem(bearer.post("/me/password", {"current_password": u.password,
                                                "new_password": fresh}), 403)
    for _ in range(5):
        r = c.post("/me/password", {"current_password": "not-my-password",
                                    "new_password": fresh})
        assert_problem(r, 422, "current_password")
    r = c.post("/me/password", {"current_password": u.password, "new_password": fresh})
    assert_problem(r, 429)
    s.restart(now=T0 + dt.timedelta(minutes=16))   # the failures have left the window
    assert s.client().sign_in(u.username, u.password).status == 201, "changed while throttled"
