"""The second factor (TOTP, RFC 6238: 30 s, 6 digits) and its recovery codes.

- Enrolment: POST /me/totp -> 201 {secret, otpauth_uri, qr {size, rows}, qr_svg} (a pending
  secret, replacing any earlier one; 409 when one is on); POST /me/totp/confirm {code} -> 200
  {recovery_codes: ten}, then it is on (wrong code: 422 on `code`; nothing pending: 409).
- Sign-in for a user with TOTP: no or a wrong `totp` after the right password -> 401 with
  errors naming `totp` and `totp_required: true` (a wrong password stays the plain 401); a
  code works once (replay refused, the confirming one included); a recovery code works once.
  These failures count toward the sign-in throttle.
- Enforcement by role (`totp_required_roles`, default admin and auditor): a session of such a
  user without TOTP may only read /me, enrol, change its password and sign out (403 with a
  detail in the caller's language); DELETE /me/totp is refused for such a role (403).
- DELETE /me/totp {code} (a code or a recovery code) -> 204; the admin's DELETE
  /users/{id}/totp -> 204 and ends the user's sessions. Tokens cannot do any of this (403).
- Secrets and recovery codes are not stored in clear; every step is audited.

Codes are computed here (harness.totp_code), never asked of the server; time moves by
restarting the server with a later URA_NOW.
"""

import datetime as dt
import re

import pytest

import harness
from harness import (ADMIN_PASSWORD, ADMIN_USER, T0, assert_problem, in_a_month, list_all,
                     new_user, totp_code)

STEP = dt.timedelta(seconds=30)
CODE = re.compile(r"^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$")
ME_FIELDS = {"id", "username", "display_name", "role", "institution_id", "institution_name",
             "locale", "totp_enabled", "totp_enrolment_required", "idle_lock_minutes"}


def begin(client):
    r = client.post("/me/totp")
    assert r.status == 201, f"beginning enrolment: {r}"
    return r.json


def enrol(client, at):
    """Enrols the client's user at time `at`; returns (secret, recovery codes)."""
    secret = begin(client)["secret"]
    r = client.post("/me/totp/confirm", {"code": totp_code(secret, at)})
    assert r.status == 200, f"confirming enrolment: {r}"
    return secret, r.json["recovery_codes"]


def refused_for_totp(r):
    """The 401 after the right password: `totp` named, totp_required true, no session."""
    body = assert_problem(r, 401, "totp")
    assert body.get("totp_required") is True, r
    assert "Set-Cookie" not in r.headers, r
    return body


def actions(auditor, user_id):
    return [e["action"] for e in reversed(list_all(auditor, "/audit", user_id=user_id))]


@pytest.fixture
def clock_server(new_server):
    """A server of its own at T0 (no role enforced: the users here choose TOTP)."""
    return new_server(now=T0)


# --- the test: enrol, sign in, replay, recovery ------------------------------------

def test_enrol_sign_in_with_a_code_replay_refused_recovery_code_once(clock_server):
    s = clock_server
    admin = s.sign_in_admin()
    u = new_user(admin, "caseworker")
    c = s.sign_in(u.username, u.password)

    secret, codes = enrol(c, T0)
    assert c.get("/me").json["totp_enabled"] is True
    assert len(codes) == 10 and len(set(codes)) == 10, codes
    assert all(CODE.match(x) for x in codes), codes

    # the code that confirmed enrolment is used up
    refused_for_totp(s.client().sign_in(u.username, u.password, totp=totp_code(secret, T0)))
    # without a code, and with a wrong one
    refused_for_totp(s.client().sign_in(u.username, u.password))
    wrong = f"{(int(totp_code(secret, T0 + STEP)) + 1) % 10 ** 6:06d}"
    refused_for_totp(s.client().sign_in(u.username, u.password, totp=wrong))

    s.restart(now=T0 + STEP)
    code = totp_code(secret, T0 + STEP)
    first = s.client()
    r = first.sign_in(u.username, u.password, totp=code)
    assert r.status == 201, f"a fresh code was refused: {r}"
    assert first.get("/me").status == 200
    refused_for_totp(s.client().sign_in(u.username, u.password, totp=code))

    r = s.client().sign_in(u.username, u.password, totp=codes[0])
    assert r.status == 201, f"a recovery code was refused: {r}"
    refused_for_totp(s.client().sign_in(u.username, u.password, totp=codes[0]))
    # as typed by a person: capitals, no dashes
    r = s.client().sign_in(u.username, u.password, totp=codes[1].replace("-", "").upper())
    assert r.status == 201, r

    auditor = s.sign_in(*_auditor(admin))
    log = actions(auditor, u.id)
    assert log[1:3] == ["totp.begin", "totp.enable"], log
    recovered = [e for e in list_all(auditor, "/audit", user_id=u.id)
                 if e["action"] == "session.create" and e["fields"] == ["recovery_code"]]
    assert len(recovered) == 2, recovered


def _auditor(admin):
    a = new_user(admin, "auditor")
    return a.username, a.password


