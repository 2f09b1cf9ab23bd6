/*
 * Reading structured values out of a fuzzer's bytes, for the harnesses whose target takes C
 * structures rather than text (the report writers). Past the end every read gives zero, so
 * any input decodes to something. Header-only.
 */
#ifndef URA_FUZZ_BYTES_H
#define URA_FUZZ_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "domain/suppress.h"

struct fuzz_bytes {
	const uint8_t *p;
	size_t left;
};

static inline uint8_t
fb_byte(struct fuzz_bytes *b)
{
	if (b->left == 0)
		return 0;
	b->left--;
	return *b->p++;
}

static inline uint32_t
fb_u32(struct fuzz_bytes *b)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | fb_byte(b);
	return v;
}

static inline uint64_t
fb_u64(struct fuzz_bytes *b)
{
	return (uint64_t)fb_u32(b) << 32 | fb_u32(b);
}

/* A length byte, then that many bytes as a string in `a` (cut at a NUL); 255 gives NULL. */
static inline const char *
fb_text(struct fuzz_bytes *b, struct arena *a)
{
	size_t n = fb_byte(b);
	const char *s;

	if (n == 255)
		return NULL;
	if (n > b->left)
		n = b->left;
	s = arena_strndup(a, (const char *)b->p, n);
	b->p += n;
	b->left -= n;
	return s;
}

/* A count as the store gives one: mostly small (where suppression decides), at times large. */
static inline int64_t
fb_count(struct fuzz_bytes *b)
{
	uint8_t v = fb_byte(b);

	return v < 240 ? v % 16 : (int64_t)(fb_u32(b) & 0x7fffffff);
}

#define FUZZ_TABLES_MAX 4

/*
 * Up to FUZZ_TABLES_MAX report tables as the report queries build them: a key always, the
 * other texts at times NULL, counts in every slot (totals included, as a table that sets its
 * own totals has them), then at times the sums and the suppression. Returns how many.
 */
static inline int
fb_tables(struct fuzz_bytes *b, struct arena *a, struct report_table *tables)
{
	int n = fb_byte(b) % (FUZZ_TABLES_MAX + 1);

	for (int i = 0; i < n; i++) {
		struct report_table *t = &tables[i];
		int nrows = fb_byte(b) % 12, ncols = fb_byte(b) % 8;
		uint8_t flags = fb_byte(b);
		const char *key = fb_text(b, a), *title = fb_text(b, a);

		if (!report_table_init(t, a, key != NULL ? key : "table", title, nrows, ncols))
			return i;
		t->label_header = fb_text(b, a);
		if (flags & 1)
			t->total_label = fb_text(b, a);
		if (t->total_label == NULL)
			t->total_label = "Total";
		for (int r = 0; r < nrows; r++)
			t->row_labels[r] = fb_text(b, a);
		for (int c = 0; c < ncols; c++)
			t->col_headers[c] = fb_text(b, a);
		t->has_total_row = flags & 2;
		t->has_total_column = flags & 4;
		for (int r = 0; r <= nrows; r++)
			for (int c = 0; c <= ncols; c++)
				report_table_cell(t, r, c)->count = fb_count(b);
		if (flags & 8)
			report_table_sum_totals(t);
		if (flags & 16)
			report_table_suppress(t, (int)(fb_byte(b) % 12) - 1);
	}
	return n;
}

#endif
