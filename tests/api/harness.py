"""Harness for Ura's black-box API tests.

Starts `ura serve` on a temporary database made by `ura init`, waits for the one stdout line
`ura: listening on http://127.0.0.1:PORT`, and talks HTTP to it with a small client (cookie
jar for the session, automatic X-CSRF-Token, bearer mode, raw bodies). Also runs the CLI,
builds directory objects with unique names, and checks RFC 9457 problem responses.

Only the Python standard library is used; pytest lives in conftest.py and the test modules.
"""

import base64
import datetime as _dt
import email.utils
import hashlib
import hmac
import http.client
import itertools
import json
import os
import queue
import re
import select
import shutil
import sqlite3
import struct
import subprocess
import tempfile
import threading
import urllib.parse
from collections import namedtuple
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
API = "/api/v1"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin-password-for-api-tests"
ROLES = ("admin", "coordinator", "manager", "caseworker", "national", "auditor")
ROLES_NEEDING_INSTITUTION = ("manager", "caseworker")
LISTENING = re.compile(r"^ura: listening on http://(\d+\.\d+\.\d+\.\d+):(\d+)$")
# The server's second line, before or after the first: the deadlines due at start are notified
# (the scan runs while the server already answers; tests wait for it so that a restart with a
# later clock has notified what fell due, as the first scan used to do before listening).
SCANNED = "ura: deadlines scanned"
START_TIMEOUT = 30   # a guard against a hung server, never a way to wait for one
HTTP_TIMEOUT = 30
MIB = 1024 * 1024


def ura_bin():
    """The binary under test: $URA_BIN, or build/ura; relative to the repository root."""
    path = Path(os.environ.get("URA_BIN") or "build/ura")
    return path if path.is_absolute() else REPO / path


