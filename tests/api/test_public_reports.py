"""Reporting without an account (issue 14): the public form GET /report, POST /public/reports
as a form and as JSON, the receipt and the status page, and what they must never do: set a
cookie, put the receipt in an address, keep the reporter's words in plaintext, change
anything on a bad request, or let wrong receipts be guessed without limit."""

import re
import urllib.parse

import pytest

from harness import assert_problem, new_mechanism, new_municipality, query_db

FORM = "application/x-www-form-urlencoded"
RECEIPT = re.compile(r"^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){3}$")


def no_cookie(r):
    assert r.headers.get_all("Set-Cookie") is None, f"{r.path} set a cookie"
    return r


def page(client, path, lang=None):
    r = no_cookie(client.get(path, root=True, lang=lang))
    assert r.status == 200 and r.content_type == "text/html", r
    return r


def token_of(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def post_form(client, path, fields, lang=None):
    raw = urllib.parse.urlencode(fields, doseq=True)
    return no_cookie(client.post(path, raw=raw, content_type=FORM, csrf=False, lang=lang))


@pytest.fixture(scope="module")
def place(admin):
    m = new_municipality(admin)
    new_mechanism(admin, m["id"])
    new_mechanism(admin, m["id"], kind="hate_crime")
    return m


def report_count(server):
    return query_db(server.db, "SELECT count(*) FROM public_reports")[0][0]


def audit_count(server):
    return query_db(server.db, "SELECT count(*) FROM audit_log")[0][0]


def test_form_page_neutral_no_cookie_quick_exit_three_languages(server, anon, place):
    words = {"sq": "Dil nga faqja", "en": "Exit this page", "sr-Latn": "Napusti stranicu"}
    for lang, exit_text in words.items():
        r = page(anon, f"/report?lang={lang}")
        html = r.text
        assert r.headers["Content-Language"] == lang
        assert "<title>Report</title>" in html
        assert f'rel="noreferrer" href="https://www.yr.no/">{exit_text}</a>' in html
        # the exit is the first thing in the body; the script is a file, never inline
        assert html.index('id="quick-exit"') < html.index("<main>")
        assert '<script src="/report/quick-exit.js" defer></script>' in html
        assert html.count("<script") == 1
        assert place["name"] in html and 'name="nickname"' in html
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    # Accept-Language chooses when no link did
    assert page(anon, "/report", lang="sr").headers["Content-Language"] == "sr-Latn"
    js = no_cookie(anon.get("/report/quick-exit.js", root=True))
    assert js.status == 200 and "location.replace" in js.text and "Shift" in js.text
    assert no_cookie(anon.get("/report/report.css", root=True)).status == 200
    assert page(anon, "/report/status?lang=en").status == 200


def test_title_and_exit_are_settings(new_server):
    s = new_server(URA_REPORT_TITLE="Weather <today>", URA_REPORT_EXIT_URL="https://news.example/")
    html = page(s.client(), "/report").text
    assert "<title>Weather &lt;today&gt;</title>" in html
    assert 'href="https://news.example/"' in html


def test_form_submission_shows_receipt_once_and_status(server, anon, place):
    html = page(anon, "/report?lang=en").text
    fields = {"token": token_of(html), "lang": "en", "kind": "hate_crime",
              "bias": ["sexual_orientation", "gender_identity"], "forms": ["physical"],
              "municipality_id": str(place["id"]), "occurred_on": "", "place": "",
              "description": "Two men followed me out of the bar", "reporter": "victim",
              "wants_contact": "yes", "contact": "Signal only, after 20:00 - Zefina",
              "nickname": ""}
    before = report_count(server)
    r = post_form(anon, "/public/reports", fields)
    assert r.status == 202 and r.content_type == "text/html", r
    receipt = re.search(r'id="receipt">([^<]+)<', r.text).group(1)
    assert RECEIPT.match(receipt)
    assert receipt not in (r.headers.get("Location") or "")
    assert report_count(server) == before + 1
    # the status page, by POST only; status and message, nothing of the report
    st = post_form(anon, "/public/reports/status", {"receipt": receipt.lower(), "lang": "en"})
    assert st.status == 200 and 'data-status="received"' in st.text
    assert "No message yet." in st.text
    assert "Two men" not in st.text and "Signal" not in st.text
    js = no_cookie(anon.post("/public/reports/status", {"receipt": receipt}, csrf=False))
    assert js.status == 200 and js.json == {"status": "received", "message": None}


def test_json_report_202_receipt_and_stored_encrypted(server, anon, place):
    secret = "Rruga e Kavajes 99, call 069 111 2222 - Drita"
    before_audit = audit_count(server)
    r = no_cookie(anon.post("/public/reports", {
        "municipality_id": place["id"], "kind": "domestic_violence", "occurred_on": "2026-01-05",
        "description": "My husband " + secret, "contact": secret}, csrf=False))
    assert r.status == 202, r
    assert set(r.json) == {"receipt", "status"} and RECEIPT.match(r.json["receipt"])
    if isinstance(server.db, str):  # PostgreSQL: what the table holds
        raw = b"".join(bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode()
                       for row in query_db(server.db, "SELECT * FROM public_reports")
                       for v in row if v is not None)
    else:  # SQLite: the database file and its write-ahead log, byte for byte
        raw = server.db.read_bytes()
        for wal in server.db.parent.glob(server.db.name + "-wal"):
            raw += wal.read_bytes()
    assert secret.encode() not in raw and b"My husband" not in raw
    plain = r.json["receipt"].replace("-", "").encode()
    assert plain not in raw and r.json["receipt"].encode() not in raw
    rows = query_db(server.db, "SELECT action, fields, coalesce(actor_user_id, 0) FROM "
                               "audit_log ORDER BY id")
    entry = [row for row in rows if row[0] == "public_report.create"][-1]
    assert "contact" in entry[1] and secret not in entry[1] and str(entry[2]) == "0"
    assert audit_count(server) == before_audit + 1
    mech = query_db(server.db, "SELECT m.kind FROM public_reports p JOIN mechanisms m "
                               "ON m.id = p.mechanism_id ORDER BY p.id DESC LIMIT 1")
    assert mech[0][0] == "domestic_violence"


@pytest.mark.parametrize("body,field,status", [
    ({"kind": "gbv"}, "municipality_id", 422),
    ({"municipality_id": "x", "kind": "gbv"}, "municipality_id", 400),
    ({"kind": "burglary"}, "kind", 422),
    ({"kind": "gbv", "bias": ["religion"]}, "bias", 422),
    ({"kind": "gbv", "wants_contact": True}, "contact", 422),
    ({"kind": "gbv", "wants_contact": False, "contact": "x"}, "contact", 422),
    ({"kind": "gbv", "occurred_on": "2999-01-01"}, "occurred_on", 422),
    ({"kind": "gbv", "description": "x" * 5001}, "description", 422),
    ({"kind": "gbv", "token": "x"}, "token", 422),
])
def test_bad_json_changes_nothing(server, anon, place, body, field, status):
    body = dict(body)
    body.setdefault("municipality_id", place["id"]) if field != "municipality_id" else None
    before, audit = report_count(server), audit_count(server)
    r = no_cookie(anon.post("/public/reports", body, csrf=False, lang="en"))
    assert_problem(r, status, field)
    assert report_count(server) == before and audit_count(server) == audit


def test_bad_form_comes_back_with_typed_values_in_language(server, anon, place):
    html = page(anon, "/report?lang=sq").text
    before = report_count(server)
    base = {"token": token_of(html), "lang": "sq", "kind": "gbv", "description": "<b>kept</b>"}
    r = post_form(anon, "/public/reports", base)  # no municipality
    assert r.status == 422 and r.content_type == "text/html"
    assert r.headers["Content-Language"] == "sq"
    assert 'href="#municipality_id"' in r.text and "&lt;b&gt;kept&lt;/b&gt;" in r.text
    trap = post_form(anon, "/public/reports", {**base, "municipality_id": str(place["id"]),
                                               "nickname": "bot"})
    assert trap.status == 422 and 'href="#nickname"' in trap.text
    forged = post_form(anon, "/public/reports", {**base, "municipality_id": str(place["id"]),
                                                 "token": "1.forged"})
    assert forged.status == 403 and 'href="#token"' in forged.text
    assert token_of(forged.text) != "1.forged"
    assert no_cookie(anon.post("/public/reports", raw="kind=gbv", content_type="text/plain",
                               csrf=False)).status == 415
    assert report_count(server) == before


def test_expired_form_token(new_server, admin):
    s = new_server(now="2026-11-23T09:00:00Z")
    a = s.sign_in_admin()
    m = new_municipality(a)
    new_mechanism(a, m["id"])
    token = token_of(page(s.client(), "/report").text)
    s.restart(now="2026-11-23T15:00:01Z")
    r = post_form(s.client(), "/public/reports", {"token": token, "kind": "gbv",
                                                 "municipality_id": str(m["id"])})
    assert r.status == 403
    assert report_count(s) == 0


def test_reports_limited_per_address_behind_trusted_proxy(new_server):
    s = new_server(URA_PUBLIC_REPORTS_PER_HOUR=2, URA_TRUSTED_PROXIES="127.0.0.1")
    a = s.sign_in_admin()
    m = new_municipality(a)
    new_mechanism(a, m["id"])
    c = s.client()
    body = {"municipality_id": m["id"], "kind": "gbv"}

    def send(client_address):
        return no_cookie(c.post("/public/reports", body, csrf=False,
                                headers={"X-Forwarded-For": client_address}))
    assert send("203.0.113.5").status == 202
    assert send("203.0.113.5").status == 202
    r = send("203.0.113.5")
    assert_problem(r, 429)
    assert int(r.headers["Retry-After"]) > 0
    assert send("198.51.100.7").status == 202  # another client behind the same proxy
    assert report_count(s) == 3


def test_wrong_receipts_throttled_like_passwords(new_server):
    s = new_server()
    c = s.client(lang="en")
    for i in range(20):
        r = no_cookie(c.post("/public/reports/status", {"receipt": f"2222-2222-2222-{i:04d}"},
                             csrf=False))
        assert_problem(r, 404, "receipt")
    r = no_cookie(c.post("/public/reports/status", {"receipt": "2222-2222-2222-2222"}, csrf=False))
    assert_problem(r, 429)
    assert int(r.headers["Retry-After"]) > 0
    form = post_form(c, "/public/reports/status", {"receipt": "x", "lang": "en"})
    assert form.status == 429 and form.content_type == "text/html"


def test_unknown_page_language_is_400(anon):
    for path in ("/report?lang=de", "/report/status?lang=xx"):
        r = no_cookie(anon.get(path, root=True))
        assert_problem(r, 400, "lang")
