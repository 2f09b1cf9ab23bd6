/*
 * Reports as an Excel workbook (.xlsx) with libxlsxwriter: one worksheet per table.
 */
#ifndef URA_REPORT_XLSX_H
#define URA_REPORT_XLSX_H

#include <stddef.h>

#include "core/status.h"
#include "domain/suppress.h"

/*
 * One workbook, `title` as its document title, one worksheet per table, in order. A sheet is
 * named after its table's title (or key): characters Excel forbids ([ ] : * ? / \ and
 * controls) become '_', the name is cut to 31 characters, and " (2)", " (3)" … keep names
 * unique. Each sheet: the table title in bold in A1, the bold header row in row 3, then one
 * row per table row and the total row in bold. Counts are numbers; suppressed cells are the
 * text t->suppressed_text (the label of "suppressed"). Every label is written as a string,
 * never as a formula, so text starting with '=' is shown, not run. With n == 0 the workbook has one empty sheet.
 *
 * libxlsxwriter 1.1.4 writes only to a file: the workbook goes to a private directory made
 * with mkdtemp in $TMPDIR (or /tmp), is read back and removed before returning.
 *
 * On URA_OK *out is a malloc'd buffer of *len bytes that the caller frees with free().
 * URA_EINVAL: a NULL argument, n < 0, text that is not valid UTF-8, or a table larger than a
 * sheet. URA_EINTERNAL: the temporary file or libxlsxwriter failed.
 */
enum ura_status report_xlsx(const struct report_table *tables, int n, const char *title,
			    unsigned char **out, size_t *len);

#endif
