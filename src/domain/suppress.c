/*
 * Report tables and small-cell suppression with complementary suppression. Pure.
 *
 * Why: a national or donor report that says "2 survivors aged 60+ in Pogradec" points at two
 * people. Hidden cells all read "suppressed", whichever rule hid them (suppress.h says why). Small counts are hidden (primary suppression), and because a reader can subtract the
 * visible cells of a row or column from its total, one more cell is hidden in every line that
 * would otherwise have a single hidden cell (complementary suppression).
 *
 * The rules:
 *  1. Primary: every displayed cell, totals included, with 0 < count < threshold is hidden.
 *     Zeros stay visible: "nobody" identifies nobody, and hiding zeros would blank most of a
 *     sparse table without protecting anyone.
 *  2. Lines: every row and every column is a line, the total row and the total column
 *     included; a line's members are its cells plus its total when the table shows it. Every
 *     line is treated as if its total were known, even when this table does not print it:
 *     the same totals usually appear in another table of the same report.
 *  3. Complementary: a line with exactly one hidden member gives that member away
 *     (total − visible members). Hide one more member: the smallest non-zero visible cell
 *     (ties: the first, so the outcome is deterministic); failing that, the line's total;
 *     failing that, a zero cell (the first) — the last resort, only when every other member
 *     is zero and no total is shown.
 *  4. Repeat over all lines until nothing changes: a cell hidden for its row may leave its
 *     column with a single hidden member. Each step only adds hidden cells, so this ends.
 * A line of a single member (a row of a one-column table without a total column) is skipped:
 * its only cell is its total, and there is nothing to subtract.
 *
 * At the end every line has zero or at least two hidden members, so no hidden count can be
 * read off one line by subtraction. This is the standard heuristic, not a full linear
 * programming audit: it does not narrow the ranges a determined reader could compute from
 * several lines together.
 */
#include "domain/suppress.h"

/* Far above any report Ura produces; keeps the grid size from overflowing. */
#define REPORT_MAX_CELLS (1 << 22)

bool
report_table_init(struct report_table *t, struct arena *a, const char *key, const char *title,
		  int nrows, int ncols)
{
	size_t cells;

	if (nrows < 0 || ncols < 0 || nrows >= REPORT_MAX_CELLS || ncols >= REPORT_MAX_CELLS)
		return false;
	cells = (size_t)(nrows + 1) * (size_t)(ncols + 1);
	if (cells > REPORT_MAX_CELLS)
		return false;
	*t = (struct report_table){ .key = key, .title = title, .total_label = "Total",
				    .nrows = nrows, .ncols = ncols,
				    .suppressed_text = REPORT_SUPPRESSED };
	t->row_labels = arena_alloc(a, sizeof(*t->row_labels) * (size_t)(nrows + 1));
	t->col_headers = arena_alloc(a, sizeof(*t->col_headers) * (size_t)(ncols + 1));
	t->cells = arena_alloc(a, sizeof(*t->cells) * cells);
	return true;
}

struct report_table *
report_table_new(struct arena *a, const char *key, const char *title, int nrows, int ncols)
{
	struct report_table *t = arena_alloc(a, sizeof(*t));

	return report_table_init(t, a, key, title, nrows, ncols) ? t : NULL;
}

const struct report_cell *
report_table_cell_const(const struct report_table *t, int row, int col)
{
	if (row < 0 || col < 0 || row > t->nrows || col > t->ncols)
		return NULL;
	return &t->cells[(size_t)row * (size_t)(t->ncols + 1) + (size_t)col];
}

struct report_cell *
report_table_cell(struct report_table *t, int row, int col)
{
	if (row < 0 || col < 0 || row > t->nrows || col > t->ncols)
		return NULL;
	return &t->cells[(size_t)row * (size_t)(t->ncols + 1) + (size_t)col];
}

