"""The emergency-basis referral in the audit (issue 14, "Gaps found on the way";
CONTRACT.md "Emergency-basis referrals in the audit").

A referral that shares without consent (basis "emergency": high or extreme risk, or imminent
danger, with a written justification) is recorded as such: its `referral.create` entry
carries a `detail` of codes (basis, categories shared, service, urgency), covered by the
entry's hash; `GET /audit?basis=emergency` lists those entries with who decided (actor, its
institution), when (`at`), the case's reference, and why (the justification, stored sealed in
the referral and opened for the auditor only, the opening itself audited). The justification
stays required for the emergency basis (422 in the caller's language).
"""

import pytest

import harness
from harness import assert_problem, list_all
from test_referrals import auditor, server, world  # noqa: F401 (the module's fixtures: T0)
from test_referrals import consent, emergency_body, new_case, refer, referral_body


@pytest.fixture(scope="module")
def emergency(world):
    """A police caseworker's emergency referral to the shelter: (case, referral, body)."""
    case, _ = new_case(world, consent_=None, imminent_danger=True)
    body = emergency_body(world.shelter, ["identity", "incident"])
    return case, refer(world.client("caseworker"), case["id"], body), body


def emergency_entries(auditor, **params):
    return list_all(auditor, "/audit", basis="emergency", **params)


def test_auditor_finds_the_emergency_referral_with_who_when_and_why(world, auditor, emergency):
    case, referral, body = emergency
    found = [e for e in emergency_entries(auditor) if e["object_id"] == referral["id"]]
    assert len(found) == 1, found
    e = found[0]
    assert e["action"] == "referral.create" and e["object_type"] == "referral", e
    assert e["actor_user_id"] == world.users["caseworker"].id, e
    assert e["institution_id"] == world.police["id"], e
    assert e["at"] == "2026-11-23T09:00:00Z", e
    assert e["case_id"] == case["id"] and e["case_reference"] == case["reference"], e
    assert e["detail"] == {"basis": "emergency", "share": ["identity", "incident"],
                           "service": "shelter", "urgency": "emergency"}, e
    assert e["justification"] == body["justification"], e
    assert sorted(e["fields"]) == ["identity", "incident", "justification"], e


def test_the_filter_keeps_only_emergency_referrals(world, auditor, emergency):
    case, _ = new_case(world, consent_=consent(types=["shelter"]))
    by_consent = refer(world.client("caseworker"), case["id"],
                       referral_body(world.shelter, ["identity"]))
    listed = emergency_entries(auditor)
    assert listed and all(e["action"] == "referral.create" and
                          e["detail"]["basis"] == "emergency" for e in listed), listed
    assert by_consent["id"] not in {e["object_id"] for e in listed}
    consent_entries = list_all(auditor, "/audit", basis="consent")
    mine = [e for e in consent_entries if e["object_id"] == by_consent["id"]]
    assert len(mine) == 1 and mine[0]["detail"]["basis"] == "consent", mine
    assert "justification" not in mine[0], mine[0]
    assert emergency[1]["id"] not in {e["object_id"] for e in consent_entries}


def test_the_filter_combines_with_the_others(world, auditor, emergency):
    case, referral, _ = emergency
    assert [e["object_id"] for e in emergency_entries(auditor, case_id=case["id"])] == \
        [referral["id"]]
    other = world.users["other_caseworker"].id
    assert emergency_entries(auditor, user_id=other) == []


def test_the_justification_is_sealed_and_its_reading_audited(server, auditor, emergency):
    _, referral, body = emergency
    text = body["justification"]
    stored = harness.query_db(server.db, "SELECT COALESCE(detail, '') || fields FROM audit_log")
    assert not any(text in row[0] for row in stored), "the justification is in the audit log"
    raw = harness.query_db(server.db, f"SELECT justification FROM referrals "
                                      f"WHERE id = {referral['id']}")[0][0]
    assert text.encode() not in bytes(raw), "the justification is stored in clear"
    before = len(list_all(auditor, "/audit", action="audit.justification_read"))
    emergency_entries(auditor)
    after = list_all(auditor, "/audit", action="audit.justification_read")
    assert len(after) == before + 1 and after[0]["fields"] == ["justification"], after
    verify = auditor.get("/audit/verify")
    assert verify.status == 200 and verify.json["intact"] is True, verify


@pytest.mark.parametrize("lang", ["sq", "en", "sr-Latn"])
def test_an_emergency_referral_without_justification_is_refused_in_the_callers_language(
        server, world, lang):
    case, _ = new_case(world, consent_=None, imminent_danger=True)
    body = emergency_body(world.shelter, ["identity"])
    del body["justification"]
    r = world.client("caseworker").post(f"/cases/{case['id']}/referrals", body, lang=lang)
    assert_problem(r, 422, "justification")
    message = [e["message"] for e in r.json["errors"] if e["field"] == "justification"][0]
    assert message == {"sq": "Fusha është e detyrueshme", "en": "This field is required",
                       "sr-Latn": "Ovo polje je obavezno"}[lang], message


def test_only_the_auditor_lists_and_a_wrong_basis_is_400(world, auditor):
    assert_problem(world.client("caseworker").get("/audit?basis=emergency"), 403)
    assert_problem(auditor.get("/audit?basis=urgent"), 400, "basis")
