/*
 * GET /reports/summary: counts and timings for a mechanism, a municipality or the nation over
 * a period, as JSON, CSV or XLSX. The figures are SQL aggregations of the report rollups and
 * a few source tables (store/reports.c); reads
 * from outside the mechanism (national, admin, or asked for) are anonymised by
 * domain/suppress: counts 1..4, and the complements that protect them, read "suppressed".
 */
#include "api/reports.h"

#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "core/clock.h"
#include "core/labels.h"
#include "domain/cases.h"
#include "domain/clocks.h"
#include "domain/directory.h"
#include "domain/governance.h"
#include "report/csv.h"
#include "report/xlsx.h"

static const char *const cases_column[] = { "cases", NULL };
static const char *const age_groups[] = { "0-17", "18-24", "25-34", "35-44", "45-59", "60+",
					   "unknown", NULL };
static const char *const repeat_rows[] = { "repeat", "first", NULL };
static const char *const referral_columns[] = { "sent", "accepted", "declined", "overdue",
						 NULL };
static const char *const order_rows[] = { "immediate", "regular", NULL };
static const char *const order_columns[] = { "requested", "granted", NULL };
static const char *const held_column[] = { "held", NULL };
static const char *const incidents_column[] = { "incidents", NULL };
static const char *const training_rows[] = { "all", NULL };
static const char *const training_columns[] = { "trainings", "women", "men", NULL };

/* The report's tables; `partition`: each counted thing is in one row, so the column totals
 * add up (and `total_column`: in one cell of its row, so the row totals do too). The exports
 * label rows from data/labels.json's `label_group`, titles from "report_table", headers from
 * "report_column" (core/labels.h). */
static const struct table_spec {
	enum report_query query;
	const char *key, *title, *label_header, *label_group;
	const char *const *rows, *const *columns;
	bool partition, total_column;
} table_specs[] = {
	{ REPORT_CASES_BY_KIND, "cases_by_kind", "Cases by kind", "kind", "case_kind",
	  mechanism_kinds, cases_column, true, false },
	{ REPORT_CASES_BY_FORM, "cases_by_form", "Incidents by form of violence", "form", "form",
	  violence_forms, incidents_column, false, false },
	{ REPORT_CASES_BY_RISK, "cases_by_risk", "Cases by risk level", "risk_level", "risk_level",
	  risk_level_names, cases_column, true, false },
	{ REPORT_CASES_BY_SEX_AND_AGE, "cases_by_sex_and_age", "Survivors by sex and age group",
	  "sex", "sex", case_sexes, age_groups, true, true },
	{ REPORT_REPEAT_CASES, "repeat_cases", "Repeat cases", "case", "report_row", repeat_rows,
	  cases_column, true, false },
	{ REPORT_REFERRALS_BY_SERVICE, "referrals_by_service", "Referrals by service", "service",
	  "service", service_kinds, referral_columns, true, false },
	{ REPORT_REFERRALS_BY_INSTITUTION, "referrals_by_institution_type",
	  "Referrals by receiving institution type", "institution_type", "institution_type",
	  institution_types, referral_columns, true, false },
	{ REPORT_PROTECTION_ORDERS, "protection_orders", "Protection orders", "type", "order_type",
	  order_rows, order_columns, true, false },
	{ REPORT_MEETINGS_HELD, "meetings_held", "Meetings held", "kind", "meeting_kind",
	  meeting_kinds, held_column, true, false },
	{ REPORT_TRAININGS, "trainings", "Trainings and participants", "trainings", "report_row",
	  training_rows, training_columns, false, false },
};
#define NTABLES ((int)(sizeof(table_specs) / sizeof(table_specs[0])))

static void
table_from_spec(struct arena *a, const struct table_spec *spec, struct report_table *t)
{
	report_table_init(t, a, spec->key, spec->title, vocabulary_size(spec->rows),
			  vocabulary_size(spec->columns));
	t->label_header = spec->label_header;
	for (int i = 0; i < t->nrows; i++)
		t->row_labels[i] = spec->rows[i];
	for (int i = 0; i < t->ncols; i++)
		t->col_headers[i] = spec->columns[i];
	t->has_total_row = spec->partition;
	t->has_total_column = spec->total_column;
}

