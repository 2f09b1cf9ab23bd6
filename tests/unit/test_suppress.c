/*
 * Unit tests for src/domain/suppress.c: primary suppression of small counts, complementary
 * suppression in rows and columns (totals included) until no line has a single hidden member,
 * the cascade a complement can start, complements of any size (all reading "suppressed"),
 * totals as the last resort, zeros left visible, the
 * threshold parameter, one-dimensional lists, and the table model's own helpers.
 *
 * Every suppressed table is also checked by brute force: for each line, every assignment of
 * non-negative values to its hidden members that satisfies "cells add up to the total" is
 * enumerated, and each hidden member must take at least two values among them — that is, no
 * hidden count can be recovered from one line by subtraction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "domain/suppress.h"

#define MAX_LINE 16

/* A table of nrows × ncols counts from a row-major array, totals summed and shown as asked. */
static struct report_table *
table_of(struct arena *a, int nrows, int ncols, const int64_t *counts, bool total_row,
	 bool total_column)
{
	struct report_table *t = report_table_new(a, "test", "Test", nrows, ncols);

	assert_non_null(t);
	for (int r = 0; r < nrows; r++)
		for (int c = 0; c < ncols; c++)
			report_table_cell(t, r, c)->count = counts[r * ncols + c];
	t->has_total_row = total_row;
	t->has_total_column = total_column;
	report_table_sum_totals(t);
	return t;
}

static bool
hidden(struct report_table *t, int r, int c)
{
	return report_table_cell(t, r, c)->suppressed;
}

static int
hidden_count(struct report_table *t)
{
	int n = 0;

	for (int r = 0; r <= t->nrows; r++)
		for (int c = 0; c <= t->ncols; c++)
			n += hidden(t, r, c) ? 1 : 0;
	return n;
}

/* One line's members: value, hidden flag and sign in "sum of cells − total = 0". */
struct member {
	int64_t value;
	bool hidden;
	int sign;
};

/* Line `index` (a row when is_row, else a column). When the table does not show the line's
 * total it is still taken as known (a reader may have it from another table), except for a
 * line of one cell, whose total is that cell itself: 0 members then. */
static int
line_members(struct report_table *t, bool is_row, int index, struct member *m)
{
	int interior = is_row ? t->ncols : t->nrows;
	bool total_shown = is_row ? t->has_total_column : t->has_total_row;
	int n = 0;

	if (interior == 1 && !total_shown)
		return 0;
	for (int k = 0; k <= interior; k++) {
		struct report_cell *cell = is_row ? report_table_cell(t, index, k)
						  : report_table_cell(t, k, index);

		assert_true(n < MAX_LINE);
		m[n].value = cell->count;
		m[n].hidden = cell->suppressed && (k < interior || total_shown);
		m[n].sign = k < interior ? 1 : -1;
		n++;
	}
	return n;
}

/* Enumerates the hidden members' values (0..bound) that keep the line's sum; marks in
 * `ambiguous` each hidden member seen with a value other than its true one. */
static void
enumerate(const struct member *m, int n, const int *unknown, int nu, int at, int64_t residual,
	  int64_t bound, int64_t *trial, bool *ambiguous)
{
	if (at == nu - 1) {
		int64_t last = residual * m[unknown[at]].sign; /* sign · x = residual */

		if (last < 0 || last > bound)
			return;
		trial[at] = last;
		for (int u = 0; u < nu; u++)
			if (trial[u] != m[unknown[u]].value)
				ambiguous[u] = true;
		return;
	}
	for (int64_t v = 0; v <= bound; v++) {
		trial[at] = v;
		enumerate(m, n, unknown, nu, at + 1, residual - m[unknown[at]].sign * v, bound,
			  trial, ambiguous);
	}
}

/* Fails when some hidden member of the line can be recovered from the line alone. */
static void
assert_line_unrecoverable(struct report_table *t, bool is_row, int index)
{
	struct member m[MAX_LINE];
	int n = line_members(t, is_row, index, m), unknown[MAX_LINE], nu = 0;
	int64_t residual = 0, bound = 0, trial[MAX_LINE];
	bool ambiguous[MAX_LINE] = { false };

	for (int k = 0; k < n; k++) {
		bound += m[k].value;
		if (m[k].hidden)
			unknown[nu++] = k;
		else
			residual -= m[k].sign * m[k].value; /* the known part moves to the right */
	}
	if (nu == 0 || n < 2)
		return;
	enumerate(m, n, unknown, nu, 0, residual, bound, trial, ambiguous);
	for (int u = 0; u < nu; u++)
		if (!ambiguous[u])
			fail_msg("%s %d: hidden member %d (%lld) is recoverable",
				 is_row ? "row" : "column", index, unknown[u],
				 (long long)m[unknown[u]].value);
}