def test_a_wrong_password_gives_no_hint_about_the_second_factor(clock_server):
    admin = clock_server.sign_in_admin()
    u = new_user(admin, "caseworker")
    enrol(clock_server.sign_in(u.username, u.password), T0)
    r = clock_server.client().sign_in(u.username, "not-the-password-1", totp="123456")
    body = assert_problem(r, 401)
    assert "totp_required" not in body and "totp" not in r.error_fields, r
    unknown = clock_server.client().sign_in(f"nobody-{harness.uniq()}", "not-the-password-1")
    assert assert_problem(unknown, 401)["detail"] == body["detail"]


def test_second_factor_failures_count_toward_the_throttle(clock_server):
    admin = clock_server.sign_in_admin()
    u = new_user(admin, "caseworker")
    secret, _ = enrol(clock_server.sign_in(u.username, u.password), T0)
    for _ in range(5):
        refused_for_totp(clock_server.client().sign_in(u.username, u.password, totp="000000"))
    clock_server.restart(now=T0 + STEP)
    r = clock_server.client().sign_in(u.username, u.password,
                                      totp=totp_code(secret, T0 + STEP))
    assert_problem(r, 429)
    assert int(r.headers["Retry-After"]) > 0, r


# --- enrolment ------------------------------------------------------------------------------

def test_enrolment_answer_and_qr_code(server, admin):
    u = new_user(admin, "manager")
    c = server.sign_in(u.username, u.password)
    e = begin(c)
    assert set(e) == {"secret", "otpauth_uri", "qr", "qr_svg"}, e
    assert re.fullmatch(r"[A-Z2-7]{32}", e["secret"]), e
    assert e["otpauth_uri"] == \
        f"otpauth://totp/Ura:{u.username}?secret={e['secret']}&issuer=Ura", e
    size, rows = e["qr"]["size"], e["qr"]["rows"]
    assert size >= 21 and (size - 17) % 4 == 0 and len(rows) == size, e["qr"]
    assert all(len(row) == size and set(row) <= {"0", "1"} for row in rows), rows
    # the three finder patterns
    for row in (rows[0], rows[6]):
        assert row[:7] == "1111111" and row[-7:] == "1111111", row
    assert rows[-1][:7] == "1111111", rows[-1]
    assert e["qr_svg"].startswith("<svg") and e["qr_svg"].endswith("</svg>"), e["qr_svg"][:80]
    assert e["secret"] not in e["qr_svg"], "the SVG carries the secret as text"
    assert c.get("/me").json["totp_enabled"] is False, "on before it was confirmed"


def test_a_new_enrolment_replaces_the_pending_secret(server, admin):
    u = new_user(admin, "caseworker")
    c = server.sign_in(u.username, u.password)
    first, second = begin(c)["secret"], begin(c)["secret"]
    assert first != second
    old = c.post("/me/totp/confirm", {"code": totp_code(first, dt.datetime.now(harness.UTC))})
    assert_problem(old, 422, "code")
    r = c.post("/me/totp/confirm", {"code": totp_code(second, dt.datetime.now(harness.UTC))})
    assert r.status == 200, r


def test_confirm_refusals(server, admin):
    u = new_user(admin, "caseworker")
    c = server.sign_in(u.username, u.password)
    assert_problem(c.post("/me/totp/confirm", {"code": "123456"}), 409)
    begin(c)
    assert_problem(c.post("/me/totp/confirm", {"code": "12345"}), 422, "code")
    assert_problem(c.post("/me/totp/confirm", {}), 422, "code")
    assert_problem(c.post("/me/totp/confirm", {"code": 123456}), 400, "code")
    assert_problem(c.post("/me/totp/confirm", {"code": "123456", "x": 1}), 422, "x")
    assert c.get("/me").json["totp_enabled"] is False


def test_enrolling_again_while_on_is_409(server, admin):
    u = new_user(admin, "caseworker")
    c = server.sign_in(u.username, u.password)
    enrol(c, dt.datetime.now(harness.UTC))
    assert_problem(c.post("/me/totp"), 409)


def test_secrets_and_recovery_codes_are_not_stored_in_clear(server, admin):
    u = new_user(admin, "caseworker")
    c = server.sign_in(u.username, u.password)
    secret, codes = enrol(c, dt.datetime.now(harness.UTC))
    dump = repr(harness.query_db(server.db, f"SELECT * FROM users WHERE id = {u.id}"))
    dump += repr(harness.query_db(server.db, "SELECT * FROM totp_recovery_codes"))
    for text in [secret, secret.lower(), *codes, *(x.replace("-", "") for x in codes)]:
        assert text not in dump, f"{text!r} is stored in clear"


def test_tokens_cannot_manage_the_second_factor(server, admin):
    u = new_user(admin, "caseworker")
    c = server.sign_in(u.username, u.password)
    t = c.post("/tokens", {"name": "integration", "expires_at": in_a_month()}).json["token"]
    bearer = server.client(token=t)
    assert_problem(bearer.post("/me/totp"), 403)
    assert_problem(bearer.post("/me/totp/confirm", {"code": "123456"}), 403)
    assert_problem(bearer.delete("/me/totp", {"code": "123456"}), 403)


# --- turning it off -------------------------------------------------------------------------

