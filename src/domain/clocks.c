/*
 * Review, protection-order and action clocks, and the order and action state rules. Pure.
 *
 * Choices the header leaves open, made here:
 * - Every deadline is "overdue" only strictly after its moment, so a deadline at 10:00 is met
 *   by something done at 10:00.
 * - A value outside an enum is given the strictest clock (the extreme review interval, the
 *   immediate decision deadline), as referral_respond_by does, so a bad value can never make
 *   something look less pressing than it is.
 * - Dates are checked against each other only when both exist; a date that does not parse is
 *   reported once, as invalid, and not again as out of order.
 */
#include "domain/clocks.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const struct review_days review_days_default = {
	.extreme = 3, .high = 7, .medium = 30, .standard = 60,
};
const struct order_deadlines order_deadlines_default = {
	.immediate_hours = 48, .regular_days = 15, .expiry_warning_days = 7,
};

const char *const order_kinds[] = { [ORDER_IMMEDIATE] = "immediate",
				    [ORDER_REGULAR] = "regular", NULL };
const char *const order_kinds_accepted[] = { "immediate", "regular", "emergency", NULL };
const char *const order_statuses[] = { [ORDER_PENDING] = "pending", [ORDER_GRANTED] = "granted",
				       [ORDER_DENIED] = "denied", NULL };
const char *const order_statuses_shown[] = { "pending", "granted", "denied", "expired", NULL };
const char *const order_decisions[] = { "granted", "denied", NULL };
const char *const action_kinds[] = { "case_plan", "safety_plan", NULL };
const char *const action_statuses[] = { [ACTION_OPEN] = "open",
					[ACTION_IN_PROGRESS] = "in_progress",
					[ACTION_DONE] = "done", [ACTION_CANCELLED] = "cancelled",
					NULL };

static int
list_index(const char *const *list, const char *name)
{
	for (int i = 0; name != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], name) == 0)
			return i;
	return -1;
}

int
order_kind_parse(const char *name)
{
	if (name != NULL && strcmp(name, "emergency") == 0)
		return ORDER_IMMEDIATE;
	return list_index(order_kinds, name);
}

int
order_status_parse(const char *name)
{
	return list_index(order_statuses, name);
}

int
action_status_parse(const char *name)
{
	return list_index(action_statuses, name);
}

/* ---- the mechanisms' calendar ---- */

/* 01:00 UTC on the last Sunday of `month` (March or October) of `year`: when summer time
 * starts or ends under the EU rule. 1970-01-01 was a Thursday, so (day + 4) mod 7 is 0 on a
 * Sunday. */
static int64_t
last_sunday_0100(int64_t year, unsigned month)
{
	int64_t last = clock_days_from_civil(year, month, 31);
	int64_t weekday = ((last + 4) % 7 + 7) % 7;

	return (last - weekday) * CLOCKS_DAY + 3600;
}

int64_t
clocks_utc_offset(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int64_t year;

	gmtime_r(&tt, &tm);
	year = (int64_t)tm.tm_year + 1900;
	return t >= last_sunday_0100(year, 3) && t < last_sunday_0100(year, 10) ? 7200 : 3600;
}

int64_t
clocks_day(int64_t t)
{
	int64_t local = t + clocks_utc_offset(t);

	/* Floor, not truncation: a time before 1970 belongs to a negative day. */
	return local >= 0 ? local / CLOCKS_DAY : -((-local + CLOCKS_DAY - 1) / CLOCKS_DAY);
}

int64_t
clocks_day_start(int64_t day)
{
	/* Summer time starts and ends at 01:00 UTC, never near a local midnight (22:00 or
	 * 23:00 UTC), so the offset an hour before the UTC midnight is the midnight's own. */
	return day * CLOCKS_DAY - clocks_utc_offset(day * CLOCKS_DAY - 3600);
}