/* Every line (totals included) has zero or ≥ 2 hidden members and none can be recovered;
 * every shown count 0 < n < threshold is hidden; no hidden total of a hidden line. */
static void
assert_safe(struct report_table *t, int threshold)
{
	int rows = t->nrows + (t->has_total_row ? 1 : 0);
	int cols = t->ncols + (t->has_total_column ? 1 : 0);

	for (int r = 0; r <= t->nrows; r++)
		for (int c = 0; c <= t->ncols; c++) {
			struct report_cell *cell = report_table_cell(t, r, c);

			if (!report_table_shows(t, r, c))
				assert_false(cell->suppressed);
			else if (cell->count > 0 && cell->count < threshold)
				assert_true(cell->suppressed);
		}
	for (int r = 0; r < rows; r++)
		assert_line_unrecoverable(t, true, r);
	for (int c = 0; c < cols; c++)
		assert_line_unrecoverable(t, false, c);
}

/* One small cell in a 3×3 table with totals: hidden, with a complement in its row and one in
 * its column; the smallest candidates are chosen. */
static void
test_one_small_cell(void **state)
{
	static const int64_t counts[] = {
		6, 3, 12,
		8, 7, 20,
		15, 30, 40,
	};
	struct arena a;
	struct report_table *t;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 3, 3, counts, true, true);
	report_table_suppress(t, 5);
	assert_true(hidden(t, 0, 1));  /* the 3 */
	assert_true(hidden(t, 0, 0));  /* its row's smallest other cell, 6 */
	assert_true(hidden(t, 1, 1));  /* its column's smallest other cell, 7 */
	assert_true(hidden(t, 1, 0));  /* column 0 then had one hidden cell: its smallest, 8 */
	assert_int_equal(hidden_count(t), 4);
	for (int c = 0; c <= 3; c++)
		assert_false(hidden(t, 3, c)); /* no total is needed */
	assert_string_equal(t->suppressed_text, REPORT_SUPPRESSED);
	assert_safe(t, 5);
	arena_free(&a);
}

/*
 * Complementary suppression hides large cells: the 3 takes 1,200 with it in its row and
 * 5,000 in its column, and 1,200 then takes 2,000 in its column. Every hidden cell reads
 * "suppressed" — a 1,200 that read "<5" would be false — and the same text for the small
 * cell and its complements, so that the text tells nobody which one is small.
 */
static void
test_complements_may_be_large(void **state)
{
	static const int64_t counts[] = {
		3, 1200,
		5000, 2000,
	};
	struct arena a;
	struct report_table *t;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 2, 2, counts, true, true);
	report_table_suppress(t, 5);
	assert_true(hidden(t, 0, 0));  /* the 3: primary */
	assert_true(hidden(t, 0, 1));  /* 1,200: its row's complement */
	assert_true(hidden(t, 1, 0));  /* 5,000: its column's complement */
	assert_true(hidden(t, 1, 1));  /* 2,000: the complement of 1,200 in column 1 */
	assert_int_equal(hidden_count(t), 4);
	assert_int_equal(report_table_cell(t, 0, 1)->count, 1200); /* the count is kept */
	assert_string_equal(t->suppressed_text, REPORT_SUPPRESSED);
	assert_null(strstr(t->suppressed_text, "<"));
	assert_safe(t, 5);
	arena_free(&a);
}

static void
test_no_small_cells_unchanged(void **state)
{
	static const int64_t counts[] = { 10, 25, 7, 5, 9, 100 };
	struct arena a;
	struct report_table *t;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 2, 3, counts, true, true);
	report_table_suppress(t, 5);
	assert_int_equal(hidden_count(t), 0);
	for (int i = 0; i < 6; i++)
		assert_int_equal(report_table_cell(t, i / 3, i % 3)->count, counts[i]);
	assert_int_equal(report_table_cell(t, 2, 3)->count, 156);
	arena_free(&a);
}

