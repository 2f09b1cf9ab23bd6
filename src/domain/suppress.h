/*
 * Report tables and small-cell suppression. Pure: no I/O.
 *
 * A report table is a grid of counts with a label per row, a header per column and, when the
 * report shows them, a total row and a total column. Every report format (JSON, CSV, XLSX)
 * renders the same table, so suppression is decided once, here, and each cell carries the
 * outcome in its `suppressed` flag.
 *
 * Every hidden cell reads the same, REPORT_SUPPRESSED ("suppressed"), never "<5": a cell is
 * hidden because it is small (1..4) or as the complement of a small one, and a complement may
 * hold any count (1,200 as well as 0). Marking the two kinds apart would be worse than false:
 * a row whose hidden cells add up to 6 would give away "<5" = 1 and "suppressed" = 5.
 *
 * Layout: cells live in one (nrows + 1) × (ncols + 1) grid. Row index `nrows` is the total row
 * and column index `ncols` the total column; their slots always exist but are shown (and take
 * part in suppression) only when has_total_row / has_total_column say so. A one-dimensional
 * list (a column of counts with a total) is a table with ncols = 1 and has_total_row.
 *
 * Everything is allocated in the caller's arena.
 */
#ifndef URA_DOMAIN_SUPPRESS_H
#define URA_DOMAIN_SUPPRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"

/* Counts 0 < n < this are hidden in reads outside the mechanism (national view, donors). */
#define SUPPRESS_THRESHOLD_DEFAULT 5

/* What every hidden cell reads in JSON (a code; the exports print its label, report_cell). */
#define REPORT_SUPPRESSED "suppressed"

struct report_cell {
	int64_t count;
	bool suppressed;
};

struct report_table {
	const char *key;          /* machine name, e.g. "cases_by_kind" */
	const char *title;        /* human title, e.g. "Cases by kind" */
	const char *label_header; /* header above the row labels, e.g. "Kind" */
	const char *total_label;  /* label of the total row and header of the total column */
	int nrows, ncols;
	const char **row_labels;  /* nrows entries */
	const char **col_headers; /* ncols entries */
	bool has_total_row, has_total_column;
	struct report_cell *cells; /* (nrows + 1) * (ncols + 1), row-major; see the layout above */
	/* What renderers print in place of a hidden count: REPORT_SUPPRESSED, or its label in an
	 * export's language. */
	const char *suppressed_text;
};

/*
 * Makes *t a zeroed table of nrows × ncols counts: labels NULL, no totals, total_label
 * "Total", suppressed_text REPORT_SUPPRESSED. False (and *t untouched) when a dimension is negative or
 * absurdly large. report_table_init suits arrays of tables (the renderers take arrays).
 */
bool report_table_init(struct report_table *t, struct arena *a, const char *key,
		       const char *title, int nrows, int ncols);
/* The same, allocated in the arena; NULL on the same conditions. */
struct report_table *report_table_new(struct arena *a, const char *key, const char *title,
				      int nrows, int ncols);

/*
 * The cell at (row, col): row == nrows is the total row, col == ncols the total column.
 * NULL outside the grid.
 */
struct report_cell *report_table_cell(struct report_table *t, int row, int col);
const struct report_cell *report_table_cell_const(const struct report_table *t, int row,
						  int col);

/*
 * Fills every total slot (row totals, column totals, grand total) with the sums of the cells.
 * Only for tables where each counted thing falls in exactly one cell; a table where a case
 * may count in several columns (forms of violence) sets its totals itself.
 */
void report_table_sum_totals(struct report_table *t);

/* True when the cell at (row, col) is displayed: inside the grid and not in a hidden total. */
bool report_table_shows(const struct report_table *t, int row, int col);

/*
 * Small-cell suppression for reads outside the mechanism. threshold <= 0 selects
 * SUPPRESS_THRESHOLD_DEFAULT. Sets the `suppressed` flags (previous flags are kept, so calling
 * twice is harmless). Zeros are not suppressed as primary cells; the rules are written out in
 * suppress.c.
 */
void report_table_suppress(struct report_table *t, int threshold);

#endif
