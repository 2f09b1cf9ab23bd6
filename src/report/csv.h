/*
 * CSV output for reports: RFC 4180 (CRLF line ends; a field holding a comma, a quote, CR or LF
 * is quoted, its quotes doubled), UTF-8, and safe to open in a spreadsheet: a text field that
 * starts with = + - @ TAB or CR gets a leading ' so it is never taken for a formula (OWASP
 * "CSV injection"). Integers written with csv_int are numbers, not text, and are never
 * prefixed: -3 stays -3, while the text "-3" becomes '-3.
 *
 * The text grows in the caller's arena (each growth copies into a block twice as large; the
 * old block stays in the arena until it is freed, so the waste is at most the final size).
 * c->data is always NUL-terminated and c->len excludes the NUL.
 */
#ifndef URA_REPORT_CSV_H
#define URA_REPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/suppress.h"

struct csv {
	struct arena *arena;
	char *data;
	size_t len, cap;
	bool row_started; /* a field has been written on the current row (the next needs a comma) */
};

void csv_init(struct csv *c, struct arena *a);
/* The UTF-8 byte order mark, for spreadsheet programs that otherwise guess a legacy encoding;
 * call it first, if at all. */
void csv_utf8_bom(struct csv *c);
/* A text field (NULL is an empty field), quoted and neutralised as described above. */
void csv_text(struct csv *c, const char *text);
/* csv_text without the formula guard: only for values the caller has checked can never read
 * as a formula (a phone number of digits, spaces and + ( ) - . /). */
void csv_text_verbatim(struct csv *c, const char *text);
/* A number field: written as is, never prefixed or quoted. */
void csv_int(struct csv *c, int64_t n);
/* Ends the current row with CRLF. On an empty row it writes the empty line. */
void csv_end_row(struct csv *c);

/*
 * One table: a line with its title (or key), the header line (label header, column headers,
 * then the total label when there is a total column), one line per row, then the total row.
 * Suppressed cells are written as t->suppressed_text (the label of "suppressed"), every other
 * count as a number.
 */
void report_table_csv(struct csv *c, const struct report_table *t);
/* Several tables, one after another, an empty line between two tables. */
void report_tables_csv(struct csv *c, const struct report_table *tables, int n);

#endif
