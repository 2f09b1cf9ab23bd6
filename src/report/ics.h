/*
 * A mechanism's meeting calendar as iCalendar (RFC 5545) text, for
 * GET /mechanisms/{id}/calendar.ics. Built with libical, which escapes text values (commas,
 * semicolons, backslashes, newlines); lines are folded at 75 octets between UTF-8 characters
 * and every line ends in CRLF.
 */
#ifndef URA_REPORT_ICS_H
#define URA_REPORT_ICS_H

#include <stdbool.h>
#include <stdint.h>

struct ics_event {
	int64_t id;               /* the meeting's id, for the stable UID "meeting-<id>@<uid_domain>" */
	const char *uid_domain;   /* e.g. the server's host name; NULL: "ura" */
	int64_t start;            /* seconds since the epoch, UTC */
	int duration_minutes;     /* >= 0 */
	const char *summary;      /* NULL or "": no SUMMARY */
	const char *location;     /* NULL or "": no LOCATION */
	const char *description;  /* NULL or "": no DESCRIPTION */
	bool cancelled;           /* STATUS:CANCELLED, else STATUS:CONFIRMED */
	int sequence;             /* SEQUENCE: raise it at every change of the meeting */
};

/*
 * A VCALENDAR (VERSION 2.0, PRODID, CALSCALE GREGORIAN, METHOD PUBLISH, X-WR-CALNAME when
 * calendar_name is not NULL) with one VEVENT per event: UID, DTSTAMP (now), DTSTART and DTEND
 * in UTC, SUMMARY, LOCATION, DESCRIPTION, STATUS, SEQUENCE. prodid NULL: "-//Ura//Ura//EN".
 * Text must be valid UTF-8 (checked at the door). Returns a malloc'd string the caller frees
 * with free(); NULL when an argument is out of range (n < 0, events NULL with n > 0, a negative
 * duration, a start before 1970 or after 9999) or libical fails.
 */
char *ics_calendar(const struct ics_event *events, int n, const char *calendar_name,
		   const char *prodid, int64_t now);

#endif
