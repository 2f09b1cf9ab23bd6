/*
 * POST /cases/search, GET /worklist, GET /institutions/{id}/staff, GET /demo-accounts.
 * A name search travels in a POST body, never in a URL, and is compared only through the
 * blind index: nothing is decrypted to find a match.
 */
#include "api/caseload.h"

#include <sodium.h>
#include <string.h>

#include "api/app.h"
#include "api/case_document.h"
#include "api/case_input.h"
#include "core/clock.h"
#include "crypt/field.h"
#include "domain/clocks.h"

#define SEARCH_MAX 200

/* ---- search ---- */

/* The index the input names, and which of the three searches it is. */
static enum case_search_by
search_index(struct request *r, const struct case_search_input *in, unsigned char *index)
{
	if (in->personal_number != NULL) {
		blind_index_personal_number(r->app->keys, in->personal_number, index);
		return CASE_SEARCH_NUMBER;
	}
	blind_index(r->app->keys, in->given_name, in->family_name, in->date_of_birth, index);
	return in->date_of_birth ? CASE_SEARCH_NAMES_AND_BIRTH : CASE_SEARCH_NAMES;
}

void
handle_case_search(struct request *r)
{
	const struct user *u = &r->caller.user;
	struct case_search_input in;
	unsigned char index[BLIND_INDEX_LEN];
	struct case_search_query q = { .index = index, .len = sizeof(index), .max = SEARCH_MAX,
		.institution_id = u->institution_id,
		.coordinator_user_id = u->role == ROLE_COORDINATOR ? u->id : 0 };
	struct case_search_row *rows;
	struct db *db;
	json_t *items;
	int n, hidden = 0;
	enum ura_status st;

	if (!user_is_staff(u) && u->role != ROLE_COORDINATOR) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (!case_search_read(r, &in) || (db = api_reader(r)) == NULL)
		return;
	q.by = search_index(r, &in, index);
	st = store_case_search(db, &r->arena, &q, &rows, &n);
	sodium_memzero(index, sizeof(index));
	/* Which keys were searched is on record, never their values. */
	if (st == URA_OK)
		st = api_audit_read(r, "case.search", "case", 0, 0, in.keys);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n; i++) {
		if (rows[i].visible)
			json_array_append_new(items, case_summary_json(&rows[i].row));
		else
			hidden++;
	}
	reply_json(r, 200, json_pack("{s:o, s:i}", "items", items, "hidden", hidden));
}

/* ---- worklist ---- */

void
handle_worklist(struct request *r)
{
	const struct user *u = &r->caller.user;
	char today[CLOCKS_DATE_LEN], until[CLOCKS_DATE_LEN];
	struct worklist_scope s = { .institution_id = u->institution_id, .user_id = u->id,
				    .now = clock_now(), .today = today, .expiring_until = until };
	struct worklist w;
	struct db *db;
	enum ura_status st;

	if (!user_is_staff(u)) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if ((db = api_reader(r)) == NULL)
		return;
	/* The deadline scanner's own clocks (jobs/deadlines.c). */
	clocks_date_format(s.now, today, sizeof(today));
	clocks_day_format(clocks_day(s.now) + order_deadlines_default.expiry_warning_days, until,
			   sizeof(until));
	if ((st = store_worklist(db, &s, &w)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	reply_json(r, 200, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
		"referrals_new", (json_int_t)w.referrals_new,
		"referrals_overdue", (json_int_t)w.referrals_overdue,
		"reviews_due", (json_int_t)w.reviews_due,
		"actions_overdue", (json_int_t)w.actions_overdue,
		"orders_decision_overdue", (json_int_t)w.orders_decision_overdue,
		"orders_expiring", (json_int_t)w.orders_expiring,
		"transfers_pending", (json_int_t)w.transfers_pending,
		"assigned_to_me", (json_int_t)w.assigned_to_me,
		"notifications_unread", (json_int_t)w.notifications_unread));
}

/* ---- people ---- */

/* A page of people ({"items","next"}); `n` may hold one more than `limit` (there is more). */
static void
reply_people(struct request *r, const struct staff_row *rows, int n, int limit, bool accounts)
{
	json_t *items = json_array();

	for (int i = 0; i < n && i < limit; i++) {
		json_t *item = json_pack("{s:s, s:s}", "display_name", rows[i].display_name,
					 "role", rows[i].role);
		if (accounts) {
			json_object_set_new(item, "username", json_string(rows[i].username));
			json_object_set_new(item, "institution_name",
					    rows[i].institution_name
					    ? json_string(rows[i].institution_name) : json_null());
		} else {
			json_object_set_new(item, "id", json_integer(rows[i].id));
		}
		json_array_append_new(items, item);
	}
	reply_list(r, items, n > limit ? rows[limit - 1].id : 0);
}

void
handle_institution_staff(struct request *r)
{
	const struct user *u = &r->caller.user;
	struct staff_row *rows;
	struct db *db;
	int64_t id, after;
	int n, limit;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || !req_page(r, &limit, &after))
		return;
	/* The institution's own staff (to assign its cases) and the admin; to anyone else the
	 * institution's people are not there. */
	if (u->role != ROLE_ADMIN && !user_is_staff_of(u, id)) {
		reply_status(r, URA_ENOTFOUND);
		return;
	}
	if ((db = api_reader(r)) == NULL)
		return;
	if ((st = store_institution_exists(db, id)) == URA_OK)
		st = store_institution_staff(db, &r->arena, id, after, limit + 1, &rows, &n);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_people(r, rows, n, limit, false);
}

void
handle_demo_accounts(struct request *r)
{
	struct staff_row *rows;
	const char *demo = NULL;
	struct db *db;
	int64_t after;
	int n, limit;
	enum ura_status st;

	if (!req_page(r, &limit, &after) || (db = api_reader(r)) == NULL)
		return;
	/* Only a database `ura demo` made says who may sign in; any other has no accounts to
	 * show (an empty list, so the sign-in page asks without tripping an error). */
	st = store_setting_get(db, &r->arena, DEMO_SETTING, &demo);
	if (st == URA_ENOTFOUND || (st == URA_OK && (demo == NULL || strcmp(demo, "true") != 0))) {
		reply_people(r, NULL, 0, limit, true);
		return;
	}
	if (st == URA_OK)
		st = store_demo_accounts(db, &r->arena, after, limit + 1, &rows, &n);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_people(r, rows, n, limit, true);
}
