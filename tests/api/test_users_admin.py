"""Users for the administrator's screen (CONTRACT.md "The coordination screens (issue 13)":
users).

- GET /users, GET /users/{id} (and the answers of POST and PATCH) carry `active` and
  `totp_enabled` (false until the user turns the second factor on, true after); the field
  is read-only (422 as an unknown field in POST and PATCH); never a password or its hash.
- GET /users?role=&institution_id= filters (combined, with paging); an unknown institution
  lists nothing; a bad value is 400 naming the parameter; only the admin lists users.
"""

import pytest

import harness
from harness import (T0, assert_problem, list_all, new_institution, new_password, new_user,
                     uniq)
from test_caseload import assert_schema
from test_totp import enrol


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-users-admin"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def people(admin):
    a, b = new_institution(admin), new_institution(admin)
    return {"a": a, "b": b, "users": [new_user(admin, "caseworker", a["id"]),
                                      new_user(admin, "manager", a["id"]),
                                      new_user(admin, "caseworker", b["id"]),
                                      new_user(admin, "coordinator"),
                                      new_user(admin, "national")]}


def test_users_carry_active_and_totp_enabled(server, admin, people):
    u = people["users"][0]
    got = admin.get(f"/users/{u.id}")
    assert got.status == 200 and (got.json["active"], got.json["totp_enabled"]) == \
        (True, False), got
    assert_schema(got.json, "User")
    assert "password" not in got.json and "password_hash" not in got.json
    page = admin.get("/users")
    assert_schema(page.json, "UserList")
    c = server.sign_in(u.username, u.password)
    enrol(c, T0)
    assert admin.get(f"/users/{u.id}").json["totp_enabled"] is True
    listed = [x for x in list_all(admin, "/users") if x["id"] == u.id]
    assert listed[0]["totp_enabled"] is True, listed
    r = admin.patch(f"/users/{u.id}", {"active": False})
    assert r.status == 200 and (r.json["active"], r.json["totp_enabled"]) == (False, True), r


def test_totp_enabled_is_read_only(admin, people):
    u = people["users"][1]
    assert_problem(admin.patch(f"/users/{u.id}", {"totp_enabled": True}), 422, "totp_enabled")
    assert admin.get(f"/users/{u.id}").json["totp_enabled"] is False
    body = {"username": f"ro-{uniq()}", "display_name": "X", "password": new_password(),
            "role": "national", "totp_enabled": True}
    assert_problem(admin.post("/users", body), 422, "totp_enabled")
    r = admin.post("/users", dict(body, totp_enabled=None, username=f"ro-{uniq()}"))
    assert_problem(r, 422, "totp_enabled")
    del body["totp_enabled"]
    r = admin.post("/users", body)
    assert r.status == 201 and r.json["totp_enabled"] is False, r


def test_filters_by_role_and_institution(admin, people):
    a, b = people["a"]["id"], people["b"]["id"]
    def ids(**params):
        return sorted(x["id"] for x in list_all(admin, "/users", **params))

    users = people["users"]
    assert ids(institution_id=a) == sorted([users[0].id, users[1].id])
    assert ids(institution_id=b) == [users[2].id]
    assert ids(institution_id=a, role="manager") == [users[1].id]
    everyone = list_all(admin, "/users")
    for role in ("caseworker", "coordinator", "national", "admin"):
        assert ids(role=role) == sorted(x["id"] for x in everyone if x["role"] == role), role
    assert ids(institution_id=99999999) == []
    first = admin.get(f"/users?institution_id={a}&limit=1")
    assert len(first.json["items"]) == 1 and first.json["next"], first
    second = admin.get(f"/users?institution_id={a}&limit=1&cursor={first.json['next']}")
    assert [x["id"] for x in first.json["items"] + second.json["items"]] == \
        sorted([users[0].id, users[1].id]), second
    assert second.json["next"] is None, second


@pytest.mark.parametrize("query,field", [("role=boss", "role"), ("role=Admin", "role"),
                                         ("institution_id=abc", "institution_id"),
                                         ("institution_id=-1", "institution_id")])
def test_bad_filters_are_400(admin, query, field):
    assert_problem(admin.get(f"/users?{query}"), 400, field)


@pytest.mark.parametrize("role", ["coordinator", "auditor", "national", "caseworker"])
def test_only_the_admin_lists_users(actors, role):
    assert_problem(actors.client(role).get("/users?role=admin"), 403)
