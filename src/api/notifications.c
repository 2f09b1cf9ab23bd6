/*
 * GET /notifications and POST /notifications/{id}/read: each user's own. A notification is
 * stored as a kind, a case and an object; its message is written here, in the reader's
 * language, from the kind and the case reference alone — never from personal data.
 */
#include "api/notifications.h"

#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "core/clock.h"

static const struct {
	const char *kind;
	enum msg message;
	bool links_case;  /* the link leads to the case, else to the object */
	const char *path; /* the link, before the id (NULL: no link) */
	const char *suffix; /* after the id */
} notification_kinds[] = {
	{ "emergency_access", MSG_NOTIFY_EMERGENCY_ACCESS, true, "/api/v1/cases/", "" },
	{ "transfer_requested", MSG_NOTIFY_TRANSFER_REQUESTED, false, "/api/v1/transfers/", "" },
	{ "transfer_accepted", MSG_NOTIFY_TRANSFER_ACCEPTED, false, "/api/v1/transfers/", "" },
	{ "transfer_declined", MSG_NOTIFY_TRANSFER_DECLINED, false, "/api/v1/transfers/", "" },
	{ "referral_received", MSG_NOTIFY_REFERRAL_RECEIVED, false, "/api/v1/referrals/", "" },
	{ "referral_accepted", MSG_NOTIFY_REFERRAL_ACCEPTED, false, "/api/v1/referrals/", "" },
	{ "referral_declined", MSG_NOTIFY_REFERRAL_DECLINED, false, "/api/v1/referrals/", "" },
	{ "referral_overdue", MSG_NOTIFY_REFERRAL_OVERDUE, false, "/api/v1/referrals/", "" },
	{ "high_risk", MSG_NOTIFY_HIGH_RISK, true, "/api/v1/cases/", "" },
	{ "review_due", MSG_NOTIFY_REVIEW_DUE, true, "/api/v1/cases/", "" },
	{ "order_decision_overdue", MSG_NOTIFY_ORDER_DECISION_OVERDUE, false,
	  "/api/v1/protection-orders/", "" },
	{ "order_expiring", MSG_NOTIFY_ORDER_EXPIRING, false, "/api/v1/protection-orders/", "" },
	{ "order_breach", MSG_NOTIFY_ORDER_BREACH, false, "/api/v1/protection-orders/", "" },
	{ "action_overdue", MSG_NOTIFY_ACTION_OVERDUE, false, "/api/v1/actions/", "" },
	{ "meeting_requested", MSG_NOTIFY_MEETING_REQUESTED, false, "/api/v1/mechanisms/",
	  "/meetings" },
	{ "quarter_without_meeting", MSG_NOTIFY_QUARTER_WITHOUT_MEETING, false,
	  "/api/v1/mechanisms/", "/compliance" },
	{ "case_assigned", MSG_NOTIFY_CASE_ASSIGNED, true, "/api/v1/cases/", "" },
	/* to the owner institution's managers and the auditors */
	{ "emergency_access_refused", MSG_NOTIFY_EMERGENCY_ACCESS_REFUSED, true, "/api/v1/cases/",
	  "" },
	/* to the institution's managers; no link: a manager does not read accounts */
	{ "staff_account_added", MSG_NOTIFY_STAFF_ACCOUNT_ADDED, false, NULL, NULL },
	{ "staff_password_reset", MSG_NOTIFY_STAFF_PASSWORD_RESET, false, NULL, NULL },
	/* to the requesting institution's staff */
	{ "meeting_request_answered", MSG_NOTIFY_MEETING_REQUEST_ANSWERED, false,
	  "/api/v1/meeting-requests/", "" },
	/* intake triage (issue 14): to the coordinator, and to the police a report went to */
	{ "intake_overdue", MSG_NOTIFY_INTAKE_OVERDUE, false, "/api/v1/intake/", "" },
	{ "intake_referred", MSG_NOTIFY_INTAKE_REFERRED, false, "/api/v1/intake/", "" },
	/* to the institution a reintegration task names (the deadline scan) */
	{ "reintegration_task_due", MSG_NOTIFY_REINTEGRATION_TASK_DUE, true, "/api/v1/cases/",
	  "/reintegration" },
	{ "reintegration_task_overdue", MSG_NOTIFY_REINTEGRATION_TASK_OVERDUE, true,
	  "/api/v1/cases/", "/reintegration" },
	/* to the administrators: the retention dry run waits for a confirmation (issue 16) */
	{ "retention_due", MSG_NOTIFY_RETENTION_DUE, false, NULL, NULL },
};

