/*
 * POST /public/reports and POST /public/reports/status (see public_reports.h).
 *
 * A report: the client address's hourly allowance (the rightmost untrusted address, as for
 * sign-in), the form's anti-forgery token and trap field (forms only), the fields and their
 * rules (domain/public_report.c), then one write: the report, its details sealed (the
 * account, the place, the name and the way to make contact), one more on the address's
 * count, and an audit entry naming the fields given, never their values. The receipt is
 * made here, shown once and stored as a hash only.
 *
 * A receipt: wrong ones are counted per client address and throttled as wrong passwords
 * are; the right one shows the status and the institution's message, and nothing else.
 */
#include "api/public_reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/form.h"
#include "api/input.h"
#include "api/report_page.h"
#include "api/sealed.h"
#include "api/sign_in.h"
#include "audit/audit.h"
#include "core/clock.h"
#include "crypt/public_token.h"
#include "domain/cases.h"
#include "domain/intake.h"
#include "domain/public_report.h"
#include "domain/session.h"
#include "store/public_reports.h"

static const struct form_field report_form[] = {
	{ "municipality_id", FORM_INT }, { "forms", FORM_LIST }, { "bias", FORM_LIST },
	{ "wants_contact", FORM_BOOL }, { NULL, FORM_TEXT },
};
const char *const public_report_fields[] = {
	"municipality_id", "kind", "forms", "bias", "occurred_on", "place", "description",
	"reporter", "name", "wants_contact", "contact", NULL,
};
/* The sealed part of a report, in this order inside `details`. */
static const char *const sealed_fields[] = { "description", "place", "name", "contact", NULL };

struct report_new {
	struct request *r;
	struct report_fields f;
	const char *counter;  /* the client address's subject for the hourly count */
	unsigned char receipt_hash[TOKEN_HASH_LEN];
	int64_t id;
};

/* The client address as sign-in counts it (trusted proxies honoured), under `prefix`. */
static const char *
client_subject(struct request *r, const char *prefix)
{
	struct throttle t;

	throttle_subjects(r, "", &t);
	return arena_printf(&r->arena, "%s:%s", prefix, t.address + strlen("address:"));
}

/*
 * A form body read into r->json, its language taken, its token and trap checked, and those
 * three fields dropped. False after answering (with the page `page`) when it is refused.
 */
static bool
form_read(struct request *r, const struct form_field *schema,
	  void (*page)(struct request *, int, enum msg, json_t *), bool token)
{
	json_t *typed = form_parse(r, schema);
	int64_t issued = 0;
	const char *trap;

	if (typed == NULL) {
		page(r, 400, MSG_TITLE_400, NULL);
		return false;
	}
	r->json = typed; /* freed with the request */
	report_page_language(r, form_text(typed, "lang"));
	if (token && (!form_token_read(r->app->keys, form_text(typed, "token"), &issued) ||
		      !public_form_token_fresh(issued, clock_now()))) {
		/* The page comes back with what was typed and a new token: send it again. */
		field_errors_add(&r->errors, "token", MSG_FORM_EXPIRED);
		page(r, 403, MSG_FORM_EXPIRED, typed);
		return false;
	}
	trap = form_text(typed, "nickname");
	if (trap != NULL && *trap != '\0') {
		field_errors_add(&r->errors, "nickname", MSG_LEAVE_EMPTY);
		page(r, 422, MSG_LEAVE_EMPTY, typed);
		return false;
	}
	json_object_del(typed, "token");
	json_object_del(typed, "lang");
	json_object_del(typed, "nickname");
	return true;
}

/* ---- a report ---- */

bool
public_report_fields_read(struct request *r, const char *const *allowed, struct report_fields *f)
{
	struct in_obj root = input_root(r);
	bool wants_given = false;
	struct public_report_input in = { 0 };

	f->row.municipality_id = in_id(&root, "municipality_id", IN_REQUIRED);
	f->row.kind = in_enum(&root, "kind", IN_REQUIRED, public_report_kinds);
	f->row.forms = in_vocabulary_list(&root, "forms", 0, violence_forms);
	f->row.bias = in_vocabulary_list(&root, "bias", 0, bias_motivations);
	f->row.occurred_on = in_date(&root, "occurred_on", 0, true);
	f->row.reporter = in_enum(&root, "reporter", 0, public_reporters);
	f->texts[0] = in_text(&root, "description", 0, 1, PUBLIC_DESCRIPTION_CHARS);
	f->texts[1] = in_text(&root, "place", 0, 1, PUBLIC_PLACE_CHARS);
	f->texts[2] = in_text(&root, "name", 0, 1, PUBLIC_NAME_CHARS);
	f->texts[3] = in_text(&root, "contact", 0, 1, PUBLIC_CONTACT_CHARS);
	in.wants_contact = in_bool(&root, "wants_contact", 0, &wants_given);
	in_unknown(&root, allowed);
	if (r->errors.count > 0 || r->errors.malformed)
		return false;
	in.municipality_id = f->row.municipality_id;
	in.kind = f->row.kind;
	in.bias = f->row.bias;
	in.wants_contact_given = wants_given;
	in.contact = f->texts[3];
	f->row.wants_contact = public_report_wants_contact(&in);
	return public_report_check(&in, &r->errors);
}

