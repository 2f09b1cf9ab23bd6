"""The data key and `ura keys rotate`: init stores a data key wrapped by the master key (never
the key itself), rotation writes a new master key file and keeps the old one as KEY.old, the
database then opens with the new file only, and a wrong key file stops the server at start."""

import shutil

from harness import Server, cli_output, query_db, run_cli


def _wrapped(db):
    return query_db(db, "SELECT wrapped FROM data_key WHERE id = 1")[0][0]


def test_init_stores_only_a_wrapped_data_key(ura, tmp_path):
    server = Server(tmp_path)
    key = (tmp_path / "ura.db.key").read_bytes()
    wrapped = _wrapped(server.db)
    assert len(wrapped) == 24 + 32 + 16, "nonce, data key and tag"
    assert key not in wrapped


def test_rotation_rewraps_the_key_and_retires_the_old_file(ura, tmp_path):
    server = Server(tmp_path)
    key_path = tmp_path / "ura.db.key"
    before_key, before_wrapped = key_path.read_bytes(), _wrapped(server.db)
    proc = run_cli("keys", "rotate", "--db", server.db)
    assert proc.returncode == 0, cli_output(proc)
    assert (tmp_path / "ura.db.key.old").read_bytes() == before_key
    assert key_path.read_bytes() != before_key
    assert (key_path.stat().st_mode & 0o077) == 0, "the new key file is private"
    assert _wrapped(server.db) != before_wrapped

    server.start()                     # opens with the new key file
    client = server.sign_in_admin()
    assert client.get("/me").status == 200
    server.stop()

    shutil.copy(tmp_path / "ura.db.key.old", tmp_path / "stale.key")
    (tmp_path / "stale.key").chmod(0o600)
    proc = run_cli("keys", "rotate", "--db", server.db, "--key", tmp_path / "stale.key")
    assert proc.returncode != 0, "the retired key must not open the database"
    assert "does not open" in cli_output(proc)


def test_serve_refuses_a_key_file_of_another_database(ura, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = Server(tmp_path / "a"), Server(tmp_path / "b")
    # The harness copies one initialised database per test run: the second gets a key of its
    # own by rotation (its data key rewrapped under a new master key, in the same file name).
    assert run_cli("keys", "rotate", "--db", second.db).returncode == 0
    # A wrong key must stop the server at start (it would otherwise hang here, listening).
    proc = run_cli("serve", "--db", first.db, "--key", second.dir / "ura.db.key",
                   "--listen", "127.0.0.1:0", timeout=30)
    assert proc.returncode != 0 and "does not open" in cli_output(proc), cli_output(proc)
    assert "listening" not in proc.stdout


def test_rotation_is_audited(ura, tmp_path):
    server = Server(tmp_path)
    assert run_cli("keys", "rotate", "--db", server.db).returncode == 0
    actions = [a for (a,) in query_db(server.db, "SELECT action FROM audit_log ORDER BY id")]
    assert actions.count("data_key.create") == 1 and actions[-1] == "data_key.rotate", actions
    proc = run_cli("audit", "verify", "--db", server.db)
    assert proc.returncode == 0, cli_output(proc)
