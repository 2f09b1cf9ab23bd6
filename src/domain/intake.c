/* Intake triage and third-party reports: the rules (see intake.h). */
#include "domain/intake.h"

#include <string.h>

#include "domain/clocks.h"

const char *const intake_sources[] = { "public", "cso", NULL };
const char *const intake_police_disclosures[] = { "now", "later", "statistics", NULL };
const char *const intake_outcomes[] = { "case", "referral", "closed", NULL };
const char *const intake_status_filters[] = { "open", "received", "in_progress", "referred",
					      "closed", "all", NULL };

int
intake_disclosure_parse(const char *name)
{
	for (int i = 0; name != NULL && intake_police_disclosures[i] != NULL; i++)
		if (strcmp(name, intake_police_disclosures[i]) == 0)
			return i;
	return -1;
}

static bool
is_staff_of(const struct user *u, int64_t institution_id)
{
	return u != NULL && institution_id > 0 && user_is_staff_of(u, institution_id);
}

enum intake_access
intake_access(const struct intake_viewer *v, const struct intake_facts *f)
{
	const struct user *u = v->user;

	if (u == NULL || !u->active || f->disclosure == DISCLOSE_STATISTICS)
		return INTAKE_NONE;
	if (f->queued) {
		if (v->coordinator && u->role == ROLE_COORDINATOR)
			return INTAKE_TRIAGE;
		if (f->hate && v->contact_point && user_is_staff(u))
			return INTAKE_TRIAGE;
		if (is_staff_of(u, f->police_institution_id))
			return INTAKE_TRIAGE;
	}
	if (f->cso && is_staff_of(u, f->filed_by_institution_id))
		return INTAKE_FILER;
	return INTAKE_NONE;
}

int
intake_detail_category(const char *detail)
{
	static const struct {
		const char *detail;
		enum category c;
	} map[] = { { "description", CAT_INCIDENT }, { "place", CAT_INCIDENT },
		    { "name", CAT_IDENTITY }, { "contact", CAT_CONTACT } };

	for (size_t i = 0; detail != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(detail, map[i].detail) == 0)
			return (int)map[i].c;
	return -1;
}

category_set
intake_readable(const struct intake_viewer *v, const struct intake_facts *f)
{
	enum intake_access a = intake_access(v, f);

	if (a == INTAKE_NONE)
		return 0;
	if (a == INTAKE_FILER || !f->cso)
		return CATEGORIES_ALL;
	/* A CSO's staff reading their own report, even after passing it on. */
	if (is_staff_of(v->user, f->filed_by_institution_id))
		return CATEGORIES_ALL;
	if (f->anonymised)
		return 1u << CAT_INCIDENT;
	return f->consented;
}

bool
intake_may_file(const struct user *u, const char *institution_type)
{
	return u != NULL && u->active && user_is_staff(u) && institution_type != NULL &&
	       strcmp(institution_type, "cso") == 0;
}

bool
intake_filing_check(const struct intake_filing *in, struct field_errors *errors)
{
	int before = errors->count;

	if (in->has_consent == in->anonymised)
		field_errors_add(errors, "consent", MSG_CONSENT_OR_ANONYMISED);
	if (in->anonymised && in->has_name)
		field_errors_add(errors, "name", MSG_ANONYMISED_NO_PERSON);
	if (in->anonymised && in->has_contact)
		field_errors_add(errors, "contact", MSG_ANONYMISED_NO_PERSON);
	return errors->count == before;
}

const char *
intake_status_after(const char *outcome)
{
	static const char *const statuses[] = { "in_progress", "referred", "closed" };

	for (int i = 0; outcome != NULL && intake_outcomes[i] != NULL; i++)
		if (strcmp(outcome, intake_outcomes[i]) == 0)
			return statuses[i];
	return NULL;
}

static bool
done(const struct intake_facts *f)
{
	return f->case_id > 0 || f->closed;
}

enum ura_status
intake_triage_allowed(const struct intake_viewer *v, const struct intake_facts *f,
		      const char *outcome)
{
	enum intake_access a = intake_access(v, f);

	if (a == INTAKE_NONE)
		return URA_ENOTFOUND;
	if (a != INTAKE_TRIAGE)
		return URA_EFORBIDDEN;
	if (intake_status_after(outcome) == NULL)
		return URA_EINVAL;
	if (done(f) || (f->police_institution_id > 0 && strcmp(outcome, "referral") == 0))
		return URA_ECONFLICT;
	return URA_OK;
}

bool
intake_open_for(const struct intake_viewer *v, const struct intake_facts *f)
{
	enum intake_access a = intake_access(v, f);

	/* The filer's open reports are those it holds, waiting to be passed on. */
	if (a == INTAKE_FILER)
		return !f->queued && !done(f) && f->disclosure == DISCLOSE_LATER;
	if (a != INTAKE_TRIAGE || done(f))
		return false;
	/* A referred report waits for the police it went to, no longer for the others. */
	return f->police_institution_id == 0 || is_staff_of(v->user, f->police_institution_id);
}

enum ura_status
intake_pass_allowed(const struct intake_viewer *v, const struct intake_facts *f)
{
	enum intake_access a = intake_access(v, f);

	if (a == INTAKE_NONE)
		return URA_ENOTFOUND;
	if (!is_staff_of(v->user, f->filed_by_institution_id))
		return URA_EFORBIDDEN;
	if (f->queued || done(f) || f->disclosure != DISCLOSE_LATER)
		return URA_ECONFLICT;
	return URA_OK;
}

/* ---- working days ---- */

bool
intake_weekend(int64_t t)
{
	/* 1970-01-01 was a Thursday: day 0 → 3 with Monday as 0. */
	int64_t wd = (clocks_day(t) + 3) % 7;

	if (wd < 0)
		wd += 7;
	return wd >= 5;
}

/* Where counting starts: a time on a weekend counts from the next Monday's start. */
static int64_t
count_start(int64_t t)
{
	if (!intake_weekend(t))
		return t;
	t = clocks_day_start(clocks_day(t));
	while (intake_weekend(t))
		t = clocks_days_later(t, 1);
	return t;
}

/* One working day after t (t is on a working day). */
static int64_t
working_day_after(int64_t t)
{
	t = clocks_days_later(t, 1);
	while (intake_weekend(t))
		t = clocks_days_later(t, 1);
	return t;
}

int64_t
intake_triage_due(int64_t received_at, int days)
{
	int64_t t = count_start(received_at);

	for (int i = 0; i < days; i++)
		t = working_day_after(t);
	return t;
}

int
intake_working_days(int64_t from, int64_t to)
{
	int64_t t = count_start(from);
	int n = 0;

	/* Bounded: ten years of working days at most. */
	while (n < 2600 && (t = working_day_after(t)) <= to)
		n++;
	return n;
}

bool
intake_overdue(const struct intake_facts *f, int64_t due, int64_t now)
{
	return f->queued && !done(f) && f->police_institution_id == 0 && due > 0 && now > due;
}
