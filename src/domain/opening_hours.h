/*
 * Opening hours as an institution writes them, in a small subset of OpenStreetMap's
 * `opening_hours` syntax that staff already meet on maps: rules separated by ';', each a list
 * of days or day ranges and one time range, or "24/7".
 *
 *     Mo-Fr 08:00-16:00; Sa 09:00-13:00
 *     Mo,We,Fr 10:00-14:00
 *     24/7
 *
 * Days are Mo Tu We Th Fr Sa Su (any case); times HH:MM, the closing time after the opening
 * time (24:00 allowed as a closing time). The public directory turns each rule into one HSDS
 * schedule (weekly, byday, opens_at, closes_at). Pure: no I/O.
 */
#ifndef URA_DOMAIN_OPENING_HOURS_H
#define URA_DOMAIN_OPENING_HOURS_H

#include <stdbool.h>

#define OPENING_RULES_MAX 7

struct opening_rule {
	char byday[7 * 3];  /* "MO,TU,WE" (RFC 5545 day codes, in week order) */
	char opens_at[6];   /* "08:00" */
	char closes_at[6];  /* "16:00" or "24:00" */
};

/* Parses `text` into at most OPENING_RULES_MAX rules; false (and *n unspecified) when it is
 * not in the syntax above or names no rule. */
bool opening_hours_parse(const char *text, struct opening_rule out[OPENING_RULES_MAX], int *n);

/* Whether `text` parses: the institution field's shape rule. */
bool opening_hours_valid(const char *text);

#endif
