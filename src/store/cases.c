/* Case rows: references, the plain columns, the encrypted category columns, blind-index
 * look-ups. Encryption itself happens above (crypt/field.c); this file stores bytes. */
#include "store/store.h"

#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "domain/clocks.h"
#include "store/case_sql.h"
#include "store/db.h"
#include "store/rows.h"

#define CASE_COLUMNS                                                                        \
	"c.id, c.reference, c.kind, c.mechanism_id, c.owner_institution_id, c.status, "      \
	"c.risk_level, c.imminent_danger, c.repeat, c.survivor_sex, c.survivor_birth_year, " \
	"c.address_confidential, c.outcome, c.version, c.created_by, c.created_at, "         \
	"c.updated_at, c.closed_at, c.next_review_on, c.needs_meeting, c.assigned_user_id"
/* What is late on a case, for every reader's summary (the coordinator's above all). NOW and
 * TODAY are the query's parameters for the time and the date. */
#define CASE_OVERDUE(NOW, TODAY)                                                            \
	", (SELECT count(*) FROM referrals f WHERE f.case_id = c.id AND f.status = 'sent' "  \
	"AND f.respond_by < " NOW "), (SELECT count(*) FROM case_actions a WHERE "            \
	"a.case_id = c.id AND a.status IN ('open', 'in_progress') AND a.due_on < " TODAY     \
	"), (SELECT count(*) FROM protection_orders o WHERE o.case_id = c.id AND "            \
	"o.status = 'pending' AND o.decision_due_at < " NOW "), CASE WHEN c.status <> "      \
	"'closed' AND c.next_review_on < " TODAY " THEN 1 ELSE 0 END"
#define CASE_BLOBS ", c.identity, c.contact, c.children, c.perpetrator, c.survivor_index, " \
		   "c.perpetrator_index, coalesce(m.coordinator_user_id, 0), "               \
		   "c.survivor_name_index, c.personal_number_index, c.key_source, c.data_key, "  \
		   "c.anonymised_at"

/* Binds the time now at `i` and its date at `i + 1` (for CASE_OVERDUE). */
static void
bind_now(struct db *db, struct db_stmt *st, int i, char *today, size_t len)
{
	int64_t now = clock_now();

	clocks_date_format(now, today, len);
	db_bind_int(db, st, i, now);
	db_bind_text(db, st, i + 1, today);
}

enum ura_status
store_case_reference_next(struct db *db, int64_t municipality_id, int64_t year, int64_t *number)
{
	/* One statement: the upsert locks the counter row until commit on either engine. */
	static struct db_query q = DB_QUERY(
		"INSERT INTO case_reference_counters (municipality_id, year, last) VALUES ($1, $2, 1) "
		"ON CONFLICT (municipality_id, year) DO UPDATE "
		"SET last = case_reference_counters.last + 1 RETURNING last");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, municipality_id);
	db_bind_int(db, st, 2, year);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		*number = db_col_int(db, st, 0);
	db_done(db, st);
	return rc == DB_ROW ? URA_OK : db_error(db);
}

enum ura_status
store_case_insert(struct db *db, const struct case_row *c, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO cases (reference, kind, mechanism_id, owner_institution_id, status, "
		"risk_level, imminent_danger, repeat, survivor_sex, survivor_birth_year, "
		"address_confidential, created_by, created_at, updated_at, needs_meeting) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, c->reference);
	db_bind_text(db, st, 2, c->kind);
	db_bind_int(db, st, 3, c->mechanism_id);
	db_bind_int(db, st, 4, c->owner_institution_id);
	db_bind_text(db, st, 5, c->status ? c->status : "open");
	db_bind_text(db, st, 6, c->risk_level ? c->risk_level : "unassessed");
	db_bind_int(db, st, 7, c->imminent_danger);
	db_bind_int(db, st, 8, c->repeat);
	db_bind_text(db, st, 9, c->survivor_sex); /* NULL binds SQL NULL */
	if (c->survivor_birth_year > 0)
		db_bind_int(db, st, 10, c->survivor_birth_year);
	else
		db_bind_null(db, st, 10);
	db_bind_int(db, st, 11, c->address_confidential);
	if (c->created_by > 0)
		db_bind_int(db, st, 12, c->created_by);
	else
		db_bind_null(db, st, 12);
	db_bind_int(db, st, 13, c->created_at);
	db_bind_int(db, st, 14, c->needs_meeting);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		*id = db_col_int(db, st, 0);
	db_done(db, st);
	return rc == DB_ROW ? URA_OK : db_error(db);
}

enum ura_status
store_case_set_personal(struct db *db, const struct case_row *c)
{
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET identity = $1, contact = $2, children = $3, perpetrator = $4, "
		"survivor_index = $5, perpetrator_index = $6, survivor_name_index = $8, "
		"personal_number_index = $9 WHERE id = $7");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	bind_blob_or_null(db, st, 1, &c->identity);
	bind_blob_or_null(db, st, 2, &c->contact);
	bind_blob_or_null(db, st, 3, &c->children);
	bind_blob_or_null(db, st, 4, &c->perpetrator);
	bind_blob_or_null(db, st, 5, &c->survivor_index);
	bind_blob_or_null(db, st, 6, &c->perpetrator_index);
	db_bind_int(db, st, 7, c->id);
	bind_blob_or_null(db, st, 8, &c->survivor_name_index);
	bind_blob_or_null(db, st, 9, &c->personal_number_index);
	return db_run(db, st);
}

