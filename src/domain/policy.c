/*
 * The information-sharing protocol (DESIGN.md): who may see a case, which data categories they
 * read and which are withheld, whether a referral may share what it shares, and who may break
 * the glass. Pure: every fact arrives in the arguments.
 *
 * Choices the header leaves open, made here:
 * - A recipient whose referral is accepted, in progress or completed but whose readable set is
 *   empty (consent withdrawn, or consent covering none of what the referral shares) gets
 *   ACCESS_READ with nothing readable: the institution took the referral on and may see that
 *   the case exists, with every category withheld. Declined and cancelled referrals give
 *   nothing at all.
 * - An emergency-basis referral shares its categories as they are, whatever the risk is now:
 *   the basis was checked (policy_referral_allowed) when it was sent.
 * - Several referrals of the same case to the same institution: the readable sets are united;
 *   a `sent` one shows the packet only when no other gives case data.
 * - Access levels rank as enum access orders them: where two rules apply, the higher level
 *   wins (so a coordinator whose institution holds a sent referral sees the packet, and one
 *   whose institution holds an accepted referral reads as that institution).
 * - A coordinator whose institution owns the case reads every category but is not the owner:
 *   ACCESS_READ, never ACCESS_OWNER (only caseworkers and managers write).
 * - Institution involvement counts for a coordinator only when they coordinate the case's
 *   mechanism; a coordinator of another mechanism is "anyone else".
 * - Break glass is reported (break_glass = true) only when the grant gives more than the
 *   caller's referrals already do; otherwise the referral is the basis and is audited as such.
 * - A grant is valid while now < expires_at: at expires_at it has expired.
 */
#include "domain/policy.h"

#include <stddef.h>
#include <string.h>

#include "core/status.h"

const char *const category_vocabulary[CAT_COUNT + 1] = {
	[CAT_IDENTITY] = "identity",       [CAT_CONTACT] = "contact", [CAT_INCIDENT] = "incident",
	[CAT_RISK] = "risk",               [CAT_HEALTH] = "health",   [CAT_CHILDREN] = "children",
	[CAT_PERPETRATOR] = "perpetrator", [CAT_LEGAL] = "legal",     [CAT_NOTES] = "notes",
	[CAT_COUNT] = NULL,
};

/* What an institution's involvement in a case gives it, before break glass and roles. */
struct involvement {
	bool owner;
	bool reading;     /* a referral accepted, in progress or completed */
	bool packet;      /* a referral sent and not yet answered */
	category_set readable;
};

const char *
category_name(enum category c)
{
	return (unsigned)c < CAT_COUNT ? category_vocabulary[c] : NULL;
}

int
category_parse(const char *name)
{
	for (int i = 0; name != NULL && i < CAT_COUNT; i++)
		if (strcmp(category_vocabulary[i], name) == 0)
			return i;
	return -1;
}

static bool
consent_covers(const struct policy_consent *k, int64_t institution_id,
	       const char *institution_type)
{
	if (!k->given)
		return false;
	if (k->institution_id != 0 && k->institution_id == institution_id)
		return true;
	return k->institution_type != NULL && institution_type != NULL &&
	       strcmp(k->institution_type, institution_type) == 0;
}

category_set
policy_consented(const struct policy_case *c, int64_t institution_id,
		 const char *institution_type)
{
	category_set set = 0;

	for (int i = 0; i < c->nconsents; i++)
		if (consent_covers(&c->consents[i], institution_id, institution_type))
			set |= c->consents[i].categories;
	return set & CATEGORIES_ALL;
}

static bool
status_gives_reading(enum referral_status s)
{
	return s == REFERRAL_ACCEPTED || s == REFERRAL_IN_PROGRESS || s == REFERRAL_COMPLETED;
}

static struct involvement
institution_involvement(const struct policy_case *c, int64_t institution_id,
			const char *institution_type)
{
	struct involvement inv = { 0 };

	if (institution_id == 0)
		return inv;
	inv.owner = c->owner_institution_id == institution_id;
	for (int i = 0; i < c->nreferrals; i++) {
		const struct policy_referral *r = &c->referrals[i];

		if (r->to_institution_id != institution_id)
			continue;
		if (r->status == REFERRAL_SENT)
			inv.packet = true;
		if (!status_gives_reading(r->status))
			continue;
		inv.reading = true;
		if (r->emergency_basis)
			inv.readable |= r->shared;
		else
			inv.readable |= r->shared &
					policy_consented(c, institution_id, institution_type);
	}
	inv.readable &= CATEGORIES_ALL;
	return inv;
}

static bool
has_valid_grant(const struct policy_case *c, int64_t institution_id, int64_t now)
{
	for (int i = 0; i < c->ngrants; i++)
		if (c->grants[i].institution_id == institution_id && now < c->grants[i].expires_at)
			return true;
	return false;
}

static struct policy_decision
decide(enum access access, category_set readable, bool break_glass)
{
	struct policy_decision d = { .access = access, .break_glass = break_glass };

	if (access >= ACCESS_READ) {
		d.readable = readable & CATEGORIES_ALL;
		d.withheld = CATEGORIES_ALL & ~d.readable;
	}
	return d;
}

