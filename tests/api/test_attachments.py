"""Attachments (issue 16, "Documents"; CONTRACT.md "Attachments").

A mechanism keeps a scanned protection order, a medical certificate, a referral packet's
documents, a meeting's minutes. These tests hold the server to what that means:

- Each allowed type (PDF, JPEG, PNG, plain UTF-8 text, DOCX, ODT) is kept with the type its
  first bytes say, and downloaded byte for byte, always as a download: Content-Disposition
  attachment with filename*, nosniff, Content-Security-Policy sandbox.
- A disguised executable, a zip that is no document, a form instead of the bytes: 415 in the
  caller's language, and nothing stored (no row, no file, no spool left behind).
- Limits from the settings: a file over attachments.max_file_mb (declared or streamed in
  chunks), a case past attachments.max_case_mb: 413 naming the limit, nothing stored.
- Encrypted at rest: the stored bytes (SQLite's file, PostgreSQL's chunks) hold neither the
  content nor the file name, and the row does not hold the name.
- The information-sharing protocol decides who lists and opens: a referral's recipient reads
  the categories shared and consented, not others (404 for those, as for an unknown id); an
  institution that is not involved, the coordinator's summary: 404. A referral's packet
  documents are the recipient's from `sent` until it declines. A meeting's are its
  mechanism's.
- Every upload, list, download and delete is in the audit log; a deleted attachment is gone
  (404) but kept in the database (soft).
- `ura backup` and `ura restore` carry SQLite's files directory.

Runs on both engines (tests/pg/pg_plugin.py).
"""

import http.client
import io
import os
import stat
import urllib.parse
import zipfile
from pathlib import Path

import pytest

import harness
from harness import T0, assert_problem, list_all, new_institution, new_user, run_cli, uniq
from test_cases import Site, case_body, create, join, new_person, token

MIB = 1024 * 1024


