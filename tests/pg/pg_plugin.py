"""Runs the black-box API suite (tests/api) against PostgreSQL.

Loaded with `pytest -p pg_plugin` (tests/pg on PYTHONPATH) while URA_TEST_DB_URL names a
database of a running server (tests/run.sh starts a throw-away cluster with pg_cluster.sh).
It teaches the API harness three things before the test modules import it:

- every Server made by `ura init` gets a fresh PostgreSQL database instead of a file, and a
  master key file in its directory (a database URL has no file beside which to keep one, so
  the key is passed with --key / URA_KEY). `ura init` runs once per test process, into a
  template database; each server's database is a copy of it (CREATE DATABASE ... TEMPLATE)
  and its key file a copy of the template's: migrating a PostgreSQL database costs its
  server about a second of CPU, which per server was much of the suite's time. Tests of
  `ura init` itself (test_cli) still run it on databases of their own;
- `ura` commands given `--db URL` get that database's `--key`;
- the helpers that edit or read the database behind the server's back (query_db and the
  audit table's) do it on a PostgreSQL connection (pgdb).

Servers made with init=False (on a database file a test prepared itself) stay on SQLite.
"""

import os
import shutil
import tempfile

import pgdb

import harness

_keys = {}   # database URL -> its master key file
_original_run_cli = harness.run_cli
_original_tamper = harness.tamper_audit_row
_original_delete = harness.delete_audit_row
_original_audit_ids = harness.audit_ids
_original_query_db = getattr(harness, "query_db", None)


def _is_url(db):
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def run_cli(*args, env=None, timeout=120):
    """`ura ARGS` with --key added after `--db URL` when the URL's key is known."""
    args = list(args)
    if "--key" not in args:
        for i, arg in enumerate(args[:-1]):
            if arg == "--db" and _is_url(args[i + 1]) and args[i + 1] in _keys:
                args[i + 2:i + 2] = ["--key", _keys[args[i + 1]]]
                break
    return _original_run_cli(*args, env=env, timeout=timeout)


def _init(url, key):
    _keys[url] = key
    proc = run_cli("init", "--db", url,
                   env={"URA_ADMIN_USER": harness.ADMIN_USER,
                        "URA_ADMIN_PASSWORD": harness.ADMIN_PASSWORD})
    if proc.returncode != 0:
        raise AssertionError(f"ura init failed ({proc.returncode}): {harness.cli_output(proc)}")


_template = None   # (database name, its key file): what `ura init` made once in this process


def _initialised_template():
    global _template
    if _template is None:
        url = pgdb.create_database(prefix="ura_template")
        _init(url, os.path.join(tempfile.mkdtemp(prefix="ura-template-"), "ura.db.key"))
        _template = (url.split("?")[0].rsplit("/", 1)[1], _keys[url])
    return _template


class PgServer(harness.Server):
    """harness.Server on a fresh PostgreSQL database (when made by `ura init`): a copy of the
    database `ura init` made once in this process, with a copy of its key file."""

    def __init__(self, directory, env=None, init=True, db_name="ura.db", defaults=False):
        super().__init__(directory, env=env, init=False, db_name=db_name, defaults=defaults)
        if not init:
            return
        template, template_key = _initialised_template()
        self.db = pgdb.create_database(template=template)
        _keys[self.db] = str(self.dir / f"{db_name}.key")
        shutil.copyfile(template_key, _keys[self.db])
        os.chmod(_keys[self.db], 0o600)
        self.env.setdefault("URA_KEY", _keys[self.db])


def two_processes(first_dir, second_dir):
    """Two started servers on one fresh database (the first made it), the second with the
    first's key: two `ura serve` processes as on two machines. Stop both when done."""
    first = PgServer(first_dir)
    second = PgServer(second_dir, init=False)
    second.db = first.db
    second.env["URA_KEY"] = first.env["URA_KEY"]
    return [first.start(), second.start()]


def tamper_audit_row(db_path, entry_id, action="tampered.action"):
    if not _is_url(db_path):
        return _original_tamper(db_path, entry_id, action)
    # As someone with the database's owner role would: switch the guard off, edit, switch on.
    changed = pgdb.query(db_path,
                         "ALTER TABLE audit_log DISABLE TRIGGER USER; "
                         f"UPDATE audit_log SET action = {pgdb.literal(action)} "
                         f"WHERE id = {int(entry_id)} RETURNING id; "
                         "ALTER TABLE audit_log ENABLE TRIGGER USER;")
    assert changed == [[str(int(entry_id))]], f"no audit_log row {entry_id}"


def delete_audit_row(db_path, entry_id):
    if not _is_url(db_path):
        return _original_delete(db_path, entry_id)
    gone = pgdb.query(db_path,
                      "ALTER TABLE audit_log DISABLE TRIGGER USER; "
                      f"DELETE FROM audit_log WHERE id = {int(entry_id)} RETURNING id; "
                      "ALTER TABLE audit_log ENABLE TRIGGER USER;")
    assert gone == [[str(int(entry_id))]], f"no audit_log row {entry_id}"


def audit_ids(db_path):
    if not _is_url(db_path):
        return _original_audit_ids(db_path)
    return [int(row[0]) for row in pgdb.query(db_path, "SELECT id FROM audit_log ORDER BY id")]


def query_db(db, sql):
    if not _is_url(db):
        return _original_query_db(db, sql)
    return pgdb.typed_rows(db, sql)


# Patched on import, which pytest does (for -p plugins) before it loads tests/api/conftest.py
# and the test modules, so their `from harness import ...` get these.
if not os.environ.get("URA_TEST_DB_URL"):
    raise RuntimeError("pg_plugin: set URA_TEST_DB_URL to a PostgreSQL database URL")
harness.run_cli = run_cli
harness.Server = PgServer
harness.tamper_audit_row = tamper_audit_row
harness.delete_audit_row = delete_audit_row
harness.audit_ids = audit_ids
harness.query_db = query_db


def pytest_unconfigure(config):
    pgdb.drop_created()
