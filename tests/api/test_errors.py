"""Bad input and the error format, per CONTRACT.md "HTTP details": malformed JSON, non-object
bodies, invalid UTF-8 and wrong JSON types (400, naming the field); unknown fields, unknown
enum values, impossible dates and references to missing objects (422); bodies over 1 MiB
(413); content types other than application/json (415); path ids that are not positive
int64 (400, field `id`) or unknown (404); list `limit`/`cursor`; and problem titles and
messages that follow Accept-Language. Every rejected write is checked to change nothing."""

import json

import pytest

from harness import (MIB, assert_problem, count, in_a_month, list_all, new_institution,
                     new_mechanism, new_municipality, new_password, uniq)

PATHS = {"municipality": "/municipalities", "institution": "/institutions",
         "mechanism": "/mechanisms", "user": "/users", "token": "/tokens",
         "member": "/mechanisms/{mechanism}/members"}
DROP = object()   # an override value that removes the field


class Context:
    def __init__(self, server, admin):
        self.server, self.admin = server, admin
        self.municipality = new_municipality(admin)["id"]
        self.mechanism = new_mechanism(admin, self.municipality)["id"]

    def path(self, kind):
        return PATHS[kind].format(mechanism=self.mechanism)

    def valid(self, kind):
        """A body that would be accepted, with unique names."""
        if kind == "municipality":
            return {"name": f"Bashkia {uniq()}", "code": self.server.next_code(),
                    "region": "Veri", "country": "AL"}
        if kind == "institution":
            return {"name": f"Policia {uniq()}", "type": "police",
                    "municipality_id": self.municipality, "phone": "+355 82 242 111",
                    "email": "policia@example.org", "address": "Bulevardi Shën Gjergji",
                    "services": ["police_protection"], "languages": ["sq", "en"], "capacity": None}
        if kind == "mechanism":
            return {"name": f"Mekanizmi {uniq()}", "kind": "gbv",
                    "municipality_id": new_municipality(self.admin)["id"],
                    "memorandum_date": "2025-01-15", "memorandum_ref": "MoU 12/2025",
                    "min_meetings_per_year": 4}
        if kind == "user":
            return {"username": f"user-{uniq()}", "display_name": "Drita Hoxha",
                    "password": new_password(), "role": "national", "locale": "en"}
        if kind == "token":
            return {"name": f"integration {uniq()}", "expires_at": in_a_month()}
        if kind == "member":
            return {"institution_id": new_institution(self.admin, self.municipality)["id"],
                    "joined_on": "2025-02-01"}
        raise ValueError(kind)

    def body(self, kind, overrides):
        body = self.valid(kind)
        for key, value in overrides.items():
            if value is DROP:
                body.pop(key, None)
            else:
                body[key] = value
        return body

    def rejected(self, kind, status, field=None, body=None, raw=None, **kw):
        """Posts a bad body; asserts the problem and that the collection did not change."""
        path = self.path(kind)
        before = count(self.admin, path)
        if raw is not None:
            r = self.admin.post(path, raw=raw, **kw)
        else:
            r = self.admin.post(path, body, **kw)
        problem = assert_problem(r, status, field)
        assert count(self.admin, path) == before, f"rejected {kind} write changed the list"
        return problem


@pytest.fixture(scope="module")
def ctx(server, admin):
    return Context(server, admin)


# --- 400: not JSON, not an object, not UTF-8, wrong types ---------------------------------

@pytest.mark.parametrize("raw", [
    b"{", b"", b'{"name": "Bashkia",}', b"{'name': 'Bashkia'}", b'{"name": "a" "code": "b"}',
    b'{"name": "Bashkia"} trailing', b'{"name": NaN}', b'{"name": "unterminated}',
], ids=["open-brace", "empty", "trailing-comma", "single-quotes", "missing-comma",
        "trailing-garbage", "nan", "unterminated-string"])
def test_malformed_json_is_400(ctx, raw):
    ctx.rejected("municipality", 400, raw=raw)


@pytest.mark.parametrize("raw", [b"[]", b'[{"name": "Bashkia"}]', b'"Bashkia"', b"42",
                                 b"null", b"true"],
                         ids=["array", "array-of-object", "string", "number", "null", "bool"])
