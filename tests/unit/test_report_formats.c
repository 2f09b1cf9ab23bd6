/*
 * Unit tests for the report formats: src/report/csv.c (RFC 4180 quoting, CRLF, UTF-8, formula
 * neutralisation, whole tables read back with a small RFC 4180 reader), src/report/ics.c (the
 * calendar parsed back with libical: components, UID, times, text with commas and non-ASCII,
 * CRLF, folding that keeps lines within 75 octets and characters whole) and
 * src/report/xlsx.c (the zip container opened with zlib: one sheet per table, sheet names
 * sanitised and unique, numbers as numbers, "suppressed" and "=…" as strings, no temporary
 * file left).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <libical/ical.h>
#include <unistd.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "domain/suppress.h"
#include "report/csv.h"
#include "report/ics.h"
#include "report/xlsx.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-11-23T09:30:00Z */
#define T0 INT64_C(1795426200)

/* ---- tables shared by the CSV and XLSX tests ---- */

static const char *const kind_columns[] = { "Open", "Closed" };
static const char *const kind_rows[] = { "Domestic, family", "=cmd" };
static const char *const service_rows[] = { "shelter", "legal_aid", "-medical" };
static const char *const service_columns[] = { "Referrals" };

/* Cases by kind, 2 × 2 with totals: 3 is small; 12, 20 and 7 hide with it. */
static void
cases_by_kind(struct report_table *t, struct arena *a, const char *title)
{
	static const int64_t counts[] = { 12, 3, 7, 20 };

	assert_true(report_table_init(t, a, "cases_by_kind", title, 2, 2));
	t->label_header = "Kind";
	for (int i = 0; i < 2; i++) {
		t->row_labels[i] = kind_rows[i];
		t->col_headers[i] = kind_columns[i];
	}
	for (int i = 0; i < 4; i++)
		report_table_cell(t, i / 2, i % 2)->count = counts[i];
	t->has_total_row = t->has_total_column = true;
	report_table_sum_totals(t);
	report_table_suppress(t, 5);
}

/* Referrals by service, a one-dimensional list: 2 is small, 9 hides with it. */
static void
referrals_by_service(struct report_table *t, struct arena *a, const char *title)
{
	static const int64_t counts[] = { 9, 2, 30 };

	assert_true(report_table_init(t, a, "referrals_by_service", title, 3, 1));
	t->label_header = "Service";
	for (int i = 0; i < 3; i++) {
		t->row_labels[i] = service_rows[i];
		report_table_cell(t, i, 0)->count = counts[i];
	}
	t->col_headers[0] = service_columns[0];
	t->has_total_row = true;
	report_table_sum_totals(t);
	report_table_suppress(t, 5);
}

/* ---- CSV ---- */

/* One field alone on a row, as the writer puts it. */
static void
assert_field(const char *text, const char *expected)
{
	struct arena a;
	struct csv c;
	char *want;

	arena_init(&a);
	csv_init(&c, &a);
	csv_text(&c, text);
	csv_end_row(&c);
	want = arena_printf(&a, "%s\r\n", expected);
	if (strcmp(c.data, want) != 0)
		fail_msg("field [%s]: got [%s], expected [%s]", text, c.data, want);
	assert_int_equal(c.len, strlen(want));
	arena_free(&a);
}

static void
test_csv_quoting(void **state)
{
	struct arena a;
	struct csv c;

	(void)state;
	assert_field("plain", "plain");
	assert_field("", "");
	assert_field(NULL, "");
	assert_field("a,b", "\"a,b\"");
	assert_field("say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_field("two\r\nlines", "\"two\r\nlines\"");
	assert_field("lf\nonly", "\"lf\nonly\"");
	assert_field("cr\ronly", "\"cr\ronly\"");
	assert_field("Korçë", "Korçë");
	assert_field("Korçë, Pogradec", "\"Korçë, Pogradec\"");
	assert_field("it's", "it's");

	arena_init(&a);
	csv_init(&c, &a);
	assert_string_equal(c.data, "");
	csv_text(&c, "a");
	csv_int(&c, 5);
	csv_text(&c, "x,y");
	csv_text(&c, "");
	csv_end_row(&c);
	csv_end_row(&c);
	csv_int(&c, 7);
	csv_end_row(&c);
	assert_string_equal(c.data, "a,5,\"x,y\",\r\n\r\n7\r\n");
	arena_free(&a);
}