def clean_env(extra=None):
    """The test runner's environment without URA_* settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("URA_")}
    env.update({k: str(v) for k, v in (extra or {}).items()})
    return env


def run_cli(*args, env=None, timeout=120):
    """Runs `ura ARGS...` with stdin closed (never a tty); returns the CompletedProcess."""
    return subprocess.run([str(ura_bin()), *map(str, args)], env=clean_env(env),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          errors="replace", timeout=timeout)


def cli_output(proc):
    return (proc.stdout or "") + (proc.stderr or "")


# --- unique names -------------------------------------------------------------------------

_counter = itertools.count(1)


def uniq():
    """A short lower-case token unique within this test run (usable in usernames)."""
    return f"{os.getpid() % 10000}x{next(_counter)}"


def new_password():
    return f"Pw-{uniq()}-long-enough"


# --- time ---------------------------------------------------------------------------------

UTC = _dt.timezone.utc
T0 = _dt.datetime(2026, 11, 23, 9, 0, 0, tzinfo=UTC)


def rfc3339(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def minutes(n):
    return _dt.timedelta(minutes=n)


def in_a_month():
    """A token expiry 30 days ahead of the real clock (servers without URA_NOW use it)."""
    return rfc3339(_dt.datetime.now(UTC) + _dt.timedelta(days=30))


def totp_code(secret, moment, step=30, digits=6):
    """The RFC 6238 code (HMAC-SHA1) of a base32 `secret` at `moment` (a datetime or epoch
    seconds), computed here independently of the server."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    seconds = moment.timestamp() if isinstance(moment, _dt.datetime) else moment
    mac = hmac.new(key, struct.pack(">Q", int(seconds) // step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10 ** digits
    return f"{number:0{digits}d}"


# --- HTTP ---------------------------------------------------------------------------------

_NO_BODY = object()
_DEFAULT = object()


class Response:
    """One HTTP answer. Unpacks as (status, headers, parsed JSON or None)."""

    def __init__(self, method, path, status, headers, body):
        self.method, self.path = method, path
        self.status, self.headers, self.body = status, headers, body
        self.json = None
        if body and "json" in self.content_type:
            try:
                self.json = json.loads(body.decode("utf-8"))
            except ValueError:
                pass

    def __iter__(self):
        return iter((self.status, self.headers, self.json))

    @property
    def content_type(self):
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def error_fields(self):
        errors = self.json.get("errors") if isinstance(self.json, dict) else None
        if not isinstance(errors, list):
            return []
        return [e.get("field") for e in errors if isinstance(e, dict)]

    def __repr__(self):
        body = self.text
        if len(body) > 600:
            body = body[:600] + "…"
        return f"<{self.method} {self.path} -> {self.status} {self.content_type}: {body}>"


def parse_set_cookie(header):
    """`name=value; Attr; Attr=v` -> (name, value, {attr-lower: value or True})."""
    parts = [p.strip() for p in header.split(";")]
    name, _, value = parts[0].partition("=")
    attrs = {}
    for part in parts[1:]:
        key, eq, val = part.partition("=")
        attrs[key.strip().lower()] = val.strip() if eq else True
    return name.strip(), value.strip(), attrs


def cookie_is_cleared(value, attrs):
    if value == "":
        return True
    if "max-age" in attrs:
        try:
            if int(attrs["max-age"]) <= 0:
                return True
        except ValueError:
            pass
    if isinstance(attrs.get("expires"), str):
        try:
            when = email.utils.parsedate_to_datetime(attrs["expires"])
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return when < _dt.datetime.now(UTC)
        except (TypeError, ValueError):
            pass
    return False


class Client:
    """An HTTP client of one server: cookie jar, CSRF token after sign-in, optional bearer token.

    Paths are relative to /api/v1 unless `root=True` (for /healthz, /readyz, /metrics).
    The client follows its server across restarts (the port is read at each request).
    """

    def __init__(self, server, lang=None, token=None):
        self.server, self.lang, self.token = server, lang, token
        self.cookies = {}
        self.csrf = None
        self.user = None

    def request(self, method, path, body=_NO_BODY, *, raw=None, content_type=_DEFAULT,
                headers=None, csrf=None, lang=_DEFAULT, root=False):
        """csrf: None sends the session's token on writes, False sends none, a str sends that.
        content_type: default application/json when there is a body, None leaves it out."""
        target = path if root else API + path
        hdrs = {}
        lang = self.lang if lang is _DEFAULT else lang
        if lang:
            hdrs["Accept-Language"] = lang
        if self.token:
            hdrs["Authorization"] = f"Bearer {self.token}"
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method not in ("GET", "HEAD"):
            token = self.csrf if csrf is None else csrf
            if token:
                hdrs["X-CSRF-Token"] = token
        data = None
        if raw is not None:
            data = raw if isinstance(raw, bytes) else raw.encode("utf-8")
        elif body is not _NO_BODY:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if data is not None:
            hdrs["Content-Length"] = str(len(data))
            ctype = "application/json" if content_type is _DEFAULT else content_type
            if ctype is not None:
                hdrs["Content-Type"] = ctype
        hdrs.update(headers or {})
        return self._send(method, target, hdrs, data)

    def _send(self, method, target, hdrs, data):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=HTTP_TIMEOUT)
        try:
            conn.putrequest(method, target, skip_accept_encoding=True)
            for key, value in hdrs.items():
                conn.putheader(key, value)
            conn.endheaders()
            if data:
                self._send_body(conn, data)
            resp = conn.getresponse()
            body = resp.read()
            result = Response(method, target, resp.status, resp.headers, body)
        finally:
            conn.close()
        for header in result.headers.get_all("Set-Cookie") or []:
            name, value, attrs = parse_set_cookie(header)
            if cookie_is_cleared(value, attrs):
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return result

    @staticmethod
    def _send_body(conn, data):
        """Sends in pieces and stops early if the server already answered (e.g. 413), so
        that its answer is read rather than lost to a reset connection."""
        view = memoryview(data)
        step = 64 * 1024
        for start in range(0, len(view), step):
            readable, _, _ = select.select([conn.sock], [], [], 0)
            if readable:
                return
            try:
                conn.sock.sendall(view[start:start + step])
            except (BrokenPipeError, ConnectionResetError):
                return

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=_NO_BODY, **kw):
        return self.request("POST", path, body, **kw)

    def patch(self, path, body=_NO_BODY, **kw):
        return self.request("PATCH", path, body, **kw)

    def put(self, path, body=_NO_BODY, **kw):
        return self.request("PUT", path, body, **kw)

    def delete(self, path, body=_NO_BODY, **kw):
        return self.request("DELETE", path, body, **kw)

    def sign_in(self, username, password, totp=None, **kw):
        """POST /session (with a second-factor code when `totp` is given); on 201 keeps the
        cookie (automatically) and the CSRF token."""
        body = {"username": username, "password": password}
        if totp is not None:
            body["totp"] = totp
        r = self.post("/session", body, csrf=False, **kw)
        if r.status == 201 and isinstance(r.json, dict):
            self.csrf = r.json.get("csrf_token")
            self.user = r.json.get("user")
        return r


# --- the server ---------------------------------------------------------------------------

class ServerDied(AssertionError):
    pass