/* What the institution's involvement alone gives: owner, reader, packet or nothing. */
static struct policy_decision
involvement_decision(const struct involvement *inv, bool may_write)
{
	if (inv->owner)
		return decide(may_write ? ACCESS_OWNER : ACCESS_READ, CATEGORIES_ALL, false);
	if (inv->reading)
		return decide(ACCESS_READ, inv->readable, false);
	if (inv->packet)
		return decide(ACCESS_PACKET, 0, false);
	return decide(ACCESS_NONE, 0, false);
}

static struct policy_decision
staff_access(const struct policy_viewer *v, const struct policy_case *c, int64_t now)
{
	int64_t inst = v->user->institution_id;
	struct involvement inv = institution_involvement(c, inst, v->institution_type);
	struct policy_decision d = involvement_decision(&inv, true);

	if (d.access == ACCESS_OWNER)
		return d;
	if (policy_may_break_glass(v, c) && has_valid_grant(c, inst, now) &&
	    !(d.access == ACCESS_READ && d.readable == CATEGORIES_ALL))
		return decide(ACCESS_READ, CATEGORIES_ALL, true);
	return d;
}

static struct policy_decision
coordinator_access(const struct policy_viewer *v, const struct policy_case *c)
{
	const struct user *u = v->user;
	struct involvement inv;
	struct policy_decision d;

	if (c->mechanism_coordinator_id == 0 || u->id != c->mechanism_coordinator_id)
		return decide(ACCESS_NONE, 0, false);
	inv = institution_involvement(c, u->institution_id, v->institution_type);
	d = involvement_decision(&inv, false);
	return d.access > ACCESS_SUMMARY ? d : decide(ACCESS_SUMMARY, 0, false);
}

struct policy_decision
policy_case_access(const struct policy_viewer *v, const struct policy_case *c, int64_t now)
{
	if (v == NULL || v->user == NULL || !v->user->active)
		return decide(ACCESS_NONE, 0, false);
	switch (v->user->role) {
	case ROLE_CASEWORKER:
	case ROLE_MANAGER:
		return staff_access(v, c, now);
	case ROLE_COORDINATOR:
		return coordinator_access(v, c);
	default: /* admin, national, auditor and the signed-out never read case content */
		return decide(ACCESS_NONE, 0, false);
	}
}

static bool
emergency_risk(const struct policy_case *c)
{
	return c->risk == RISK_HIGH || c->risk == RISK_EXTREME || c->imminent_danger;
}

/*
 * An emergency that the case does not warrant is refused on "basis" before its justification
 * is looked at: no justification would make it allowed. Categories outside the nine are
 * refused on "share" on either basis.
 */
enum ura_status
policy_referral_allowed(const struct policy_case *c, int64_t to_institution_id,
			const char *to_institution_type, category_set shared,
			bool emergency_basis, bool has_justification, const char **field)
{
	const char *bad = NULL;

	if ((shared & ~CATEGORIES_ALL) != 0)
		bad = "share";
	else if (emergency_basis && !emergency_risk(c))
		bad = "basis";
	else if (emergency_basis && !has_justification)
		bad = "justification";
	else if (!emergency_basis &&
		 (shared & ~policy_consented(c, to_institution_id, to_institution_type)) != 0)
		bad = "share";
	if (field != NULL)
		*field = bad;
	return bad == NULL ? URA_OK : URA_EUNPROCESSABLE;
}

bool
policy_may_break_glass(const struct policy_viewer *v, const struct policy_case *c)
{
	const struct user *u = v->user;

	if (u == NULL || !u->active || u->institution_id == 0 || !v->institution_is_member)
		return false;
	if (u->role != ROLE_CASEWORKER && u->role != ROLE_MANAGER)
		return false;
	return u->institution_id != c->owner_institution_id;
}

const char *const risk_level_names[] = { "unassessed", "standard", "medium", "high", "extreme",
					 NULL };

enum risk_level
risk_level_parse(const char *name)
{
	for (int i = 0; name != NULL && risk_level_names[i] != NULL; i++)
		if (strcmp(risk_level_names[i], name) == 0)
			return (enum risk_level)i;
	return RISK_UNASSESSED;
}

bool
policy_confidential_address_readable(const struct policy_viewer *v,
				     const struct policy_case *c,
				     const struct policy_decision *d)
{
	int64_t inst = v->user->institution_id;

	if (!(d->readable & (1u << CAT_CONTACT)) || inst == 0)
		return false;
	if (inst == c->owner_institution_id)
		return true;
	if (d->break_glass)
		return false;
	for (int i = 0; i < c->nreferrals; i++) {
		const struct policy_referral *r = &c->referrals[i];
		if (r->to_institution_id == inst && status_gives_reading(r->status) &&
		    r->discloses_address && (r->shared & (1u << CAT_CONTACT)))
			return true;
	}
	return false;
}

bool
policy_match_counts(const struct policy_match *m)
{
	if (m->visible)
		return true;
	if (m->country != NULL && m->own_country != NULL && strcmp(m->country, m->own_country) == 0)
		return true;
	return m->shares && m->own_shares;
}

bool
policy_action_text_readable(const struct policy_decision *d, const struct user *u,
			    int64_t responsible_institution_id, int64_t created_by)
{
	return d->access >= ACCESS_READ || user_is_staff_of(u, responsible_institution_id) ||
	       (created_by > 0 && u->id == created_by);
}
