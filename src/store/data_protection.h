/*
 * What the data-protection answers read (api/data_protection.c): a person's cases by the blind
 * index, who accessed them (the audit log grouped by day, institution, role and action), the
 * institutions an export names, and the live configuration the record of processing
 * activities describes. Each is one statement; every list is bounded by its caller.
 */
#ifndef URA_STORE_DATA_PROTECTION_H
#define URA_STORE_DATA_PROTECTION_H

#include "store/store.h"

/* A case as a search for the person finds it: plain columns only. */
struct sar_case_row {
	int64_t id, owner_institution_id, created_at;
	const char *reference, *kind, *status;
};
/* The cases whose survivor's names and birth date give `index` (survivor_index), newest
 * first, at most `max`: all of them (`owner` 0) or those `owner` leads. */
enum ura_status store_sar_cases(struct db *db, struct arena *a, const unsigned char *index,
				size_t len, int64_t owner, int max, struct sar_case_row **out,
				int *n);

/* The audit entries on the cases, counted by UTC day, actor institution, actor role and
 * action; by day, at most `limit` groups. Staff are never named: the institution and role. */
struct sar_access_row {
	int64_t day; /* days since 1970-01-01 */
	int64_t institution_id, count; /* 0: no institution (a coordinator, the auditor) */
	const char *role;   /* "" when the entry has no actor (the system) */
	const char *action;
};
enum ura_status store_sar_access(struct db *db, struct arena *a, const int64_t *case_ids, int n,
				 int limit, struct sar_access_row **out, int *nout);

/* Institutions by id (those an export names), by id. */
struct sar_institution_row {
	int64_t id;
	const char *name, *type, *phone, *email, *address;
};
enum ura_status store_sar_institutions(struct db *db, struct arena *a, const int64_t *ids, int n,
				       struct sar_institution_row **out, int *nout);

/* ---- the record of processing activities ---- */

/* Every institution with its municipality's country and how many mechanisms it is in, by
 * id, at most `limit`. */
struct processing_institution_row {
	int64_t id, mechanisms;
	const char *name, *type, *country;
};
enum ura_status store_processing_institutions(struct db *db, struct arena *a, int limit,
					      struct processing_institution_row **out, int *n);
/* Referrals made since `since`, counted by basis and the recipient's institution type. */
struct processing_sharing_row {
	const char *basis, *institution_type;
	int64_t referrals;
};
enum ura_status store_processing_sharing(struct db *db, struct arena *a, int64_t since,
					 struct processing_sharing_row **out, int *n);
/* Mechanisms that share counts across the border (cross_border_sharing), by id, at most
 * `limit`. */
struct processing_mechanism_row {
	int64_t id;
	const char *name, *kind, *country;
};
enum ura_status store_processing_cross_border(struct db *db, struct arena *a, int limit,
					      struct processing_mechanism_row **out, int *n);

#endif