/* The sealed details as JSON text, or NULL when none was given. */
static const char *
details_json(struct request *r, const struct report_fields *f)
{
	json_t *o = json_object();
	char *text, *copy;

	for (int i = 0; sealed_fields[i] != NULL; i++)
		if (f->texts[i] != NULL)
			json_object_set_new(o, sealed_fields[i], json_string(f->texts[i]));
	if (json_object_size(o) == 0) {
		json_decref(o);
		return NULL;
	}
	text = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	copy = text != NULL ? arena_strdup(&r->arena, text) : NULL;
	free(text);
	return copy;
}

const char *
public_report_given(struct request *r, const char *const *names)
{
	json_t *given = json_array();
	char *text, *copy;

	for (int i = 0; names[i] != NULL; i++)
		if (json_object_get(r->json, names[i]) != NULL)
			json_array_append_new(given, json_string(names[i]));
	text = json_dumps(given, JSON_COMPACT);
	json_decref(given);
	copy = text != NULL ? arena_strdup(&r->arena, text) : NULL;
	free(text);
	return copy;
}

static enum ura_status
report_mechanism(struct db *db, struct request *r, struct report_fields *f)
{
	enum ura_status st = store_report_mechanism(db, f->row.municipality_id, f->row.kind,
						    &f->row.mechanism_id);

	if (st != URA_ENOTFOUND)
		return st;
	st = store_municipality_exists(db, f->row.municipality_id);
	if (st != URA_OK && st != URA_ENOTFOUND)
		return st;
	field_errors_add(&r->errors, "municipality_id",
			 st == URA_OK ? MSG_NO_MECHANISM_HERE : MSG_NO_SUCH_OBJECT);
	return URA_EUNPROCESSABLE;
}

enum ura_status
public_report_store(struct db *db, struct request *r, struct report_fields *f,
		    const unsigned char *receipt_hash, int64_t now)
{
	const char *details = details_json(r, f);
	enum ura_status st;

	if ((st = report_mechanism(db, r, f)) != URA_OK ||
	    (st = store_public_report_insert(db, &f->row, receipt_hash, now, &f->row.id)) != URA_OK)
		return st;
	if (details == NULL)
		return URA_OK;
	return sealed_store(db, r, SEALED_PUBLIC_REPORT_DETAILS, f->row.id, details);
}

void
public_receipt_new(char receipt[PUBLIC_RECEIPT_TEXT], unsigned char hash[TOKEN_HASH_LEN])
{
	unsigned char symbols[PUBLIC_RECEIPT_CHARS];
	char plain[PUBLIC_RECEIPT_CHARS + 1];

	random_symbols(symbols, sizeof(symbols), 32);
	receipt_format(symbols, receipt);
	receipt_normalize(receipt, plain);
	token_hash(plain, strlen(plain), hash);
}

static enum ura_status
report_write_fn(struct db *db, void *ctx)
{
	struct report_new *n = ctx;
	struct request *r = n->r;
	int64_t now = clock_now();
	enum ura_status st;

	/* A public report is in the triage queues from the start. */
	n->f.row.received_at = now;
	n->f.row.triage_due_at = intake_triage_due(now, r->app->config->intake_triage_working_days);
	if ((st = public_report_store(db, r, &n->f, n->receipt_hash, now)) != URA_OK ||
	    (st = store_sign_in_failure_add(db, n->counter, now)) != URA_OK)
		return st;
	return audit_append(db, &(struct audit_event){
		.action = "public_report.create", .object_type = "public_report",
		.object_id = n->f.row.id, .request_id = r->request_id,
		.fields = public_report_given(r, public_report_fields) }, now);
}

/* 0 when the client address may report now, else the seconds to wait. */
static int
report_allowance(struct request *r, const char *counter, bool *failed)
{
	struct db *db = api_reader(r);
	int64_t now = clock_now(), oldest = 0;
	int count = 0;

	*failed = db == NULL;
	if (db == NULL)
		return 0;
	if (store_sign_in_failures(db, counter, now - PUBLIC_REPORT_WINDOW_SECONDS, &count,
				   &oldest) != URA_OK) {
		*failed = true;
		reply_status(r, URA_EUNAVAILABLE);
		return 0;
	}
	return public_report_retry_after(now, count, oldest, r->app->config->public_reports_per_hour);
}

static void
reply_throttled(struct request *r, int wait, enum msg m, bool form,
		void (*page)(struct request *, int, enum msg, json_t *))
{
	char retry[24];

	snprintf(retry, sizeof(retry), "%d", wait);
	reply_header_add(r, "Retry-After", retry);
	if (form)
		page(r, 429, m, r->json);
	else
		reply_problem(r, 429, m);
}

