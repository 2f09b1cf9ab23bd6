/*
 * iCalendar output with libical. libical does the escaping; this file decides which
 * properties a meeting has, and folds the lines itself (see refold). Every icalcomponent
 * built here is freed here, and the text is copied out of libical's buffer so that callers
 * free it with plain free().
 */
#include "report/ics.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "core/arena.h"

/* 9999-12-31T23:59:59Z: the last second an iCalendar DATE-TIME can name. */
#define ICS_LAST_SECOND INT64_C(253402300799)
/* RFC 5545 3.1: lines of at most 75 octets, the line break not counted. */
#define ICS_LINE_OCTETS 75

static bool
time_in_range(int64_t t)
{
	return t >= 0 && t <= ICS_LAST_SECOND;
}

static struct icaltimetype
utc_time(int64_t t)
{
	return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

static bool
has_text(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static bool
event_valid(const struct ics_event *e)
{
	return e->duration_minutes >= 0 && time_in_range(e->start) &&
	       time_in_range(e->start + (int64_t)e->duration_minutes * 60);
}

static icalcomponent *
make_vevent(const struct ics_event *e, int64_t now)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	char uid[320];

	snprintf(uid, sizeof(uid), "meeting-%" PRId64 "@%.255s", e->id,
		 e->uid_domain != NULL ? e->uid_domain : "ura");
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(utc_time(now)));
	icalcomponent_add_property(ev, icalproperty_new_dtstart(utc_time(e->start)));
	icalcomponent_add_property(
		ev, icalproperty_new_dtend(utc_time(e->start + (int64_t)e->duration_minutes * 60)));
	if (has_text(e->summary))
		icalcomponent_add_property(ev, icalproperty_new_summary(e->summary));
	if (has_text(e->location))
		icalcomponent_add_property(ev, icalproperty_new_location(e->location));
	if (has_text(e->description))
		icalcomponent_add_property(ev, icalproperty_new_description(e->description));
	icalcomponent_add_property(ev, icalproperty_new_status(e->cancelled
								? ICAL_STATUS_CANCELLED
								: ICAL_STATUS_CONFIRMED));
	icalcomponent_add_property(ev, icalproperty_new_sequence(e->sequence));
	return ev;
}

static icalcomponent *
make_vcalendar(const char *calendar_name, const char *prodid)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();

	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid(prodid != NULL ? prodid
									   : "-//Ura//Ura//EN"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	if (calendar_name != NULL) {
		/*
		 * The name calendar programs show for a subscribed calendar (a common extension).
		 * libical escapes backslashes and newlines in an X- value (so a name cannot end
		 * the line early) and leaves commas and semicolons as they are, which calendar
		 * programs read as part of this single-valued name.
		 */
		icalproperty *name = icalproperty_new_x(calendar_name);

		icalproperty_set_x_name(name, "X-WR-CALNAME");
		icalcomponent_add_property(cal, name);
	}
	return cal;
}

/* Octets of the UTF-8 character whose first byte is b (1 for a stray continuation byte). */
static size_t
utf8_octets(unsigned char b)
{
	return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

/*
 * libical's text, unfolded and folded again. libical 3.0.16 folds a line whose content ends
 * just at its fold width between the CR and the LF of the line end ("…\r" "\r\n " "\n"), so
 * a 73-character meeting place gave a bare CR and a bare LF that calendar programs misread.
 * A CRLF followed by a space or a tab is always a fold (values never hold a raw CRLF: libical
 * escapes them), so removing those restores every logical line; each is then cut into
 * lines of at most ICS_LINE_OCTETS octets between UTF-8 characters, continued with CRLF and
 * a space. Returns a malloc'd string.
 */
static char *
refold(const char *in)
{
	size_t n = strlen(in), f = 0, o = 0, col = 0;
	char *flat = xmalloc(n + 1), *out;

	for (size_t i = 0; i < n; i++) {
		if (in[i] == '\r' && in[i + 1] == '\n' && (in[i + 2] == ' ' || in[i + 2] == '\t'))
			i += 2;
		else
			flat[f++] = in[i];
	}
	/* A fold adds 3 octets to at least ICS_LINE_OCTETS - 4 of content. */
	out = xmalloc(f + 3 * (f / (ICS_LINE_OCTETS - 4) + 1) + 1);
	for (size_t i = 0; i < f;) {
		size_t k = utf8_octets((unsigned char)flat[i]);

		if (flat[i] == '\r' && i + 1 < f && flat[i + 1] == '\n') {
			memcpy(out + o, "\r\n", 2);
			o += 2;
			i += 2;
			col = 0;
			continue;
		}
		if (k > f - i)
			k = f - i;
		if (col + k > ICS_LINE_OCTETS) {
			memcpy(out + o, "\r\n ", 3);
			o += 3;
			col = 1;
		}
		memcpy(out + o, flat + i, k);
		o += k;
		i += k;
		col += k;
	}
	out[o] = '\0';
	free(flat);
	return out;
}

char *
ics_calendar(const struct ics_event *events, int n, const char *calendar_name,
	     const char *prodid, int64_t now)
{
	icalcomponent *cal;
	char *ical_text, *text;

	if (n < 0 || (n > 0 && events == NULL) || !time_in_range(now))
		return NULL;
	for (int i = 0; i < n; i++)
		if (!event_valid(&events[i]))
			return NULL;
	cal = make_vcalendar(calendar_name, prodid);
	for (int i = 0; i < n; i++)
		icalcomponent_add_component(cal, make_vevent(&events[i], now));
	/* The _r variant hands over a buffer of our own (the plain one lends libical's ring). */
	ical_text = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (ical_text == NULL)
		return NULL;
	text = refold(ical_text);
	icalmemory_free_buffer(ical_text);
	return text;
}
