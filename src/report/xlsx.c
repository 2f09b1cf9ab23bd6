/*
 * Reports as .xlsx with libxlsxwriter: one worksheet per table, written to a private temporary
 * file (libxlsxwriter 1.1.4 cannot write to memory), read back into memory, then removed.
 */
#include "report/xlsx.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/arena.h"
#include "core/utf8.h"

/* Excel's limit on a sheet name, in UTF-16 code units (a character beyond U+FFFF takes two). */
#define SHEET_NAME_UNITS 31
#define SHEET_NAME_BYTES 128 /* 31 units of at most 3 bytes each (4 bytes = 2 units), + suffix */
#define SHEET_NAME_ATTEMPTS 10000
/* The sheet's layout: title in row 0, headers in row 2, the table from row 3. */
#define TITLE_ROW 0
#define HEADER_ROW 2
#define FIRST_DATA_ROW 3
#define EXCEL_MAX_STRING 32767

struct sheet_formats {
	lxw_format *bold;        /* title, header row, total row */
	lxw_format *right;       /* a suppression marker, aligned like the numbers around it */
	lxw_format *bold_right;  /* the same in the total row */
};

/* The first error of a sequence of libxlsxwriter calls. */
static lxw_error
first_error(lxw_error so_far, lxw_error next)
{
	return so_far != LXW_NO_ERROR ? so_far : next;
}

/* Bytes of the well-formed UTF-8 character at s; 0 when the bytes there are malformed. */
static size_t
utf8_char_bytes(const char *s)
{
	unsigned char b = (unsigned char)s[0];
	size_t k = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3
		 : (b & 0xF8) == 0xF0 ? 4 : 0;

	if (k == 0 || strnlen(s, k) < k || !utf8_valid(s, k))
		return 0;
	return k;
}

/* `source` as a sheet name of at most `units` UTF-16 units, forbidden characters as '_'. */
static void
sheet_name_base(char out[SHEET_NAME_BYTES], const char *source, int units)
{
	size_t o = 0;
	int used = 0;

	for (const char *p = source; *p != '\0' && used < units;) {
		size_t k = utf8_char_bytes(p);
		int width = k == 4 ? 2 : 1;

		if (used + width > units)
			break;
		if (k > 1) {
			memcpy(out + o, p, k);
			o += k;
			p += k;
		} else {
			unsigned char ch = (unsigned char)*p++;
			bool forbidden = k == 0 || ch < 0x20 || ch == 0x7F || strchr("[]:*?/\\", ch);

			out[o++] = forbidden ? '_' : (char)ch;
		}
		used += width;
	}
	out[o] = '\0';
	/* Excel refuses a name that starts or ends with an apostrophe. */
	if (o > 0 && out[0] == '\'')
		out[0] = '_';
	if (o > 0 && out[o - 1] == '\'')
		out[o - 1] = '_';
}

/* The name to try for a sheet at this attempt: 1 is the plain name, then "name (2)" … */
static void
sheet_name_attempt(char out[SHEET_NAME_BYTES], const char *source, int attempt)
{
	char suffix[16] = "";

	if (attempt > 1)
		snprintf(suffix, sizeof(suffix), " (%d)", attempt);
	sheet_name_base(out, source, SHEET_NAME_UNITS - (int)strlen(suffix));
	if (out[0] == '\0')
		snprintf(out, SHEET_NAME_BYTES, "Sheet");
	if (strcasecmp(out, "History") == 0) /* reserved by Excel */
		snprintf(out, SHEET_NAME_BYTES, "History_");
	strcat(out, suffix);
}

/* A name no earlier sheet has (compared without ASCII case, as Excel does). */
static bool
unique_sheet_name(lxw_workbook *wb, char names[][SHEET_NAME_BYTES], int taken,
		  const char *source)
{
	char *name = names[taken];

	for (int attempt = 1; attempt <= SHEET_NAME_ATTEMPTS; attempt++) {
		bool clash = false;

		sheet_name_attempt(name, source, attempt);
		for (int i = 0; i < taken && !clash; i++)
			clash = strcasecmp(names[i], name) == 0;
		if (!clash && workbook_validate_sheet_name(wb, name) == LXW_NO_ERROR)
			return true;
	}
	return false;
}

