/*
 * The printable pages of the person's copy and of the record of processing (see
 * data_protection.h): rendered from the JSON documents, every value escaped (api/html.h),
 * every code labelled in the page's language (data/labels.json), A4 print styles from
 * /print/print.css and no script at all.
 */
#include "api/data_protection.h"

#include <string.h>

#include "api/data_protection_text.h"
#include "api/html.h"
#include "core/labels.h"

struct page {
	struct html h;
	enum lang lang;
	const json_t *institutions; /* the copy's institutions, for names by id */
	const char *table_heading;  /* "h3" inside a case, "h2" for a section of its own */
};

#define T(p, id) dp_text((id), (p)->lang)

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

/* The date of an RFC 3339 time or a date: its first ten characters. */
static void
date_text(struct page *p, const char *t)
{
	html_printf(&p->h, "%.10s", t); /* digits and hyphens only: nothing to escape */
}

static void
label(struct page *p, const char *group, const char *code)
{
	html_text(&p->h, code[0] != '\0' ? label_text(group, code, p->lang) : "");
}

/* The labels of a JSON array of codes, joined by commas. */
static void
labels(struct page *p, const char *group, const json_t *codes)
{
	size_t i;
	json_t *v;

	json_array_foreach(codes, i, v) {
		if (i > 0)
			html_raw(&p->h, ", ");
		label(p, group, json_string_value(v) ? json_string_value(v) : "");
	}
}

static void
institution(struct page *p, const json_t *id)
{
	size_t i;
	json_t *x;

	json_array_foreach(p->institutions, i, x)
		if (json_equal(json_object_get(x, "id"), id)) {
			html_text(&p->h, str(x, "name"));
			return;
		}
	if (json_is_integer(id))
		html_printf(&p->h, "#%lld", (long long)json_integer_value(id));
}

static void
page_open(struct page *p, enum dp_text title)
{
	html_printf(&p->h, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<meta name=\"referrer\" content=\"no-referrer\">"
		    "<meta name=\"robots\" content=\"noindex, nofollow\"><title>",
		    lang_tag(p->lang));
	html_text(&p->h, T(p, title));
	html_raw(&p->h, "</title><link rel=\"stylesheet\" href=\"/print/print.css\"></head>\n"
			"<body><main>\n<p class=\"confidential\">");
	html_text(&p->h, T(p, DP_CONFIDENTIAL));
	html_raw(&p->h, "</p><p class=\"screen-only\">");
	html_text(&p->h, T(p, DP_PRINT_HINT));
	html_raw(&p->h, "</p>\n<h1>");
	html_text(&p->h, T(p, title));
	html_raw(&p->h, "</h1>\n");
}

static char *
page_close(struct page *p)
{
	html_raw(&p->h, "</main></body></html>\n");
	return p->h.p;
}

static void
heading(struct page *p, const char *tag, enum dp_text t)
{
	html_printf(&p->h, "<%s>", tag);
	html_text(&p->h, T(p, t));
	html_printf(&p->h, "</%s>\n", tag);
}

static void
paragraph(struct page *p, enum dp_text t)
{
	html_raw(&p->h, "<p>");
	html_text(&p->h, T(p, t));
	html_raw(&p->h, "</p>\n");
}

/* A term and its text (`text` escaped here). */
static void
term(struct page *p, enum dp_text t, const char *text)
{
	html_raw(&p->h, "<div><dt>");
	html_text(&p->h, T(p, t));
	html_raw(&p->h, "</dt><dd>");
	html_text(&p->h, text);
	html_raw(&p->h, "</dd></div>");
}

/* A term whose text follows (the caller writes it, then calls term_end). */
static void
term_open(struct page *p, enum dp_text t)
{
	html_raw(&p->h, "<div><dt>");
	html_text(&p->h, T(p, t));
	html_raw(&p->h, "</dt><dd>");
}

static void
term_end(struct page *p)
{
	html_raw(&p->h, "</dd></div>");
}

