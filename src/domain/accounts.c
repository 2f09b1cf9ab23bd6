/* Account changes, the watch over new staff, the second factor per role, break glass. Pure. */
#include "domain/accounts.h"

#include <stddef.h>

static bool
is_staff(const struct account_state *s)
{
	return s != NULL && role_needs_institution(s->role) && s->institution_id > 0;
}

unsigned
account_change_effects(const struct account_state *before, const struct account_state *after,
		       bool password_reset)
{
	unsigned effects = 0;

	if (before != NULL && (password_reset || (before->active && !after->active)))
		effects |= ACCOUNT_END_SESSIONS;
	if (!is_staff(after))
		return effects;
	if (!is_staff(before) || before->institution_id != after->institution_id)
		effects |= ACCOUNT_WATCH | ACCOUNT_ANNOUNCE_NEW;
	else if (password_reset)
		effects |= ACCOUNT_WATCH | ACCOUNT_ANNOUNCE_RESET;
	return effects;
}

bool
account_reads_flagged(int64_t watched_since, int64_t now, int days)
{
	return watched_since > 0 && days > 0 && now >= watched_since &&
	       now < watched_since + (int64_t)days * 86400;
}

bool
account_totp_enrolment_required(const char *required_roles, const struct user *u)
{
	return !u->totp_enabled && role_list_has(required_roles, u->role);
}

int
break_glass_retry_after(int64_t now, int grants, int64_t oldest, int per_hour)
{
	int64_t wait;

	if (grants < per_hour)
		return 0;
	wait = oldest + BREAK_GLASS_WINDOW_SECONDS - now;
	return wait > 0 ? (int)wait : 1;
}
