/*
 * Fuzz target: the CSV writer of reports (src/report/csv.c) with the tables of
 * domain/suppress.c. Pure: no store.
 *
 * The input is decoded into report tables (fuzz_bytes.h). The text written must be one
 * NUL-terminated string of c->len bytes, and read back as RFC 4180 it must hold no field a
 * spreadsheet would run as a formula: a field starting with = + - @ TAB or CR is a number.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_bytes.h"
#include "report/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* True when [s, s + n) is an integer as csv_int writes one. */
static bool
is_number(const char *s, size_t n)
{
	size_t i = n > 0 && s[0] == '-' ? 1 : 0;

	if (i == n)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Reads the text back field by field (RFC 4180) and checks each field's first character.
 * `bom`: the text opens with the byte order mark of csv_utf8_bom, which is not a field's.
 */
static void
check_fields(const char *s, size_t len, bool bom)
{
	size_t i = bom ? 3 : 0;

	while (i < len) {
		char first;
		size_t start = i;
		bool quoted = s[i] == '"', number = false;

		if (quoted) {
			i++;
			first = i < len ? s[i] : '\0';
			while (i < len && !(s[i] == '"' && (i + 1 >= len || s[i + 1] != '"')))
				i += s[i] == '"' ? 2 : 1;
			if (i >= len)
				abort(); /* an unterminated quote */
			i++;
		} else {
			while (i < len && s[i] != ',' && s[i] != '\r')
				i++;
			first = i > start ? s[start] : '\0';
			number = is_number(s + start, i - start);
		}
		if (first != '\0' && strchr("=+-@\t\r", first) != NULL && !number)
			abort(); /* a formula reached the spreadsheet */
		if (i < len && s[i] == ',')
			i++;
		else if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n')
			i += 2;
		else if (i < len)
			abort(); /* a field runs on past its end */
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_bytes b = { data, size };
	struct report_table tables[FUZZ_TABLES_MAX];
	struct arena a;
	struct csv c;
	bool bom;
	int n;

	arena_init(&a);
	n = fb_tables(&b, &a, tables);
	csv_init(&c, &a);
	bom = size > 0 && data[0] & 0x80;
	if (bom)
		csv_utf8_bom(&c);
	report_tables_csv(&c, tables, n);
	if (c.data == NULL ? c.len != 0 : c.data[c.len] != '\0' || strlen(c.data) != c.len)
		abort();
	if (c.data != NULL)
		check_fields(c.data, c.len, bom);
	arena_free(&a);
	return 0;
}