void
report_vocabulary_each(void (*fn)(const char *group, const char *code, void *ctx), void *ctx)
{
	for (int i = 0; i < NTABLES; i++) {
		const struct table_spec *spec = &table_specs[i];

		fn("report_table", spec->key, ctx);
		fn("report_column", spec->label_header, ctx);
		for (const char *const *row = spec->rows; *row != NULL; row++)
			fn(spec->label_group, *row, ctx);
		for (const char *const *col = spec->columns; *col != NULL; col++)
			fn("report_column", *col, ctx);
	}
	fn("report_column", "total", ctx);
	fn("report_cell", REPORT_SUPPRESSED, ctx);
}

void
report_table_label(struct arena *a, struct report_table *t, const char *row_group,
		   enum lang lang)
{
	const char **rows = arena_alloc(a, sizeof(char *) * (size_t)(t->nrows + 1));
	const char **columns = arena_alloc(a, sizeof(char *) * (size_t)(t->ncols + 1));

	t->title = label_text("report_table", t->key, lang);
	t->label_header = label_text("report_column", t->label_header, lang);
	t->total_label = label_text("report_column", "total", lang);
	t->suppressed_text = label_text("report_cell", REPORT_SUPPRESSED, lang);
	for (int k = 0; k < t->nrows; k++)
		rows[k] = row_group ? label_text(row_group, t->row_labels[k], lang)
				    : t->row_labels[k];
	for (int k = 0; k < t->ncols; k++)
		columns[k] = label_text("report_column", t->col_headers[k], lang);
	t->row_labels = rows;
	t->col_headers = columns;
}

/* The tables as an export shows them: every code replaced by its label in `lang` (the counts
 * and their suppression are the same cells). */
static struct report_table *
labelled_tables(struct arena *a, const struct report_table *tables, enum lang lang)
{
	struct report_table *out = arena_alloc(a, sizeof(*out) * NTABLES);

	for (int i = 0; i < NTABLES; i++) {
		out[i] = tables[i];
		report_table_label(a, &out[i], table_specs[i].label_group, lang);
	}
	return out;
}

/* ---- the request ---- */

struct report_request {
	struct report_params p;
	struct report_table tables[NTABLES];
	struct report_timings timings;
};

/* from/to: dates, `to` included; the default is the current year. */
static bool
read_period(struct request *r, struct report_params *q)
{
	static const char *const names[2] = { "from", "to" };
	char *dates[2] = { q->from, q->last };
	int64_t *bounds[2] = { &q->scope.from, &q->scope.to };

	/* The current year unless given: from its first day to its last. */
	clocks_date_format(clock_now(), q->from, sizeof(q->from));
	snprintf(q->last, sizeof(q->last), "%.4s-12-31", q->from);
	memcpy(q->from + 4, "-01-01", 7);
	for (int i = 0; i < 2; i++) {
		const char *given = req_query(r, names[i]);
		if (given != NULL)
			snprintf(dates[i], CLOCKS_DATE_LEN, "%.10s", given);
		if (!clocks_date_parse(dates[i], bounds[i]) ||
		    (given != NULL && strlen(given) != 10)) {
			reply_field_error(r, 400, names[i], MSG_INVALID_DATE);
			return false;
		}
	}
	if (q->scope.to < q->scope.from) {
		reply_field_error(r, 422, "to", MSG_OUT_OF_RANGE);
		return false;
	}
	q->scope.to = clocks_day_start(clocks_day(q->scope.to) + 1); /* the last day is included */
	clocks_date_format(q->scope.to, q->to, sizeof(q->to));
	q->scope.from_date = q->from;
	q->scope.to_date = q->to;
	q->scope.age_year = strtol(q->from, NULL, 10);
	q->scope.now = clock_now();
	return true;
}

