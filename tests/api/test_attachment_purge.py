"""Attachments' bytes over their life (issue 16; CONTRACT.md "Attachments", OPERATIONS.md).

One server whose clock is moved by restarts, never waited on:

- a soft-deleted attachment is hidden at once and its bytes, name and key are purged at the
  next round of the files sweep (at start, then daily): the row stays, blanked, with
  `purged_at`; SQLite's file and PostgreSQL's chunks are gone; others are untouched;
- SQLite: a file in <db>.files/ that no row names (an upload that failed after writing it) is
  kept while younger than a day by the server's clock and removed once older; a file whose
  row is purged (a crash between an anonymisation's commit and its files' removal) is removed
  at once; names that are no file id are left alone;
- anonymising a case purges every attachment of the case (deleted ones too, on the case, an
  incident or a referral): no file of the case in <db>.files/, no chunk row, names and
  wrapped keys blanked; listing and downloading answer 409 like every read of an anonymised
  case; another case's attachment still downloads; the audit chain verifies;
  `ura retention --apply` beside the running server removes its cases' files at once.

Runs on both engines (tests/pg/pg_plugin.py).
"""

import datetime as dt
import os

import pytest

import harness
from harness import T0, assert_problem
from test_attachments import World, files_dir, is_postgres, sample, upload

LATER = T0 + dt.timedelta(days=11 * 366)   # past domestic violence's ten years


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-attachment-purge"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


def restart(server, world, now):
    server.restart(now=now)
    world.forget_sessions()


def row_of(server, attachment_id):
    """(file_id, length of the name, length of the wrapped key, purged)."""
    fn = "length" if not is_postgres(server) else "octet_length"
    file_id, name, key, purged = harness.query_db(
        server.db, f"SELECT file_id, {fn}(name), {fn}(key_wrapped), purged_at IS NOT NULL "
                   f"FROM attachments WHERE id = {int(attachment_id)}")[0]
    return file_id, int(name), int(key), purged in (1, True, "t")


def bytes_kept(server, file_id):
    """Whether the attachment's ciphertext is stored: SQLite's file, PostgreSQL's chunks."""
    if is_postgres(server):
        return int(harness.query_db(server.db, "SELECT COUNT(*) FROM attachment_chunks "
                                               f"WHERE file_id = '{file_id}'")[0][0]) > 0
    return (files_dir(server) / file_id).exists()


def attach(world, path, kind="pdf", category="legal"):
    r = upload(world.client("caseworker"), path, sample(kind), f"Dëshmi {kind}.{kind}",
               category)
    assert r.status == 201, r
    return r.json


def test_a_deleted_attachment_is_purged_at_the_next_round(server, world):
    case = world.new_case()
    kept = attach(world, f"/cases/{case['id']}/attachments")
    gone = attach(world, f"/cases/{case['id']}/attachments", "png")
    assert world.client("caseworker").delete(f"/attachments/{gone['id']}").status == 204
    file_id, name, key, purged = row_of(server, gone["id"])
    assert bytes_kept(server, file_id) and name > 0 and key > 0 and not purged
    restart(server, world, T0 + dt.timedelta(hours=1))
    assert row_of(server, gone["id"]) == (file_id, 0, 0, True)
    assert not bytes_kept(server, file_id)
    assert row_of(server, kept["id"])[1:] != (0, 0, True)
    got = world.client("caseworker").get(f"/attachments/{kept['id']}")
    assert got.status == 200 and got.body.startswith(b"%PDF")
    assert_problem(world.client("caseworker").get(f"/attachments/{gone['id']}"), 404)


def test_orphan_files_are_swept_after_a_day_and_others_left(server, world):
    if is_postgres(server):
        pytest.skip("SQLite's directory (PostgreSQL's chunks are written in the row's "
                    "transaction)")
    case = world.new_case()
    live = attach(world, f"/cases/{case['id']}/attachments")
    d = files_dir(server)
    orphan, other = d / ("ab" * 16), d / "LEGGIMI.txt"
    orphan.write_bytes(os.urandom(300))
    other.write_bytes(b"not a file id")
    written = dt.datetime.fromtimestamp(orphan.stat().st_mtime, dt.timezone.utc)
    restart(server, world, written + dt.timedelta(hours=23))
    assert orphan.exists(), "an orphan younger than a day is kept (an upload under way)"
    restart(server, world, written + dt.timedelta(days=2))
    assert not orphan.exists()
    assert other.exists()
    other.unlink()
    got = world.client("caseworker").get(f"/attachments/{live['id']}")
    assert got.status == 200 and got.body.startswith(b"%PDF")


