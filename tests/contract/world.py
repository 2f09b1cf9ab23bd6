"""The world the contract suite works in, built through the API as users would build it.

Two municipalities; in the first a domestic-violence mechanism with a coordinator and five
member institutions (social services, police, shelter, court, health), in the second another
mechanism with one member; each institution offers every service. One signed-in client per
role, and a second caseworker (the police's) who receives referrals. Cases with every part,
a referral accepted by the police and one still sent, consent, an assessment, a protection
order, an action, a note, two pending transfers, a meeting with its parts, a meeting request,
an action plan with an activity, a training and a token; a user who turned a second factor
on and off and changed their password. Every id made goes into a pool named like its
collection ("cases", "protection_orders"), from which requests draw their ids.

The suite's own users are never in the "users" pool, so that a generated PATCH or a role
change never locks the suite out; spare users are made for that.
"""

import datetime as _dt
import re

from harness import (ADMIN_PASSWORD, ADMIN_USER, new_institution, new_mechanism,
                     new_municipality, new_password, new_user, totp_code)

NOW = "2026-11-23T09:00:00Z"
TODAY = "2026-11-23"
SERVICES = ["shelter", "legal_aid", "medical", "psychosocial", "police_protection",
            "protection_order", "housing", "economic_aid", "employment", "education",
            "child_protection", "post_release_support"]
ROLES = ("admin", "coordinator", "manager", "caseworker", "national", "auditor", "recipient")


def _ok(r, what, status=(200, 201)):
    assert r.status in ((status,) if isinstance(status, int) else status), f"{what}: {r}"
    return r.json


class Checked:
    """A client whose every answer is checked against the document (problems collected)."""

    def __init__(self, client, check):
        self._client, self._check = client, check

    def __getattr__(self, name):
        return getattr(self._client, name)

    def request(self, method, path, *args, **kw):
        r = self._client.request(method, path, *args, **kw)
        self._check(method, ("" if kw.get("root") else "/api/v1") + path, r)
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, *(() if body is None else (body,)), **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body, **kw)

    def delete(self, path, body=None, **kw):
        return self.request("DELETE", path, *(() if body is None else (body,)), **kw)