def test_a_user_turns_it_off_with_a_code_or_a_recovery_code(clock_server):
    s = clock_server
    admin = s.sign_in_admin()
    for by_recovery in (False, True):
        u = new_user(admin, "caseworker")
        c = s.sign_in(u.username, u.password)
        secret, codes = enrol(c, T0)
        assert_problem(c.delete("/me/totp", {"code": "000000"}), 422, "code")
        assert_problem(c.delete("/me/totp", {"code": totp_code(secret, T0)}), 422, "code")
        code = codes[3] if by_recovery else totp_code(secret, T0 + STEP)
        if not by_recovery:
            s.restart(now=T0 + STEP)
        r = c.delete("/me/totp", {"code": code})
        assert r.status == 204, r
        assert c.get("/me").json["totp_enabled"] is False
        assert_problem(c.delete("/me/totp", {"code": code}), 409)
        assert s.client().sign_in(u.username, u.password).status == 201
    assert "totp.disable" in actions(s.sign_in(*_auditor(admin)), u.id)


def test_the_admin_resets_a_users_second_factor(server, admin, actors):
    u = new_user(admin, "caseworker")
    c = server.sign_in(u.username, u.password)
    enrol(c, dt.datetime.now(harness.UTC))
    for role in ("caseworker", "auditor", "coordinator"):
        assert_problem(actors.client(role).delete(f"/users/{u.id}/totp"), 403)
    assert_problem(admin.delete("/users/99999999/totp"), 404)
    r = admin.delete(f"/users/{u.id}/totp")
    assert r.status == 204, r
    assert_problem(c.get("/me"), 401)   # the reset ended the user's sessions
    again = server.client()
    assert again.sign_in(u.username, u.password).status == 201, "still asked for a code"
    assert again.get("/me").json["totp_enabled"] is False
    assert "totp.reset" in [e["action"] for e in list_all(actors.client("auditor"), "/audit",
                                                           user_id=admin.user["id"])]


# --- enforcement by role --------------------------------------------------------------------

def test_the_test_servers_enforce_no_second_factor(admin):
    """harness.TEST_SETTINGS: the suite's servers let the admin work without TOTP."""
    me = admin.get("/me").json
    assert me["totp_enrolment_required"] is False and me["totp_enabled"] is False, me
    assert admin.get("/users").status == 200


def test_by_default_admin_and_auditor_must_enrol_before_anything_else(new_server):
    s = new_server(now=T0, defaults=True)
    c = s.client(lang="en")
    r = c.sign_in(ADMIN_USER, ADMIN_PASSWORD)
    assert r.status == 201, r
    assert r.json["user"]["totp_enrolment_required"] is True, r
    me = c.get("/me")
    assert me.status == 200 and ME_FIELDS <= set(me.json), me
    assert me.json["totp_enrolment_required"] is True and me.json["idle_lock_minutes"] == 15
    assert me.json["institution_name"] is None
    for method, path, body in (("GET", "/users", None), ("GET", "/municipalities", None),
                               ("GET", "/audit", None), ("POST", "/tokens",
                                                         {"name": "x", "expires_at": "x"}),
                               ("PATCH", "/me", {"locale": "en"}),
                               ("DELETE", "/me/totp", {"code": "123456"})):
        r = c.request(method, path, body) if body is not None else c.request(method, path)
        detail = assert_problem(r, 403)["detail"]
        assert "two-step" in detail, r
    sq = c.get("/users", lang="sq")
    assert assert_problem(sq, 403)["detail"] != detail, "the detail is not in the caller's language"

    secret, _ = enrol(c, T0)
    assert c.get("/users").status == 200, "enrolled, still refused"
    assert c.get("/me").json["totp_enrolment_required"] is False
    assert_problem(c.delete("/me/totp", {"code": totp_code(secret, T0 + STEP)}), 403)

    auditor_user = new_user(c, "auditor")
    a = s.client()
    assert a.sign_in(auditor_user.username, auditor_user.password).json["user"][
        "totp_enrolment_required"] is True
    assert_problem(a.get("/audit"), 403)
    worker = new_user(c, "caseworker")
    w = s.sign_in(worker.username, worker.password)
    assert w.get("/me").json["totp_enrolment_required"] is False
    assert w.get("/cases").status == 200, "a caseworker was held up by the admin's rule"

    assert c.delete("/session").status == 204
    refused_for_totp(s.client().sign_in(ADMIN_USER, ADMIN_PASSWORD))
    s.restart(now=T0 + STEP)
    r = s.client().sign_in(ADMIN_USER, ADMIN_PASSWORD, totp=totp_code(secret, T0 + STEP))
    assert r.status == 201 and r.json["user"]["totp_enabled"] is True, r


def test_the_roles_that_must_enrol_are_a_setting(new_server):
    s = new_server(defaults=True, URA_TOTP_REQUIRED_ROLES="caseworker")
    admin = s.sign_in_admin()
    assert admin.get("/users").status == 200
    u = new_user(admin, "caseworker")
    c = s.sign_in(u.username, u.password)
    assert c.get("/me").json["totp_enrolment_required"] is True
    assert_problem(c.get("/cases"), 403)
