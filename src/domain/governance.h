/*
 * Who may do what with a mechanism's own work (meetings, compliance, calendar, requests):
 * the coordinator manages it; staff of member institutions read it and may ask for an ad hoc
 * meeting; national and admin read it. Pure.
 */
#ifndef URA_DOMAIN_GOVERNANCE_H
#define URA_DOMAIN_GOVERNANCE_H

#include <stdbool.h>
#include <stdint.h>

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

#endif