def test_non_object_json_is_400(ctx, raw):
    ctx.rejected("municipality", 400, raw=raw)


@pytest.mark.parametrize("bad", [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xc3", b"\xe4"],
                         ids=["ff-byte", "overlong", "encoded-surrogate", "truncated", "latin1"])
def test_invalid_utf8_in_body_is_400(ctx, bad):
    raw = b'{"name": "Bashkia ' + bad + b'", "code": "' + ctx.server.next_code().encode() + \
          b'", "country": "AL"}'
    ctx.rejected("municipality", 400, raw=raw)


def test_invalid_utf8_in_a_key_is_400(ctx):
    raw = b'{"n\xe4me": "Bashkia", "code": "' + ctx.server.next_code().encode() + \
          b'", "country": "AL"}'
    ctx.rejected("municipality", 400, raw=raw)


# Finding 18: these bodies got "not valid JSON", which says nothing of what is wrong. JSON
# allows both; Ura takes neither, and says which field holds it.
@pytest.mark.parametrize("kind, raw, field, message", [
    ("municipality", '{"name": "Bash\\u0000kia", "code": "%s", "country": "AL"}', "name",
     "U+0000"),
    ("member", '{"institution_id": 9223372036854775808}', "institution_id",
     "9223372036854775807"),
    ("member", '{"institution_id": -9223372036854775809}', "institution_id",
     "9223372036854775807"),
    ("institution", '{"name": "P", "type": "police", "municipality_id": 1, '
     '"services": ["shelter", "legal_\\u0000aid"]}', "services[1]", "U+0000"),
], ids=["nul-in-string", "int64-max-plus-one", "int64-min-minus-one", "nul-in-list"])
def test_nul_and_64_bit_overflow_are_400_naming_the_field(ctx, kind, raw, field, message):
    raw = raw % ctx.server.next_code() if "%s" in raw else raw
    problem = ctx.rejected(kind, 400, field, raw=raw.encode(), lang="en")
    assert message in problem["detail"] and "not valid JSON" not in problem["detail"], problem
    assert [e["field"] for e in problem["errors"]] == [field], problem


def test_a_key_twice_is_400_saying_so(ctx):
    raw = '{"name": "A", "name": "B", "code": "%s", "country": "AL"}' % ctx.server.next_code()
    problem = ctx.rejected("municipality", 400, "name", raw=raw.encode(), lang="en")
    assert "twice" in problem["detail"], problem


def test_int64_bounds_themselves_are_read_as_numbers(ctx):
    """The largest int64 is an integer the server reads (and finds no such institution)."""
    r = ctx.admin.post(ctx.path("member"), {"institution_id": 9223372036854775807})
    assert_problem(r, 422, "institution_id")


@pytest.mark.parametrize("kind, overrides, field", [
    ("municipality", {"name": 5}, "name"),
    ("municipality", {"code": ["ABC"]}, "code"),
    ("municipality", {"country": True}, "country"),
    ("municipality", {"region": {"name": "Jug"}}, "region"),
    ("institution", {"capacity": "ten"}, "capacity"),
    ("institution", {"capacity": True}, "capacity"),
    ("institution", {"services": "shelter"}, "services"),
    ("institution", {"languages": [1]}, "languages"),
    ("institution", {"municipality_id": "1"}, "municipality_id"),
    ("mechanism", {"min_meetings_per_year": "4"}, "min_meetings_per_year"),
    ("mechanism", {"memorandum_date": 20250115}, "memorandum_date"),
    ("user", {"active": "yes"}, "active"),
    ("user", {"username": 12345}, "username"),
    ("user", {"role": ["admin"]}, "role"),
    ("token", {"name": 7}, "name"),
    ("token", {"expires_at": 1893456000}, "expires_at"),
    ("member", {"institution_id": "1"}, "institution_id"),
])
def test_wrong_json_type_is_400_naming_the_field(ctx, kind, overrides, field):
    ctx.rejected(kind, 400, field, body=ctx.body(kind, overrides))


# --- 422: unknown fields and enum values, impossible dates, missing references -----------

@pytest.mark.parametrize("kind", list(PATHS))
def test_unknown_field_is_422_naming_it(ctx, kind):
    ctx.rejected(kind, 422, "colour", body=ctx.body(kind, {"colour": "blue"}))


@pytest.mark.parametrize("kind, overrides, field", [
    ("municipality", {"country": "RS"}, "country"),
    ("municipality", {"country": "al"}, "country"),
    ("institution", {"type": "hospital"}, "type"),
    ("institution", {"services": ["shelter", "spa"]}, "services"),
    ("institution", {"languages": ["sq", "de"]}, "languages"),
    ("mechanism", {"kind": "robbery"}, "kind"),
    ("user", {"role": "root"}, "role"),
    ("user", {"locale": "fr"}, "locale"),
])
def test_unknown_enum_value_is_422(ctx, kind, overrides, field):
    ctx.rejected(kind, 422, field, body=ctx.body(kind, overrides))


@pytest.mark.parametrize("lang, lead", [("en", "Must be one of: "),
                                        ("sq", "Duhet të jetë një nga: "),
                                        ("sr-Latn", "Mora biti jedno od: ")])
def test_unknown_enum_value_lists_the_allowed_values(ctx, lang, lead):
    problem = ctx.rejected("mechanism", 422, "kind", body=ctx.body("mechanism", {"kind": "robbery"}),
                           lang=lang)
    error = next(e for e in problem["errors"] if e["field"] == "kind")
    assert error["allowed"] == ["domestic_violence", "gbv", "hate_crime", "reintegration"]
    assert error["message"] == lead + "domestic_violence, gbv, hate_crime, reintegration"


def test_an_unknown_item_of_a_list_names_the_list_s_values(ctx):
    problem = ctx.rejected("institution", 422, "services",
                           body=ctx.body("institution", {"services": ["shelter", "spa"]}),
                           lang="en")
    error = next(e for e in problem["errors"] if e["field"] == "services")
    assert "shelter" in error["allowed"] and "spa" not in error["allowed"]
    assert error["message"] == "Must be one of: " + ", ".join(error["allowed"])


def test_an_unknown_filter_value_lists_the_allowed_values(admin):
    problem = assert_problem(admin.get("/users?role=root", lang="en"), 400, "role")
    assert "coordinator" in problem["errors"][0]["allowed"]
    assert problem["errors"][0]["message"] == "Must be one of: " + ", ".join(
        problem["errors"][0]["allowed"])


@pytest.mark.parametrize("kind, field, value", [
    ("mechanism", "memorandum_date", "1991-02-31"),
    ("mechanism", "memorandum_date", "2023-02-29"),
    ("mechanism", "memorandum_date", "2026-13-01"),
    ("mechanism", "memorandum_date", "2026-04-00"),
    ("mechanism", "memorandum_date", "2026-4-5"),
    ("mechanism", "memorandum_date", "31.12.2026"),
    ("member", "joined_on", "1991-02-31"),
    ("member", "joined_on", "yesterday"),
    ("token", "expires_at", "1991-02-31T00:00:00Z"),
    ("token", "expires_at", "2027-01-01T25:00:00Z"),
    ("token", "expires_at", "next week"),
])
def test_impossible_date_is_422(ctx, kind, field, value):
    ctx.rejected(kind, 422, field, body=ctx.body(kind, {field: value}))


def test_leap_day_is_a_valid_date(ctx):
    r = ctx.admin.post("/mechanisms", ctx.body("mechanism", {"memorandum_date": "2024-02-29"}))
    assert r.status == 201, r
    assert r.json["memorandum_date"] == "2024-02-29", r


@pytest.mark.parametrize("kind, field", [
    ("institution", "municipality_id"), ("mechanism", "municipality_id"),
    ("mechanism", "coordinator_user_id"), ("user", "institution_id"),
    ("member", "institution_id"),
])
def test_reference_to_a_missing_object_is_422(ctx, kind, field):
    ctx.rejected(kind, 422, field, body=ctx.body(kind, {field: 987654321}))


# --- 413 and 415 ---------------------------------------------------------------------------

def _padded_municipality(ctx, size):
    head = '{"code": "%s", "country": "AL", "name": "' % ctx.server.next_code()
    tail = '"}'
    raw = (head + "a" * (size - len(head) - len(tail)) + tail).encode()
    assert len(raw) == size
    return raw


def test_body_over_1_mib_is_413(ctx):
    ctx.rejected("municipality", 413, raw=_padded_municipality(ctx, MIB + 1))


def test_body_of_exactly_1_mib_is_read(ctx):
    """1 MiB is allowed: the body is parsed, and the over-long name is what is refused."""
    ctx.rejected("municipality", 422, "name", raw=_padded_municipality(ctx, MIB))


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "application/xml", None],
                         ids=["text", "form", "xml", "missing"])
