/*
 * Every route of the server. The OpenAPI document (src/api/openapi.json) lists the same
 * routes; tests/api checks that the two agree.
 */
#include "api/action_plans.h"
#include "api/app.h"
#include "api/attachments.h"
#include "api/audit_api.h"
#include "api/caseload.h"
#include "api/cases.h"
#include "api/consents.h"
#include "api/data_protection.h"
#include "api/directory.h"
#include "api/me.h"
#include "api/meetings.h"
#include "api/emergency.h"
#include "api/intake.h"
#include "api/hate_crimes.h"
#include "api/notes.h"
#include "api/notifications.h"
#include "api/ops.h"
#include "api/hsds.h"
#include "api/public_reports.h"
#include "api/report_page.h"
#include "api/case_plan.h"
#include "api/referrals.h"
#include "api/reintegration.h"
#include "api/reports.h"
#include "api/resource.h"
#include "api/retention.h"
#include "api/risk.h"
#include "api/session.h"
#include "api/sign_in.h"
#include "api/totp.h"
#include "api/trainings.h"
#include "api/transfers.h"

#define V1 "/api/v1"
#define R(m, path, fn, who, body_kind, argument)                                            \
	{ .method = (m), .pattern = (path), .handler = (fn), .auth = (who),                  \
	  .body = (body_kind), .arg = (argument) }
/* A route that reads query parameters: Q("status", "kind") names them; PAGE is a list's. */
#define RQ(m, path, fn, who, body_kind, argument, params)                                   \
	{ .method = (m), .pattern = (path), .handler = (fn), .auth = (who),                  \
	  .body = (body_kind), .arg = (argument), .query = (params) }
#define Q(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define PAGE "limit", "cursor"
/* Routes that hash a password run on the hashing workers (http/server.h). */
#define HASHING(m, path, fn, who, argument)                                                 \
	{ .method = (m), .pattern = (path), .handler = (fn), .auth = (who),                  \
	  .body = BODY_JSON, .arg = (argument), .hashes = true }
#define QUICK(path, fn)                                                                     \
	{ .method = HTTP_GET, .pattern = (path), .handler = (fn), .auth = AUTH_PUBLIC,       \
	  .body = BODY_NONE, .quick = true }