const char *
notification_kind_name(size_t i)
{
	return i < sizeof(notification_kinds) / sizeof(notification_kinds[0])
	       ? notification_kinds[i].kind : NULL;
}

/* The catalogue's text with {case} and {institution} filled in. */
static const char *
fill(struct arena *a, const char *text, const char *reference, const char *institution)
{
	static const char *const holes[] = { "{case}", "{institution}" };
	const char *values[] = { reference ? reference : "", institution ? institution : "" };

	for (int k = 0; k < 2; k++) {
		const char *hole = strstr(text, holes[k]);
		if (hole != NULL)
			text = arena_printf(a, "%.*s%s%s", (int)(hole - text), text, values[k],
					    hole + strlen(holes[k]));
	}
	return text;
}

static json_t *
notification_json(struct request *r, const struct notification_row *n)
{
	const char *message = n->kind, *link = NULL;
	json_t *item;

	for (size_t i = 0; i < sizeof(notification_kinds) / sizeof(notification_kinds[0]); i++) {
		if (strcmp(notification_kinds[i].kind, n->kind) != 0)
			continue;
		message = fill(&r->arena, i18n_text(notification_kinds[i].message, r->lang),
			       n->case_reference, n->institution_name);
		if (notification_kinds[i].path == NULL)
			continue;
		link = arena_printf(&r->arena, "%s%lld%s", notification_kinds[i].path,
				    (long long)(notification_kinds[i].links_case ? n->case_id
										 : n->object_id),
				    notification_kinds[i].suffix ? notification_kinds[i].suffix : "");
	}
	item = json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s, s:o, s:o}", "id", (json_int_t)n->id,
			 "kind", n->kind, "case_reference", n->case_reference,
			 "object_type", n->object_type, "link", link, "message", message,
			 "created_at", json_time(n->created_at), "read_at", json_time(n->read_at));
	json_object_set_new(item, "case_id", n->case_id ? json_integer(n->case_id) : json_null());
	json_object_set_new(item, "object_id",
			    n->object_id ? json_integer(n->object_id) : json_null());
	json_object_set_new(item, "institution_id",
			    n->institution_id ? json_integer(n->institution_id) : json_null());
	return item;
}

void
handle_notifications_list(struct request *r)
{
	const char *unread = req_query(r, "unread");
	struct notification_row *rows;
	struct db *db;
	int64_t before;
	int limit, n;
	json_t *items;
	enum ura_status st;

	if (unread != NULL && strcmp(unread, "true") != 0 && strcmp(unread, "false") != 0) {
		reply_field_error(r, 400, "unread", MSG_NOT_BOOLEAN);
		return;
	}
	if (!req_page(r, &limit, &before) || (db = api_reader(r)) == NULL)
		return;
	st = store_notification_list(db, &r->arena, r->caller.user.id,
				     unread != NULL && strcmp(unread, "true") == 0, before,
				     limit + 1, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, notification_json(r, &rows[i]));
	reply_list(r, items, n > limit ? rows[limit - 1].id : 0);
}

struct notification_mark {
	struct request *r;
	int64_t id;
	struct notification_row row;
};

static enum ura_status
mark_fn(struct db *db, void *ctx)
{
	struct notification_mark *m = ctx;

	return store_notification_read(db, &m->r->arena, m->id, m->r->caller.user.id,
				       clock_now(), &m->row);
}

void
handle_notification_read(struct request *r)
{
	static const char *const nothing[] = { NULL };
	struct notification_mark m = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &m.id) || !input_done(r, nothing))
		return;
	if ((st = store_write(r->app->store, mark_fn, &m)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	reply_json(r, 200, notification_json(r, &m.row));
}