def _zip(first_name, first_data, stored=False, more=()):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo(first_name),
                   first_data, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        for name, data in more:
            z.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def sample(kind, marker=None):
    """A small file of `kind` holding `marker` (a unique text) somewhere readable."""
    marker = (marker or token()).encode()
    if kind == "pdf":
        return b"%PDF-1.4\n1 0 obj << /Title (" + marker + b") >> endobj\ntrailer\n%%EOF\n"
    if kind == "jpeg":
        return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + marker + os.urandom(70000) + b"\xff\xd9"
    if kind == "png":
        return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + marker + os.urandom(200)
    if kind == "text":
        # Exactly two sealed chunks' worth: the last chunk of the stream is empty.
        line = "Vendim për urdhër mbrojtjeje — Rešenje o zaštiti ".encode() + marker + b"\n"
        body = (line * (2 * 65536 // len(line) + 1))[:2 * 65536 - 1]
        return body + b"\n"
    if kind == "docx":
        return _zip("[Content_Types].xml", b"<Types/>",
                    more=[("word/document.xml", b"<w:document>" + marker + b"</w:document>")])
    if kind == "odt":
        return _zip("mimetype", b"application/vnd.oasis.opendocument.text", stored=True,
                    more=[("content.xml", b"<office:text>" + marker + b"</office:text>")])
    raise ValueError(kind)


MEDIA = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png",
         "text": "text/plain",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "odt": "application/vnd.oasis.opendocument.text"}


def upload(client, path, data, name, category=None, content_type="application/octet-stream",
           lang=None):
    """POST the bytes of a file to `path` (/cases/7/attachments) with its name encoded as the
    UI encodes it."""
    target = path + (f"?category={category}" if category else "")
    headers = {"X-File-Name": urllib.parse.quote(name, safe="")}
    kw = {"lang": lang} if lang else {}
    return client.request("POST", target, raw=data, content_type=content_type,
                          headers=headers, **kw)


def is_postgres(server):
    return str(server.db).startswith(("postgresql://", "postgres://"))


def stored_rows(server):
    return int(harness.query_db(server.db, "SELECT COUNT(*) FROM attachments")[0][0])


def files_dir(server):
    return Path(str(server.db) + ".files")


def stored_bytes(server):
    """Every stored ciphertext: SQLite's files (spools included), PostgreSQL's chunks."""
    if is_postgres(server):
        return [row[0] for row in harness.query_db(server.db,
                                                   "SELECT data FROM attachment_chunks")]
    d = files_dir(server)
    return [p.read_bytes() for p in sorted(d.iterdir())] if d.exists() else []


def stored_files(server):
    if is_postgres(server):
        return int(harness.query_db(server.db,
                                    "SELECT COUNT(DISTINCT file_id) FROM attachment_chunks")[0][0])
    d = files_dir(server)
    return len(list(d.iterdir())) if d.exists() else 0


def nothing_stored_since(server, before):
    assert (stored_rows(server), stored_files(server)) == before


def snapshot(server):
    return stored_rows(server), stored_files(server)


# --- the world: a mechanism, police owning cases, social services, a shelter, a stranger --

class World(Site):
    """test_cases.Site (owner: police, other: social services, coordinator) plus a shelter
    that cases are referred to and a health centre that is never involved; all members."""

    def __init__(self, server, admin):
        super().__init__(server, admin)
        m = self.municipality["id"]
        self.shelter = new_institution(admin, m, type="shelter", services=["shelter"])
        self.stranger = new_institution(admin, m, type="health", services=["medical"])
        for inst in (self.shelter, self.stranger):
            join(admin, self.mechanism["id"], inst["id"])
        self.users.update({
            "shelter": new_user(admin, "caseworker", self.shelter["id"]),
            "stranger": new_user(admin, "caseworker", self.stranger["id"]),
        })

    def new_case(self):
        body = case_body(self, new_person(), consent={
            "given": True, "method": "written", "institution_types": ["shelter"],
            "institution_ids": [], "categories": ["identity", "legal"]})
        return create(self.client("caseworker"), body)

    def referral(self, case, share=("identity", "legal")):
        r = self.client("caseworker").post(f"/cases/{case['id']}/referrals", {
            "to_institution_id": self.shelter["id"], "service": "shelter",
            "urgency": "urgent", "reason": f"Strehim {token()}", "share": list(share)})
        assert r.status == 201, r
        return r.json


@pytest.fixture(scope="module")
def server(ura, tmp_path_factory):
    s = harness.Server(tmp_path_factory.mktemp("ura-attachments"))
    s.start(now=T0)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def world(server, admin):
    return World(server, admin)


@pytest.fixture(scope="module")
def auditor(actors):
    return actors.client("auditor")


# --- each allowed type, byte for byte, always a download ------------------------------------

@pytest.mark.parametrize("kind", sorted(MEDIA))
def test_each_allowed_type_is_kept_and_downloaded_byte_for_byte(world, kind):
    case = world.new_case()
    data = sample(kind)
    name = f"Urdhër mbrojtjeje {kind} {uniq()}.{kind}"
    r = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", data, name,
               "legal")
    assert r.status == 201, r
    a = r.json
    assert (a["content_type"], a["size"], a["name"], a["category"]) == \
        (MEDIA[kind], len(data), name, "legal")
    assert (a["parent_type"], a["parent_id"], a["case_id"]) == ("case", case["id"], case["id"])
    assert a["uploaded_by"] == world.users["caseworker"].id and a["uploaded_by_name"]
    got = world.client("caseworker").get(f"/attachments/{a['id']}")
    assert got.status == 200, got
    assert got.body == data
    assert got.content_type == MEDIA[kind]
    assert got.headers["Content-Disposition"] == \
        "attachment; filename*=UTF-8''" + urllib.parse.quote(name, safe="!#$&+-.^_`|~")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers.get_all("Content-Security-Policy") == ["sandbox"]
    listed = list_all(world.client("caseworker"), f"/cases/{case['id']}/attachments")
    assert [x["id"] for x in listed] == [a["id"]] and listed[0] == a


def test_text_is_served_as_utf8(world):
    case = world.new_case()
    a = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments",
               "Shënim: çështja 42\n".encode(), "shenim.txt", "legal").json
    got = world.client("caseworker").get(f"/attachments/{a['id']}")
    assert got.headers["Content-Type"] == "text/plain; charset=utf-8"


# --- what is refused, and that nothing stays behind ------------------------------------------

