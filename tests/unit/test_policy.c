/*
 * Unit tests for src/domain/policy.c, the information-sharing protocol: category names;
 * policy_case_access as one table over role × involvement × referral state and basis ×
 * consent × risk × break glass, each row with its expected access and readable set written
 * out; unions over several referrals and consents; policy_consented; policy_referral_allowed
 * (consent, emergency basis, justification) and policy_may_break_glass; the jurisdiction of
 * duplicate counts (policy_match_counts) and who reads a case-plan action's free text
 * (policy_action_text_readable).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/status.h"
#include "domain/policy.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-11-23T09:30:00Z */
#define NOW INT64_C(1795426200)

/* The cast: one case owned by the police, referred to social services. */
#define OWNER_INST 10  /* "police", member of the mechanism */
#define RECIP_INST 20  /* "social_services", member */
#define OTHER_INST 30  /* "health", not a member */
#define MEMBER_INST 40 /* "shelter", member, not involved */
#define COORD_INST 50  /* "municipality", member, the coordinator's own */
#define COORD_ID 7     /* the mechanism's coordinator (a user id) */
#define USER_ID 100    /* everyone else */

/* Categories, short enough for table rows. */
#define ID (1u << CAT_IDENTITY)
#define CON (1u << CAT_CONTACT)
#define INC (1u << CAT_INCIDENT)
#define RSK (1u << CAT_RISK)
#define HEA (1u << CAT_HEALTH)
#define CHI (1u << CAT_CHILDREN)
#define PER (1u << CAT_PERPETRATOR)
#define LEG (1u << CAT_LEGAL)
#define NOT (1u << CAT_NOTES)
#define ALL (ID | CON | INC | RSK | HEA | CHI | PER | LEG | NOT)
#define NOTHING 0u

/* What the table's one referral (police → social services) shares. */
#define SHARED (ID | CON | INC | HEA)

/* Who the viewer is, relative to the case. */
enum involvement {
	IN_NO_INST,    /* no institution at all */
	IN_OWNER,      /* staff of the owner institution */
	IN_RECIPIENT,  /* staff of the referral's recipient */
	IN_OTHER,      /* an institution outside the mechanism */
	IN_MEMBER,     /* a member institution with no part in the case */
	IN_COORD,      /* user COORD_ID, of COORD_INST (member, not involved) */
	IN_COORD_RECIP,/* user COORD_ID, of the recipient institution */
	IN_COORD_OWNER,/* user COORD_ID, of the owner institution */
};

/* The table's one referral: none, or in one of the six states. */
enum ref_state { NOREF, SENT, ACC, DEC, INP, COM, CAN };
enum basis { CONS, EMER };

/* The survivor's consents. */
enum consent_kind {
	K_NONE,      /* none recorded */
	K_TYPE,      /* to social_services by type: ID CON INC RSK HEA */
	K_ID,        /* to institution 20 by id: the same */
	K_WITHDRAWN, /* as K_TYPE and K_ID together, withdrawn */
	K_PARTIAL,   /* to social_services by type: ID INC */
	K_UNION,     /* by type ID, by id HEA, and a withdrawn one for CON */
	K_ELSEWHERE, /* to health and to institution 30 only: everything */
};

/* Break-glass grants. */
enum glass {
	G_NONE,
	G_VALID,     /* for the viewer's institution, expiring one second from now */
	G_EXPIRED,   /* for the viewer's institution, expiring exactly now */
	G_LONG_GONE, /* for the viewer's institution, expired a day ago */
	G_ELSEWHERE, /* valid, for another institution */
};

struct access_row {
	int line;
	enum role role;
	enum involvement who;
	bool inactive;
	enum ref_state state;
	enum basis basis;
	enum consent_kind consent;
	enum risk_level risk;
	enum glass glass;
	enum access access;
	category_set readable;
	bool break_glass;
};

