"""Moving from SQLite to PostgreSQL: `ura migrate-to postgresql://…` (issue 16, "Running it as
a service"; docs/OPERATIONS.md "Moving from SQLite to PostgreSQL").

A SQLite database is built through the HTTP API: a mechanism, cases with per-case keys,
referrals, notes, an attachment (two sealed chunks and the header), a case closed and then
anonymised by retention (its key destroyed), and the audit entries all of it wrote. Then:

- while `ura serve` runs on the file, migrate-to is refused at once and the target stays empty;
- stopped, it is copied into a fresh PostgreSQL database: the counts table shows every table
  equal on both sides, sessions not copied; `ura serve` on the target (the same master key
  file) gives the same case documents (decrypted fields equal, the anonymised one anonymised),
  the same attachment bytes, the same referral; `ura audit verify` passes there; a new case
  takes the next id and the year's next reference (sequences and reference counters carried);
- a second migrate-to into that target is refused and changes nothing;
- a copy whose attachment file is missing fails midway, after the tables were sent, and one
  whose audit chain was edited fails at the last check: either way the target is left without
  even a schema; the SQLite file itself is never changed.

PostgreSQL only (the source is SQLite, the target PostgreSQL): run with `-p pg_plugin` and
URA_TEST_DB_URL (tests/run.sh does).
"""

import datetime as dt
import hashlib
from pathlib import Path

import pytest

import harness
import pgdb
from harness import T0, cli_output, run_cli
from test_attachments import sample, upload
from test_cases import Site, case_body, create, new_person
from test_referrals import refer, referral_body

LATER = T0 + dt.timedelta(days=11 * 366)


def sqlite_server(directory):
    """A harness Server on a SQLite file made by `ura init` (pg_plugin's Server would make a
    PostgreSQL database)."""
    s = harness.Server(directory, init=False)
    proc = run_cli("init", "--db", s.db, env={"URA_ADMIN_USER": harness.ADMIN_USER,
                                               "URA_ADMIN_PASSWORD": harness.ADMIN_PASSWORD})
    assert proc.returncode == 0, cli_output(proc)
    assert not str(s.db).startswith("postgres")
    return s


def migrate_to(db, url):
    return run_cli("migrate-to", "--db", db, url)


def tables_of(url):
    return [r[0] for r in pgdb.query(url, "SELECT tablename FROM pg_tables "
                                          "WHERE schemaname = current_schema() ORDER BY 1")]