def test_non_json_content_type_is_415(ctx, content_type):
    raw = json.dumps(ctx.valid("municipality")).encode()
    ctx.rejected("municipality", 415, raw=raw, content_type=content_type)


def test_json_content_type_with_charset_is_accepted(ctx):
    body = ctx.valid("municipality")
    r = ctx.admin.post("/municipalities", raw=json.dumps(body).encode(),
                       content_type="application/json; charset=utf-8")
    assert r.status == 201, r


# --- path ids ------------------------------------------------------------------------------

BAD_IDS = ["abc", "0", "-1", "1.5", "1e3", "0x10", "99999999999999999999",
           "9223372036854775808"]
ID_PATHS = ["/municipalities/{}", "/institutions/{}", "/mechanisms/{}", "/users/{}",
            "/mechanisms/{}/members"]


@pytest.mark.parametrize("bad", BAD_IDS)
@pytest.mark.parametrize("template", ID_PATHS)
def test_path_id_not_a_positive_int64_is_400(admin, template, bad):
    r = admin.get(template.format(bad))
    assert_problem(r, 400, "id")


@pytest.mark.parametrize("bad", ["abc", "0", "99999999999999999999"])
def test_patch_with_bad_path_id_is_400(admin, bad):
    r = admin.patch(f"/municipalities/{bad}", {"name": "Bashkia"})
    assert_problem(r, 400, "id")


