/*
 * Who may do what with a mechanism's own work (meetings, compliance, calendar, requests):
 * the coordinator manages it; staff of member institutions read it and may ask for an ad hoc
 * meeting; national and admin read it. Pure.
 */
#ifndef URA_DOMAIN_GOVERNANCE_H
#define URA_DOMAIN_GOVERNANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/types.h"

enum governance_access {
	GOVERNANCE_NONE,   /* 403 on the mechanism's lists, 404 on its meetings */
	GOVERNANCE_READ,
	GOVERNANCE_MEMBER, /* reads, and asks for ad hoc meetings */
	GOVERNANCE_MANAGE, /* the coordinator */
};

enum governance_access governance_access(const struct user *u, int64_t coordinator_user_id,
					 bool institution_is_member);

extern const char *const meeting_kinds[];    /* regular ad_hoc case_conference */
extern const char *const meeting_statuses[]; /* scheduled held cancelled */

/* The quarter (1..4) of a month (1..12). */
int quarter_of_month(int month);

/* ---- what the coordination screens decide (issue 13) ---- */

/* A meeting is marked held only once its time has come: at or after `scheduled_at` by the
 * server clock (else it would count for compliance before it took place). */
bool meeting_may_be_held(int64_t scheduled_at, int64_t now);

/* A request for an ad hoc meeting: open until the coordinator answers it, once. */
enum meeting_request_status { REQUEST_OPEN, REQUEST_SCHEDULED, REQUEST_DECLINED };
extern const char *const meeting_request_statuses[]; /* by the enum, NULL-terminated */
/* The coordinator sees every request of the mechanism; staff of a member institution see
 * their own institution's; nobody else sees any (national and admin neither: a request's
 * reason may name people). */
bool meeting_request_visible(enum governance_access access, int64_t viewer_institution_id,
			     int64_t request_institution_id);
/* Whether an answer (`answer_status` "scheduled" or "declined") may be given to a request in
 * status `current`: URA_ECONFLICT (the fault on "status") once it is answered; else
 * URA_EUNPROCESSABLE with the faults in `e` — "scheduled" needs a meeting, "declined" needs
 * an answer and names no meeting — or URA_OK. */
enum ura_status meeting_request_answer_check(const char *current, const char *answer_status,
					     bool has_meeting, bool has_answer,
					     struct field_errors *e);
/* The meeting a "scheduled" answer names must be a scheduled meeting of the same mechanism. */
bool meeting_request_meeting_fits(int64_t request_mechanism_id, int64_t meeting_mechanism_id,
				  const char *meeting_status);

/* A mechanism is active (national view) when it has a coordinator and at least two member
 * institutions: a mechanism of one institution coordinates nobody. */
bool mechanism_is_active(int64_t coordinator_user_id, int64_t members);

#endif
