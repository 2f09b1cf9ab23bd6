/*
 * The rules of an account's life beyond sign-in (domain/session): what a change made by an
 * administrator sets off, how long a new staff account is watched, the second factor each
 * role needs, and how often one user may break the glass. Pure.
 *
 * Decisions (docs/CONTRACT.md "Accounts and sign-in"):
 * - A password reset by an administrator, or a disable, ends every session and API token of the
 *   user for good: enabling the account again does not revive them.
 * - A new staff account of an institution (caseworker or manager), or one moved into an
 *   institution, is announced to that institution's managers, and its case reads are flagged
 *   for the auditor for `new_staff_flag_days`; so is an account whose password an
 *   administrator reset (taking over an account is the same trick as making one).
 */
#ifndef URA_DOMAIN_ACCOUNTS_H
#define URA_DOMAIN_ACCOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/types.h"

/* What an account change sets off (bits). */
enum account_effect {
	ACCOUNT_END_SESSIONS = 1 << 0,   /* every session and API token of the user ends */
	ACCOUNT_WATCH = 1 << 1,          /* its case reads are flagged from now on */
	ACCOUNT_ANNOUNCE_NEW = 1 << 2,   /* the institution's managers hear of a new account */
	ACCOUNT_ANNOUNCE_RESET = 1 << 3, /* ... of a password reset by an administrator */
};

struct account_state {
	enum role role;
	int64_t institution_id; /* 0: none */
	bool active;
};

/* The effects of creating (`before` NULL) or changing an account; `password_reset`: an
 * administrator set its password (the API's PATCH /users/{id}, `ura user passwd`). */
unsigned account_change_effects(const struct account_state *before,
				const struct account_state *after, bool password_reset);

/* Whether an audit entry about a case, by an account watched since `watched_since` (0: never),
 * is flagged for the auditor at `now`, with a watch of `days` days (0: no watch). */
bool account_reads_flagged(int64_t watched_since, int64_t now, int days);

/* The user's role must sign in with a second factor (`required_roles`: a role list, see
 * role_list_parse) and none is set up yet: the session may only enrol (or sign out). */
bool account_totp_enrolment_required(const char *required_roles, const struct user *u);

#define BREAK_GLASS_WINDOW_SECONDS 3600
/* Seconds until the user may break the glass again, having opened `grants` emergency
 * accesses in the last hour, the oldest at `oldest`, under a limit of `per_hour`; 0: now. */
int break_glass_retry_after(int64_t now, int grants, int64_t oldest, int per_hour);

#endif
