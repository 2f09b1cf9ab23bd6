/*
 * A hate-crime case's outcome (reported to the police, investigated, prosecuted), read by
 * whoever sees the case and set by the police and the prosecution (domain/hate_crime
 * decides), and GET /reports/hate-crimes: hate incidents by bias motivation, by
 * municipality and by outcome, read and suppressed as the summary report is (api/reports.c).
 */
#include "api/hate_crimes.h"

#include <string.h>

#include "api/app.h"
#include "api/case_op.h"
#include "api/input.h"
#include "api/reports.h"
#include "core/clock.h"
#include "core/labels.h"
#include "domain/cases.h"
#include "domain/hate_crime.h"
#include "store/hate_crimes.h"

/* ---- the outcome ---- */

static json_t *
outcome_json(int64_t case_id, const struct hate_outcome_row *o)
{
	json_t *doc = json_pack("{s:I, s:o}", "case_id", (json_int_t)case_id, "updated_at",
				o->updated_at ? json_time(o->updated_at) : json_null());

	for (int i = 0; i < HATE_OUTCOME_COUNT; i++) {
		json_object_set_new(doc, hate_outcome_names[i], json_boolean(o->value[i]));
		json_object_set_new(doc, hate_outcome_date_names[i],
				    o->on[i] ? json_string(o->on[i]) : json_null());
	}
	return doc;
}

/* The outcome of a hate-crime case as stored (all no when never recorded). */
static enum ura_status
outcome_load(struct db *db, struct request *r, const struct case_row *c,
	     struct hate_outcome_row *o)
{
	enum ura_status st;

	if (!hate_outcome_applies(c->kind)) {
		field_errors_add(&r->errors, "kind", MSG_NOT_HATE_CRIME);
		return URA_ECONFLICT;
	}
	memset(o, 0, sizeof(*o));
	st = store_hate_outcome_get(db, &r->arena, c->id, o);
	return st == URA_ENOTFOUND ? URA_OK : st;
}

void
handle_hate_outcome_get(struct request *r)
{
	struct case_facts f;
	struct policy_decision d;
	struct hate_outcome_row o;
	struct db *db;
	int64_t id;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || (db = api_reader(r)) == NULL)
		return;
	if ((st = case_read_decide(r, db, id, -1, &f, &d)) == URA_OK &&
	    (st = outcome_load(db, r, &f.row, &o)) == URA_OK)
		st = api_audit_read(r, "hate_outcome.read", "case", id, id, NULL);
	if (st == URA_ECONFLICT)
		reply_problem(r, 409, MSG_NOT_HATE_CRIME);
	else if (st != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 200, outcome_json(id, &o));
}

struct outcome_input {
	struct hate_outcome_change change;
	struct hate_outcome_row row;
};

static enum ura_status
outcome_apply(struct db *db, struct case_op_run *run)
{
	struct request *r = run->r;
	struct outcome_input *in = run->data;
	const char *type = hate_outcome_writer_type(&r->caller.user, &run->d, run->f.viewer_type);
	char today[CLOCKS_DATE_LEN];
	enum ura_status st;

	if ((st = outcome_load(db, r, &run->f.row, &in->row)) != URA_OK)
		return st;
	clocks_date_format(clock_now(), today, sizeof(today));
	st = hate_outcome_check(&in->change, type, run->d.access == ACCESS_OWNER, today,
				&r->errors);
	if (st != URA_OK || (st = store_hate_outcome_put(db, run->case_id, &in->change,
							 r->caller.user.id, clock_now())))
		return st;
	run->fields = "[\"reported_to_police\",\"investigated\",\"prosecuted\"]";
	return store_hate_outcome_get(db, &r->arena, run->case_id, &in->row);
}

static const struct case_op outcome_op = {
	.action = "hate_outcome.update", .object_type = "case", .apply_decides = true,
	.on_closed = true, .apply = outcome_apply,
};

void
handle_hate_outcome_put(struct request *r)
{
	static const char *const allowed[] = { "reported_to_police", "reported_to_police_on",
					       "investigated", "investigated_on", "prosecuted",
					       "prosecuted_on", NULL };
	struct outcome_input in;
	struct case_op_run run;

	memset(&in, 0, sizeof(in));
	for (int i = 0; i < HATE_OUTCOME_COUNT; i++) {
		bool given = false, yes = input_bool(r, hate_outcome_names[i], IN_OPTIONAL, &given);

		in.change.value[i] = given ? yes : -1;
		in.change.on[i] = input_date(r, hate_outcome_date_names[i], IN_OPTIONAL, true);
	}
	if (input_done(r, allowed) && case_op_perform(r, &outcome_op, &in, &run))
		reply_json(r, 200, outcome_json(run.case_id, &in.row));
}

/* ---- the report ---- */

static const char *const incidents_column[] = { "incidents", NULL };
static const char *const total_row[] = { "all", NULL };
static const char *const total_column[] = { "total", NULL };