static void
test_csv_formula_neutralised(void **state)
{
	static const struct {
		const char *text, *expected;
	} rows[] = {
		{ "=SUM(A1)", "'=SUM(A1)" },
		{ "+1", "'+1" },
		{ "-3", "'-3" },
		{ "@cmd", "'@cmd" },
		{ "\tx", "'\tx" },
		{ "\rx", "\"'\rx\"" },           /* prefixed, then quoted for its CR */
		{ "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
		{ "=", "'=" },
		{ "a=b", "a=b" },                /* only the first character matters */
		{ " =x", " =x" },
		{ "'=x", "'=x" },
		{ "<5", "<5" },
	};
	struct arena a;
	struct csv c;

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++)
		assert_field(rows[i].text, rows[i].expected);

	/* Numbers are numbers: never prefixed. */
	arena_init(&a);
	csv_init(&c, &a);
	csv_int(&c, -3);
	csv_int(&c, 0);
	csv_int(&c, INT64_MIN);
	csv_int(&c, INT64_MAX);
	csv_end_row(&c);
	assert_string_equal(c.data, "-3,0,-9223372036854775808,9223372036854775807\r\n");
	arena_free(&a);
}

/*
 * A small RFC 4180 reader: the fields of the record at *p, advancing *p past its CRLF. The
 * fields are written one after another into `scratch`, which holds as many bytes as the text.
 */
static int
read_record(const char **p, char *scratch, char **fields, int max)
{
	int n = 0;
	char *o = scratch;

	for (;;) {
		char *out = o;

		assert_true(n < max);
		if (**p == '"') {
			for ((*p)++; !(**p == '"' && (*p)[1] != '"'); (*p)++) {
				assert_true(**p != '\0');
				if (**p == '"')
					(*p)++; /* a doubled quote */
				*o++ = **p;
			}
			(*p)++;
		} else {
			while (**p != ',' && **p != '\r' && **p != '\0') {
				assert_true(**p != '"' && **p != '\n'); /* bare only when harmless */
				*o++ = *(*p)++;
			}
		}
		*o++ = '\0';
		fields[n++] = out;
		if (**p == ',') {
			(*p)++;
			continue;
		}
		assert_true((*p)[0] == '\r' && (*p)[1] == '\n');
		*p += 2;
		return n;
	}
}

/* Whatever the text, the reader gets it back, with a ' in front of formula-like text. */
static void
test_csv_round_trip(void **state)
{
	static const char *const texts[] = {
		"plain", "", "a,b", "\"", "\"\"", "x\r\ny", "\n", ",", "Korçë — ëç", "=1+2",
		"-", "@", "\t", "\r", "+\"a,b\"", "tab\tinside", "end,",
	};
	struct arena a;
	struct csv c;
	const char *p;
	char *fields[NELEM(texts) + 1];

	(void)state;
	arena_init(&a);
	csv_init(&c, &a);
	for (size_t i = 0; i < NELEM(texts); i++)
		csv_text(&c, texts[i]);
	csv_int(&c, -42);
	csv_end_row(&c);
	p = c.data;
	assert_int_equal(read_record(&p, arena_alloc(&a, c.len + 1), fields, (int)NELEM(fields)),
			 NELEM(texts) + 1);
	assert_string_equal(p, "");
	for (size_t i = 0; i < NELEM(texts); i++) {
		bool formula = texts[i][0] != '\0' && strchr("=+-@\t\r", texts[i][0]) != NULL;
		const char *want = formula ? arena_printf(&a, "'%s", texts[i]) : texts[i];

		if (strcmp(fields[i], want) != 0)
			fail_msg("field %zu: [%s], expected [%s]", i, fields[i], want);
	}
	assert_string_equal(fields[NELEM(texts)], "-42");
	arena_free(&a);
}