/* What a table is called on its sheet tab and in A1: its title, else its key. */
static const char *
table_name(const struct report_table *t)
{
	return t->title != NULL ? t->title : t->key != NULL ? t->key : "";
}

/* One table row (or the total row) at sheet row `at`. */
static lxw_error
write_row(lxw_worksheet *ws, const struct sheet_formats *f, const struct report_table *t,
	  int row, lxw_row_t at)
{
	bool total = row == t->nrows;
	const char *label = total ? t->total_label : t->row_labels[row];
	int last_col = t->has_total_column ? t->ncols : t->ncols - 1;
	lxw_error err;

	err = worksheet_write_string(ws, at, 0, label != NULL ? label : "",
				     total ? f->bold : NULL);
	for (int col = 0; col <= last_col; col++) {
		const struct report_cell *cell = report_table_cell_const(t, row, col);
		lxw_col_t to = (lxw_col_t)(col + 1);

		if (cell->suppressed)
			err = first_error(err, worksheet_write_string(
						       ws, at, to, t->suppressed_text,
						       total ? f->bold_right : f->right));
		else
			err = first_error(err, worksheet_write_number(ws, at, to,
								      (double)cell->count,
								      total ? f->bold : NULL));
	}
	return err;
}

/* Title, header row, rows and total row of one table on its own sheet. */
static lxw_error
write_table(lxw_worksheet *ws, const struct sheet_formats *f, const struct report_table *t)
{
	lxw_row_t at = FIRST_DATA_ROW;
	lxw_error err;

	err = worksheet_write_string(ws, TITLE_ROW, 0, table_name(t), f->bold);
	err = first_error(err, worksheet_write_string(ws, HEADER_ROW, 0,
						      t->label_header ? t->label_header : "",
						      f->bold));
	for (int col = 0; col < t->ncols; col++)
		err = first_error(err, worksheet_write_string(
					       ws, HEADER_ROW, (lxw_col_t)(col + 1),
					       t->col_headers[col] ? t->col_headers[col] : "",
					       f->bold));
	if (t->has_total_column)
		err = first_error(err, worksheet_write_string(
					       ws, HEADER_ROW, (lxw_col_t)(t->ncols + 1),
					       t->total_label ? t->total_label : "", f->bold));
	for (int row = 0; row < t->nrows; row++)
		err = first_error(err, write_row(ws, f, t, row, at++));
	if (t->has_total_row)
		err = first_error(err, write_row(ws, f, t, t->nrows, at));
	err = first_error(err, worksheet_set_column(ws, 0, 0, 32, NULL));
	worksheet_freeze_panes(ws, FIRST_DATA_ROW, 1);
	return err;
}

static void
make_formats(lxw_workbook *wb, struct sheet_formats *f)
{
	f->bold = workbook_add_format(wb);
	format_set_bold(f->bold);
	f->right = workbook_add_format(wb);
	format_set_align(f->right, LXW_ALIGN_RIGHT);
	f->bold_right = workbook_add_format(wb);
	format_set_bold(f->bold_right);
	format_set_align(f->bold_right, LXW_ALIGN_RIGHT);
}

/* Every sheet; false when a name or a cell could not be written. */
static bool
write_sheets(lxw_workbook *wb, const struct report_table *tables, int n)
{
	char (*names)[SHEET_NAME_BYTES] = xcalloc((size_t)n + 1, sizeof(*names));
	struct sheet_formats f;
	bool ok = true;

	make_formats(wb, &f);
	for (int i = 0; i < n && ok; i++) {
		const struct report_table *t = &tables[i];
		lxw_worksheet *ws;

		ok = unique_sheet_name(wb, names, i, table_name(t));
		ws = ok ? workbook_add_worksheet(wb, names[i]) : NULL;
		ok = ws != NULL && write_table(ws, &f, t) == LXW_NO_ERROR;
	}
	if (n == 0)
		ok = workbook_add_worksheet(wb, NULL) != NULL;
	free(names);
	return ok;
}