# The suite signs in as admin everywhere and breaks the glass often: its servers run without
# the second factor's enforcement and with a loose break-glass limit, unless a test asks for
# the shipped defaults (Server(..., defaults=True)); test_totp and test_credentials do.
# Password hashes at the lowest cost (1 MiB, one pass, still argon2id): a sign-in costs ~1 ms
# instead of ~50, which is most of the suites' time. Tests of the shipped cost use defaults=True.
# The background jobs at the server's own priority: every start waits for their first rounds
# (SCANNED), about 25 ms of CPU, and the suites' lanes keep both cores busy; at the shipped
# nice 19 each start waited 1.5 s behind them instead of 0.25 s. test_start checks nice 19.
TEST_SETTINGS = {"URA_TOTP_REQUIRED_ROLES": "none", "URA_BREAK_GLASS_PER_HOUR": "1000",
                 "URA_PASSWORD_HASH_MEMORY_KIB": "1024", "URA_PASSWORD_HASH_PASSES": "1",
                 "URA_JOBS_NICE": "0"}


_initialised = None   # the database file `ura init` made once in this process


def copy_initialised(db):
    """Makes `db` and its key file copies of what `ura init` made once in this test process
    (its migrations cost about 0.2 s a server); tests of `ura init` itself run it."""
    global _initialised
    if _initialised is None:
        template = Path(tempfile.mkdtemp(prefix="ura-template-")) / "ura.db"
        proc = run_cli("init", "--db", template,
                       env={"URA_ADMIN_USER": ADMIN_USER, "URA_ADMIN_PASSWORD": ADMIN_PASSWORD})
        if proc.returncode != 0:
            raise AssertionError(f"ura init failed ({proc.returncode}): {cli_output(proc)}")
        _initialised = template
    for suffix in ("", ".key"):
        shutil.copyfile(f"{_initialised}{suffix}", f"{db}{suffix}")
        os.chmod(f"{db}{suffix}", 0o600)