@pytest.mark.parametrize("bad", ["abc", "-1", "9223372036854775808"])
def test_delete_token_with_bad_path_id_is_400(admin, bad):
    r = admin.delete(f"/tokens/{bad}")
    assert_problem(r, 400, "id")


def test_every_path_id_documents_400_and_404(admin):
    """Finding 17: id 0 (or -1, or 2^63) answered 400 on routes whose document did not list
    400. Every operation with a path id now documents 400 (not an id) and 404 (not there),
    with Id bounded to 1..2^63-1 (a path parameter that is a file's name, /assets/{name},
    is no id)."""
    from openapi_doc import document, resolve

    doc = document(admin)
    assert doc["components"]["schemas"]["Id"]["maximum"] == 9223372036854775807
    missing = []
    for path, item in doc["paths"].items():
        if "{" not in path:
            continue
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                responses = item[method]["responses"]
                missing += [f"{method.upper()} {path} {s}" for s in ("400", "404")
                            if s not in responses]
                params = [resolve(doc, p) for p in item.get("parameters", []) +
                          item[method].get("parameters", [])]
                for p in params:
                    if p["in"] == "path" and resolve(doc, p["schema"])["type"] != "string":
                        assert resolve(doc, p["schema"])["minimum"] == 1, (path, p)
    assert not missing, missing


@pytest.mark.parametrize("well_formed", ["9223372036854775807", "987654321"])
@pytest.mark.parametrize("template", ID_PATHS)
def test_unknown_well_formed_id_is_404(admin, template, well_formed):
    assert_problem(admin.get(template.format(well_formed)), 404)


def test_patch_of_unknown_id_is_404(admin):
    assert_problem(admin.patch("/municipalities/987654321", {"name": "Bashkia"}), 404)


# --- lists ---------------------------------------------------------------------------------

