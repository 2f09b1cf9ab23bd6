"""The command line of CONTRACT.md: --help and --version; `ura init` (key file FILE.key with
mode 0600, refusing to overwrite a database or a key file, refusing a short admin password);
`ura migrate`; `ura user add | passwd | disable` on the server's database (the server is
stopped while they run); `ura audit verify` on an intact chain, an edited row and a deleted
row; and `ura demo` (a Korçë mechanism with a user of every role, accounts printed once)."""

import hashlib
import re
import stat

import pytest

from harness import (ADMIN_PASSWORD, ADMIN_USER, ROLES, Server, assert_problem, audit_ids,
                     cli_output, delete_audit_row, list_all, new_institution, new_municipality,
                     new_password, run_cli, tamper_audit_row, uniq)

INTACT = re.compile(r"audit chain intact: (\d+) entries")
BROKEN = re.compile(r"audit chain broken at entry (\d+)")
ADMIN_ENV = {"URA_ADMIN_USER": ADMIN_USER, "URA_ADMIN_PASSWORD": ADMIN_PASSWORD}


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- help, version, init, migrate ----------------------------------------------------------

@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_exit_0(ura, flag):
    proc = run_cli(flag)
    assert proc.returncode == 0, cli_output(proc)
    assert cli_output(proc).strip(), f"{flag} printed nothing"


def test_help_names_every_command(ura):
    out = cli_output(run_cli("--help"))
    for command in ("init", "serve", "demo", "migrate", "user", "audit"):
        assert command in out, f"--help does not mention {command}: {out}"


@pytest.mark.parametrize("argv, first_line", [
    (("user", "--help"), "Usage: ura user add|passwd|disable"),
    (("user", "add", "--help"), "Usage: ura user add --db FILE --username NAME --role ROLE"),
    (("user", "--db", "x.db", "passwd", "--help"), "Usage: ura user passwd"),
    (("user", "disable", "-h"), "Usage: ura user disable"),
    (("audit", "--help"), "Usage: ura audit verify"),
    (("backup", "--help"), "Usage: ura backup"),
    (("serve", "--help"), "Usage: ura serve"),
    (("check", "--help"), "Usage: ura check"),
    (("migrate-to", "--help"), "Usage: ura migrate-to --db FILE postgresql://URL"),
])
def test_a_command_s_help_is_its_own_usage(ura, argv, first_line):
    proc = run_cli(*argv)
    assert proc.returncode == 0, cli_output(proc)
    assert proc.stdout.splitlines()[0].startswith(first_line), proc.stdout
    assert "Commands:" not in proc.stdout, "printed the whole usage instead"


@pytest.mark.parametrize("args, says", [
    (("--role", "superuser"), "needs --role, one of: admin"),
    (("--role", "caseworker"), "give --institution"),
    ((), "needs --role"),
])
def test_user_add_checks_the_role_before_asking_for_a_password(ura, tmp_path, args, says):
    # No password in the environment and none on stdin: asking for one would fail
    # differently (or wait); the role is refused first, even before the database is opened.
    proc = run_cli("user", "add", "--db", str(tmp_path / "none.db"), "--username", "someone",
                   *args, env={"URA_PASSWORD": ""})
    assert proc.returncode == 2, cli_output(proc)
    assert says in proc.stderr, proc.stderr
    assert "password" not in proc.stderr.lower() and "no database" not in proc.stderr


def test_unknown_command_fails(ura):
    assert run_cli("no-such-command").returncode != 0


def test_init_creates_a_private_key_file(ura, tmp_path):
    proc = run_cli("init", "--db", tmp_path / "ura.db", env=ADMIN_ENV)
    assert proc.returncode == 0, cli_output(proc)
    key = tmp_path / "ura.db.key"
    assert (tmp_path / "ura.db").is_file() and key.is_file(), list(tmp_path.iterdir())
    assert stat.S_IMODE(key.stat().st_mode) == 0o600, oct(key.stat().st_mode)


def test_init_honours_key_option(ura, tmp_path):
    key = tmp_path / "elsewhere.key"
    proc = run_cli("init", "--db", tmp_path / "ura.db", "--key", key, env=ADMIN_ENV)
    assert proc.returncode == 0, cli_output(proc)
    assert key.is_file() and stat.S_IMODE(key.stat().st_mode) == 0o600