static void
test_csv_tables(void **state)
{
	struct arena a;
	struct csv c;
	struct report_table tables[2];

	(void)state;
	arena_init(&a);
	cases_by_kind(&tables[0], &a, "Cases by kind");
	referrals_by_service(&tables[1], &a, "Referrals by service");
	csv_init(&c, &a);
	report_tables_csv(&c, tables, 2);
	assert_string_equal(c.data,
			    "Cases by kind\r\n"
			    "Kind,Open,Closed,Total\r\n"
			    "\"Domestic, family\",suppressed,suppressed,15\r\n"
			    "'=cmd,suppressed,suppressed,27\r\n"
			    "Total,19,23,42\r\n"
			    "\r\n"
			    "Referrals by service\r\n"
			    "Service,Referrals\r\n"
			    "shelter,suppressed\r\n"
			    "legal_aid,suppressed\r\n"
			    "'-medical,30\r\n"
			    "Total,41\r\n");

	/* Without a title, the key; with threshold 10 the marker is the same (it names no
	 * range: a complement may be large); a labelled marker is printed as it is; the BOM
	 * goes first. */
	tables[1].title = NULL;
	report_table_suppress(&tables[1], 10);
	tables[1].suppressed_text = "i fshehur";
	csv_init(&c, &a);
	csv_utf8_bom(&c);
	report_table_csv(&c, &tables[1]);
	assert_memory_equal(c.data, "\xEF\xBB\xBFreferrals_by_service\r\n", 25);
	assert_non_null(strstr(c.data, "shelter,i fshehur\r\n"));
	assert_null(strstr(c.data, "<"));
	arena_free(&a);
}

/* The buffer grows past its first block without losing anything. */
static void
test_csv_grows(void **state)
{
	struct arena a;
	struct csv c;
	const char *p;
	char *scratch;

	(void)state;
	arena_init(&a);
	csv_init(&c, &a);
	for (int i = 0; i < 5000; i++) {
		csv_int(&c, i);
		csv_text(&c, "Korçë, \"x\"");
		csv_end_row(&c);
	}
	assert_int_equal(strlen(c.data), c.len);
	p = c.data;
	scratch = arena_alloc(&a, c.len + 1);
	for (int i = 0; i < 5000; i++) {
		char *fields[2];

		assert_int_equal(read_record(&p, scratch, fields, 2), 2);
		assert_int_equal(atoi(fields[0]), i);
		assert_string_equal(fields[1], "Korçë, \"x\"");
	}
	assert_string_equal(p, "");
	arena_free(&a);
}

/* ---- iCalendar ---- */

static const char long_summary[] =
	"Takimi i mekanizmit: ëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëëë"
	"ççççççççççççççççççççççççççççççççççççç — “rishikim”, 𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞𝄞 fund";

static const struct ics_event meetings[] = {
	{ .id = 41, .uid_domain = "ura.example", .start = T0, .duration_minutes = 90,
	  .summary = "Case review, Korçë; shqyrtim", .location = "Bashkia, salla 2",
	  .description = "Line one\nLine two, with \\ and ;", .sequence = 3 },
	{ .id = 42, .start = T0 + 86400, .duration_minutes = 60, .summary = long_summary,
	  .cancelled = true, .sequence = 1 },
};

/* Lines end in CRLF only; no line, folded or not, passes 75 octets; folding keeps UTF-8
 * characters whole. */
static void
assert_rfc5545_lines(const char *text)
{
	const char *line = text;

	assert_true(strlen(text) >= 2 && strcmp(text + strlen(text) - 2, "\r\n") == 0);
	while (*line != '\0') {
		const char *end = strstr(line, "\r\n");
		size_t len;

		assert_non_null(end);
		len = (size_t)(end - line);
		if (len > 75)
			fail_msg("line of %zu octets: %.*s", len, (int)len, line);
		assert_null(memchr(line, '\n', len));
		assert_null(memchr(line, '\r', len));
		if (!utf8_valid(line, len))
			fail_msg("line splits a character: %.*s", (int)len, line);
		line = end + 2;
	}
}

static icalproperty *
x_property(icalcomponent *c, const char *name)
{
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p != NULL;
	     p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY))
		if (strcmp(icalproperty_get_x_name(p), name) == 0)
			return p;
	return NULL;
}