#define R(role, who, st, b, k, risk, g, acc, rd, bg) \
	{ __LINE__, ROLE_##role, who, false, st, b, k, RISK_##risk, g, ACCESS_##acc, rd, bg }
#define INACTIVE(role, who, st, b, k, risk, g) \
	{ __LINE__, ROLE_##role, who, true, st, b, k, RISK_##risk, g, ACCESS_NONE, NOTHING, false }

static const struct access_row access_rows[] = {
	/* admin, national and auditor never read case content, however involved */
	R(ADMIN, IN_NO_INST, ACC, CONS, K_TYPE, HIGH, G_NONE, NONE, NOTHING, false),
	R(ADMIN, IN_OWNER, ACC, CONS, K_TYPE, HIGH, G_VALID, NONE, NOTHING, false),
	R(ADMIN, IN_RECIPIENT, ACC, CONS, K_ID, STANDARD, G_VALID, NONE, NOTHING, false),
	R(ADMIN, IN_OTHER, COM, EMER, K_ELSEWHERE, EXTREME, G_NONE, NONE, NOTHING, false),
	R(ADMIN, IN_MEMBER, NOREF, CONS, K_NONE, EXTREME, G_VALID, NONE, NOTHING, false),
	R(ADMIN, IN_COORD, ACC, CONS, K_TYPE, MEDIUM, G_NONE, NONE, NOTHING, false),
	R(ADMIN, IN_COORD_RECIP, INP, EMER, K_TYPE, HIGH, G_NONE, NONE, NOTHING, false),
	R(NATIONAL, IN_NO_INST, COM, CONS, K_TYPE, UNASSESSED, G_NONE, NONE, NOTHING, false),
	R(NATIONAL, IN_OWNER, NOREF, CONS, K_NONE, STANDARD, G_NONE, NONE, NOTHING, false),
	R(NATIONAL, IN_RECIPIENT, INP, EMER, K_NONE, HIGH, G_VALID, NONE, NOTHING, false),
	R(NATIONAL, IN_OTHER, SENT, CONS, K_ELSEWHERE, MEDIUM, G_VALID, NONE, NOTHING, false),
	R(NATIONAL, IN_MEMBER, DEC, CONS, K_ID, HIGH, G_VALID, NONE, NOTHING, false),
	R(NATIONAL, IN_COORD, NOREF, CONS, K_NONE, EXTREME, G_NONE, NONE, NOTHING, false),
	R(NATIONAL, IN_COORD_RECIP, ACC, CONS, K_ID, STANDARD, G_NONE, NONE, NOTHING, false),
	R(AUDITOR, IN_NO_INST, INP, CONS, K_ID, EXTREME, G_NONE, NONE, NOTHING, false),
	R(AUDITOR, IN_OWNER, ACC, CONS, K_TYPE, MEDIUM, G_NONE, NONE, NOTHING, false),
	R(AUDITOR, IN_RECIPIENT, COM, CONS, K_TYPE, UNASSESSED, G_NONE, NONE, NOTHING, false),
	R(AUDITOR, IN_OTHER, NOREF, CONS, K_NONE, HIGH, G_VALID, NONE, NOTHING, false),
	R(AUDITOR, IN_MEMBER, SENT, EMER, K_NONE, EXTREME, G_VALID, NONE, NOTHING, false),
	R(AUDITOR, IN_COORD, CAN, CONS, K_PARTIAL, STANDARD, G_NONE, NONE, NOTHING, false),
	R(AUDITOR, IN_COORD_OWNER, NOREF, CONS, K_NONE, HIGH, G_NONE, NONE, NOTHING, false),
	/* not signed in */
	R(NONE, IN_NO_INST, ACC, CONS, K_TYPE, HIGH, G_NONE, NONE, NOTHING, false),
	R(NONE, IN_OWNER, NOREF, CONS, K_NONE, STANDARD, G_VALID, NONE, NOTHING, false),

	/* the owner's caseworkers and managers: everything, whatever else is true */
	R(CASEWORKER, IN_OWNER, NOREF, CONS, K_NONE, UNASSESSED, G_NONE, OWNER, ALL, false),
	R(CASEWORKER, IN_OWNER, SENT, CONS, K_NONE, STANDARD, G_NONE, OWNER, ALL, false),
	R(CASEWORKER, IN_OWNER, ACC, CONS, K_TYPE, MEDIUM, G_NONE, OWNER, ALL, false),
	R(CASEWORKER, IN_OWNER, DEC, CONS, K_WITHDRAWN, HIGH, G_NONE, OWNER, ALL, false),
	R(CASEWORKER, IN_OWNER, INP, EMER, K_NONE, EXTREME, G_NONE, OWNER, ALL, false),
	R(CASEWORKER, IN_OWNER, COM, CONS, K_PARTIAL, STANDARD, G_NONE, OWNER, ALL, false),
	R(CASEWORKER, IN_OWNER, CAN, CONS, K_ELSEWHERE, MEDIUM, G_NONE, OWNER, ALL, false),
	R(CASEWORKER, IN_OWNER, NOREF, CONS, K_NONE, HIGH, G_VALID, OWNER, ALL, false),
	R(CASEWORKER, IN_OWNER, NOREF, CONS, K_NONE, HIGH, G_EXPIRED, OWNER, ALL, false),
	R(MANAGER, IN_OWNER, NOREF, CONS, K_NONE, UNASSESSED, G_NONE, OWNER, ALL, false),
	R(MANAGER, IN_OWNER, ACC, CONS, K_WITHDRAWN, EXTREME, G_NONE, OWNER, ALL, false),
	R(MANAGER, IN_OWNER, SENT, EMER, K_NONE, HIGH, G_VALID, OWNER, ALL, false),

	/* the recipient on a consent basis: sent → packet; accepted, in progress, completed →
	 * shared ∩ consented (READ with nothing readable when that is empty); declined,
	 * cancelled or no referral → nothing */
	R(CASEWORKER, IN_RECIPIENT, NOREF, CONS, K_NONE, UNASSESSED, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, NOREF, CONS, K_TYPE, STANDARD, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, NOREF, CONS, K_ID, MEDIUM, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, NOREF, CONS, K_WITHDRAWN, HIGH, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, NOREF, CONS, K_PARTIAL, EXTREME, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, NOREF, CONS, K_UNION, UNASSESSED, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, NOREF, CONS, K_ELSEWHERE, STANDARD, G_NONE, NONE, NOTHING,
	  false),
	R(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_NONE, MEDIUM, G_NONE, PACKET, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_TYPE, HIGH, G_NONE, PACKET, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_ID, EXTREME, G_NONE, PACKET, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_WITHDRAWN, UNASSESSED, G_NONE, PACKET, NOTHING,
	  false),
	R(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_PARTIAL, STANDARD, G_NONE, PACKET, NOTHING,
	  false),
	R(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_UNION, MEDIUM, G_NONE, PACKET, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_ELSEWHERE, HIGH, G_NONE, PACKET, NOTHING,
	  false),
	R(CASEWORKER, IN_RECIPIENT, ACC, CONS, K_NONE, EXTREME, G_NONE, READ, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, ACC, CONS, K_TYPE, UNASSESSED, G_NONE, READ,
	  ID | CON | INC | HEA, false),
	R(CASEWORKER, IN_RECIPIENT, ACC, CONS, K_ID, STANDARD, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(CASEWORKER, IN_RECIPIENT, ACC, CONS, K_WITHDRAWN, MEDIUM, G_NONE, READ, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, ACC, CONS, K_PARTIAL, HIGH, G_NONE, READ, ID | INC, false),
	R(CASEWORKER, IN_RECIPIENT, ACC, CONS, K_UNION, EXTREME, G_NONE, READ, ID | HEA, false),
	R(CASEWORKER, IN_RECIPIENT, ACC, CONS, K_ELSEWHERE, UNASSESSED, G_NONE, READ, NOTHING,
	  false),
	R(CASEWORKER, IN_RECIPIENT, DEC, CONS, K_NONE, STANDARD, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, DEC, CONS, K_TYPE, MEDIUM, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, DEC, CONS, K_ID, HIGH, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, DEC, CONS, K_WITHDRAWN, EXTREME, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, DEC, CONS, K_PARTIAL, UNASSESSED, G_NONE, NONE, NOTHING,
	  false),
	R(CASEWORKER, IN_RECIPIENT, DEC, CONS, K_UNION, STANDARD, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, DEC, CONS, K_ELSEWHERE, MEDIUM, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, INP, CONS, K_NONE, HIGH, G_NONE, READ, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, INP, CONS, K_TYPE, EXTREME, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(CASEWORKER, IN_RECIPIENT, INP, CONS, K_ID, UNASSESSED, G_NONE, READ,
	  ID | CON | INC | HEA, false),
	R(CASEWORKER, IN_RECIPIENT, INP, CONS, K_WITHDRAWN, STANDARD, G_NONE, READ, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, INP, CONS, K_PARTIAL, MEDIUM, G_NONE, READ, ID | INC, false),
	R(CASEWORKER, IN_RECIPIENT, INP, CONS, K_UNION, HIGH, G_NONE, READ, ID | HEA, false),
	R(CASEWORKER, IN_RECIPIENT, INP, CONS, K_ELSEWHERE, EXTREME, G_NONE, READ, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, COM, CONS, K_NONE, UNASSESSED, G_NONE, READ, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, COM, CONS, K_TYPE, STANDARD, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(CASEWORKER, IN_RECIPIENT, COM, CONS, K_ID, MEDIUM, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(CASEWORKER, IN_RECIPIENT, COM, CONS, K_WITHDRAWN, HIGH, G_NONE, READ, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, COM, CONS, K_PARTIAL, EXTREME, G_NONE, READ, ID | INC, false),
	R(CASEWORKER, IN_RECIPIENT, COM, CONS, K_UNION, UNASSESSED, G_NONE, READ, ID | HEA, false),
	R(CASEWORKER, IN_RECIPIENT, COM, CONS, K_ELSEWHERE, STANDARD, G_NONE, READ, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, CAN, CONS, K_NONE, MEDIUM, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, CAN, CONS, K_TYPE, HIGH, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, CAN, CONS, K_ID, EXTREME, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, CAN, CONS, K_WITHDRAWN, UNASSESSED, G_NONE, NONE, NOTHING,
	  false),
	R(CASEWORKER, IN_RECIPIENT, CAN, CONS, K_PARTIAL, STANDARD, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, CAN, CONS, K_UNION, MEDIUM, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, CAN, CONS, K_ELSEWHERE, HIGH, G_NONE, NONE, NOTHING, false),
	R(MANAGER, IN_RECIPIENT, NOREF, CONS, K_TYPE, HIGH, G_NONE, NONE, NOTHING, false),
	R(MANAGER, IN_RECIPIENT, SENT, CONS, K_TYPE, EXTREME, G_NONE, PACKET, NOTHING, false),
	R(MANAGER, IN_RECIPIENT, ACC, CONS, K_ID, UNASSESSED, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(MANAGER, IN_RECIPIENT, ACC, CONS, K_PARTIAL, STANDARD, G_NONE, READ, ID | INC, false),
	R(MANAGER, IN_RECIPIENT, ACC, CONS, K_WITHDRAWN, MEDIUM, G_NONE, READ, NOTHING, false),
	R(MANAGER, IN_RECIPIENT, DEC, CONS, K_TYPE, HIGH, G_NONE, NONE, NOTHING, false),
	R(MANAGER, IN_RECIPIENT, INP, CONS, K_UNION, EXTREME, G_NONE, READ, ID | HEA, false),
	R(MANAGER, IN_RECIPIENT, COM, CONS, K_TYPE, UNASSESSED, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(MANAGER, IN_RECIPIENT, COM, CONS, K_NONE, STANDARD, G_NONE, READ, NOTHING, false),
	R(MANAGER, IN_RECIPIENT, CAN, CONS, K_ID, MEDIUM, G_NONE, NONE, NOTHING, false),

	/* the recipient on an emergency basis: what the referral shares, without consent and
	 * whatever the risk is now (the basis was checked when it was sent) */
	R(CASEWORKER, IN_RECIPIENT, SENT, EMER, K_NONE, HIGH, G_NONE, PACKET, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, ACC, EMER, K_NONE, UNASSESSED, G_NONE, READ,
	  ID | CON | INC | HEA, false),
	R(CASEWORKER, IN_RECIPIENT, ACC, EMER, K_NONE, STANDARD, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(CASEWORKER, IN_RECIPIENT, ACC, EMER, K_NONE, MEDIUM, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(CASEWORKER, IN_RECIPIENT, ACC, EMER, K_NONE, HIGH, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(CASEWORKER, IN_RECIPIENT, ACC, EMER, K_NONE, EXTREME, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(CASEWORKER, IN_RECIPIENT, INP, EMER, K_WITHDRAWN, HIGH, G_NONE, READ,
	  ID | CON | INC | HEA, false),
	R(CASEWORKER, IN_RECIPIENT, COM, EMER, K_PARTIAL, EXTREME, G_NONE, READ,
	  ID | CON | INC | HEA, false),
	R(CASEWORKER, IN_RECIPIENT, DEC, EMER, K_NONE, EXTREME, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, CAN, EMER, K_TYPE, HIGH, G_NONE, NONE, NOTHING, false),
	R(MANAGER, IN_RECIPIENT, ACC, EMER, K_ELSEWHERE, HIGH, G_NONE, READ, ID | CON | INC | HEA,
	  false),

	/* an institution outside the mechanism: nothing, grant or not */
	R(CASEWORKER, IN_OTHER, NOREF, CONS, K_NONE, STANDARD, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_OTHER, ACC, CONS, K_ELSEWHERE, HIGH, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_OTHER, ACC, CONS, K_TYPE, EXTREME, G_VALID, NONE, NOTHING, false),
	R(CASEWORKER, IN_OTHER, SENT, CONS, K_NONE, MEDIUM, G_EXPIRED, NONE, NOTHING, false),
	R(MANAGER, IN_OTHER, INP, EMER, K_NONE, EXTREME, G_VALID, NONE, NOTHING, false),
	R(MANAGER, IN_OTHER, COM, CONS, K_TYPE, UNASSESSED, G_NONE, NONE, NOTHING, false),

	/* a member institution not involved: only an unexpired grant of its own opens the case */
	R(CASEWORKER, IN_MEMBER, NOREF, CONS, K_NONE, HIGH, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_MEMBER, ACC, CONS, K_TYPE, EXTREME, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_MEMBER, NOREF, CONS, K_NONE, HIGH, G_VALID, READ, ALL, true),
	R(CASEWORKER, IN_MEMBER, ACC, CONS, K_TYPE, EXTREME, G_VALID, READ, ALL, true),
	R(CASEWORKER, IN_MEMBER, NOREF, CONS, K_NONE, HIGH, G_EXPIRED, NONE, NOTHING, false),
	R(CASEWORKER, IN_MEMBER, NOREF, CONS, K_NONE, EXTREME, G_LONG_GONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_MEMBER, NOREF, CONS, K_NONE, HIGH, G_ELSEWHERE, NONE, NOTHING, false),
	R(MANAGER, IN_MEMBER, NOREF, CONS, K_NONE, UNASSESSED, G_VALID, READ, ALL, true),
	R(MANAGER, IN_MEMBER, CAN, CONS, K_ID, MEDIUM, G_EXPIRED, NONE, NOTHING, false),
	R(MANAGER, IN_MEMBER, SENT, CONS, K_TYPE, STANDARD, G_NONE, NONE, NOTHING, false),

	/* the recipient with a grant: the grant widens a referral to everything */
	R(CASEWORKER, IN_RECIPIENT, ACC, CONS, K_PARTIAL, HIGH, G_VALID, READ, ALL, true),
	R(CASEWORKER, IN_RECIPIENT, ACC, CONS, K_PARTIAL, HIGH, G_EXPIRED, READ, ID | INC, false),
	R(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_TYPE, EXTREME, G_VALID, READ, ALL, true),
	R(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_TYPE, EXTREME, G_EXPIRED, PACKET, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, DEC, CONS, K_TYPE, HIGH, G_VALID, READ, ALL, true),
	R(CASEWORKER, IN_RECIPIENT, CAN, CONS, K_TYPE, HIGH, G_ELSEWHERE, NONE, NOTHING, false),
	R(CASEWORKER, IN_RECIPIENT, INP, CONS, K_UNION, MEDIUM, G_LONG_GONE, READ, ID | HEA, false),
	R(MANAGER, IN_RECIPIENT, COM, EMER, K_NONE, EXTREME, G_VALID, READ, ALL, true),
	R(MANAGER, IN_RECIPIENT, ACC, CONS, K_WITHDRAWN, HIGH, G_VALID, READ, ALL, true),

	/* the mechanism's coordinator, institution not involved: the summary, never more */
	R(COORDINATOR, IN_COORD, NOREF, CONS, K_NONE, UNASSESSED, G_NONE, SUMMARY, NOTHING, false),
	R(COORDINATOR, IN_COORD, SENT, CONS, K_TYPE, STANDARD, G_NONE, SUMMARY, NOTHING, false),
	R(COORDINATOR, IN_COORD, ACC, CONS, K_TYPE, MEDIUM, G_NONE, SUMMARY, NOTHING, false),
	R(COORDINATOR, IN_COORD, DEC, CONS, K_ID, HIGH, G_NONE, SUMMARY, NOTHING, false),
	R(COORDINATOR, IN_COORD, INP, EMER, K_NONE, EXTREME, G_NONE, SUMMARY, NOTHING, false),
	R(COORDINATOR, IN_COORD, COM, CONS, K_ID, UNASSESSED, G_NONE, SUMMARY, NOTHING, false),
	R(COORDINATOR, IN_COORD, CAN, CONS, K_WITHDRAWN, STANDARD, G_NONE, SUMMARY, NOTHING, false),
	R(COORDINATOR, IN_COORD, NOREF, CONS, K_NONE, HIGH, G_VALID, SUMMARY, NOTHING, false),
	R(COORDINATOR, IN_COORD, ACC, CONS, K_UNION, EXTREME, G_VALID, SUMMARY, NOTHING, false),

	/* the mechanism's coordinator whose institution is the recipient: reads as it */
	R(COORDINATOR, IN_COORD_RECIP, NOREF, CONS, K_TYPE, MEDIUM, G_NONE, SUMMARY, NOTHING,
	  false),
	R(COORDINATOR, IN_COORD_RECIP, SENT, CONS, K_TYPE, HIGH, G_NONE, PACKET, NOTHING, false),
	R(COORDINATOR, IN_COORD_RECIP, ACC, CONS, K_TYPE, EXTREME, G_NONE, READ,
	  ID | CON | INC | HEA, false),
	R(COORDINATOR, IN_COORD_RECIP, ACC, CONS, K_NONE, UNASSESSED, G_NONE, READ, NOTHING, false),
	R(COORDINATOR, IN_COORD_RECIP, ACC, CONS, K_WITHDRAWN, STANDARD, G_NONE, READ, NOTHING,
	  false),
	R(COORDINATOR, IN_COORD_RECIP, INP, CONS, K_PARTIAL, MEDIUM, G_NONE, READ, ID | INC, false),
	R(COORDINATOR, IN_COORD_RECIP, COM, CONS, K_ID, HIGH, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(COORDINATOR, IN_COORD_RECIP, ACC, EMER, K_NONE, EXTREME, G_NONE, READ,
	  ID | CON | INC | HEA, false),
	R(COORDINATOR, IN_COORD_RECIP, DEC, CONS, K_TYPE, UNASSESSED, G_NONE, SUMMARY, NOTHING,
	  false),
	R(COORDINATOR, IN_COORD_RECIP, CAN, CONS, K_TYPE, STANDARD, G_NONE, SUMMARY, NOTHING,
	  false),
	R(COORDINATOR, IN_COORD_RECIP, ACC, CONS, K_PARTIAL, HIGH, G_VALID, READ, ID | INC, false),
	/* ... whose institution owns the case: reads everything, writes nothing */
	R(COORDINATOR, IN_COORD_OWNER, NOREF, CONS, K_NONE, MEDIUM, G_NONE, READ, ALL, false),
	R(COORDINATOR, IN_COORD_OWNER, ACC, CONS, K_TYPE, HIGH, G_VALID, READ, ALL, false),

	/* a coordinator of another mechanism is anyone else, whatever their institution does */
	R(COORDINATOR, IN_RECIPIENT, ACC, CONS, K_TYPE, HIGH, G_NONE, NONE, NOTHING, false),
	R(COORDINATOR, IN_RECIPIENT, SENT, CONS, K_TYPE, EXTREME, G_NONE, NONE, NOTHING, false),
	R(COORDINATOR, IN_OWNER, NOREF, CONS, K_NONE, STANDARD, G_NONE, NONE, NOTHING, false),
	R(COORDINATOR, IN_MEMBER, NOREF, CONS, K_NONE, HIGH, G_VALID, NONE, NOTHING, false),
	R(COORDINATOR, IN_OTHER, COM, EMER, K_ELSEWHERE, EXTREME, G_NONE, NONE, NOTHING, false),

	/* staff whose user id happens to be the coordinator's: the role decides, not the id */
	R(CASEWORKER, IN_COORD, NOREF, CONS, K_NONE, HIGH, G_NONE, NONE, NOTHING, false),
	R(CASEWORKER, IN_COORD, NOREF, CONS, K_NONE, HIGH, G_VALID, READ, ALL, true),
	R(MANAGER, IN_COORD_RECIP, ACC, CONS, K_TYPE, MEDIUM, G_NONE, READ, ID | CON | INC | HEA,
	  false),
	R(MANAGER, IN_COORD_OWNER, NOREF, CONS, K_NONE, STANDARD, G_NONE, OWNER, ALL, false),

	/* inactive users see nothing */
	INACTIVE(CASEWORKER, IN_OWNER, NOREF, CONS, K_NONE, HIGH, G_NONE),
	INACTIVE(MANAGER, IN_OWNER, ACC, CONS, K_TYPE, EXTREME, G_NONE),
	INACTIVE(MANAGER, IN_RECIPIENT, ACC, CONS, K_TYPE, HIGH, G_NONE),
	INACTIVE(CASEWORKER, IN_RECIPIENT, SENT, CONS, K_TYPE, STANDARD, G_NONE),
	INACTIVE(CASEWORKER, IN_MEMBER, NOREF, CONS, K_NONE, EXTREME, G_VALID),
	INACTIVE(COORDINATOR, IN_COORD, ACC, CONS, K_TYPE, MEDIUM, G_NONE),
	INACTIVE(COORDINATOR, IN_COORD_RECIP, ACC, CONS, K_TYPE, HIGH, G_NONE),
};

/* ---- building a case and a viewer from a row ---- */

struct world {
	struct user user;
	struct policy_viewer viewer;
	struct policy_referral referral;
	struct policy_consent consents[3];
	struct policy_grant grant;
	struct policy_case c;
};

static void
place_viewer(struct world *w, enum involvement who)
{
	static const struct {
		int64_t user_id, institution_id;
		const char *type;
		bool member;
	} places[] = {
		[IN_NO_INST] = { USER_ID, 0, NULL, false },
		[IN_OWNER] = { USER_ID, OWNER_INST, "police", true },
		[IN_RECIPIENT] = { USER_ID, RECIP_INST, "social_services", true },
		[IN_OTHER] = { USER_ID, OTHER_INST, "health", false },
		[IN_MEMBER] = { USER_ID, MEMBER_INST, "shelter", true },
		[IN_COORD] = { COORD_ID, COORD_INST, "municipality", true },
		[IN_COORD_RECIP] = { COORD_ID, RECIP_INST, "social_services", true },
		[IN_COORD_OWNER] = { COORD_ID, OWNER_INST, "police", true },
	};

	w->user.id = places[who].user_id;
	w->user.institution_id = places[who].institution_id;
	w->viewer.user = &w->user;
	w->viewer.institution_type = places[who].type;
	w->viewer.institution_is_member = places[who].member;
}

static int
fill_consents(struct policy_consent *k, enum consent_kind kind)
{
	const category_set wide = ID | CON | INC | RSK | HEA;

	switch (kind) {
	case K_NONE:
		return 0;
	case K_TYPE:
		k[0] = (struct policy_consent){ true, 0, "social_services", wide };
		return 1;
	case K_ID:
		k[0] = (struct policy_consent){ true, RECIP_INST, NULL, wide };
		return 1;
	case K_WITHDRAWN:
		k[0] = (struct policy_consent){ false, 0, "social_services", wide };
		k[1] = (struct policy_consent){ false, RECIP_INST, NULL, wide };
		return 2;
	case K_PARTIAL:
		k[0] = (struct policy_consent){ true, 0, "social_services", ID | INC };
		return 1;
	case K_UNION:
		k[0] = (struct policy_consent){ true, 0, "social_services", ID };
		k[1] = (struct policy_consent){ true, RECIP_INST, NULL, HEA };
		k[2] = (struct policy_consent){ false, RECIP_INST, "social_services", CON };
		return 3;
	case K_ELSEWHERE:
		k[0] = (struct policy_consent){ true, 0, "health", ALL };
		k[1] = (struct policy_consent){ true, OTHER_INST, NULL, ALL };
		return 2;
	}
	fail_msg("consent kind %d", kind);
	return 0;
}

static int
fill_grant(struct policy_grant *g, enum glass glass, int64_t institution_id)
{
	switch (glass) {
	case G_NONE:
		return 0;
	case G_VALID:
		*g = (struct policy_grant){ institution_id, NOW + 1 };
		return 1;
	case G_EXPIRED:
		*g = (struct policy_grant){ institution_id, NOW };
		return 1;
	case G_LONG_GONE:
		*g = (struct policy_grant){ institution_id, NOW - 86400 };
		return 1;
	case G_ELSEWHERE:
		*g = (struct policy_grant){ 99, NOW + 86400 };
		return 1;
	}
	fail_msg("glass %d", glass);
	return 0;
}

static void
build(struct world *w, const struct access_row *r)
{
	static const enum referral_status statuses[] = {
		[SENT] = REFERRAL_SENT,       [ACC] = REFERRAL_ACCEPTED,
		[DEC] = REFERRAL_DECLINED,    [INP] = REFERRAL_IN_PROGRESS,
		[COM] = REFERRAL_COMPLETED,   [CAN] = REFERRAL_CANCELLED,
	};

	memset(w, 0, sizeof(*w));
	w->user.role = r->role;
	w->user.active = !r->inactive;
	w->user.username = "someone";
	place_viewer(w, r->who);
	w->referral = (struct policy_referral){ OWNER_INST, RECIP_INST, statuses[r->state], SHARED,
						r->basis == EMER, false };
	w->c.owner_institution_id = OWNER_INST;
	w->c.mechanism_id = 1;
	w->c.mechanism_coordinator_id = COORD_ID;
	w->c.risk = r->risk;
	w->c.referrals = &w->referral;
	w->c.nreferrals = r->state == NOREF ? 0 : 1;
	w->c.consents = w->consents;
	w->c.nconsents = fill_consents(w->consents, r->consent);
	w->c.grants = &w->grant;
	w->c.ngrants = fill_grant(&w->grant, r->glass, w->user.institution_id);
}

static void
check_decision(int line, struct policy_decision d, enum access access, category_set readable,
	       bool break_glass)
{
	category_set withheld = access >= ACCESS_READ ? ALL & ~readable : 0;

	if (d.access != access || d.readable != readable || d.withheld != withheld ||
	    d.break_glass != break_glass)
		fail_msg("line %d: access %d readable %#x withheld %#x break_glass %d; expected "
			 "%d %#x %#x %d", line, d.access, d.readable, d.withheld, d.break_glass,
			 access, readable, withheld, break_glass);
}

/* ---- tests ---- */

static void
test_case_access_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(access_rows); i++) {
		const struct access_row *r = &access_rows[i];
		struct world w;

		build(&w, r);
		check_decision(r->line, policy_case_access(&w.viewer, &w.c, NOW), r->access,
			       r->readable, r->break_glass);
	}
}

/* Every value of every dimension appears in the table at least once. */
static void
test_case_access_table_covers_every_value(void **state)
{
	unsigned roles = 0, whos = 0, states = 0, bases = 0, consents = 0, risks = 0, glasses = 0;
	unsigned accesses = 0;

	(void)state;
	for (size_t i = 0; i < NELEM(access_rows); i++) {
		const struct access_row *r = &access_rows[i];

		roles |= 1u << r->role;
		whos |= 1u << r->who;
		states |= 1u << r->state;
		bases |= 1u << r->basis;
		consents |= 1u << r->consent;
		risks |= 1u << r->risk;
		glasses |= 1u << r->glass;
		accesses |= 1u << r->access;
	}
	assert_int_equal(roles, 0x7f);   /* ROLE_NONE and the six roles */
	assert_int_equal(whos, 0xff);    /* eight involvements */
	assert_int_equal(states, 0x7f);  /* no referral and the six states */
	assert_int_equal(bases, 0x3);
	assert_int_equal(consents, 0x7f);
	assert_int_equal(risks, 0x1f);   /* unassessed .. extreme */
	assert_int_equal(glasses, 0x1f);
	assert_int_equal(accesses, 0x1f); /* every outcome */
	assert_true(NELEM(access_rows) >= 150);
}

/* A recipient reads the union over its referrals that are accepted, in progress or completed. */
static void
test_union_over_referrals(void **state)
{
	const struct policy_referral referrals[] = {
		{ OWNER_INST, RECIP_INST, REFERRAL_ACCEPTED, ID | CON, false, false },
		{ OWNER_INST, RECIP_INST, REFERRAL_IN_PROGRESS, PER, true, false },
		{ OWNER_INST, RECIP_INST, REFERRAL_COMPLETED, RSK | LEG, false, false },
		{ OWNER_INST, RECIP_INST, REFERRAL_DECLINED, ALL, true, false },
		{ OWNER_INST, RECIP_INST, REFERRAL_CANCELLED, ALL, true, false },
		{ OWNER_INST, RECIP_INST, REFERRAL_SENT, ALL, true, false },
		{ OWNER_INST, MEMBER_INST, REFERRAL_ACCEPTED, ALL, true, false },  /* someone else's */
		{ RECIP_INST, MEMBER_INST, REFERRAL_ACCEPTED, ALL, true, false },  /* it sent this one */
	};
	const struct policy_consent consents[] = {
		{ true, 0, "social_services", ID | LEG },
	};
	struct user u = { .id = USER_ID, .role = ROLE_CASEWORKER, .institution_id = RECIP_INST,
			  .active = true };
	struct policy_viewer v = { &u, "social_services", true };
	struct policy_case c = { .owner_institution_id = OWNER_INST, .mechanism_id = 1,
				 .mechanism_coordinator_id = COORD_ID, .risk = RISK_HIGH,
				 .referrals = referrals, .nreferrals = (int)NELEM(referrals),
				 .consents = consents, .nconsents = 1 };

	(void)state;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_READ, ID | PER | LEG,
		       false);
	/* only the ones that give nothing, and a sent one: the packet */
	c.referrals = referrals + 3;
	c.nreferrals = 5;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_PACKET, NOTHING, false);
	/* only declined and cancelled ones: nothing */
	c.nreferrals = 2;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_NONE, NOTHING, false);
	/* only ones it sent or that went elsewhere: nothing */
	c.referrals = referrals + 6;
	c.nreferrals = 2;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_NONE, NOTHING, false);
}

/* A referral that already shares everything is the basis: the grant is not flagged. */
static void
test_break_glass_flagged_only_when_it_widens(void **state)
{
	const struct policy_referral everything = { OWNER_INST, RECIP_INST, REFERRAL_ACCEPTED, ALL,
						    true, false };
	const struct policy_grant grant = { RECIP_INST, NOW + 3600 };
	struct user u = { .id = USER_ID, .role = ROLE_MANAGER, .institution_id = RECIP_INST,
			  .active = true };
	struct policy_viewer v = { &u, "social_services", true };
	struct policy_case c = { .owner_institution_id = OWNER_INST, .mechanism_id = 1,
				 .risk = RISK_EXTREME, .referrals = &everything, .nreferrals = 1,
				 .grants = &grant, .ngrants = 1 };

	(void)state;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_READ, ALL, false);
	c.nreferrals = 0;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_READ, ALL, true);
	check_decision(__LINE__, policy_case_access(&v, &c, NOW + 3599), ACCESS_READ, ALL, true);
	check_decision(__LINE__, policy_case_access(&v, &c, NOW + 3600), ACCESS_NONE, NOTHING,
		       false);
	/* not a member any more: the grant no longer counts */
	v.institution_is_member = false;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_NONE, NOTHING, false);
}

/* Bits beyond the nine categories never reach readable or withheld. */
static void
test_stray_bits_are_masked(void **state)
{
	const struct policy_referral wild = { OWNER_INST, RECIP_INST, REFERRAL_ACCEPTED, ~0u,
					      false, false };
	const struct policy_consent consent = { true, RECIP_INST, NULL, ~0u };
	struct user u = { .id = USER_ID, .role = ROLE_CASEWORKER, .institution_id = RECIP_INST,
			  .active = true };
	struct policy_viewer v = { &u, "social_services", true };
	struct policy_case c = { .owner_institution_id = OWNER_INST, .referrals = &wild,
				 .nreferrals = 1, .consents = &consent, .nconsents = 1 };

	(void)state;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_READ, ALL, false);
	assert_int_equal(policy_consented(&c, RECIP_INST, NULL), ALL);
}

static void
test_coordinator_must_be_the_mechanisms(void **state)
{
	struct user u = { .id = COORD_ID, .role = ROLE_COORDINATOR, .institution_id = COORD_INST,
			  .active = true };
	struct policy_viewer v = { &u, "municipality", true };
	struct policy_case c = { .owner_institution_id = OWNER_INST, .mechanism_id = 1,
				 .mechanism_coordinator_id = COORD_ID };

	(void)state;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_SUMMARY, NOTHING, false);
	c.mechanism_coordinator_id = COORD_ID + 1;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_NONE, NOTHING, false);
	c.mechanism_coordinator_id = 0; /* a mechanism without a coordinator */
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_NONE, NOTHING, false);
	u.id = 0;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_NONE, NOTHING, false);
}

