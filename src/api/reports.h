/* The summary report (api/reports.c) and the national view (api/national_report.c). */
#ifndef URA_API_REPORTS_H
#define URA_API_REPORTS_H

#include "domain/clocks.h"
#include "domain/suppress.h"
#include "http/request.h"
#include "store/store.h"

void handle_report_summary(struct request *r);
/* GET /reports/national?year= (api/national_report.c). */
void handle_report_national(struct request *r);
/* Calls fn for every (labels group, code) the report's exports look up in data/labels.json
 * (its tables' titles, headers and row labels), for the labels' unit test. */
void report_vocabulary_each(void (*fn)(const char *group, const char *code, void *ctx),
			    void *ctx);

/* ---- what other reports (api/hate_crimes.c) share with the summary ---- */

/* A report's query: ?mechanism_id= or ?municipality_id= (not both), ?from=&to= (dates, `to`
 * included; the current year by default), ?format=json|csv|xlsx, ?anonymised=. */
struct report_params {
	struct report_scope scope;
	const char *format;
	bool anonymised;
	char from[CLOCKS_DATE_LEN], to[CLOCKS_DATE_LEN], last[CLOCKS_DATE_LEN]; /* last: to, shown */
};
/* Reads them; replies 400/422 naming the parameter and returns false when one is bad. */
bool report_params_read(struct request *r, struct report_params *p);
/* Who reads a report: the mechanism's coordinator as it is; national and admin any scope,
 * anonymised (p->anonymised set); nobody else (URA_EFORBIDDEN). */
enum ura_status report_authorize(struct db *db, struct request *r, struct report_params *p);
/* A cell as the JSON answer shows it: its count, or REPORT_SUPPRESSED when hidden. */
json_t *report_cell_json(const struct report_table *t, int row, int col);
/* A table as the JSON answer shows it: {key, title, label_header, columns, rows, total}. */
json_t *report_table_json(const struct report_table *t);
/* The scope as the JSON answer shows it: {mechanism_id, municipality_id, from, to}. */
json_t *report_scope_json(const struct report_params *p);
/* The codes of a table as an export shows them: title, headers, the hidden cells' text and
 * (when `row_group` is not NULL) row labels looked up in data/labels.json in `lang`; other
 * rows keep their text. */
void report_table_label(struct arena *a, struct report_table *t, const char *row_group,
			enum lang lang);
/* A report's request: reads the parameters into *p (part of `report`), gathers the figures on
 * a reader, audits the read as `action` (object the scope), then replies; a failure replies
 * its status. */
void report_perform(struct request *r, struct report_params *p, void *report, const char *action,
		    enum ura_status (*gather_fn)(struct db *db, struct request *r, void *report),
		    void (*reply_fn)(struct request *r, void *report));
/* Replies with labelled tables as CSV or XLSX, named `name`.csv / .xlsx. */
void report_reply_export(struct request *r, const char *format, const struct report_table *t,
			 int n, const char *name);

#endif