class World:
    def __init__(self, server, check=None):
        self.server = server
        self.check = check or (lambda method, path, r: None)
        self.pools = {}
        self.clients = {}
        self.users = {}
        self.protected_user_ids = set()
        self._build()

    def add(self, pool, ident):
        if pool == "users" and ident in self.protected_user_ids:
            return
        ids = self.pools.setdefault(pool, [])
        if isinstance(ident, int) and not isinstance(ident, bool) and ident not in ids:
            ids.append(ident)

    def client(self, role):
        """The signed-in client of `role`, signed in again if its session ended."""
        c = self.clients.get(role)
        if c is None or not c.cookies:
            u = self.users[role]
            c = self.server.client(lang="en")
            r = c.sign_in(u["username"], u["password"])
            assert r.status == 201, f"sign-in as {role}: {r}"
            self.clients[role] = c
        return c

    def _checked(self, role):
        return Checked(self.client(role), self.check)

    def anonymous(self):
        return self.server.client(lang="en")

    def hints(self):
        """Values that make a generated request meet the rules no schema states (a case of
        the mechanism's kind in a mechanism the caller belongs to, a referral to a member
        that consent covers, a transfer to another member). Half the examples of these
        operations take them; the other half stay as generated. Only for reaching the 2xx
        answers more often: an operation without hints is tested all the same."""
        v1 = "/api/v1"
        m, police = self.mechanism, self.inst["police"]
        return {
            f"POST {v1}/cases": {"body": {"kind": "domestic_violence", "mechanism_id": m}},
            f"POST {v1}/cases/{{id}}/referrals": {"path": {"id": self.cases[0]}, "body": {
                "to_institution_id": police, "share": ["identity"], "basis": "consent"}},
            f"PATCH {v1}/cases/{{id}}": {"path": {"id": self.open_case}},
            f"POST {v1}/emergency-access": {"body": {"reference": self.unseen_reference}},
            f"POST {v1}/cases/{{id}}/transfers": {"path": {"id": self.cases[1]}, "body": {
                "to_institution_id": police, "to_mechanism_id": m}},
            f"POST {v1}/transfers/{{id}}/decline": {"path": {"id": self.pending_transfer}},
            "GET /assets/{name}": {"path": {"name": self.asset}},
            f"POST {v1}/cases/{{id}}/assessments": {"body": {
                "instrument": self.instrument, "answers": {}}},
            f"POST {v1}/cases/{{id}}/protection-orders": {"body": {
                "court_institution_id": self.inst["court"]}},
            f"POST {v1}/mechanisms/{{id}}/meetings": {"path": {"id": m}},
            f"POST {v1}/mechanisms/{{id}}/meeting-requests": {"path": {"id": m},
                                                              "body": {"case_ids": []}},
            f"POST {v1}/mechanisms/{{id}}/action-plans": {"path": {"id": m}},
            f"POST {v1}/trainings": {"body": {"mechanism_id": m}},
            f"POST {v1}/tokens": {"body": {"expires_at": "2027-01-01T00:00:00Z"}},
            f"POST {v1}/session": {"body": {"username": ADMIN_USER, "password": ADMIN_PASSWORD}},
            f"GET {v1}/cases/{{id}}/hate-crime-outcome": {"path": {"id": self.hate_case}},
            f"PUT {v1}/cases/{{id}}/hate-crime-outcome": {"path": {"id": self.hate_case}},
            f"GET {v1}/mechanisms/{{id}}/police-feedback": {"path": {"id": m}},
        }

    # ---- building ------------------------------------------------------------------------

    def _user(self, admin, role, institution_id=None):
        u = new_user(admin, role, institution_id)
        return {"id": u.id, "username": u.username, "password": u.password}

    def _build(self):
        plain = self.server.client(lang="en")
        assert plain.sign_in(ADMIN_USER, ADMIN_PASSWORD).status == 201
        self.users["admin"] = {"id": plain.user["id"], "username": ADMIN_USER,
                               "password": ADMIN_PASSWORD}
        self.clients["admin"] = plain
        admin = self._checked("admin")
        a = new_municipality(admin, country="AL")
        b = new_municipality(admin, country="XK")
        self.add("municipalities", a["id"])
        self.add("municipalities", b["id"])
        inst = {}
        # Every institution of the world offers every service, so that a referral is refused
        # for what it asks (consent, basis), not for the recipient's list of services.
        for kind in ("social_services", "police", "shelter", "court", "health"):
            inst[kind] = new_institution(admin, a["id"], type=kind, services=SERVICES)["id"]
        inst["other"] = new_institution(admin, b["id"], type="social_services",
                                        services=SERVICES)["id"]
        for i in inst.values():
            self.add("institutions", i)
        self.inst = inst
        for role, where in (("coordinator", None), ("manager", inst["social_services"]),
                            ("caseworker", inst["social_services"]), ("national", None),
                            ("auditor", None), ("recipient", inst["police"]),
                            ("other_caseworker", inst["other"])):
            self.users[role] = self._user(admin, "caseworker" if role.endswith("caseworker")
                                          or role == "recipient" else role, where)
            self.protected_user_ids.add(self.users[role]["id"])
        self.protected_user_ids.add(self.users["admin"]["id"])
        for role, where in (("caseworker", inst["health"]), ("coordinator", None),
                            ("manager", inst["shelter"])):
            self.add("users", self._user(admin, role, where)["id"])
        mech = new_mechanism(admin, a["id"], coordinator_user_id=self.users["coordinator"]["id"])
        mech_b = new_mechanism(admin, b["id"])
        self.mechanism, self.mechanism_b = mech["id"], mech_b["id"]
        self.add("mechanisms", mech["id"])
        self.add("mechanisms", mech_b["id"])
        for kind in ("social_services", "police", "shelter", "court", "health"):
            _ok(admin.post(f"/mechanisms/{mech['id']}/members",
                           {"institution_id": inst[kind], "joined_on": "2025-01-01"}),
                "member")
        _ok(admin.post(f"/mechanisms/{mech_b['id']}/members", {"institution_id": inst["other"]}),
            "member")
        self._cases()
        self._hate_crime(admin, a["id"])
        self._governance()
        self._intake(admin)
        self._data_protection()
        self._credentials(admin)
        self.asset = self._asset(plain)

    def _data_protection(self):
        """The person's own copy (its lead institution's manager, the auditor), the search
        for the person and the record of processing, each as JSON and as a page: their 2xx,
        whose case ids travel in a query parameter no hint fills."""
        manager, auditor = self._checked("manager"), self._checked("auditor")
        case = self.cases[0]
        for who in (manager, auditor):
            _ok(who.get(f"/subject-access?case_ids={case}"), "subject access")
            _ok(who.post("/subject-access/search", {"given_name": "Drita0", "family_name":
                                                    "Hoxha", "date_of_birth": "1990-04-02"}),
                "subject-access search")
        _ok(manager.get(f"/subject-access?case_ids={case}&format=html&lang=en"), "print view")
        _ok(auditor.get("/processing-record"), "processing record")
        _ok(self._checked("admin").get("/processing-record?format=html"), "record page")

    def _credentials(self, admin):
        """A user turns a second factor on, off again with a recovery code, and changes their
        password: the 2xx answers of operations that need a secret no generated request
        knows (and whose failures the sign-in throttle counts)."""
        u = self._user(admin, "auditor")
        self.protected_user_ids.add(u["id"])
        plain = self.server.client(lang="en")
        assert plain.sign_in(u["username"], u["password"]).status == 201
        me = Checked(plain, self.check)
        secret = _ok(me.post("/me/totp"), "second factor", 201)["secret"]
        codes = _ok(me.post("/me/totp/confirm", {"code": totp_code(secret, server_now())}),
                    "second factor confirmed", 200)["recovery_codes"]
        _ok(me.delete("/me/totp", {"code": codes[0]}), "second factor off", 204)
        _ok(me.post("/me/password", {"current_password": u["password"],
                                     "new_password": new_password()}), "password", 204)

    def _asset(self, client):
        """The name of a file the browser UI's page loads (/assets/{name}: hashed names)."""
        r = client.get("/", root=True)
        assert r.status == 200, f"the UI's page: {r}"
        found = re.search(r'/assets/([A-Za-z0-9._-]+)', r.text)
        assert found, "the UI's page names no /assets/ file"
        return found.group(1)

    def _cases(self):
        cw = self._checked("caseworker")
        police = self._checked("recipient")
        for item in _ok(cw.get("/instruments"), "instruments")["items"]:
            self.add("instruments", item["id"])
        self.instrument = next(i["id"] for i in cw.get("/instruments?kind=domestic_violence")
                               .json["items"])
        cases, references = [], []
        for n in range(5):
            body = {"kind": "domestic_violence", "mechanism_id": self.mechanism,
                    "survivor": {"given_name": f"Drita{n}", "family_name": "Hoxha",
                                 "sex": "female", "date_of_birth": "1990-04-02",
                                 "phone": "+355 69 000 0000", "address": "Rruga 1",
                                 "address_confidential": n == 0},
                    "children": [{"given_name": "Arta", "date_of_birth": "2018-01-05",
                                  "sex": "female"}],
                    "perpetrator": {"given_name": "Agim", "family_name": "Hoxha",
                                    "relationship": "spouse"},
                    "incident": {"occurred_on": "2026-11-20", "forms": ["physical"],
                                 "place": "home", "narrative": "…", "bias": []},
                    "consent": {"given": True, "method": "written",
                                "institution_types": ["police", "shelter", "court"],
                                "categories": ["identity", "contact", "incident", "risk",
                                               "legal"]}}
            made = _ok(cw.post("/cases", body), "case")
            cases.append(made["id"])
            references.append(made["reference"])
        # The last two cases are kept out of the pool, so that no generated close or transfer
        # ends them before PATCH /cases/{id} is tried on one (its hint) and the police decline
        # the other's transfer (decline's hint: accept and cancel, tried first, take the pool's
        # transfers); the police never see case 1, whose reference is the hint of break glass
        # by reference.
        self.open_case = cases.pop()
        declined = cases.pop()
        self.unseen_reference = references[1]
        for c in cases:
            self.add("cases", c)
        self.cases = cases
        case = cases[0]
        accepted = _ok(cw.post(f"/cases/{case}/referrals", {
            "to_institution_id": self.inst["police"], "service": "police_protection",
            "urgency": "urgent", "reason": "Needs protection", "share": ["identity", "incident"]}),
            "referral")
        _ok(police.post(f"/referrals/{accepted['id']}/accept"), "accept")
        sent = _ok(cw.post(f"/cases/{cases[1]}/referrals", {
            "to_institution_id": self.inst["shelter"], "service": "shelter",
            "urgency": "routine", "reason": "A bed", "share": ["identity"]}), "referral")
        for r in (accepted, sent):
            self.add("referrals", r["id"])
        consent = _ok(cw.post(f"/cases/{case}/consents", {
            "given": True, "method": "verbal", "institution_types": ["health"],
            "categories": ["identity"]}), "consent")
        self.add("consents", consent["id"])
        self.add("assessments", _ok(cw.post(f"/cases/{case}/assessments", {
            "instrument": self.instrument, "answers": {}}), "assessment")["id"])
        for n in range(2):
            self.add("protection_orders", _ok(cw.post(f"/cases/{case}/protection-orders", {
                "type": "immediate", "requested_on": TODAY,
                "court_institution_id": self.inst["court"]}), "order")["id"])
        for n in range(2):
            self.add("actions", _ok(cw.post(f"/cases/{case}/actions", {
                "title": "Visit", "responsible_institution_id": self.inst["police"],
                "due_on": "2026-12-01"}), "action")["id"])
        self.add("notes", _ok(cw.post(f"/cases/{case}/notes", {"body": "Seen today"}),
                              "note")["id"])
        for n in range(2):   # documents to download and delete (a file's bytes as the body)
            self.add("attachments", _ok(cw.request(
                "POST", f"/cases/{case}/attachments?category=legal",
                raw=b"%PDF-1.4\n%%EOF\n", content_type="application/octet-stream",
                headers={"X-File-Name": f"order-{n}.pdf"}), "attachment")["id"])
        self.add("transfers", _ok(cw.post(f"/cases/{cases[2]}/transfers", {
            "to_institution_id": self.inst["other"], "to_mechanism_id": self.mechanism_b,
            "reason": "Moved"}), "transfer")["id"])
        self.pending_transfer = _ok(cw.post(f"/cases/{declined}/transfers", {
            "to_institution_id": self.inst["police"], "to_mechanism_id": self.mechanism,
            "reason": "Moved"}), "transfer")["id"]
        self.add("tokens", _ok(cw.post("/tokens", {"name": "script",
                                                    "expires_at": "2027-01-01T00:00:00Z"}),
                               "token")["id"])

    def _hate_crime(self, admin, municipality_id):
        """A hate-crime mechanism with the police in it and a case the police own (kept out of
        the pools): the 2xx of the outcome's operations, whose case must be a hate crime."""
        mech = new_mechanism(admin, municipality_id, kind="hate_crime")
        _ok(admin.post(f"/mechanisms/{mech['id']}/members",
                       {"institution_id": self.inst["police"], "joined_on": "2025-01-01"}),
            "member")
        self.hate_case = _ok(self._checked("recipient").post("/cases", {
            "kind": "hate_crime", "mechanism_id": mech["id"],
            "survivor": {"given_name": "Besa", "family_name": "Krasniqi", "sex": "female"},
            "incident": {"occurred_on": "2026-11-20", "forms": ["physical"], "place": "public",
                         "bias": ["ethnicity"]}}), "hate-crime case")["id"]

    def _governance(self):
        co = self._checked("coordinator")
        cw = self._checked("caseworker")
        m = self.mechanism
        for n in range(2):
            meeting = _ok(co.post(f"/mechanisms/{m}/meetings", {
                "kind": "regular", "scheduled_at": f"2026-12-0{n + 1}T10:00:00Z",
                "place": "Bashkia"}), "meeting")
            self.add("meetings", meeting["id"])
        meeting = self.pools["meetings"][0]
        _ok(co.put(f"/meetings/{meeting}/attendance", [
            {"institution_id": self.inst["police"], "present": True, "attendees": 2}]),
            "attendance")
        self.add("agenda", _ok(co.post(f"/meetings/{meeting}/agenda", {"topic": "Shelter beds"}),
                               "agenda")["id"])
        self.add("decisions", _ok(co.post(f"/meetings/{meeting}/decisions", {
            "text": "Find beds", "responsible_institution_id": self.inst["shelter"],
            "due_on": "2026-12-15"}), "decision")["id"])
        _ok(co.put(f"/meetings/{meeting}/minutes", {"text": "Met."}), "minutes")
        self.add("meeting_requests", _ok(cw.post(f"/mechanisms/{m}/meeting-requests", {
            "reason": "A case needs it", "case_ids": self.pools["cases"][:1]}), "request")["id"])
        # A request of its own answered with the other meeting (the pool's stays open), and a
        # calendar subscription read as a calendar application does: the 2xx of operations
        # that need a state or a secret no generated request has.
        answered = _ok(cw.post(f"/mechanisms/{m}/meeting-requests", {
            "reason": "Another case needs it", "case_ids": []}), "second request")["id"]
        _ok(co.post(f"/meeting-requests/{answered}/answer", {
            "status": "scheduled", "meeting_id": self.pools["meetings"][1]}), "answer", 200)
        feed = _ok(co.post(f"/mechanisms/{m}/calendar-subscription"), "subscription", 201)
        _ok(Checked(self.anonymous(), self.check).get(feed["url"], root=True), "feed", 200)
        plan = _ok(co.post(f"/mechanisms/{m}/action-plans", {
            "title": "Plan 2026", "period_from": "2026-01-01", "period_to": "2026-12-31"}),
            "plan")
        self.add("action_plans", plan["id"])
        self.add("activities", _ok(co.post(f"/action-plans/{plan['id']}/activities", {
            "pillar": "prevention", "title": "Schools",
            "responsible_institution_id": self.inst["police"]}), "activity")["id"])
        self.add("trainings", _ok(co.post("/trainings", {
            "title": "Risk", "topic": "Assessment", "starts_on": "2026-03-01",
            "ends_on": "2026-03-02", "mechanism_id": m,
            "participants": [{"institution_type": "police", "women": 3, "men": 4}]}),
            "training")["id"])
        for role in ROLES:
            for item in _ok(self._checked(role).get("/notifications"), "notifications")["items"]:
                self.add("notifications", item["id"])


    def _intake(self, admin):
        """A CSO files reports on victims' behalf (issue 14) and the coordinator and the police
        triage them: the 2xx and 409 answers of the intake, which need a CSO's account and a
        report in a given state that no generated request makes."""
        a = self.pools["municipalities"][0]
        cso_inst = new_institution(admin, a, type="cso", services=SERVICES)["id"]
        self.add("institutions", cso_inst)
        u = self._user(admin, "caseworker", cso_inst)
        self.protected_user_ids.add(u["id"])
        plain = self.server.client(lang="en")
        assert plain.sign_in(u["username"], u["password"]).status == 201
        cso, co = Checked(plain, self.check), self._checked("coordinator")
        police = self._checked("recipient")

        def report(police_when):
            return _ok(cso.post("/intake", {
                "municipality_id": a, "kind": "domestic_violence", "forms": ["physical"],
                "description": "What happened", "anonymised": True, "police": police_when}),
                "intake report", 201)["id"]

        closed, referred, held = report("now"), report("now"), report("later")
        self.add("intake", report("now"))
        _ok(co.get(f"/intake/{closed}"), "intake read", 200)
        _ok(co.put(f"/intake/{closed}/message", {"message": "Thank you"}), "message", 200)
        _ok(co.post(f"/intake/{closed}/close", {"reason": "Duplicate"}), "close", 200)
        _ok(co.post(f"/intake/{closed}/close", {"reason": "Again"}), "close again", 409)
        _ok(cso.post(f"/intake/{held}/pass"), "pass", 200)
        _ok(cso.post(f"/intake/{held}/pass"), "pass again", 409)
        _ok(co.post(f"/intake/{referred}/convert", {"into": "referral",
                                                    "institution_id": self.inst["court"]}),
            "referral to a court", 422)
        _ok(co.post(f"/intake/{referred}/convert", {"into": "referral",
                                                    "institution_id": self.inst["police"]}),
            "referral", 200)
        _ok(co.post(f"/intake/{referred}/convert", {"into": "referral",
                                                    "institution_id": self.inst["police"]}),
            "referral again", 409)
        self.add("cases", _ok(police.post(f"/intake/{referred}/convert", {
            "into": "case", "survivor": {"given_name": "A", "family_name": "B", "sex": "female"}}),
            "case from a report", 201)["id"])


def server_now():
    return _dt.datetime(2026, 11, 23, 9, 0, 0, tzinfo=_dt.timezone.utc)