static void
test_no_user_no_access(void **state)
{
	struct policy_viewer v = { NULL, NULL, false };
	struct policy_case c = { .owner_institution_id = OWNER_INST };

	(void)state;
	check_decision(__LINE__, policy_case_access(&v, &c, NOW), ACCESS_NONE, NOTHING, false);
	check_decision(__LINE__, policy_case_access(NULL, &c, NOW), ACCESS_NONE, NOTHING, false);
}

static void
test_consented(void **state)
{
	const struct policy_consent consents[] = {
		{ true, 0, "police", ID },
		{ true, RECIP_INST, NULL, CON },
		{ true, 0, "social_services", INC | RSK },
		{ false, RECIP_INST, "social_services", NOT },  /* withdrawn */
		{ true, MEMBER_INST, "shelter", CHI },          /* by id and type at once */
		{ true, 0, NULL, LEG },                         /* matches nobody */
	};
	static const struct {
		int line;
		int64_t id;
		const char *type;
		category_set expected;
	} rows[] = {
		{ __LINE__, RECIP_INST, "social_services", CON | INC | RSK },
		{ __LINE__, RECIP_INST, NULL, CON },
		{ __LINE__, RECIP_INST, "police", ID | CON },
		{ __LINE__, 0, "social_services", INC | RSK },
		{ __LINE__, 21, "social_services", INC | RSK },
		{ __LINE__, OWNER_INST, "police", ID },
		{ __LINE__, MEMBER_INST, "health", CHI },
		{ __LINE__, 41, "shelter", CHI },
		{ __LINE__, OTHER_INST, "health", NOTHING },
		{ __LINE__, 0, NULL, NOTHING },
		{ __LINE__, 0, "", NOTHING },
	};
	struct policy_case c = { .consents = consents, .nconsents = (int)NELEM(consents) };

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		category_set got = policy_consented(&c, rows[i].id, rows[i].type);

		if (got != rows[i].expected)
			fail_msg("line %d: %#x, expected %#x", rows[i].line, got, rows[i].expected);
	}
	c.nconsents = 0;
	assert_int_equal(policy_consented(&c, RECIP_INST, "social_services"), 0);
}

