"""Sessions and API tokens: sign-in (201, user, CSRF token, `ura_session` cookie with Path=/,
HttpOnly, SameSite=Strict), /me, one indistinguishable 401 for unknown user, wrong password
and disabled account, sign-out, CSRF on cookie-authenticated writes, the `__Host-` cookie
under URA_HTTPS=1, and bearer tokens (shown once, listed without secrets, revocable, no CSRF)."""

import pytest

from harness import (ADMIN_PASSWORD, ADMIN_USER, assert_no_key, assert_problem, count,
                     in_a_month, new_municipality, new_user, parse_set_cookie, uniq)

USER_FIELDS = {"id", "username", "display_name", "role", "institution_id", "locale"}


def _session_cookie(r, name="ura_session"):
    for header in r.headers.get_all("Set-Cookie") or []:
        cookie = parse_set_cookie(header)
        if cookie[0] == name:
            return cookie
    raise AssertionError(f"no {name} cookie set: {r}")


# --- sign-in and /me -----------------------------------------------------------------------

def test_sign_in_returns_user_and_csrf_token(server):
    c = server.client()
    r = c.sign_in(ADMIN_USER, ADMIN_PASSWORD)
    assert r.status == 201, r
    assert USER_FIELDS <= set(r.json["user"]), r
    assert r.json["user"]["username"] == ADMIN_USER
    assert r.json["user"]["role"] == "admin"
    assert isinstance(r.json["csrf_token"], str) and len(r.json["csrf_token"]) >= 16, r
    assert ADMIN_PASSWORD not in r.text
    assert_no_key(r.json, "password")


def test_session_cookie_is_httponly_samesite_strict_path_root(server):
    r = server.client().sign_in(ADMIN_USER, ADMIN_PASSWORD)
    name, value, attrs = _session_cookie(r)
    assert value, "empty session cookie"
    assert attrs.get("path") == "/", attrs
    assert attrs.get("httponly") is True, attrs
    assert str(attrs.get("samesite", "")).lower() == "strict", attrs


def test_each_sign_in_gets_a_new_session_and_csrf_token(server):
    a = server.client()
    b = server.client()
    ra, rb = a.sign_in(ADMIN_USER, ADMIN_PASSWORD), b.sign_in(ADMIN_USER, ADMIN_PASSWORD)
    assert ra.status == rb.status == 201
    assert a.cookies["ura_session"] != b.cookies["ura_session"]
    assert a.csrf != b.csrf


def test_me_describes_the_signed_in_user(server, admin):
    user = new_user(admin, "caseworker", display_name="Arta Lleshi", locale="sr-Latn")
    c = server.sign_in(user.username, user.password)
    r = c.get("/me")
    assert r.status == 200, r
    assert USER_FIELDS <= set(r.json), r
    assert r.json["id"] == user.id
    assert r.json["username"] == user.username
    assert r.json["display_name"] == "Arta Lleshi"
    assert r.json["role"] == "caseworker"
    assert r.json["institution_id"] == user.institution_id
    assert r.json["locale"] == "sr-Latn"
    assert_no_key(r.json, "password")


def test_me_of_the_initial_admin(admin):
    r = admin.get("/me")
    assert r.status == 200, r
    assert r.json["username"] == ADMIN_USER and r.json["role"] == "admin", r


def test_me_without_session_is_401(anon):
    assert_problem(anon.get("/me"), 401)


def test_garbage_session_cookie_is_401(server):
    c = server.client()
    c.cookies["ura_session"] = "not-a-session-" + uniq()
    assert_problem(c.get("/me"), 401)


def test_unknown_user_wrong_password_and_disabled_account_look_the_same(server, admin):
    disabled = new_user(admin, "national")
    assert admin.patch(f"/users/{disabled.id}", {"active": False}).status == 200
    known = new_user(admin, "national")
    answers = [
        server.client().sign_in(f"nobody-{uniq()}", "whatever-password-123"),
        server.client().sign_in(known.username, "wrong-password-123"),
        server.client().sign_in(disabled.username, disabled.password),
    ]
    shapes = set()
    for r in answers:
        problem = assert_problem(r, 401)
        assert "ura_session" not in (r.headers.get("Set-Cookie") or ""), r
        shapes.add((problem["type"], problem["title"], problem["detail"],
                    tuple(sorted(r.error_fields))))
    assert len(shapes) == 1, f"the three refusals differ: {shapes}"


@pytest.mark.parametrize("body, field", [({"username": ADMIN_USER}, "password"),
                                         ({"password": ADMIN_PASSWORD}, "username")])