def state_of(url):
    """Every table's row count, every sequence's position and the audit chain's head: what a
    refused run must leave as it was."""
    counts = {t: pgdb.query(url, f"SELECT count(*) FROM {t}")[0][0] for t in tables_of(url)}
    sequences = pgdb.query(url, "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
    head = pgdb.query(url, "SELECT seq, encode(hash, 'hex') FROM audit_head")
    return counts, sequences, head


@pytest.fixture(scope="module")
def source(ura, tmp_path_factory):
    """The SQLite database, built at T0 and LATER, with what was read from it before it
    stopped."""
    s = sqlite_server(tmp_path_factory.mktemp("ura-sqlite"))
    s.start(now=T0)
    try:
        site = Site(s, s.sign_in_admin())
        # The recipient's notifications queue e-mails: copied once, not queued again.
        r = site.admin.patch(f"/users/{site.users['other_caseworker'].id}",
                             {"email": "sherbimet@example.org"})
        assert r.status == 200, r
        # Plain text with what COPY's text format must escape: a tab, a newline, a backslash.
        odd = harness.new_institution(site.admin, site.municipality["id"], type="legal_aid",
                                      name='Qendra "Vatra"\t\\ Korçë\nZyra 2')
        kept = create(site.client("caseworker"), case_body(site, new_person()))
        gone = create(site.client("caseworker"), case_body(site, new_person()))
        for case in (kept, gone):
            assert site.client("caseworker").post(f"/cases/{case['id']}/notes",
                                                  {"body": "Shënim për çështjen"}).status == 201
            referral = refer(site.client("caseworker"), case["id"],
                             referral_body(site.other, share=["identity"]))
        data = sample("text")
        up = upload(site.client("caseworker"), f"/cases/{kept['id']}/attachments", data,
                    "Vendim për urdhër mbrojtjeje.txt", "identity")
        assert up.status == 201, up
        # The anonymised case's attachment: its row moves, and its bytes if it still has them.
        r = upload(site.client("caseworker"), f"/cases/{gone['id']}/attachments",
                   sample("pdf"), "Raport mjekësor.pdf", "identity")
        assert r.status == 201, r
        r = site.client("manager").post(f"/cases/{gone['id']}/close", {"outcome": "goals_met"})
        assert r.status == 200, r
        s.restart(now=LATER)
        site.forget_sessions()
        r = s.sign_in_admin().post("/retention/apply", {"case_ids": [gone["id"]]})
        assert r.status == 200 and r.json["anonymised"] == [gone["id"]], r
        reads = read_all(site, kept["id"], gone["id"], up.json["id"], referral["id"], odd["id"])
        assert reads["gone"]["survivor"] != reads["kept"]["survivor"]
        assert reads["institution"]["name"] == 'Qendra "Vatra"\t\\ Korçë\nZyra 2'

    finally:
        s.stop()
    return {"server": s, "site": site, "kept": kept["id"], "gone": gone["id"],
            "attachment": up.json["id"], "data": data, "referral": referral["id"],
            "institution": odd["id"], "reads": reads, "key": str(s.db) + ".key"}


def read_all(site, kept, gone, attachment, referral, institution):
    """The documents the test compares, read by the owner's caseworker and the recipient."""
    worker = site.client("caseworker")

    def ok(path, who=worker):
        r = who.get(path)
        assert r.status == 200, r
        return r.json if r.content_type == "application/json" else r.body
    return {"kept": ok(f"/cases/{kept}"), "gone": ok(f"/cases/{gone}"),
            "attachment": ok(f"/attachments/{attachment}"),
            "referral": ok(f"/referrals/{referral}", site.client("other_caseworker")),
            "institution": ok(f"/institutions/{institution}")}


@pytest.fixture(scope="module")
def migrated(source):
    """The source stopped and copied into a fresh database."""
    url = pgdb.create_database("ura_migrate")
    before = hashlib.sha256(source["server"].db.read_bytes()).hexdigest()
    proc = migrate_to(source["server"].db, url)
    assert hashlib.sha256(source["server"].db.read_bytes()).hexdigest() == before, \
        "migrate-to changed the SQLite file"
    return {"url": url, "proc": proc}


def test_a_database_in_use_is_refused_and_the_target_stays_empty(source):
    url = pgdb.create_database("ura_migrate")
    source["server"].start(now=LATER)
    try:
        proc = migrate_to(source["server"].db, url)
    finally:
        source["server"].stop()
    assert proc.returncode == 1, cli_output(proc)
    assert "in use" in proc.stderr and "stop the server" in proc.stderr, cli_output(proc)
    assert tables_of(url) == []


def test_every_table_is_copied_and_counted(source, migrated):
    proc = migrated["proc"]
    assert proc.returncode == 0, cli_output(proc)
    rows = {}
    for line in proc.stdout.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 3 and parts[1].isdigit():
            rows[parts[0]] = (int(parts[1]), int(parts[2]), " ".join(parts[3:]))
    db = source["server"].db
    for table in ("users", "cases", "referrals", "case_notes", "attachments", "audit_log",
                  "case_reference_counters", "data_key", "notifications", "email_outbox"):
        want = int(harness.query_db(db, f"SELECT count(*) FROM {table}")[0][0])
        assert want > 0 and rows[table] == (want, want, ""), (table, rows.get(table))
    assert rows["sessions"][1] == 0 and "not copied" in rows["sessions"][2]
    assert rows["attachment_chunks"][0] == rows["attachment_chunks"][1] >= 3
    assert "audit chain intact on the target" in proc.stdout


def test_the_target_serves_the_same_cases_attachment_and_referral(source, migrated, tmp_path):
    assert migrated["proc"].returncode == 0, cli_output(migrated["proc"])
    target = harness.Server(tmp_path, init=False)
    target.db = migrated["url"]
    target.env["URA_KEY"] = source["key"]
    target.start(now=LATER)
    try:
        site = source["site"]
        site.server = target
        site.forget_sessions()
        reads = read_all(site, source["kept"], source["gone"], source["attachment"],
                         source["referral"], source["institution"])
        assert reads == source["reads"]
        assert reads["attachment"] == source["data"]
        assert hashlib.sha256(reads["attachment"]).digest() == \
            hashlib.sha256(source["data"]).digest()
        # Back in the cases' year: the next id, and the reference after the last one given.
        target.restart(now=T0 + dt.timedelta(days=1))
        site.forget_sessions()
        fresh = create(site.client("caseworker"), case_body(site, new_person()))
        assert fresh["id"] == max(source["kept"], source["gone"]) + 1
        number = [int(c["reference"].rsplit("-", 1)[1]) for c in
                  (source["reads"]["kept"], source["reads"]["gone"], fresh)]
        assert number == [1, 2, 3], number
    finally:
        site.server = source["server"]
        site.forget_sessions()
        target.stop()
    proc = run_cli("audit", "verify", "--db", migrated["url"], "--key", source["key"])
    assert proc.returncode == 0 and "audit chain intact" in proc.stdout, cli_output(proc)


def test_a_second_migration_into_the_target_is_refused_and_changes_nothing(source, migrated):
    assert migrated["proc"].returncode == 0, cli_output(migrated["proc"])
    before = state_of(migrated["url"])
    proc = migrate_to(source["server"].db, migrated["url"])
    assert proc.returncode == 1, cli_output(proc)
    assert "already holds Ura data" in proc.stderr, cli_output(proc)
    assert state_of(migrated["url"]) == before


def backup_of(source, tmp_path):
    copy = tmp_path / "copy.db"
    proc = run_cli("backup", "--db", source["server"].db, copy)
    assert proc.returncode == 0, cli_output(proc)
    return copy


def test_a_failure_midway_leaves_the_target_empty(source, tmp_path):
    copy = backup_of(source, tmp_path)
    kept = harness.query_db(copy, "SELECT file_id FROM attachments WHERE case_id = "
                                  f"{int(source['kept'])}")[0][0]
    files = [Path(str(copy) + ".files") / kept]
    files[0].unlink()
    url = pgdb.create_database("ura_migrate")
    proc = migrate_to(copy, url)
    assert proc.returncode == 1, cli_output(proc)
    assert "the target is unchanged" in proc.stderr and files[0].name in proc.stderr, \
        cli_output(proc)
    assert tables_of(url) == []


def test_an_audit_chain_that_does_not_verify_on_the_target_leaves_it_empty(source, tmp_path):
    """The last check, after every row was sent: the whole transaction is rolled back."""
    copy = backup_of(source, tmp_path)
    harness.tamper_audit_row(copy, 3)
    url = pgdb.create_database("ura_migrate")
    proc = migrate_to(copy, url)
    assert proc.returncode == 1, cli_output(proc)
    assert "audit chain does not verify on the target at entry 3" in proc.stderr, \
        cli_output(proc)
    assert "MISMATCH" not in proc.stdout and "audit_log" in proc.stdout, cli_output(proc)
    assert tables_of(url) == []