/* Zeros are never hidden as primary cells, and complements go to non-zero cells first. */
static void
test_zeros_stay_visible(void **state)
{
	static const int64_t counts[] = {
		0, 2, 9, 0,
		0, 11, 6, 0,
		0, 0, 0, 0,
	};
	struct arena a;
	struct report_table *t;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 3, 4, counts, true, true);
	report_table_suppress(t, 5);
	for (int i = 0; i < 12; i++)
		if (counts[i] == 0)
			assert_false(hidden(t, i / 4, i % 4));
	assert_false(hidden(t, 2, 4)); /* the zero row's total */
	assert_false(hidden(t, 3, 0)); /* the zero columns' totals */
	assert_false(hidden(t, 3, 3));
	assert_true(hidden(t, 0, 1));
	assert_safe(t, 5);
	arena_free(&a);
}

/* A one-dimensional list: a column of counts with its total. */
static void
test_one_dimensional_list(void **state)
{
	static const int64_t counts[] = { 12, 3, 40, 9, 0 };
	static const int64_t tiny[] = { 3, 0, 0 };
	struct arena a;
	struct report_table *t;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 5, 1, counts, true, false);
	report_table_suppress(t, 5);
	assert_true(hidden(t, 1, 0));   /* 3 */
	assert_true(hidden(t, 3, 0));   /* 9: the smallest other non-zero count */
	assert_false(hidden(t, 0, 0));
	assert_false(hidden(t, 2, 0));
	assert_false(hidden(t, 4, 0));  /* zero */
	assert_false(hidden(t, 5, 0));  /* the total, 64 */
	assert_int_equal(hidden_count(t), 2);
	assert_safe(t, 5);

	/* The total itself is small: hidden too, which also protects the single small count. */
	t = table_of(&a, 3, 1, tiny, true, false);
	report_table_suppress(t, 5);
	assert_true(hidden(t, 0, 0));
	assert_true(hidden(t, 3, 0));
	assert_false(hidden(t, 1, 0));
	assert_false(hidden(t, 2, 0));
	assert_safe(t, 5);
	arena_free(&a);
}

/* A complement opens a new line with a single hidden cell, and so on: the cascade reaches
 * cells in neither the small cell's row nor its column. */
static void
test_cascade(void **state)
{
	static const int64_t counts[] = {
		10, 3, 12,
		8, 20, 9,
		15, 7, 30,
	};
	struct arena a;
	struct report_table *t;
	bool outside = false;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 3, 3, counts, true, true);
	report_table_suppress(t, 5);
	assert_true(hidden(t, 0, 1));
	for (int r = 1; r < 3; r++)
		for (int c = 0; c < 3; c++)
			if (c != 1 && hidden(t, r, c))
				outside = true;
	assert_true(outside);
	/* Rows first: row 0 hides 10; column 1 hides 7; column 0 then hides 8; row 2 hides 15;
	 * row 1 hides 9; column 2 hides 12. */
	assert_true(hidden(t, 0, 0));
	assert_true(hidden(t, 2, 1));
	assert_true(hidden(t, 1, 0));
	assert_true(hidden(t, 2, 0));
	assert_true(hidden(t, 1, 2));
	assert_true(hidden(t, 0, 2));
	assert_int_equal(hidden_count(t), 7);
	assert_safe(t, 5);
	arena_free(&a);
}

/* A line whose only other members are zeros hides its total; the cascade then continues
 * along the total column and the total row. */
static void
test_total_as_last_resort(void **state)
{
	static const int64_t counts[] = {
		3, 20,
		6, 0,
	};
	struct arena a;
	struct report_table *t;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 2, 2, counts, true, true);
	report_table_suppress(t, 5);
	assert_true(hidden(t, 0, 0));   /* 3 */
	assert_true(hidden(t, 0, 1));   /* row 0's complement, 20 */
	assert_true(hidden(t, 1, 0));   /* column 0's complement, 6 */
	assert_true(hidden(t, 2, 1));   /* column 1: only a zero besides 20, so its total */
	assert_true(hidden(t, 1, 2));   /* row 1: only a zero besides 6, so its total */
	assert_false(hidden(t, 1, 1));  /* the zero stays visible */
	assert_safe(t, 5);
	arena_free(&a);
}

/* Without totals every line still counts (its total may be published elsewhere); when only
 * zeros are left, a zero is the complement of last resort. */
static void
test_zero_as_last_resort(void **state)
{
	static const int64_t counts[] = {
		3, 0,
		6, 9,
	};
	struct arena a;
	struct report_table *t;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 2, 2, counts, false, false);
	report_table_suppress(t, 5);
	assert_true(hidden(t, 0, 0));
	assert_true(hidden(t, 0, 1));
	assert_true(hidden(t, 1, 0));
	assert_true(hidden(t, 1, 1));
	assert_safe(t, 5);
	arena_free(&a);
}