class Server:
    """One database in `directory` (a copy of what `ura init` made, unless init=False) and
    the `ura serve` process on it. `start(now=...)` fixes the server clock (URA_NOW) for that
    run.
    `defaults=True` keeps the shipped security settings (see TEST_SETTINGS)."""

    def __init__(self, directory, env=None, init=True, db_name="ura.db", defaults=False):
        self.dir = Path(directory)
        self.db = self.dir / db_name
        self.env = {} if defaults else dict(TEST_SETTINGS)
        self.env.update(env or {})
        self.proc = None
        self.host, self.port = "127.0.0.1", None
        self.stdout = []   # every stdout line of the current run
        self.runs = 0
        self._codes = itertools.count()
        self._log = None
        if init:
            copy_initialised(self.db)

    @property
    def log_path(self):
        return self.dir / f"serve-{self.runs}.log"

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self, now=None, args=None, probe=True, **env):
        """Starts `ura serve ARGS` (default: --db DB --listen 127.0.0.1:0) with `env` added
        to the server's environment, and returns once it printed its listening line and
        the line that says its first deadline scan is done. `probe`: asks /readyz once it
        listens (the jobs start after the first answer; without one, a second later)."""
        assert self.proc is None, "server already running"
        self.runs += 1
        run_env = dict(self.env)
        run_env.update(env)
        if now is not None:
            run_env["URA_NOW"] = now if isinstance(now, str) else rfc3339(now)
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [str(ura_bin()), "serve",
             *map(str, args if args is not None else ["--db", self.db, "--listen", "127.0.0.1:0"])],
            env=clean_env(run_env), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self._log)
        lines = queue.Queue()
        self.stdout = []
        self._pump = threading.Thread(target=_pump_lines,
                                      args=(self.proc.stdout, lines, self.stdout), daemon=True)
        self._pump.start()
        seen = []
        listening = scanned = False
        while not (listening and scanned):
            try:
                line = lines.get(timeout=START_TIMEOUT)
            except queue.Empty:
                self._abandon()
                raise AssertionError(f"ura serve printed no listening line in {START_TIMEOUT} s; "
                                     f"stdout so far: {seen!r}\n{self.log_tail()}")
            if line is None:
                code = self.proc.wait()
                self._abandon()
                raise AssertionError(f"ura serve exited ({code}) before listening; stdout: "
                                     f"{seen!r}\n{self.log_tail()}")
            seen.append(line)
            match = LISTENING.match(line)
            if match:
                self.host, self.port = match.group(1), int(match.group(2))
                listening = True
                if probe:
                    self._probe_ready()
            scanned = scanned or line == SCANNED
        return self

    def _probe_ready(self):
        """One GET /readyz, whatever it answers, as a deployment's probe would: the server
        starts its background jobs after its first answer (or a second after listening)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=START_TIMEOUT)
        try:
            conn.request("GET", "/readyz")
            conn.getresponse().read()
        finally:
            conn.close()

    def _abandon(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None

    def stop(self):
        """Stops the server; raises ServerDied if it had exited on its own (e.g. crashed)."""
        if self.proc is None:
            return
        proc = self.proc
        died = proc.poll()
        if died is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self._pump.join(timeout=5)
        self.proc = None
        self._log.close()
        self._log = None
        if died is not None:
            raise ServerDied(f"ura serve exited by itself with status {died} while tests ran\n"
                             f"{self.log_tail()}")

    def restart(self, now=None, **env):
        self.stop()
        return self.start(now=now, **env)

    @contextmanager
    def stopped(self):
        """Runs the body with the server stopped (for CLI commands on its database)."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    def next_code(self):
        """A three-letter municipality code not used before on this database."""
        n = next(self._codes) + 2 * 676   # start at CAA, far from real codes used by scenarios
        return "".join(chr(65 + (n // 26 ** i) % 26) for i in (2, 1, 0))

    def client(self, lang=None, token=None):
        return Client(self, lang=lang, token=token)

    def sign_in(self, username, password, lang=None):
        c = self.client(lang=lang)
        r = c.sign_in(username, password)
        assert r.status == 201, f"sign-in as {username} failed: {r}"
        return c

    def sign_in_admin(self):
        return self.sign_in(ADMIN_USER, ADMIN_PASSWORD)


def _pump_lines(stream, lines, record):
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        record.append(line)
        lines.put(line)
    lines.put(None)


# --- assertions ---------------------------------------------------------------------------

def _field_matches(name, want):
    return isinstance(name, str) and (name == want or name.startswith(want + ".")
                                      or name.startswith(want + "["))


def assert_problem(r, status, field=None):
    """An RFC 9457 problem with this status; with `field`, errors[] names that field."""
    assert r.status == status, f"expected {status}, got {r}"
    assert r.content_type == "application/problem+json", f"not problem+json: {r}"
    body = r.json
    assert isinstance(body, dict), f"problem body is not a JSON object: {r}"
    for key in ("type", "title", "status", "detail"):
        assert key in body, f"problem lacks {key!r}: {r}"
    assert body["status"] == status, f"problem status {body['status']} != {status}: {r}"
    assert isinstance(body["type"], str) and body["type"].startswith("urn:ura:problem:"), r
    assert isinstance(body["title"], str) and body["title"], r
    if field is not None:
        assert any(_field_matches(f, field) for f in r.error_fields), \
            f"errors[].field does not name {field!r}: {r}"
    return body


def assert_no_key(obj, banned):
    """No key `banned` anywhere inside a JSON value."""
    if isinstance(obj, dict):
        assert banned not in obj, f"{banned!r} present in {obj}"
        for v in obj.values():
            assert_no_key(v, banned)
    elif isinstance(obj, list):
        for v in obj:
            assert_no_key(v, banned)


# --- lists and directory builders ---------------------------------------------------------

def list_all(client, path, **params):
    """Every item of a list, following `next` cursors."""
    items, cursor = [], None
    for _ in range(1000):
        query = dict(params, limit=500)
        if cursor:
            query["cursor"] = cursor
        sep = "&" if "?" in path else "?"
        r = client.get(path + sep + urllib.parse.urlencode(query))
        assert r.status == 200, f"listing {path}: {r}"
        assert isinstance(r.json, dict) and isinstance(r.json.get("items"), list), r
        items.extend(r.json["items"])
        cursor = r.json.get("next")
        if not cursor:
            return items
    raise AssertionError(f"{path}: cursor never ended")


def count(client, path, **params):
    return len(list_all(client, path, **params))


def new_municipality(admin, **fields):
    body = {"name": f"Bashkia {uniq()}", "code": admin.server.next_code(), "region": "Jug",
            "country": "AL"}
    body.update(fields)
    r = admin.post("/municipalities", body)
    assert r.status == 201, f"creating municipality {body}: {r}"
    return r.json


def new_institution(admin, municipality_id=None, **fields):
    if municipality_id is None:
        municipality_id = new_municipality(admin)["id"]
    body = {"name": f"Institucioni {uniq()}", "type": "social_services",
            "municipality_id": municipality_id, "phone": "+355 82 240 000",
            "email": "info@example.org", "address": "Rruga Republika 1",
            "services": ["psychosocial"], "languages": ["sq"], "capacity": None}
    body.update(fields)
    r = admin.post("/institutions", body)
    assert r.status == 201, f"creating institution {body}: {r}"
    return r.json


def new_mechanism(admin, municipality_id=None, **fields):
    if municipality_id is None:
        municipality_id = new_municipality(admin)["id"]
    body = {"name": f"Mekanizmi {uniq()}", "kind": "domestic_violence",
            "municipality_id": municipality_id, "memorandum_date": "2025-03-08",
            "memorandum_ref": f"MoU-{uniq()}", "min_meetings_per_year": 4}
    body.update(fields)
    r = admin.post("/mechanisms", body)
    assert r.status == 201, f"creating mechanism {body}: {r}"
    return r.json


User = namedtuple("User", "id username password role institution_id json")


def new_user(admin, role, institution_id=None, **fields):
    if institution_id is None and role in ROLES_NEEDING_INSTITUTION:
        institution_id = new_institution(admin)["id"]
    password = fields.pop("password", None) or new_password()
    body = {"username": f"{role[:5]}-{uniq()}", "display_name": f"Test {role}",
            "password": password, "role": role, "locale": "sq"}
    if institution_id is not None:
        body["institution_id"] = institution_id
    body.update(fields)
    r = admin.post("/users", body)
    assert r.status == 201, f"creating user {body['username']}: {r}"
    return User(r.json["id"], body["username"], password, role, institution_id, r.json)


class Actors:
    """One user and one signed-in client per role, made on first use, for tests that only
    read with them (tests that change a user make their own)."""

    def __init__(self, server, admin):
        self.server, self.admin = server, admin
        self._users, self._clients = {}, {}

    def user(self, role):
        if role not in self._users:
            self._users[role] = new_user(self.admin, role)
        return self._users[role]

    def client(self, role):
        if role not in self._clients:
            u = self.user(role)
            self._clients[role] = self.server.sign_in(u.username, u.password)
        return self._clients[role]


# --- the audit table ----------------------------------------------------------------------

def tamper_audit_row(db_path, entry_id, action="tampered.action"):
    """Edits one audit row behind the server's back (as someone with the database file
    would), dropping any trigger that guards the table first."""
    con = sqlite3.connect(str(db_path))
    try:
        triggers = con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                               "AND tbl_name = 'audit_log'").fetchall()
        for (name,) in triggers:
            con.execute(f'DROP TRIGGER "{name}"')
        cur = con.execute("UPDATE audit_log SET action = ? WHERE id = ?", (action, entry_id))
        assert cur.rowcount == 1, f"no audit_log row {entry_id}"
        con.commit()
    finally:
        con.close()


def delete_audit_row(db_path, entry_id):
    con = sqlite3.connect(str(db_path))
    try:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                   "AND tbl_name = 'audit_log'").fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        cur = con.execute("DELETE FROM audit_log WHERE id = ?", (entry_id,))
        assert cur.rowcount == 1, f"no audit_log row {entry_id}"
        con.commit()
    finally:
        con.close()


def query_db(db, sql):
    """The rows of `sql`, run on a server's database behind its back (for tests that look at
    what is stored). tests/pg/pg_plugin.py runs it on PostgreSQL when `db` is a URL."""
    con = sqlite3.connect(str(db))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def write_db(db, sql):
    """Runs a write `sql` on a server's database behind its back, committed (for tests that
    set a state no route reaches, e.g. a counter far along). On PostgreSQL, pgdb commits."""
    if isinstance(db, str) and db.startswith("postgres"):
        query_db(db, sql)
        return
    con = sqlite3.connect(str(db))
    try:
        con.execute(sql)
        con.commit()
    finally:
        con.close()


def audit_ids(db_path):
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return [row[0] for row in con.execute("SELECT id FROM audit_log ORDER BY id")]
    finally:
        con.close()


# --- the enum labels (data/labels.json) ---------------------------------------------------

_LABELS = None
# Each report table's row labels, by the group of data/labels.json that names them.
REPORT_ROW_GROUPS = {"cases_by_kind": "case_kind", "cases_by_form": "form",
                     "cases_by_risk": "risk_level", "cases_by_sex_and_age": "sex",
                     "repeat_cases": "report_row", "referrals_by_service": "service",
                     "referrals_by_institution_type": "institution_type",
                     "protection_orders": "order_type", "meetings_held": "meeting_kind",
                     "trainings": "report_row"}


def label(group, code, lang="en"):
    """The label data/labels.json gives `code` of `group` in `lang` (for tr and bs, the English
    one where that language has none, as the server does)."""
    global _LABELS
    if _LABELS is None:
        _LABELS = json.loads((REPO / "data" / "labels.json").read_text(encoding="utf-8"))
    texts = _LABELS[group][code]
    return texts[lang] if lang in texts or lang not in ("tr", "bs") else texts["en"]
