"""User administration (admin only): creating, listing, reading and updating users; the
rules for username, role, institution, locale and password (12..256 characters, write-only);
disabling; an admin cannot disable or demote themself; every other role gets 403."""

import pytest

from harness import (ROLES, assert_no_key, assert_problem, count, list_all, new_institution,
                     new_password, new_user, uniq)

USER_FIELDS = {"id", "username", "display_name", "role", "institution_id", "locale", "active"}


def _body(**fields):
    body = {"username": f"user-{uniq()}", "display_name": "Besa Kola", "password": new_password(),
            "role": "national", "locale": "en"}
    body.update(fields)
    return {k: v for k, v in body.items() if v is not None}


def _rejected(admin, body, status, field):
    before = count(admin, "/users")
    assert_problem(admin.post("/users", body), status, field)
    assert count(admin, "/users") == before, "a refused user was created"


@pytest.mark.parametrize("role", ROLES)
def test_admin_creates_a_user_of_every_role_who_can_sign_in(server, admin, role):
    institution = new_institution(admin)["id"]
    body = _body(role=role, institution_id=institution, display_name=f"Përdorues {role}")
    r = admin.post("/users", body)
    assert r.status == 201, r
    assert USER_FIELDS <= set(r.json), r
    assert r.json["username"] == body["username"] and r.json["role"] == role
    assert r.json["institution_id"] == institution
    assert r.json["display_name"] == f"Përdorues {role}"
    me = server.sign_in(body["username"], body["password"]).get("/me")
    assert me.json["id"] == r.json["id"] and me.json["role"] == role, me


def test_password_is_write_only(admin):
    body = _body()
    created = admin.post("/users", body)
    assert created.status == 201, created
    read = admin.get(f"/users/{created.json['id']}")
    listed = admin.get("/users?limit=500")
    for r in (created, read, listed):
        assert r.status in (200, 201), r
        assert body["password"] not in r.text, f"password echoed: {r}"
        assert_no_key(r.json, "password")
        assert_no_key(r.json, "password_hash")


def test_locale_defaults_to_sq_and_active_to_true(admin):
    r = admin.post("/users", _body(locale=None))
    assert r.status == 201, r
    assert r.json["locale"] == "sq" and r.json["active"] is True, r


def test_users_are_listed_and_read_by_id(admin):
    user = new_user(admin, "auditor")
    assert user.id in [u["id"] for u in list_all(admin, "/users")]
    r = admin.get(f"/users/{user.id}")
    assert r.status == 200, r
    assert r.json["username"] == user.username and r.json["role"] == "auditor", r


@pytest.mark.parametrize("fields, field", [
    ({"username": "ab"}, "username"),
    ({"username": "a" * 65}, "username"),
    ({"username": "Drita"}, "username"),
    ({"username": "drita hoxha"}, "username"),
    ({"username": "drita@example"}, "username"),
    ({"username": "dritë"}, "username"),
    ({"username": None}, "username"),
    ({"role": None}, "role"),
    ({"password": None}, "password"),
    ({"password": "x" * 11}, "password"),
    ({"password": "x" * 257}, "password"),
    ({"role": "superuser"}, "role"),
    ({"locale": "sr-Cyrl"}, "locale"),
    ({"institution_id": 987654321}, "institution_id"),
])
def test_invalid_user_is_422_naming_the_field(admin, fields, field):
    _rejected(admin, _body(**fields), 422, field)


def test_usernames_of_3_and_64_characters_are_accepted(admin):
    for username in ("d3x", ("l" * 64 + uniq())[-64:], f"d.h_{uniq()}-x"):
        r = admin.post("/users", _body(username=username))
        assert r.status == 201, r
        assert r.json["username"] == username, r


@pytest.mark.parametrize("length", [12, 256])
def test_password_of_12_and_256_characters_is_accepted(server, admin, length):
    password = ("p" + uniq() + "q" * length)[:length]
    user = new_user(admin, "national", password=password)
    assert server.client().sign_in(user.username, password).status == 201


def test_duplicate_username_is_422(admin):
    user = new_user(admin, "national")
    _rejected(admin, _body(username=user.username), 422, "username")


@pytest.mark.parametrize("role", ["caseworker", "manager"])
def test_caseworker_and_manager_need_an_institution(admin, role):
    _rejected(admin, _body(role=role, institution_id=None), 422, "institution_id")


def test_patch_changes_display_name_role_and_locale(admin):
    user = new_user(admin, "national")
    r = admin.patch(f"/users/{user.id}", {"display_name": "Mira Kastrati", "role": "auditor",
                                          "locale": "sr-Latn"})
    assert r.status == 200, r
    got = admin.get(f"/users/{user.id}").json
    assert (got["display_name"], got["role"], got["locale"]) == ("Mira Kastrati", "auditor",
                                                                 "sr-Latn"), got


