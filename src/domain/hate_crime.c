/* Who records hate-crime outcomes and the rules of the CSO's feedback on the police. */
#include "domain/hate_crime.h"

#include <string.h>

#include "domain/suppress.h"

const char *const hate_outcome_names[] = { "reported_to_police", "investigated", "prosecuted",
					   NULL };
const char *const hate_outcome_date_names[] = { "reported_to_police_on", "investigated_on",
						"prosecuted_on", NULL };
const char *const feedback_answers[] = { "yes", "partly", "no", NULL };
const char *const feedback_yes_no[] = { "yes", "no", NULL };

static bool
is_type(const char *type, const char *want)
{
	return type != NULL && strcmp(type, want) == 0;
}

bool
hate_outcome_applies(const char *case_kind)
{
	return is_type(case_kind, "hate_crime");
}

bool
hate_outcome_may_set(enum hate_outcome o, const char *institution_type, bool owner)
{
	switch (o) {
	case HATE_REPORTED_TO_POLICE:
		return owner || is_type(institution_type, "police");
	case HATE_INVESTIGATED:
		return is_type(institution_type, "police");
	case HATE_PROSECUTED:
		return is_type(institution_type, "prosecution");
	default:
		return false;
	}
}

const char *
hate_outcome_writer_type(const struct user *u, const struct policy_decision *d,
			 const char *institution_type)
{
	if (!user_is_staff(u) || d->break_glass ||
	    (d->access != ACCESS_READ && d->access != ACCESS_OWNER))
		return NULL;
	return institution_type;
}

enum ura_status
hate_outcome_check(struct hate_outcome_change *c, const char *institution_type, bool owner,
		   const char *today, struct field_errors *e)
{
	bool any = false;

	for (int o = 0; o < HATE_OUTCOME_COUNT; o++) {
		if (c->value[o] < 0 && c->on[o] == NULL)
			continue;
		any = true;
		if (!hate_outcome_may_set((enum hate_outcome)o, institution_type, owner)) {
			field_errors_add(e, hate_outcome_names[o], MSG_OUTCOME_NOT_YOURS);
			return URA_EFORBIDDEN;
		}
	}
	if (!any) {
		field_errors_add(e, hate_outcome_names[0], MSG_REQUIRED);
		return URA_EUNPROCESSABLE;
	}
	for (int o = 0; o < HATE_OUTCOME_COUNT; o++) {
		if (c->on[o] != NULL && c->value[o] != 1)
			field_errors_add(e, hate_outcome_date_names[o], MSG_DATE_WITHOUT_YES);
		else if (c->value[o] == 1 && c->on[o] == NULL)
			c->on[o] = today;
	}
	return field_errors_seen(e) > 0 ? URA_EUNPROCESSABLE : URA_OK;
}

bool
police_feedback_may_write(const struct user *u, const char *institution_type)
{
	return user_is_staff(u) && is_type(institution_type, "cso");
}

bool
police_feedback_about_police(const char *institution_type)
{
	return is_type(institution_type, "police");
}

bool
police_feedback_shown(int64_t answers)
{
	return answers >= SUPPRESS_THRESHOLD_DEFAULT;
}

void
police_feedback_hide_lines(const int64_t *counts, int n, bool *hidden)
{
	int nhidden = 0, smallest = -1;

	for (int i = 0; i < n; i++) {
		hidden[i] = !police_feedback_shown(counts[i]);
		nhidden += hidden[i];
		if (!hidden[i] && (smallest < 0 || counts[i] < counts[smallest]))
			smallest = i;
	}
	if (nhidden == 1 && smallest >= 0)
		hidden[smallest] = true;
}