def test_init_refuses_an_existing_database(ura, tmp_path):
    db = tmp_path / "ura.db"
    assert run_cli("init", "--db", db, env=ADMIN_ENV).returncode == 0
    before = (_digest(db), _digest(tmp_path / "ura.db.key"))
    proc = run_cli("init", "--db", db, env={"URA_ADMIN_USER": "other",
                                            "URA_ADMIN_PASSWORD": "another-password-123"})
    assert proc.returncode == 1, cli_output(proc)
    assert (_digest(db), _digest(tmp_path / "ura.db.key")) == before, "init changed the files"
    s = Server(tmp_path, init=False).start()
    try:
        assert s.client().sign_in(ADMIN_USER, ADMIN_PASSWORD).status == 201
        assert_problem(s.client().sign_in("other", "another-password-123"), 401)
    finally:
        s.stop()


def test_init_refuses_an_existing_key_file(ura, tmp_path):
    key = tmp_path / "ura.db.key"
    key.write_bytes(b"someone else's key\n")
    key.chmod(0o600)
    proc = run_cli("init", "--db", tmp_path / "ura.db", env=ADMIN_ENV)
    assert proc.returncode == 1, cli_output(proc)
    assert key.read_bytes() == b"someone else's key\n", "init overwrote the key file"
    assert not (tmp_path / "ura.db").exists(), "init created a database beside a foreign key"


def test_init_refuses_a_short_admin_password(ura, tmp_path):
    proc = run_cli("init", "--db", tmp_path / "ura.db",
                   env={"URA_ADMIN_USER": ADMIN_USER, "URA_ADMIN_PASSWORD": "elevenchars"})
    assert proc.returncode != 0, cli_output(proc)


def test_migrate_on_a_current_database_exits_0(ura, tmp_path):
    db = tmp_path / "ura.db"
    assert run_cli("init", "--db", db, env=ADMIN_ENV).returncode == 0
    for _ in range(2):
        proc = run_cli("migrate", "--db", db)
        assert proc.returncode == 0, cli_output(proc)
    assert INTACT.search(cli_output(run_cli("audit", "verify", "--db", db)))


# --- user commands on a served database ----------------------------------------------------

def _user_add(server, username, role, password, *extra):
    return run_cli("user", "add", "--db", server.db, "--username", username, "--role", role,
                   *extra, env={"URA_PASSWORD": password})


@pytest.mark.parametrize("role", ROLES)
def test_user_add_creates_a_user_who_signs_in(server, admin, role):
    institution = new_institution(admin)["id"]
    username, password = f"cli-{role[:4]}-{uniq()}", new_password()
    with server.stopped():
        proc = _user_add(server, username, role, password, "--institution", institution,
                         "--display-name", "Elira Cani")
        assert proc.returncode == 0, cli_output(proc)
        verify = run_cli("audit", "verify", "--db", server.db)
        assert verify.returncode == 0, cli_output(verify)
    me = server.sign_in(username, password).get("/me").json
    assert (me["username"], me["role"], me["institution_id"], me["display_name"]) == \
        (username, role, institution, "Elira Cani"), me


@pytest.mark.parametrize("case", ["caseworker-without-institution", "unknown-role",
                                  "duplicate-username", "short-password", "bad-username",
                                  "unknown-institution"])
def test_user_add_refuses_bad_input(server, admin, case):
    taken = f"taken-{uniq()}"
    with server.stopped():
        assert _user_add(server, taken, "national", new_password()).returncode == 0
    before = len(list_all(admin, "/users"))
    username = f"cli-{uniq()}"
    args = {
        "caseworker-without-institution": (username, "caseworker", new_password()),
        "unknown-role": (username, "superuser", new_password()),
        "duplicate-username": (taken, "national", new_password()),
        "short-password": (username, "national", "short"),
        "bad-username": ("Not A Username", "national", new_password()),
        "unknown-institution": (username, "caseworker", new_password(), "--institution",
                                "987654321"),
    }[case]
    with server.stopped():
        proc = _user_add(server, *args)
    assert proc.returncode != 0, f"{case}: {cli_output(proc)}"
    assert len(list_all(admin, "/users")) == before, f"{case}: a user was added"


