/*
 * The data-protection officer's questions, decided (issue 16): who answers a person's
 * subject-access request (GDPR art. 15; Albania's Law 124/2024 and Kosovo's Law 06/L-082 on
 * the protection of personal data, which follow it), what the answer holds, how the audit
 * log's entries read as "who had your data and when", and the fixed parts of the record of
 * processing activities (art. 30): the protocol's sharing channels with their legal basis,
 * the security measures and the retention rules the settings give. Pure.
 *
 * Who exports (docs/CONTRACT.md, "The person's own copy"):
 * - a manager of the institution that leads the case (owns it): the whole copy, as that
 *   institution reads it under the protocol (domain/policy), minus the data of other people
 *   (children, the alleged perpetrator: art. 15(4));
 * - the auditor (the data-protection officer), for any case: the register part only — the
 *   cases, who holds them, referrals, consents and accesses, no case content (DESIGN.md:
 *   the auditor reads no case content);
 * - nobody else (403; a case the caller cannot see at all stays a 404).
 */
#ifndef URA_DOMAIN_DATA_PROTECTION_H
#define URA_DOMAIN_DATA_PROTECTION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config.h"
#include "domain/policy.h"
#include "domain/types.h"

/* The most cases one export covers (one person's; each is read in its own round). */
#define SAR_CASES_MAX 10

enum sar_scope {
	SAR_SCOPE_NONE,     /* may not export this case */
	SAR_SCOPE_REGISTER, /* the DPO: cases, holders, referrals, consents, accesses */
	SAR_SCOPE_FULL,     /* the lead institution's manager: everything it reads */
};
extern const char *const sar_scope_names[]; /* by enum sar_scope: "none", "register", "full" */

/* Whether the caller's role answers subject-access requests at all (manager, auditor). */
bool sar_may_export(const struct user *u);
/* What the caller may export of a case led (owned) by `owner_institution_id`. */
enum sar_scope sar_case_scope(const struct user *u, int64_t owner_institution_id);
/* The categories an export shows, given those the caller reads: the full scope leaves out
 * the data of other people (children, perpetrator); the register scope shows none. */
category_set sar_categories(enum sar_scope scope, category_set readable);
/* Whether the export shows the case's free texts and records (notes, plan, orders, risk). */
bool sar_shows_content(enum sar_scope scope);

/* What an audit entry on a case was, for the person: the recipients of their data. */
enum sar_access { SAR_ACCESS_READ, SAR_ACCESS_WRITE, SAR_ACCESS_EMERGENCY, SAR_ACCESS_EXPORT,
		  SAR_ACCESS_COUNT };
extern const char *const sar_access_names[]; /* "read", "write", "emergency", "export" */
enum sar_access sar_access_of(const char *action);

/* The record of processing activities: the auditor and the administrator read it. */
bool processing_record_read(const struct user *u);

/* How the protocol shares data, each with its legal basis (GDPR art. 6 and 9). */
struct processing_channel {
	const char *code;      /* "owner", "referral_consent", ... (labels: processing_channel) */
	const char *basis;     /* "public_task", "consent", "vital_interests", ... (legal_basis) */
	const char *articles;  /* the GDPR articles, as cited */
	const char *referral_basis; /* the referrals' `basis` it counts ("consent"), or NULL */
};
extern const struct processing_channel processing_channels[]; /* ended by a NULL code */

/* The security measures the record names, each with what the settings make of it. */
/* The most measures or retention rules there are (a caller's array holds this many). */
#define PROCESSING_ITEMS_MAX 32
#define PROCESSING_VALUE_LEN 160
struct processing_measure {
	const char *code; /* labels: security_measure */
	char value[PROCESSING_VALUE_LEN]; /* the algorithm or the setting's value, not words */
};
/* Fills out[] (at most max) from the settings; returns how many. */
int processing_measures(const struct config *c, struct processing_measure *out, int max);

/* A retention rule: what is kept, for how long (a number of `unit`s, 0: without end), and
 * the setting that decides it (NULL: fixed). New settings add a line here. */
struct retention_rule {
	const char *code; /* labels: retention_item */
	int64_t value;
	const char *unit; /* "minutes", "hours", "days", "months"; NULL when value is 0 */
	const char *setting;
};
int processing_retention(const struct config *c, struct retention_rule *out, int max);

/* Whose data Ura holds (labels: data_subject), NULL-terminated. */
extern const char *const processing_data_subjects[];
/* The GDPR article that makes a category special (art. 9: health, and the incident's sexual
 * violence and bias motivation; art. 10: offences — the perpetrator, court orders), or NULL. */
const char *processing_category_special(enum category c);

/* Every (labels group, code) this module puts in an answer, for the labels' own test. */
void data_protection_vocabulary_each(void (*fn)(const char *group, const char *code,
						 void *ctx), void *ctx);

#endif
