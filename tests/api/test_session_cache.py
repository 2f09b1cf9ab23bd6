"""The in-memory session cache (issue 15) never answers for a session the database no longer
vouches for. Each test first uses a session twice (the first request caches it, the second is
answered from the cache), then changes what stands behind it and checks the very next request
sees the change: signing out, a disable, a password reset by the admin or by the user, a role
or locale change; and that a change to one user leaves another's cached
session working; and, on PostgreSQL, that a session cached by one `ura` process ends when
another process on the same database signs it out or disables its user."""

import pytest

import harness
from harness import assert_problem, new_password, new_user


def cached(server, user):
    """A session of `user` that the server has cached (used twice)."""
    c = server.sign_in(user.username, user.password)
    for _ in range(2):
        assert c.get("/me").status == 200
    return c


def replay_of(server, c):
    """Another client holding the same session (its cookie and CSRF token)."""
    other = server.client()
    other.cookies.update(dict(c.cookies))
    other.csrf = c.csrf
    return other


def test_a_cached_session_signed_out_is_401_at_once(server, admin):
    c = cached(server, new_user(admin, "national"))
    replay = replay_of(server, c)
    assert c.delete("/session").status == 204
    assert_problem(replay.get("/me"), 401)


def test_a_cached_session_of_a_disabled_user_is_401_at_once(server, admin):
    u = new_user(admin, "national")
    c = cached(server, u)
    assert admin.patch(f"/users/{u.id}", {"active": False}).status == 200
    assert_problem(c.get("/me"), 401)


def test_a_cached_session_ends_with_a_password_reset_by_the_admin(server, admin):
    u = new_user(admin, "national")
    c = cached(server, u)
    assert admin.patch(f"/users/{u.id}", {"password": new_password()}).status == 200
    assert_problem(c.get("/me"), 401)


def test_a_cached_session_ends_when_the_user_changes_their_password(server, admin):
    u = new_user(admin, "national")
    here, there = cached(server, u), cached(server, u)
    r = here.post("/me/password", {"current_password": u.password,
                                   "new_password": new_password()})
    assert r.status == 204, r
    assert_problem(there.get("/me"), 401)
    assert here.get("/me").status == 200


def test_a_role_change_is_seen_by_the_next_request(server, admin):
    u = new_user(admin, "national")
    c = cached(server, u)
    assert admin.patch(f"/users/{u.id}", {"role": "auditor"}).status == 200
    r = c.get("/me")
    assert r.status == 401 or r.json["role"] == "auditor", f"the cached role answered: {r}"


def test_a_locale_change_from_another_session_is_seen_by_the_next_request(server, admin):
    u = new_user(admin, "national")
    here, there = cached(server, u), cached(server, u)
    assert here.patch("/me", {"locale": "en"}).status == 200
    r = there.get("/me")
    assert r.status == 200 and r.json["locale"] == "en", r


def test_one_users_change_leaves_another_users_cached_session_working(server, admin):
    a, b = new_user(admin, "national"), new_user(admin, "national")
    ca, cb = cached(server, a), cached(server, b)
    assert admin.patch(f"/users/{a.id}", {"active": False}).status == 200
    assert_problem(ca.get("/me"), 401)
    assert cb.get("/me").status == 200
    assert cb.get("/me").json["username"] == b.username


def test_a_change_made_by_another_process_ends_the_cached_session(server, admin,
                                                                  tmp_path_factory):
    if not str(server.db).startswith(("postgres://", "postgresql://")):
        pytest.skip("several processes on one database: PostgreSQL only")
    second = harness.Server(tmp_path_factory.mktemp("ura-second"), init=False)
    second.db, second.env["URA_KEY"] = server.db, server.env["URA_KEY"]
    second.start()
    try:
        u, v = new_user(admin, "national"), new_user(admin, "national")
        here, there = cached(server, u), cached(server, v)
        over_there = replay_of(second, here)
        assert over_there.get("/me").status == 200
        assert over_there.delete("/session").status == 204
        assert_problem(here.get("/me"), 401)
        other_admin = second.sign_in_admin()
        assert other_admin.patch(f"/users/{v.id}", {"active": False}).status == 200
        assert_problem(there.get("/me"), 401)
    finally:
        second.stop()