def test_sign_in_missing_field_is_422(anon, body, field):
    assert_problem(anon.post("/session", body), 422, field)


def test_sign_in_needs_no_csrf_token_even_with_a_cookie(server):
    c = server.sign_in_admin()
    r = c.sign_in(ADMIN_USER, ADMIN_PASSWORD)   # sign_in sends no X-CSRF-Token
    assert r.status == 201, r


# --- sign-out ------------------------------------------------------------------------------

def test_sign_out_clears_the_cookie_and_ends_the_session(server):
    c = server.sign_in_admin()
    old = dict(c.cookies)
    r = c.delete("/session")
    assert r.status == 204, r
    _session_cookie(r)   # the answer sets the cookie again, to clear it
    assert "ura_session" not in c.cookies, f"cookie not cleared: {r.headers.get_all('Set-Cookie')}"
    replay = server.client()
    replay.cookies.update(old)
    assert_problem(replay.get("/me"), 401)
    assert_problem(c.get("/me"), 401)


def test_sign_out_without_a_session_is_401(anon):
    assert_problem(anon.delete("/session"), 401)


def test_sign_out_needs_the_csrf_token(server):
    c = server.sign_in_admin()
    assert_problem(c.delete("/session", csrf=False), 403)
    assert c.get("/me").status == 200, "a refused sign-out ended the session"


# --- CSRF and authentication on writes -----------------------------------------------------

def test_write_without_csrf_token_is_403_and_changes_nothing(server, admin):
    c = server.sign_in_admin()
    before = count(admin, "/municipalities")
    r = c.post("/municipalities", {"name": f"Bashkia {uniq()}", "code": server.next_code(),
                                   "country": "AL"}, csrf=False)
    assert_problem(r, 403)
    assert count(admin, "/municipalities") == before


def test_write_with_another_sessions_csrf_token_is_403(server, admin):
    c, other = server.sign_in_admin(), server.sign_in_admin()
    before = count(admin, "/municipalities")
    r = c.post("/municipalities", {"name": f"Bashkia {uniq()}", "code": server.next_code(),
                                   "country": "AL"}, csrf=other.csrf)
    assert_problem(r, 403)
    assert count(admin, "/municipalities") == before


def test_patch_without_csrf_token_is_403_and_changes_nothing(server, admin):
    municipality = new_municipality(admin)
    c = server.sign_in_admin()
    r = c.patch(f"/municipalities/{municipality['id']}", {"name": "Changed"}, csrf=False)
    assert_problem(r, 403)
    assert admin.get(f"/municipalities/{municipality['id']}").json["name"] == municipality["name"]


def test_unauthenticated_write_is_401_and_changes_nothing(server, admin, anon):
    before = count(admin, "/municipalities")
    r = anon.post("/municipalities", {"name": f"Bashkia {uniq()}", "code": server.next_code(),
                                      "country": "AL"})
    assert_problem(r, 401)
    assert count(admin, "/municipalities") == before


# --- URA_HTTPS -----------------------------------------------------------------------------

def test_behind_tls_the_cookie_is_host_prefixed_and_secure(new_server):
    s = new_server(URA_HTTPS="1")
    c = s.client()
    r = c.sign_in(ADMIN_USER, ADMIN_PASSWORD)
    assert r.status == 201, r
    name, value, attrs = _session_cookie(r, "__Host-ura_session")
    assert attrs.get("secure") is True, attrs
    assert attrs.get("path") == "/" and "domain" not in attrs, attrs
    assert attrs.get("httponly") is True, attrs
    assert str(attrs.get("samesite", "")).lower() == "strict", attrs
    assert "ura_session" not in c.cookies, "plain ura_session cookie set under URA_HTTPS=1"
    assert c.get("/me").status == 200


# --- API tokens ----------------------------------------------------------------------------

def _new_token(client, name=None):
    r = client.post("/tokens", {"name": name or f"integration {uniq()}",
                                "expires_at": in_a_month()})
    assert r.status == 201, r
    assert isinstance(r.json.get("id"), int) and isinstance(r.json.get("token"), str), r
    assert len(r.json["token"]) >= 20, r
    return r.json


def test_token_works_as_bearer_for_its_user(server, admin):
    user = new_user(admin, "coordinator")
    c = server.sign_in(user.username, user.password)
    token = _new_token(c)
    bearer = server.client(token=token["token"])
    r = bearer.get("/me")
    assert r.status == 200, r
    assert r.json["id"] == user.id and r.json["role"] == "coordinator", r