enum ura_status
store_case_set_key(struct db *db, int64_t id, const struct blob *wrapped)
{
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET data_key = $1, key_source = 'case' WHERE id = $2");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	bind_blob_or_null(db, st, 1, wrapped);
	db_bind_int(db, st, 2, id);
	return db_run(db, st);
}

void
read_case_key_cols(struct db *db, struct db_stmt *st, int col, struct arena *a,
		   struct case_key_cols *k)
{
	k->source = row_text(db, st, col, a);
	row_blob(db, st, col + 1, a, &k->wrapped);
}

static void
read_case_key(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	read_case_key_cols(db, st, 0, a, row);
}

enum ura_status
store_case_key(struct db *db, struct arena *a, int64_t id, struct case_key_cols *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT key_source, data_key FROM cases WHERE id = $1");

	return row_by_id(db, a, &q, id, read_case_key, out);
}

/* The plain columns (CASE_COLUMNS); summaries stop here. */
static void
read_case_plain(struct db *db, struct db_stmt *st, struct arena *a, struct case_row *c)
{
	c->id = db_col_int(db, st, 0);
	c->reference = row_text(db, st, 1, a);
	c->kind = row_text(db, st, 2, a);
	c->mechanism_id = db_col_int(db, st, 3);
	c->owner_institution_id = db_col_int(db, st, 4);
	c->status = row_text(db, st, 5, a);
	c->risk_level = row_text(db, st, 6, a);
	c->imminent_danger = db_col_int(db, st, 7) != 0;
	c->repeat = db_col_int(db, st, 8) != 0;
	c->survivor_sex = row_text(db, st, 9, a);
	c->survivor_birth_year = row_int_or_zero(db, st, 10);
	c->address_confidential = db_col_int(db, st, 11) != 0;
	c->outcome = row_text(db, st, 12, a);
	c->version = db_col_int(db, st, 13);
	c->created_by = row_int_or_zero(db, st, 14);
	c->created_at = db_col_int(db, st, 15);
	c->updated_at = db_col_int(db, st, 16);
	c->closed_at = row_int_or_zero(db, st, 17);
	c->next_review_on = row_text(db, st, 18, a);
	c->needs_meeting = db_col_int(db, st, 19) != 0;
	c->assigned_user_id = row_int_or_zero(db, st, 20);
	c->overdue.referrals = db_col_int(db, st, 21);
	c->overdue.actions = db_col_int(db, st, 22);
	c->overdue.orders = db_col_int(db, st, 23);
	c->overdue.review = db_col_int(db, st, 24) != 0;
}

static void
read_case(struct db *db, struct db_stmt *st, struct arena *a, struct case_row *c)
{
	read_case_plain(db, st, a, c);
	row_blob(db, st, 25, a, &c->identity);
	row_blob(db, st, 26, a, &c->contact);
	row_blob(db, st, 27, a, &c->children);
	row_blob(db, st, 28, a, &c->perpetrator);
	row_blob(db, st, 29, a, &c->survivor_index);
	row_blob(db, st, 30, a, &c->perpetrator_index);
	c->mechanism_coordinator_id = db_col_int(db, st, 31);
	row_blob(db, st, 32, a, &c->survivor_name_index);
	row_blob(db, st, 33, a, &c->personal_number_index);
	c->key.source = row_text(db, st, 34, a);
	row_blob(db, st, 35, a, &c->key.wrapped);
	c->anonymised_at = row_int_or_zero(db, st, 36);
}