/* A table's caption and header row; false (with "None" written) when `rows` is empty. */
static bool
table_open(struct page *p, enum dp_text caption, const json_t *rows, const enum dp_text *heads,
	   int n)
{
	heading(p, p->table_heading ? p->table_heading : "h3", caption);
	if (json_array_size(rows) == 0) {
		html_raw(&p->h, "<p class=\"none\">");
		html_text(&p->h, T(p, DP_NONE));
		html_raw(&p->h, "</p>\n");
		return false;
	}
	html_raw(&p->h, "<table><thead><tr>");
	for (int i = 0; i < n; i++) {
		html_raw(&p->h, "<th scope=\"col\">");
		html_text(&p->h, T(p, heads[i]));
		html_raw(&p->h, "</th>");
	}
	html_raw(&p->h, "</tr></thead><tbody>\n");
	return true;
}

static void
table_close(struct page *p)
{
	html_raw(&p->h, "</tbody></table>\n");
}

static void
cell(struct page *p, const char *text)
{
	html_raw(&p->h, "<td>");
	html_text(&p->h, text);
	html_raw(&p->h, "</td>");
}

static void
cell_date(struct page *p, const char *t)
{
	html_raw(&p->h, "<td>");
	date_text(p, t);
	html_raw(&p->h, "</td>");
}

static void
cell_label(struct page *p, const char *group, const char *code)
{
	html_raw(&p->h, "<td>");
	label(p, group, code);
	html_raw(&p->h, "</td>");
}

static void
cell_institution(struct page *p, const json_t *id)
{
	html_raw(&p->h, "<td>");
	institution(p, id);
	html_raw(&p->h, "</td>");
}

/* ---- the person's copy ---- */

static void
survivor_part(struct page *p, const json_t *c)
{
	const json_t *s = json_object_get(c, "survivor");
	const json_t *wf = json_object_get(c, "withheld_fields");

	if (s == NULL)
		return;
	heading(p, "h3", DP_ABOUT_YOU);
	html_raw(&p->h, "<dl>");
	term(p, DP_GIVEN_NAME, str(s, "given_name"));
	term(p, DP_FAMILY_NAME, str(s, "family_name"));
	term_open(p, DP_SEX);
	label(p, "sex", str(s, "sex"));
	term_end(p);
	term(p, DP_BIRTH, str(s, "date_of_birth"));
	if (json_object_get(s, "personal_number") != NULL)
		term(p, DP_PERSONAL_NUMBER, str(s, "personal_number"));
	if (json_object_get(s, "phone") != NULL)
		term(p, DP_PHONE, str(s, "phone"));
	if (json_object_get(s, "address") != NULL)
		term(p, DP_ADDRESS, str(s, "address"));
	else if (json_array_size(wf) > 0)
		term(p, DP_ADDRESS, T(p, DP_ADDRESS_WITHHELD));
	html_raw(&p->h, "</dl>\n");
}

static void
incidents_part(struct page *p, const json_t *c)
{
	static const enum dp_text heads[] = { DP_DATE, DP_FORMS, DP_PLACE, DP_NARRATIVE };
	const json_t *list = json_object_get(c, "incidents");
	size_t i;
	json_t *x;

	if (list == NULL || !table_open(p, DP_INCIDENTS, list, heads, 4))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_date(p, str(x, "occurred_on"));
		html_raw(&p->h, "<td>");
		labels(p, "form", json_object_get(x, "forms"));
		html_raw(&p->h, "</td>");
		cell_label(p, "place", str(x, "place"));
		cell(p, str(x, "narrative"));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

static void
assessments_part(struct page *p, const json_t *item)
{
	static const enum dp_text heads[] = { DP_DATE, DP_RISK, DP_SCORE };
	const json_t *list = json_object_get(item, "assessments");
	size_t i;
	json_t *x;

	if (list == NULL || !table_open(p, DP_ASSESSMENTS, list, heads, 3))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_date(p, str(x, "assessed_at"));
		cell_label(p, "risk_level", str(x, "level"));
		html_printf(&p->h, "<td>%lld</td></tr>\n",
			    (long long)json_integer_value(json_object_get(x, "score")));
	}
	table_close(p);
}

