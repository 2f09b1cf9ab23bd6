"""The OpenAPI document as the contract suite reads it.

Everything the suite knows about the API comes from here: the operations (method, path,
parameters, body schema, documented statuses and their content), and the JSON Schema checks
(Draft 2020-12, with the `date` and `date-time` formats checked strictly, as RFC 3339 says).

Responses are checked more strictly than JSON Schema alone would: an object may not carry a
key its schema does not name (`undocumented_keys`), so a field the server adds without
documenting it is found, as `withheld` on institutions once was.
"""

import datetime as _dt
import re
from dataclasses import dataclass, field

import jsonschema
from jsonschema import Draft202012Validator, FormatChecker

METHODS = ("get", "post", "put", "patch", "delete")

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
                        r"([Zz]|[+-](\d{2}):(\d{2}))$")

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date")
def is_date(value):
    if not isinstance(value, str):
        return True
    m = _DATE.match(value)
    if not m:
        return False
    try:
        _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return False
    return True


@FORMATS.checks("date-time")
def is_date_time(value):
    if not isinstance(value, str):
        return True
    m = _DATE_TIME.match(value)
    if not m or not is_date(value[:10]):
        return False
    hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6))
    if hour > 23 or minute > 59 or second > 60:
        return False
    return m.group(9) is None or (int(m.group(9)) <= 23 and int(m.group(10)) <= 59)


@dataclass
class Parameter:
    name: str
    where: str            # path, query, header
    required: bool
    schema: dict


@dataclass
class Operation:
    method: str           # upper case
    path: str             # /api/v1/cases/{id}
    op: dict
    params: list = field(default_factory=list)
    body: dict = None     # the application/json schema, or None
    body_required: bool = False
    secured: bool = True
    upload: bool = False  # the body is a file's bytes (application/octet-stream)

    @property
    def key(self):
        return f"{self.method} {self.path}"

    @property
    def statuses(self):
        return {int(s) for s in self.op.get("responses", {}) if s.isdigit()}

    def response(self, status):
        return self.op.get("responses", {}).get(str(status))

    def param(self, where, name):
        for p in self.params:
            if p.where == where and p.name == name:
                return p
        return None


class Document:
    def __init__(self, doc):
        self.doc = doc
        self.resolver = jsonschema.RefResolver.from_schema(doc)
        self._validators = {}
        self.operations = self._operations()

    # ---- references ----------------------------------------------------------------------

    def deref(self, obj):
        """The object a `$ref` points at (following chains), merged with the keywords
        beside the `$ref`; other objects unchanged."""
        seen = 0
        while isinstance(obj, dict) and "$ref" in obj:
            seen += 1
            assert seen < 32, f"$ref loop at {obj['$ref']}"
            _, target = self.resolver.resolve(obj["$ref"])
            siblings = {k: v for k, v in obj.items() if k != "$ref"}
            obj = dict(target, **siblings) if siblings else target
        return obj

    def _operations(self):
        ops = []
        global_security = self.doc.get("security", [])
        for path, item in self.doc["paths"].items():
            shared = [self.deref(p) for p in item.get("parameters", [])]
            for method in METHODS:
                if method not in item:
                    continue
                op = item[method]
                params = {}
                for p in shared + [self.deref(p) for p in op.get("parameters", [])]:
                    params[(p["in"], p["name"])] = Parameter(p["name"], p["in"],
                                                             bool(p.get("required")),
                                                             p.get("schema", {}))
                body, body_required, upload = None, False, False
                if "requestBody" in op:
                    rb = self.deref(op["requestBody"])
                    content = rb.get("content", {})
                    if "application/json" in content:
                        body = content["application/json"].get("schema", {})
                        body_required = bool(rb.get("required"))
                    upload = "application/octet-stream" in content
                    body_required = body_required or (upload and bool(rb.get("required")))
                security = op.get("security", global_security)
                ops.append(Operation(method.upper(), path, op, list(params.values()), body,
                                     body_required, secured=bool(security), upload=upload))
        return ops

    def find(self, method, path):
        """The operation answering METHOD on a concrete path (/api/v1/cases/7), or None."""
        path = path.split("?")[0]
        for op in self.operations:
            if op.method == method and re.fullmatch(
                    re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(op.path)), path):
                return op
        return None

    # ---- validation ----------------------------------------------------------------------

    def validator(self, schema):
        """One validator per schema object (it keeps the schema, so the id stays its own)."""
        made = self._validators.get(id(schema))
        if made is None or made.schema is not schema:
            made = Draft202012Validator(schema, resolver=self.resolver, format_checker=FORMATS)
            self._validators[id(schema)] = made
        return made

    def errors(self, schema, instance):
        """The schema errors of `instance`, as short strings (empty when it is valid)."""
        out = []
        for e in self.validator(schema).iter_errors(instance):
            where = "/".join(str(p) for p in e.absolute_path) or "(root)"
            out.append(f"{where}: {e.message[:200]}")
        return out

    def is_valid(self, schema, instance):
        return self.validator(schema).is_valid(instance)

    def undocumented_keys(self, schema, instance, where="", depth=0):
        """Keys of objects in `instance` that `schema` does not name (where the schema names
        properties at all and says nothing of additional ones). Call on valid instances."""
        if depth > 40:
            return []
        schema = self.deref(schema)
        if not isinstance(schema, dict):
            return []
        if isinstance(instance, dict):
            names, extra_schemas = set(), []
            closed = self._collect(schema, instance, names, extra_schemas)
            found = []
            for key, value in instance.items():
                path = f"{where}.{key}" if where else key
                if key in names:
                    for sub in self._property_schemas(schema, instance, key):
                        found += self.undocumented_keys(sub, value, path, depth + 1)
                elif extra_schemas:
                    for sub in extra_schemas:
                        found += self.undocumented_keys(sub, value, path, depth + 1)
                elif closed:
                    found.append(path)
            return found
        if isinstance(instance, list):
            found = []
            for s in self._branches(schema, instance):
                items = s.get("items")
                if isinstance(items, dict):
                    for i, v in enumerate(instance):
                        found += self.undocumented_keys(items, v, f"{where}[{i}]", depth + 1)
            return found
        return []

    def _branches(self, schema, instance):
        """The schema and the parts of it that apply to this instance (allOf, the anyOf and
        oneOf branches it matches, then/else of if)."""
        schema = self.deref(schema)
        out = [schema]
        for sub in schema.get("allOf", []):
            out += self._branches(sub, instance)
        for key in ("anyOf", "oneOf"):
            for sub in schema.get(key, []):
                if self.is_valid(sub, instance):
                    out += self._branches(sub, instance)
        if "if" in schema:
            branch = "then" if self.is_valid(schema["if"], instance) else "else"
            if branch in schema:
                out += self._branches(schema[branch], instance)
        return out

    def _collect(self, schema, instance, names, extra_schemas):
        """Gathers the property names the applicable parts name; True when the object's
        shape is described (some part names properties and none admits others freely)."""
        described, open_ = False, False
        for s in self._branches(schema, instance):
            if "properties" in s:
                names.update(s["properties"])
                described = True
            ap = s.get("additionalProperties")
            if isinstance(ap, dict) and ap:
                extra_schemas.append(ap)
                open_ = True
            elif ap is True:
                open_ = True
            if "patternProperties" in s:
                open_ = True
        return described and not open_

    def _property_schemas(self, schema, instance, key):
        return [s["properties"][key] for s in self._branches(schema, instance)
                if key in s.get("properties", {})]