static void
test_threshold(void **state)
{
	static const int64_t counts[] = {
		6, 3, 12,
		8, 7, 20,
		15, 30, 40,
	};
	struct arena a;
	struct report_table *t;

	(void)state;
	arena_init(&a);
	/* 10: 6, 3, 8 and 7 are primary; the marker is the same whatever the threshold. */
	t = table_of(&a, 3, 3, counts, true, true);
	report_table_suppress(t, 10);
	assert_string_equal(t->suppressed_text, REPORT_SUPPRESSED);
	for (int i = 0; i < 9; i++)
		assert_int_equal(hidden(t, i / 3, i % 3), counts[i] < 10);
	assert_int_equal(hidden_count(t), 4); /* they pair up in rows and columns already */
	assert_safe(t, 10);

	/* 3: only counts of 1 and 2 are small; nothing here. */
	t = table_of(&a, 3, 3, counts, true, true);
	report_table_suppress(t, 3);
	assert_int_equal(hidden_count(t), 0);

	/* 0 selects the default, 5. */
	t = table_of(&a, 3, 3, counts, true, true);
	report_table_suppress(t, 0);
	assert_true(hidden(t, 0, 1));
	assert_int_equal(hidden_count(t), 4);
	assert_safe(t, SUPPRESS_THRESHOLD_DEFAULT);
	arena_free(&a);
}

/* Small totals are hidden although every cell is zero or large enough, when totals are set
 * by the caller (a case may count in several columns). */
static void
test_small_total(void **state)
{
	static const int64_t counts[] = { 0, 0, 20, 30 };
	struct arena a;
	struct report_table *t;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 2, 2, counts, true, true);
	report_table_cell(t, 0, 2)->count = 2; /* set by the caller, not a sum */
	report_table_suppress(t, 5);
	assert_true(hidden(t, 0, 2));
	assert_int_equal(hidden(t, 0, 0) + hidden(t, 0, 1), 1); /* row 0: a zero, last resort */
	assert_true(hidden(t, 1, 2)); /* total column: the other row total, 50 */
	arena_free(&a);
}

/* Suppressing twice changes nothing; totals are sums; the grid's edges. */
static void
test_model(void **state)
{
	static const int64_t counts[] = { 1, 20, 30, 40, 50, 60 };
	struct arena a;
	struct report_table *t, copy;
	int before;

	(void)state;
	arena_init(&a);
	t = table_of(&a, 2, 3, counts, true, true);
	assert_int_equal(report_table_cell(t, 0, 3)->count, 51);
	assert_int_equal(report_table_cell(t, 2, 1)->count, 70);
	assert_int_equal(report_table_cell(t, 2, 3)->count, 201);
	report_table_suppress(t, 5);
	before = hidden_count(t);
	assert_true(before >= 4);
	report_table_suppress(t, 5);
	assert_int_equal(hidden_count(t), before);
	assert_safe(t, 5);

	assert_null(report_table_cell(t, 3, 0));
	assert_null(report_table_cell(t, 0, 4));
	assert_null(report_table_cell(t, -1, 0));
	assert_non_null(report_table_cell(t, 2, 3));
	assert_true(report_table_shows(t, 2, 3));
	t->has_total_row = false;
	assert_false(report_table_shows(t, 2, 0));
	assert_true(report_table_shows(t, 1, 3));
	assert_null(report_table_new(&a, "k", "t", -1, 2));
	assert_null(report_table_new(&a, "k", "t", 2, 1 << 30));
	memset(&copy, 0x5a, sizeof(copy));
	assert_false(report_table_init(&copy, &a, "k", "t", 3, -2));
	assert_true(((const unsigned char *)&copy)[0] == 0x5a); /* untouched */
	assert_true(report_table_init(&copy, &a, "k", "t", 0, 0));
	report_table_suppress(&copy, 5);
	assert_int_equal(copy.nrows, 0);
	assert_string_equal(copy.total_label, "Total");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_small_cell),
		cmocka_unit_test(test_complements_may_be_large),
		cmocka_unit_test(test_no_small_cells_unchanged),
		cmocka_unit_test(test_zeros_stay_visible),
		cmocka_unit_test(test_one_dimensional_list),
		cmocka_unit_test(test_cascade),
		cmocka_unit_test(test_total_as_last_resort),
		cmocka_unit_test(test_zero_as_last_resort),
		cmocka_unit_test(test_threshold),
		cmocka_unit_test(test_small_total),
		cmocka_unit_test(test_model),
	};

	return cmocka_run_group_tests_name("suppress", tests, NULL, NULL);
}