struct allowed_row {
	int line;
	enum risk_level risk;
	bool imminent;
	enum consent_kind consent;
	category_set shared;
	bool emergency, justified;
	enum ura_status status;
	const char *field;
};

#define A(risk, imm, k, shared, em, just, st, field) \
	{ __LINE__, RISK_##risk, imm, k, shared, em, just, URA_##st, field }

static const struct allowed_row allowed_rows[] = {
	/* consent: every shared category consented, for this institution's id or type */
	A(STANDARD, false, K_TYPE, ID | CON | INC, false, false, OK, NULL),
	A(STANDARD, false, K_TYPE, ID | CON | INC | RSK | HEA, false, false, OK, NULL),
	A(MEDIUM, false, K_ID, ID | CON | INC | RSK | HEA, false, false, OK, NULL),
	A(STANDARD, false, K_TYPE, ID | CHI, false, false, EUNPROCESSABLE, "share"),
	A(STANDARD, false, K_NONE, ID, false, false, EUNPROCESSABLE, "share"),
	A(UNASSESSED, false, K_NONE, NOTHING, false, false, OK, NULL),
	A(MEDIUM, false, K_WITHDRAWN, ID, false, false, EUNPROCESSABLE, "share"),
	A(STANDARD, false, K_PARTIAL, ID | INC, false, false, OK, NULL),
	A(STANDARD, false, K_PARTIAL, ID | CON, false, false, EUNPROCESSABLE, "share"),
	A(STANDARD, false, K_UNION, ID | HEA, false, false, OK, NULL),
	A(STANDARD, false, K_UNION, ID | HEA | CON, false, false, EUNPROCESSABLE, "share"),
	A(STANDARD, false, K_ELSEWHERE, ID, false, false, EUNPROCESSABLE, "share"),
	A(STANDARD, false, K_TYPE, ID, false, true, OK, NULL),
	/* high risk does not waive consent on a consent basis */
	A(EXTREME, true, K_NONE, ID, false, true, EUNPROCESSABLE, "share"),
	/* emergency: high/extreme risk or imminent danger, and a justification */
	A(HIGH, false, K_NONE, ALL, true, true, OK, NULL),
	A(EXTREME, false, K_NONE, ALL, true, true, OK, NULL),
	A(MEDIUM, true, K_NONE, ID | CON, true, true, OK, NULL),
	A(UNASSESSED, true, K_NONE, ID, true, true, OK, NULL),
	A(HIGH, false, K_NONE, ALL, true, false, EUNPROCESSABLE, "justification"),
	A(EXTREME, true, K_TYPE, ID, true, false, EUNPROCESSABLE, "justification"),
	A(STANDARD, false, K_NONE, ID, true, true, EUNPROCESSABLE, "basis"),
	A(STANDARD, false, K_NONE, ID, true, false, EUNPROCESSABLE, "basis"),
	A(MEDIUM, false, K_TYPE, ID, true, true, EUNPROCESSABLE, "basis"),
	A(UNASSESSED, false, K_NONE, ID, true, true, EUNPROCESSABLE, "basis"),
	/* nothing beyond the nine categories, on either basis */
	A(STANDARD, false, K_ELSEWHERE, 1u << CAT_COUNT, false, false, EUNPROCESSABLE, "share"),
	A(EXTREME, true, K_NONE, ID | (1u << 31), true, true, EUNPROCESSABLE, "share"),
};

static void
test_referral_allowed(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(allowed_rows); i++) {
		const struct allowed_row *r = &allowed_rows[i];
		struct policy_consent consents[3];
		struct policy_case c = { .owner_institution_id = OWNER_INST, .risk = r->risk,
					 .imminent_danger = r->imminent, .consents = consents };
		const char *field = "untouched";
		enum ura_status st;

		c.nconsents = fill_consents(consents, r->consent);
		st = policy_referral_allowed(&c, RECIP_INST, "social_services", r->shared,
					     r->emergency, r->justified, &field);
		if (st != r->status)
			fail_msg("line %d: status %d, expected %d", r->line, st, r->status);
		if (r->field == NULL ? field != NULL :
				       field == NULL || strcmp(field, r->field) != 0)
			fail_msg("line %d: field %s, expected %s", r->line,
				 field ? field : "NULL", r->field ? r->field : "NULL");
		/* field may be NULL when the caller does not want it */
		assert_int_equal(policy_referral_allowed(&c, RECIP_INST, "social_services",
							 r->shared, r->emergency, r->justified,
							 NULL),
				 r->status);
	}
}

