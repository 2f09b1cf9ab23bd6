/*
 * What the coordination, national and administration screens read and write beyond the
 * meetings themselves (store/coordination.c): requests for an ad hoc meeting read back and
 * answered, calendar subscriptions, the coordinator's dashboard and the national view, each
 * a fixed number of statements whatever the data. Included by store/store.h, after its
 * struct blob.
 */
#ifndef URA_STORE_COORDINATION_H
#define URA_STORE_COORDINATION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"

struct db;

/* ---- requests for an ad hoc meeting ---- */

struct meeting_request_row {
	int64_t id, mechanism_id, institution_id, user_id, meeting_id, created_at, answered_at;
	const char *status; /* open, scheduled, declined */
	const char *cases;  /* JSON text: [{"id","reference"}], in the order they were named */
	struct blob reason, answer; /* encrypted */
};
enum ura_status store_meeting_request_get(struct db *db, struct arena *a, int64_t id,
					  struct meeting_request_row *out);
/* A mechanism's requests, newest first, ids below `before` (0: from the newest). */
enum meeting_request_state { REQUESTS_ANY, REQUESTS_OPEN, REQUESTS_ANSWERED };
struct meeting_request_filter {
	int64_t mechanism_id;
	int64_t institution_id; /* 0: every institution's */
	enum meeting_request_state state;
	int64_t before;
	int limit;
};
enum ura_status store_meeting_requests_list(struct db *db, struct arena *a,
					    const struct meeting_request_filter *f,
					    struct meeting_request_row **out, int *n);
/* open → `status` with the meeting (0: none) and the encrypted answer (may be empty);
 * URA_ECONFLICT when the request is no longer open (answered first by someone else). */
enum ura_status store_meeting_request_answer(struct db *db, int64_t id, const char *status,
					     int64_t meeting_id, const struct blob *answer,
					     int64_t user_id, int64_t now);

/* ---- calendar subscriptions ---- */

/* The user's subscription to the mechanism's calendar, replacing any earlier one. */
enum ura_status store_calendar_subscribe(struct db *db, int64_t user_id, int64_t mechanism_id,
					 const unsigned char *token_hash, int64_t now);
/* Ends it (nothing to end is not an error). */
enum ura_status store_calendar_unsubscribe(struct db *db, int64_t user_id,
					   int64_t mechanism_id);
/* The subscription of a token hash: its user and mechanism; URA_ENOTFOUND without. */
enum ura_status store_calendar_subscription(struct db *db, const unsigned char *token_hash,
					    int64_t *user_id, int64_t *mechanism_id);

/* ---- the coordinator's dashboard ---- */

struct dashboard_scope {
	int64_t mechanism_id, now;
	const char *today, *expiring_until; /* dates, as the case list's filters use them */
	int64_t quarter_starts[5];          /* the year's quarters (epoch seconds) */
};
struct dashboard {
	int64_t open_by_risk[5]; /* unassessed standard medium high extreme: open or active */
	int64_t open_total, referrals_overdue, reviews_due, orders_expiring, actions_overdue;
	int64_t meeting_requests_open, minimum_per_year;
	int64_t held[4], regular[4]; /* meetings held per quarter: all kinds, regular ones */
};
/* One statement. The case counts count cases, with the same conditions as GET /cases'
 * filters (store/case_sql.h), so each equals the length of its list. */
enum ura_status store_dashboard(struct db *db, const struct dashboard_scope *s,
				struct dashboard *out);

/* ---- the national view ---- */

#define NATIONAL_MUNICIPALITIES_MAX 1000 /* Albania has 61, Kosovo 38 */
#define NATIONAL_MECHANISMS_MAX 4000     /* one per municipality and kind */
struct national_municipality {
	int64_t id, cases_opened, referrals_sent, referrals_overdue;
	const char *name, *country;
};
struct national_mechanism {
	int64_t id, municipality_id, coordinator_user_id, members, meetings_held, minimum;
	const char *kind, *name;
};
/* Every municipality with its year's counts, and every mechanism with its meetings held in
 * the year, both by municipality id: two statements. [from, to) in epoch seconds. */
enum ura_status store_national(struct db *db, struct arena *a, int64_t from, int64_t to,
			       int64_t now, struct national_municipality **munis, int *nmunis,
			       struct national_mechanism **mechs, int *nmechs);

#endif