@pytest.mark.parametrize("data", [
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,   # a PE executable
    b"\x7fELF\x02\x01\x01" + b"\x00" * 100,                                   # an ELF one
    _zip("payload.exe", b"MZ\x90\x00"),                                        # a zip, no document
    b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20,                                 # a type not kept
    "Tekst me një bajt NUL\x00 në mes".encode(),                              # not plain text
], ids=["exe", "elf", "zip", "gif", "nul"])
def test_a_file_of_another_type_is_refused_in_the_callers_language(world, server, data):
    case = world.new_case()
    before = snapshot(server)
    answers = {lang: upload(world.client("caseworker"), f"/cases/{case['id']}/attachments",
                            data, "urdhri.pdf", "legal", lang=lang)
               for lang in ("sq", "en", "sr-Latn")}
    for lang, r in answers.items():
        assert_problem(r, 415)
        assert r.headers["Content-Language"] == lang
    assert answers["en"].json["detail"].startswith("Only PDF, JPEG, PNG")
    assert len({r.json["detail"] for r in answers.values()}) == 3
    nothing_stored_since(server, before)


def test_a_form_instead_of_the_bytes_is_refused(world, server):
    case = world.new_case()
    before = snapshot(server)
    body = b"--b\r\nContent-Disposition: form-data; name=file; filename=a.pdf\r\n\r\n%PDF-1\r\n--b--"
    r = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", body, "a.pdf",
               "legal", content_type="multipart/form-data; boundary=b")
    assert_problem(r, 415)
    nothing_stored_since(server, before)


@pytest.mark.parametrize("name, category, field", [
    (None, "legal", "X-File-Name"),
    ("", "legal", "X-File-Name"),
    ("../../etc/passwd", "legal", "X-File-Name"),
    ("a\x01b.pdf", "legal", "X-File-Name"),
    ("..", "legal", "X-File-Name"),
    ("x" * 256, "legal", "X-File-Name"),
    ("ok.pdf", None, "category"),
    ("ok.pdf", "secrets", "category"),
])
def test_bad_input_names_the_field_and_stores_nothing(world, server, name, category, field):
    case = world.new_case()
    before = snapshot(server)
    target = f"/cases/{case['id']}/attachments" + (f"?category={category}" if category else "")
    headers = {} if name is None else {"X-File-Name": urllib.parse.quote(name, safe="")}
    r = world.client("caseworker").request("POST", target, raw=sample("pdf"),
                                           content_type="application/octet-stream",
                                           headers=headers)
    assert_problem(r, 422, field)
    nothing_stored_since(server, before)


def test_a_broken_escape_in_the_name_is_refused(world):
    case = world.new_case()
    r = world.client("caseworker").request(
        "POST", f"/cases/{case['id']}/attachments?category=legal", raw=sample("pdf"),
        content_type="application/octet-stream", headers={"X-File-Name": "a%zz.pdf"})
    assert_problem(r, 422, "X-File-Name")
    r = world.client("caseworker").request(
        "POST", f"/cases/{case['id']}/attachments?category=legal", raw=sample("pdf"),
        content_type="application/octet-stream", headers={"X-File-Name": "a%FF.pdf"})
    assert_problem(r, 422, "X-File-Name")


def test_an_empty_file_is_refused(world, server):
    case = world.new_case()
    before = snapshot(server)
    r = world.client("caseworker").request(
        "POST", f"/cases/{case['id']}/attachments?category=legal",
        headers={"X-File-Name": "bosh.pdf", "Content-Type": "application/octet-stream"})
    assert_problem(r, 422, "body")
    nothing_stored_since(server, before)


def test_without_a_session_nothing_is_written(server, world, anon):
    case = world.new_case()
    before = snapshot(server)
    r = upload(anon, f"/cases/{case['id']}/attachments", sample("pdf"), "a.pdf", "legal")
    assert_problem(r, 401)
    r = upload(server.client(token="not-a-token"), f"/cases/{case['id']}/attachments",
               sample("pdf"), "a.pdf", "legal")
    assert_problem(r, 401)
    nothing_stored_since(server, before)


