/* Opening hours (see opening_hours.h): a hand-written parser for a small, fixed grammar. */
#include "domain/opening_hours.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const day_names[7] = { "mo", "tu", "we", "th", "fr", "sa", "su" };
static const char *const day_codes[7] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

static const char *
skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A two-letter day at *p: its index (0 = Monday), advancing *p; -1 when there is none. */
static int
day_at(const char **p)
{
	for (int d = 0; d < 7; d++)
		if (strncasecmp(*p, day_names[d], 2) == 0 && !isalpha((unsigned char)(*p)[2])) {
			*p += 2;
			return d;
		}
	return -1;
}

/* "Mo-Fr,Su": sets days[] and advances *p past the list; false when malformed. */
static bool
days_at(const char **p, bool days[7])
{
	memset(days, 0, 7 * sizeof(bool));
	for (;;) {
		int from = day_at(p), to;
		if (from < 0)
			return false;
		to = from;
		if (**p == '-') {
			(*p)++;
			if ((to = day_at(p)) < 0 || to < from)
				return false;
		}
		for (int d = from; d <= to; d++)
			days[d] = true;
		if (**p != ',')
			return true;
		(*p)++;
	}
}

/* "HH:MM" at *p into out (minutes since midnight); 24:00 only when `closing`. */
static bool
time_at(const char **p, bool closing, char out[6], int *minutes)
{
	const char *s = *p;

	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
	    !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !closing)))
		return false;
	memcpy(out, s, 5);
	out[5] = '\0';
	*minutes = h * 60 + m;
	*p = s + 5;
	return true;
}

/* One rule "DAYS HH:MM-HH:MM" at *p. */
static bool
rule_at(const char **p, struct opening_rule *rule)
{
	bool days[7];
	int opens, closes;
	size_t len = 0;

	if (!days_at(p, days) || (**p != ' ' && **p != '\t'))
		return false;
	*p = skip_spaces(*p);
	if (!time_at(p, false, rule->opens_at, &opens) || *(*p)++ != '-' ||
	    !time_at(p, true, rule->closes_at, &closes) || closes <= opens)
		return false;
	rule->byday[0] = '\0';
	for (int d = 0; d < 7; d++)
		if (days[d])
			len += (size_t)snprintf(rule->byday + len, sizeof(rule->byday) - len, "%s%s",
						len ? "," : "", day_codes[d]);
	return true;
}

bool
opening_hours_parse(const char *text, struct opening_rule out[OPENING_RULES_MAX], int *n)
{
	const char *p;

	*n = 0;
	if (text == NULL)
		return false;
	p = skip_spaces(text);
	if (strncmp(p, "24/7", 4) == 0 && *skip_spaces(p + 4) == '\0') {
		out[0] = (struct opening_rule){ .byday = "MO,TU,WE,TH,FR,SA,SU", .opens_at = "00:00",
						.closes_at = "24:00" };
		*n = 1;
		return true;
	}
	for (;;) {
		if (*n == OPENING_RULES_MAX || !rule_at(&p, &out[*n]))
			return false;
		(*n)++;
		p = skip_spaces(p);
		if (*p == '\0')
			return true;
		if (*p++ != ';')
			return false;
		p = skip_spaces(p);
	}
}

bool
opening_hours_valid(const char *text)
{
	struct opening_rule rules[OPENING_RULES_MAX];
	int n;

	return opening_hours_parse(text, rules, &n);
}
