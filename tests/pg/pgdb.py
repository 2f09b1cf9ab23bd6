"""PostgreSQL for the tests, with nothing but the `psql` client: fresh databases on the
server named by URA_TEST_DB_URL, and queries whose rows come back as lists of strings."""

import itertools
import os
import shutil
import subprocess

_counter = itertools.count(1)
_created = []


def psql_bin():
    for path in (shutil.which("psql"), "/usr/lib/postgresql/15/bin/psql"):
        if path and os.path.exists(path):
            return path
    raise RuntimeError("no psql: install Debian's postgresql-client")


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


def query(url, sql):
    """Runs `sql` (one or more statements); the rows of the last one, each a list of strings."""
    proc = subprocess.run([psql_bin(), "-X", "-q", "-A", "-t", "-F", "\x1f", "-P",
                           f"null={NULL_MARK}", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise AssertionError(f"psql failed: {proc.stderr.strip()}\nSQL: {sql}")
    return [line.split("\x1f") for line in proc.stdout.splitlines() if line != ""]


def _value(text):
    """psql's text for a value as Python's sqlite3 would give it: None, int, bytes or str."""
    if text == NULL_MARK:
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


def create_database(prefix="ura_api"):
    """A new empty database; its URL."""
    name = f"{prefix}_{os.getpid()}_{next(_counter)}"
    query(server_url(), f"CREATE DATABASE {name}")
    _created.append(name)
    return url_of(name)


def drop_created():
    """Drops the databases made here (servers using them must have stopped)."""
    while _created:
        name = _created.pop()
        try:
            query(server_url(), f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        except AssertionError:
            pass
