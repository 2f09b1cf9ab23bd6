"""PostgreSQL for the tests: fresh databases on the server named by URA_TEST_DB_URL, and
queries whose rows come back as lists of strings, exactly as `psql -A -t` prints them.

Queries go through one open connection per database (Debian's python3-psycopg2), not a new
`psql` process each: starting psql and its backend cost about 100 ms a query, which was most
of the PostgreSQL API suite's time. Every value is handed over as the server's own text, so
the rows are the ones psql printed before.
"""

import itertools
import os
import re

import psycopg2
import psycopg2.extensions

_counter = itertools.count(1)
_created = []


def server_url():
    url = os.environ.get("URA_TEST_DB_URL")
    if not url:
        raise RuntimeError("URA_TEST_DB_URL is not set")
    return url


def url_of(name):
    """The server's URL naming database `name` instead."""
    base = server_url()
    query = ""
    if "?" in base:
        base, query = base.split("?", 1)
        query = "?" + query
    head, _, _ = base.rpartition("/")
    if head.endswith(":/"):          # no database in the URL: postgresql://host:port
        head = base
    return f"{head}/{name}{query}"


def literal(text):
    return "'" + str(text).replace("'", "''") + "'"


_connections = {}   # database URL -> its open connection


def _as_text(value, _cursor):
    return value


def _connect(url):
    conn = psycopg2.connect(url, connect_timeout=60)
    conn.autocommit = True
    # Every type as the server's text (integers, booleans "t"/"f", bytea "\\x…", dates),
    # which is what psql printed and what typed_rows expects.
    for oid in list(psycopg2.extensions.string_types):
        psycopg2.extensions.register_type(
            psycopg2.extensions.new_type((oid,), f"TEXT_{oid}", _as_text), conn)
    return conn


_DOLLAR_TAG = re.compile(r"\$[A-Za-z_]*\$")


def statements(sql):
    """`sql` cut at the semicolons outside quotes ('…', "…", $$…$$, $tag$…$tag$), as psql
    sends them one by one."""
    parts, start, closing, i = [], 0, None, 0
    while i < len(sql):
        if closing:
            if sql.startswith(closing, i):
                i += len(closing)
                closing = None
                continue
        elif sql[i] in "'\"":
            closing = sql[i]
        elif sql[i] == "$" and (tag := _DOLLAR_TAG.match(sql, i)):
            closing = tag.group(0)
            i += len(closing)
            continue
        elif sql[i] == ";":
            parts.append(sql[start:i])
            start = i + 1
        i += 1
    parts.append(sql[start:])
    return [p for p in parts if p.strip()]


def _run(conn, sql):
    rows = []
    with conn.cursor() as cur:
        for statement in statements(sql):
            cur.execute(statement)
            if cur.description is not None:
                rows += [[NULL_MARK if v is None else v for v in row] for row in cur.fetchall()]
    return rows


def query(url, sql):
    """Runs `sql` (one or more statements); the rows every statement returned, each a list of
    strings (as psql prints a multi-statement command's results one after another). A
    connection the server dropped (a restart, a dropped database) is opened again once."""
    for attempt in (1, 2):
        conn = _connections.get(url)
        try:
            if conn is None or conn.closed:
                conn = _connections[url] = _connect(url)
            return _run(conn, sql)
        except (psycopg2.OperationalError, psycopg2.InterfaceError) as e:
            _close(url)
            if attempt == 2 or not _retryable(e):
                raise AssertionError(f"PostgreSQL failed: {str(e).strip()}\nSQL: {sql}")
        except psycopg2.Error as e:
            raise AssertionError(f"PostgreSQL failed: {str(e).strip()}\nSQL: {sql}")


def _retryable(error):
    """A connection lost before the query ran, not a query the server refused."""
    return isinstance(error, psycopg2.InterfaceError) or getattr(error, "pgcode", None) is None


def _close(url):
    conn = _connections.pop(url, None)
    if conn is not None:
        try:
            conn.close()
        except psycopg2.Error:
            pass


def _value(text):
    """psql's text for a value as Python's sqlite3 would give it: None, int, bytes or str."""
    if text is None or text == NULL_MARK:
        return None
    if text.lstrip("-").isdigit():
        return int(text)
    if text.startswith("\\x"):
        try:
            return bytes.fromhex(text[2:])
        except ValueError:
            pass
    return text


NULL_MARK = "\x1e<null>"


def typed_rows(url, sql):
    """query() with values converted as sqlite3 converts them, rows as tuples."""
    return [tuple(_value(v) for v in row) for row in query(url, sql)]


def create_database(prefix="ura_api", template=None):
    """A new database, empty or a copy of database `template` (a name); its URL."""
    name = f"{prefix}_{os.getpid()}_{next(_counter)}"
    query(server_url(), f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    _created.append(name)
    return url_of(name)


def drop_created():
    """Drops the databases made here (servers using them must have stopped)."""
    while _created:
        name = _created.pop()
        _close(url_of(name))
        try:
            query(server_url(), f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except AssertionError:
            pass