def test_a_write_without_the_csrf_token_is_refused(server, world):
    case = world.new_case()
    before = snapshot(server)
    r = world.client("caseworker").request(
        "POST", f"/cases/{case['id']}/attachments?category=legal", raw=sample("pdf"),
        content_type="application/octet-stream", headers={"X-File-Name": "a.pdf"}, csrf=False)
    assert_problem(r, 403)
    nothing_stored_since(server, before)


# --- limits ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small(ura, tmp_path_factory):
    """A server whose limits are 1 MiB per file and 2 MiB per case, with a world of its own."""
    s = harness.Server(tmp_path_factory.mktemp("ura-attachment-limits"))
    s.start(now=T0, URA_ATTACHMENT_MAX_FILE_MB="1", URA_ATTACHMENT_MAX_CASE_MB="2")
    w = World(s, s.sign_in_admin())
    yield s, w
    s.stop()


def test_a_file_over_the_limit_is_refused_naming_it(small):
    s, w = small
    case = w.new_case()
    before = snapshot(s)
    r = upload(w.client("caseworker"), f"/cases/{case['id']}/attachments",
               b"%PDF-1.4\n" + b"0" * MIB, "i madh.pdf", "legal", lang="en")
    assert_problem(r, 413)
    assert "1 MiB" in r.json["detail"] and "attachments.max_file_mb" in r.json["detail"]
    assert (r.json["limit_mb"], r.json["setting"]) == (1, "attachments.max_file_mb")
    nothing_stored_since(s, before)
    assert upload(w.client("caseworker"), f"/cases/{case['id']}/attachments",
                  b"%PDF-1.4\n" + b"0" * (MIB - 9), "just.pdf", "legal").status == 201


def test_a_streamed_file_over_the_limit_is_cut_and_nothing_stays(small):
    """No Content-Length: the body comes in chunks, and the limit is met while it streams."""
    s, w = small
    case = w.new_case()
    before = snapshot(s)
    c = w.client("caseworker")
    conn = http.client.HTTPConnection(s.host, s.port, timeout=30)
    try:
        conn.putrequest("POST", f"{harness.API}/cases/{case['id']}/attachments?category=legal")
        for k, v in {"Cookie": "; ".join(f"{k}={v}" for k, v in c.cookies.items()),
                     "X-CSRF-Token": c.csrf, "X-File-Name": "rrjedh.pdf",
                     "Content-Type": "application/octet-stream",
                     "Transfer-Encoding": "chunked", "Accept-Language": "sr-Latn"}.items():
            conn.putheader(k, v)
        conn.endheaders()
        piece = b"%PDF-1.4\n" + b"1" * (256 * 1024)
        try:
            for _ in range(8):   # 2 MiB in all
                conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            conn.send(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        resp = conn.getresponse()
        body = resp.read()
    finally:
        conn.close()
    assert resp.status == 413, body
    assert b"attachments.max_file_mb" in body and b"1 MiB" in body
    nothing_stored_since(s, before)


def test_a_case_past_its_limit_refuses_the_next_file_until_one_is_deleted(small):
    s, w = small
    case = w.new_case()
    c = w.client("caseworker")
    path = f"/cases/{case['id']}/attachments"
    big = b"%PDF-1.4\n" + b"2" * (900 * 1024)
    first = upload(c, path, big, "1.pdf", "legal").json
    assert upload(c, path, big, "2.pdf", "legal").status == 201
    before = snapshot(s)
    r = upload(c, path, big, "3.pdf", "legal", lang="en")
    assert_problem(r, 413)
    assert "2 MiB" in r.json["detail"] and "attachments.max_case_mb" in r.json["detail"]
    nothing_stored_since(s, before)
    # Another case has its own room.
    assert upload(c, f"/cases/{w.new_case()['id']}/attachments", big, "x.pdf",
                  "legal").status == 201
    assert c.delete(f"/attachments/{first['id']}").status == 204
    assert upload(c, path, big, "3.pdf", "legal").status == 201


# --- encrypted at rest ---------------------------------------------------------------------------

def test_stored_bytes_hold_neither_the_content_nor_the_name(world, server):
    case = world.new_case()
    marker = token()
    name = f"Certifikatë mjekësore {token()}.txt"
    data = sample("text", marker)
    a = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", data, name,
               "legal").json
    blobs = stored_bytes(server)
    assert blobs, "no stored ciphertext found"
    for blob in blobs:
        for secret in (marker.encode(), name.encode(), data[:64]):
            assert secret not in blob
    row = harness.query_db(server.db, f"SELECT * FROM attachments WHERE id = {a['id']}")[0]
    for value in row:
        text = value if isinstance(value, (bytes, bytearray)) else str(value).encode()
        assert name.encode() not in text and marker.encode() not in text
    if not is_postgres(server):
        mode = stat.S_IMODE(files_dir(server).stat().st_mode)
        assert mode == 0o700, oct(mode)
        assert not any(p.name.startswith(".part-") for p in files_dir(server).iterdir())


