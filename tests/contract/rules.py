"""The semantic rules: why the server may refuse a request the document's schemas accept.

A schema says what a request looks like; some rules depend on what the database holds, on the
clock, or on two fields together in ways a JSON Schema does not say. A 400 or 422 on a
schema-valid request is a failure of the contract unless every error it names is one of these
rules. Each entry: (status, English message, operation pattern, field pattern, why). The
patterns are regular expressions matched in full; the message is the server's text in
English (the suite asks in English).

Keep this list short: a refusal that could be said in the schema belongs in the schema.
"""

import re

ANY = ".*"

RULES = [
    (422, 'Write them like "Mo-Fr 08:00-16:00; Sa 09:00-13:00" or "24/7"',
     r"(POST|PATCH) /api/v1/institutions.*", "opening_hours",
     "what the pattern cannot say: day ranges run forward, a rule closes after it opens, "
     "24:00 only closes, at most seven rules"),
    (400, "This field is required", r"GET /api/v1/(directory/hsds|public/directory)", "table",
     "the directory as CSV is one file per HSDS table: format=csv names the table"),
    (400, "Not one of the allowed values", r"GET /api/v1/(directory/hsds|public/directory)",
     "table", "a table is a CSV file: not with format=json"),
    (422, "Does not exist", ANY, ANY,
     "a reference must name an object that exists and that the rule allows (a case of this "
     "mechanism, an item of this instrument)"),
    (422, "Is already in use", ANY, ANY,
     "unique values: usernames, municipality codes, one mechanism per kind and municipality, "
     "an institution added to a mechanism once"),
    (422, "The date cannot be in the future", ANY, ANY,
     "dates of what happened (births, incidents, requests, decisions, breaches) are not after "
     "today by the server's clock"),
    (422, "Must be in the future", r"POST /api/v1/tokens", "expires_at",
     "a token's expiry lies after now"),
    (422, "Out of the allowed range", r"POST /api/v1/tokens", "expires_at",
     "a token lives at most 366 days"),
    (422, "Out of the allowed range", ANY, r"period_to|ends_on|valid_from|valid_to|decided_on|to",
     "an end is not before its start (and an order's decision not before its request, its "
     "validity not before its decision)"),
    (422, "Your institution is not a member of this mechanism", ANY, ANY,
     "institutions named must be members of the mechanism (the caller's own for a case)"),
    (422, "The case's kind does not match the mechanism's", ANY, ANY,
     "a case, its mechanism and its risk instrument are of one kind"),
    (422, "The survivor's consent does not cover sharing this", ANY, "share",
     "the protocol: what a referral shares must be consented (domain/policy)"),
    (422, "An emergency basis needs high or extreme risk, or imminent danger", ANY, "basis",
     "the protocol: emergency sharing only for high risk or imminent danger"),
    (422, "The institution does not offer this service", r"POST /api/v1/cases/\{id\}/referrals",
     "service", "a referral asks the recipient for a service it offers (its services)"),
    (422, "The institution already owns the case", ANY, "to_institution_id",
     "a transfer goes to another institution"),
    (422, "This role needs an institution", ANY, "institution_id",
     "caseworkers and managers belong to an institution (also after a PATCH of the role)"),
    (422, "That user is not a coordinator", ANY, "coordinator_user_id",
     "a mechanism's coordinator is a user with that role"),
    (422, "You cannot disable or demote yourself", ANY, r"role|active",
     "an admin keeps their own account"),
    (422, "This field is required", r"POST /api/v1/cases/\{id\}/assessments", "override_reason",
     "an override above the computed level needs a reason (the level is computed)"),
    (422, "Not one of the allowed values", r"POST /api/v1/cases/\{id\}/assessments", "override_level",
     "only the coordinator lowers a computed level"),
    (422, "Not one of the allowed values", r"POST /api/v1/cases/\{id\}/protection-orders",
     "court_institution_id", "the court named is an institution of type court"),
    (422, "Listed twice", r"PUT /api/v1/meetings/\{id\}/attendance",
     r"\[\d+\]\.institution_id", "one attendance row per institution"),
    (422, "Listed twice", r"POST /api/v1/trainings",
     r"participants\[\d+\]\.institution_type", "one participants row per institution type"),
    (422, "Listed twice", r"POST /api/v1/action-plans/\{id\}/activities",
     r"partner_institution_ids\[\d+\]", "a partner is not also the responsible institution"),
    (422, "This field is required", r"POST /api/v1/trainings", "mechanism_id",
     "a coordinator records trainings of the mechanism they coordinate (admin and national: "
     "of any, or of none)"),
    (422, "The current password is wrong", r"POST /api/v1/me/password", "current_password",
     "a password change needs the caller's password (the suite never draws it)"),
    (422, "The code is wrong or has already been used",
     r"POST /api/v1/me/totp/confirm|DELETE /api/v1/me/totp", "code",
     "a code of the caller's authenticator app (or a recovery code)"),
    (400, "Not one of the allowed values", r"GET /api/v1/reports/summary", "municipality_id",
     "a report has one scope: a mechanism or a municipality, not both"),
    (422, "This field is required", r"POST /api/v1/meeting-requests/\{id\}/answer",
     "meeting_id|answer", "scheduled names the meeting; declined says why"),
    (422, "Not one of the allowed values", r"POST /api/v1/meeting-requests/\{id\}/answer",
     "meeting_id", "a declined request names no meeting"),
    (422, "Not a scheduled meeting of this mechanism",
     r"POST /api/v1/meeting-requests/\{id\}/answer", "meeting_id",
     "the meeting is a scheduled one of the request's mechanism"),
    (422, "Bias motivations belong to a hate incident only", r"POST /api/v1/public/reports",
     "bias", "bias motivations are given for kind hate_crime only"),
    (422, "A way to contact you is kept only if you want to be contacted",
     r"POST /api/v1/public/reports", "contact", "wants_contact false refuses contact"),
    (422, "This field is required", r"POST /api/v1/public/reports", "contact",
     "wants_contact true needs contact"),
    (422, "No mechanism in this municipality takes reports yet", r"POST /api/v1/public/reports",
     "municipality_id", "a report goes to a mechanism of its municipality"),
    # intake triage and third-party reports by CSOs (issue 14)
    (422, "Bias motivations belong to a hate incident only", r"POST /api/v1/intake",
     "bias", "bias motivations are given for kind hate_crime only"),
    (422, "A way to contact you is kept only if you want to be contacted",
     r"POST /api/v1/intake", "contact", "wants_contact false refuses contact"),
    (422, "This field is required", r"POST /api/v1/intake", "contact",
     "wants_contact true needs contact"),
    (422, "No mechanism in this municipality takes reports yet", r"POST /api/v1/intake",
     "municipality_id", "a report goes to a mechanism of its municipality"),
    (422, "Choose a police institution", ANY, r"hate_crime_contact_institution_id|institution_id",
     "the hate-crime contact point, and the institution a report is referred to, are police"),
    # hate-crime statistics (issue 14)
    (400, "Not one of the allowed values", r"GET /api/v1/reports/hate-crimes",
     "municipality_id", "a report has one scope: a mechanism or a municipality, not both"),
    (422, "A date is given only with a yes", r"PUT /api/v1/cases/\{id\}/hate-crime-outcome",
     r"[a-z_]+_on", "an outcome's date comes with its yes"),
    (422, "This field is required", r"PUT /api/v1/cases/\{id\}/hate-crime-outcome",
     "reported_to_police", "a change gives at least one outcome"),
    (422, "Choose a police institution", r"POST /api/v1/police-feedback",
     "police_institution_id", "the feedback is about an institution of type police"),
    (422, "Out of the allowed range", r"PUT /api/v1/cases/\{id\}/release", "release_on",
     "a release date is at most a year past and ten years ahead of the server's today"),
    # the person's own copy (issue 16)
    (400, "Listed twice", r"GET /api/v1/subject-access", "case_ids",
     "a copy names each case once"),
    (422, "The cases are not of one person (their names and birth date differ)",
     r"GET /api/v1/subject-access", "case_ids", "one copy is one person's"),
    # attachments (issue 16)
    (422, "The text is not valid UTF-8", r"POST /api/v1/\w+/\{id\}/attachments", "X-File-Name",
     "a file name's percent-escapes decode to UTF-8 (the pattern sees the escapes only)"),
    (422, "Contains characters that are not allowed", r"POST /api/v1/\w+/\{id\}/attachments",
     "X-File-Name", "a file name decodes to no control character, / or \\, and is not . or .."),
]


def explain(status, op_key, errors):
    """The rules that excuse this refusal, or None when some error is not excused."""
    if not errors:
        return None
    reasons = []
    for e in errors:
        field, message = e.get("field", ""), e.get("message", "")
        for rs, rm, rop, rfield, why in RULES:
            if (rs == status and rm == message and re.fullmatch(rop, op_key)
                    and re.fullmatch(rfield, field)):
                reasons.append(why)
                break
        else:
            return None
    return reasons