@pytest.mark.parametrize("limit", ["0", "501", "-1", "abc", "1.5", "99999999999999999999"])
@pytest.mark.parametrize("path", ["/municipalities", "/institutions", "/users"])
def test_limit_outside_1_to_500_is_400(admin, path, limit):
    assert_problem(admin.get(f"{path}?limit={limit}"), 400, "limit")


@pytest.mark.parametrize("limit", ["1", "500"])
def test_limit_bounds_are_accepted(admin, limit):
    r = admin.get(f"/municipalities?limit={limit}")
    assert r.status == 200, r
    assert len(r.json["items"]) <= int(limit)


@pytest.mark.parametrize("cursor", ["garbage", "!!!", "%00", "-"])
def test_invalid_cursor_is_400(admin, cursor):
    assert_problem(admin.get(f"/municipalities?cursor={cursor}"), 400, "cursor")


def test_pagination_returns_every_item_once(admin):
    made = {new_municipality(admin)["id"] for _ in range(5)}
    seen, cursor, pages = [], None, 0
    while True:
        r = admin.get("/municipalities?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert r.status == 200, r
        assert set(r.json) >= {"items", "next"}, r
        assert len(r.json["items"]) <= 2, r
        seen.extend(item["id"] for item in r.json["items"])
        cursor, pages = r.json["next"], pages + 1
        if cursor is None:
            break
        assert pages < 1000
    assert len(seen) == len(set(seen)), "an item appeared twice"
    assert made <= set(seen), "an item was skipped"
    assert len(seen) == count(admin, "/municipalities")


def test_default_page_holds_50_items(admin):
    for _ in range(max(0, 51 - count(admin, "/municipalities"))):
        new_municipality(admin)
    r = admin.get("/municipalities")
    assert r.status == 200, r
    assert len(r.json["items"]) == 50, f"{len(r.json['items'])} items on the default page"
    assert r.json["next"], "no cursor although more items exist"


def test_every_list_has_items_and_next(admin):
    for path in ("/municipalities", "/institutions", "/mechanisms", "/users", "/tokens"):
        r = admin.get(path)
        assert r.status == 200, r
        assert isinstance(r.json.get("items"), list) and "next" in r.json, r
    assert list_all(admin, "/users"), "the admin should be listed"


# --- languages -----------------------------------------------------------------------------

def _content_language(r):
    return (r.headers.get("Content-Language") or "").lower()


def test_problem_title_follows_accept_language(anon):
    titles = {}
    types = set()
    for lang in ("sq", "en", "sr-Latn"):
        r = anon.get("/me", lang=lang)
        problem = assert_problem(r, 401)
        assert _content_language(r) == lang.lower(), r.headers.get("Content-Language")
        titles[lang] = problem["title"]
        types.add(problem["type"])
    assert len(set(titles.values())) == 3, f"titles do not differ by language: {titles}"
    assert len(types) == 1, f"problem type changes with language: {types}"


@pytest.mark.parametrize("header, expected", [(None, "sq"), ("sr", "sr-Latn"), ("de", "sq"),
                                              ("EN", "en")])
def test_language_defaults_and_aliases(anon, header, expected):
    reference = anon.get("/me", lang=expected).json["title"]
    r = anon.get("/me", lang=header)
    problem = assert_problem(r, 401)
    assert _content_language(r) == expected.lower(), r.headers.get("Content-Language")
    assert problem["title"] == reference


def test_field_messages_follow_accept_language(ctx):
    body = ctx.body("municipality", {"code": "K1", "country": "RS"})
    messages, fields = {}, set()
    for lang in ("sq", "en", "sr-Latn"):
        problem = ctx.rejected("municipality", 422, "code", body=body, lang=lang)
        errors = sorted(problem["errors"], key=lambda e: e["field"])
        fields.add(tuple(e["field"] for e in errors))
        assert all(isinstance(e.get("message"), str) and e["message"] for e in errors), problem
        messages[lang] = tuple(e["message"] for e in errors)
        assert problem["errors"] and "country" in [e["field"] for e in errors], problem
    assert len(fields) == 1, f"fields change with language: {fields}"
    assert len(set(messages.values())) == 3, f"messages do not differ by language: {messages}"
