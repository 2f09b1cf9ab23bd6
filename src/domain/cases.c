/* Case vocabularies and references. */
#include "domain/cases.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/clocks.h"

const char *const case_sexes[] = { "female", "male", "other", "unknown", NULL };
const char *const case_relationships[] = {
	"spouse", "former_spouse", "partner", "former_partner", "parent", "child", "sibling",
	"other_family", "acquaintance", "stranger", "other", NULL,
};
const char *const violence_forms[] = { "physical", "psychological", "sexual", "economic",
				       "stalking", "neglect", NULL };
const char *const incident_places[] = { "home", "public", "online", "workplace", "institution",
					"other", NULL };
const char *const bias_motivations[] = { "sexual_orientation", "gender_identity", "sex",
					 "ethnicity", "religion", "disability", "other", NULL };
const char *const consent_methods[] = { "written", "verbal", "electronic", NULL };
const char *const case_statuses[] = { "open", "active", "closed", "archived", NULL };
const char *const case_outcomes[] = { "goals_met", "survivor_withdrew", "transferred",
				      "contact_lost", "no_further_action", "other", NULL };
const char *const note_visibilities[] = { "institution", "involved", NULL };

bool
case_personal_number_normalize(const char *in, char *out, size_t len)
{
	size_t n = in != NULL ? strlen(in) : 0;

	if (n == 0 || n > CASE_PERSONAL_NUMBER_MAX || len <= n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)in[i] > 0x7f || !isalnum((unsigned char)in[i]))
			return false;
		out[i] = (char)toupper((unsigned char)in[i]);
	}
	out[n] = '\0';
	return true;
}

bool
case_status_may_move(const char *from, const char *to)
{
	bool open = strcmp(from, "open") == 0, active = strcmp(from, "active") == 0;

	if (strcmp(to, "active") == 0)
		return open;
	if (strcmp(to, "closed") == 0)
		return open || active;
	return false;
}

void
case_reference_format(const char *municipality_code, int64_t year, int64_t number, char *out,
		      size_t len)
{
	snprintf(out, len, "%s-%04lld-%04lld", municipality_code, (long long)year,
		 (long long)number);
}

int64_t
case_year_of(int64_t t)
{
	/* The year of the local day: a case opened at 00:30 on 1 January is the new year's. */
	time_t tt = (time_t)(clocks_day(t) * CLOCKS_DAY);
	struct tm tm;

	gmtime_r(&tt, &tm);
	return (int64_t)tm.tm_year + 1900;
}
