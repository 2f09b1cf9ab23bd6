/*
 * The public report pages (see report_page.h). Every text a client sent reaches a page only
 * escaped (api/html.h); the page's title is the neutral `report_title` setting; the quick
 * exit, a link to `report_exit_url` with rel="noreferrer", is the first thing on every page.
 */
#include "api/report_page.h"

#include <string.h>

#include "api/app.h"
#include "api/html.h"
#include "api/report_text.h"
#include "core/clock.h"
#include "core/embedded.h"
#include "core/labels.h"
#include "crypt/public_token.h"
#include "domain/cases.h"
#include "domain/public_report.h"
#include "store/public_reports.h"

extern const struct embedded_file public_files[]; /* data/public/, embedded at build time */

#define T(id) report_text((id), r->lang)
#define REPORT_ACTION "/api/v1/public/reports"
#define STATUS_ACTION "/api/v1/public/reports/status"

bool
report_page_language(struct request *r, const char *tag)
{
	int lang = lang_of_tag(tag);

	if (lang >= 0)
		r->lang = (enum lang)lang;
	return lang >= 0 || tag == NULL;
}

/* ?lang= of a page: one of the five, or absent (400 naming it otherwise). */
static bool
page_language(struct request *r)
{
	if (report_page_language(r, req_query(r, "lang")))
		return true;
	reply_field_error(r, 400, "lang", MSG_NOT_ALLOWED_VALUE);
	return false;
}

/* ---- the frame every page shares ---- */

static void
page_open(struct request *r, struct html *h, const char *self)
{
	static const char *const names[LANG_COUNT] = { "Shqip", "English", "Srpski", "Türkçe",
						      "Bosanski" };

	html_printf(h, "<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		    "<meta name=\"referrer\" content=\"no-referrer\">"
		    "<meta name=\"robots\" content=\"noindex, nofollow\"><title>",
		    lang_tag(r->lang));
	html_text(h, r->app->config->report_title);
	html_raw(h, "</title><link rel=\"stylesheet\" href=\"/report/report.css\">"
		    "<script src=\"/report/quick-exit.js\" defer></script></head>\n<body>"
		    "<div class=\"exit\"><a id=\"quick-exit\" rel=\"noreferrer\" href=\"");
	html_text(h, r->app->config->report_exit_url);
	html_raw(h, "\">");
	html_text(h, T(RT_EXIT));
	html_raw(h, "</a><small>");
	html_text(h, T(RT_EXIT_HINT));
	html_raw(h, "</small></div>\n<main><nav class=\"languages\" aria-label=\"");
	html_text(h, T(RT_LANGUAGE));
	html_raw(h, "\">");
	for (int i = 0; i < LANG_COUNT; i++) {
		const char *tag = lang_tag((enum lang)i);

		html_printf(h, "<a rel=\"noreferrer\" href=\"%s?lang=%s\" hreflang=\"%s\" lang=\"%s\""
			    "%s>%s</a>", self, tag, tag, tag,
			    i == (int)r->lang ? " aria-current=\"true\"" : "", names[i]);
	}
	html_raw(h, "</nav>\n");
}

static void
page_close(struct request *r, struct html *h, int status)
{
	html_raw(h, "<p class=\"notice\">");
	html_text(h, T(RT_HISTORY));
	html_raw(h, "</p></main></body></html>\n");
	reply_text(r, status, "text/html; charset=utf-8", h->p, h->len);
	html_free(h);
}

/* ---- errors ---- */

/* The catalogue's message for the first error of `field`, or NULL. */
static const char *
error_of(struct request *r, const char *field)
{
	for (int i = 0; i < r->errors.count; i++)
		if (strcmp(r->errors.items[i].field, field) == 0)
			return i18n_text(r->errors.items[i].message, r->lang);
	return NULL;
}

static void
error_line(struct request *r, struct html *h, const char *field)
{
	const char *m = error_of(r, field);

	if (m == NULL)
		return;
	html_printf(h, "<p class=\"error-message\" id=\"%s-error\">", field);
	html_text(h, m);
	html_raw(h, "</p>");
}

