/*
 * The clocks of a case: when its risk is next reviewed, when a protection order must be
 * decided and when it runs out, and which action-plan actions are overdue; with the state
 * rules of protection orders and actions. Pure: `now` is always passed in.
 *
 * Times are epoch seconds (UTC); dates are "YYYY-MM-DD" strings naming a day of the mechanisms'
 * calendar: the civil day in Albania and Kosovo (Europe/Tirane and Europe/Belgrade keep the
 * same time: UTC+1, and UTC+2 in summer under the EU rule, from 01:00 UTC on the last Sunday
 * of March to 01:00 UTC on the last Sunday of October). "Today" is that day, as the people
 * using Ura see it on their wall clocks, not the UTC day. A date read as a time is its local
 * midnight (clocks_date_parse).
 *
 *   protection order:  pending ──decide──▶ granted | denied
 *   action:            open ──▶ in_progress ──▶ done, or open ──▶ done;  open | in_progress ──▶ cancelled
 *
 * A wrong state is URA_ECONFLICT (409); a wrong field is URA_EUNPROCESSABLE (422) with every
 * wrong field in a struct field_errors; an enum value outside its range is URA_EINVAL.
 */
#ifndef URA_DOMAIN_CLOCKS_H
#define URA_DOMAIN_CLOCKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/policy.h"
#include "domain/types.h"

#define CLOCKS_DAY INT64_C(86400)
#define CLOCKS_DATE_LEN 11 /* "YYYY-MM-DD" and its NUL */

/* Seconds to add to UTC at t for the mechanisms' local time: 3600, or 7200 in summer. */
int64_t clocks_utc_offset(int64_t t);
/* Days since 1970-01-01 of the local day holding t (negative before 1970). */
int64_t clocks_day(int64_t t);
/* The time at which local day `day` (as clocks_day counts) begins. */
int64_t clocks_day_start(int64_t day);
/* "YYYY-MM-DD" of local day `day`, into buf (at least CLOCKS_DATE_LEN bytes). */
void clocks_day_format(int64_t day, char *buf, size_t len);
/* "YYYY-MM-DD" of the local day holding t, into buf (at least CLOCKS_DATE_LEN bytes). */
void clocks_date_format(int64_t t, char *buf, size_t len);
/* A date that exists (core/clock.h's rules) → its local midnight in *t. False otherwise. */
bool clocks_date_parse(const char *s, int64_t *t);
/* The same local wall-clock time `days` days after t (a summer-time change in between moves
 * the instant by an hour, never the day). */
int64_t clocks_days_later(int64_t t, int days);

/* ---- risk reviews ---- */

/* Days from an assessment to the next review, by level (defaults: 3, 7, 30, 60). */
struct review_days {
	int extreme, high, medium, standard;
};
extern const struct review_days review_days_default;

/*
 * When the risk assessed at `now` at `level` is next reviewed. An unassessed (or out-of-range)
 * level gets the extreme interval, the strictest, so that a case without an assessment is
 * looked at soon. A NULL `d` means review_days_default.
 */
int64_t risk_next_review(enum risk_level level, const struct review_days *d, int64_t now);
/* True once `now` is past the review's time (exactly at it, the review is due, not overdue). */
bool risk_review_overdue(int64_t next_review, int64_t now);
/* A breach of a protection order makes the review due at once: `now`, or the review time
 * already set when that is earlier (an overdue review stays as overdue as it was). */
int64_t risk_review_after_breach(int64_t next_review, int64_t now);

/* ---- protection orders ---- */

enum order_kind { ORDER_IMMEDIATE, ORDER_REGULAR };
enum order_status { ORDER_PENDING, ORDER_GRANTED, ORDER_DENIED };
extern const char *const order_kinds[];    /* by enum order_kind, NULL-terminated */
extern const char *const order_statuses[]; /* by enum order_status, NULL-terminated */
extern const char *const order_decisions[]; /* granted denied: what a decision may say */
int order_kind_parse(const char *name);    /* -1 when unknown; "emergency" is immediate */
/* What a request may name: order_kinds and "emergency", the name Kosovo's law gives the
 * order decided within hours (Albania's "immediate"); it is recorded as immediate. */
