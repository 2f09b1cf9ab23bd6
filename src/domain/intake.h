/*
 * Intake triage of reports made without an account and of third-party reports filed by a
 * CSO on a victim's behalf: who may file, who sees a report in an intake queue and which of
 * its details each reader may read, which triage moves are allowed, and when a triage is
 * overdue (working days). Pure: no I/O, no clock, no keys.
 *
 * Who sees a report (intake_access):
 * - `statistics` (police_disclosure): nobody, ever — not even the filing CSO; it reaches the
 *   hate-crime figures only.
 * - `later`, not yet passed on: the filing CSO's staff only (its own intake view).
 * - In a queue (public, `now`, or passed): the mechanism's coordinator (every kind), the
 *   staff of the mechanism's hate-crime contact point (hate incidents), the staff of the
 *   police institution the report was referred to; the filing CSO keeps reading its own.
 *
 * Which details a reader reads (intake_readable), by the protocol's categories: the account
 * of what happened and the place are `incident`, the name `identity`, the way to make contact
 * `contact`. The filer reads all of its own report; a public report's reporter addressed the
 * mechanism, whose triaging readers read all of it; a CSO report's other readers read only the
 * categories the victim consented to (an anonymised report: `incident` only — it has neither
 * name nor contact).
 *
 * Triage: a report in a queue with no outcome yet is converted into a case, referred to a
 * police institution, or closed; a referred report may still be converted (by the police) or
 * closed; a report with a case, or closed, is done: 409.
 */
#ifndef URA_DOMAIN_INTAKE_H
#define URA_DOMAIN_INTAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/policy.h"
#include "domain/types.h"

extern const char *const intake_sources[];            /* public cso */
extern const char *const intake_police_disclosures[]; /* now later statistics */
extern const char *const intake_outcomes[];           /* case referral closed */
/* The queue's ?status= filter: open (awaiting the caller's triage), or a receipt status, or
 * all. */
extern const char *const intake_status_filters[];

enum intake_disclosure { DISCLOSE_NOW, DISCLOSE_LATER, DISCLOSE_STATISTICS };
int intake_disclosure_parse(const char *name); /* -1 when unknown */

#define INTAKE_TRIAGE_DAYS_DEFAULT 2
#define INTAKE_REASON_CHARS 2000

/* What decides who sees a report. */
struct intake_facts {
	bool cso;                        /* source cso, else public */
	enum intake_disclosure disclosure;
	bool queued;                     /* received_at is set: in the triage queues */
	bool hate;                       /* kind hate_crime */
	bool anonymised;
	category_set consented;          /* a CSO report's consent categories */
	int64_t filed_by_institution_id; /* 0 for a public report */
	int64_t police_institution_id;   /* referred to, 0 when not */
	int64_t case_id;                 /* converted into, 0 when not */
	bool closed;
};

/* Who asks, as the store found them for this report's mechanism. */
struct intake_viewer {
	const struct user *user;
	bool coordinator;   /* the coordinator of the report's mechanism */
	bool contact_point; /* staff of the mechanism's hate-crime contact point */
};

enum intake_access {
	INTAKE_NONE,   /* 404: the report does not exist for the caller */
	INTAKE_FILER,  /* the filing CSO: reads its report, passes it on when held */
	INTAKE_TRIAGE, /* a triaging reader: reads, converts, refers, closes */
};
enum intake_access intake_access(const struct intake_viewer *v, const struct intake_facts *f);

/* The categories of the report's details `v` reads (0 for INTAKE_NONE). */
category_set intake_readable(const struct intake_viewer *v, const struct intake_facts *f);
/* The category each sealed detail ("description", "place", "name", "contact") belongs to;
 * -1 for an unknown detail (never shown). */
int intake_detail_category(const char *detail);

/* Only the staff (caseworker, manager) of an institution of type `cso` file reports. */
bool intake_may_file(const struct user *u, const char *institution_type);

/* The rules between a filing's fields, added to `errors` ("consent", "anonymised", "name",
 * "contact"): consent or anonymised, exactly one; an anonymised report carries neither name
 * nor contact. */
struct intake_filing {
	bool has_consent, anonymised, has_name, has_contact;
};
bool intake_filing_check(const struct intake_filing *in, struct field_errors *errors);

/* The receipt's status a triage leaves: into a case → in_progress, a referral → referred,
 * closed → closed. NULL for an unknown outcome. */
const char *intake_status_after(const char *outcome);
/*
 * May `outcome` be chosen now? URA_OK, URA_ECONFLICT when the report is done (a case, or
 * closed) or already referred and `outcome` is a referral again, URA_EFORBIDDEN when `v` may
 * not triage (a filer), URA_ENOTFOUND when it may not see the report.
 */
enum ura_status intake_triage_allowed(const struct intake_viewer *v, const struct intake_facts *f,
				      const char *outcome);
/* Whether the report is awaiting this viewer's triage (the queue's "open"); for its filer,
 * whether it is held, waiting to be passed on. */
bool intake_open_for(const struct intake_viewer *v, const struct intake_facts *f);
/* A held report (`later`, not in a queue, no outcome) may be passed on by its filer. */
enum ura_status intake_pass_allowed(const struct intake_viewer *v, const struct intake_facts *f);

/* ---- working days (Monday to Friday, UTC days; no public holidays) ---- */

/* Whether the UTC day holding t is a Saturday or a Sunday. */
bool intake_weekend(int64_t t);
/* When a report received at `received_at` must be triaged: `days` working days later, at the
 * same time of day (a report received on a weekend counts from the next Monday's start). */
int64_t intake_triage_due(int64_t received_at, int days);
/* Whole working days from `from` to `to` (0 when to <= from). */
int intake_working_days(int64_t from, int64_t to);
/* Overdue: still without an outcome and past its due time. */
bool intake_overdue(const struct intake_facts *f, int64_t due, int64_t now);

#endif