def test_user_passwd_changes_the_password(server):
    username, old, fresh = f"cli-pw-{uniq()}", new_password(), new_password()
    with server.stopped():
        assert _user_add(server, username, "national", old).returncode == 0
    assert server.client().sign_in(username, old).status == 201
    with server.stopped():
        proc = run_cli("user", "passwd", "--db", server.db, "--username", username,
                       env={"URA_PASSWORD": fresh})
        assert proc.returncode == 0, cli_output(proc)
    assert_problem(server.client().sign_in(username, old), 401)
    assert server.client().sign_in(username, fresh).status == 201


def test_user_passwd_of_unknown_user_fails(server):
    with server.stopped():
        proc = run_cli("user", "passwd", "--db", server.db, "--username", f"ghost-{uniq()}",
                       env={"URA_PASSWORD": new_password()})
    assert proc.returncode != 0, cli_output(proc)


def test_user_disable_blocks_sign_in(server, admin):
    username, password = f"cli-off-{uniq()}", new_password()
    with server.stopped():
        assert _user_add(server, username, "auditor", password).returncode == 0
    assert server.client().sign_in(username, password).status == 201
    with server.stopped():
        proc = run_cli("user", "disable", "--db", server.db, "--username", username)
        assert proc.returncode == 0, cli_output(proc)
    assert_problem(server.client().sign_in(username, password), 401)
    listed = next(u for u in list_all(admin, "/users") if u["username"] == username)
    assert listed["active"] is False, listed


# --- audit verify --------------------------------------------------------------------------

@pytest.fixture
def busy_db(new_server):
    """A database with a few dozen audit entries; the server is stopped on return."""
    s = new_server()
    admin = s.sign_in_admin()
    for _ in range(3):
        m = new_municipality(admin)
        new_institution(admin, m["id"])
    s.stop()
    return s


def test_audit_verify_reports_an_intact_chain(busy_db):
    proc = run_cli("audit", "verify", "--db", busy_db.db)
    assert proc.returncode == 0, cli_output(proc)
    match = INTACT.search(cli_output(proc))
    assert match, cli_output(proc)
    assert int(match.group(1)) == len(audit_ids(busy_db.db))