def test_a_tampered_file_is_an_error_not_a_document(world, server):
    if is_postgres(server):
        pytest.skip("SQLite's files: PostgreSQL's chunks are rows of the database")
    case = world.new_case()
    a = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", sample("pdf"),
               "x.pdf", "legal").json
    file_id = harness.query_db(server.db,
                               f"SELECT file_id FROM attachments WHERE id = {a['id']}")[0][0]
    path = files_dir(server) / file_id
    raw = bytearray(path.read_bytes())
    raw[40] ^= 1
    path.write_bytes(bytes(raw))
    r = world.client("caseworker").get(f"/attachments/{a['id']}")
    assert r.status == 500 and b"%PDF" not in r.body


# --- streamed downloads ----------------------------------------------------------------------------
# The bytes are decrypted chunk by chunk as they are sent (CONTRACT.md "Attachments"): a chunk
# that fails to open midway cuts the answer short of its Content-Length, and the last bytes go
# out only once the whole stream has opened, so an answer that completes is the whole file.

SEALED = 24, 65536 + 17   # the stream's header, a sealed chunk


def file_id_of(server, attachment):
    return harness.query_db(server.db, "SELECT file_id FROM attachments "
                                       f"WHERE id = {attachment['id']}")[0][0]


def tamper_chunk(server, attachment, chunk):
    """Flips a byte of sealed chunk `chunk` (0: the first after the header) behind the
    server's back: SQLite's file, PostgreSQL's chunk row (seq 0 is the header)."""
    file_id = file_id_of(server, attachment)
    if is_postgres(server):
        harness.write_db(server.db, "UPDATE attachment_chunks SET data = set_byte(data, 5, "
                                    f"get_byte(data, 5) # 1) WHERE file_id = '{file_id}' "
                                    f"AND seq = {chunk + 1}")
        return
    path = files_dir(server) / file_id
    raw = bytearray(path.read_bytes())
    raw[SEALED[0] + chunk * SEALED[1] + 5] ^= 1
    path.write_bytes(bytes(raw))


def test_a_large_file_streams_whole_with_its_length(world):
    case = world.new_case()
    data = b"%PDF-1.4\n" + os.urandom(3 * MIB + 12345)
    a = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", data,
               "i gjatë.pdf", "legal").json
    got = world.client("caseworker").get(f"/attachments/{a['id']}")
    assert got.status == 200 and got.body == data
    assert got.headers["Content-Length"] == str(len(data))
    assert got.headers["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert got.headers.get_all("Content-Security-Policy") == ["sandbox"]


@pytest.mark.parametrize("chunk", [5, "last"])
def test_a_chunk_that_fails_midway_cuts_the_answer_short(world, server, chunk):
    """Chunk 5 of 9: what came before it is sent, nothing of it or after. The last chunk
    (the final, empty one after 8 full chunks): every plain byte but the last piece is sent,
    and the answer still does not complete."""
    case = world.new_case()
    data = b"%PDF-1.4\n" + os.urandom(8 * 65536 - 9)
    a = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", data, "x.pdf",
               "legal").json
    tamper_chunk(server, a, 8 if chunk == "last" else chunk)
    with pytest.raises(http.client.IncompleteRead) as cut:
        world.client("caseworker").get(f"/attachments/{a['id']}")
    partial = cut.value.partial
    assert len(partial) < len(data) and data.startswith(partial)
    if chunk != "last":
        assert len(partial) <= chunk * 65536
    # The server goes on answering.
    assert world.client("caseworker").get(f"/cases/{case['id']}/attachments").status == 200


