/*
 * Messages a person reads, in Albanian (the default), English and Serbian (Latin script), and
 * Turkish and Bosnian (official in Prizren and other Kosovo municipalities; issue 16). Every
 * user-facing string of the server is a `msg` here, never a literal in a handler. sq, en and
 * sr-Latn hold every message; tr and bs hold those translated so far (i18n_tr.c, i18n_bs.c)
 * and the rest reads in English.
 */
#ifndef URA_I18N_H
#define URA_I18N_H

#include <stdbool.h>

enum lang { LANG_SQ, LANG_EN, LANG_SR_LATN, LANG_TR, LANG_BS, LANG_COUNT };
/* The languages before this one have every text; those after fall back to English. */
#define LANG_COMPLETE LANG_TR

enum msg {
	/* problem titles, one per HTTP status */
	MSG_TITLE_400, MSG_TITLE_401, MSG_TITLE_403, MSG_TITLE_404, MSG_TITLE_405, MSG_TITLE_409,
	MSG_TITLE_412, MSG_TITLE_413, MSG_TITLE_415, MSG_TITLE_422, MSG_TITLE_428, MSG_TITLE_429,
	MSG_TITLE_500, MSG_TITLE_503,
	/* details and field messages */
	MSG_MALFORMED_JSON, MSG_NOT_OBJECT, MSG_INVALID_UTF8, MSG_BODY_REQUIRED, MSG_BODY_TOO_LARGE,
	MSG_NOT_JSON, MSG_REQUIRED, MSG_NOT_STRING, MSG_NOT_INTEGER, MSG_NOT_BOOLEAN, MSG_NOT_ARRAY,
	MSG_TOO_LONG, MSG_TOO_SHORT, MSG_NOT_ALLOWED_VALUE, MSG_INVALID_DATE, MSG_INVALID_DATETIME,
	MSG_OUT_OF_RANGE, MSG_UNKNOWN_FIELD, MSG_NO_SUCH_OBJECT, MSG_ALREADY_USED, MSG_INVALID_ID,
	MSG_INVALID_EMAIL, MSG_INVALID_USERNAME, MSG_INVALID_CODE, MSG_PASSWORD_TOO_SHORT,
	MSG_NEEDS_INSTITUTION, MSG_NOT_A_COORDINATOR, MSG_CANNOT_CHANGE_SELF, MSG_BAD_CREDENTIALS,
	MSG_CSRF, MSG_SIGN_IN_REQUIRED, MSG_THROTTLED, MSG_INVALID_LIMIT, MSG_INVALID_CURSOR,
	MSG_ROUTE_NOT_FOUND, MSG_NOT_FOUND, MSG_METHOD_NOT_ALLOWED, MSG_FORBIDDEN, MSG_INTERNAL,
	MSG_UNAVAILABLE, MSG_DUPLICATE_ITEM, MSG_IN_THE_PAST, MSG_INVALID_CHARACTERS,
	MSG_DATE_IN_FUTURE, MSG_WRONG_TYPES, MSG_NOT_OBJECT_FIELD, MSG_NOT_A_MEMBER, MSG_KIND_MISMATCH, MSG_NOT_CONSENTED,
	MSG_EMERGENCY_NOT_ALLOWED, MSG_STALE_VERSION, MSG_IF_MATCH_REQUIRED, MSG_CASE_CLOSED,
	MSG_ALREADY_PENDING, MSG_SAME_INSTITUTION, MSG_NOTHING_TO_CHANGE,
	/* hardening: limits, the request's framing, a full database, a busy server */
	MSG_TITLE_431, MSG_HEADERS_TOO_LARGE, MSG_ENCODED_PATH, MSG_AMBIGUOUS_LENGTH,
	MSG_TOO_MANY_ITEMS, MSG_STORAGE_FULL, MSG_BUSY,
	/* bodies jansson refuses, named (http/json_fault.c); a bearer token is not a session */
	MSG_JSON_NUL, MSG_JSON_NUMBER_RANGE, MSG_JSON_DUPLICATE_KEY, MSG_JSON_TOO_DEEP,
	MSG_BEARER_NOT_SESSION,
	/* notifications: {case} is the case reference, {institution} the other party */
	MSG_NOTIFY_EMERGENCY_ACCESS, MSG_NOTIFY_TRANSFER_REQUESTED, MSG_NOTIFY_TRANSFER_ACCEPTED,
	MSG_NOTIFY_TRANSFER_DECLINED, MSG_NOTIFY_REFERRAL_RECEIVED, MSG_NOTIFY_REFERRAL_ACCEPTED,
	MSG_NOTIFY_REFERRAL_DECLINED, MSG_NOTIFY_REFERRAL_OVERDUE, MSG_NOTIFY_HIGH_RISK,
	MSG_NOTIFY_REVIEW_DUE, MSG_NOTIFY_ORDER_DECISION_OVERDUE, MSG_NOTIFY_ORDER_EXPIRING,
	MSG_NOTIFY_ORDER_BREACH, MSG_NOTIFY_ACTION_OVERDUE, MSG_NOTIFY_MEETING_REQUESTED,
	MSG_NOTIFY_QUARTER_WITHOUT_MEETING,
	/* the browser UI's needs: query parameters, caseload, search, referral services */
	MSG_UNKNOWN_PARAMETER, MSG_NOT_OWNER_STAFF, MSG_SERVICE_NOT_OFFERED, MSG_SEARCH_ONE_WAY,
	MSG_INVALID_PERSONAL_NUMBER, MSG_NOTIFY_CASE_ASSIGNED,
	/* accounts and sign-in: the second factor, passwords, tokens, break-glass limit */
	MSG_TOTP_REQUIRED, MSG_TOTP_WRONG, MSG_TOTP_ENROLMENT_REQUIRED, MSG_TOTP_REQUIRED_FOR_ROLE,
	MSG_TOTP_ALREADY_ENABLED, MSG_TOTP_NOT_PENDING, MSG_TOTP_NOT_ENABLED, MSG_WRONG_PASSWORD,
	MSG_SESSION_REQUIRED, MSG_BREAK_GLASS_LIMIT, MSG_NOTIFY_STAFF_ACCOUNT_ADDED,
	MSG_NOTIFY_STAFF_PASSWORD_RESET, MSG_NOTIFY_EMERGENCY_ACCESS_REFUSED,
	/* the coordination, national and audit screens (issue 13) */
	MSG_MEETING_NOT_YET_HELD, MSG_REQUEST_ALREADY_ANSWERED, MSG_NOT_A_SCHEDULED_MEETING,
	MSG_NOTIFY_MEETING_REQUEST_ANSWERED, MSG_SUPPRESSED_NOTE,
	/* reports without an account and their intake (issue 14) */
	MSG_BIAS_ONLY_HATE, MSG_CONTACT_NOT_WANTED, MSG_FORM_EXPIRED, MSG_LEAVE_EMPTY,
	MSG_NO_MECHANISM_HERE, MSG_RECEIPT_UNKNOWN, MSG_REPORTS_THROTTLED, MSG_NOT_JSON_OR_FORM,
	/* intake triage and third-party reports by CSOs (issue 14) */
	MSG_CONSENT_OR_ANONYMISED, MSG_ANONYMISED_NO_PERSON, MSG_NOT_A_CSO, MSG_INTAKE_DONE,
	MSG_INTAKE_NOT_HELD, MSG_NOT_POLICE, MSG_NOTIFY_INTAKE_OVERDUE, MSG_INTAKE_CASE_STAFF,
	MSG_NOTIFY_INTAKE_REFERRED,
	/* hate-crime outcomes and feedback on the police (issue 14) */
	MSG_OUTCOME_NOT_YOURS, MSG_NOT_HATE_CRIME, MSG_DATE_WITHOUT_YES, MSG_FEEDBACK_CSO_ONLY,
	/* the public service directory (issue 16) */
	MSG_INVALID_OPENING_HOURS, MSG_INVALID_POSTAL_CODE,
	/* reintegration: the release timeline and the violent-extremism checklist (issue 14) */
	MSG_NOT_REINTEGRATION, MSG_NOT_VE_VARIANT, MSG_UNKNOWN_ITEM, MSG_NO_RELEASE,
	MSG_NOTIFY_REINTEGRATION_TASK_DUE, MSG_NOTIFY_REINTEGRATION_TASK_OVERDUE,
	/* the person's own copy and the record of processing (issue 16) */
	MSG_SAR_NOT_ALLOWED, MSG_SAR_NOT_ONE_PERSON, MSG_PROCESSING_RECORD_ROLE,
	/* small things (issue 16): a value outside a vocabulary names the vocabulary */
	MSG_MUST_BE_ONE_OF,
	/* attachments (issue 16): {limit} is a number of MiB */
	MSG_ATTACHMENT_FILE_TOO_LARGE, MSG_ATTACHMENT_CASE_FULL, MSG_ATTACHMENT_TYPE,
	MSG_ATTACHMENT_BODY_TYPE, MSG_ATTACHMENT_EMPTY, MSG_ATTACHMENT_CATEGORY_NOT_ALLOWED,
	/* retention, erasure and legal hold (issue 16) */
	MSG_CASE_ANONYMISED, MSG_HOLD_ACTIVE, MSG_HOLD_NONE, MSG_NOTIFY_RETENTION_DUE,
	MSG_COUNT
};

/* The language for an Accept-Language header (NULL → Albanian). */
enum lang lang_from_accept_language(const char *header);
/* "sq", "en", "sr-Latn", "tr", "bs". */
const char *lang_tag(enum lang lang);
/* The language whose tag is exactly `tag` (as lang_tag spells it), or -1. */
int lang_of_tag(const char *tag);
/* The message in `lang`, or in English where `lang` has no translation of it. */
const char *i18n_text(enum msg msg, enum lang lang);
/* Whether `lang` has its own wording of `msg` (not the English fallback). */
bool i18n_translated(enum msg msg, enum lang lang);

#endif
