/* Retention decisions (see retention.h). */
#include "domain/retention.h"

#include <string.h>
#include <time.h>

/*
 * The defaults (docs/CONTRACT.md, "Retention, erasure and legal hold", says why): domestic
 * violence and gender-based violence 10 years after closure; hate crime 10 years after the
 * later of closure and the last outcome; reintegration 5 years after closure, which follows
 * the end of probation supervision.
 */
const int retention_years_default[RETENTION_KINDS] = { 10, 10, 10, 5 };

static const char *const kinds[RETENTION_KINDS] = { "domestic_violence", "gbv", "hate_crime",
						    "reintegration" };
const char *const retention_rules[] = { "domestic_violence_after_closure", "gbv_after_closure",
					"hate_crime_after_closure", "reintegration_after_closure",
					"hate_crime_after_outcome", NULL };
/* By kind: the first four rules. */
#define RULE_AFTER_OUTCOME 4

static int
kind_index(const char *kind)
{
	for (int i = 0; i < RETENTION_KINDS; i++)
		if (kind != NULL && strcmp(kinds[i], kind) == 0)
			return i;
	return -1;
}

int64_t
retention_add_years(int64_t t, int years)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	tm.tm_year += years;
	return (int64_t)timegm(&tm); /* 29 Feb of a common year normalises to 1 March */
}

int64_t
retention_month_start(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	return (int64_t)timegm(&tm);
}

struct retention_decision
retention_decide(const struct retention_rules *rules, const struct retention_facts *f,
		 int64_t now)
{
	struct retention_decision d = { .verdict = RETENTION_OPEN };
	int k = kind_index(f->kind);
	int64_t anchor = f->closed_at;

	if (f->anonymised) {
		d.verdict = RETENTION_DONE;
		return d;
	}
	/* An unknown kind is never erased: nothing may be lost to a rule nobody wrote. */
	if (k < 0 || f->closed_at == 0 || f->status == NULL || strcmp(f->status, "closed") != 0)
		return d;
	d.years = rules->years[k];
	d.rule = retention_rules[k];
	if (strcmp(f->kind, "hate_crime") == 0 && f->outcome_at > anchor) {
		anchor = f->outcome_at;
		d.rule = retention_rules[RULE_AFTER_OUTCOME];
	}
	d.expires_at = retention_add_years(anchor, d.years);
	d.verdict = now < d.expires_at ? RETENTION_KEEP : f->held ? RETENTION_HELD : RETENTION_DUE;
	return d;
}

void
retention_closed_cutoffs(const struct retention_rules *rules, int64_t now,
			 int64_t cutoffs[RETENTION_KINDS])
{
	for (int i = 0; i < RETENTION_KINDS; i++)
		cutoffs[i] = retention_add_years(now, -rules->years[i]);
}

bool
retention_may_hold(const struct user *u, int64_t owner_institution_id)
{
	return u->role == ROLE_AUDITOR ||
	       (u->role == ROLE_MANAGER && u->institution_id == owner_institution_id &&
		owner_institution_id > 0);
}

bool
retention_may_run(const struct user *u)
{
	return u->role == ROLE_ADMIN;
}