bool
report_params_read(struct request *r, struct report_params *q)
{
	static const char *const formats[] = { "json", "csv", "xlsx", NULL };
	const char *anonymised = req_query(r, "anonymised");

	q->format = req_query(r, "format");
	if (q->format == NULL || *q->format == '\0')
		q->format = "json";
	if (!vocabulary_has(formats, q->format)) {
		reply_field_error(r, 400, "format", MSG_NOT_ALLOWED_VALUE);
		return false;
	}
	if (anonymised != NULL && strcmp(anonymised, "true") != 0 &&
	    strcmp(anonymised, "false") != 0) {
		reply_field_error(r, 400, "anonymised", MSG_NOT_BOOLEAN);
		return false;
	}
	q->anonymised = anonymised != NULL && strcmp(anonymised, "true") == 0;
	if (!req_query_id(r, "mechanism_id", &q->scope.mechanism_id) ||
	    !req_query_id(r, "municipality_id", &q->scope.municipality_id))
		return false;
	if (q->scope.mechanism_id && q->scope.municipality_id) {
		reply_field_error(r, 400, "municipality_id", MSG_NOT_ALLOWED_VALUE);
		return false;
	}
	return read_period(r, q);
}

/* The mechanism's coordinator reads it as it is; national and admin read any scope,
 * anonymised; nobody else reads reports. */
enum ura_status
report_authorize(struct db *db, struct request *r, struct report_params *q)
{
	const struct user *u = &r->caller.user;
	struct mechanism_facts m;
	enum ura_status st;

	if (q->scope.mechanism_id &&
	    (st = store_mechanism_facts(db, &r->arena, q->scope.mechanism_id, 0, &m)) != URA_OK)
		return st;
	if (q->scope.municipality_id &&
	    (st = store_municipality_exists(db, q->scope.municipality_id)) != URA_OK)
		return st;
	if (u->role == ROLE_NATIONAL || u->role == ROLE_ADMIN) {
		q->anonymised = true;
		return URA_OK;
	}
	if (u->role == ROLE_COORDINATOR && q->scope.mechanism_id &&
	    governance_access(u, m.coordinator_user_id, false) == GOVERNANCE_MANAGE)
		return URA_OK;
	return URA_EFORBIDDEN;
}

static enum ura_status
gather(struct db *db, struct request *r, void *report)
{
	struct report_request *q = report;
	struct report_table *by_query[REPORT_QUERY_COUNT] = { NULL };
	enum ura_status st = report_authorize(db, r, &q->p);

	for (int i = 0; st == URA_OK && i < NTABLES; i++) {
		table_from_spec(&r->arena, &table_specs[i], &q->tables[i]);
		by_query[table_specs[i].query] = &q->tables[i];
	}
	if (st == URA_OK)
		st = store_report_rollups(db, &q->p.scope, by_query, &q->timings);
	for (int i = 0; st == URA_OK && i < NTABLES; i++) {
		if (!store_report_rolled_up(table_specs[i].query))
			st = store_report_table(db, table_specs[i].query, &q->p.scope,
						&q->tables[i]);
		if (st == URA_OK && table_specs[i].partition)
			report_table_sum_totals(&q->tables[i]);
		if (st == URA_OK && q->p.anonymised)
			report_table_suppress(&q->tables[i], SUPPRESS_THRESHOLD_DEFAULT);
	}
	return st;
}

/* ---- rendering ---- */

json_t *
report_cell_json(const struct report_table *t, int row, int col)
{
	const struct report_cell *c = report_table_cell_const(t, row, col);

	return c->suppressed ? json_string(REPORT_SUPPRESSED) : json_integer(c->count);
}

json_t *
report_table_json(const struct report_table *t)
{
	json_t *rows = json_array(), *columns = json_array(), *total = NULL;
	int ncols = t->ncols + (t->has_total_column ? 1 : 0);

	for (int c = 0; c < t->ncols; c++)
		json_array_append_new(columns, json_string(t->col_headers[c]));
	if (t->has_total_column)
		json_array_append_new(columns, json_string("total"));
	for (int r = 0; r <= t->nrows; r++) {
		json_t *cells = json_array();
		for (int c = 0; c < ncols; c++)
			json_array_append_new(cells, report_cell_json(t, r, c));
		if (r == t->nrows)
			total = t->has_total_row ? json_pack("{s:o}", "cells", cells) : NULL;
		else
			json_array_append_new(rows, json_pack("{s:s, s:o}", "label", t->row_labels[r],
							      "cells", cells));
		if (r == t->nrows && !t->has_total_row)
			json_decref(cells);
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "key", t->key, "title", t->title,
			 "label_header", t->label_header, "columns", columns, "rows", rows,
			 "total", total ? total : json_null());
}