/* The refusal of a report's fields: the form again, or a problem. */
static void
reply_report_invalid(struct request *r, bool form)
{
	if (form)
		report_page_form(r, r->errors.malformed ? 400 : 422, MSG_TITLE_422, r->json);
	else
		reply_invalid(r);
}

void
handle_public_report_create(struct request *r)
{
	bool form = r->json == NULL, failed;
	struct report_new n = { .r = r };
	char receipt[PUBLIC_RECEIPT_TEXT];
	enum ura_status st;
	int wait;

	if (form && !form_read(r, report_form, report_page_form, true))
		return;
	n.counter = client_subject(r, "public-report");
	if ((wait = report_allowance(r, n.counter, &failed)) > 0 || failed) {
		if (!failed)
			reply_throttled(r, wait, MSG_REPORTS_THROTTLED, form, report_page_form);
		return;
	}
	if (!public_report_fields_read(r, public_report_fields, &n.f)) {
		reply_report_invalid(r, form);
		return;
	}
	public_receipt_new(receipt, n.receipt_hash);
	st = store_write(r->app->store, report_write_fn, &n);
	if (st == URA_EUNPROCESSABLE)
		reply_report_invalid(r, form);
	else if (st != URA_OK)
		reply_status(r, st);
	else if (form)
		report_page_receipt(r, receipt);
	else
		reply_json(r, 202, json_pack("{s:s, s:s}", "receipt", receipt, "status", "received"));
}

/* ---- a receipt ---- */

static void
status_page(struct request *r, int status, enum msg detail, json_t *form)
{
	(void)form;
	report_page_status_form(r, status, detail);
}

static const char *const status_fields[] = { "receipt", NULL };

struct wrong_receipt {
	const char *subject;
};

static enum ura_status
wrong_receipt_fn(struct db *db, void *ctx)
{
	const struct wrong_receipt *w = ctx;

	return store_sign_in_failure_add(db, w->subject, clock_now());
}

/* The receipt's report; false after answering (throttled, wrong, or the database down). */
static bool
receipt_find(struct request *r, bool form, const char *given, struct public_report_row *out)
{
	struct wrong_receipt w = { client_subject(r, "receipt") };
	char plain[PUBLIC_RECEIPT_CHARS + 1];
	unsigned char hash[TOKEN_HASH_LEN];
	struct db *db = api_reader(r);
	int64_t now = clock_now(), oldest = 0;
	int count = 0, wait;
	enum ura_status st;

	if (db == NULL)
		return false;
	if (store_sign_in_failures(db, w.subject, now - THROTTLE_WINDOW_SECONDS, &count,
				   &oldest) != URA_OK) {
		reply_status(r, URA_EUNAVAILABLE);
		return false;
	}
	/* Wrong receipts count as wrong passwords from one address do. */
	if ((wait = throttle_retry_after(now, 0, 0, count, oldest)) > 0) {
		reply_throttled(r, wait, MSG_THROTTLED, form, status_page);
		return false;
	}
	st = receipt_normalize(given, plain) ? URA_OK : URA_ENOTFOUND;
	if (st == URA_OK) {
		token_hash(plain, strlen(plain), hash);
		st = store_public_report_by_receipt(db, &r->arena, hash, out);
	}
	if (st == URA_ENOTFOUND && (st = store_write(r->app->store, wrong_receipt_fn, &w)) == URA_OK)
		st = URA_ENOTFOUND;
	if (st == URA_OK)
		return true;
	if (st != URA_ENOTFOUND) {
		reply_status(r, st);
		return false;
	}
	field_errors_add(&r->errors, "receipt", MSG_RECEIPT_UNKNOWN);
	if (form)
		report_page_status_form(r, 404, MSG_RECEIPT_UNKNOWN);
	else
		reply_problem(r, 404, MSG_RECEIPT_UNKNOWN);
	return false;
}

void
handle_public_report_status(struct request *r)
{
	bool form = r->json == NULL, ok = true;
	struct public_report_row p;
	const char *receipt;
	json_t *message;

	if (form && !form_read(r, NULL, status_page, false))
		return;
	receipt = input_string(r, "receipt", IN_REQUIRED, 1, LIMIT_REFERENCE_CHARS);
	if (form) {
		in_unknown(&(struct in_obj){ r, r->json, "" }, status_fields);
		if (r->errors.count > 0 || r->errors.malformed) {
			report_page_status_form(r, r->errors.malformed ? 400 : 422, MSG_TITLE_422);
			return;
		}
	} else if (!input_done(r, status_fields)) {
		return;
	}
	if (!receipt_find(r, form, receipt, &p))
		return;
	message = opened_text(r, "public_reports", "message", p.id, &p.message, &ok);
	if (!ok) {
		json_decref(message);
		reply_status(r, URA_EINTERNAL);
		return;
	}
	if (form)
		report_page_status(r, p.status, json_string_value(message));
	else
		reply_json(r, 200, json_pack("{s:s, s:O}", "status", p.status, "message", message));
	json_decref(message);
}
