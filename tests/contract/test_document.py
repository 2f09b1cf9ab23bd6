"""The document's own rules, checked before any request: what makes it a contract rather than
a sketch. A route added later that forgets one of them fails here with its name.

- Every request body is typed: each object in it names its properties, says which are
  required, and refuses others (`additionalProperties: false`), as the server does (422
  unknown_field); no property is left untyped (`{}`).
- No query parameter is a bare string: each has an enum, a format, a pattern, a length or a
  non-string type, as the server enforces.
- Every operation documents the statuses its kind can answer: 401 and 503 when it needs a
  session, 403 for a write (CSRF), 400/413/415/422 with a JSON body, 400 and 404 with a path
  id; and every error response is a problem+json.
- Ids are 1..2^63-1 (every path parameter is one, but a file's name); the document served is
  the source file.
"""

import json

import pytest

from conftest import REPO, SOURCE, load_document

DOC = load_document()
OPS = DOC.operations


def _walk(schema, where, seen=()):
    """Every subschema of `schema` with where it sits (refs followed once per path)."""
    if isinstance(schema, dict) and "$ref" in schema:
        if schema["$ref"] in seen:
            return
        seen = seen + (schema["$ref"],)
    s = DOC.deref(schema)
    if not isinstance(s, dict):
        return
    yield s, where
    for key in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(s.get(key, [])):
            yield from _walk(sub, f"{where}/{key}[{i}]", seen)
    for key in ("then", "else", "items", "not"):
        if isinstance(s.get(key), dict):
            yield from _walk(s[key], f"{where}/{key}", seen)
    for name, sub in s.get("properties", {}).items():
        yield from _walk(sub, f"{where}.{name}", seen)
    if isinstance(s.get("additionalProperties"), dict):
        yield from _walk(s["additionalProperties"], f"{where}.*", seen)


def _is_object(s):
    types = s.get("type")
    return types == "object" or (isinstance(types, list) and "object" in types)


@pytest.mark.parametrize("op", [o for o in OPS if o.body is not None], ids=lambda o: o.key)
def test_request_bodies_are_typed_and_closed(op):
    problems = []
    for s, where in _walk(op.body, "body"):
        if _is_object(s) and "additionalProperties" not in s:
            problems.append(f"{where}: an object without additionalProperties")
        for name, sub in s.get("properties", {}).items():
            if sub == {}:
                problems.append(f"{where}.{name}: untyped")
    assert not problems, problems


@pytest.mark.parametrize("op", [o for o in OPS if any(p.where == "query" for p in o.params)],
                         ids=lambda o: o.key)
def test_no_query_parameter_is_a_bare_string(op):
    bare = []
    for p in op.params:
        if p.where != "query":
            continue
        s = DOC.deref(p.schema)
        constrained = any(k in s for k in ("enum", "format", "pattern", "maxLength", "anyOf",
                                            "oneOf", "const"))
        if s.get("type", "string") == "string" and not constrained:
            bare.append(p.name)
    assert not bare, f"bare string parameters: {bare}"


def _expected(op):
    want = set()
    if op.secured:
        want |= {401, 503}
        if op.method != "GET":
            want.add(403)
    if op.body is not None:
        want |= {400, 413, 415, 422}
    if any(p.where == "path" for p in op.params):
        want |= {400, 404}
    return want


@pytest.mark.parametrize("op", OPS, ids=lambda o: o.key)
def test_every_operation_documents_the_statuses_of_its_kind(op):
    missing = sorted(_expected(op) - op.statuses)
    assert not missing, f"{op.key} does not document {missing}"
    # An operation that takes an HTML form (the public report pages) answers a form's
    # errors with the page again, beside the problem a JSON caller gets.
    form = "application/x-www-form-urlencoded" in DOC.deref(
        op.op.get("requestBody", {})).get("content", {})
    allowed = (["application/problem+json"], ["application/problem+json", "text/html"])
    for status in op.statuses:
        if status >= 400:
            content = DOC.deref(op.response(status)).get("content", {})
            assert list(content) in (allowed if form else allowed[:1]), (status, list(content))


def test_ids_are_positive_int64():
    s = DOC.doc["components"]["schemas"]["Id"]
    assert (s["type"], s["minimum"], s["maximum"]) == ("integer", 1, 2 ** 63 - 1)
    for op in OPS:
        for p in op.params:
            if p.where == "path" and DOC.deref(p.schema).get("type") != "string":
                assert DOC.deref(p.schema)["maximum"] == 2 ** 63 - 1, (op.key, p.name)


def test_the_served_document_is_the_source(server):
    r = server.client().get("/openapi.json")
    assert r.status == 200
    assert json.loads(r.body) == json.loads(SOURCE.read_text(encoding="utf-8"))


def test_the_checklist_items_are_the_data_files():
    """The checklist's item ids in the document are those of data/reintegration.json."""
    data = json.loads((REPO / "data" / "reintegration.json").read_text(encoding="utf-8"))
    items = [item["id"] for item in data["instrument"]["items"]]
    document = json.loads(SOURCE.read_text(encoding="utf-8"))
    names = document["components"]["schemas"]["NeedsAnswers"]["propertyNames"]
    assert names == {"enum": items}
