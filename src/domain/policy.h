/*
 * The information-sharing protocol, decided in one place. Given who is asking and everything
 * about a case that bears on access (owner, referrals and their states, consent, risk, break
 * glass), policy_case_access says whether the caller may see the case at all, which data
 * categories it may read, and which are withheld. Pure: the caller loads the facts, this
 * decides, and the API shows only what it allows.
 *
 * The rules (DESIGN.md, "Information-sharing protocol"):
 * - admin, national and auditor never read case content: no access (404).
 * - The owner institution's caseworkers and managers read every category and may write.
 * - A recipient of a referral that is accepted, in_progress or completed reads the categories
 *   that referral shares ∩ those the survivor's consent covers for that institution (by id or
 *   by type). A referral made on an emergency basis (high/extreme risk or imminent danger,
 *   with a justification) needs no consent: its shared categories apply as they are.
 * - A recipient of a referral that is only `sent` sees the referral packet, no case data.
 * - Declined and cancelled referrals give nothing. A consent-based referral whose consent was
 *   withdrawn still shows that the case exists (ACCESS_READ) with every category withheld.
 * - Break glass: a caseworker or manager of a member institution of the case's mechanism
 *   holding an unexpired grant reads every category (read only).
 * - A coordinator of the case's mechanism sees the summary (reference, kind, risk, statuses,
 *   overdue items); where their own institution is involved they read as that institution,
 *   but never write (ACCESS_READ at most: only caseworkers and managers write).
 * - Anyone else: no access (404, never revealing that the case exists).
 */
#ifndef URA_DOMAIN_POLICY_H
#define URA_DOMAIN_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/types.h"

enum category {
	CAT_IDENTITY, CAT_CONTACT, CAT_INCIDENT, CAT_RISK, CAT_HEALTH, CAT_CHILDREN,
	CAT_PERPETRATOR, CAT_LEGAL, CAT_NOTES, CAT_COUNT
};
typedef unsigned category_set; /* bit (1u << category) */
#define CATEGORIES_ALL ((1u << CAT_COUNT) - 1)

/* "identity", ...; category_parse returns -1 for an unknown name. */
extern const char *const category_vocabulary[]; /* the names in order, NULL-terminated */
const char *category_name(enum category c);
int category_parse(const char *name);

enum referral_status {
	REFERRAL_SENT, REFERRAL_ACCEPTED, REFERRAL_DECLINED, REFERRAL_IN_PROGRESS,
	REFERRAL_COMPLETED, REFERRAL_CANCELLED
};
enum risk_level { RISK_UNASSESSED, RISK_STANDARD, RISK_MEDIUM, RISK_HIGH, RISK_EXTREME };
extern const char *const risk_level_names[]; /* by enum risk_level, NULL-terminated */
/* RISK_UNASSESSED for an unknown name. */
enum risk_level risk_level_parse(const char *name);

struct policy_referral {
	int64_t from_institution_id, to_institution_id;
	enum referral_status status;
	category_set shared;
	bool emergency_basis;
	bool discloses_address; /* the sender gave a reason to share a confidential address */
};

struct policy_consent {
	bool given;                   /* false once withdrawn */
	int64_t institution_id;       /* 0: not given by id */
	const char *institution_type; /* NULL: not given by type */
	category_set categories;
};

struct policy_grant {                 /* break glass */
	int64_t institution_id;
	int64_t expires_at;
};

struct policy_case {
	int64_t owner_institution_id;
	int64_t mechanism_id;
	int64_t mechanism_coordinator_id; /* user id, 0 when none */
	enum risk_level risk;
	bool imminent_danger;
	const struct policy_referral *referrals;
	int nreferrals;
	const struct policy_consent *consents;
	int nconsents;
	const struct policy_grant *grants;
	int ngrants;
};

struct policy_viewer {
	const struct user *user;
	const char *institution_type;   /* of user->institution_id, NULL when none */
	bool institution_is_member;     /* of the case's mechanism */
};

enum access {
	ACCESS_NONE,    /* 404 */
	ACCESS_SUMMARY, /* the coordinator's summary: no categories */
	ACCESS_PACKET,  /* a sent referral's packet: no categories */
	ACCESS_READ,    /* the categories in `readable` */
	ACCESS_OWNER,   /* every category, and writes */
};

struct policy_decision {
	enum access access;
	category_set readable;
	category_set withheld; /* CATEGORIES_ALL & ~readable, for ACCESS_READ and above */
	bool break_glass;      /* access comes from a break-glass grant (audit it as such) */
};

struct policy_decision policy_case_access(const struct policy_viewer *v,
					  const struct policy_case *c, int64_t now);

/* The categories the survivor's consent covers for institution (id, type). */
category_set policy_consented(const struct policy_case *c, int64_t institution_id,
			      const char *institution_type);

/*
 * May `shared` be sent to institution (id, type) on this basis? Consent: every shared
 * category must be consented. Emergency: only when the case is high/extreme risk or in
 * imminent danger, and with a justification. Returns URA_OK, or URA_EUNPROCESSABLE with
 * the offending field ("share" or "basis" or "justification") in *field.
 */
enum ura_status policy_referral_allowed(const struct policy_case *c, int64_t to_institution_id,
					const char *to_institution_type, category_set shared,
					bool emergency_basis, bool has_justification,
					const char **field);

/*
 * A confidential address (the survivor has fled; the abuser must never learn where) is read by
 * the owner institution, and by another institution only through a referral it holds
 * (accepted, in progress or completed) that shares contact and whose sender gave a reason to
 * disclose the address. Break glass and summaries never show it. `d` is the caller's decision.
 */
bool policy_confidential_address_readable(const struct policy_viewer *v,
					  const struct policy_case *c,
					  const struct policy_decision *d);

/* Break glass: a caseworker or manager of a member institution that does not already own
 * the case. */
bool policy_may_break_glass(const struct policy_viewer *v, const struct policy_case *c);

/*
 * Jurisdiction of duplicate and perpetrator counts. A case found by blind index (a possible
 * duplicate, the perpetrator's other case) is counted — its id when the caller reads it, else
 * in `hidden` — only within the country (AL or XK, of the mechanism's municipality) of the case
 * looked from: a count must not tell Albanian institutions that a person is in Kosovo's cases,
 * or the reverse. Across the border only when both mechanisms have `cross_border_sharing` (a
 * protocol between them), or when the caller reads the other case already.
 */
struct policy_match {
	bool visible;                 /* the caller reads the other case already */
	const char *country;          /* of the other case's mechanism */
	const char *own_country;      /* of the case looked from */
	bool shares, own_shares;      /* the two mechanisms' cross_border_sharing */
};
bool policy_match_counts(const struct policy_match *m);

/*
 * The free text of a case-plan action (its title) was written by caseworkers and may name
 * people. It is read by those who read the case's categories (the owner, a referral's
 * recipient, break glass: ACCESS_READ or more), by the responsible institution's staff (who
 * must do it), and by whoever wrote it (a coordinator's meeting decision). The coordinator's
 * summary shows the rest of the action: kind, status, due date, responsible institution.
 */
bool policy_action_text_readable(const struct policy_decision *d, const struct user *u,
				 int64_t responsible_institution_id, int64_t created_by);

#endif