extern const char *const order_kinds_accepted[];
int order_status_parse(const char *name);  /* -1 when unknown */

/* Defaults: an immediate order is decided within 48 hours of the request, a regular one
 * within 15 days; a warning starts 7 days before the last day of validity. */
struct order_deadlines {
	int immediate_hours, regular_days, expiry_warning_days;
};
extern const struct order_deadlines order_deadlines_default;

/* When a decision on an order requested at `requested_at` is due. An unknown kind gets the
 * immediate deadline (the strictest). A NULL `d` means order_deadlines_default. */
int64_t order_decision_due(enum order_kind kind, int64_t requested_at,
			   const struct order_deadlines *d);
/* The status an order shows on `today` ("YYYY-MM-DD"): a granted order whose last day of
 * validity has passed shows "expired"; otherwise its stored status. */
const char *order_status_shown(const char *status, const char *valid_to, const char *today);
/* Every status an order may show: order_statuses and "expired". */
extern const char *const order_statuses_shown[];
/* A pending order whose decision is past due (exactly at `due` it is not yet overdue). */
bool order_decision_overdue(enum order_status status, int64_t due, int64_t now);

/*
 * An order is in force through the whole of its valid_to day. `valid_to` is that day's
 * local midnight (clocks_date_parse). order_expiry_warning_at is the midnight that begins the
 * warning; order_expiring is true from then until the order ends; order_expired after that.
 */
int64_t order_expiry_warning_at(int64_t valid_to, const struct order_deadlines *d);
bool order_expiring(int64_t valid_to, int64_t now, const struct order_deadlines *d);
bool order_expired(int64_t valid_to, int64_t now);

/* The dates of an order, as given ("YYYY-MM-DD"), NULL when absent. */
struct order_dates {
	const char *requested_on, *decided_on, *valid_from, *valid_to;
};

/*
 * The dates of an order, each against the others: requested_on is required. Each present
 * date must exist (MSG_INVALID_DATE); requested_on and decided_on not after today
 * (MSG_DATE_IN_FUTURE); decided_on not before requested_on, valid_from not before decided_on
 * (requested_on while undecided), valid_to not before valid_from (MSG_OUT_OF_RANGE, on the
 * later field). Every fault is added to `errs`; URA_EUNPROCESSABLE when there was one.
 */
enum ura_status order_dates_check(const struct order_dates *o, int64_t now,
				  struct field_errors *errs);

/*
 * Deciding an order in `from` as `decision` (granted or denied, else 422 on "decision"): only
 * a pending order (else URA_ECONFLICT, checked first). decided_on is required; a granted
 * order needs valid_from and valid_to, a denied one has neither (MSG_NOT_ALLOWED_VALUE); then
 * order_dates_check. On URA_OK, *to is the new status; it is written only then.
 */
enum ura_status order_decide(enum order_status from, enum order_status decision,
			     const struct order_dates *o, int64_t now, struct field_errors *errs,
			     enum order_status *to);

/* ---- case-plan actions ---- */

enum action_status { ACTION_OPEN, ACTION_IN_PROGRESS, ACTION_DONE, ACTION_CANCELLED };
extern const char *const action_statuses[]; /* by enum action_status, NULL-terminated */
extern const char *const action_kinds[];    /* case_plan safety_plan */
int action_status_parse(const char *name);  /* -1 when unknown */

/* URA_OK when an action may go from `from` to `to`, URA_ECONFLICT when not (staying put
 * included), URA_EINVAL for a status outside the enum. */
enum ura_status action_transition(enum action_status from, enum action_status to);
/* Not done or cancelled, and due_on (a date) is before today's local date. A missing or
 * unreadable due_on is never overdue. */
bool action_overdue(enum action_status status, const char *due_on, int64_t now);

#endif
