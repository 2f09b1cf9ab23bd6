/*
 * Retention's rows (issue 16): the closed cases a scan looks at, anonymising one case, and
 * legal holds. Anonymising overwrites every ciphertext column tied to the case (and its blind
 * indexes), destroys its data key, purges its attachments (store_case_attachments_purge) and
 * keeps its dates by month; what the reports count stays.
 */
#ifndef URA_STORE_RETENTION_H
#define URA_STORE_RETENTION_H

#include "domain/retention.h"
#include "store/store.h"

/* A closed case as retention sees it: what domain/retention decides on, and its reference. */
struct retention_row {
	int64_t id, closed_at, created_at, updated_at;
	int64_t outcome_at; /* a hate crime's last outcome date at 00:00 UTC, 0: none */
	const char *reference, *kind, *status;
	bool held, anonymised;
};

/* Closed cases not anonymised with id > after, by id, at most `limit`, among those closed at
 * or before their kind's cut-off (retention_closed_cutoffs). *n counts the rows read. */
enum ura_status store_retention_candidates(struct db *db, struct arena *a,
					   const int64_t cutoffs[RETENTION_KINDS], int64_t after,
					   int limit, struct retention_row **out, int *n);
/* One case's row (any status), locked for the write it is read in. URA_ENOTFOUND. */
enum ura_status store_retention_case(struct db *db, struct arena *a, int64_t id,
				     struct retention_row *out);
/* Anonymises case `c` at `now` (inside a write). URA_ECONFLICT when it already was. */
enum ura_status store_case_anonymise(struct db *db, const struct retention_row *c, int64_t now);

struct hold_row {
	int64_t id, case_id, placed_by, placed_at, lifted_by, lifted_at;
	struct blob reason; /* under the case's key; none once the case is anonymised */
};
/* A new active hold (its reason follows with store_hold_set_reason, once the id is known);
 * URA_EEXISTS when the case has one already. */
enum ura_status store_hold_insert(struct db *db, const struct hold_row *h, int64_t *id);
enum ura_status store_hold_set_reason(struct db *db, int64_t id, const struct blob *reason);
/* Lifts the case's active hold; URA_ENOTFOUND when there is none. *id is the hold's. */
enum ura_status store_hold_lift(struct db *db, int64_t case_id, int64_t by, int64_t now,
				int64_t *id);
/* A case's holds, newest first, at most 50. */
enum ura_status store_case_holds(struct db *db, struct arena *a, int64_t case_id,
				 struct hold_row **out, int *n);

#endif
