"""The safeguard against an administrator who makes (or takes over) a staff account to read an
institution's cases (docs/CONTRACT.md "Accounts and sign-in"):

- A new caseworker or manager of an institution, one moved into an institution, and one whose
  password an administrator reset, is announced to that institution's managers at once (a
  notification `staff_account_added` / `staff_password_reset` naming the institution, not
  the person; no link), and to nobody else.
- For `new_staff_flag_days` (7) from then, every audit entry of that account about a case is
  `flagged: true`; `GET /audit?flagged=true` lists them for the auditor. After the window the
  same account's reads are not flagged.

Time moves by restarting the server later (URA_NOW).
"""

import datetime as dt

import pytest

from harness import T0, assert_problem, list_all, new_institution, new_password, new_user
from test_cases import Site, case_body, create, join, new_person

DAY = dt.timedelta(days=1)
STAFF_KINDS = ("staff_account_added", "staff_password_reset")


@pytest.fixture
def site(new_server):
    s = new_server(now=T0)
    return Site(s, s.sign_in_admin())


def staff_notifications(client):
    return [n for n in list_all(client, "/notifications") if n["kind"] in STAFF_KINDS]


def audit_of(auditor, user_id, **params):
    return list_all(auditor, "/audit", user_id=user_id, **params)


def read_a_case(site, client):
    case = create(site.client("caseworker"), case_body(site, new_person()))
    r = client.get(f"/cases/{case['id']}")
    assert r.status == 200, r
    return case


def test_a_new_staff_account_is_announced_to_its_institutions_managers(site):
    admin = site.admin
    before = {who: len(staff_notifications(site.client(who)))
              for who in ("manager", "other_manager", "caseworker", "coordinator")}
    newcomer = new_user(admin, "caseworker", site.owner["id"], display_name="Arben Kola")
    told = staff_notifications(site.client("manager"))
    assert len(told) == before["manager"] + 1, told
    n = told[0]
    assert n["kind"] == "staff_account_added" and n["object_type"] == "user", n
    assert n["object_id"] == newcomer.id and n["link"] is None, n
    assert site.owner["name"] in n["message"], n
    for secret in (newcomer.username, "Arben", "Kola"):
        assert secret not in str(n), f"the notification names the person: {n}"
    for who in ("other_manager", "caseworker", "coordinator"):
        assert len(staff_notifications(site.client(who))) == before[who], who
    # a manager made for the institution is announced to the others, not to itself
    boss = new_user(admin, "manager", site.owner["id"])
    assert len(staff_notifications(site.client("manager"))) == before["manager"] + 2
    assert staff_notifications(site.server.sign_in(boss.username, boss.password)) == []


def test_a_new_staff_accounts_case_work_is_flagged_for_the_auditor(site):
    admin, server = site.admin, site.server
    auditor_user = new_user(admin, "auditor")
    newcomer = new_user(admin, "caseworker", site.owner["id"])
    c = server.sign_in(newcomer.username, newcomer.password)
    case = read_a_case(site, c)
    auditor = server.sign_in(auditor_user.username, auditor_user.password)
    reads = [e for e in audit_of(auditor, newcomer.id) if e["action"] == "case.read"]
    assert reads and all(e["flagged"] is True for e in reads), reads
    flagged = list_all(auditor, "/audit", flagged="true")
    assert {e["id"] for e in reads} <= {e["id"] for e in flagged}
    assert all(e["flagged"] is True for e in flagged), flagged
    assert all(e["flagged"] is False for e in list_all(auditor, "/audit", flagged="false"))
    # entries about no case (signing in) are not flagged
    assert all(not e["flagged"] for e in audit_of(auditor, newcomer.id)
               if e["case_id"] is None)
    assert_problem(auditor.get("/audit?flagged=yes"), 400, "flagged")

    server.restart(now=T0 + 7 * DAY + dt.timedelta(minutes=1))
    site.forget_sessions()
    c = server.sign_in(newcomer.username, newcomer.password)
    assert c.get(f"/cases/{case['id']}").status == 200
    auditor = server.sign_in(auditor_user.username, auditor_user.password)
    latest = [e for e in audit_of(auditor, newcomer.id) if e["action"] == "case.read"][0]
    assert latest["flagged"] is False, f"still flagged after the window: {latest}"


def test_moving_an_account_into_an_institution_or_resetting_it_watches_it_again(site):
    admin, server = site.admin, site.server
    elsewhere = new_institution(admin, site.municipality["id"], type="health")
    join(admin, site.mechanism["id"], elsewhere["id"])
    mover = new_user(admin, "caseworker", elsewhere["id"])
    auditor_user = new_user(admin, "auditor")
    server.restart(now=T0 + 10 * DAY)
    site.forget_sessions()
    admin = server.sign_in_admin()
    before = len(staff_notifications(site.client("manager")))

    assert admin.patch(f"/users/{mover.id}", {"institution_id": site.owner["id"]}).status == 200
    told = staff_notifications(site.client("manager"))
    assert len(told) == before + 1 and told[0]["kind"] == "staff_account_added", told
    c = server.sign_in(mover.username, mover.password)
    read_a_case(site, c)
    auditor = server.sign_in(auditor_user.username, auditor_user.password)
    assert [e for e in audit_of(auditor, mover.id) if e["action"] == "case.read"][0]["flagged"]

    # after the window, an administrator's reset is the same trick: told and watched
    server.restart(now=T0 + 20 * DAY)
    site.forget_sessions()
    admin = server.sign_in_admin()
    worker = site.users["caseworker"]
    fresh = new_password()
    assert admin.patch(f"/users/{worker.id}", {"password": fresh}).status == 200
    told = staff_notifications(site.client("manager"))
    assert told[0]["kind"] == "staff_password_reset" and told[0]["object_id"] == worker.id
    assert site.owner["name"] in told[0]["message"]
    c = server.sign_in(worker.username, fresh)
    case = create(c, case_body(site, new_person()))
    assert c.get(f"/cases/{case['id']}").status == 200
    auditor = server.sign_in(auditor_user.username, auditor_user.password)
    assert all(e["flagged"] for e in audit_of(auditor, worker.id) if e["case_id"] == case["id"])
    # a change that is no takeover sets nothing off
    assert admin.patch(f"/users/{worker.id}", {"display_name": "Tjetër"}).status == 200
    assert len(staff_notifications(site.client("manager"))) == len(told)