struct glass_row {
	int line;
	enum role role;
	enum involvement who;
	bool inactive;
	bool expected;
};

static const struct glass_row glass_rows[] = {
	{ __LINE__, ROLE_CASEWORKER, IN_MEMBER, false, true },
	{ __LINE__, ROLE_MANAGER, IN_MEMBER, false, true },
	{ __LINE__, ROLE_CASEWORKER, IN_RECIPIENT, false, true },
	{ __LINE__, ROLE_MANAGER, IN_COORD, false, true },
	{ __LINE__, ROLE_CASEWORKER, IN_OWNER, false, false },   /* already the owner */
	{ __LINE__, ROLE_MANAGER, IN_OWNER, false, false },
	{ __LINE__, ROLE_CASEWORKER, IN_OTHER, false, false },   /* not a member */
	{ __LINE__, ROLE_MANAGER, IN_OTHER, false, false },
	{ __LINE__, ROLE_CASEWORKER, IN_NO_INST, false, false },
	{ __LINE__, ROLE_CASEWORKER, IN_MEMBER, true, false },   /* inactive */
	{ __LINE__, ROLE_MANAGER, IN_RECIPIENT, true, false },
	{ __LINE__, ROLE_COORDINATOR, IN_COORD, false, false },
	{ __LINE__, ROLE_COORDINATOR, IN_COORD_RECIP, false, false },
	{ __LINE__, ROLE_COORDINATOR, IN_MEMBER, false, false },
	{ __LINE__, ROLE_ADMIN, IN_MEMBER, false, false },
	{ __LINE__, ROLE_NATIONAL, IN_MEMBER, false, false },
	{ __LINE__, ROLE_AUDITOR, IN_MEMBER, false, false },
	{ __LINE__, ROLE_NONE, IN_MEMBER, false, false },
};