static void
assert_event(icalcomponent *ev, const struct ics_event *want, const char *uid)
{
	icaltimezone *utc = icaltimezone_get_utc_timezone();
	struct icaltimetype start = icalcomponent_get_dtstart(ev);
	struct icaltimetype end = icalcomponent_get_dtend(ev);

	assert_string_equal(icalcomponent_get_uid(ev), uid);
	assert_true(icaltime_is_utc(start));
	assert_int_equal(icaltime_as_timet_with_zone(start, utc), want->start);
	assert_int_equal(icaltime_as_timet_with_zone(end, utc),
			 want->start + want->duration_minutes * 60);
	assert_int_equal(icaltime_as_timet_with_zone(icalcomponent_get_dtstamp(ev), utc), T0);
	assert_string_equal(icalcomponent_get_summary(ev), want->summary);
	if (want->location != NULL)
		assert_string_equal(icalcomponent_get_location(ev), want->location);
	else
		assert_null(icalcomponent_get_first_property(ev, ICAL_LOCATION_PROPERTY));
	if (want->description != NULL)
		assert_string_equal(icalcomponent_get_description(ev), want->description);
	else
		assert_null(icalcomponent_get_first_property(ev, ICAL_DESCRIPTION_PROPERTY));
	assert_int_equal(icalcomponent_get_status(ev),
			 want->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED);
	assert_int_equal(icalcomponent_get_sequence(ev), want->sequence);
}

static void
test_ics_round_trip(void **state)
{
	char *text = ics_calendar(meetings, 2, "Mekanizmi Korçë", "-//Ura//Ura 1.0//EN", T0);
	icalcomponent *cal, *ev;

	(void)state;
	assert_non_null(text);
	assert_rfc5545_lines(text);
	assert_non_null(strstr(text, "\r\nDTSTART:20261123T093000Z\r\n"));
	assert_non_null(strstr(text, "\r\nDTEND:20261123T110000Z\r\n"));
	assert_non_null(strstr(text, "\r\nSUMMARY:Case review\\, Korçë\\; shqyrtim\r\n"));
	cal = icalparser_parse_string(text);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 2);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_ANY_COMPONENT), 2);
	assert_string_equal(icalproperty_get_version(
				    icalcomponent_get_first_property(cal, ICAL_VERSION_PROPERTY)),
			    "2.0");
	assert_string_equal(icalproperty_get_prodid(icalcomponent_get_first_property(
				    cal, ICAL_PRODID_PROPERTY)), "-//Ura//Ura 1.0//EN");
	assert_string_equal(icalproperty_get_calscale(icalcomponent_get_first_property(
				    cal, ICAL_CALSCALE_PROPERTY)), "GREGORIAN");
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_PUBLISH);
	assert_non_null(x_property(cal, "X-WR-CALNAME"));
	assert_string_equal(icalproperty_get_x(x_property(cal, "X-WR-CALNAME")),
			    "Mekanizmi Korçë");
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_event(ev, &meetings[0], "meeting-41@ura.example");
	ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT);
	assert_event(ev, &meetings[1], "meeting-42@ura");
	icalcomponent_free(cal);
	free(text);
}

/*
 * Places of every length around the fold width, in ASCII and in two-octet characters: each
 * calendar keeps its lines and reads back the same place. libical 3.0.16 alone folded a
 * 73-character place between the CR and the LF of its line end (found by tests/fuzz/fuzz_ics).
 */
static void
test_ics_fold_boundaries(void **state)
{
	char place[400];

	(void)state;
	for (int width = 1; width <= 2; width++) {
		for (int n = 60; n <= 160; n++) {
			struct ics_event e = meetings[0];
			icalcomponent *cal, *ev;
			char *text;

			place[0] = '\0';
			for (int i = 0; i < n; i++)
				strcat(place, width == 1 ? "y" : "\xc3\xab");
			e.location = place;
			text = ics_calendar(&e, 1, NULL, NULL, T0);
			assert_non_null(text);
			assert_rfc5545_lines(text);
			cal = icalparser_parse_string(text);
			assert_non_null(cal);
			ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
			assert_string_equal(icalcomponent_get_location(ev), place);
			icalcomponent_free(cal);
			free(text);
		}
	}
}

/* A calendar name cannot end its line early; no events is an empty calendar; bad input. */
static void
test_ics_edges(void **state)
{
	struct ics_event bad = meetings[0];
	char *text;
	icalcomponent *cal;

	(void)state;
	text = ics_calendar(NULL, 0, "Name\r\nBEGIN:VEVENT", NULL, T0);
	assert_non_null(text);
	assert_rfc5545_lines(text);
	assert_null(strstr(text, "\r\nBEGIN:VEVENT"));
	assert_non_null(strstr(text, "\r\nPRODID:-//Ura//Ura//EN\r\n"));
	cal = icalparser_parse_string(text);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 0);
	icalcomponent_free(cal);
	free(text);

	text = ics_calendar(meetings, 1, NULL, NULL, T0);
	assert_non_null(text);
	assert_null(strstr(text, "X-WR-CALNAME"));
	free(text);

	assert_null(ics_calendar(meetings, -1, "x", NULL, T0));
	assert_null(ics_calendar(NULL, 1, "x", NULL, T0));
	assert_null(ics_calendar(meetings, 1, "x", NULL, -1));
	bad.duration_minutes = -1;
	assert_null(ics_calendar(&bad, 1, "x", NULL, T0));
	bad.duration_minutes = 30;
	bad.start = -60;
	assert_null(ics_calendar(&bad, 1, "x", NULL, T0));
	bad.start = INT64_C(253402300799);
	assert_null(ics_calendar(&bad, 1, "x", NULL, T0)); /* ends after 9999 */
}