def test_a_file_cut_before_its_final_chunk_never_completes(world, server):
    if is_postgres(server):
        pytest.skip("SQLite's files")
    case = world.new_case()
    data = b"%PDF-1.4\n" + os.urandom(3 * 65536)
    a = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", data, "x.pdf",
               "legal").json
    path = files_dir(server) / file_id_of(server, a)
    raw = path.read_bytes()
    path.write_bytes(raw[:SEALED[0] + 3 * SEALED[1]])   # the final chunk gone
    with pytest.raises(http.client.IncompleteRead) as cut:
        world.client("caseworker").get(f"/attachments/{a['id']}")
    assert len(cut.value.partial) < len(data)


# --- who may list and open -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shared_case(world):
    """A case referred to the shelter (accepted, sharing identity and legal, consented) with
    a legal and a health attachment."""
    case = world.new_case()
    ref = world.referral(case)
    assert world.client("shelter").post(f"/referrals/{ref['id']}/accept").status == 200
    c = world.client("caseworker")
    legal = upload(c, f"/cases/{case['id']}/attachments", sample("pdf"), "urdhri.pdf",
                   "legal").json
    health = upload(c, f"/cases/{case['id']}/attachments", sample("png"), "mjeku.png",
                    "health").json
    return case, legal, health


def test_a_recipient_reads_the_shared_categories_only(world, shared_case):
    case, legal, health = shared_case
    shelter = world.client("shelter")
    listed = list_all(shelter, f"/cases/{case['id']}/attachments")
    assert [a["id"] for a in listed] == [legal["id"]]
    assert shelter.get(f"/attachments/{legal['id']}").status == 200
    hidden = shelter.get(f"/attachments/{health['id']}")
    unknown = shelter.get("/attachments/999999999")
    assert_problem(hidden, 404)
    assert (hidden.status, hidden.json["detail"]) == (unknown.status, unknown.json["detail"])


def test_a_recipient_attaches_only_what_it_reads(world, shared_case):
    case, _, _ = shared_case
    path = f"/cases/{case['id']}/attachments"
    r = upload(world.client("shelter"), path, sample("pdf"), "plani.pdf", "health")
    assert_problem(r, 403, "category")
    mine = upload(world.client("shelter"), path, sample("pdf"), "plani.pdf", "identity")
    assert mine.status == 201, mine
    # The shelter deletes its own; the owner may delete any; nobody else.
    assert world.client("shelter").delete(f"/attachments/{mine.json['id']}").status == 204


@pytest.mark.parametrize("who", ["stranger", "other_caseworker", "coordinator"])
def test_institutions_not_involved_get_404(world, shared_case, who, actors):
    case, legal, _ = shared_case
    c = world.client(who)
    assert_problem(c.get(f"/cases/{case['id']}/attachments"), 404)
    assert_problem(c.get(f"/attachments/{legal['id']}"), 404)
    assert_problem(upload(c, f"/cases/{case['id']}/attachments", sample("pdf"), "a.pdf",
                          "legal"), 404)
    assert_problem(c.delete(f"/attachments/{legal['id']}"), 404)


@pytest.mark.parametrize("role", ["admin", "auditor", "national"])
def test_roles_without_case_data_get_404(actors, shared_case, role):
    case, legal, _ = shared_case
    c = actors.client(role)
    assert_problem(c.get(f"/cases/{case['id']}/attachments"), 404)
    assert_problem(c.get(f"/attachments/{legal['id']}"), 404)


def test_an_incidents_attachment_defaults_to_the_incident_category(world, shared_case):
    case, _, _ = shared_case
    owner = world.client("caseworker")
    incident = owner.get(f"/cases/{case['id']}").json["incidents"][0]["id"]
    r = upload(owner, f"/incidents/{incident}/attachments", sample("jpeg"), "plagë.jpg")
    assert r.status == 201, r
    assert (r.json["parent_type"], r.json["category"], r.json["case_id"]) == \
        ("incident", "incident", case["id"])
    assert [a["id"] for a in list_all(owner, f"/incidents/{incident}/attachments")] == \
        [r.json["id"]]
    # The shelter does not read the incident category: neither listed nor opened.
    assert list_all(world.client("shelter"), f"/incidents/{incident}/attachments") == []
    assert_problem(world.client("shelter").get(f"/attachments/{r.json['id']}"), 404)
    assert_problem(world.client("stranger").get(f"/incidents/{incident}/attachments"), 404)