def test_audit_verify_names_an_edited_entry(busy_db):
    ids = audit_ids(busy_db.db)
    target = ids[len(ids) // 2]
    tamper_audit_row(busy_db.db, target)
    proc = run_cli("audit", "verify", "--db", busy_db.db)
    assert proc.returncode == 1, cli_output(proc)
    match = BROKEN.search(cli_output(proc))
    assert match and int(match.group(1)) == target, cli_output(proc)


def test_audit_verify_notices_a_deleted_entry(busy_db):
    ids = audit_ids(busy_db.db)
    gone = ids[len(ids) // 2]
    delete_audit_row(busy_db.db, gone)
    proc = run_cli("audit", "verify", "--db", busy_db.db)
    assert proc.returncode == 1, cli_output(proc)
    match = BROKEN.search(cli_output(proc))
    assert match and int(match.group(1)) == ids[ids.index(gone) + 1], cli_output(proc)


# --- demo ----------------------------------------------------------------------------------

def _printed_passwords(line, username):
    """Likely passwords on a printed account line: long tokens other than the username,
    those with digits or symbols first."""
    tokens = [t.strip("\"'`,;()[]{}<>") for t in re.split(r"[\s=]+", line)]
    tokens = [t.split(":", 1)[1] if t.startswith(username + ":") else t for t in tokens]
    found = [t for t in tokens if len(t) >= 12 and t != username and username not in t]
    return sorted(found, key=lambda t: t.isalpha())[:3]


class Demo:
    """`ura demo` on a new database, inspected through a server and an extra admin account."""

    def __init__(self, directory):
        self.db = directory / "demo.db"
        self.first = run_cli("demo", "--db", self.db)
        assert self.first.returncode == 0, cli_output(self.first)
        self.inspector, secret = f"inspector-{uniq()}", new_password()
        add = run_cli("user", "add", "--db", self.db, "--username", self.inspector, "--role",
                      "admin", env={"URA_PASSWORD": secret})
        assert add.returncode == 0, cli_output(add)
        self.server = Server(directory, init=False, db_name="demo.db").start()
        try:
            self.admin = self.server.sign_in(self.inspector, secret)
        except AssertionError:
            self.server.stop()
            raise

    def users(self):
        return [u for u in list_all(self.admin, "/users") if u["username"] != self.inspector]

    def printed_accounts(self):
        """{role: (username, password)} for printed accounts that really sign in."""
        found = {}
        for user in self.users():
            pattern = rf"(?<![\w.-]){re.escape(user['username'])}(?![\w.-])"
            for line in (ln for ln in self.first.stdout.splitlines() if re.search(pattern, ln)):
                for candidate in _printed_passwords(line, user["username"]):
                    if self.server.client().sign_in(user["username"], candidate).status == 201:
                        found.setdefault(user["role"], (user["username"], candidate))
                        break
                if user["role"] in found:
                    break
        return found


@pytest.fixture
def demo(ura, tmp_path):
    d = Demo(tmp_path)
    yield d
    d.server.stop()


def test_demo_builds_the_korce_mechanism_with_every_role(demo):
    assert demo.db.is_file() and demo.db.with_name("demo.db.key").is_file()
    korce = [m for m in list_all(demo.admin, "/municipalities") if m["code"] == "KOR"]
    assert korce, "no municipality with code KOR"
    mechanisms = [m for m in list_all(demo.admin, "/mechanisms")
                  if m["municipality_id"] == korce[0]["id"] and m["kind"] == "domestic_violence"]
    assert mechanisms, "no domestic-violence mechanism in Korçë"
    assert list_all(demo.admin, f"/mechanisms/{mechanisms[0]['id']}/members"), "no members"
    assert set(ROLES) <= {u["role"] for u in demo.users()}, demo.users()


def test_demo_prints_a_working_account_of_every_role(demo):
    accounts = demo.printed_accounts()
    assert set(accounts) == set(ROLES), \
        f"printed accounts that sign in cover {sorted(accounts)}; stdout:\n{demo.first.stdout}"


def test_demo_prints_accounts_once(demo):
    accounts = demo.printed_accounts()
    assert accounts, f"no printed account signs in; stdout:\n{demo.first.stdout}"
    demo.server.stop()
    second = run_cli("demo", "--db", demo.db)
    leaked = [password for _, password in accounts.values() if password in cli_output(second)]
    assert not leaked, "a second run printed the passwords again"
    verify = run_cli("audit", "verify", "--db", demo.db)
    assert verify.returncode == 0, cli_output(verify)


# --- migrate-to's command line (the copy itself: tests/pg/test_migrate_to.py) ----------------

@pytest.mark.parametrize("args, says", [
    (("--db", "ura.db"), "migrate-to --db FILE postgresql://"),
    (("--db", "ura.db", "other.db"), "migrate-to --db FILE postgresql://"),
    (("--db", "postgresql://127.0.0.1:1/a", "postgresql://127.0.0.1:1/b"),
     "--db must name the SQLite database file"),
])
def test_migrate_to_needs_a_sqlite_file_and_a_postgresql_url(ura, tmp_path, args, says):
    proc = run_cli("migrate-to", *args)
    assert proc.returncode == 2 and says in proc.stderr, cli_output(proc)


def test_migrate_to_names_what_it_cannot_reach(ura, tmp_path):
    db = tmp_path / "ura.db"
    proc = run_cli("migrate-to", "--db", db, "postgresql://127.0.0.1:1/ura")
    assert proc.returncode == 1 and f"no SQLite database at: {db}" in proc.stderr, \
        cli_output(proc)
    assert run_cli("init", "--db", db, env=ADMIN_ENV).returncode == 0
    proc = run_cli("migrate-to", "--db", db, "postgresql://127.0.0.1:1/ura")
    assert proc.returncode == 1 and "cannot connect to PostgreSQL" in proc.stderr, \
        cli_output(proc)
