"""Notifications by e-mail (issue 16), against a real SMTP server started here (Debian's
python3-aiosmtpd, on loopback): a referral's notification reaches the recipient's address as
a message that names its kind, the case reference and a link, and nothing personal — no
name, address, phone, account of what happened or referral reason; the sender authenticates
when the settings say so; STARTTLS when required, with the server's certificate checked
(refused when the server offers none); a refused message is tried again later (by the
clock), not lost; a person who turned e-mails off, or has no address, is not queued.

The mailer looks at the outbox every second here (URA_SMTP_POLL_SECONDS=1); a test waits for
the message's arrival at the SMTP server (an event), never for a time."""

import contextlib
import email
import email.policy
import queue
import socket
import ssl
import subprocess
import time

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

import harness
from harness import T0, assert_problem, minutes, query_db
from test_cases import assert_no_leak
from test_referrals import World, consent, new_case, refer, referral_body

WAIT = 30           # seconds a test waits for a message before it fails
PUBLIC_URL = "https://ura.example.org"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the SMTP server received, as parsed messages; `refuse` answers the next N with a
    temporary failure."""

    def __init__(self):
        self.messages = queue.Queue()
        self.refuse = 0
        self.logins = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.put((envelope.rcpt_tos, msg, session.ssl is not None))
        return "250 OK"

    def next(self):
        try:
            return self.messages.get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError(f"no message arrived within {WAIT} s") from None


def authenticator(inbox):
    def check(server, session, envelope, mechanism, auth_data):
        inbox.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        ok = (auth_data.login, auth_data.password) == (b"ura-mailer", b"a-mail-password")
        return AuthResult(success=ok)
    return check


@pytest.fixture(scope="module")
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port,
                            authenticator=authenticator(inbox), auth_require_tls=False)
    controller.start()
    yield inbox, port
    controller.stop()


def mail_env(port, **extra):
    env = {"URA_SMTP_HOST": "127.0.0.1", "URA_SMTP_PORT": str(port),
           "URA_SMTP_STARTTLS": "false", "URA_SMTP_USERNAME": "ura-mailer",
           "URA_SMTP_PASSWORD": "a-mail-password", "URA_SMTP_FROM": "ura@example.org",
           "URA_SMTP_POLL_SECONDS": "1", "URA_PUBLIC_URL": PUBLIC_URL}
    env.update(extra)
    return env


@contextlib.contextmanager
def mail_world(tmp_path_factory, port, **env):
    """A server of its own (clock at T0) sending to the SMTP server on `port`, and the
    referral world of test_referrals on it."""
    s = harness.Server(tmp_path_factory.mktemp("ura-email"), env=mail_env(port, **env))
    s.start(now=T0)
    try:
        yield s, World(s, s.sign_in_admin())
    finally:
        s.stop()


def refer_to_shelter(world, address):
    """The shelter's caseworker gets `address`; the police refer a new case to the shelter."""
    give_email(world, "shelter", address)
    case, _ = new_case(world)
    refer(world.client("caseworker"), case["id"], referral_body(world.shelter))
    return case


@pytest.fixture(scope="module")
def mailing(smtp, ura, tmp_path_factory):
    inbox, port = smtp
    with mail_world(tmp_path_factory, port) as (s, world):
        yield s, world, inbox


def give_email(world, who, address):
    user = world.users[who]
    r = world.admin.patch(f"/users/{user.id}", {"email": address})
    assert r.status == 200 and r.json["email"] == address, r


