"""`ura backup` while serving, then `ura restore` of that copy into a new database file
(SQLite; PostgreSQL uses pg_dump and pg_restore)."""

import shutil

from harness import Server, cli_output, new_municipality, run_cli


def test_backup_then_restore_serves_the_same_data(ura, tmp_path):
    # A database file of its own (also when the suite runs on PostgreSQL).
    (tmp_path / "live").mkdir()
    live = Server(tmp_path / "live", init=False)
    live.db = tmp_path / "live" / "ura.db"
    proc = run_cli("init", "--db", live.db, env={"URA_ADMIN_USER": "admin",
                                                 "URA_ADMIN_PASSWORD": "restore-test-password"})
    assert proc.returncode == 0, cli_output(proc)
    live.start()
    try:
        admin = live.sign_in("admin", "restore-test-password")
        made = new_municipality(admin)
        backup = tmp_path / "backup.db"
        proc = run_cli("backup", "--db", live.db, backup)   # online, while serving
        assert proc.returncode == 0, cli_output(proc)
    finally:
        live.stop()

    (tmp_path / "new").mkdir()
    target = tmp_path / "new" / "ura.db"
    proc = run_cli("restore", "--db", target, backup)
    assert proc.returncode == 0, cli_output(proc)
    assert "key" in cli_output(proc), "restore should say the key is not in the backup"
    shutil.copy(str(live.db) + ".key", str(target) + ".key")
    restored = Server(tmp_path / "new", init=False).start()
    try:
        admin = restored.sign_in("admin", "restore-test-password")
        r = admin.get(f"/municipalities/{made['id']}")
        assert r.status == 200 and r.json["code"] == made["code"], r
    finally:
        restored.stop()
    proc = run_cli("audit", "verify", "--db", target)
    assert proc.returncode == 0 and "audit chain intact" in proc.stdout, cli_output(proc)


def test_restore_refuses_an_existing_target_and_a_foreign_file(ura, tmp_path):
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"keep me")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all")
    proc = run_cli("restore", "--db", existing, junk)
    assert proc.returncode != 0 and existing.read_bytes() == b"keep me", cli_output(proc)
    target = tmp_path / "target.db"
    proc = run_cli("restore", "--db", target, junk)
    assert proc.returncode != 0 and not target.exists(), cli_output(proc)
    proc = run_cli("restore", "--db", target, tmp_path / "missing.db")
    assert proc.returncode != 0 and not target.exists(), cli_output(proc)
