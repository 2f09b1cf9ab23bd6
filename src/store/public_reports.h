/*
 * Rows of reports made without an account (store/public_reports.c): the report, the
 * municipalities that take reports, the mechanism a report goes to, the receipt look-up.
 * Texts that may name a person are blobs, sealed by the caller (api/sealed.h; the details
 * are the sealed field SEALED_PUBLIC_REPORT_DETAILS).
 */
#ifndef URA_STORE_PUBLIC_REPORTS_H
#define URA_STORE_PUBLIC_REPORTS_H

#include "store/store.h"

struct public_report_row {
	int64_t id, municipality_id, mechanism_id, created_at, updated_at;
	const char *kind, *forms, *bias, *occurred_on, *reporter, *status;
	bool wants_contact;
	struct blob details, message;
	/* who filed it and what the police may learn (store/intake.h reads the rest) */
	const char *source;            /* "public" (NULL is public) or "cso" */
	const char *police_disclosure; /* "now" (NULL is now), "later", "statistics" */
	const char *consent_method, *consent_categories; /* JSON list text; NULL without */
	bool anonymised;
	int64_t filed_by_institution_id, filed_by_user_id; /* 0 for a public report */
	int64_t received_at, triage_due_at; /* 0 while held or statistics only */
};

/* (Internal to src/store.) A report's columns, of the table as `p`, and their reader. */
#define PUBLIC_REPORT_COLUMNS                                                               \
	"p.id, p.municipality_id, coalesce(p.mechanism_id, 0), p.created_at, p.updated_at, "  \
	"p.kind, p.forms, p.bias, p.occurred_on, p.reporter, p.status, p.wants_contact, "     \
	"p.details, p.message, p.source, p.police_disclosure, p.consent_method, "              \
	"p.consent_categories, p.anonymised, coalesce(p.filed_by_institution_id, 0), "        \
	"coalesce(p.filed_by_user_id, 0), coalesce(p.received_at, 0), "                       \
	"coalesce(p.triage_due_at, 0)"
#define PUBLIC_REPORT_NCOLUMNS 23
struct db_stmt;
void public_report_columns_read(struct db *db, struct db_stmt *st, struct arena *a,
				struct public_report_row *p);

/* Inserts the report's plain columns (status "received"); *id is the new row. */
enum ura_status store_public_report_insert(struct db *db, const struct public_report_row *p,
					   const unsigned char *receipt_hash, int64_t now,
					   int64_t *id);
/* The report whose receipt hashes to `receipt_hash`; URA_ENOTFOUND when none. */
enum ura_status store_public_report_by_receipt(struct db *db, struct arena *a,
					       const unsigned char *receipt_hash,
					       struct public_report_row *out);

/*
 * The mechanism of municipality `municipality_id` that triages a report of `kind`: the one of
 * that kind, else the municipality's first; URA_ENOTFOUND when it has none.
 */
enum ura_status store_report_mechanism(struct db *db, int64_t municipality_id, const char *kind,
				       int64_t *mechanism_id);

struct report_place {
	int64_t id;
	const char *name;
};
/* Municipalities with at least one mechanism, by name, at most `limit`. */
#define REPORT_PLACES_MAX 1000
enum ura_status store_report_places(struct db *db, struct arena *a, struct report_place **out,
				    int *n);

#endif