/* The summary at the top: each error, linked to its field; `detail` when none is named. */
static void
error_summary(struct request *r, struct html *h, int status, enum msg detail)
{
	if (status < 400)
		return;
	html_raw(h, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
	html_text(h, T(RT_ERRORS));
	html_raw(h, "</h2><ul>");
	for (int i = 0; i < r->errors.count; i++) {
		html_raw(h, "<li><a rel=\"noreferrer\" href=\"#");
		html_text(h, r->errors.items[i].field);
		html_raw(h, "\">");
		html_text(h, i18n_text(r->errors.items[i].message, r->lang));
		html_raw(h, "</a></li>");
	}
	if (r->errors.count == 0) {
		html_raw(h, "<li>");
		html_text(h, i18n_text(detail, r->lang));
		html_raw(h, "</li>");
	}
	html_raw(h, "</ul></div>\n");
}

/* ---- the form ---- */

/* Whether the typed form holds `value` for `name` (a text, or an item of a list). */
static bool
typed_is(json_t *form, const char *name, const char *value)
{
	json_t *v = form != NULL ? json_object_get(form, name) : NULL;
	size_t i;
	json_t *item;

	if (json_is_string(v))
		return strcmp(json_string_value(v), value) == 0;
	json_array_foreach(v, i, item)
		if (json_is_string(item) && strcmp(json_string_value(item), value) == 0)
			return true;
	return false;
}

static const char *
typed_text(json_t *form, const char *name)
{
	json_t *v = form != NULL ? json_object_get(form, name) : NULL;

	return json_is_string(v) ? json_string_value(v) : "";
}

static void
legend(struct request *r, struct html *h, enum report_text label, bool optional)
{
	html_raw(h, "<legend>");
	html_text(h, T(label));
	if (optional) {
		html_raw(h, " <span class=\"hint\">");
		html_text(h, T(RT_OPTIONAL));
		html_raw(h, "</span>");
	}
	html_raw(h, "</legend>");
}

/* One radio or checkbox of `name` with `value` and its label. */
static void
choice(struct html *h, const char *type, const char *name, const char *value, const char *label,
       bool checked)
{
	html_printf(h, "<div class=\"choice\"><input type=\"%s\" name=\"%s\" id=\"%s-%s\" "
		    "value=\"%s\"%s><label for=\"%s-%s\">", type, name, name, value, value,
		    checked ? " checked" : "", name, value);
	html_text(h, label);
	html_raw(h, "</label></div>");
}

/* A fieldset of choices, from a vocabulary labelled in data/labels.json or by `texts`. */
static void
choices(struct request *r, struct html *h, json_t *form, const char *type, const char *name,
	enum report_text label, const char *const *values, const char *label_group,
	const enum report_text *texts)
{
	html_printf(h, "<fieldset class=\"field-block\" id=\"%s\">", name);
	legend(r, h, label, strcmp(name, "kind") != 0);
	error_line(r, h, name);
	for (int i = 0; values[i] != NULL; i++)
		choice(h, type, name, values[i],
		       texts != NULL ? T(texts[i]) : label_text(label_group, values[i], r->lang),
		       typed_is(form, name, values[i]));
	html_raw(h, "</fieldset>\n");
}

/* A labelled text input, date input or text area. */
static void
text_field(struct request *r, struct html *h, json_t *form, const char *name,
	   enum report_text label, const char *input)
{
	html_printf(h, "<div class=\"field-block\"><label class=\"field\" for=\"%s\">", name);
	html_text(h, T(label));
	html_raw(h, " <span class=\"hint\">");
	html_text(h, T(RT_OPTIONAL));
	html_raw(h, "</span></label>");
	if (strcmp(name, "contact") == 0) {
		html_raw(h, "<p class=\"hint\">");
		html_text(h, T(RT_CONTACT_HINT));
		html_raw(h, "</p>");
	}
	error_line(r, h, name);
	if (strcmp(input, "textarea") == 0) {
		html_printf(h, "<textarea id=\"%s\" name=\"%s\" rows=\"6\">", name, name);
		html_text(h, typed_text(form, name));
		html_raw(h, "</textarea></div>\n");
		return;
	}
	html_printf(h, "<input type=\"%s\" id=\"%s\" name=\"%s\" value=\"", input, name, name);
	html_text(h, typed_text(form, name));
	html_raw(h, "\"></div>\n");
}

static void
municipality_field(struct request *r, struct html *h, json_t *form,
		   const struct report_place *places, int n)
{
	json_t *chosen = form != NULL ? json_object_get(form, "municipality_id") : NULL;

	html_raw(h, "<div class=\"field-block\"><label class=\"field\" for=\"municipality_id\">");
	html_text(h, T(RT_MUNICIPALITY));
	html_raw(h, "</label>");
	error_line(r, h, "municipality_id");
	html_raw(h, "<select id=\"municipality_id\" name=\"municipality_id\" required><option "
		    "value=\"\">");
	html_text(h, T(RT_CHOOSE));
	html_raw(h, "</option>");
	for (int i = 0; i < n; i++) {
		html_printf(h, "<option value=\"%lld\"%s>", (long long)places[i].id,
			    json_integer_value(chosen) == places[i].id ? " selected" : "");
		html_text(h, places[i].name);
		html_raw(h, "</option>");
	}
	html_raw(h, "</select></div>\n");
}

static void
form_fields(struct request *r, struct html *h, json_t *form, const struct report_place *places,
	    int nplaces)
{
	static const enum report_text kind_texts[] = { RT_KIND_DV, RT_KIND_GBV, RT_KIND_HATE };
	static const enum report_text reporter_texts[] = { RT_REPORTER_VICTIM, RT_REPORTER_WITNESS,
							   RT_REPORTER_ORGANISATION };

	choices(r, h, form, "radio", "kind", RT_KIND, public_report_kinds, NULL, kind_texts);
	choices(r, h, form, "checkbox", "forms", RT_FORMS, violence_forms, "form", NULL);
	choices(r, h, form, "checkbox", "bias", RT_BIAS, bias_motivations, "bias", NULL);
	text_field(r, h, form, "occurred_on", RT_WHEN, "date");
	municipality_field(r, h, form, places, nplaces);
	text_field(r, h, form, "place", RT_PLACE, "text");
	text_field(r, h, form, "description", RT_DESCRIPTION, "textarea");
	choices(r, h, form, "radio", "reporter", RT_REPORTER, public_reporters, NULL,
		reporter_texts);
	text_field(r, h, form, "name", RT_NAME, "text");
	html_raw(h, "<fieldset class=\"field-block\" id=\"wants_contact\">");
	choice(h, "checkbox", "wants_contact", "yes", T(RT_WANTS_CONTACT),
	       form != NULL && json_is_true(json_object_get(form, "wants_contact")));
	html_raw(h, "</fieldset>");
	text_field(r, h, form, "contact", RT_CONTACT, "textarea");
	/* The trap: hidden from people (and from screen readers), filled in by robots. */
	html_raw(h, "<div class=\"trap\" aria-hidden=\"true\"><label for=\"nickname\">");
	html_text(h, T(RT_HONEYPOT));
	html_raw(h, "</label><input type=\"text\" id=\"nickname\" name=\"nickname\" "
		    "tabindex=\"-1\" autocomplete=\"off\" value=\"\"></div>\n");
}

void
report_page_form(struct request *r, int status, enum msg detail, json_t *form)
{
	struct html h = { 0 };
	struct report_place *places = NULL;
	char token[FORM_TOKEN_TEXT];
	struct db *db = api_reader(r);
	int n = 0;

	if (db == NULL)
		return;
	if (store_report_places(db, &r->arena, &places, &n) != URA_OK) {
		reply_status(r, URA_EUNAVAILABLE);
		return;
	}
	form_token_make(r->app->keys, clock_now(), token);
	page_open(r, &h, "/report");
	html_raw(&h, "<h1>");
	html_text(&h, T(RT_HEADING));
	html_raw(&h, "</h1><p>");
	html_text(&h, T(RT_INTRO));
	html_raw(&h, "</p><p><strong>");
	html_text(&h, T(RT_DANGER));
	html_raw(&h, "</strong></p>\n");
	error_summary(r, &h, status, detail);
	html_printf(&h, "<form method=\"post\" action=\"" REPORT_ACTION "\" autocomplete=\"off\">"
		    "<input type=\"hidden\" name=\"token\" value=\"%s\"><input type=\"hidden\" "
		    "name=\"lang\" value=\"%s\">\n", token, lang_tag(r->lang));
	form_fields(r, &h, form, places, n);
	html_raw(&h, "<button type=\"submit\">");
	html_text(&h, T(RT_SUBMIT));
	html_raw(&h, "</button></form>\n<p><a rel=\"noreferrer\" href=\"/report/status?lang=");
	html_raw(&h, lang_tag(r->lang));
	html_raw(&h, "\">");
	html_text(&h, T(RT_STATUS_LINK));
	html_raw(&h, "</a></p>\n");
	page_close(r, &h, status);
}

void
handle_report_page(struct request *r)
{
	if (page_language(r))
		report_page_form(r, 200, MSG_TITLE_400, NULL);
}

/* ---- the receipt and the status ---- */

void
report_page_receipt(struct request *r, const char *receipt)
{
	struct html h = { 0 };

	page_open(r, &h, "/report");
	html_raw(&h, "<h1>");
	html_text(&h, T(RT_SENT_HEADING));
	html_raw(&h, "</h1><p>");
	html_text(&h, T(RT_RECEIPT_INTRO));
	html_raw(&h, "</p><p class=\"receipt\" id=\"receipt\">");
	html_text(&h, receipt);
	html_printf(&h, "</p><p><a rel=\"noreferrer\" href=\"/report/status?lang=%s\">",
		    lang_tag(r->lang));
	html_text(&h, T(RT_STATUS_LINK));
	html_raw(&h, "</a></p>\n");
	page_close(r, &h, 202);
}

void
report_page_status_form(struct request *r, int status, enum msg detail)
{
	struct html h = { 0 };

	page_open(r, &h, "/report/status");
	html_raw(&h, "<h1>");
	html_text(&h, T(RT_STATUS_HEADING));
	html_raw(&h, "</h1>\n");
	error_summary(r, &h, status, detail);
	html_printf(&h, "<form method=\"post\" action=\"" STATUS_ACTION "\" autocomplete=\"off\">"
		    "<input type=\"hidden\" name=\"lang\" value=\"%s\"><div class=\"field-block\">"
		    "<label class=\"field\" for=\"receipt\">", lang_tag(r->lang));
	html_text(&h, T(RT_RECEIPT_LABEL));
	html_raw(&h, "</label>");
	error_line(r, &h, "receipt");
	html_raw(&h, "<input type=\"text\" id=\"receipt\" name=\"receipt\" autocomplete=\"off\" "
		     "autocapitalize=\"characters\" spellcheck=\"false\" required></div><button "
		     "type=\"submit\">");
	html_text(&h, T(RT_STATUS_SUBMIT));
	html_printf(&h, "</button></form>\n<p><a rel=\"noreferrer\" href=\"/report?lang=%s\">",
		    lang_tag(r->lang));
	html_text(&h, T(RT_NEW_REPORT));
	html_raw(&h, "</a></p>\n");
	page_close(r, &h, status);
}

void
handle_report_status_page(struct request *r)
{
	if (page_language(r))
		report_page_status_form(r, 200, MSG_TITLE_400);
}

static enum report_text
status_text(const char *status)
{
	static const enum report_text texts[] = { RT_STATUS_RECEIVED, RT_STATUS_IN_PROGRESS,
						  RT_STATUS_REFERRED, RT_STATUS_CLOSED };

	for (int i = 0; public_report_statuses[i] != NULL; i++)
		if (strcmp(public_report_statuses[i], status) == 0)
			return texts[i];
	return RT_STATUS_RECEIVED;
}

void
report_page_status(struct request *r, const char *status, const char *message)
{
	struct html h = { 0 };

	page_open(r, &h, "/report/status");
	html_raw(&h, "<h1>");
	html_text(&h, T(RT_STATUS_HEADING));
	html_raw(&h, "</h1><dl><dt>");
	html_text(&h, T(RT_STATUS_LABEL));
	html_printf(&h, "</dt><dd id=\"status\" data-status=\"%s\">", status);
	html_text(&h, T(status_text(status)));
	html_raw(&h, "</dd><dt>");
	html_text(&h, T(RT_MESSAGE_LABEL));
	html_raw(&h, "</dt><dd id=\"message\">");
	html_text(&h, message != NULL ? message : T(RT_NO_MESSAGE));
	html_printf(&h, "</dd></dl><p><a rel=\"noreferrer\" href=\"/report?lang=%s\">",
		    lang_tag(r->lang));
	html_text(&h, T(RT_NEW_REPORT));
	html_raw(&h, "</a></p>\n");
	page_close(r, &h, 200);
}

/* ---- the script and the style ---- */

void
handle_report_file(struct request *r)
{
	const char *name = strrchr(r->path, '/') + 1;

	for (const struct embedded_file *f = public_files; f->name != NULL; f++) {
		if (strcmp(f->name, name) != 0)
			continue;
		reply_header_add(r, "Cache-Control", "no-cache");
		reply_text(r, 200,
			   strstr(name, ".js") ? "text/javascript; charset=utf-8"
					       : "text/css; charset=utf-8",
			   f->text, strlen(f->text));
		return;
	}
	reply_problem(r, 404, MSG_ROUTE_NOT_FOUND);
}