/* Writes the workbook to `path`, libxlsxwriter's own temporary files going to `tmpdir`. */
static enum ura_status
build_workbook(const char *path, char *tmpdir, const struct report_table *tables, int n,
	       const char *title)
{
	lxw_workbook_options options = { .tmpdir = tmpdir };
	lxw_workbook *wb = workbook_new_opt(path, &options);
	char *title_copy = xstrdup(title != NULL ? title : ""); /* the API takes char *title */
	lxw_doc_properties properties = { .title = title_copy };
	bool ok;

	if (wb == NULL) {
		free(title_copy);
		return URA_EINTERNAL;
	}
	ok = workbook_set_properties(wb, &properties) == LXW_NO_ERROR;
	ok = write_sheets(wb, tables, n) && ok;
	ok = workbook_close(wb) == LXW_NO_ERROR && ok; /* always: it also frees the workbook */
	free(title_copy);
	return ok ? URA_OK : URA_EINTERNAL;
}

/* The whole file in a malloc'd buffer. */
static enum ura_status
read_whole_file(const char *path, unsigned char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	unsigned char *buf;
	size_t got = 0;

	if (fd < 0)
		return URA_EINTERNAL;
	if (fstat(fd, &st) != 0 || st.st_size <= 0) {
		close(fd);
		return URA_EINTERNAL;
	}
	buf = xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

		if (r <= 0) {
			close(fd);
			free(buf);
			return URA_EINTERNAL;
		}
		got += (size_t)r;
	}
	close(fd);
	*out = buf;
	*len = got;
	return URA_OK;
}

/* NULL or valid UTF-8 that fits in an Excel cell. */
static bool
text_ok(const char *s)
{
	return s == NULL || (utf8_valid(s, strlen(s)) && utf8_length(s) <= EXCEL_MAX_STRING);
}

static bool
table_ok(const struct report_table *t)
{
	bool ok = t->cells != NULL && t->nrows >= 0 && t->ncols >= 0 &&
		  t->nrows + 1 + FIRST_DATA_ROW <= LXW_ROW_MAX && t->ncols + 2 <= LXW_COL_MAX &&
		  text_ok(t->title) && text_ok(t->key) && text_ok(t->label_header) &&
		  text_ok(t->total_label) && text_ok(t->suppressed_text);

	for (int r = 0; ok && r < t->nrows; r++)
		ok = text_ok(t->row_labels[r]);
	for (int c = 0; ok && c < t->ncols; c++)
		ok = text_ok(t->col_headers[c]);
	return ok;
}

enum ura_status
report_xlsx(const struct report_table *tables, int n, const char *title, unsigned char **out,
	    size_t *len)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], path[PATH_MAX + 16];
	enum ura_status st;

	if (n < 0 || (n > 0 && tables == NULL) || out == NULL || len == NULL || !text_ok(title))
		return URA_EINVAL;
	for (int i = 0; i < n; i++)
		if (!table_ok(&tables[i]))
			return URA_EINVAL;
	if (tmp == NULL || tmp[0] == '\0')
		tmp = "/tmp";
	/* A directory only this process can enter: the report never sits where others read. */
	if (snprintf(dir, sizeof(dir), "%s/ura-xlsx-XXXXXX", tmp) >= (int)sizeof(dir) ||
	    mkdtemp(dir) == NULL)
		return URA_EINTERNAL;
	snprintf(path, sizeof(path), "%s/report.xlsx", dir);
	st = build_workbook(path, dir, tables, n, title);
	if (st == URA_OK)
		st = read_whole_file(path, out, len);
	unlink(path);
	rmdir(dir);
	return st;
}
