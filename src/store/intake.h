/*
 * Rows of the intake queues (store/intake.c): a report with the facts that decide who sees
 * it (its mechanism's coordinator and hate-crime contact point), the candidates of one
 * caller's queue, the triage's guarded write, and passing on a held report. Texts that may
 * name a person stay sealed blobs (the caller opens them).
 */
#ifndef URA_STORE_INTAKE_H
#define URA_STORE_INTAKE_H

#include "store/public_reports.h"

struct intake_row {
	struct public_report_row p;
	int64_t coordinator_user_id;     /* of the report's mechanism, 0 when none */
	int64_t contact_institution_id;  /* the mechanism's hate-crime contact point, 0 when none */
	int64_t case_id, police_institution_id, triaged_by, triaged_at;
	const char *outcome;             /* NULL until triaged */
	struct blob close_reason;
};

/* The report `id`; URA_ENOTFOUND when none. */
enum ura_status store_intake_get(struct db *db, struct arena *a, int64_t id,
				 struct intake_row *out);

/*
 * The reports that may be in the queue of a user (`user_id`, `institution_id`, 0 when none):
 * of a mechanism they coordinate, hate incidents of a mechanism whose contact point is their
 * institution, those referred to or filed by their institution — never statistics-only ones.
 * The caller decides each row (domain/intake.h). `kind`, `status` (NULL: any) and
 * `untriaged` narrow it;
 * ids after `after`, at most `limit`, oldest first.
 */
struct intake_query {
	int64_t user_id, institution_id, after;
	const char *kind, *status;
	bool untriaged; /* only reports without a case that are not closed */
	int limit;
};
enum ura_status store_intake_list(struct db *db, struct arena *a, const struct intake_query *q,
				  struct intake_row **out, int *n);

/* Records a triage: outcome, the receipt's status, who and when, and the case or police
 * institution it led to (0: unchanged). URA_ECONFLICT when the report already has a case or is
 * closed (someone triaged it first). */
struct intake_triage {
	int64_t id, by, now, case_id, police_institution_id;
	const char *outcome, *status;
};
enum ura_status store_intake_triage(struct db *db, const struct intake_triage *t);

/* Puts a held report in the queues (received_at `now`, due at `due`); URA_ECONFLICT when it
 * is not held any more. */
enum ura_status store_intake_pass(struct db *db, int64_t id, int64_t now, int64_t due);

/* Marks the report's message as changed now. */
enum ura_status store_intake_touch(struct db *db, int64_t id, int64_t now);

#endif