@pytest.fixture(scope="module")
def anonymised(server, world):
    """A closed case with attachments on itself (one deleted, not yet purged), on an
    incident and on a referral's packet; another case's attachment; then eleven years and
    the administrator's confirmation."""
    case = world.new_case()
    ref = world.referral(case)
    incident = world.client("caseworker").get(f"/cases/{case['id']}").json["incidents"][0]
    items = [attach(world, f"/cases/{case['id']}/attachments"),
             attach(world, f"/cases/{case['id']}/attachments", "text"),
             attach(world, f"/incidents/{incident['id']}/attachments", "jpeg", None),
             attach(world, f"/referrals/{ref['id']}/attachments", "docx", "identity")]
    assert world.client("caseworker").delete(f"/attachments/{items[1]['id']}").status == 204
    other = attach(world, f"/cases/{world.new_case()['id']}/attachments", "odt")
    by_cli = world.new_case()   # closed too, left for `ura retention --apply`
    by_cli_item = attach(world, f"/cases/{by_cli['id']}/attachments")
    for c in (case, by_cli):
        r = world.client("manager").post(f"/cases/{c['id']}/close", {"outcome": "goals_met"})
        assert r.status == 200, r
    file_ids = [row_of(server, a["id"])[0] for a in items]
    assert all(bytes_kept(server, f) for f in file_ids)
    restart(server, world, LATER)
    admin = server.sign_in_admin()
    r = admin.post("/retention/apply", {"case_ids": [case["id"]]})
    assert r.status == 200 and r.json["anonymised"] == [case["id"]], r
    return {"case": case, "items": items, "file_ids": file_ids, "other": other,
            "incident": incident, "referral": ref, "admin": admin, "by_cli": by_cli_item}


def test_anonymising_removes_the_cases_files_and_blanks_their_names(server, anonymised):
    for a, file_id in zip(anonymised["items"], anonymised["file_ids"]):
        assert row_of(server, a["id"]) == (file_id, 0, 0, True)
        assert not bytes_kept(server, file_id)
    if not is_postgres(server):
        left = {p.name for p in files_dir(server).iterdir()}
        assert not left & set(anonymised["file_ids"])
    other_id = row_of(server, anonymised["other"]["id"])[0]
    assert bytes_kept(server, other_id)


def test_the_anonymised_cases_attachments_are_no_longer_listed_or_read(world, anonymised):
    c = world.client("caseworker")
    case, items = anonymised["case"], anonymised["items"]
    for path in (f"/cases/{case['id']}/attachments",
                 f"/incidents/{anonymised['incident']['id']}/attachments",
                 f"/referrals/{anonymised['referral']['id']}/attachments"):
        assert_problem(c.get(path), 409)
    assert_problem(c.get(f"/attachments/{items[0]['id']}"), 409)
    got = c.get(f"/attachments/{anonymised['other']['id']}")
    assert got.status == 200 and got.body.startswith(b"PK")


def test_the_command_line_removes_the_files_of_what_it_anonymises(server, anonymised):
    """`ura retention --apply` beside the running server: the files go with the commit, not
    at the server's next sweep."""
    file_id = row_of(server, anonymised["by_cli"]["id"])[0]
    assert bytes_kept(server, file_id)
    proc = harness.run_cli("retention", "--apply", "--db", server.db,
                           env={"URA_NOW": harness.rfc3339(LATER)})
    assert proc.returncode == 0 and "anonymised: 1 cases" in proc.stdout, \
        harness.cli_output(proc)
    assert row_of(server, anonymised["by_cli"]["id"]) == (file_id, 0, 0, True)
    assert not bytes_kept(server, file_id)


def test_the_audit_chain_verifies_after_the_purges(server, world, anonymised):
    auditor = harness.new_user(anonymised["admin"], "auditor")
    c = server.sign_in(auditor.username, auditor.password)
    assert c.get("/audit/verify").json["intact"] is True
    proc = harness.run_cli("audit", "verify", "--db", server.db)
    assert proc.returncode == 0, harness.cli_output(proc)


def test_a_file_left_by_a_crash_after_anonymising_is_swept(server, world, anonymised):
    """The crash between the commit and the files' removal, replayed: the file is put back
    behind the server's back; its row is purged, so the next round removes it at once."""
    if is_postgres(server):
        pytest.skip("SQLite's files (PostgreSQL's chunks go in the anonymisation's "
                    "transaction)")
    back = files_dir(server) / anonymised["file_ids"][0]
    back.write_bytes(os.urandom(500))
    restart(server, world, LATER + dt.timedelta(minutes=5))
    assert not back.exists()