static void
test_may_break_glass(void **state)
{
	(void)state;
	for (size_t i = 0; i < NELEM(glass_rows); i++) {
		const struct glass_row *r = &glass_rows[i];
		struct world w;

		memset(&w, 0, sizeof(w));
		w.user.role = r->role;
		w.user.active = !r->inactive;
		place_viewer(&w, r->who);
		w.c.owner_institution_id = OWNER_INST;
		w.c.mechanism_id = 1;
		w.c.mechanism_coordinator_id = COORD_ID;
		if (policy_may_break_glass(&w.viewer, &w.c) != r->expected)
			fail_msg("line %d: expected %d", r->line, r->expected);
	}
}

/* A member whose institution_is_member flag is set but has no institution id cannot. */
static void
test_may_break_glass_needs_an_institution(void **state)
{
	struct user u = { .id = USER_ID, .role = ROLE_CASEWORKER, .active = true };
	struct policy_viewer v = { &u, NULL, true };
	struct policy_case c = { .owner_institution_id = 0 };

	(void)state;
	assert_false(policy_may_break_glass(&v, &c));
	u.institution_id = MEMBER_INST;
	assert_true(policy_may_break_glass(&v, &c));
}

static void
test_category_names(void **state)
{
	static const char *const names[CAT_COUNT] = {
		"identity", "contact", "incident", "risk", "health", "children", "perpetrator",
		"legal", "notes",
	};
	static const char *const bad[] = { "", "Identity", "identity ", "address", "phone",
					   "all" };

	(void)state;
	assert_int_equal(CAT_COUNT, 9);
	assert_int_equal(CATEGORIES_ALL, ALL);
	for (int i = 0; i < CAT_COUNT; i++) {
		assert_string_equal(category_name((enum category)i), names[i]);
		assert_int_equal(category_parse(names[i]), i);
		assert_int_equal(category_parse(category_name((enum category)i)), i);
	}
	assert_null(category_name(CAT_COUNT));
	assert_null(category_name((enum category)-1));
	for (size_t i = 0; i < NELEM(bad); i++)
		assert_int_equal(category_parse(bad[i]), -1);
	assert_int_equal(category_parse(NULL), -1);
}

