"""The contract, as an outside tool sees it: every operation of src/api/openapi.json, tried by
every main role with requests generated from the document.

For each operation, in order (reads first, then writes, changes, deletions, then sign-in and
what checks a password or a code, whose failures the sign-in throttle counts, so that the
world stays usable as long as possible):

- `valid`, once per role: schema-valid requests (path ids, query, headers, body), drawn by
  Hypothesis from the document's schemas. Only documented statuses come back, with bodies
  that validate against the documented schema (problem+json for errors) and carry no key it
  does not name; no 5xx; and a 400 or 422 is a failure unless every error it names is one of
  the semantic rules listed in rules.py.
- `invalid`: the same requests with one thing made schema-invalid (a wrong type, a missing
  required field, an unknown field, a value out of range, a bad date, U+0000 in a string, an
  integer beyond 64 bits, a query parameter out of its enum or one the operation does not
  declare, no body, a required header left out), sent by a role that got a 2xx above. They
  are refused (never 2xx), with a documented status, and a 400/422 names the field that was
  broken.
- `ids`: path ids that are not ids (0, -1, 2^63, "abc", "1.5"): 400 naming the parameter for
  a role that may use the route, a documented 4xx for any other.
- `anonymous`: without a session or with an unknown bearer token: 401; a write with a
  session but without its X-CSRF-Token: 403.

URA_CONTRACT_EXAMPLES scales the number of examples (default 1.0); URA_CONTRACT_RANDOM=1
draws new examples each run instead of the same ones.
"""

import json
import os
import re
import time
import urllib.parse
import zlib
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from checks import check_response, error_fields, related
from conftest import load_document
from generate import INT64_MAX, Generator, pool_names, segment_pool
from rules import explain
from world import ROLES

DOC = load_document()
SCALE = float(os.environ.get("URA_CONTRACT_EXAMPLES", "1"))
RANDOM = os.environ.get("URA_CONTRACT_RANDOM") == "1"
TRACE = os.environ.get("URA_CONTRACT_TRACE")   # a file: every request and answer, for debugging
VALID_EXAMPLES = max(1, int(6 * SCALE))
INVALID_EXAMPLES = max(1, int(16 * SCALE))
UNDECLARED = "undeclared"   # a query parameter no operation declares
BAD_IDS = ("0", "-1", "9223372036854775808", "abc", "1.5")
# The bodies of uploads (application/octet-stream): a JSON Schema cannot say what a PDF is,
# so a schema-valid upload is one of these small files of the types the server keeps.
FILES = (b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer\n%%EOF\n",
         b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
         "Procesverbal i mbledhjes, çështja 7\n".encode())


def counts_failures(op):
    """An operation whose wrong credentials (a password, a second factor's code) count toward
    the sign-in throttle: it documents the shared 429 answer, "Throttled"."""
    return op.response(429) == {"$ref": "#/components/responses/TooManyRequests"}


def _order(op):
    """Reads, then creations (a 201), then replacements, moves (a POST answered 200: close,
    accept, withdraw...), changes and deletions; sign-in, then what checks a credential (a
    password, a code) last: failures are throttled by account and by client address (the
    suite's one), which would keep every role from signing in again. Sign-in goes first of
    the two, while its right password still gets a session."""
    if op.key == "POST /api/v1/session":
        return 8
    if counts_failures(op):
        return 9
    if op.method == "POST":
        return 1 if 201 in op.statuses else 3
    return {"GET": 0, "PUT": 2, "PATCH": 4, "DELETE": 5}[op.method]


OPERATIONS = sorted(DOC.operations, key=_order)


def is_id(p):
    """A path parameter that is an id (not a file's name, as /assets/{name})."""
    return p.where == "path" and DOC.deref(p.schema).get("type") == "integer"


