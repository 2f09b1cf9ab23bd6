/*
 * Hate-crime statistics (issue 14): who records what became of a hate incident, and the
 * rules of a CSO's feedback on the police response. Pure.
 *
 * An outcome is three yes/no facts with the date each became true: reported to the police
 * (the police, or the institution that owns the case, records it), investigated (the police)
 * and prosecuted (the prosecution). Only a hate-crime case has them.
 */
#ifndef URA_DOMAIN_HATE_CRIME_H
#define URA_DOMAIN_HATE_CRIME_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/policy.h"
#include "domain/types.h"

enum hate_outcome { HATE_REPORTED_TO_POLICE, HATE_INVESTIGATED, HATE_PROSECUTED,
		    HATE_OUTCOME_COUNT };
/* "reported_to_police" "investigated" "prosecuted", by the enum, NULL-terminated. */
extern const char *const hate_outcome_names[];
/* "reported_to_police_on" ...: the field that dates each. */
extern const char *const hate_outcome_date_names[];

/* Whether a case of `kind` has outcomes (hate_crime only). */
bool hate_outcome_applies(const char *case_kind);

/* Whether an institution of `institution_type` (NULL: none), owning the case or not, may set
 * outcome `o`: the police all but the prosecution; the owner the report to the police; the
 * prosecution the prosecution. */
bool hate_outcome_may_set(enum hate_outcome o, const char *institution_type, bool owner);

/* The institution type an outcome write counts as: the caller's institution's when it is one
 * of its staff and reads the case (not only its summary, not by break glass); else NULL,
 * which may set nothing. */
const char *hate_outcome_writer_type(const struct user *u, const struct policy_decision *d,
				     const char *institution_type);

/* A change: for each outcome, given (-1: absent, 0: no, 1: yes) and the date given with it
 * (NULL: absent). */
struct hate_outcome_change {
	int value[HATE_OUTCOME_COUNT];
	const char *on[HATE_OUTCOME_COUNT];
};

/*
 * Checks a change made by an institution of `institution_type` (owner or not), on a valid
 * body: URA_EFORBIDDEN with the first outcome it may not set named in `e`; URA_EUNPROCESSABLE
 * when a date comes without a yes (named in `e`) or nothing is given; else URA_OK and every
 * yes without a date gets `today`.
 */
enum ura_status hate_outcome_check(struct hate_outcome_change *c, const char *institution_type,
				   bool owner, const char *today, struct field_errors *e);

/* ---- a CSO's feedback on the police ---- */

extern const char *const feedback_answers[]; /* yes partly no */
extern const char *const feedback_yes_no[];  /* yes no */
#define FEEDBACK_HOURS_MAX 2160              /* 90 days */

/* Only the staff (caseworker, manager) of a civil society organisation give feedback. */
bool police_feedback_may_write(const struct user *u, const char *institution_type);
/* The institution a feedback is about must be the police. */
bool police_feedback_about_police(const char *institution_type);
/* A quarter's (or an institution's) figures are shown only from SUPPRESS_THRESHOLD_DEFAULT
 * answers on: with fewer, the count reads "suppressed" and no share or median is given. */
bool police_feedback_shown(int64_t answers);
/* Which of a quarter's police lines (counts[0..n)) are hidden, when the quarter's own count
 * is shown: each below the threshold, and when that hides exactly one line, also the
 * smallest shown one (else the quarter minus the others would give it away). */
void police_feedback_hide_lines(const int64_t *counts, int n, bool *hidden);

#endif
