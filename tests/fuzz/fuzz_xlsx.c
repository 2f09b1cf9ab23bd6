/*
 * Fuzz target: the XLSX writer of reports (src/report/xlsx.c, libxlsxwriter) with the tables
 * of domain/suppress.c. Pure but for the private temporary file xlsx.c writes and removes.
 *
 * The input is decoded into report tables and a workbook title (fuzz_bytes.h). A workbook
 * must come out as a zip file (PK…), or the tables be refused as the header says (URA_EINVAL:
 * text that is not UTF-8). URA_EINTERNAL, libxlsxwriter refusing what we gave it, is a
 * report the server could not export: a finding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_bytes.h"
#include "report/xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_bytes b = { data, size };
	struct report_table tables[FUZZ_TABLES_MAX];
	unsigned char *out = NULL;
	const char *title;
	size_t len = 0;
	struct arena a;
	enum ura_status st;
	int n;

	arena_init(&a);
	title = fb_text(&b, &a);
	n = fb_tables(&b, &a, tables);
	st = report_xlsx(tables, n, title != NULL ? title : "Report", &out, &len);
	if (st == URA_OK && (len < 4 || memcmp(out, "PK", 2) != 0))
		abort();
	if (st != URA_OK && st != URA_EINVAL)
		abort();
	free(out);
	arena_free(&a);
	return 0;
}