/* ---- XLSX ---- */

/* A file inside the zip container, inflated; NULL when absent. Caller frees. */
static char *
zip_entry(const unsigned char *zip, size_t len, const char *name)
{
	size_t eocd = len - 22, at, name_len = strlen(name);
	unsigned entries;

#define U16(p) ((unsigned)(p)[0] | (unsigned)(p)[1] << 8)
#define U32(p) ((size_t)U16(p) | (size_t)U16((p) + 2) << 16)
	while (eocd > 0 && U32(zip + eocd) != 0x06054b50)
		eocd--;
	assert_true(U32(zip + eocd) == 0x06054b50);
	entries = U16(zip + eocd + 10);
	at = U32(zip + eocd + 16);
	for (unsigned i = 0; i < entries; i++) {
		const unsigned char *cd = zip + at;
		size_t n = U16(cd + 28), packed = U32(cd + 20), size = U32(cd + 24);

		assert_true(U32(cd) == 0x02014b50);
		if (n == name_len && memcmp(cd + 46, name, n) == 0) {
			const unsigned char *local = zip + U32(cd + 42);
			z_stream z = { 0 };
			char *out = calloc(size + 1, 1);

			assert_true(U16(cd + 10) == 8); /* deflated */
			z.next_in = (unsigned char *)(uintptr_t)(local + 30 + U16(local + 26) +
								 U16(local + 28));
			z.avail_in = (uInt)packed;
			z.next_out = (unsigned char *)out;
			z.avail_out = (uInt)size;
			assert_int_equal(inflateInit2(&z, -MAX_WBITS), Z_OK);
			assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
			inflateEnd(&z);
			return out;
		}
		at += 46 + n + U16(cd + 30) + U16(cd + 32);
	}
	return NULL;
#undef U32
#undef U16
}

static bool
contains_bytes(const unsigned char *data, size_t len, const char *needle)
{
	return memmem(data, len, needle, strlen(needle)) != NULL;
}

/* The XML of one cell, e.g. "D6", up to its closing tag. Caller frees. */
static char *
cell_xml(const char *sheet, const char *ref)
{
	char key[32];
	const char *start, *end;

	snprintf(key, sizeof(key), "<c r=\"%s\"", ref);
	start = strstr(sheet, key);
	assert_non_null(start);
	end = strstr(start, "</c>");
	assert_non_null(end);
	return strndup(start, (size_t)(end - start));
}