enum ura_status
store_case_get(struct db *db, struct arena *a, int64_t id, struct case_row *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT " CASE_COLUMNS CASE_OVERDUE("$2", "$3") CASE_BLOBS " FROM cases c "
		"JOIN mechanisms m ON m.id = c.mechanism_id WHERE c.id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;
	char today[16];

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	bind_now(db, st, 2, today, sizeof(today));
	rc = db_step(db, st);
	if (rc == DB_ROW)
		read_case(db, st, a, out);
	db_done(db, st);
	return db_row_status(db, rc);
}

/* $5 is the viewer's institution, $6 the mechanism of the case looked from (the new case's on
 * creation); each match carries both mechanisms' countries and cross-border settings, for
 * domain/policy's jurisdiction rule. */
#define MATCH_COLUMNS                                                                       \
	"SELECT c.id, c.owner_institution_id, c.created_at, CASE WHEN c.owner_institution_id = " \
	"$5 OR EXISTS (SELECT 1 FROM referrals f WHERE f.case_id = c.id AND "                   \
	"f.to_institution_id = $5 AND f.status IN ('accepted', 'in_progress', 'completed')) "   \
	"THEN 1 ELSE 0 END, mu.country, m.cross_border_sharing, omu.country, "                  \
	"om.cross_border_sharing FROM cases c JOIN mechanisms m ON m.id = c.mechanism_id "      \
	"JOIN municipalities mu ON mu.id = m.municipality_id JOIN mechanisms om ON om.id = $6 "  \
	"JOIN municipalities omu ON omu.id = om.municipality_id "