const struct route api_routes[] = {
	/* quick: no database, run on the event thread */
	QUICK("/", handle_index),
	QUICK("/favicon.svg", handle_web_asset),
	QUICK("/assets/{name}", handle_web_asset),
	QUICK("/healthz", handle_healthz),
	R(HTTP_GET, "/readyz", handle_readyz, AUTH_PUBLIC, BODY_NONE, NULL),
	QUICK("/metrics", handle_metrics),
	QUICK(V1 "/openapi.json", handle_openapi),

	HASHING(HTTP_POST, V1 "/session", handle_session_create, AUTH_PUBLIC, NULL),
	R(HTTP_GET, V1 "/session", handle_session_get, AUTH_PUBLIC, BODY_NONE, NULL),
	R(HTTP_DELETE, V1 "/session", handle_session_delete, AUTH_SIGNED_IN, BODY_NONE, NULL),
	R(HTTP_GET, V1 "/me", handle_me, AUTH_SIGNED_IN, BODY_NONE, NULL),
	/* The list holds at most 200 tokens: limit and cursor are accepted, the page is whole. */
	RQ(HTTP_GET, V1 "/tokens", handle_tokens_list, AUTH_SIGNED_IN, BODY_NONE, NULL, Q(PAGE)),
	R(HTTP_POST, V1 "/tokens", handle_tokens_create, AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_DELETE, V1 "/tokens/{id}", handle_tokens_revoke, AUTH_SIGNED_IN, BODY_NONE, NULL),

	/* the caller's own account and second factor (api/me.c, api/totp.c) */
	R(HTTP_PATCH, V1 "/me", handle_me_update, AUTH_SIGNED_IN, BODY_JSON, NULL),
	HASHING(HTTP_POST, V1 "/me/password", handle_me_password, AUTH_SIGNED_IN, NULL),
	R(HTTP_POST, V1 "/me/totp", handle_me_totp_begin, AUTH_SIGNED_IN, BODY_OPTIONAL, NULL),
	R(HTTP_POST, V1 "/me/totp/confirm", handle_me_totp_confirm, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_DELETE, V1 "/me/totp", handle_me_totp_delete, AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_DELETE, V1 "/users/{id}/totp", handle_user_totp_reset, AUTH_SIGNED_IN, BODY_NONE,
	  NULL),

	RQ(HTTP_GET, V1 "/users", resource_list, AUTH_SIGNED_IN, BODY_NONE, &resource_users,
	   Q("role", "institution_id", PAGE)),
	HASHING(HTTP_POST, V1 "/users", resource_create, AUTH_SIGNED_IN, &resource_users),
	R(HTTP_GET, V1 "/users/{id}", resource_get, AUTH_SIGNED_IN, BODY_NONE, &resource_users),
	HASHING(HTTP_PATCH, V1 "/users/{id}", resource_update, AUTH_SIGNED_IN, &resource_users),

	RQ(HTTP_GET, V1 "/municipalities", resource_list, AUTH_SIGNED_IN, BODY_NONE,
	   &resource_municipalities, Q(PAGE)),
	R(HTTP_POST, V1 "/municipalities", resource_create, AUTH_SIGNED_IN, BODY_JSON,
	  &resource_municipalities),
	R(HTTP_GET, V1 "/municipalities/{id}", resource_get, AUTH_SIGNED_IN, BODY_NONE,
	  &resource_municipalities),
	R(HTTP_PATCH, V1 "/municipalities/{id}", resource_update, AUTH_SIGNED_IN, BODY_JSON,
	  &resource_municipalities),

	RQ(HTTP_GET, V1 "/institutions", resource_list, AUTH_SIGNED_IN, BODY_NONE,
	   &resource_institutions, Q(PAGE)),
	R(HTTP_POST, V1 "/institutions", resource_create, AUTH_SIGNED_IN, BODY_JSON,
	  &resource_institutions),
	R(HTTP_GET, V1 "/institutions/{id}", resource_get, AUTH_SIGNED_IN, BODY_NONE,
	  &resource_institutions),
	RQ(HTTP_GET, V1 "/institutions/{id}/memberships", handle_memberships_list, AUTH_SIGNED_IN,
	   BODY_NONE, NULL, Q(PAGE)),
	R(HTTP_PATCH, V1 "/institutions/{id}", resource_update, AUTH_SIGNED_IN, BODY_JSON,
	  &resource_institutions),

	RQ(HTTP_GET, V1 "/mechanisms", resource_list, AUTH_SIGNED_IN, BODY_NONE,
	   &resource_mechanisms, Q(PAGE)),
	R(HTTP_POST, V1 "/mechanisms", resource_create, AUTH_SIGNED_IN, BODY_JSON,
	  &resource_mechanisms),
	R(HTTP_GET, V1 "/mechanisms/{id}", resource_get, AUTH_SIGNED_IN, BODY_NONE,
	  &resource_mechanisms),
	R(HTTP_PATCH, V1 "/mechanisms/{id}", resource_update, AUTH_SIGNED_IN, BODY_JSON,
	  &resource_mechanisms),
	RQ(HTTP_GET, V1 "/mechanisms/{id}/members", handle_members_list, AUTH_SIGNED_IN, BODY_NONE,
	   NULL, Q(PAGE)),
	R(HTTP_POST, V1 "/mechanisms/{id}/members", handle_members_add, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_DELETE, V1 "/mechanisms/{id}/members/{institution_id}", handle_members_remove,
	  AUTH_SIGNED_IN, BODY_NONE, NULL),
	RQ(HTTP_GET, V1 "/directory/hsds", handle_hsds, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("format", "table")),

	RQ(HTTP_GET, V1 "/mechanisms/{id}/meetings", handle_mechanism_meetings_list, AUTH_SIGNED_IN,
	   BODY_NONE, NULL, Q("year", PAGE)),
	R(HTTP_POST, V1 "/mechanisms/{id}/meetings", handle_mechanism_meeting_create,
	  AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_POST, V1 "/mechanisms/{id}/meeting-requests", handle_meeting_request, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/mechanisms/{id}/compliance", handle_mechanism_compliance, AUTH_SIGNED_IN,
	   BODY_NONE, NULL, Q("year")),
	R(HTTP_GET, V1 "/mechanisms/{id}/calendar.ics", handle_mechanism_calendar, AUTH_SIGNED_IN,
	  BODY_NONE, NULL),
	R(HTTP_GET, V1 "/meetings/{id}", handle_meeting_get, AUTH_SIGNED_IN, BODY_NONE, NULL),
	R(HTTP_PATCH, V1 "/meetings/{id}", handle_meeting_update, AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_PUT, V1 "/meetings/{id}/attendance", handle_meeting_attendance, AUTH_SIGNED_IN,
	  BODY_JSON_ARRAY, NULL),
	R(HTTP_POST, V1 "/meetings/{id}/agenda", handle_meeting_agenda_add, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	R(HTTP_PUT, V1 "/meetings/{id}/minutes", handle_meeting_minutes, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_POST, V1 "/meetings/{id}/decisions", handle_meeting_decision_add, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),

	R(HTTP_POST, V1 "/cases", handle_cases_create, AUTH_SIGNED_IN, BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/cases", handle_cases_list, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("status", "risk_level", "kind", "q", "assigned_to", "overdue", "mechanism_id",
	     "expiring_order", PAGE)),
	R(HTTP_GET, V1 "/cases/{id}", handle_case_get, AUTH_SIGNED_IN, BODY_NONE, NULL),
	R(HTTP_PATCH, V1 "/cases/{id}", handle_case_update, AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_POST, V1 "/cases/{id}/close", handle_case_close, AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_POST, V1 "/cases/{id}/incidents", handle_case_incident_add, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/cases/{id}/notes", handle_case_notes_list, AUTH_SIGNED_IN, BODY_NONE,
	   NULL, Q(PAGE)),
	R(HTTP_POST, V1 "/cases/{id}/notes", handle_case_note_add, AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_POST, V1 "/cases/{id}/emergency-access", handle_case_emergency_access,
	  AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_POST, V1 "/cases/{id}/transfers", handle_case_transfer, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	RQ(HTTP_GET, V1 "/transfers", handle_transfers_list, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("box", "status", PAGE)),
	R(HTTP_GET, V1 "/transfers/{id}", handle_transfer_get, AUTH_SIGNED_IN, BODY_NONE, NULL),
	R(HTTP_POST, V1 "/transfers/{id}/accept", handle_transfer_step, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, &transfer_accept_step),
	R(HTTP_POST, V1 "/transfers/{id}/decline", handle_transfer_step, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, &transfer_decline_step),
	R(HTTP_POST, V1 "/transfers/{id}/cancel", handle_transfer_step, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, &transfer_cancel_step),
	RQ(HTTP_GET, V1 "/instruments", handle_instruments_list, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("kind", PAGE)),
	R(HTTP_GET, V1 "/instruments/{id}", handle_instrument_get, AUTH_SIGNED_IN, BODY_NONE, NULL),
	RQ(HTTP_GET, V1 "/cases/{id}/assessments", handle_case_assessments_list, AUTH_SIGNED_IN,
	   BODY_NONE, NULL, Q(PAGE)),
	R(HTTP_POST, V1 "/cases/{id}/assessments", handle_case_assessment_add, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/cases/{id}/protection-orders", handle_case_orders_list, AUTH_SIGNED_IN,
	   BODY_NONE, NULL, Q(PAGE)),
	R(HTTP_POST, V1 "/cases/{id}/protection-orders", handle_case_order_add, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	R(HTTP_PATCH, V1 "/protection-orders/{id}", handle_order_decide, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_POST, V1 "/protection-orders/{id}/breaches", handle_order_breach, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/cases/{id}/actions", handle_case_actions_list, AUTH_SIGNED_IN, BODY_NONE,
	   NULL, Q(PAGE)),
	R(HTTP_POST, V1 "/cases/{id}/actions", handle_case_action_add, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_PATCH, V1 "/actions/{id}", handle_action_update, AUTH_SIGNED_IN, BODY_JSON, NULL),
	/* A reintegration case's release, timeline and needs checklist (issue 14). */
	R(HTTP_GET, V1 "/reintegration/plan", handle_reintegration_plan, AUTH_SIGNED_IN, BODY_NONE,
	  NULL),
	R(HTTP_GET, V1 "/cases/{id}/reintegration", handle_case_reintegration, AUTH_SIGNED_IN,
	  BODY_NONE, NULL),
	R(HTTP_PUT, V1 "/cases/{id}/release", handle_case_release, AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_PATCH, V1 "/reintegration-tasks/{id}", handle_reintegration_task_update,
	  AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_GET, V1 "/cases/{id}/reintegration/needs", handle_case_needs_get, AUTH_SIGNED_IN,
	  BODY_NONE, NULL),
	R(HTTP_PUT, V1 "/cases/{id}/reintegration/needs", handle_case_needs_put, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/notifications", handle_notifications_list, AUTH_SIGNED_IN, BODY_NONE,
	   NULL, Q("unread", PAGE)),
	R(HTTP_POST, V1 "/notifications/{id}/read", handle_notification_read, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, NULL),
	RQ(HTTP_GET, V1 "/mechanisms/{id}/action-plans", handle_mechanism_plans_list,
	   AUTH_SIGNED_IN, BODY_NONE, NULL, Q(PAGE)),
	R(HTTP_POST, V1 "/mechanisms/{id}/action-plans", handle_mechanism_plan_create,
	  AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_GET, V1 "/action-plans/{id}", handle_plan_get, AUTH_SIGNED_IN, BODY_NONE, NULL),
	RQ(HTTP_GET, V1 "/action-plans/{id}/activities", handle_plan_activities_list,
	   AUTH_SIGNED_IN, BODY_NONE, NULL, Q(PAGE)),
	R(HTTP_POST, V1 "/action-plans/{id}/activities", handle_plan_activity_create,
	  AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_PATCH, V1 "/activities/{id}", handle_activity_update, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	RQ(HTTP_GET, V1 "/trainings", handle_trainings_list, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("mechanism_id", "from", "to", PAGE)),
	R(HTTP_POST, V1 "/trainings", handle_training_create, AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_POST, V1 "/cases/{id}/referrals", handle_referral_create, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_POST, V1 "/cases/{id}/consents", handle_consent_create, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_POST, V1 "/consents/{id}/withdraw", handle_consent_withdraw, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, NULL),
	RQ(HTTP_GET, V1 "/referrals", handle_referrals_list, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("box", "status", PAGE)),
	R(HTTP_GET, V1 "/referrals/{id}", handle_referral_get, AUTH_SIGNED_IN, BODY_NONE, NULL),
	R(HTTP_POST, V1 "/referrals/{id}/accept", handle_referral_step, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, &referral_accept_step),
	R(HTTP_POST, V1 "/referrals/{id}/decline", handle_referral_step, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, &referral_decline_step),
	R(HTTP_POST, V1 "/referrals/{id}/start", handle_referral_step, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, &referral_start_step),
	R(HTTP_POST, V1 "/referrals/{id}/complete", handle_referral_step, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, &referral_complete_step),
	R(HTTP_POST, V1 "/referrals/{id}/cancel", handle_referral_step, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, &referral_cancel_step),

	RQ(HTTP_GET, V1 "/reports/summary", handle_report_summary, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("mechanism_id", "municipality_id", "from", "to", "format", "anonymised")),

	/* What the browser UI's casework screens need (api/caseload.c and neighbours). */
	R(HTTP_POST, V1 "/cases/search", handle_case_search, AUTH_SIGNED_IN, BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/cases/{id}/referrals", handle_case_referrals_list, AUTH_SIGNED_IN,
	   BODY_NONE, NULL, Q(PAGE)),
	R(HTTP_POST, V1 "/emergency-access", handle_emergency_access_by_reference, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/institutions/{id}/staff", handle_institution_staff, AUTH_SIGNED_IN,
	   BODY_NONE, NULL, Q(PAGE)),
	R(HTTP_GET, V1 "/worklist", handle_worklist, AUTH_SIGNED_IN, BODY_NONE, NULL),
	RQ(HTTP_GET, V1 "/demo-accounts", handle_demo_accounts, AUTH_PUBLIC, BODY_NONE, NULL,
	   Q(PAGE)),

	RQ(HTTP_GET, V1 "/audit", handle_audit_list, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("user_id", "case_id", "from", "to", PAGE, "flagged", "institution_id", "action", "basis")),
	R(HTTP_GET, V1 "/audit/verify", handle_audit_verify, AUTH_SIGNED_IN, BODY_NONE, NULL),

	/* What the coordination, national, audit and administration screens need (issue 13). */
	RQ(HTTP_GET, V1 "/mechanisms/{id}/meeting-requests", handle_meeting_requests_list,
	   AUTH_SIGNED_IN, BODY_NONE, NULL, Q("status", PAGE)),
	R(HTTP_GET, V1 "/meeting-requests/{id}", handle_meeting_request_get, AUTH_SIGNED_IN,
	  BODY_NONE, NULL),
	R(HTTP_POST, V1 "/meeting-requests/{id}/answer", handle_meeting_request_answer,
	  AUTH_SIGNED_IN, BODY_JSON, NULL),
	R(HTTP_POST, V1 "/mechanisms/{id}/calendar-subscription", handle_calendar_subscribe,
	  AUTH_SIGNED_IN, BODY_OPTIONAL, NULL),
	R(HTTP_DELETE, V1 "/mechanisms/{id}/calendar-subscription", handle_calendar_unsubscribe,
	  AUTH_SIGNED_IN, BODY_NONE, NULL),
	/* public: the token in the path is the credential of a calendar application */
	R(HTTP_GET, V1 "/calendar/{token}.ics", handle_calendar_feed, AUTH_PUBLIC, BODY_NONE,
	  NULL),
	R(HTTP_GET, V1 "/mechanisms/{id}/dashboard", handle_mechanism_dashboard, AUTH_SIGNED_IN,
	  BODY_NONE, NULL),
	RQ(HTTP_GET, V1 "/trainings/totals", handle_trainings_totals, AUTH_SIGNED_IN, BODY_NONE,
	   NULL, Q("year", "mechanism_id")),
	RQ(HTTP_GET, V1 "/reports/national", handle_report_national, AUTH_SIGNED_IN, BODY_NONE,
	   NULL, Q("year")),

	/* Reporting without an account (issue 14): the public pages, which work without
	 * JavaScript and set no cookie, and the API they post to (a form or JSON). */
	RQ(HTTP_GET, "/report", handle_report_page, AUTH_PUBLIC, BODY_NONE, NULL, Q("lang")),
	RQ(HTTP_GET, "/report/status", handle_report_status_page, AUTH_PUBLIC, BODY_NONE, NULL,
	   Q("lang")),
	QUICK("/report/quick-exit.js", handle_report_file),
	QUICK("/report/report.css", handle_report_file),
	R(HTTP_POST, V1 "/public/reports", handle_public_report_create, AUTH_PUBLIC,
	  BODY_FORM_OR_JSON, NULL),
	R(HTTP_POST, V1 "/public/reports/status", handle_public_report_status, AUTH_PUBLIC,
	  BODY_FORM_OR_JSON, NULL),

	/* Intake triage and third-party reports by CSOs (issue 14, api/intake.c). */
	R(HTTP_POST, V1 "/intake", handle_intake_file, AUTH_SIGNED_IN, BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/intake", handle_intake_list, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("status", "kind", PAGE)),
	R(HTTP_GET, V1 "/intake/{id}", handle_intake_get, AUTH_SIGNED_IN, BODY_NONE, NULL),
	R(HTTP_POST, V1 "/intake/{id}/convert", handle_intake_convert, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_POST, V1 "/intake/{id}/close", handle_intake_close, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_PUT, V1 "/intake/{id}/message", handle_intake_message, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_POST, V1 "/intake/{id}/pass", handle_intake_pass, AUTH_SIGNED_IN, BODY_OPTIONAL,
	  NULL),
	/* Hate-crime statistics (issue 14): a hate-crime case's outcome, the report by bias,
	 * municipality and outcome, and the CSO's feedback on the police. */
	R(HTTP_GET, V1 "/cases/{id}/hate-crime-outcome", handle_hate_outcome_get, AUTH_SIGNED_IN,
	  BODY_NONE, NULL),
	R(HTTP_PUT, V1 "/cases/{id}/hate-crime-outcome", handle_hate_outcome_put, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/reports/hate-crimes", handle_report_hate_crimes, AUTH_SIGNED_IN,
	   BODY_NONE, NULL, Q("mechanism_id", "municipality_id", "from", "to", "format",
			      "anonymised")),
	R(HTTP_POST, V1 "/police-feedback", handle_police_feedback_create, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/mechanisms/{id}/police-feedback", handle_police_feedback_aggregate,
	   AUTH_SIGNED_IN, BODY_NONE, NULL, Q("year")),
	/* Attachments (issue 16, api/attachments.c): an upload's body is the file's bytes,
	 * streamed to disk as they arrive (api/upload.c); the name in X-File-Name. */
	RQ(HTTP_POST, V1 "/cases/{id}/attachments", handle_attachment_upload, AUTH_SIGNED_IN,
	   BODY_UPLOAD, &attach_on_case, Q("category")),
	RQ(HTTP_GET, V1 "/cases/{id}/attachments", handle_attachments_list, AUTH_SIGNED_IN,
	   BODY_NONE, &attach_on_case, Q(PAGE)),
	RQ(HTTP_POST, V1 "/incidents/{id}/attachments", handle_attachment_upload, AUTH_SIGNED_IN,
	   BODY_UPLOAD, &attach_on_incident, Q("category")),
	RQ(HTTP_GET, V1 "/incidents/{id}/attachments", handle_attachments_list, AUTH_SIGNED_IN,
	   BODY_NONE, &attach_on_incident, Q(PAGE)),
	RQ(HTTP_POST, V1 "/referrals/{id}/attachments", handle_attachment_upload, AUTH_SIGNED_IN,
	   BODY_UPLOAD, &attach_on_referral, Q("category")),
	RQ(HTTP_GET, V1 "/referrals/{id}/attachments", handle_attachments_list, AUTH_SIGNED_IN,
	   BODY_NONE, &attach_on_referral, Q(PAGE)),
	R(HTTP_POST, V1 "/meetings/{id}/attachments", handle_attachment_upload, AUTH_SIGNED_IN,
	  BODY_UPLOAD, &attach_on_meeting),
	RQ(HTTP_GET, V1 "/meetings/{id}/attachments", handle_attachments_list, AUTH_SIGNED_IN,
	   BODY_NONE, &attach_on_meeting, Q(PAGE)),
	R(HTTP_GET, V1 "/attachments/{id}", handle_attachment_download, AUTH_SIGNED_IN, BODY_NONE,
	  NULL),
	R(HTTP_DELETE, V1 "/attachments/{id}", handle_attachment_delete, AUTH_SIGNED_IN, BODY_NONE,
	  NULL),
	/* The service directory as Open Referral HSDS 3.0, for anyone (issue 16). */
	RQ(HTTP_GET, V1 "/public/directory", handle_public_directory, AUTH_PUBLIC, BODY_NONE, NULL,
	   Q("format", "table", "lang")),
	/* The data-protection officer's questions (issue 16): a person's own copy, found by
	 * case or by name and birth date, and the record of processing activities; JSON or a
	 * printable page (api/data_protection.c). */
	RQ(HTTP_GET, V1 "/subject-access", handle_subject_access, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q("case_ids", "format", "lang")),
	R(HTTP_POST, V1 "/subject-access/search", handle_subject_access_search, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	RQ(HTTP_GET, V1 "/processing-record", handle_processing_record, AUTH_SIGNED_IN, BODY_NONE,
	   NULL, Q("format", "lang")),
	QUICK("/print/print.css", handle_report_file),
	/* Retention, erasure and legal hold (issue 16, api/retention.c). */
	RQ(HTTP_GET, V1 "/retention", handle_retention_dry_run, AUTH_SIGNED_IN, BODY_NONE, NULL,
	   Q(PAGE)),
	R(HTTP_POST, V1 "/retention/apply", handle_retention_apply, AUTH_SIGNED_IN, BODY_JSON,
	  NULL),
	R(HTTP_GET, V1 "/cases/{id}/legal-hold", handle_legal_hold_get, AUTH_SIGNED_IN, BODY_NONE,
	  NULL),
	R(HTTP_POST, V1 "/cases/{id}/legal-hold", handle_legal_hold_place, AUTH_SIGNED_IN,
	  BODY_JSON, NULL),
	R(HTTP_POST, V1 "/cases/{id}/legal-hold/lift", handle_legal_hold_lift, AUTH_SIGNED_IN,
	  BODY_OPTIONAL, NULL),
};

const int api_nroutes = (int)(sizeof(api_routes) / sizeof(api_routes[0]));