/* The tables, in the answer's order; the municipalities' rows come from the data. */
enum { T_BIAS, T_MUNICIPALITY, T_OUTCOME, T_TOTAL, T_COUNT };
static const struct hate_table_spec {
	const char *key, *label_header, *row_group;
	const char *const *rows, *const *columns;
	int query; /* enum hate_table, -1 for the municipalities */
} specs[T_COUNT] = {
	[T_BIAS] = { "hate_by_bias", "bias", "bias", bias_motivations, incidents_column,
		     HATE_BY_BIAS },
	[T_MUNICIPALITY] = { "hate_by_municipality", "municipality", NULL, NULL, incidents_column,
			     -1 },
	[T_OUTCOME] = { "hate_by_outcome", "outcome", "report_row", hate_outcome_names,
			incidents_column, HATE_BY_OUTCOME },
	[T_TOTAL] = { "hate_total", "incidents", "report_row", total_row, total_column,
		      HATE_TOTAL },
};

void
hate_report_vocabulary_each(void (*fn)(const char *group, const char *code, void *ctx),
			    void *ctx)
{
	for (int i = 0; i < T_COUNT; i++) {
		fn("report_table", specs[i].key, ctx);
		fn("report_column", specs[i].label_header, ctx);
		for (const char *const *row = specs[i].rows; row && *row; row++)
			fn(specs[i].row_group, *row, ctx);
		for (const char *const *col = specs[i].columns; *col; col++)
			fn("report_column", *col, ctx);
	}
}

struct hate_report {
	struct report_params p;
	struct report_table tables[T_COUNT];
	struct hate_place *places;
	int nplaces;
};

/* The table `i` with its rows and headers as codes (the municipalities' names as they are). */
static void
table_shape(struct arena *a, struct hate_report *q, int i)
{
	const struct hate_table_spec *s = &specs[i];
	struct report_table *t = &q->tables[i];
	int nrows = s->rows ? vocabulary_size(s->rows) : q->nplaces;

	report_table_init(t, a, s->key, label_text("report_table", s->key, LANG_EN), nrows, 1);
	t->label_header = s->label_header;
	t->col_headers[0] = s->columns[0];
	for (int k = 0; k < nrows; k++) {
		t->row_labels[k] = s->rows ? s->rows[k] : q->places[k].name;
		if (!s->rows)
			report_table_cell(t, k, 0)->count = q->places[k].incidents;
	}
}

static enum ura_status
gather(struct db *db, struct request *r, void *report)
{
	struct hate_report *q = report;
	enum ura_status st = report_authorize(db, r, &q->p);

	if (st == URA_OK)
		st = store_hate_by_municipality(db, &r->arena, &q->p.scope, &q->places,
						&q->nplaces);
	for (int i = 0; st == URA_OK && i < T_COUNT; i++) {
		table_shape(&r->arena, q, i);
		if (specs[i].query >= 0)
			st = store_hate_table(db, (enum hate_table)specs[i].query, &q->p.scope,
					      &q->tables[i]);
	}
	/* Suppression last, on the finished counts, as for the summary. */
	for (int i = 0; st == URA_OK && q->p.anonymised && i < T_COUNT; i++)
		report_table_suppress(&q->tables[i], SUPPRESS_THRESHOLD_DEFAULT);
	return st;
}

static json_t *
report_json(const struct hate_report *q)
{
	const struct report_table *total = &q->tables[T_TOTAL];
	json_t *tables = json_array(), *rows;

	for (int i = 0; i < T_TOTAL; i++)
		json_array_append_new(tables, report_table_json(&q->tables[i]));
	/* The municipalities' rows also carry their id. */
	rows = json_object_get(json_array_get(tables, T_MUNICIPALITY), "rows");
	for (int k = 0; k < q->nplaces; k++)
		json_object_set_new(json_array_get(rows, (size_t)k), "municipality_id",
				    json_integer(q->places[k].municipality_id));
	return json_pack("{s:o, s:b, s:o, s:o}", "scope", report_scope_json(&q->p),
			 "anonymised", q->p.anonymised, "total_incidents",
			 report_cell_json(total, 0, 0), "tables", tables);
}

static void
reply_report(struct request *r, void *report)
{
	struct hate_report *q = report;

	if (strcmp(q->p.format, "json") == 0) {
		reply_json(r, 200, report_json(q));
		return;
	}
	for (int i = 0; i < T_COUNT; i++)
		report_table_label(&r->arena, &q->tables[i], specs[i].row_group, r->lang);
	report_reply_export(r, q->p.format, q->tables, T_COUNT, "hate-crimes");
}

void
handle_report_hate_crimes(struct request *r)
{
	struct hate_report *q = arena_alloc(&r->arena, sizeof(*q));

	memset(q, 0, sizeof(*q));
	report_perform(r, &q->p, q, "hate_report.read", gather, reply_report);
}
