"""The OpenAPI document the server serves, for tests that check an answer against it.

Uses Debian's python3-jsonschema (Draft 2020-12); tests/contract/ holds the whole contract
suite, this is the small part the API tests need to pin a finding on one route.
"""

import jsonschema

API = "/api/v1"


def document(client):
    r = client.get("/openapi.json")
    assert r.status == 200 and isinstance(r.json, dict), r
    return r.json


def schema_errors(doc, schema, instance):
    """The messages of `instance` against `schema` (a components name or a schema)."""
    if isinstance(schema, str):
        schema = {"$ref": f"#/components/schemas/{schema}"}
    resolver = jsonschema.RefResolver.from_schema(doc)
    validator = jsonschema.Draft202012Validator(schema, resolver=resolver)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(instance)]


def component(doc, name):
    return doc["components"]["schemas"][name]


def operation(doc, method, path):
    return doc["paths"][API + path if not path.startswith("/api/") else path][method.lower()]


def resolve(doc, obj):
    while isinstance(obj, dict) and "$ref" in obj:
        target = doc
        for part in obj["$ref"].lstrip("#/").split("/"):
            target = target[part]
        obj = target
    return obj


def response_schema(doc, method, path, status, content_type="application/json"):
    response = resolve(doc, operation(doc, method, path)["responses"][str(status)])
    return response["content"][content_type]["schema"]
