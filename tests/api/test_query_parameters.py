"""Query parameters (CONTRACT.md "What the browser UI needs": query parameters).

Every operation of openapi.json, called with a query parameter it does not document, answers
400 naming that parameter — lists, single reads, writes and the public routes alike — and
nothing changes; the check comes after authentication (an anonymous caller still gets 401);
and each documented parameter is accepted by the route (not refused as unknown).
"""

import json

import pytest

import harness
from harness import assert_problem

OPENAPI = json.loads((harness.REPO / "src" / "api" / "openapi.json").read_text("utf-8"))
METHODS = ("get", "post", "put", "patch", "delete")


def operations():
    out = []
    for path, item in OPENAPI["paths"].items():
        for method in METHODS:
            if method in item:
                out.append((method.upper(), path, item[method]))
    return out


def documented_query(op, path_item):
    names = []
    for p in op.get("parameters", []) + path_item.get("parameters", []):
        if "$ref" in p:
            p = OPENAPI["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
        if p["in"] == "query":
            names.append(p["name"])
    return names


def target(path, query):
    """The path with every {parameter} an id, relative to /api/v1 when under it."""
    concrete = path.replace("{id}", "1").replace("{institution_id}", "1")
    root = not concrete.startswith(harness.API)
    return (concrete if root else concrete[len(harness.API):]) + "?" + query, root


@pytest.mark.parametrize("method, path, op", operations(),
                         ids=[f"{m} {p}" for m, p, _ in operations()])
def test_an_undocumented_query_parameter_is_refused_naming_it(server, admin, method, path, op):
    url, root = target(path, "zz_unknown=1")
    r = admin.request(method, url, root=root, lang="en")
    assert_problem(r, 400, "zz_unknown")
    assert r.json["errors"][0]["message"] == "Unknown query parameter", r


def test_nothing_changes_when_a_write_is_refused_for_its_query(admin):
    before = len(harness.list_all(admin, "/municipalities"))
    r = admin.post("/municipalities?dry_run=1", {"name": "Bashkia X", "code": "ZZQ",
                                                 "country": "AL"})
    assert_problem(r, 400, "dry_run")
    assert len(harness.list_all(admin, "/municipalities")) == before


def test_authentication_comes_first(anon):
    assert_problem(anon.get("/cases?zz_unknown=1"), 401)


@pytest.mark.parametrize("method, path, op",
                         [o for o in operations() if o[0] == "GET" and
                          documented_query(o[2], OPENAPI["paths"][o[1]])],
                         ids=[f"{m} {p}" for m, p, o in operations() if m == "GET" and
                              documented_query(o, OPENAPI["paths"][p])])
def test_documented_parameters_are_not_unknown(server, admin, method, path, op):
    """Each documented parameter, given an empty value, may be refused for its value but
    never as an unknown parameter."""
    for name in documented_query(op, OPENAPI["paths"][path]):
        url, root = target(path, f"{name}=")
        r = admin.request(method, url, root=root, lang="en")
        unknown = r.status == 400 and any(
            e.get("field") == name and e.get("message") == "Unknown query parameter"
            for e in (r.json or {}).get("errors", []))
        assert not unknown, f"{method} {path} refuses its documented ?{name}: {r}"