bool
report_table_shows(const struct report_table *t, int row, int col)
{
	if (row < 0 || col < 0 || row > t->nrows || col > t->ncols)
		return false;
	if (row == t->nrows && !t->has_total_row)
		return false;
	if (col == t->ncols && !t->has_total_column)
		return false;
	return true;
}

void
report_table_sum_totals(struct report_table *t)
{
	for (int r = 0; r <= t->nrows; r++)
		report_table_cell(t, r, t->ncols)->count = 0;
	for (int c = 0; c < t->ncols; c++)
		report_table_cell(t, t->nrows, c)->count = 0;
	for (int r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			int64_t n = report_table_cell(t, r, c)->count;

			report_table_cell(t, r, t->ncols)->count += n;
			report_table_cell(t, t->nrows, c)->count += n;
			report_table_cell(t, t->nrows, t->ncols)->count += n;
		}
	}
}

/*
 * One row or column. Members 0 .. interior-1 are its cells (for the total row: the column
 * totals); member `interior`, when has_total, is its total.
 */
struct line {
	struct report_table *t;
	bool is_row;
	int index;
	int interior;
	bool has_total;
};

static struct report_cell *
line_member(const struct line *l, int k)
{
	return l->is_row ? report_table_cell(l->t, l->index, k)
			 : report_table_cell(l->t, k, l->index);
}

/* The member to hide next to a line's single hidden one (rule 3); NULL when none is left. */
static struct report_cell *
complement_for(const struct line *l)
{
	struct report_cell *smallest = NULL, *first_zero = NULL;

	for (int k = 0; k < l->interior; k++) {
		struct report_cell *cell = line_member(l, k);

		if (cell->suppressed)
			continue;
		if (cell->count > 0 && (smallest == NULL || cell->count < smallest->count))
			smallest = cell;
		else if (cell->count <= 0 && first_zero == NULL)
			first_zero = cell;
	}
	if (smallest != NULL)
		return smallest;
	if (l->has_total && !line_member(l, l->interior)->suppressed)
		return line_member(l, l->interior);
	return first_zero;
}

/* Hides a complement when the line has exactly one hidden member; true when it did. */
static bool
protect_line(const struct line *l)
{
	int members = l->interior + (l->has_total ? 1 : 0);
	int hidden = 0;
	struct report_cell *complement;

	if (members < 2)
		return false;
	for (int k = 0; k < members; k++)
		hidden += line_member(l, k)->suppressed ? 1 : 0;
	if (hidden != 1)
		return false;
	complement = complement_for(l);
	if (complement == NULL)
		return false;
	complement->suppressed = true;
	return true;
}

/* One pass of rule 3 over every row, then every column; true when anything changed. */
static bool
protect_all_lines(struct report_table *t)
{
	int rows = t->nrows + (t->has_total_row ? 1 : 0);
	int cols = t->ncols + (t->has_total_column ? 1 : 0);
	bool changed = false;

	for (int r = 0; r < rows; r++) {
		struct line l = { t, true, r, t->ncols, t->has_total_column };
		changed |= protect_line(&l);
	}
	for (int c = 0; c < cols; c++) {
		struct line l = { t, false, c, t->nrows, t->has_total_row };
		changed |= protect_line(&l);
	}
	return changed;
}

void
report_table_suppress(struct report_table *t, int threshold)
{
	if (threshold <= 0)
		threshold = SUPPRESS_THRESHOLD_DEFAULT;
	/* Rule 1: primary suppression of every displayed small count, totals included. */
	for (int r = 0; r <= t->nrows; r++) {
		for (int c = 0; c <= t->ncols; c++) {
			struct report_cell *cell = report_table_cell(t, r, c);

			if (report_table_shows(t, r, c) && cell->count > 0 &&
			    cell->count < threshold)
				cell->suppressed = true;
		}
	}
	/* Rules 3 and 4: complements until every line is safe. */
	while (protect_all_lines(t))
		;
}