def wait_for(condition):
    """Polls `condition` (a database state the mailer writes) until it holds; fails after
    WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the mailer did not get there"
        time.sleep(0.05)


def outbox(server):
    # (Plain integers and text, which both engines' query helpers return alike.)
    return query_db(server.db, "SELECT user_id, attempts, CASE WHEN sent_at IS NULL THEN 0 "
                               "ELSE 1 END, COALESCE(last_error, '') FROM email_outbox "
                               "ORDER BY id")


def test_a_referral_reaches_the_recipient_by_email_without_personal_data(mailing):
    server, world, inbox = mailing
    give_email(world, "shelter", "streha@example.org")
    # Consented to the shelter seeing identity and contact: the packet carries them, the
    # e-mail none of it.
    case, person = new_case(world, consent_=consent(types=["shelter"]))
    body = referral_body(world.shelter, share=["identity", "contact"])
    refer(world.client("caseworker"), case["id"], body)
    to, msg, _ = inbox.next()
    assert to == ["streha@example.org"]
    text = msg.get_content()
    subject = str(msg["Subject"])
    assert case["reference"] in subject and case["reference"] in text
    assert f"{PUBLIC_URL}/#/notifications" in text
    assert msg["From"] == "Ura <ura@example.org>" and msg["Auto-Submitted"] == "auto-generated"
    assert_no_leak(person, "an e-mail", subject, text, msg.as_string())
    assert body["reason"] not in text and body["reason"] not in msg.as_string()
    assert inbox.logins[-1] == ("ura-mailer", "a-mail-password"), "the mailer authenticated"


def test_the_message_is_in_the_recipients_language(mailing):
    server, world, inbox = mailing
    give_email(world, "shelter_manager", "drejtuesja@example.org")
    for who, locale in (("shelter_manager", "sq"), ("shelter", "en")):
        r = world.client(who).patch("/me", {"locale": locale})
        assert r.status == 200 and r.json["locale"] == locale
    case, _ = new_case(world)
    refer(world.client("caseworker"), case["id"], referral_body(world.shelter))
    texts = {}
    for _ in range(2):   # the shelter's caseworker and manager are both told
        to, msg, _ = inbox.next()
        texts[to[0]] = msg.get_content()
    assert "Keni diçka të re në Ura." in texts["drejtuesja@example.org"]
    assert "There is something new for you in Ura." in texts["streha@example.org"]


def test_who_turned_emails_off_or_has_no_address_is_not_queued(mailing):
    server, world, inbox = mailing
    give_email(world, "stranger", "spitali@example.org")
    off = world.client("stranger").patch("/me", {"email_notifications": False})
    assert off.status == 200 and off.json["email_notifications"] is False
    assert off.json["email"] == "spitali@example.org"
    before = len(outbox(server))
    case, _ = new_case(world)
    refer(world.client("caseworker"), case["id"], referral_body(world.stranger))
    # The stranger's manager has no address: neither is queued; the notifications exist.
    assert len(outbox(server)) == before
    got = world.client("stranger").get("/notifications")
    assert any(n["case_id"] == case["id"] for n in got.json["items"])


def test_preferences_are_checked(mailing):
    server, world, _ = mailing
    me = world.client("other_caseworker")
    assert_problem(me.patch("/me", {"email_notifications": "no"}), 400, "email_notifications")
    assert_problem(me.patch("/me", {}), 422, "locale")
    assert_problem(me.patch("/me", {"email": "x@example.org"}), 422, "email")
    r = world.admin.patch(f"/users/{world.users['other_caseworker'].id}",
                          {"email": "not an address"})
    assert_problem(r, 422, "email")


def test_a_refused_message_is_tried_again_later_not_lost(smtp, ura, tmp_path_factory):
    inbox, port = smtp
    inbox.refuse = 1
    try:
        with mail_world(tmp_path_factory, port) as (s, world):
            case = refer_to_shelter(world, "retry@example.org")
            # The refusal is recorded by the first round; the clock stands still at T0, so
            # the retry (a minute later) is not due until the server's clock moves.
            wait_for(lambda: [row for row in outbox(s) if row[1] == 1])
            [(_, attempts, sent, error)] = outbox(s)
            assert (attempts, sent) == (1, 0) and "451" in error
            s.stop()
            s.start(now=T0 + minutes(2))
            to, msg, _ = inbox.next()
            assert to == ["retry@example.org"] and case["reference"] in msg.get_content()
            wait_for(lambda: outbox(s)[0][2] == 1)
            assert outbox(s)[0][:3] == (world.users["shelter"].id, 2, 1)
    finally:
        inbox.refuse = 0


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    d = tmp_path_factory.mktemp("smtp-tls")
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", d / "key.pem", "-out", d / "cert.pem"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    return d / "cert.pem", d / "key.pem"


def test_starttls_when_required_with_the_certificate_checked(certificate, ura,
                                                             tmp_path_factory):
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context,
                            require_starttls=True)
    controller.start()
    try:
        with mail_world(tmp_path_factory, port, URA_SMTP_STARTTLS="true",
                        URA_SMTP_CA_FILE=str(cert), URA_SMTP_USERNAME="") as (_, world):
            refer_to_shelter(world, "tls@example.org")
            to, _, over_tls = inbox.next()
            assert to == ["tls@example.org"] and over_tls, "the message went over STARTTLS"
    finally:
        controller.stop()


def test_starttls_required_but_not_offered_sends_nothing(smtp, ura, tmp_path_factory):
    inbox, port = smtp
    with mail_world(tmp_path_factory, port, URA_SMTP_STARTTLS="true") as (s, world):
        refer_to_shelter(world, "plain@example.org")
        wait_for(lambda: [row for row in outbox(s) if row[1] == 1])
        [(_, attempts, sent, error)] = outbox(s)
        assert (attempts, sent) == (1, 0) and error
        assert inbox.messages.empty(), "a message went out without TLS"
