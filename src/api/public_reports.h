/*
 * Reports made without an account: POST /public/reports (a JSON body, or the public form)
 * and POST /public/reports/status (the receipt in the body, never in an address). No
 * session, no cookie; a form is answered with a page (api/report_page.h), JSON with JSON.
 */
#ifndef URA_API_PUBLIC_REPORTS_H
#define URA_API_PUBLIC_REPORTS_H

#include "crypt/crypt.h"
#include "domain/public_report.h"
#include "http/request.h"
#include "store/public_reports.h"

void handle_public_report_create(struct request *r);
void handle_public_report_status(struct request *r);

/* ---- shared with the third-party reports of CSOs (api/intake.c) ---- */

/* The fields of a report, NULL-terminated. */
extern const char *const public_report_fields[];
/* A report's fields as read from a body. */
struct report_fields {
	struct public_report_row row;
	const char *texts[4]; /* description, place, name, contact; NULL when not given */
};
/* Reads the report's fields from r->json, refusing members not in `allowed` (NULL-terminated);
 * false with the errors in r->errors. */
bool public_report_fields_read(struct request *r, const char *const *allowed,
			       struct report_fields *f);
/* Inside a write: chooses the report's mechanism (422 on municipality_id when it has none),
 * inserts the row (f->row.id) and seals its details. */
enum ura_status public_report_store(struct db *db, struct request *r, struct report_fields *f,
				    const unsigned char *receipt_hash, int64_t now);
/* A new receipt: its text (shown once) and the hash that is stored. */
void public_receipt_new(char receipt[PUBLIC_RECEIPT_TEXT], unsigned char hash[TOKEN_HASH_LEN]);
/* The names among `names` of the members r->json has, as JSON array text (for the audit). */
const char *public_report_given(struct request *r, const char *const *names);

#endif