def _cases():
    cases = []
    for op in OPERATIONS:
        for role in (ROLES if op.secured else ("anonymous",)):
            cases.append(pytest.param(op, "valid", role, id=f"{op.key} valid as {role}"))
        cases.append(pytest.param(op, "invalid", None, id=f"{op.key} invalid"))
        if any(is_id(p) for p in op.params):
            cases.append(pytest.param(op, "ids", None, id=f"{op.key} bad ids"))
        if op.secured:
            cases.append(pytest.param(op, "anonymous", None, id=f"{op.key} anonymous"))
    return cases


# ---- the run's state ------------------------------------------------------------------------

@dataclass
class Suite:
    world: object
    gen: Generator
    permitted: dict = field(default_factory=dict)   # op key -> roles that got a 2xx
    seen: dict = field(default_factory=dict)        # op key -> statuses answered
    hints: dict = field(default_factory=dict)       # op key -> values the rules need
    requests: int = 0
    started: float = field(default_factory=time.monotonic)

    def summary(self):
        """Lines for the end of the run: the size of it, and what neither the generated
        requests nor the world's own reached."""
        seen = {op.key: self.seen.get(op.key, set()) | self.world.seen.get(op.key, set())
                for op in OPERATIONS}
        never = [op.key for op in OPERATIONS if not any(200 <= s < 300 for s in seen[op.key])]
        unseen = {op.key: sorted(op.statuses - seen[op.key] - {413, 415, 431, 503})
                  for op in OPERATIONS}
        lines = [f"contract: {len(OPERATIONS)} operations, {self.requests} requests, "
                 f"{time.monotonic() - self.started:.1f} s"]
        if never:
            lines.append(f"contract: no 2xx for {len(never)}: {', '.join(never)}")
        lines += [f"contract: {k} never answered {v}" for k, v in unseen.items() if v]
        return lines


SUITES = []


@pytest.fixture(scope="session")
def suite(world):
    s = Suite(world, Generator(DOC, world.pools), hints=world.hints())
    SUITES.append(s)
    return s


def test_world_answers_match_the_document(world):
    """The answers the world was built from (every kind of object, made as a user would)
    follow the document too: the 2xx answers random requests rarely reach are checked here."""
    assert not world.problems, "\n".join(world.problems[:10])


@dataclass
class Request:
    method: str
    path: str                # filled in
    query: dict
    headers: dict
    body: object = None
    has_body: bool = False
    csrf: object = None      # None: the session's token on writes; False: none

    def target(self):
        if not self.query:
            return self.path
        return self.path + "?" + urllib.parse.urlencode(self.query)

    def __str__(self):
        if isinstance(self.body, bytes):
            return f"{self.method} {self.target()} <{len(self.body)} bytes>"
        body = json.dumps(self.body, ensure_ascii=False)[:300] if self.has_body else ""
        return f"{self.method} {self.target()} {body}"