static json_t *
report_json(const struct report_request *q)
{
	json_t *tables = json_array();
	const struct report_timings *t = &q->timings;

	for (int i = 0; i < NTABLES; i++)
		json_array_append_new(tables, report_table_json(&q->tables[i]));
	return json_pack("{s:o, s:b, s:o, s:{s:I, s:I, s:f, s:f, s:f}}",
		"scope", report_scope_json(&q->p), "anonymised", q->p.anonymised,
		"tables", tables, "referral_timings", "referrals", (json_int_t)t->referrals,
		"accepted", (json_int_t)t->accepted, "median_hours", t->median_hours,
		"p90_hours", t->p90_hours, "overdue_share",
		t->referrals ? (double)t->overdue / (double)t->referrals : 0.0);
}

json_t *
report_scope_json(const struct report_params *p)
{
	return json_pack("{s:o, s:o, s:s, s:s}", "mechanism_id",
		p->scope.mechanism_id ? json_integer(p->scope.mechanism_id) : json_null(),
		"municipality_id", p->scope.municipality_id
				   ? json_integer(p->scope.municipality_id) : json_null(),
		"from", p->from, "to", p->last);
}

void
report_reply_export(struct request *r, const char *format, const struct report_table *t,
		    int n, const char *name)
{
	unsigned char *xlsx;
	size_t len;
	struct csv csv;

	if (strcmp(format, "csv") == 0) {
		csv_init(&csv, &r->arena);
		csv_utf8_bom(&csv);
		report_tables_csv(&csv, t, n);
		reply_header_add(r, "Content-Disposition", arena_printf(&r->arena,
				 "attachment; filename=\"%s.csv\"", name));
		reply_text(r, 200, "text/csv; charset=utf-8", csv.data, csv.len);
	} else if (report_xlsx(t, n, "Ura report", &xlsx, &len) == URA_OK) {
		reply_header_add(r, "Content-Disposition", arena_printf(&r->arena,
				 "attachment; filename=\"%s.xlsx\"", name));
		reply_text(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			   (const char *)xlsx, len);
		free(xlsx);
	} else {
		reply_status(r, URA_EINTERNAL);
	}
}

static void
reply_report(struct request *r, void *report)
{
	const struct report_request *q = report;

	if (strcmp(q->p.format, "json") == 0)
		reply_json(r, 200, report_json(q));
	else /* A spreadsheet is read by people: labels in the caller's language, not codes. */
		report_reply_export(r, q->p.format, labelled_tables(&r->arena, q->tables, r->lang),
				    NTABLES, "report");
}

static enum ura_status
report_audit_read(struct request *r, const struct report_params *p, const char *action)
{
	const struct report_scope *s = &p->scope;

	return api_audit_read(r, action, s->mechanism_id ? "mechanism"
			      : s->municipality_id ? "municipality" : "nation",
			      s->mechanism_id ? s->mechanism_id : s->municipality_id, 0,
			      "[\"from\",\"to\",\"format\"]");
}

void
report_perform(struct request *r, struct report_params *p, void *report, const char *action,
	       enum ura_status (*gather_fn)(struct db *db, struct request *r, void *report),
	       void (*reply_fn)(struct request *r, void *report))
{
	struct db *db;
	enum ura_status st;

	if (!report_params_read(r, p) || (db = api_reader(r)) == NULL)
		return;
	if ((st = gather_fn(db, r, report)) == URA_OK)
		st = report_audit_read(r, p, action);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_fn(r, report);
}

void
handle_report_summary(struct request *r)
{
	struct report_request *q = arena_alloc(&r->arena, sizeof(*q));

	memset(q, 0, sizeof(*q));
	report_perform(r, &q->p, q, "report.read", gather, reply_report);
}