# --- a referral's packet ----------------------------------------------------------------------------

def test_a_referrals_documents_are_the_packets_until_it_is_declined(world):
    case = world.new_case()
    ref = world.referral(case, share=("identity",))
    path = f"/referrals/{ref['id']}/attachments"
    sender, recipient = world.client("caseworker"), world.client("shelter")
    assert_problem(upload(sender, path, sample("pdf"), "shendeti.pdf", "health"), 403,
                   "category")
    doc = upload(sender, path, sample("pdf"), "leternjoftimi.pdf", "identity")
    assert doc.status == 201, doc
    assert doc.json["parent_type"] == "referral"
    # Sent: the recipient sees the packet, its documents included.
    assert [a["id"] for a in list_all(recipient, path)] == [doc.json["id"]]
    assert recipient.get(f"/attachments/{doc.json['id']}").body == sample_bytes(sender, doc)
    # The recipient does not add to the sender's packet.
    assert_problem(upload(recipient, path, sample("pdf"), "a.pdf", "identity"), 403)
    assert_problem(world.client("stranger").get(path), 404)
    # Declined: access ends.
    assert recipient.post(f"/referrals/{ref['id']}/decline",
                          {"reason": "Pa vend"}).status == 200
    assert list_all(recipient, path) == []
    assert_problem(recipient.get(f"/attachments/{doc.json['id']}"), 404)
    assert sender.get(f"/attachments/{doc.json['id']}").status == 200


def sample_bytes(client, answer):
    return client.get(f"/attachments/{answer.json['id']}").body


# --- a meeting's -------------------------------------------------------------------------------------

def test_a_meetings_documents_are_its_mechanisms(world, server, admin):
    coordinator = world.client("coordinator")
    m = coordinator.post(f"/mechanisms/{world.mechanism['id']}/meetings",
                         {"kind": "regular", "scheduled_at": "2026-12-01T09:00:00Z",
                          "place": "Bashkia"})
    assert m.status == 201, m
    path = f"/meetings/{m.json['id']}/attachments"
    minutes = upload(coordinator, path, sample("odt"), "procesverbali.odt")
    assert minutes.status == 201, minutes
    assert (minutes.json["category"], minutes.json["case_id"]) == (None, None)
    member = world.client("stranger")
    assert [a["id"] for a in list_all(member, path)] == [minutes.json["id"]]
    assert member.get(f"/attachments/{minutes.json['id']}").status == 200
    assert_problem(upload(member, path, sample("pdf"), "a.pdf"), 403)
    assert_problem(member.delete(f"/attachments/{minutes.json['id']}"), 403)
    # A category is not taken: a meeting's documents have none.
    r = coordinator.request("POST", path + "?category=legal", raw=sample("pdf"),
                            content_type="application/octet-stream",
                            headers={"X-File-Name": "a.pdf"})
    assert_problem(r, 400, "category")
    outsider = World(server, admin)   # another mechanism's institution
    assert_problem(outsider.client("caseworker").get(path), 404)
    assert_problem(outsider.client("caseworker").get(f"/attachments/{minutes.json['id']}"), 404)


# --- delete, audit --------------------------------------------------------------------------------------

def test_delete_is_soft_and_then_the_file_is_gone(world, server):
    case = world.new_case()
    owner = world.client("caseworker")
    a = upload(owner, f"/cases/{case['id']}/attachments", sample("pdf"), "x.pdf", "legal").json
    assert_problem(world.client("stranger").delete(f"/attachments/{a['id']}"), 404)
    assert owner.delete(f"/attachments/{a['id']}").status == 204
    assert_problem(owner.get(f"/attachments/{a['id']}"), 404)
    assert_problem(owner.delete(f"/attachments/{a['id']}"), 404)
    assert list_all(owner, f"/cases/{case['id']}/attachments") == []
    kept = harness.query_db(server.db, "SELECT deleted_at IS NOT NULL, deleted_by "
                                       f"FROM attachments WHERE id = {a['id']}")
    assert [tuple(row) for row in kept] in ([(1, world.users["caseworker"].id)],
                                            [(True, world.users["caseworker"].id)],
                                            [("t", world.users["caseworker"].id)])


