"""Checks of one answer against the document, whatever was asked: the status is documented
and no 5xx, the content type is documented for it, and a JSON body validates against its
schema and carries no key the schema does not name."""


def check_response(doc, op, r):
    """What is wrong with this answer whatever was asked: status, content type, schema."""
    problems = []
    if r.status >= 500:
        return [f"server error {r.status}"]
    documented = op.response(r.status)
    if documented is None:
        return [f"undocumented status {r.status}"]
    documented = doc.deref(documented)
    content = documented.get("content")
    if not content:
        if r.body:
            problems.append(f"{r.status} documents no body but one came ({len(r.body)} bytes)")
        return problems
    ctype = r.content_type
    if ctype not in content:
        return [f"{r.status} came as {ctype!r}, documented {sorted(content)}"]
    schema = content[ctype].get("schema")
    if schema is None or "json" not in ctype:
        return problems
    if r.json is None:
        return [f"{r.status} {ctype} body is not JSON"]
    errors = doc.errors(schema, r.json)
    if errors:
        problems.append(f"{r.status} body breaks its schema: {errors[:3]}")
    else:
        extra = doc.undocumented_keys(schema, r.json)
        if extra:
            problems.append(f"{r.status} body has undocumented keys {sorted(set(extra))[:6]}")
    return problems


def related(field, path):
    if not field or not path:
        return False
    field = field.lstrip(".")
    return (field == path or field.startswith(path + ".") or field.startswith(path + "[")
            or path.startswith(field + ".") or path.startswith(field + "["))


def error_fields(r):
    if isinstance(r.json, dict) and isinstance(r.json.get("errors"), list):
        return [e for e in r.json["errors"] if isinstance(e, dict)]
    return []
