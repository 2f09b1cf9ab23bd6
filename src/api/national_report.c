/*
 * GET /reports/national?year=: the national coordinator's oversight of every municipality
 * (national and admin users): its mechanisms — whether each is active (a coordinator and at
 * least two member institutions), the meetings it held in the year against its minimum — and
 * the year's cases opened, referrals sent and the share of those that were late. Two SQL
 * aggregations (store_national), whatever the number of municipalities. Always anonymised:
 * counts of people's cases and referrals from 1 to 4, and their complements, read
 * "suppressed", with complementary suppression down each column (domain/suppress, as the
 * summary report).
 */
#include "api/reports.h"

#include "api/app.h"
#include "api/meetings.h"
#include "core/clock.h"
#include "domain/authz.h"
#include "domain/governance.h"
#include "domain/suppress.h"

/* The year's bounds, [Jan 1, next Jan 1) in epoch seconds (UTC). */
static void
year_bounds(int year, int64_t *from, int64_t *to)
{
	int64_t quarters[5];

	governance_quarter_bounds(year, quarters);
	*from = quarters[0];
	*to = quarters[4];
}

/* One column of counts by municipality, suppressed as a column of the summary report: a
 * one-column table whose total (the nation's) is known. */
static struct report_table *
suppressed_column(struct arena *a, const char *key, const struct national_municipality *m,
		  int n, int64_t (*count)(const struct national_municipality *))
{
	struct report_table *t = report_table_new(a, key, key, n, 1);

	if (t == NULL)
		return NULL;
	t->has_total_row = true;
	for (int i = 0; i < n; i++)
		report_table_cell(t, i, 0)->count = count(&m[i]);
	report_table_sum_totals(t);
	report_table_suppress(t, SUPPRESS_THRESHOLD_DEFAULT);
	return t;
}

static int64_t
cases_opened(const struct national_municipality *m)
{
	return m->cases_opened;
}

static int64_t
referrals_sent(const struct national_municipality *m)
{
	return m->referrals_sent;
}

static json_t *
cell_json(const struct report_table *t, int row, bool *suppressed)
{
	*suppressed |= report_table_cell_const(t, row, 0)->suppressed;
	return report_cell_json(t, row, 0);
}

static json_t *
mechanisms_json(const struct national_mechanism *x, int n, int *at, int64_t municipality_id)
{
	json_t *list = json_array();

	/* Both lists come by municipality id: one walk pairs them. */
	for (; *at < n && x[*at].municipality_id < municipality_id; (*at)++)
		;
	for (; *at < n && x[*at].municipality_id == municipality_id; (*at)++) {
		const struct national_mechanism *m = &x[*at];
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:b, s:I, s:I, s:b}",
			"id", (json_int_t)m->id, "kind", m->kind, "name", m->name,
			"active", mechanism_is_active(m->coordinator_user_id, m->members),
			"meetings_held", (json_int_t)m->meetings_held,
			"minimum_per_year", (json_int_t)m->minimum,
			"meets_minimum", m->meetings_held >= m->minimum));
	}
	return list;
}

/* The share of the referrals sent that were late, two decimals; null when none were sent or
 * their number is hidden (a share of a hidden count would give it away). */
static json_t *
overdue_share(const struct national_municipality *m, bool sent_hidden)
{
	if (sent_hidden || m->referrals_sent == 0)
		return json_null();
	return json_real((double)((m->referrals_overdue * 200 + m->referrals_sent) /
				  (2 * m->referrals_sent)) / 100);
}

static json_t *
national_json(struct request *r, int year, const struct national_municipality *munis,
	      int nmunis, const struct national_mechanism *mechs, int nmechs)
{
	struct report_table *cases = suppressed_column(&r->arena, "cases_opened", munis, nmunis,
						       cases_opened);
	struct report_table *sent = suppressed_column(&r->arena, "referrals_sent", munis, nmunis,
						      referrals_sent);
	json_t *items = json_array();
	bool suppressed = false;
	int at = 0;

	if (cases == NULL || sent == NULL) {
		json_decref(items);
		return NULL;
	}
	for (int i = 0; i < nmunis; i++) {
		const struct national_municipality *m = &munis[i];
		bool sent_hidden = report_table_cell_const(sent, i, 0)->suppressed;
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}",
			"municipality_id", (json_int_t)m->id, "name", m->name, "country", m->country,
			"mechanisms", mechanisms_json(mechs, nmechs, &at, m->id),
			"referrals_sent", cell_json(sent, i, &suppressed),
			"referrals_overdue_share", overdue_share(m, sent_hidden),
			"cases_opened", cell_json(cases, i, &suppressed)));
	}
	return json_pack("{s:i, s:o, s:o}", "year", year, "items", items, "suppressed_note",
			 suppressed ? json_string(i18n_text(MSG_SUPPRESSED_NOTE, r->lang))
				    : json_null());
}

void
handle_report_national(struct request *r)
{
	struct national_municipality *munis;
	struct national_mechanism *mechs;
	int year, nmunis = 0, nmechs = 0;
	int64_t from, to;
	struct db *db;
	json_t *doc;
	enum ura_status st;

	if (!authz_national_read(&r->caller.user)) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (!governance_query_year(r, &year) || (db = api_reader(r)) == NULL)
		return;
	year_bounds(year, &from, &to);
	st = store_national(db, &r->arena, from, to, clock_now(), &munis, &nmunis, &mechs,
			    &nmechs);
	if (st == URA_OK)
		st = api_audit_read(r, "report.read", "nation", 0, 0, "[\"year\"]");
	if (st != URA_OK || (doc = national_json(r, year, munis, nmunis, mechs, nmechs)) == NULL) {
		reply_status(r, st != URA_OK ? st : URA_EINTERNAL);
		return;
	}
	reply_json(r, 200, doc);
}