def test_patch_password_changes_sign_in(server, admin):
    user = new_user(admin, "national")
    fresh = new_password()
    assert admin.patch(f"/users/{user.id}", {"password": fresh}).status == 200
    assert_problem(server.client().sign_in(user.username, user.password), 401)
    assert server.client().sign_in(user.username, fresh).status == 201


@pytest.mark.parametrize("fields, field", [
    ({"role": "root"}, "role"), ({"password": "short"}, "password"),
    ({"locale": "de"}, "locale"), ({"username": "Not Valid"}, "username"),
])
def test_invalid_patch_is_422_and_changes_nothing(admin, fields, field):
    user = new_user(admin, "national")
    before = admin.get(f"/users/{user.id}").json
    assert_problem(admin.patch(f"/users/{user.id}", fields), 422, field)
    assert admin.get(f"/users/{user.id}").json == before


def test_patch_to_a_taken_username_is_422(admin):
    a, b = new_user(admin, "national"), new_user(admin, "national")
    assert_problem(admin.patch(f"/users/{b.id}", {"username": a.username}), 422, "username")
    assert admin.get(f"/users/{b.id}").json["username"] == b.username


def test_demoting_to_caseworker_needs_an_institution(admin):
    user = new_user(admin, "national")
    assert_problem(admin.patch(f"/users/{user.id}", {"role": "caseworker"}), 422,
                   "institution_id")
    assert admin.get(f"/users/{user.id}").json["role"] == "national"


def test_disabled_user_cannot_sign_in_until_enabled(server, admin):
    user = new_user(admin, "coordinator")
    r = admin.patch(f"/users/{user.id}", {"active": False})
    assert r.status == 200, r
    assert admin.get(f"/users/{user.id}").json["active"] is False
    assert_problem(server.client().sign_in(user.username, user.password), 401)
    assert admin.patch(f"/users/{user.id}", {"active": True}).status == 200
    assert server.client().sign_in(user.username, user.password).status == 201


@pytest.mark.parametrize("change", [{"active": False}, {"role": "auditor"}])
def test_admin_cannot_disable_or_demote_themself(server, admin, change):
    me = new_user(admin, "admin")
    c = server.sign_in(me.username, me.password)
    r = c.patch(f"/users/{me.id}", change)
    assert r.status in (403, 422), f"expected a refusal, got {r}"
    # a 422 names the refused field, as every invalid-input problem does
    assert_problem(r, r.status, next(iter(change)) if r.status == 422 else None)
    got = admin.get(f"/users/{me.id}").json
    assert got["role"] == "admin" and got["active"] is True, got
    assert c.get("/me").json["role"] == "admin"


def test_admin_can_demote_another_admin(server, admin):
    other = new_user(admin, "admin")
    r = admin.patch(f"/users/{other.id}", {"role": "national"})
    assert r.status == 200, r
    c = server.sign_in(other.username, other.password)
    assert c.get("/me").json["role"] == "national"
    assert_problem(c.get("/users"), 403)


def test_patch_of_unknown_user_is_404(admin):
    assert_problem(admin.patch("/users/987654321", {"display_name": "Nobody"}), 404)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_other_roles_cannot_manage_users(actors, admin, role):
    c = actors.client(role)
    target = actors.user("national" if role != "national" else "auditor")
    before = count(admin, "/users")
    assert_problem(c.get("/users"), 403)
    assert_problem(c.get(f"/users/{target.id}"), 403)
    assert_problem(c.post("/users", _body()), 403)
    assert_problem(c.patch(f"/users/{target.id}", {"display_name": "Hijacked"}), 403)
    assert count(admin, "/users") == before
    assert admin.get(f"/users/{target.id}").json["display_name"] != "Hijacked"


def test_users_need_sign_in(anon, admin):
    before = count(admin, "/users")
    assert_problem(anon.get("/users"), 401)
    assert_problem(anon.post("/users", _body()), 401)
    assert count(admin, "/users") == before


def test_username_cannot_change_and_the_document_says_so(admin):
    """Finding 17: UserUpdate documented `username`, which PATCH refuses (422 unknown field):
    the username is fixed at creation, and the document no longer offers it."""
    from openapi_doc import component, document

    user = new_user(admin, "national")
    r = admin.patch(f"/users/{user.id}", {"username": f"renamed-{uniq()}"})
    assert_problem(r, 422, "username")
    assert r.json["errors"][0]["message"] == "Unknown field" or admin.lang != "en"
    assert admin.get(f"/users/{user.id}").json["username"] == user.username
    update = component(document(admin), "UserUpdate")
    assert "username" not in update["properties"] and update["additionalProperties"] is False


def test_display_name_is_required_and_the_document_says_so(admin):
    """Finding 17: POST /users refused a user without display_name that the document let
    through."""
    from openapi_doc import component, document

    _rejected(admin, _body(display_name=None), 422, "display_name")
    create = component(document(admin), "UserCreate")
    assert "display_name" in create["required"], create["required"]