void
clocks_day_format(int64_t day, char *buf, size_t len)
{
	time_t tt = (time_t)(day * CLOCKS_DAY);
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

void
clocks_date_format(int64_t t, char *buf, size_t len)
{
	clocks_day_format(clocks_day(t), buf, len);
}

bool
clocks_date_parse(const char *s, int64_t *t)
{
	int64_t days;

	if (s == NULL || !clock_parse_date(s, &days))
		return false;
	*t = clocks_day_start(days);
	return true;
}

/* ---- risk reviews ---- */

int64_t
clocks_days_later(int64_t t, int days)
{
	/* The wall-clock reading `days` later, then the instant that shows it: summer time
	 * if the instant two hours earlier already was summer time (a reading skipped in
	 * spring lands an hour later; one shown twice in autumn is the first). */
	int64_t wall = t + clocks_utc_offset(t) + (int64_t)days * CLOCKS_DAY;

	return wall - (clocks_utc_offset(wall - 7200) == 7200 ? 7200 : 3600);
}

static int
review_interval(enum risk_level level, const struct review_days *d)
{
	switch (level) {
	case RISK_STANDARD:
		return d->standard;
	case RISK_MEDIUM:
		return d->medium;
	case RISK_HIGH:
		return d->high;
	case RISK_EXTREME:
	case RISK_UNASSESSED:
	default:
		return d->extreme;
	}
}

int64_t
risk_next_review(enum risk_level level, const struct review_days *d, int64_t now)
{
	return clocks_days_later(now, review_interval(level, d != NULL ? d : &review_days_default));
}

bool
risk_review_overdue(int64_t next_review, int64_t now)
{
	return now > next_review;
}

int64_t
risk_review_after_breach(int64_t next_review, int64_t now)
{
	return next_review < now ? next_review : now;
}

/* ---- protection orders: clocks ---- */

int64_t
order_decision_due(enum order_kind kind, int64_t requested_at, const struct order_deadlines *d)
{
	if (d == NULL)
		d = &order_deadlines_default;
	if (kind == ORDER_REGULAR)
		return requested_at + d->regular_days * CLOCKS_DAY;
	return requested_at + d->immediate_hours * INT64_C(3600);
}

const char *
order_status_shown(const char *status, const char *valid_to, const char *today)
{
	if (status != NULL && strcmp(status, "granted") == 0 && valid_to != NULL &&
	    strcmp(valid_to, today) < 0)
		return "expired";
	return status;
}

bool
order_decision_overdue(enum order_status status, int64_t due, int64_t now)
{
	return status == ORDER_PENDING && now > due;
}

int64_t
order_expiry_warning_at(int64_t valid_to, const struct order_deadlines *d)
{
	if (d == NULL)
		d = &order_deadlines_default;
	return clocks_day_start(clocks_day(valid_to) - d->expiry_warning_days);
}

bool
order_expiring(int64_t valid_to, int64_t now, const struct order_deadlines *d)
{
	return now >= order_expiry_warning_at(valid_to, d) && !order_expired(valid_to, now);
}

bool
order_expired(int64_t valid_to, int64_t now)
{
	/* In force through the whole valid_to day: over at the next midnight. */
	return clocks_day(now) > clocks_day(valid_to);
}

/* ---- protection orders: dates and decisions ---- */

/* A present date that exists → true with *t; an invalid one is reported. */
static bool
read_date(const char *s, const char *field, int64_t *t, struct field_errors *errs)
{
	if (s == NULL)
		return false;
	if (clocks_date_parse(s, t))
		return true;
	field_errors_add(errs, field, MSG_INVALID_DATE);
	return false;
}

enum ura_status
order_dates_check(const struct order_dates *o, int64_t now, struct field_errors *errs)
{
	int64_t req = 0, dec = 0, from = 0, to = 0, today = clocks_day_start(clocks_day(now));
	int before = field_errors_seen(errs);
	bool has_req, has_dec, has_from, has_to;

	if (o->requested_on == NULL)
		field_errors_add(errs, "requested_on", MSG_REQUIRED);
	has_req = read_date(o->requested_on, "requested_on", &req, errs);
	has_dec = read_date(o->decided_on, "decided_on", &dec, errs);
	has_from = read_date(o->valid_from, "valid_from", &from, errs);
	has_to = read_date(o->valid_to, "valid_to", &to, errs);
	if (has_req && req > today)
		field_errors_add(errs, "requested_on", MSG_DATE_IN_FUTURE);
	if (has_dec && dec > today)
		field_errors_add(errs, "decided_on", MSG_DATE_IN_FUTURE);
	else if (has_dec && has_req && dec < req)
		field_errors_add(errs, "decided_on", MSG_OUT_OF_RANGE);
	/* An order is not in force before it was decided (or, undecided, requested). */
	if (has_from && ((has_dec && from < dec) || (!o->decided_on && has_req && from < req)))
		field_errors_add(errs, "valid_from", MSG_OUT_OF_RANGE);
	if (has_to && has_from && to < from)
		field_errors_add(errs, "valid_to", MSG_OUT_OF_RANGE);
	return field_errors_seen(errs) > before ? URA_EUNPROCESSABLE : URA_OK;
}

enum ura_status
order_decide(enum order_status from, enum order_status decision, const struct order_dates *o,
	     int64_t now, struct field_errors *errs, enum order_status *to)
{
	int before = field_errors_seen(errs);

	if ((unsigned)from >= NELEM(order_statuses) - 1)
		return URA_EINVAL;
	if (from != ORDER_PENDING)
		return URA_ECONFLICT;
	if (decision != ORDER_GRANTED && decision != ORDER_DENIED)
		field_errors_add(errs, "decision", MSG_NOT_ALLOWED_VALUE);
	if (o->decided_on == NULL)
		field_errors_add(errs, "decided_on", MSG_REQUIRED);
	if (decision == ORDER_GRANTED && o->valid_from == NULL)
		field_errors_add(errs, "valid_from", MSG_REQUIRED);
	if (decision == ORDER_GRANTED && o->valid_to == NULL)
		field_errors_add(errs, "valid_to", MSG_REQUIRED);
	/* A refused order has no validity to record. */
	if (decision == ORDER_DENIED && o->valid_from != NULL)
		field_errors_add(errs, "valid_from", MSG_NOT_ALLOWED_VALUE);
	if (decision == ORDER_DENIED && o->valid_to != NULL)
		field_errors_add(errs, "valid_to", MSG_NOT_ALLOWED_VALUE);
	order_dates_check(o, now, errs);
	if (field_errors_seen(errs) > before)
		return URA_EUNPROCESSABLE;
	*to = decision;
	return URA_OK;
}

/* ---- case-plan actions ---- */

enum ura_status
action_transition(enum action_status from, enum action_status to)
{
	/* allowed[from] is the set of statuses reachable from it, as bits. */
	static const unsigned allowed[] = {
		[ACTION_OPEN] = 1u << ACTION_IN_PROGRESS | 1u << ACTION_DONE | 1u << ACTION_CANCELLED,
		[ACTION_IN_PROGRESS] = 1u << ACTION_DONE | 1u << ACTION_CANCELLED,
		[ACTION_DONE] = 0,
		[ACTION_CANCELLED] = 0,
	};

	if ((unsigned)from >= NELEM(allowed) || (unsigned)to >= NELEM(allowed))
		return URA_EINVAL;
	return allowed[from] & (1u << to) ? URA_OK : URA_ECONFLICT;
}

bool
action_overdue(enum action_status status, const char *due_on, int64_t now)
{
	int64_t due;

	if (status == ACTION_DONE || status == ACTION_CANCELLED)
		return false;
	if (!clocks_date_parse(due_on, &due))
		return false;
	return clocks_day(due) < clocks_day(now);
}