static void
orders_part(struct page *p, const json_t *item)
{
	static const enum dp_text heads[] = { DP_TYPE, DP_STATUS, DP_REQUESTED, DP_DECIDED,
					      DP_VALID, DP_BREACHES, DP_COURT };
	const json_t *list = json_object_get(item, "protection_orders");
	size_t i;
	json_t *x;

	if (list == NULL || !table_open(p, DP_ORDERS, list, heads, 7))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_label(p, "order_type", str(x, "type"));
		cell_label(p, "order_status", str(x, "status"));
		cell_date(p, str(x, "requested_on"));
		cell_date(p, str(x, "decided_on"));
		html_raw(&p->h, "<td>");
		date_text(p, str(x, "valid_from"));
		if (json_is_string(json_object_get(x, "valid_to")))
			html_raw(&p->h, " – ");
		date_text(p, str(x, "valid_to"));
		html_printf(&p->h, "</td><td>%lld</td>",
			    (long long)json_integer_value(json_object_get(x, "breaches")));
		cell_institution(p, json_object_get(x, "court_institution_id"));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

static void
plan_part(struct page *p, const json_t *item)
{
	static const enum dp_text heads[] = { DP_TYPE, DP_WHAT, DP_RESPONSIBLE, DP_DUE,
					      DP_STATUS };
	const json_t *list = json_object_get(item, "plan");
	size_t i;
	json_t *x;

	if (list == NULL || !table_open(p, DP_PLAN, list, heads, 5))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_label(p, "action_kind", str(x, "kind"));
		cell(p, str(x, "title"));
		cell_institution(p, json_object_get(x, "responsible_institution_id"));
		cell_date(p, str(x, "due_on"));
		cell_label(p, "action_status", str(x, "status"));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

static void
referrals_part(struct page *p, const json_t *item)
{
	static const enum dp_text heads[] = { DP_DATE, DP_FROM, DP_TO, DP_SERVICE, DP_STATUS,
					      DP_BASIS, DP_SHARED, DP_REASON };
	const json_t *list = json_object_get(item, "referrals");
	size_t i;
	json_t *x;

	if (!table_open(p, DP_REFERRALS, list, heads, 8))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_date(p, str(x, "created_at"));
		cell_institution(p, json_object_get(x, "from_institution_id"));
		cell_institution(p, json_object_get(x, "to_institution_id"));
		cell_label(p, "service", str(x, "service"));
		cell_label(p, "referral_status", str(x, "status"));
		cell_label(p, "referral_basis", str(x, "basis"));
		html_raw(&p->h, "<td>");
		labels(p, "category", json_object_get(x, "share"));
		html_raw(&p->h, "</td>");
		cell(p, str(x, "reason"));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

static void
notes_part(struct page *p, const json_t *item)
{
	static const enum dp_text heads[] = { DP_DATE, DP_INSTITUTION, DP_TEXT };
	const json_t *list = json_object_get(item, "notes");
	size_t i;
	json_t *x;

	if (list == NULL || !table_open(p, DP_NOTES, list, heads, 3))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_date(p, str(x, "created_at"));
		cell_institution(p, json_object_get(x, "institution_id"));
		cell(p, str(x, "body"));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

static void
consents_part(struct page *p, const json_t *c)
{
	static const enum dp_text heads[] = { DP_DATE, DP_GIVEN, DP_METHOD, DP_CATEGORIES,
					      DP_TO_WHOM, DP_WITHDRAWN };
	const json_t *list = json_object_get(c, "consents");
	size_t i, k;
	json_t *x, *id;

	if (list == NULL || !table_open(p, DP_CONSENTS, list, heads, 6))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_date(p, str(x, "recorded_at"));
		cell(p, T(p, json_is_true(json_object_get(x, "given")) ? DP_YES : DP_NO));
		cell_label(p, "consent_method", str(x, "method"));
		html_raw(&p->h, "<td>");
		labels(p, "category", json_object_get(x, "categories"));
		html_raw(&p->h, "</td><td>");
		labels(p, "institution_type", json_object_get(x, "institution_types"));
		json_array_foreach(json_object_get(x, "institution_ids"), k, id) {
			html_raw(&p->h, "; ");
			institution(p, id);
		}
		html_raw(&p->h, "</td>");
		cell_date(p, str(x, "withdrawn_at"));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

static void
case_part(struct page *p, const json_t *item)
{
	const json_t *c = json_object_get(item, "case");

	html_raw(&p->h, "<section class=\"case\"><h2>");
	html_text(&p->h, T(p, DP_CASE));
	html_raw(&p->h, " ");
	html_text(&p->h, str(c, "reference"));
	html_raw(&p->h, "</h2>\n<dl>");
	term_open(p, DP_KIND);
	label(p, "case_kind", str(c, "kind"));
	term_end(p);
	term_open(p, DP_STATUS);
	label(p, "case_status", str(c, "status"));
	term_end(p);
	term_open(p, DP_OPENED);
	date_text(p, str(c, "created_at"));
	term_end(p);
	if (json_is_string(json_object_get(c, "closed_at"))) {
		term_open(p, DP_CLOSED);
		date_text(p, str(c, "closed_at"));
		term_end(p);
	}
	term_open(p, DP_RISK);
	label(p, "risk_level", str(c, "risk_level"));
	term_end(p);
	term_open(p, DP_LEAD);
	institution(p, json_object_get(c, "owner_institution_id"));
	term_end(p);
	html_raw(&p->h, "</dl>\n");
	survivor_part(p, c);
	incidents_part(p, c);
	assessments_part(p, item);
	orders_part(p, item);
	plan_part(p, item);
	referrals_part(p, item);
	notes_part(p, item);
	consents_part(p, c);
	html_raw(&p->h, "</section>\n");
}

static void
access_part(struct page *p, const json_t *doc)
{
	static const enum dp_text heads[] = { DP_DATE, DP_INSTITUTION, DP_ROLE, DP_ACCESS_KIND,
					      DP_TIMES };
	const json_t *list = json_object_get(doc, "access_log");
	size_t i;
	json_t *x;

	html_raw(&p->h, "<section>");
	if (table_open(p, DP_ACCESS, list, heads, 5)) {
		json_array_foreach(list, i, x) {
			html_raw(&p->h, "<tr>");
			cell_date(p, str(x, "date"));
			cell_institution(p, json_object_get(x, "institution_id"));
			if (json_is_string(json_object_get(x, "role")))
				cell_label(p, "role", str(x, "role"));
			else
				cell(p, T(p, DP_SYSTEM));
			cell_label(p, "sar_access", str(x, "access"));
			html_printf(&p->h, "<td>%lld</td></tr>\n",
				    (long long)json_integer_value(json_object_get(x, "count")));
		}
		table_close(p);
	}
	paragraph(p, DP_ACCESS_NOTE);
	if (json_is_true(json_object_get(doc, "access_log_truncated")))
		paragraph(p, DP_ACCESS_TRUNCATED);
	html_raw(&p->h, "</section>\n");
}

static void
institutions_part(struct page *p)
{
	static const enum dp_text heads[] = { DP_NAME, DP_TYPE, DP_PHONE, DP_EMAIL, DP_ADDRESS };
	size_t i;
	json_t *x;

	if (!table_open(p, DP_INSTITUTIONS, p->institutions, heads, 5))
		return;
	json_array_foreach(p->institutions, i, x) {
		html_raw(&p->h, "<tr>");
		cell(p, str(x, "name"));
		cell_label(p, "institution_type", str(x, "type"));
		cell(p, str(x, "phone"));
		cell(p, str(x, "email"));
		cell(p, str(x, "address"));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

char *
subject_access_page(const json_t *doc, enum lang lang)
{
	struct page p = { .lang = lang, .institutions = json_object_get(doc, "institutions") };
	const json_t *by = json_object_get(doc, "exported_by");
	bool full = strcmp(str(doc, "scope"), "full") == 0;
	size_t i;
	json_t *item;

	page_open(&p, DP_TITLE);
	html_raw(&p.h, "<dl class=\"about\">");
	term_open(&p, DP_PREPARED_ON);
	date_text(&p, str(doc, "generated_at"));
	term_end(&p);
	term_open(&p, DP_PREPARED_BY);
	if (json_is_integer(json_object_get(by, "institution_id"))) {
		institution(&p, json_object_get(by, "institution_id"));
		html_raw(&p.h, ", ");
	}
	label(&p, "role", str(by, "role"));
	term_end(&p);
	term_open(&p, DP_SCOPE);
	label(&p, "sar_scope", str(doc, "scope"));
	term_end(&p);
	html_raw(&p.h, "</dl>\n");
	paragraph(&p, full ? DP_RIGHTS : DP_REGISTER_NOTE);
	json_array_foreach(json_object_get(doc, "cases"), i, item)
		case_part(&p, item);
	p.table_heading = "h2";
	access_part(&p, doc);
	institutions_part(&p);
	heading(&p, "h2", DP_NOT_INCLUDED);
	paragraph(&p, full ? DP_NOT_INCLUDED_TEXT : DP_REGISTER_NOTE);
	return page_close(&p);
}

/* ---- the record of processing activities ---- */

static void
codes_part(struct page *p, enum dp_text title, const char *group, const json_t *codes)
{
	size_t i;
	json_t *v;

	heading(p, "h2", title);
	html_raw(&p->h, "<ul>");
	json_array_foreach(codes, i, v) {
		html_raw(&p->h, "<li>");
		label(p, group, json_string_value(v) ? json_string_value(v) : "");
		html_raw(&p->h, "</li>");
	}
	html_raw(&p->h, "</ul>\n");
}

static void
categories_part(struct page *p, const json_t *doc)
{
	static const enum dp_text heads[] = { DP_CATEGORIES, DP_SPECIAL, DP_ENCRYPTED };
	const json_t *list = json_object_get(doc, "categories");
	size_t i;
	json_t *x;

	if (!table_open(p, DP_DATA_CATEGORIES, list, heads, 3))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_label(p, "category", str(x, "category"));
		cell(p, str(x, "special"));
		cell(p, T(p, json_is_true(json_object_get(x, "encrypted")) ? DP_YES : DP_NO));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

static void
channels_part(struct page *p, const json_t *doc)
{
	static const enum dp_text heads[] = { DP_CHANNEL, DP_BASIS, DP_ARTICLES,
					      DP_RECIPIENTS_YEAR };
	const json_t *list = json_object_get(doc, "channels");
	size_t i, k;
	json_t *x, *to;

	if (!table_open(p, DP_SHARING, list, heads, 4))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_label(p, "processing_channel", str(x, "channel"));
		cell_label(p, "legal_basis", str(x, "basis"));
		cell(p, str(x, "articles"));
		html_raw(&p->h, "<td>");
		json_array_foreach(json_object_get(x, "recipients"), k, to) {
			if (k > 0)
				html_raw(&p->h, "; ");
			label(p, "institution_type", str(to, "institution_type"));
			html_printf(&p->h, ": %lld", (long long)json_integer_value(
						json_object_get(to, "referrals")));
		}
		html_raw(&p->h, "</td></tr>\n");
	}
	table_close(p);
}

static void
record_institutions_part(struct page *p, const json_t *doc)
{
	static const enum dp_text type_heads[] = { DP_TYPE, DP_NUMBER };
	static const enum dp_text heads[] = { DP_NAME, DP_TYPE, DP_COUNTRY, DP_MECHANISMS };
	const json_t *types = json_object_get(doc, "institution_types");
	const json_t *list = json_object_get(doc, "institutions");
	size_t i;
	json_t *x;

	if (table_open(p, DP_BY_TYPE, types, type_heads, 2)) {
		json_array_foreach(types, i, x) {
			html_raw(&p->h, "<tr>");
			cell_label(p, "institution_type", str(x, "institution_type"));
			html_printf(&p->h, "<td>%lld</td></tr>\n",
				    (long long)json_integer_value(json_object_get(x, "count")));
		}
		table_close(p);
	}
	if (table_open(p, DP_RECORD_INSTITUTIONS, list, heads, 4)) {
		json_array_foreach(list, i, x) {
			html_raw(&p->h, "<tr>");
			cell(p, str(x, "name"));
			cell_label(p, "institution_type", str(x, "type"));
			cell_label(p, "country", str(x, "country"));
			html_printf(&p->h, "<td>%lld</td></tr>\n", (long long)json_integer_value(
						json_object_get(x, "mechanisms")));
		}
		table_close(p);
	}
	if (json_is_true(json_object_get(doc, "institutions_truncated")))
		paragraph(p, DP_TRUNCATED);
}

static void
cross_border_part(struct page *p, const json_t *doc)
{
	static const enum dp_text heads[] = { DP_NAME, DP_KIND, DP_COUNTRY };
	const json_t *list = json_object_get(doc, "cross_border");
	size_t i;
	json_t *x;

	if (!table_open(p, DP_CROSS_BORDER, list, heads, 3))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell(p, str(x, "name"));
		cell_label(p, "case_kind", str(x, "kind"));
		cell_label(p, "country", str(x, "country"));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

static enum dp_text
unit_text(const char *unit)
{
	if (strcmp(unit, "minutes") == 0)
		return DP_MINUTES;
	if (strcmp(unit, "hours") == 0)
		return DP_HOURS;
	return strcmp(unit, "months") == 0 ? DP_MONTHS : DP_DAYS;
}

static void
retention_part(struct page *p, const json_t *doc)
{
	static const enum dp_text heads[] = { DP_WHAT, DP_KEPT, DP_SETTING };
	const json_t *list = json_object_get(doc, "retention");
	size_t i;
	json_t *x;

	if (!table_open(p, DP_RETENTION, list, heads, 3))
		return;
	json_array_foreach(list, i, x) {
		json_int_t v = json_integer_value(json_object_get(x, "value"));

		html_raw(&p->h, "<tr>");
		cell_label(p, "retention_item", str(x, "item"));
		html_raw(&p->h, "<td>");
		if (v > 0) {
			html_printf(&p->h, "%lld ", (long long)v);
			html_text(&p->h, T(p, unit_text(str(x, "unit"))));
		} else {
			html_text(&p->h, T(p, DP_WITHOUT_END));
		}
		html_raw(&p->h, "</td>");
		cell(p, json_is_string(json_object_get(x, "setting")) ? str(x, "setting")
								     : T(p, DP_FIXED));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

static void
security_part(struct page *p, const json_t *doc)
{
	static const enum dp_text heads[] = { DP_MEASURE, DP_VALUE };
	const json_t *list = json_object_get(doc, "security");
	size_t i;
	json_t *x;

	if (!table_open(p, DP_SECURITY, list, heads, 2))
		return;
	json_array_foreach(list, i, x) {
		html_raw(&p->h, "<tr>");
		cell_label(p, "security_measure", str(x, "measure"));
		cell(p, str(x, "value"));
		html_raw(&p->h, "</tr>\n");
	}
	table_close(p);
}

char *
processing_record_page(const json_t *doc, enum lang lang)
{
	struct page p = { .lang = lang, .table_heading = "h2" };

	page_open(&p, DP_RECORD_TITLE);
	html_raw(&p.h, "<dl class=\"about\">");
	term_open(&p, DP_PREPARED_ON);
	date_text(&p, str(doc, "generated_at"));
	term_end(&p);
	html_raw(&p.h, "</dl>\n");
	paragraph(&p, DP_RECORD_INTRO);
	codes_part(&p, DP_PURPOSES, "case_kind", json_object_get(doc, "purposes"));
	codes_part(&p, DP_SUBJECTS, "data_subject", json_object_get(doc, "data_subjects"));
	categories_part(&p, doc);
	channels_part(&p, doc);
	cross_border_part(&p, doc);
	record_institutions_part(&p, doc);
	retention_part(&p, doc);
	security_part(&p, doc);
	return page_close(&p);
}
