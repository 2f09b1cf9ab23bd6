/* Rows for the work on a case after it is registered: updates under a version check, notes,
 * break-glass grants, transfers, and the encrypted free texts they carry. */
#include "store/store.h"

#include <string.h>

#include "store/db.h"
#include "store/rows.h"

enum ura_status
store_case_update(struct db *db, const struct case_row *c, int64_t expected, int64_t now,
		  int64_t *new_version)
{
	/* The version in the WHERE clause makes a concurrent change (another process on the
	 * same PostgreSQL database) lose cleanly instead of overwriting. */
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET status = $1, imminent_danger = $2, repeat = $3, survivor_sex = $4, "
		"survivor_birth_year = $5, address_confidential = $6, outcome = $7, closed_at = $8, "
		"identity = $9, contact = $10, children = $11, perpetrator = $12, "
		"survivor_index = $13, perpetrator_index = $14, version = version + 1, "
		"updated_at = $15, assigned_user_id = $18, survivor_name_index = $19, "
		"personal_number_index = $20 WHERE id = $16 AND version = $17 RETURNING version");
	struct db_stmt *st = db_prepare(db, &q);
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, c->status);
	db_bind_int(db, st, 2, c->imminent_danger);
	db_bind_int(db, st, 3, c->repeat);
	db_bind_text(db, st, 4, c->survivor_sex);
	bind_int_or_null(db, st, 5, c->survivor_birth_year);
	db_bind_int(db, st, 6, c->address_confidential);
	db_bind_text(db, st, 7, c->outcome);
	bind_int_or_null(db, st, 8, c->closed_at);
	bind_blob_or_null(db, st, 9, &c->identity);
	bind_blob_or_null(db, st, 10, &c->contact);
	bind_blob_or_null(db, st, 11, &c->children);
	bind_blob_or_null(db, st, 12, &c->perpetrator);
	bind_blob_or_null(db, st, 13, &c->survivor_index);
	bind_blob_or_null(db, st, 14, &c->perpetrator_index);
	db_bind_int(db, st, 15, now);
	db_bind_int(db, st, 16, c->id);
	db_bind_int(db, st, 17, expected);
	bind_int_or_null(db, st, 18, c->assigned_user_id);
	bind_blob_or_null(db, st, 19, &c->survivor_name_index);
	bind_blob_or_null(db, st, 20, &c->personal_number_index);
	status = row_returning_int(db, st, new_version);
	return status == URA_ENOTFOUND ? URA_ESTALE : status;
}

enum ura_status
store_case_lock(struct db *db, int64_t id)
{
	/* An UPDATE that changes nothing takes the row lock on either engine (SQLite's one
	 * writer needs none; SELECT ... FOR UPDATE is not SQLite). */
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET version = version WHERE id = $1 RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t found;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	return row_returning_int(db, st, &found);
}

enum ura_status
store_case_touch(struct db *db, int64_t id, bool repeat, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET version = version + 1, updated_at = $1, "
		"repeat = CASE WHEN $2 = 1 THEN 1 ELSE repeat END WHERE id = $3");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, now);
	db_bind_int(db, st, 2, repeat);
	db_bind_int(db, st, 3, id);
	return db_run(db, st);
}

enum ura_status
store_case_move(struct db *db, int64_t id, int64_t owner_institution_id, int64_t mechanism_id,
		int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE cases SET owner_institution_id = $1, mechanism_id = $2, "
		"assigned_user_id = NULL, version = version + 1, updated_at = $3 WHERE id = $4");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, owner_institution_id);
	db_bind_int(db, st, 2, mechanism_id);
	db_bind_int(db, st, 3, now);
	db_bind_int(db, st, 4, id);
	return db_run(db, st);
}

enum ura_status
store_case_has_incident_since(struct db *db, int64_t case_id, const char *since, bool *out)
{
	/* ISO dates compare as text. */
	static struct db_query q = DB_QUERY(
		"SELECT count(*) FROM incidents WHERE case_id = $1 AND occurred_on >= $2");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t count = 0;
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, case_id);
	db_bind_text(db, st, 2, since);
	status = row_returning_int(db, st, &count);
	*out = count > 0;
	return status;
}