def wire(value):
    """A query value as sent; None when it cannot be sent."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, str)):
        return str(value)
    return None


def unwire(schema, text):
    """A query string as its schema reads it (for checking validity)."""
    s = DOC.deref(schema)
    types = s.get("type")
    types = types if isinstance(types, list) else [types]
    if "integer" in types and re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if "boolean" in types and text in ("true", "false"):
        return text == "true"
    return text


# ---- drawing requests -------------------------------------------------------------------------

@st.composite
def path_value(draw, suite, op, name):
    """Most of the time an id of the pool the path names (newest first: likeliest still
    open), else any id (mostly unknown), but never one of the suite's own users: a password
    set or a second factor reset by a generated request ends their sessions for good."""
    if name == "id":
        segments = op.path.split("/")
        candidates = [segment_pool(segments[segments.index("{id}") - 1])]
    else:
        candidates = pool_names(name)
    ids = next((suite.world.pools[c] for c in candidates if suite.world.pools.get(c)), None)
    if ids and draw(st.integers(0, 7)) < 7:
        return ids[-1 - draw(st.integers(0, len(ids) - 1))]
    anything = st.one_of(st.integers(1, 50), st.integers(10 ** 9, INT64_MAX))
    if "users" in candidates:
        anything = anything.filter(_NotIn(suite.world.protected_user_ids))
    return draw(anything)


class _NotIn:
    """A predicate: not one of `ids` (named, so that Hypothesis need not read its source)."""

    def __init__(self, ids):
        self.ids = ids

    def __call__(self, value):
        return value not in self.ids


def draw_request(data, suite, op, client):
    hint = suite.hints.get(op.key) if data.draw(st.booleans(), label="hinted") else None
    hint = hint or {}
    path = op.path
    query, headers = {}, {}
    for p in op.params:
        if is_id(p):
            value = hint.get("path", {}).get(p.name) or \
                data.draw(path_value(suite, op, p.name), label=p.name)
            path = path.replace("{" + p.name + "}", str(value))
        elif p.where == "path":
            value = hint.get("path", {}).get(p.name) or \
                data.draw(suite.gen.value(p.schema, p.name), label=p.name)
            path = path.replace("{" + p.name + "}", urllib.parse.quote(value, safe=""))
    for p in op.params:
        if p.where == "query" and (p.required or data.draw(st.booleans())):
            text = wire(data.draw(suite.gen.value(p.schema, p.name), label=p.name))
            if text is not None:
                query[p.name] = text
    for p in op.params:
        if p.where == "header" and p.name.lower() == "if-match":
            headers["If-Match"] = _if_match(data, suite, client, path, p)
        elif p.where == "header" and p.required and p.name.lower() != "x-csrf-token":
            headers[p.name] = data.draw(suite.gen.header(p.schema), label=p.name)
    req = Request(op.method, path, query, headers)
    if op.upload:
        req.body, req.has_body = data.draw(st.sampled_from(FILES), label="file"), True
    elif op.body is not None and (op.body_required or data.draw(st.booleans())):
        req.body = data.draw(suite.gen.value(op.body), label="body")
        req.has_body = True
        if isinstance(req.body, dict) and hint.get("body"):
            hinted = dict(req.body, **hint["body"])
            if DOC.is_valid(op.body, hinted):
                req.body = hinted
    return req


def _if_match(data, suite, client, path, p):
    """The ETag of the resource (read with GET) most of the time, else any value."""
    if data.draw(st.integers(0, 5)) > 0:
        r = client.request("GET", path, root=True)
        suite.requests += 1
        if r.headers.get("ETag"):
            return r.headers["ETag"]
    return data.draw(suite.gen.header(p.schema), label="If-Match")


def send(suite, client, req, op=None):
    suite.requests += 1
    kw = {"root": True, "headers": req.headers, "csrf": req.csrf}
    if req.has_body and isinstance(req.body, bytes):
        r = client.request(req.method, req.target(), raw=req.body,
                           content_type="application/octet-stream", **kw)
    elif req.has_body:
        r = client.request(req.method, req.target(), req.body, **kw)
    else:
        r = client.request(req.method, req.target(), **kw)
    if op is not None:
        suite.seen.setdefault(op.key, set()).add(r.status)
    if TRACE:
        with open(TRACE, "a", encoding="utf-8") as f:
            f.write(f"{req}\n  -> {r.status} {r.text[:300]}\n")
    return r


def harvest(suite, op, req, r):
    """Ids in a 2xx answer go into the pool named by the path (to be drawn later)."""
    if not (200 <= r.status < 300) or not isinstance(r.json, dict):
        return
    segments = [s for s in op.path.split("/") if s and not s.startswith("{")]
    pool = segment_pool(segments[-1]) if segments else None
    if op.path.endswith("}"):
        pool = segment_pool(op.path.split("/")[-2])
    items = r.json.get("items") if isinstance(r.json.get("items"), list) else [r.json]
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), int):
            suite.world.add(pool, item["id"])


# ---- the phases -------------------------------------------------------------------------------

def hypothesis_settings(n):
    return settings(max_examples=n, deadline=None, database=None,
                    phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=list(HealthCheck), print_blob=False)


def seeded(*names):
    """The same examples on every run (unless URA_CONTRACT_RANDOM=1), different ones for
    each operation, phase and role."""
    if RANDOM:
        return lambda f: f
    return seed(zlib.crc32(" ".join(str(n) for n in names).encode()))


def run_valid(suite, op, role):
    failures = []
    if counts_failures(op):   # every role signed in before the throttle closes
        for r in ROLES:
            suite.world.client(r)

    @seeded(op.key, "valid", role)
    @hypothesis_settings(VALID_EXAMPLES)
    @given(data=st.data())
    def example(data):
        client = suite.world.anonymous() if role == "anonymous" else suite.world.client(role)
        req = draw_request(data, suite, op, client)
        r = send(suite, client, req, op)
        problems = check_response(DOC, op, r)
        if r.status in (400, 413, 415, 422) and not problems:
            reasons = explain(r.status, op.key, error_fields(r)) if r.status in (400, 422) \
                else None
            if reasons is None:
                problems.append(f"schema-valid request refused with {r.status}")
        if 200 <= r.status < 300:
            suite.permitted.setdefault(op.key, [])
            if role not in suite.permitted[op.key]:
                suite.permitted[op.key].append(role)
            harvest(suite, op, req, r)
        for p in problems:
            failures.append(f"{p}\n    request: {req}\n    answer: {r!r}")

    example()
    return failures


def _permitted_role(suite, op):
    roles = suite.permitted.get(op.key) or []
    return (roles[0], True) if roles else ("admin" if op.secured else "anonymous", False)


def _query_mutations(suite, op, req):
    """Query parameters out of their schema, and one the operation does not declare (a 400
    naming it on every route, docs/CONTRACT.md "Query parameters")."""
    out = [("query", UNDECLARED, "an undeclared query parameter",
            dict(req.query, **{UNDECLARED: "1"}))]
    for p in op.params:
        if p.where != "query":
            continue
        value = unwire(p.schema, req.query[p.name]) if p.name in req.query else None
        base = value if value is not None else suite_sample(p)
        for where, what, new in suite.gen.mutations(p.schema, base):
            text = wire(new)
            if text is None or "\x00" in text:   # a query string is no JSON: no U+0000 rule
                continue
            if text is None or DOC.is_valid(p.schema, unwire(p.schema, text)):
                continue
            out.append(("query", p.name, f"{p.name}: {what}", dict(req.query, **{p.name: text})))
    return out


def suite_sample(p):
    s = DOC.deref(p.schema)
    if "enum" in s:
        return s["enum"][0]
    types = s.get("type")
    return {"integer": s.get("minimum", 1), "boolean": True}.get(
        types if isinstance(types, str) else "string", "2026-01-01"
        if s.get("format") == "date" else "x")


def run_invalid(suite, op):
    role, permitted = _permitted_role(suite, op)
    failures = []

    @seeded(op.key, "invalid")
    @hypothesis_settings(INVALID_EXAMPLES)
    @given(data=st.data())
    def example(data):
        client = suite.world.anonymous() if role == "anonymous" else suite.world.client(role)
        req = draw_request(data, suite, op, client)
        candidates = _query_mutations(suite, op, req)
        if op.body is not None:
            body = req.body if req.has_body else data.draw(suite.gen.value(op.body))
            for where, what, new in suite.gen.mutations(op.body, body):
                if not DOC.is_valid(op.body, new):
                    candidates.append(("body", where, what, new))
            if op.body_required:
                candidates.append(("nobody", "", "no body", None))
        elif op.upload:
            candidates.append(("nobody", "", "no body", None))
        for p in op.params:
            if p.where == "header" and p.required and p.name in req.headers:
                candidates.append(("header", "", f"no {p.name} header", p.name))
        if not candidates:
            return
        kind, where, what, new = data.draw(st.sampled_from(candidates), label="mutation")
        if kind == "query":
            req.query = new
        elif kind == "body":
            req.body, req.has_body = new, True
        elif kind == "header":
            req.headers = {k: v for k, v in req.headers.items() if k != new}
        else:
            req.body, req.has_body = None, False
        r = send(suite, client, req, op)
        problems = check_response(DOC, op, r)
        if 200 <= r.status < 300:
            problems.append(f"schema-invalid request accepted ({kind} {what})")
        elif r.status in (400, 422) and where and kind != "nobody":
            fields = [e.get("field") for e in error_fields(r)]
            if not any(related(f, where) for f in fields) and \
                    explain(r.status, op.key, error_fields(r)) is None:
                problems.append(f"refusal of {kind} {what} names {fields}, not {where!r}")
        for p in problems:
            failures.append(f"{p}\n    as {role} ({'permitted' if permitted else 'any role'})"
                            f"\n    request: {req}\n    answer: {r!r}")

    example()
    return failures


def run_bad_ids(suite, op):
    role, permitted = _permitted_role(suite, op)
    failures = []
    names = [p.name for p in op.params if is_id(p)]

    @seeded(op.key, "ids")
    @hypothesis_settings(1)
    @given(data=st.data())
    def example(data):
        client = suite.world.client(role)
        good = draw_request(data, suite, op, client)
        for name in names:
            for bad in BAD_IDS:
                path = op.path
                for p in names:
                    value = bad if p == name else \
                        re.match(_path_regex(op.path, p), good.path).group(1)
                    path = path.replace("{" + p + "}", urllib.parse.quote(value))
                req = Request(good.method, path, good.query, good.headers, good.body,
                              good.has_body)
                r = send(suite, client, req, op)
                problems = check_response(DOC, op, r)
                if 200 <= r.status < 300:
                    problems.append(f"path {name}={bad} accepted")
                elif permitted and r.status != 400:
                    problems.append(f"path {name}={bad}: {r.status}, not 400")
                elif r.status == 400 and name not in [e.get("field") for e in error_fields(r)]:
                    problems.append(f"path {name}={bad}: 400 does not name {name!r}")
                for p in problems:
                    failures.append(f"{p}\n    as {role}\n    request: {req}\n    answer: {r!r}")

    example()
    return failures


def _path_regex(pattern, name):
    regex = re.escape(pattern)
    for p in re.findall(r"\{(\w+)\}", pattern):
        regex = regex.replace(re.escape("{" + p + "}"), "([^/]+)" if p == name else "[^/]+")
    return "^" + regex + "$"


def run_anonymous(suite, op):
    failures = []

    def expect(data, client, status, why, csrf=None):
        req = draw_request(data, suite, op, client)
        req.csrf = csrf
        r = send(suite, client, req, op)
        problems = check_response(DOC, op, r)
        if r.status != status:
            problems.append(f"{why}: {r.status}, not {status}")
        failures.extend(f"{p}\n    request: {req}\n    answer: {r!r}" for p in problems)

    @seeded(op.key, "anonymous")
    @hypothesis_settings(1)
    @given(data=st.data())
    def example(data):
        expect(data, suite.world.anonymous(), 401, "without a credential")
        expect(data, suite.world.server.client(lang="en", token="not-a-token"), 401,
               "with an unknown bearer token")
        if op.method != "GET":
            expect(data, suite.world.client("admin"), 403,
                   "a session's write without X-CSRF-Token", csrf=False)

    example()
    return failures


def _report(failures):
    seen, lines = set(), []
    for f in failures:
        head = f.splitlines()[0]
        if head in seen:
            continue
        seen.add(head)
        lines.append(f)
    more = len(failures) - len(lines)
    return "\n".join(lines[:8]) + (f"\n(+{more} like these)" if more > 0 else "")


@pytest.mark.parametrize("op, phase, role", _cases())
def test_operation(suite, op, phase, role):
    run = {"valid": lambda: run_valid(suite, op, role),
           "invalid": lambda: run_invalid(suite, op),
           "ids": lambda: run_bad_ids(suite, op),
           "anonymous": lambda: run_anonymous(suite, op)}[phase]
    failures = run()
    assert not failures, _report(failures)
