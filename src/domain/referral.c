/*
 * The referral state machine, the names of its statuses, urgencies and services, and the
 * response deadline. Pure.
 *
 * Choices the header leaves open, made here:
 * - The party is checked before the state: a caller who may never take an action gets
 *   URA_EFORBIDDEN even when the referral's state would not allow it either, so a 409 tells
 *   only the parties where the referral stands.
 * - An institution that is both sender and recipient (a referral within itself) may take
 *   either side's actions.
 * - An action or status outside the enums is URA_EINVAL; *to is written only on URA_OK.
 * - A service is offered when the recipient's list names it; a list that is not a JSON array
 *   offers nothing.
 * - An urgency outside the enum is given the emergency deadline, the strictest clock, so a bad
 *   value can never make a referral look less pressing than it is. A NULL `d` means
 *   referral_deadlines_default.
 */
#include "domain/referral.h"

#include <jansson.h>
#include <stddef.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *const referral_status_names[] = {
	[REFERRAL_SENT] = "sent",           [REFERRAL_ACCEPTED] = "accepted",
	[REFERRAL_DECLINED] = "declined",   [REFERRAL_IN_PROGRESS] = "in_progress",
	[REFERRAL_COMPLETED] = "completed", [REFERRAL_CANCELLED] = "cancelled", NULL,
};
const char *const urgency_names[] = {
	[URGENCY_EMERGENCY] = "emergency", [URGENCY_URGENT] = "urgent",
	[URGENCY_ROUTINE] = "routine", NULL,
};
const char *const referral_bases[] = { "consent", "emergency", NULL };
#define NSTATUSES (NELEM(referral_status_names) - 1)
#define NURGENCIES (NELEM(urgency_names) - 1)

const struct referral_deadlines referral_deadlines_default = {
	.emergency = 24 * 3600,
	.urgent = 72 * 3600,
	.routine = 10 * 24 * 3600,
};

/* Each action: who takes it, from which state, to which state. */
static const struct {
	bool by_sender;
	enum referral_status from[3];
	int nfrom;
	enum referral_status to;
} transitions[] = {
	[REFERRAL_ACCEPT] = { false, { REFERRAL_SENT }, 1, REFERRAL_ACCEPTED },
	[REFERRAL_DECLINE] = { false, { REFERRAL_SENT }, 1, REFERRAL_DECLINED },
	[REFERRAL_START] = { false, { REFERRAL_ACCEPTED }, 1, REFERRAL_IN_PROGRESS },
	[REFERRAL_COMPLETE] = { false, { REFERRAL_IN_PROGRESS }, 1, REFERRAL_COMPLETED },
	[REFERRAL_CANCEL] = { true, { REFERRAL_SENT, REFERRAL_ACCEPTED, REFERRAL_IN_PROGRESS }, 3,
			      REFERRAL_CANCELLED },
};

static int
name_index(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; name != NULL && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
referral_status_name(enum referral_status s)
{
	return (unsigned)s < NSTATUSES ? referral_status_names[s] : NULL;
}

int
referral_status_parse(const char *name)
{
	return name_index(referral_status_names, NSTATUSES, name);
}

const char *
urgency_name(enum urgency u)
{
	return (unsigned)u < NURGENCIES ? urgency_names[u] : NULL;
}

int
urgency_parse(const char *name)
{
	return name_index(urgency_names, NURGENCIES, name);
}

enum ura_status
referral_transition(enum referral_status from, enum referral_action action,
		    bool actor_is_sender, bool actor_is_recipient, enum referral_status *to)
{
	if ((unsigned)action >= NELEM(transitions) || (unsigned)from >= NSTATUSES)
		return URA_EINVAL;
	if (!(transitions[action].by_sender ? actor_is_sender : actor_is_recipient))
		return URA_EFORBIDDEN;
	for (int i = 0; i < transitions[action].nfrom; i++) {
		if (transitions[action].from[i] == from) {
			*to = transitions[action].to;
			return URA_OK;
		}
	}
	return URA_ECONFLICT;
}

int64_t
referral_respond_by(enum urgency u, int64_t sent_at, const struct referral_deadlines *d)
{
	if (d == NULL)
		d = &referral_deadlines_default;
	switch (u) {
	case URGENCY_URGENT:
		return sent_at + d->urgent;
	case URGENCY_ROUTINE:
		return sent_at + d->routine;
	case URGENCY_EMERGENCY:
	default:
		return sent_at + d->emergency;
	}
}

bool
referral_service_offered(const char *services, const char *service)
{
	json_t *list = services != NULL ? json_loads(services, 0, NULL) : NULL, *item;
	bool offered = false;
	size_t i;

	json_array_foreach(list, i, item)
		offered |= json_is_string(item) && service != NULL &&
			   strcmp(json_string_value(item), service) == 0;
	json_decref(list);
	return offered;
}
