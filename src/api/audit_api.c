/* GET /audit (filtered by user, case, institution, action or its prefix, period, flagged)
 * and GET /audit/verify (auditor only). */
#include "api/audit_api.h"

#include <sodium.h>
#include <string.h>

#include "api/app.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "domain/clocks.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "domain/authz.h"
#include "domain/referral.h"

/* ?from= and ?to= take a date (whole day) or an RFC 3339 time. Replies 400 when bad. */
static bool
query_time(struct request *r, const char *name, bool end_of_day, int64_t *out)
{
	const char *s = req_query(r, name);
	int64_t days;

	*out = 0;
	if (s == NULL || *s == '\0')
		return true;
	if (clock_parse_date(s, &days)) {
		*out = end_of_day ? clocks_day_start(days + 1) - 1 : clocks_day_start(days);
		return true;
	}
	if (clock_parse_rfc3339(s, out))
		return true;
	reply_field_error(r, 400, name, MSG_INVALID_DATETIME);
	return false;
}

/* ?flagged=true (only entries flagged for the auditor) or false (only others). */
static bool
query_flagged(struct request *r, int *out)
{
	const char *s = req_query(r, "flagged");

	*out = 0;
	if (s == NULL || *s == '\0')
		return true;
	if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
		*out = s[0] == 't' ? 1 : -1;
		return true;
	}
	reply_field_error(r, 400, "flagged", MSG_NOT_BOOLEAN);
	return false;
}

/* ?action=referral.create (that action) or ?action=case. (every action of cases: a prefix
 * ending in a dot); lower-case letters, digits, "_" and ".", at most 64. */
static bool
query_action(struct request *r, const char **out)
{
	const char *s = req_query(r, "action");
	size_t len = s != NULL ? strlen(s) : 0;

	*out = NULL;
	if (len == 0)
		return true;
	if (len <= 64 && s[0] != '.' && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.") == len) {
		*out = s;
		return true;
	}
	reply_field_error(r, 400, "action", MSG_NOT_ALLOWED_VALUE);
	return false;
}

/* ?basis=consent|emergency: only the referral.create entries of referrals on that basis. */
static bool
query_basis(struct request *r, const char **out)
{
	const char *s = req_query(r, "basis");

	*out = NULL;
	if (s == NULL || *s == '\0')
		return true;
	for (int i = 0; referral_bases[i] != NULL; i++)
		if (strcmp(s, referral_bases[i]) == 0) {
			*out = referral_bases[i];
			return true;
		}
	reply_field_error(r, 400, "basis", MSG_NOT_ALLOWED_VALUE);
	return false;
}

/* What the entry names beyond itself: the case's reference, and, when the auditor lists
 * emergency-basis referrals (?basis=emergency), the justification each sender wrote (sealed
 * in the referral; the auditor reads it to judge the decision; no other list shows staff's
 * free text). *opened counts the justifications shown; false when one does not decrypt. */
static bool
audit_extras(struct request *r, const struct audit_row *a, bool with_text, json_t *o,
	     int *opened)
{
	bool ok = true;

	json_object_set_new(o, "case_reference", a->case_reference
			    ? json_string(a->case_reference) : json_null());
	if (!with_text || a->referral_basis == NULL || strcmp(a->referral_basis, "emergency") != 0 ||
	    a->justification.len == 0)
		return true;
	json_object_set_new(o, "justification",
			    opened_text_k(r, case_keys_of(r, a->case_id, &a->case_key), "referrals",
					  "justification", a->object_id, &a->justification, &ok));
	(*opened)++;
	return ok;
}

static json_t *
audit_json(const struct audit_row *a)
{
	char at[32], hash[65];
	json_t *fields = json_loads(a->fields, 0, NULL);

	clock_format_rfc3339(a->at, at, sizeof(at));
	sodium_bin2hex(hash, sizeof(hash), a->hash, 32);
	return json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:s, s:o, s:s, s:b}",
		"id", (json_int_t)a->id, "at", at,
		"actor_user_id", a->actor_user_id ? json_integer(a->actor_user_id) : json_null(),
		"institution_id", a->institution_id ? json_integer(a->institution_id) : json_null(),
		"action", a->action, "object_type", a->object_type,
		"object_id", a->object_id ? json_integer(a->object_id) : json_null(),
		"case_id", a->case_id ? json_integer(a->case_id) : json_null(),
		"request_id", a->request_id, "fields", fields ? fields : json_array(), "hash", hash,
		"flagged", a->flagged);
}

static json_t *
audit_detail_json(const struct audit_row *a)
{
	json_t *d = a->detail != NULL ? json_loads(a->detail, 0, NULL) : NULL;

	return d != NULL ? d : json_null();
}

void
handle_audit_list(struct request *r)
{
	struct audit_filter f = { 0 };
	struct audit_row *rows;
	struct db *db;
	json_t *items;
	int n, opened = 0;
	bool ok = true;
	enum ura_status st;

	if (!authz_audit_read(&r->caller.user)) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (!req_query_id(r, "user_id", &f.user_id) || !req_query_id(r, "case_id", &f.case_id) ||
	    !query_time(r, "from", false, &f.from) || !query_time(r, "to", true, &f.to) ||
	    !query_flagged(r, &f.flagged) || !query_action(r, &f.action) ||
	    !query_basis(r, &f.basis) ||
	    !req_query_id(r, "institution_id", &f.institution_id) ||
	    !req_page(r, &f.limit, &f.before) || (db = api_reader(r)) == NULL)
		return;
	f.limit++; /* one more than asked tells whether there is a next page */
	st = store_audit_list(db, &r->arena, &f, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	f.limit--;
	items = json_array();
	for (int i = 0; i < n && i < f.limit && ok; i++) {
		json_t *o = audit_json(&rows[i]);

		json_object_set_new(o, "detail", audit_detail_json(&rows[i]));
		ok = audit_extras(r, &rows[i], f.basis != NULL, o, &opened);
		json_array_append_new(items, o);
	}
	/* Reading staff's free text is itself on record. */
	if (ok && opened > 0)
		st = api_audit_read(r, "audit.justification_read", "audit", 0, 0,
				    "[\"justification\"]");
	if (!ok || st != URA_OK) {
		json_decref(items);
		reply_status(r, ok ? st : URA_EINTERNAL);
		return;
	}
	/* Newest first: the cursor is the last id shown; the next page holds older entries. */
	reply_list(r, items, n > f.limit ? rows[f.limit - 1].id : 0);
}

void
handle_audit_verify(struct request *r)
{
	struct audit_verdict v;
	struct db *db;
	enum ura_status st;

	if (!authz_audit_read(&r->caller.user)) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if ((db = api_reader(r)) == NULL)
		return;
	st = audit_verify(db, &v);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	if (v.intact)
		reply_json(r, 200, json_pack("{s:b, s:I}", "intact", 1, "entries",
					     (json_int_t)v.entries));
	else
		reply_json(r, 200, json_pack("{s:b, s:I, s:I, s:s}", "intact", 0, "entries",
					     (json_int_t)v.entries, "first_bad_id",
					     (json_int_t)v.first_bad_id, "reason", v.reason));
}
