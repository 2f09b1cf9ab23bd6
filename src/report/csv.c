/*
 * CSV writer for reports: RFC 4180 quoting, CRLF line ends, and neutralisation of text that a
 * spreadsheet would run as a formula. See csv.h.
 */
#include "report/csv.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define CSV_FIRST_CAPACITY 1024

/* Room for `more` bytes plus the terminating NUL, growing geometrically in the arena. */
static void
csv_reserve(struct csv *c, size_t more)
{
	size_t need = c->len + more + 1;
	size_t cap = c->cap ? c->cap : CSV_FIRST_CAPACITY;
	char *grown;

	if (need <= c->cap)
		return;
	while (cap < need)
		cap *= 2;
	grown = arena_alloc(c->arena, cap);
	if (c->len > 0)
		memcpy(grown, c->data, c->len);
	c->data = grown;
	c->cap = cap;
}

static void
csv_put(struct csv *c, const char *bytes, size_t n)
{
	csv_reserve(c, n);
	memcpy(c->data + c->len, bytes, n);
	c->len += n;
	c->data[c->len] = '\0';
}

static void
csv_putc(struct csv *c, char ch)
{
	csv_put(c, &ch, 1);
}

void
csv_init(struct csv *c, struct arena *a)
{
	*c = (struct csv){ .arena = a };
	csv_reserve(c, 0); /* data is a valid empty string from the start */
}

void
csv_utf8_bom(struct csv *c)
{
	csv_put(c, "\xEF\xBB\xBF", 3);
}

/* Separates this field from the previous one on the same row. */
static void
csv_begin_field(struct csv *c)
{
	if (c->row_started)
		csv_putc(c, ',');
	c->row_started = true;
}

/* A spreadsheet runs a cell starting with these as a formula (OWASP: CSV injection). */
static bool
looks_like_formula(const char *text)
{
	return text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL;
}

/* A field, quoted when it must be; `guard` puts ' before what a spreadsheet would take for
 * a formula. */
static void
csv_field(struct csv *c, const char *text, bool guard)
{
	bool quote;

	if (text == NULL)
		text = "";
	csv_begin_field(c);
	quote = strpbrk(text, ",\"\r\n") != NULL;
	if (quote)
		csv_putc(c, '"');
	if (guard && looks_like_formula(text))
		csv_putc(c, '\''); /* inside the quotes: the spreadsheet sees it as the first char */
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '"')
			csv_putc(c, '"'); /* RFC 4180: a quote inside a quoted field is doubled */
		csv_putc(c, *p);
	}
	if (quote)
		csv_putc(c, '"');
}

void
csv_text(struct csv *c, const char *text)
{
	csv_field(c, text, true);
}

void
csv_text_verbatim(struct csv *c, const char *text)
{
	csv_field(c, text, false);
}

void
csv_int(struct csv *c, int64_t n)
{
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%" PRId64, n);

	csv_begin_field(c);
	csv_put(c, digits, (size_t)len);
}

void
csv_end_row(struct csv *c)
{
	csv_put(c, "\r\n", 2);
	c->row_started = false;
}

/* A count, or the suppression marker in its place. */
static void
csv_cell(struct csv *c, const struct report_table *t, int row, int col)
{
	const struct report_cell *cell = report_table_cell_const(t, row, col);

	if (cell->suppressed)
		csv_text(c, t->suppressed_text);
	else
		csv_int(c, cell->count);
}

static void
csv_table_row(struct csv *c, const struct report_table *t, int row, const char *label)
{
	csv_text(c, label);
	for (int col = 0; col < t->ncols; col++)
		csv_cell(c, t, row, col);
	if (t->has_total_column)
		csv_cell(c, t, row, t->ncols);
	csv_end_row(c);
}

void
report_table_csv(struct csv *c, const struct report_table *t)
{
	csv_text(c, t->title != NULL ? t->title : t->key);
	csv_end_row(c);
	csv_text(c, t->label_header);
	for (int col = 0; col < t->ncols; col++)
		csv_text(c, t->col_headers[col]);
	if (t->has_total_column)
		csv_text(c, t->total_label);
	csv_end_row(c);
	for (int row = 0; row < t->nrows; row++)
		csv_table_row(c, t, row, t->row_labels[row]);
	if (t->has_total_row)
		csv_table_row(c, t, t->nrows, t->total_label);
}

void
report_tables_csv(struct csv *c, const struct report_table *tables, int n)
{
	for (int i = 0; i < n; i++) {
		if (i > 0)
			csv_end_row(c); /* the empty line between two tables */
		report_table_csv(c, &tables[i]);
	}
}
