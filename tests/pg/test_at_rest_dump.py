"""Encryption at rest, seen the way a backup sees it: `pg_dump` (plain SQL) of a PostgreSQL
database after a case has been through every write that stores personal data or free text.

A case is registered by the police with names holding ë and ç, a phone number, a confidential
address, children, a perpetrator and an incident narrative; it is updated (a new phone), gets
a second incident, a note, consent, referrals (a reason, a disclosure reason for the address,
a decline answer), break-glass access (a justification) and a transfer request (a reason, a
decline answer). Then the whole dump is searched for every personal string, as UTF-8 text and
as the hex that `bytea` columns are dumped in, case-insensitively, with the k<uniq>k markers
too. The case reference, which is not personal, must be found: the positive control that
makes the search able to fail.

PostgreSQL only: run with `-p pg_plugin` and URA_TEST_DB_URL (tests/run.sh does); pg_dump
comes from Debian's postgresql package (PG_BIN, else /usr/lib/postgresql/15/bin, else PATH).
"""

import os
import re
import shutil
import subprocess

import pytest

import harness
from harness import T0, new_institution
from test_cases import Site, case_body, create, join, new_person, token
from test_referrals import World, act, consent, refer, referral_body


def pg_dump_bin():
    for path in (os.path.join(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"),
                              "pg_dump"), shutil.which("pg_dump")):
        if path and os.path.exists(path):
            return path
    pytest.fail("no pg_dump: install Debian's postgresql package", pytrace=False)


def pg_dump(url):
    proc = subprocess.run([pg_dump_bin(), "--format=plain", "--no-owner", "--dbname", url],
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, f"pg_dump failed: {proc.stderr.decode(errors='replace')}"
    return proc.stdout


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-dump"))
    assert str(s.db).startswith("postgres"), "run with -p pg_plugin and URA_TEST_DB_URL"
    s.start(now=T0)
    yield s
    s.stop()


def ok(r, status=(200, 201)):
    assert r.status in ((status,) if isinstance(status, int) else status), r
    return r.json


@pytest.fixture(scope="module")
def written(server):
    """Everything stored about one survivor; returns (case, the personal strings)."""
    admin = server.sign_in_admin()
    w = World(server, admin)
    there = Site(server, admin)
    person = new_person()
    police = w.client("caseworker")
    body = case_body(w, person, consent=consent(types=["shelter"], categories=[
        "identity", "contact", "notes", "perpetrator"]))
    body["survivor"]["address_confidential"] = True
    case = create(police, body)
    cid = case["id"]
    texts = []

    def text(prefix):
        t = f"{prefix} {token()}"
        texts.append(t)
        return t

    new_phone = f"+383 44 {token()[1:-1].replace('x', '')}"
    texts.append(new_phone)
    ok(police.patch(f"/cases/{cid}", {"survivor": {"phone": new_phone}},
                    headers={"If-Match": f'"{case["version"]}"'}))
    ok(police.post(f"/cases/{cid}/incidents", {
        "occurred_on": T0.date().isoformat(), "forms": ["economic"], "place": "home",
        "narrative": text("Ia mori rrogën dhe e la pa ushqim, tha Drita Çollaku")}), 201)
    ok(police.post(f"/cases/{cid}/consents", consent(types=["health"],
                                                     categories=["identity"])), 201)
    to_shelter = referral_body(w.shelter, ["identity", "contact", "notes"],
                               reason=text("Strehim urgjent për Lirije Gjeçin"),
                               disclose_address_reason=text("Strehëza e merr nga shtëpia"))
    packet = refer(police, cid, to_shelter)
    ok(act(w.client("shelter"), packet["id"], "accept"))
    to_social = refer(police, cid, referral_body(w.social, [],
                                                 reason=text("Ndihmë ekonomike për Vjosën")))
    ok(act(w.client("other_caseworker"), to_social["id"], "decline",
           {"reason": text("Nuk plotëson kushtet, Vjosë Bërxolli")}))
    ok(police.post(f"/cases/{cid}/notes", {"body": text("Shënim për Mimoza Kërçovën"),
                                           "visibility": "involved"}), 201)
    ok(w.client("shelter").post(f"/cases/{cid}/notes",
                                {"body": text("Fëmijët flenë mirë, Arbëri është i qetë")}), 201)
    ok(w.client("stranger").post(f"/cases/{cid}/emergency-access",
                                 {"justification": text("Erdhi në urgjencë me plagë")}), 201)
    outside = new_institution(admin, there.municipality["id"], type="police")
    join(admin, there.mechanism["id"], outside["id"])
    t = ok(police.post(f"/cases/{cid}/transfers", {
        "to_institution_id": there.owner["id"], "to_mechanism_id": there.mechanism["id"],
        "reason": text("U zhvendos te vëllai Gëzim Çupi")}), 201)
    ok(there.client("caseworker").post(f"/transfers/{t['id']}/decline",
                                       {"reason": text("Adresa e Gëzimit nuk është e sigurt")}))
    secrets = person.secrets + texts
    secrets += [m for s in texts for m in re.findall(r"k\d+x\d+k", s)]
    return case, secrets


def test_no_personal_string_appears_in_a_plain_pg_dump(server, written):
    case, secrets = written
    dump = pg_dump(server.db)
    text = dump.decode("utf-8", "replace")
    assert case["reference"] in text, "positive control: the case reference is not in the dump"
    assert "COPY public.cases" in text or "INSERT INTO public.cases" in text, \
        "positive control: the dump holds no data of the cases table"
    low = text.lower()
    found = []
    for secret in secrets:
        if secret.lower() in low:
            found.append(("text", secret))
        elif secret.encode("utf-8").hex() in low:      # bytea columns are dumped as \x<hex>
            found.append(("bytea hex", secret))
    assert not found, f"personal data in clear in pg_dump's output: {found}"


def test_the_hex_search_would_find_plain_text_in_a_bytea(server, written):
    """Control for the search above: a bytea written in clear is dumped as \\x… hex, which
    the search recognises."""
    case, _ = written
    marker = f"Kontroll Çeliku {token()}"
    harness.query_db(server.db, "CREATE TABLE IF NOT EXISTS dump_control (b bytea); "
                                "INSERT INTO dump_control VALUES "
                                f"(convert_to('{marker}', 'UTF8')); SELECT 1")
    try:
        low = pg_dump(server.db).decode("utf-8", "replace").lower()
        assert ("\\x" + marker.encode("utf-8").hex()) in low, "the hex search misses a bytea"
    finally:
        harness.query_db(server.db, "DROP TABLE dump_control; SELECT 1")