def test_a_closed_case_keeps_its_attachments_as_they_are(world):
    case = world.new_case()
    owner = world.client("caseworker")
    a = upload(owner, f"/cases/{case['id']}/attachments", sample("pdf"), "x.pdf", "legal").json
    assert owner.post(f"/cases/{case['id']}/close", {"outcome": "goals_met"}).status == 200
    assert_problem(upload(owner, f"/cases/{case['id']}/attachments", sample("pdf"), "y.pdf",
                          "legal"), 409)
    assert_problem(owner.delete(f"/attachments/{a['id']}"), 409)
    assert owner.get(f"/attachments/{a['id']}").status == 200


def test_every_upload_list_download_and_delete_is_audited(world, auditor):
    case = world.new_case()
    owner = world.client("caseworker")
    a = upload(owner, f"/cases/{case['id']}/attachments", sample("pdf"), "x.pdf", "legal").json
    owner.get(f"/cases/{case['id']}/attachments")
    owner.get(f"/attachments/{a['id']}")
    owner.delete(f"/attachments/{a['id']}")
    entries = list_all(auditor, "/audit", case_id=case["id"])
    seen = {(e["action"], e["object_type"], e["object_id"]) for e in entries
            if e["action"].startswith("attachment.")}
    assert seen == {("attachment.create", "attachment", a["id"]),
                    ("attachment.list", "case", case["id"]),
                    ("attachment.read", "attachment", a["id"]),
                    ("attachment.delete", "attachment", a["id"])}
    read = [e for e in entries if e["action"] == "attachment.read"][0]
    assert read["actor_user_id"] == world.users["caseworker"].id
    assert "x.pdf" not in str(entries)
    assert auditor.get("/audit/verify").json["intact"] is True


# --- backup and restore carry the files ----------------------------------------------------------------

def test_backup_and_restore_carry_the_files(world, server, tmp_path):
    if is_postgres(server):
        pytest.skip("PostgreSQL: the chunks are in pg_dump's copy")
    case = world.new_case()
    data = sample("docx")
    a = upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", data,
               "kopja.docx", "legal").json
    dest = tmp_path / "backup.db"
    proc = run_cli("backup", "--db", server.db, dest)
    assert proc.returncode == 0, harness.cli_output(proc)
    assert (tmp_path / "backup.db.files").is_dir()
    restored = tmp_path / "restored" / "ura.db"
    restored.parent.mkdir()
    proc = run_cli("restore", "--db", restored, dest)
    assert proc.returncode == 0, harness.cli_output(proc)
    files = sorted(p.name for p in (tmp_path / "restored" / "ura.db.files").iterdir())
    assert files == sorted(p.name for p in files_dir(server).iterdir()
                           if not p.name.startswith("."))
    key = Path(str(server.db) + ".key")
    (tmp_path / "restored" / "ura.db.key").write_bytes(key.read_bytes())
    os.chmod(tmp_path / "restored" / "ura.db.key", 0o600)
    s = harness.Server(tmp_path / "restored", init=False)
    s.start(now=T0)
    try:
        c = s.sign_in(world.users["caseworker"].username, world.users["caseworker"].password)
        got = c.get(f"/attachments/{a['id']}")
        assert got.status == 200 and got.body == data
    finally:
        s.stop()


def test_check_names_a_files_directory_others_may_read(world, server):
    if is_postgres(server):
        pytest.skip("SQLite's directory")
    case = world.new_case()
    upload(world.client("caseworker"), f"/cases/{case['id']}/attachments", sample("pdf"),
           "x.pdf", "legal")
    d = files_dir(server)
    os.chmod(d, 0o755)
    try:
        proc = run_cli("check", "--db", server.db)
    finally:
        os.chmod(d, 0o700)
    assert proc.returncode == 1, harness.cli_output(proc)
    assert f"{d} has mode 0755" in proc.stdout and f"chmod 700 {d}" in proc.stdout, proc.stdout
    assert run_cli("check", "--db", server.db).returncode == 0