enum ura_status
store_cases_matching(struct db *db, struct arena *a, const struct case_match_query *q,
		     struct case_match **out, int *n)
{
	/* Each blind index looked up on its own, not `survivor_index = $1 OR
	 * personal_number_index = $7`: most cases have no personal number, so the statistics
	 * give that index a few huge groups (its NULLs), SQLite judges the OR of the two
	 * indexes dearer than walking every case of every mechanism, and each create read the
	 * whole table (0.4-1 s at 200,000 cases, issue 15). Keyed, it reads only the matches. */
	static struct db_query q_survivor = DB_QUERY(MATCH_COLUMNS "WHERE c.id IN (SELECT "
		"s.id FROM cases s WHERE s.survivor_index = $1 UNION ALL SELECT s.id FROM cases s "
		"WHERE s.personal_number_index = $7) AND c.id <> $2 AND c.created_at >= $3 "
		"ORDER BY c.id DESC LIMIT $4");
	static struct db_query q_perpetrator = DB_QUERY(MATCH_COLUMNS
		"WHERE c.perpetrator_index = $1 AND c.id <> $2 AND c.created_at >= $3 "
		"ORDER BY c.id DESC LIMIT $4");
	struct db_stmt *st = db_prepare(db, q->perpetrator ? &q_perpetrator : &q_survivor);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(q->max > 0 ? q->max : 1));
	db_bind_blob(db, st, 1, q->index, q->len);
	db_bind_int(db, st, 2, q->except_id);
	db_bind_int(db, st, 3, q->since);
	db_bind_int(db, st, 4, q->max);
	db_bind_int(db, st, 5, q->viewer_institution_id);
	db_bind_int(db, st, 6, q->mechanism_id);
	if (!q->perpetrator)
		bind_blob_or_null(db, st, 7, &(struct blob){ q->number_index,
							       q->number_index ? q->len : 0 });
	while ((rc = db_step(db, st)) == DB_ROW && *n < q->max) {
		struct case_match *m = &(*out)[(*n)++];
		m->id = db_col_int(db, st, 0);
		m->owner_institution_id = db_col_int(db, st, 1);
		m->created_at = db_col_int(db, st, 2);
		m->visible = db_col_int(db, st, 3) != 0;
		m->country = row_text(db, st, 4, a);
		m->cross_border = db_col_int(db, st, 5) != 0;
		m->own_country = row_text(db, st, 6, a);
		m->own_cross_border = db_col_int(db, st, 7) != 0;
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_mechanism_facts(struct db *db, struct arena *a, int64_t mechanism_id,
		      int64_t institution_id, struct mechanism_facts *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT m.kind, mu.code, m.municipality_id, coalesce(m.coordinator_user_id, 0), "
		"(SELECT count(*) FROM mechanism_members mm WHERE mm.mechanism_id = m.id "
		"AND mm.institution_id = $2), m.name, m.review_days_extreme, m.review_days_high, "
		"m.review_days_medium, m.review_days_standard FROM mechanisms m "
		"JOIN municipalities mu ON mu.id = m.municipality_id WHERE m.id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_int(db, st, 2, institution_id);
	rc = db_step(db, st);
	if (rc == DB_ROW) {
		out->kind = row_text(db, st, 0, a);
		out->municipality_code = row_text(db, st, 1, a);
		out->municipality_id = db_col_int(db, st, 2);
		out->coordinator_user_id = db_col_int(db, st, 3);
		out->institution_is_member = db_col_int(db, st, 4) > 0;
		out->name = row_text(db, st, 5, a);
		for (int i = 0; i < 4; i++)
			out->review_days[i] = (int)db_col_int(db, st, 6 + i);
	}
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_incident_insert(struct db *db, const struct incident_row *i, int64_t by, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO incidents (case_id, occurred_on, forms, place, bias, created_by, "
		"created_at, repeat) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, i->case_id);
	db_bind_text(db, st, 2, i->occurred_on);
	db_bind_text(db, st, 3, i->forms ? i->forms : "[]");
	db_bind_text(db, st, 4, i->place);
	db_bind_text(db, st, 5, i->bias ? i->bias : "[]");
	db_bind_int(db, st, 6, by);
	db_bind_int(db, st, 7, i->created_at);
	db_bind_int(db, st, 8, i->repeat);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		*id = db_col_int(db, st, 0);
	db_done(db, st);
	return rc == DB_ROW ? URA_OK : db_error(db);
}

enum ura_status
store_incident_set_narrative(struct db *db, int64_t id, const struct blob *b)
{
	static struct db_query q = DB_QUERY("UPDATE incidents SET narrative = $1 WHERE id = $2");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	bind_blob_or_null(db, st, 1, b);
	db_bind_int(db, st, 2, id);
	return db_run(db, st);
}

enum ura_status
store_consent_insert(struct db *db, const struct consent_row *c, int64_t by, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO consents (case_id, given, method, institution_types, institution_ids, "
		"categories, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, c->case_id);
	db_bind_int(db, st, 2, c->given);
	db_bind_text(db, st, 3, c->method);
	db_bind_text(db, st, 4, c->institution_types ? c->institution_types : "[]");
	db_bind_text(db, st, 5, c->institution_ids ? c->institution_ids : "[]");
	db_bind_text(db, st, 6, c->categories ? c->categories : "[]");
	db_bind_int(db, st, 7, by);
	db_bind_int(db, st, 8, c->recorded_at);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		*id = db_col_int(db, st, 0);
	db_done(db, st);
	return rc == DB_ROW ? URA_OK : db_error(db);
}

enum ura_status
store_consent_case(struct db *db, int64_t id, int64_t *case_id)
{
	static struct db_query q = DB_QUERY("SELECT case_id FROM consents WHERE id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		*case_id = db_col_int(db, st, 0);
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_consent_withdraw(struct db *db, int64_t id, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE consents SET withdrawn_at = $1 WHERE id = $2 AND withdrawn_at IS NULL "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, now);
	db_bind_int(db, st, 2, id);
	rc = db_step(db, st);
	db_done(db, st);
	return rc == DB_ROW ? URA_OK : rc == DB_DONE ? URA_ECONFLICT : db_error(db);
}

#define DETAILS_MAX 200

enum ura_status
store_case_incidents(struct db *db, struct arena *a, int64_t case_id, struct incident_row **out,
		     int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, occurred_on, forms, place, bias, narrative, created_at, repeat "
		"FROM incidents "
		"WHERE case_id = $1 ORDER BY id LIMIT $2");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * DETAILS_MAX);
	db_bind_int(db, st, 1, case_id);
	db_bind_int(db, st, 2, DETAILS_MAX);
	while ((rc = db_step(db, st)) == DB_ROW && *n < DETAILS_MAX) {
		struct incident_row *i = &(*out)[(*n)++];
		i->id = db_col_int(db, st, 0);
		i->case_id = case_id;
		i->occurred_on = row_text(db, st, 1, a);
		i->forms = row_text(db, st, 2, a);
		i->place = row_text(db, st, 3, a);
		i->bias = row_text(db, st, 4, a);
		row_blob(db, st, 5, a, &i->narrative);
		i->created_at = db_col_int(db, st, 6);
		i->repeat = db_col_int(db, st, 7) != 0;
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_case_consents(struct db *db, struct arena *a, int64_t case_id, struct consent_row **out,
		    int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, given, method, institution_types, institution_ids, categories, "
		"recorded_at, withdrawn_at FROM consents WHERE case_id = $1 ORDER BY id LIMIT $2");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * DETAILS_MAX);
	db_bind_int(db, st, 1, case_id);
	db_bind_int(db, st, 2, DETAILS_MAX);
	while ((rc = db_step(db, st)) == DB_ROW && *n < DETAILS_MAX) {
		struct consent_row *c = &(*out)[(*n)++];
		c->id = db_col_int(db, st, 0);
		c->case_id = case_id;
		c->given = db_col_int(db, st, 1) != 0;
		c->method = row_text(db, st, 2, a);
		c->institution_types = row_text(db, st, 3, a);
		c->institution_ids = row_text(db, st, 4, a);
		c->categories = row_text(db, st, 5, a);
		c->recorded_at = db_col_int(db, st, 6);
		c->withdrawn_at = row_int_or_zero(db, st, 7);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_case_details(struct db *db, struct arena *a, int64_t case_id,
		   struct incident_row **incidents, int *nincidents,
		   struct consent_row **consents, int *nconsents)
{
	enum ura_status st = store_case_incidents(db, a, case_id, incidents, nincidents);
	return st == URA_OK ? store_case_consents(db, a, case_id, consents, nconsents) : st;
}

enum ura_status
store_case_list(struct db *db, struct arena *a, const struct case_filter *f,
		struct case_row **out, int *n)
{
	char today[16], until[16];
	/* NULL (or 0) disables a filter; the casts type the NULLs for PostgreSQL. */
	static struct db_query q = DB_QUERY(
		"SELECT " CASE_COLUMNS CASE_OVERDUE("$9", "$10")
		" FROM cases c JOIN mechanisms m ON m.id = c.mechanism_id "
		"WHERE (c.owner_institution_id = $1 OR m.coordinator_user_id = $2 OR EXISTS ("
		"SELECT 1 FROM referrals f WHERE f.case_id = c.id AND f.to_institution_id = $1 "
		"AND f.status IN ('accepted', 'in_progress', 'completed'))) AND c.id > $3 "
		"AND ($4 = 0 OR ($4 & " CASE_STATUS_BIT ") <> 0) "
		"AND (CAST($5 AS TEXT) IS NULL OR c.risk_level = CAST($5 AS TEXT)) "
		"AND (CAST($6 AS TEXT) IS NULL OR c.kind = CAST($6 AS TEXT)) "
		"AND (CAST($7 AS TEXT) IS NULL OR substr(c.reference, 1, length(CAST($7 AS TEXT))) "
		"= CAST($7 AS TEXT)) AND ($11 = 0 OR c.assigned_user_id = $11 OR ($11 < 0 AND "
		"c.assigned_user_id IS NULL)) AND ($12 = 0 OR ($12 IN (1, 2) AND CASE WHEN "
		CASE_LATE("$9", "$10") " THEN 1 ELSE 2 END = $12) OR ($12 = 3 AND "
		CASE_LATE_REFERRALS("$9") ") OR ($12 = 4 AND " CASE_LATE_ACTIONS("$10") ") OR "
		"($12 = 5 AND " CASE_LATE_ORDERS("$9") ") OR ($12 = 6 AND " CASE_LATE_REVIEW("$10")
		")) AND ($13 = 0 OR c.mechanism_id = $13) AND ($14 = 0 OR "
		CASE_ORDER_EXPIRING("$10", "$15") ") ORDER BY c.id LIMIT $8");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(f->limit > 0 ? f->limit : 1));
	db_bind_int(db, st, 1, f->institution_id);
	db_bind_int(db, st, 2, f->coordinator_user_id);
	db_bind_int(db, st, 3, f->after);
	db_bind_int(db, st, 4, f->statuses);
	db_bind_text(db, st, 5, f->risk_level);
	db_bind_text(db, st, 6, f->kind);
	db_bind_text(db, st, 7, f->reference_prefix);
	db_bind_int(db, st, 8, f->limit);
	bind_now(db, st, 9, today, sizeof(today));
	db_bind_int(db, st, 11, f->assigned);
	db_bind_int(db, st, 12, f->overdue);
	db_bind_int(db, st, 13, f->mechanism_id);
	db_bind_int(db, st, 14, f->expiring_order);
	clocks_day_format(clocks_day(clock_now()) + order_deadlines_default.expiry_warning_days,
			   until, sizeof(until));
	db_bind_text(db, st, 15, until);
	while ((rc = db_step(db, st)) == DB_ROW && *n < f->limit)
		read_case_plain(db, st, a, &(*out)[(*n)++]);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

/* Whether the caller (institution $2, coordinator $3) may see the case: as in
 * store_case_list. */
#define CASE_VISIBLE                                                                        \
	"(c.owner_institution_id = $2 OR m.coordinator_user_id = $3 OR EXISTS (SELECT 1 "    \
	"FROM referrals f WHERE f.case_id = c.id AND f.to_institution_id = $2 AND f.status " \
	"IN ('accepted', 'in_progress', 'completed')))"
/* A search: the matching cases the caller sees, and those it does not see within its own
 * country (that of its institution, or of the mechanisms it coordinates). */
#define CASE_SEARCH(MATCH)                                                                  \
	"WITH viewer_countries AS (SELECT mu.country FROM institutions i JOIN municipalities " \
	"mu ON mu.id = i.municipality_id WHERE i.id = $2 UNION SELECT mu.country FROM "       \
	"mechanisms x JOIN municipalities mu ON mu.id = x.municipality_id WHERE "             \
	"x.coordinator_user_id = $3) SELECT " CASE_COLUMNS CASE_OVERDUE("$5", "$6")           \
	", CASE WHEN " CASE_VISIBLE " THEN 1 ELSE 0 END FROM cases c JOIN mechanisms m ON "   \
	"m.id = c.mechanism_id JOIN municipalities mu ON mu.id = m.municipality_id WHERE "    \
	MATCH " AND (" CASE_VISIBLE " OR mu.country IN (SELECT country FROM "                 \
	"viewer_countries)) ORDER BY c.id DESC LIMIT $4"

enum ura_status
store_case_search(struct db *db, struct arena *a, const struct case_search_query *q,
		  struct case_search_row **out, int *n)
{
	static struct db_query queries[] = {
		[CASE_SEARCH_NAMES] = DB_QUERY(CASE_SEARCH(
			"(c.survivor_name_index = $1 OR c.survivor_index = $1)")),
		[CASE_SEARCH_NAMES_AND_BIRTH] = DB_QUERY(CASE_SEARCH("c.survivor_index = $1")),
		[CASE_SEARCH_NUMBER] = DB_QUERY(CASE_SEARCH("c.personal_number_index = $1")),
	};
	struct db_stmt *st = db_prepare(db, &queries[q->by]);
	enum db_step rc;
	char today[16];

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(q->max > 0 ? q->max : 1));
	db_bind_blob(db, st, 1, q->index, q->len);
	db_bind_int(db, st, 2, q->institution_id);
	db_bind_int(db, st, 3, q->coordinator_user_id);
	db_bind_int(db, st, 4, q->max);
	bind_now(db, st, 5, today, sizeof(today));
	while ((rc = db_step(db, st)) == DB_ROW && *n < q->max) {
		struct case_search_row *row = &(*out)[(*n)++];
		read_case_plain(db, st, a, &row->row);
		row->visible = db_col_int(db, st, 25) != 0;
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_case_by_reference(struct db *db, const char *reference, int64_t *id)
{
	static struct db_query q = DB_QUERY("SELECT id FROM cases WHERE reference = $1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, reference);
	return row_returning_int(db, st, id);
}

static void
read_identity(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct case_identity_row *c = row;

	c->id = db_col_int(db, st, 0);
	row_blob(db, st, 1, a, &c->identity);
	read_case_key_cols(db, st, 2, a, &c->key);
}

enum ura_status
store_cases_unindexed(struct db *db, struct arena *a, int64_t after, int limit,
		      struct case_identity_row **out, int *n)
{
	/* The paging helper's shape; $1 is always 0. */
	static struct db_query q = DB_QUERY(
		"SELECT c.id, c.identity, " CASE_KEY_COLUMNS " FROM cases c WHERE $1 = 0 AND "
		"c.id > $2 AND c.survivor_name_index IS NULL AND c.identity IS NOT NULL "
		"ORDER BY c.id LIMIT $3");

	return rows_by_id(db, a, &q, 0, after, limit, sizeof(**out), read_identity, (void **)out,
			  n);
}

enum ura_status
store_case_set_name_index(struct db *db, int64_t id, const struct blob *index)
{
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET survivor_name_index = $1 WHERE id = $2 AND "
		"survivor_name_index IS NULL");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	bind_blob_or_null(db, st, 1, index);
	db_bind_int(db, st, 2, id);
	return db_run(db, st);
}