def test_bearer_writes_need_no_csrf_token(server, admin):
    bearer = server.client(token=_new_token(admin)["token"])
    r = bearer.post("/municipalities", {"name": f"Bashkia {uniq()}", "code": server.next_code(),
                                        "country": "XK"})
    assert r.status == 201, r


def test_token_list_shows_own_tokens_without_secrets(server, admin):
    user = new_user(admin, "national")
    c = server.sign_in(user.username, user.password)
    mine = _new_token(c, name=f"mine {uniq()}")
    theirs = _new_token(admin)
    r = c.get("/tokens")
    assert r.status == 200, r
    ids = [t["id"] for t in r.json["items"]]
    assert mine["id"] in ids and theirs["id"] not in ids, r
    assert mine["token"] not in r.text, "the token secret is listed"
    assert_no_key(r.json, "token")
    listed = next(t for t in r.json["items"] if t["id"] == mine["id"])
    assert listed.get("name", "").startswith("mine "), listed


def test_revoked_token_is_401(server, admin):
    token = _new_token(admin)
    bearer = server.client(token=token["token"])
    assert bearer.get("/me").status == 200
    r = admin.delete(f"/tokens/{token['id']}")
    assert r.status == 204, r
    assert_problem(bearer.get("/me"), 401)


def test_cannot_revoke_another_users_token(server, admin):
    user = new_user(admin, "national")
    c = server.sign_in(user.username, user.password)
    token = _new_token(admin)
    assert_problem(c.delete(f"/tokens/{token['id']}"), 404)
    assert server.client(token=token["token"]).get("/me").status == 200


def test_unknown_bearer_token_is_401(server):
    assert_problem(server.client(token="ura_" + "x" * 40).get("/me"), 401)


@pytest.mark.parametrize("body, field", [
    ({"expires_at": in_a_month()}, "name"),
    ({"name": "no expiry"}, "expires_at"),
    ({"name": "bad expiry", "expires_at": "2027-02-30T00:00:00Z"}, "expires_at"),
])
def test_token_needs_a_name_and_a_valid_expiry(admin, body, field):
    before = count(admin, "/tokens")
    assert_problem(admin.post("/tokens", body), 422, field)
    assert count(admin, "/tokens") == before


def test_tokens_need_sign_in(anon):
    assert_problem(anon.get("/tokens"), 401)
    assert_problem(anon.post("/tokens", {"name": "x", "expires_at": in_a_month()}), 401)


def test_bearer_token_keeps_its_users_permissions(server, admin):
    user = new_user(admin, "caseworker")
    c = server.sign_in(user.username, user.password)
    bearer = server.client(token=_new_token(c)["token"])
    before = count(admin, "/municipalities")
    r = bearer.post("/municipalities", {"name": f"Bashkia {uniq()}", "code": server.next_code(),
                                        "country": "AL"})
    assert_problem(r, 403)
    assert count(admin, "/municipalities") == before


def test_sign_out_with_a_bearer_token_is_403_and_ends_nothing(server, admin):
    """Finding 17: DELETE /session with a bearer token answered an undocumented 404. A token
    is not a session: the answer is a documented 403 that says how to revoke the token, and
    the token keeps working (it is revoked only by DELETE /tokens/{id})."""
    from openapi_doc import document, operation

    user = new_user(admin, "national")
    c = server.sign_in(user.username, user.password)
    bearer = server.client(token=_new_token(c)["token"], lang="en")
    r = bearer.delete("/session")
    assert_problem(r, 403)
    assert "DELETE /api/v1/tokens/{id}" in r.json["detail"], r
    assert bearer.get("/me").status == 200, "the token stopped working"
    assert c.get("/me").status == 200, "the user's session ended"
    responses = operation(document(admin), "DELETE", "/session")["responses"]
    assert "403" in responses and "token" in responses["403"]["description"], responses


@pytest.mark.parametrize("query, field", [("limit=0", "limit"), ("limit=501", "limit"),
                                          ("cursor=abc", "cursor"), ("cursor=0", "cursor")])
def test_the_token_list_checks_its_paging_as_every_list(admin, query, field):
    """Found by the contract suite after the merge: GET /tokens declares limit and cursor (one
    page holds every token) but never read them, so ?limit=0 answered 200 where the document
    and every other list answer 400."""
    _new_token(admin)
    assert_problem(admin.get(f"/tokens?{query}"), 400, field)
    r = admin.get("/tokens?limit=1&cursor=1")
    assert r.status == 200 and r.json["next"] is None and len(r.json["items"]) >= 1, r