enum ura_status
store_institution_is_member(struct db *db, int64_t mechanism_id, int64_t institution_id,
			    bool *out)
{
	static struct db_query q = DB_QUERY(
		"SELECT count(*) FROM mechanism_members WHERE mechanism_id = $1 "
		"AND institution_id = $2");
	struct db_stmt *st = db_prepare(db, &q);
	int64_t count = 0;
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_int(db, st, 2, institution_id);
	status = row_returning_int(db, st, &count);
	*out = count > 0;
	return status;
}

enum ura_status
store_viewer_facts(struct db *db, struct arena *a, int64_t institution_id, int64_t mechanism_id,
		   const char **type, bool *member)
{
	static struct db_query q = DB_QUERY(
		"SELECT i.type, (SELECT count(*) FROM mechanism_members mm WHERE "
		"mm.mechanism_id = $2 AND mm.institution_id = i.id) FROM institutions i "
		"WHERE i.id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, institution_id);
	db_bind_int(db, st, 2, mechanism_id);
	if ((rc = db_step(db, st)) == DB_ROW) {
		*type = row_text(db, st, 0, a);
		*member = db_col_int(db, st, 1) > 0;
	}
	db_done(db, st);
	return db_row_status(db, rc);
}

/* ---- encrypted free texts ---- */

static const struct {
	const char *table, *column;
} sealed_fields[SEALED_FIELD_COUNT] = {
	[SEALED_NOTE_BODY] = { "case_notes", "body" },
	[SEALED_GRANT_JUSTIFICATION] = { "emergency_grants", "justification" },
	[SEALED_TRANSFER_REASON] = { "case_transfers", "reason" },
	[SEALED_TRANSFER_ANSWER] = { "case_transfers", "answer" },
	[SEALED_ASSESSMENT_ANSWERS] = { "assessments", "answers" },
	[SEALED_ASSESSMENT_REASON] = { "assessments", "override_reason" },
	[SEALED_ACTION_TITLE] = { "case_actions", "title" },
	[SEALED_MEETING_MINUTES] = { "meetings", "minutes" },
	[SEALED_AGENDA_TOPIC] = { "meeting_agenda", "topic" },
	[SEALED_DECISION_TEXT] = { "meeting_decisions", "text" },
	[SEALED_REQUEST_REASON] = { "meeting_requests", "reason" },
	[SEALED_PUBLIC_REPORT_DETAILS] = { "public_reports", "details" },
	[SEALED_PUBLIC_REPORT_MESSAGE] = { "public_reports", "message" },
	[SEALED_PUBLIC_REPORT_CLOSE_REASON] = { "public_reports", "close_reason" },
};

void
sealed_field_name(enum sealed_field f, const char **table, const char **column)
{
	*table = sealed_fields[f].table;
	*column = sealed_fields[f].column;
}

enum ura_status
store_sealed_set(struct db *db, enum sealed_field f, int64_t id, const struct blob *b)
{
	/* One fixed statement per field: SQL text is never built from data. */
	static struct db_query q[SEALED_FIELD_COUNT] = {
		[SEALED_NOTE_BODY] = DB_QUERY("UPDATE case_notes SET body = $1 WHERE id = $2"),
		[SEALED_GRANT_JUSTIFICATION] = DB_QUERY(
			"UPDATE emergency_grants SET justification = $1 WHERE id = $2"),
		[SEALED_TRANSFER_REASON] = DB_QUERY(
			"UPDATE case_transfers SET reason = $1 WHERE id = $2"),
		[SEALED_TRANSFER_ANSWER] = DB_QUERY(
			"UPDATE case_transfers SET answer = $1 WHERE id = $2"),
		[SEALED_ASSESSMENT_ANSWERS] = DB_QUERY(
			"UPDATE assessments SET answers = $1 WHERE id = $2"),
		[SEALED_ASSESSMENT_REASON] = DB_QUERY(
			"UPDATE assessments SET override_reason = $1 WHERE id = $2"),
		[SEALED_ACTION_TITLE] = DB_QUERY("UPDATE case_actions SET title = $1 WHERE id = $2"),
		[SEALED_MEETING_MINUTES] = DB_QUERY(
			"UPDATE meetings SET minutes = $1 WHERE id = $2"),
		[SEALED_AGENDA_TOPIC] = DB_QUERY("UPDATE meeting_agenda SET topic = $1 WHERE id = $2"),
		[SEALED_DECISION_TEXT] = DB_QUERY(
			"UPDATE meeting_decisions SET text = $1 WHERE id = $2"),
		[SEALED_REQUEST_REASON] = DB_QUERY(
			"UPDATE meeting_requests SET reason = $1 WHERE id = $2"),
		[SEALED_PUBLIC_REPORT_DETAILS] = DB_QUERY(
			"UPDATE public_reports SET details = $1 WHERE id = $2"),
		[SEALED_PUBLIC_REPORT_MESSAGE] = DB_QUERY(
			"UPDATE public_reports SET message = $1 WHERE id = $2"),
		[SEALED_PUBLIC_REPORT_CLOSE_REASON] = DB_QUERY(
			"UPDATE public_reports SET close_reason = $1 WHERE id = $2"),
	};
	struct db_stmt *st = db_prepare(db, &q[f]);

	if (st == NULL)
		return URA_EINTERNAL;
	bind_blob_or_null(db, st, 1, b);
	db_bind_int(db, st, 2, id);
	return db_run(db, st);
}

/* ---- notes ---- */

enum ura_status
store_note_insert(struct db *db, const struct note_row *n, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO case_notes (case_id, institution_id, author_user_id, visibility, "
		"created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, n->case_id);
	db_bind_int(db, st, 2, n->institution_id);
	db_bind_int(db, st, 3, n->author_user_id);
	db_bind_text(db, st, 4, n->visibility);
	db_bind_int(db, st, 5, n->created_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_case_notes(struct db *db, struct arena *a, int64_t case_id, int64_t institution_id,
		 bool reads_involved, int64_t after, int limit, struct note_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, case_id, institution_id, author_user_id, visibility, body, created_at "
		"FROM case_notes WHERE case_id = $1 AND id > $2 AND (institution_id = $3 OR "
		"($4 = 1 AND visibility = 'involved')) ORDER BY id LIMIT $5");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(limit > 0 ? limit : 1));
	db_bind_int(db, st, 1, case_id);
	db_bind_int(db, st, 2, after);
	db_bind_int(db, st, 3, institution_id);
	db_bind_int(db, st, 4, reads_involved);
	db_bind_int(db, st, 5, limit);
	while ((rc = db_step(db, st)) == DB_ROW && *n < limit) {
		struct note_row *x = &(*out)[(*n)++];
		x->id = db_col_int(db, st, 0);
		x->case_id = db_col_int(db, st, 1);
		x->institution_id = db_col_int(db, st, 2);
		x->author_user_id = db_col_int(db, st, 3);
		x->visibility = row_text(db, st, 4, a);
		row_blob(db, st, 5, a, &x->body);
		x->created_at = db_col_int(db, st, 6);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

/* ---- break-glass grants ---- */

enum ura_status
store_grant_insert(struct db *db, const struct grant_row *g, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO emergency_grants (case_id, institution_id, user_id, created_at, "
		"expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, g->case_id);
	db_bind_int(db, st, 2, g->institution_id);
	db_bind_int(db, st, 3, g->user_id);
	db_bind_int(db, st, 4, g->created_at);
	db_bind_int(db, st, 5, g->expires_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_user_grants_since(struct db *db, int64_t user_id, int64_t since, int *count,
			int64_t *oldest)
{
	static struct db_query q = DB_QUERY(
		"SELECT count(*), coalesce(min(created_at), 0) FROM emergency_grants "
		"WHERE user_id = $1 AND created_at > $2");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	return row_count_since(db, st, since, count, oldest);
}

static void
read_grant(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct grant_row *g = row;

	g->id = db_col_int(db, st, 0);
	g->case_id = db_col_int(db, st, 1);
	g->institution_id = db_col_int(db, st, 2);
	g->user_id = db_col_int(db, st, 3);
	row_blob(db, st, 4, a, &g->justification);
	g->created_at = db_col_int(db, st, 5);
	g->expires_at = db_col_int(db, st, 6);
}

enum ura_status
store_case_grants(struct db *db, struct arena *a, int64_t case_id, struct grant_row **out,
		  int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT id, case_id, institution_id, user_id, justification, created_at, expires_at "
		"FROM emergency_grants WHERE case_id = $1 AND id > $2 ORDER BY id DESC LIMIT $3");
	return rows_by_id(db, a, &q, case_id, 0, 50, sizeof(**out), read_grant, (void **)out, n);
}

/* ---- transfers ---- */

#define TRANSFER_COLUMNS                                                                    \
	"t.id, t.case_id, c.reference, t.from_institution_id, t.to_institution_id, "          \
	"t.from_mechanism_id, t.to_mechanism_id, t.status, t.reason, t.answer, t.created_by, " \
	"t.created_at, t.decided_at, " CASE_KEY_COLUMNS " FROM case_transfers t "            \
	"JOIN cases c ON c.id = t.case_id "

static void
read_transfer(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct transfer_row *t = row;

	t->id = db_col_int(db, st, 0);
	t->case_id = db_col_int(db, st, 1);
	t->case_reference = row_text(db, st, 2, a);
	t->from_institution_id = db_col_int(db, st, 3);
	t->to_institution_id = db_col_int(db, st, 4);
	t->from_mechanism_id = db_col_int(db, st, 5);
	t->to_mechanism_id = db_col_int(db, st, 6);
	t->status = row_text(db, st, 7, a);
	row_blob(db, st, 8, a, &t->reason);
	row_blob(db, st, 9, a, &t->answer);
	t->created_by = row_int_or_zero(db, st, 10);
	t->created_at = db_col_int(db, st, 11);
	t->decided_at = row_int_or_zero(db, st, 12);
	read_case_key_cols(db, st, 13, a, &t->case_key);
}

enum ura_status
store_transfer_insert(struct db *db, const struct transfer_row *t, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO case_transfers (case_id, from_institution_id, to_institution_id, "
		"from_mechanism_id, to_mechanism_id, created_by, created_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, t->case_id);
	db_bind_int(db, st, 2, t->from_institution_id);
	db_bind_int(db, st, 3, t->to_institution_id);
	db_bind_int(db, st, 4, t->from_mechanism_id);
	db_bind_int(db, st, 5, t->to_mechanism_id);
	db_bind_int(db, st, 6, t->created_by);
	db_bind_int(db, st, 7, t->created_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_transfer_get(struct db *db, struct arena *a, int64_t id, struct transfer_row *out)
{
	static struct db_query q = DB_QUERY("SELECT " TRANSFER_COLUMNS "WHERE t.id = $1");
	return row_by_id(db, a, &q, id, read_transfer, out);
}

enum ura_status
store_transfer_decide(struct db *db, int64_t id, const char *to, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE case_transfers SET status = $1, decided_at = $2 "
		"WHERE id = $3 AND status = $4 RETURNING id");
	return row_status_move(db, &q, id, "pending", to, now);
}

enum ura_status
store_transfer_list(struct db *db, struct arena *a, const struct transfer_filter *f,
		    struct transfer_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT " TRANSFER_COLUMNS "WHERE (CASE WHEN $1 = 1 THEN t.from_institution_id "
		"ELSE t.to_institution_id END) = $2 AND ($3 = 0 OR t.id < $3) "
		"AND (CAST($4 AS TEXT) IS NULL OR t.status = CAST($4 AS TEXT)) "
		"ORDER BY t.id DESC LIMIT $5");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(f->limit > 0 ? f->limit : 1));
	db_bind_int(db, st, 1, f->outgoing);
	db_bind_int(db, st, 2, f->institution_id);
	db_bind_int(db, st, 3, f->after);
	db_bind_text(db, st, 4, f->status);
	db_bind_int(db, st, 5, f->limit);
	while ((rc = db_step(db, st)) == DB_ROW && *n < f->limit)
		read_transfer(db, st, a, &(*out)[(*n)++]);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}