/* A confidential address: owner yes; a holding referral only with a disclosure reason. */
static void
test_confidential_address(void **state)
{
	enum { OWNER = 10, SHELTER = 20, OTHER = 30 };
	static const struct {
		const char *what;
		int64_t viewer_inst;
		enum referral_status status;
		bool discloses, shares_contact, break_glass;
		bool want;
	} rows[] = {
		{ "owner", OWNER, REFERRAL_SENT, false, false, false, true },
		{ "accepted, disclosed", SHELTER, REFERRAL_ACCEPTED, true, true, false, true },
		{ "in progress, disclosed", SHELTER, REFERRAL_IN_PROGRESS, true, true, false, true },
		{ "completed, disclosed", SHELTER, REFERRAL_COMPLETED, true, true, false, true },
		{ "accepted, no reason", SHELTER, REFERRAL_ACCEPTED, false, true, false, false },
		{ "sent, disclosed", SHELTER, REFERRAL_SENT, true, true, false, false },
		{ "declined, disclosed", SHELTER, REFERRAL_DECLINED, true, true, false, false },
		{ "cancelled, disclosed", SHELTER, REFERRAL_CANCELLED, true, true, false, false },
		{ "disclosed, contact not shared", SHELTER, REFERRAL_ACCEPTED, true, false, false,
		  false },
		{ "other institution", OTHER, REFERRAL_ACCEPTED, true, true, false, false },
		{ "break glass", OTHER, REFERRAL_ACCEPTED, true, true, true, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct user u = { .id = 1, .role = ROLE_CASEWORKER, .active = true,
				  .institution_id = rows[i].viewer_inst };
		struct policy_referral ref = { .from_institution_id = OWNER,
			.to_institution_id = SHELTER, .status = rows[i].status,
			.shared = rows[i].shares_contact ? (1u << CAT_CONTACT) | 1u : 1u,
			.discloses_address = rows[i].discloses };
		struct policy_case c = { .owner_institution_id = OWNER, .referrals = &ref,
					 .nreferrals = 1 };
		struct policy_viewer v = { .user = &u };
		/* The decision as policy_case_access would give contact, to isolate this rule. */
		struct policy_decision d = { .access = ACCESS_READ, .readable = CATEGORIES_ALL,
					     .break_glass = rows[i].break_glass };

		if (policy_confidential_address_readable(&v, &c, &d) != rows[i].want)
			fail_msg("row %zu (%s): expected %d", i, rows[i].what, rows[i].want);
	}
	{	/* without contact readable, never */
		struct user u = { .id = 1, .role = ROLE_CASEWORKER, .active = true,
				  .institution_id = OWNER };
		struct policy_case c = { .owner_institution_id = OWNER };
		struct policy_viewer v = { .user = &u };
		struct policy_decision d = { .access = ACCESS_READ,
					     .readable = CATEGORIES_ALL & ~(1u << CAT_CONTACT) };
		assert_false(policy_confidential_address_readable(&v, &c, &d));
	}
}

static void
test_matches_count_within_the_country(void **state)
{
	static const struct {
		bool visible;
		const char *country, *own;
		bool shares, own_shares, counts;
	} rows[] = {
		{ false, "AL", "AL", false, false, true },  /* the same country */
		{ false, "XK", "XK", false, false, true },
		{ false, "XK", "AL", false, false, false }, /* across the border */
		{ false, "AL", "XK", false, false, false },
		{ false, "XK", "AL", true, false, false },  /* one side's protocol is not enough */
		{ false, "XK", "AL", false, true, false },
		{ false, "XK", "AL", true, true, true },    /* both mechanisms share */
		{ true, "XK", "AL", false, false, true },   /* the caller reads it already */
		{ false, NULL, "AL", false, false, false },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		struct policy_match m = { rows[i].visible, rows[i].country, rows[i].own,
					  rows[i].shares, rows[i].own_shares };
		if (policy_match_counts(&m) != rows[i].counts)
			fail_msg("row %zu", i);
	}
}

static void
test_action_text_is_for_readers_doers_and_authors(void **state)
{
	const struct user coordinator = { .id = COORD_ID, .role = ROLE_COORDINATOR,
					  .institution_id = COORD_INST, .active = true };
	const struct user doer = { .id = USER_ID, .role = ROLE_CASEWORKER,
				   .institution_id = MEMBER_INST, .active = true };
	const struct policy_decision summary = { .access = ACCESS_SUMMARY };
	const struct policy_decision read = { .access = ACCESS_READ };
	const struct policy_decision owner = { .access = ACCESS_OWNER };
	const struct policy_decision packet = { .access = ACCESS_PACKET };

	(void)state;
	/* the coordinator's summary: status, dates, kind, institution; never the text */
	assert_false(policy_action_text_readable(&summary, &coordinator, OWNER_INST, USER_ID));
	/* ... unless the coordinator wrote it (a meeting decision), or reads the case */
	assert_true(policy_action_text_readable(&summary, &coordinator, OWNER_INST, COORD_ID));
	assert_true(policy_action_text_readable(&read, &coordinator, OWNER_INST, USER_ID));
	/* readers of the case */
	assert_true(policy_action_text_readable(&owner, &doer, OWNER_INST, 1));
	assert_true(policy_action_text_readable(&read, &doer, OWNER_INST, 1));
	/* the responsible institution's staff, whatever else they see */
	assert_true(policy_action_text_readable(&packet, &doer, MEMBER_INST, 1));
	assert_false(policy_action_text_readable(&packet, &doer, RECIP_INST, 1));
	assert_false(policy_action_text_readable(&summary, &coordinator, COORD_INST, 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_access_table),
		cmocka_unit_test(test_case_access_table_covers_every_value),
		cmocka_unit_test(test_union_over_referrals),
		cmocka_unit_test(test_break_glass_flagged_only_when_it_widens),
		cmocka_unit_test(test_stray_bits_are_masked),
		cmocka_unit_test(test_coordinator_must_be_the_mechanisms),
		cmocka_unit_test(test_no_user_no_access),
		cmocka_unit_test(test_consented),
		cmocka_unit_test(test_referral_allowed),
		cmocka_unit_test(test_may_break_glass),
		cmocka_unit_test(test_may_break_glass_needs_an_institution),
		cmocka_unit_test(test_category_names),
		cmocka_unit_test(test_confidential_address),
		cmocka_unit_test(test_matches_count_within_the_country),
		cmocka_unit_test(test_action_text_is_for_readers_doers_and_authors),
	};

	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
