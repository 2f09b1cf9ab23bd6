"""Operations and HTTP plumbing: /healthz, /readyz, /metrics, the OpenAPI document at
/api/v1/openapi.json, X-Request-Id on every response, unknown routes (404) and known paths
with a wrong verb (405 with Allow)."""

import re

import pytest

from harness import API, assert_problem, new_mechanism, new_municipality

# Every route of the foundation, from API.md and CONTRACT.md.
FOUNDATION_ROUTES = [
    ("post", "/session"), ("delete", "/session"), ("get", "/me"),
    ("post", "/tokens"), ("get", "/tokens"), ("delete", "/tokens/{}"),
    ("get", "/users"), ("post", "/users"), ("get", "/users/{}"), ("patch", "/users/{}"),
    ("get", "/municipalities"), ("post", "/municipalities"),
    ("get", "/municipalities/{}"), ("patch", "/municipalities/{}"),
    ("get", "/institutions"), ("post", "/institutions"),
    ("get", "/institutions/{}"), ("patch", "/institutions/{}"),
    ("get", "/mechanisms"), ("post", "/mechanisms"),
    ("get", "/mechanisms/{}"), ("patch", "/mechanisms/{}"),
    ("get", "/mechanisms/{}/members"), ("post", "/mechanisms/{}/members"),
    ("delete", "/mechanisms/{}/members/{}"),
    ("get", "/directory/hsds"), ("get", "/audit"), ("get", "/audit/verify"),
]

METRIC_SAMPLE = re.compile(r"^[A-Za-z_:][A-Za-z0-9_:]*(\{[^}]*\})? \S+( \d+)?$")


def test_healthz_answers_200_without_sign_in(anon):
    r = anon.get("/healthz", root=True)
    assert r.status == 200, r


def test_readyz_answers_200_when_the_database_is_open(anon):
    r = anon.get("/readyz", root=True)
    assert r.status == 200, r


def test_metrics_are_prometheus_text(anon, admin):
    admin.get("/me")   # at least one API request has been served
    r = anon.get("/metrics", root=True)
    assert r.status == 200, r
    assert r.content_type == "text/plain", r
    samples = [line for line in r.text.splitlines() if line and not line.startswith("#")]
    assert samples, f"no metric samples: {r}"
    bad = [line for line in samples if not METRIC_SAMPLE.match(line)]
    assert not bad, f"lines not in Prometheus text format: {bad[:5]}"


def test_openapi_document_is_openapi_3_1(admin):
    r = admin.get("/openapi.json")
    assert r.status == 200, r
    assert r.content_type == "application/json", r
    doc = r.json
    assert isinstance(doc, dict), r
    assert str(doc.get("openapi", "")).startswith("3.1"), doc.get("openapi")
    assert isinstance(doc.get("info"), dict) and doc["info"].get("title"), doc.get("info")
    assert isinstance(doc.get("paths"), dict) and doc["paths"], "no paths"


def test_openapi_document_lists_every_foundation_route(admin):
    doc = admin.get("/openapi.json").json
    assert isinstance(doc, dict)
    present = set()
    for path, item in doc.get("paths", {}).items():
        if path.startswith(API):
            path = path[len(API):]
        path = re.sub(r"\{[^}]*\}", "{}", path)
        for verb in item:
            present.add((verb.lower(), path))
    missing = [route for route in FOUNDATION_ROUTES if route not in present]
    assert not missing, f"routes missing from openapi.json: {missing}"


def test_every_response_carries_a_request_id(anon, admin):
    answers = [
        anon.get("/healthz", root=True),
        anon.get("/readyz", root=True),
        anon.get("/metrics", root=True),
        anon.get("/me"),                                  # 401
        admin.get("/me"),                                 # 200
        admin.get("/municipalities/999999999"),           # 404
        admin.put("/municipalities", {}),                 # 405
        admin.post("/municipalities", raw=b"{"),          # 400
        anon.post("/session", {"username": "nobody-x", "password": "not the password"}),
    ]
    ids = []
    for r in answers:
        rid = r.headers.get("X-Request-Id")
        assert rid, f"no X-Request-Id: {r}"
        ids.append(rid)
    assert len(set(ids)) == len(ids), f"request ids repeat: {ids}"


@pytest.mark.parametrize("path", ["/no-such-thing", "/municipalities/1/no-such-thing",
                                  "/directory/no-such-thing", "/v2/me"])
def test_unknown_route_is_404_problem(admin, path):
    r = admin.get(path)
    assert_problem(r, 404)


def test_unknown_api_version_is_404(admin):
    r = admin.get("/api/v2/me", root=True)
    assert r.status == 404, r


@pytest.fixture(scope="module")
def ids(admin):
    municipality = new_municipality(admin)
    mechanism = new_mechanism(admin, municipality["id"])
    return {"municipality": municipality["id"], "mechanism": mechanism["id"]}


@pytest.mark.parametrize("method, path, allowed", [
    ("PUT", "/municipalities", {"GET", "POST"}),
    ("DELETE", "/municipalities/{municipality}", {"GET", "PATCH"}),
    ("PUT", "/mechanisms/{mechanism}", {"GET", "PATCH"}),
    ("PATCH", "/mechanisms/{mechanism}/members", {"GET", "POST"}),
    ("GET", "/mechanisms/{mechanism}/members/1", {"DELETE"}),
    ("POST", "/me", {"GET"}),
    ("POST", "/directory/hsds", {"GET"}),
    ("DELETE", "/users", {"GET", "POST"}),
])
def test_wrong_verb_is_405_with_allow(admin, ids, method, path, allowed):
    with_body = {"body": {}} if method in ("POST", "PUT", "PATCH") else {}
    r = admin.request(method, path.format(**ids), **with_body)
    assert_problem(r, 405)
    allow = {m.strip().upper() for m in (r.headers.get("Allow") or "").split(",") if m.strip()}
    assert allowed <= allow, f"Allow {allow} lacks {allowed - allow}"
    assert method not in allow, f"Allow {allow} names the refused verb {method}"


def test_the_root_is_the_browser_ui(anon):
    r = anon.get("/", root=True)
    assert r.status == 200, r
    assert r.content_type.startswith("text/html"), r
    assert "<html" in r.text
    scripts = re.findall(r'<script type="module" src="(/assets/[^"]+\.js)"></script>', r.text)
    assert len(scripts) == 1, r.text
    asset = anon.get(scripts[0], root=True)
    assert asset.status == 200 and asset.content_type.startswith("text/javascript"), asset


def test_openapi_lists_the_landing_page(anon):
    assert "/" in anon.get("/openapi.json").json["paths"]
