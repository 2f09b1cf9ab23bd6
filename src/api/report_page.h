/*
 * The public report pages (no account, no cookie, nothing kept in the browser): the form
 * (GET /report), the receipt shown once after sending, the status page (GET /report/status
 * and the answer to a receipt), and their script and style. Server-rendered HTML that works
 * without JavaScript, in the request's language, under the app's Content-Security-Policy.
 * The handlers of POST /public/reports (api/public_reports.c) answer a form with these pages.
 */
#ifndef URA_API_REPORT_PAGE_H
#define URA_API_REPORT_PAGE_H

#include <jansson.h>

#include "http/request.h"

void handle_report_page(struct request *r);
void handle_report_status_page(struct request *r);
void handle_report_file(struct request *r);

/* The language a public page speaks: `tag` ("sq", "en", "sr-Latn") when it is one, else the
 * request's (Accept-Language). Sets r->lang; false when `tag` is given but none of them. */
bool report_page_language(struct request *r, const char *tag);

/* The form again, with what was typed (`form`, may be NULL), r->errors (or `detail` when
 * no field is named), as `status`. */
void report_page_form(struct request *r, int status, enum msg detail, json_t *form);
/* The receipt, shown this once (201: a report was made). */
void report_page_receipt(struct request *r, const char *receipt);
/* The status form, with r->errors when `status` is not 200. */
void report_page_status_form(struct request *r, int status, enum msg detail);
/* The status and the message the institution wrote (NULL: none yet). */
void report_page_status(struct request *r, const char *status, const char *message);

#endif
