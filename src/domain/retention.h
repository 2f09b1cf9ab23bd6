/*
 * Retention (issue 16): when a closed case's personal data is destroyed, and who may stop
 * that with a legal hold. Pure: the store lists candidates, jobs/retention and the handlers
 * apply what is decided here.
 *
 * A case is due when it is closed and `years` of its kind have passed since its anchor: its
 * closure, or for a hate crime the later of its closure and its last outcome (a prosecution
 * comes months or years after the case closed, and the case must stay until then). A case
 * under a legal hold is never due. Years are calendar years (29 February anchors fall on 1
 * March of a common year).
 */
#ifndef URA_DOMAIN_RETENTION_H
#define URA_DOMAIN_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/types.h"

/* The kinds, in mechanism_kinds' order: domestic_violence, gbv, hate_crime, reintegration. */
#define RETENTION_KINDS 4
extern const int retention_years_default[RETENTION_KINDS];

/* The rules a decision names (its `rule`), NULL-terminated; labelled in data/labels.json. */
extern const char *const retention_rules[];

struct retention_rules {
	int years[RETENTION_KINDS];
};

/* What the decision needs of one case. */
struct retention_facts {
	const char *kind, *status;
	int64_t closed_at;   /* 0: never closed */
	int64_t outcome_at;  /* a hate crime's last outcome date (00:00 UTC), 0: none */
	bool held;           /* a legal hold is active */
	bool anonymised;
};

enum retention_verdict {
	RETENTION_OPEN,       /* not closed: kept */
	RETENTION_KEEP,       /* closed, within its period */
	RETENTION_DUE,        /* past its period: to anonymise */
	RETENTION_HELD,       /* past its period but under a legal hold */
	RETENTION_DONE,       /* already anonymised */
};

struct retention_decision {
	enum retention_verdict verdict;
	int64_t expires_at;  /* when the period ends (or ended); 0 for an open case */
	int years;
	const char *rule;    /* "domestic_violence_after_closure", "hate_crime_after_outcome", … */
};

struct retention_decision retention_decide(const struct retention_rules *rules,
					   const struct retention_facts *f, int64_t now);

/*
 * The latest closure that can be due at `now` for each kind (now less its years): a case
 * closed after it is kept whatever else is known, so the store looks no further (an index
 * narrows, this module decides).
 */
void retention_closed_cutoffs(const struct retention_rules *rules, int64_t now,
			      int64_t cutoffs[RETENTION_KINDS]);

/* `t` moved by `years` calendar years (UTC). */
int64_t retention_add_years(int64_t t, int years);
/* 00:00 UTC of the first day of `t`'s month: what an anonymised case keeps of its dates. */
int64_t retention_month_start(int64_t t);

/* A legal hold is placed or lifted by a manager of the case's owner institution or by the
 * data-protection auditor (who reads no case content, but answers for erasure). */
bool retention_may_hold(const struct user *u, int64_t owner_institution_id);
/* The dry run and its confirmation: the administrator (references, kinds and dates only). */
bool retention_may_run(const struct user *u);

#endif