static int
entries_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Makes the workbook with TMPDIR pointing at a fresh directory, and checks it is left empty. */
static enum ura_status
xlsx_in_clean_tmp(const struct report_table *tables, int n, unsigned char **out, size_t *len)
{
	char dir[] = "/tmp/test-xlsx-XXXXXX";
	char *saved = getenv("TMPDIR") ? strdup(getenv("TMPDIR")) : NULL;
	enum ura_status st;

	assert_non_null(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	st = report_xlsx(tables, n, "Ura report", out, len);
	assert_int_equal(entries_in(dir), 0);
	assert_int_equal(rmdir(dir), 0);
	if (saved != NULL)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	return st;
}

static void
test_xlsx_workbook(void **state)
{
	static const char *const titles[] = {
		"Cases by kind", "cases BY kind", "Referrals [by] service: a/b\\c*?",
		"'Survivors by sex × age group, Korçë and Pogradec'", "History",
	};
	struct arena a;
	struct report_table tables[NELEM(titles)];
	unsigned char *xlsx = NULL;
	size_t len = 0;
	char *workbook, *sheet, *strings, *cell;

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < NELEM(titles); i++)
		(i % 2 ? referrals_by_service : cases_by_kind)(&tables[i], &a, titles[i]);
	assert_int_equal(xlsx_in_clean_tmp(tables, (int)NELEM(titles), &xlsx, &len), URA_OK);
	assert_true(len > 4);
	assert_memory_equal(xlsx, "PK\x03\x04", 4);
	assert_true(contains_bytes(xlsx, len, "xl/worksheets/sheet1.xml"));
	for (size_t i = 1; i <= NELEM(titles) + 1; i++) {
		char name[40];

		snprintf(name, sizeof(name), "xl/worksheets/sheet%zu.xml", i);
		assert_int_equal(contains_bytes(xlsx, len, name), i <= NELEM(titles));
	}

	workbook = zip_entry(xlsx, len, "xl/workbook.xml");
	assert_non_null(workbook);
	assert_non_null(strstr(workbook, "name=\"Cases by kind\""));
	assert_non_null(strstr(workbook, "name=\"cases BY kind (2)\""));
	assert_non_null(strstr(workbook, "name=\"Referrals _by_ service_ a_b_c__\""));
	/* 31 characters, the leading apostrophe replaced */
	assert_non_null(strstr(workbook, "name=\"_Survivors by sex × age group, \""));
	assert_non_null(strstr(workbook, "name=\"History_\""));

	/* Sheet 1: numbers are numbers, "suppressed" a string, no formula anywhere. */
	sheet = zip_entry(xlsx, len, "xl/worksheets/sheet1.xml");
	assert_non_null(sheet);
	assert_null(strstr(sheet, "<f>"));
	cell = cell_xml(sheet, "D6"); /* the grand total */
	assert_non_null(strstr(cell, "<v>42</v>"));
	assert_null(strstr(cell, "t=\"s\""));
	free(cell);
	cell = cell_xml(sheet, "B4"); /* 12, hidden as a complement */
	assert_non_null(strstr(cell, "t=\"s\""));
	free(cell);
	strings = zip_entry(xlsx, len, "xl/sharedStrings.xml");
	assert_non_null(strings);
	assert_non_null(strstr(strings, "<t>=cmd</t>"));
	assert_non_null(strstr(strings, "<t>suppressed</t>"));
	assert_null(strstr(strings, "&lt;5"));
	assert_non_null(strstr(strings, "<t>Domestic, family</t>"));
	assert_null(strstr(strings, ">12<"));
	free(strings);
	free(sheet);
	free(workbook);
	free(xlsx);
	arena_free(&a);
}

static void
test_xlsx_edges(void **state)
{
	struct arena a;
	struct report_table t;
	unsigned char *xlsx = NULL;
	size_t len = 0;

	(void)state;
	arena_init(&a);
	/* No tables: a valid workbook of one empty sheet. */
	assert_int_equal(xlsx_in_clean_tmp(NULL, 0, &xlsx, &len), URA_OK);
	assert_memory_equal(xlsx, "PK\x03\x04", 4);
	assert_true(contains_bytes(xlsx, len, "xl/worksheets/sheet1.xml"));
	assert_false(contains_bytes(xlsx, len, "xl/worksheets/sheet2.xml"));
	free(xlsx);

	cases_by_kind(&t, &a, "Bad \xC3 text");
	xlsx = NULL;
	assert_int_equal(report_xlsx(&t, 1, "x", &xlsx, &len), URA_EINVAL);
	assert_null(xlsx);
	cases_by_kind(&t, &a, "Good");
	t.row_labels[1] = "\xFF";
	assert_int_equal(report_xlsx(&t, 1, "x", &xlsx, &len), URA_EINVAL);
	assert_int_equal(report_xlsx(&t, -1, "x", &xlsx, &len), URA_EINVAL);
	assert_int_equal(report_xlsx(NULL, 1, "x", &xlsx, &len), URA_EINVAL);
	assert_int_equal(report_xlsx(&t, 1, "x", NULL, &len), URA_EINVAL);
	assert_null(xlsx);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_formula_neutralised),
		cmocka_unit_test(test_csv_round_trip),
		cmocka_unit_test(test_csv_tables),
		cmocka_unit_test(test_csv_grows),
		cmocka_unit_test(test_ics_round_trip),
		cmocka_unit_test(test_ics_fold_boundaries),
		cmocka_unit_test(test_ics_edges),
		cmocka_unit_test(test_xlsx_workbook),
		cmocka_unit_test(test_xlsx_edges),
	};

	return cmocka_run_group_tests_name("report_formats", tests, NULL, NULL);
}
