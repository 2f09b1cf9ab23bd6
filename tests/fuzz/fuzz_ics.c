/*
 * Fuzz target: the iCalendar writer (src/report/ics.c, libical) that serves
 * GET /mechanisms/{id}/calendar.ics. Pure: no store.
 *
 * The input is decoded into meetings (fuzz_bytes.h): ids, times in and out of range,
 * durations, texts (valid UTF-8, as the API's intake guarantees; others become NULL), status
 * and sequence. A calendar must come out exactly when every argument is in range, with CRLF
 * line ends, no line over 75 octets, and one VEVENT per meeting when libical reads it back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "core/utf8.h"
#include "fuzz_bytes.h"
#include "report/ics.h"

#define EVENTS_MAX 6
#define LAST_SECOND INT64_C(253402300799) /* 9999-12-31T23:59:59Z */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *
utf8_text(struct fuzz_bytes *b, struct arena *a)
{
	const char *s = fb_text(b, a);

	return s != NULL && utf8_valid(s, strlen(s)) ? s : NULL;
}

/* A time: mostly within 1970..9999, at times any 64-bit value. */
static int64_t
fb_time(struct fuzz_bytes *b)
{
	uint8_t kind = fb_byte(b);
	uint64_t v = fb_u64(b);

	return kind < 200 ? (int64_t)(v % (uint64_t)(LAST_SECOND + 1)) : (int64_t)v;
}

static void
check_text(const char *s, int n)
{
	size_t len = strlen(s), line = 0;
	icalcomponent *cal;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			if (i == 0 || s[i - 1] != '\r')
				abort(); /* a bare LF */
			line = 0;
		} else if (s[i] != '\r' && ++line > 75) {
			abort(); /* an unfolded line */
		}
	}
	if (len < 2 || memcmp(s + len - 2, "\r\n", 2) != 0)
		abort();
	cal = icalparser_parse_string(s);
	if (cal == NULL ||
	    icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT) != n)
		abort();
	icalcomponent_free(cal);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_bytes b = { data, size };
	struct ics_event events[EVENTS_MAX];
	const char *name, *prodid;
	bool in_range = true;
	struct arena a;
	int64_t now;
	char *text;
	int n;

	arena_init(&a);
	n = fb_byte(&b) % (EVENTS_MAX + 1);
	name = utf8_text(&b, &a);
	prodid = utf8_text(&b, &a);
	now = fb_time(&b);
	in_range = now >= 0 && now <= LAST_SECOND;
	for (int i = 0; i < n; i++) {
		struct ics_event *e = &events[i];
		uint8_t flags = fb_byte(&b);

		*e = (struct ics_event){ .id = (int64_t)fb_u64(&b), .start = fb_time(&b),
			.duration_minutes = (int)fb_u32(&b), .cancelled = flags & 1,
			.sequence = (int)fb_u32(&b) };
		if (flags & 2)
			e->duration_minutes %= 24 * 60;
		e->uid_domain = utf8_text(&b, &a);
		e->summary = utf8_text(&b, &a);
		e->location = utf8_text(&b, &a);
		e->description = utf8_text(&b, &a);
		in_range = in_range && e->duration_minutes >= 0 && e->start >= 0 &&
			   e->start <= LAST_SECOND &&
			   e->start + (int64_t)e->duration_minutes * 60 <= LAST_SECOND;
	}
	text = ics_calendar(events, n, name, prodid, now);
	if ((text != NULL) != in_range)
		abort();
	if (text != NULL)
		check_text(text, n);
	free(text);
	arena_free(&a);
	return 0;
}
