/* Rows of a mechanism's meetings: the meeting, its attendance, agenda and decisions,
 * requests for ad hoc meetings, and the compliance figures aggregated in SQL. */
#include "store/meetings.h"

#include <string.h>

#include "store/db.h"
#include "store/rows.h"

#define MEETING_COLUMNS                                                                     \
	"SELECT id, mechanism_id, kind, status, scheduled_at, duration_minutes, place, "      \
	"minutes, sequence, created_by, created_at, updated_at FROM meetings "

static void
read_meeting(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct meeting_row *m = row;

	m->id = db_col_int(db, st, 0);
	m->mechanism_id = db_col_int(db, st, 1);
	m->kind = row_text(db, st, 2, a);
	m->status = row_text(db, st, 3, a);
	m->scheduled_at = db_col_int(db, st, 4);
	m->duration_minutes = db_col_int(db, st, 5);
	m->place = row_text(db, st, 6, a);
	row_blob(db, st, 7, a, &m->minutes);
	m->sequence = db_col_int(db, st, 8);
	m->created_by = row_int_or_zero(db, st, 9);
	m->created_at = db_col_int(db, st, 10);
	m->updated_at = db_col_int(db, st, 11);
}

enum ura_status
store_meeting_insert(struct db *db, const struct meeting_row *m, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO meetings (mechanism_id, kind, scheduled_at, duration_minutes, place, "
		"created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
		"RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, m->mechanism_id);
	db_bind_text(db, st, 2, m->kind);
	db_bind_int(db, st, 3, m->scheduled_at);
	db_bind_int(db, st, 4, m->duration_minutes);
	db_bind_text(db, st, 5, m->place);
	db_bind_int(db, st, 6, m->created_by);
	db_bind_int(db, st, 7, m->created_at);
	return row_returning_int(db, st, id);
}

enum ura_status
store_meeting_get(struct db *db, struct arena *a, int64_t id, struct meeting_row *out)
{
	static struct db_query q = DB_QUERY(MEETING_COLUMNS "WHERE id = $1");
	return row_by_id(db, a, &q, id, read_meeting, out);
}

enum ura_status
store_meeting_update(struct db *db, const struct meeting_row *m, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE meetings SET kind = $1, status = $2, scheduled_at = $3, duration_minutes = $4, "
		"place = $5, sequence = sequence + 1, updated_at = $6 WHERE id = $7");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, m->kind);
	db_bind_text(db, st, 2, m->status);
	db_bind_int(db, st, 3, m->scheduled_at);
	db_bind_int(db, st, 4, m->duration_minutes);
	db_bind_text(db, st, 5, m->place);
	db_bind_int(db, st, 6, now);
	db_bind_int(db, st, 7, m->id);
	return db_run(db, st);
}

enum ura_status
store_mechanism_meetings(struct db *db, struct arena *a, const struct meeting_filter *f,
			 struct meeting_row **out, int *n)
{
	/* By time, then id; the cursor is the id of the last meeting shown. */
	static struct db_query q = DB_QUERY(MEETING_COLUMNS "WHERE mechanism_id = $1 AND "
		"scheduled_at >= $2 AND scheduled_at < $3 AND ($4 = 0 OR (scheduled_at, id) > "
		"(SELECT scheduled_at, id FROM meetings WHERE id = $4)) "
		"ORDER BY scheduled_at, id LIMIT $5");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(f->limit > 0 ? f->limit : 1));
	db_bind_int(db, st, 1, f->mechanism_id);
	db_bind_int(db, st, 2, f->from);
	db_bind_int(db, st, 3, f->to);
	db_bind_int(db, st, 4, f->after);
	db_bind_int(db, st, 5, f->limit);
	while ((rc = db_step(db, st)) == DB_ROW && *n < f->limit)
		read_meeting(db, st, a, &(*out)[(*n)++]);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_meeting_next(struct db *db, int64_t mechanism_id, int64_t now, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"SELECT id FROM meetings WHERE mechanism_id = $1 AND status = 'scheduled' AND "
		"scheduled_at >= $2 ORDER BY scheduled_at, id LIMIT 1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_int(db, st, 2, now);
	return row_returning_int(db, st, id);
}

/* ---- attendance, agenda, decisions ---- */

enum ura_status
store_attendance_clear(struct db *db, int64_t meeting_id)
{
	static struct db_query q = DB_QUERY("DELETE FROM meeting_attendance WHERE meeting_id = $1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, meeting_id);
	return db_run(db, st);
}

enum ura_status
store_attendance_add(struct db *db, int64_t meeting_id, const struct attendance_row *x)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO meeting_attendance (meeting_id, institution_id, present, attendees) "
		"VALUES ($1, $2, $3, $4)");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, meeting_id);
	db_bind_int(db, st, 2, x->institution_id);
	db_bind_int(db, st, 3, x->present);
	db_bind_int(db, st, 4, x->attendees);
	return db_run(db, st);
}

enum ura_status
store_agenda_add(struct db *db, const struct agenda_row *x, int64_t now, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO meeting_agenda (meeting_id, case_id, automatic, created_at) "
		"VALUES ($1, $2, $3, $4) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, x->meeting_id);
	bind_int_or_null(db, st, 2, x->case_id);
	db_bind_int(db, st, 3, x->automatic);
	db_bind_int(db, st, 4, now);
	return row_returning_int(db, st, id);
}

enum ura_status
store_agenda_fill(struct db *db, int64_t mechanism_id, int64_t meeting_id, int64_t now)
{
	static struct db_query add = DB_QUERY(
		"INSERT INTO meeting_agenda (meeting_id, case_id, automatic, created_at) "
		"SELECT $1, c.id, 1, $2 FROM cases c WHERE c.mechanism_id = $3 AND "
		"c.needs_meeting = 1 AND c.status <> 'closed' ON CONFLICT DO NOTHING");
	static struct db_query clear = DB_QUERY(
		"UPDATE cases SET needs_meeting = 0 WHERE mechanism_id = $1 AND needs_meeting = 1 "
		"AND status <> 'closed'");
	struct db_stmt *st = db_prepare(db, &add);
	enum ura_status status;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, meeting_id);
	db_bind_int(db, st, 2, now);
	db_bind_int(db, st, 3, mechanism_id);
	if ((status = db_run(db, st)) != URA_OK)
		return status;
	if ((st = db_prepare(db, &clear)) == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	return db_run(db, st);
}

enum ura_status
store_decision_insert(struct db *db, const struct decision_row *x, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO meeting_decisions (meeting_id, case_id, action_id, "
		"responsible_institution_id, due_on, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, x->meeting_id);
	bind_int_or_null(db, st, 2, x->case_id);
	bind_int_or_null(db, st, 3, x->action_id);
	db_bind_int(db, st, 4, x->responsible_institution_id);
	db_bind_text(db, st, 5, x->due_on);
	db_bind_int(db, st, 6, x->created_at);
	return row_returning_int(db, st, id);
}

static void
read_attendance(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct attendance_row *x = row;

	(void)a;
	x->institution_id = db_col_int(db, st, 0);
	x->present = db_col_int(db, st, 1) != 0;
	x->attendees = db_col_int(db, st, 2);
}

static void
read_agenda(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct agenda_row *x = row;

	x->id = db_col_int(db, st, 0);
	x->meeting_id = db_col_int(db, st, 1);
	x->case_id = row_int_or_zero(db, st, 2);
	x->case_reference = row_text(db, st, 3, a);
	x->risk_level = row_text(db, st, 4, a);
	x->automatic = db_col_int(db, st, 5) != 0;
	row_blob(db, st, 6, a, &x->topic);
}

static void
read_decision(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct decision_row *x = row;

	x->id = db_col_int(db, st, 0);
	x->meeting_id = db_col_int(db, st, 1);
	x->case_id = row_int_or_zero(db, st, 2);
	x->action_id = row_int_or_zero(db, st, 3);
	x->responsible_institution_id = db_col_int(db, st, 4);
	x->due_on = row_text(db, st, 5, a);
	x->status = row_text(db, st, 6, a);
	row_blob(db, st, 7, a, &x->text);
	x->created_at = db_col_int(db, st, 8);
	x->updated_at = db_col_int(db, st, 9);
}

enum ura_status
store_meeting_details(struct db *db, struct arena *a, int64_t meeting_id,
		      struct meeting_details *out)
{
	static struct db_query attendance = DB_QUERY(
		"SELECT institution_id, present, attendees FROM meeting_attendance "
		"WHERE meeting_id = $1 AND institution_id > $2 ORDER BY institution_id LIMIT $3");
	static struct db_query agenda = DB_QUERY(
		"SELECT g.id, g.meeting_id, g.case_id, c.reference, c.risk_level, g.automatic, "
		"g.topic FROM meeting_agenda g LEFT JOIN cases c ON c.id = g.case_id "
		"WHERE g.meeting_id = $1 AND g.id > $2 ORDER BY g.id LIMIT $3");
	static struct db_query decisions = DB_QUERY(
		"SELECT d.id, d.meeting_id, d.case_id, d.action_id, d.responsible_institution_id, "
		"d.due_on, coalesce(a.status, d.status), d.text, d.created_at, d.updated_at "
		"FROM meeting_decisions d LEFT JOIN case_actions a ON a.id = d.action_id "
		"WHERE d.meeting_id = $1 AND d.id > $2 ORDER BY d.id LIMIT $3");
	enum ura_status st;

	memset(out, 0, sizeof(*out));
	if ((st = rows_by_id(db, a, &attendance, meeting_id, 0, 200, sizeof(struct attendance_row),
			     read_attendance, (void **)&out->attendance, &out->nattendance)) ||
	    (st = rows_by_id(db, a, &agenda, meeting_id, 0, 200, sizeof(struct agenda_row),
			     read_agenda, (void **)&out->agenda, &out->nagenda)))
		return st;
	return rows_by_id(db, a, &decisions, meeting_id, 0, 200, sizeof(struct decision_row),
			  read_decision, (void **)&out->decisions, &out->ndecisions);
}

/* ---- requests ---- */

enum ura_status
store_meeting_request_insert(struct db *db, int64_t mechanism_id, int64_t institution_id,
			     int64_t user_id, const char *case_ids, int64_t now, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO meeting_requests (mechanism_id, institution_id, user_id, case_ids, "
		"created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_int(db, st, 2, institution_id);
	db_bind_int(db, st, 3, user_id);
	db_bind_text(db, st, 4, case_ids);
	db_bind_int(db, st, 5, now);
	return row_returning_int(db, st, id);
}

enum ura_status
store_cases_in_mechanism(struct db *db, struct arena *a, int64_t mechanism_id,
			 const int64_t *ids, int n, bool *found)
{
	static struct db_query q = DB_QUERY_BY_ENGINE(
		"SELECT id FROM cases WHERE mechanism_id = $2 AND id IN " ROWS_IDS_SQLITE("$1"),
		"SELECT id FROM cases WHERE mechanism_id = $2 AND id IN " ROWS_IDS_POSTGRES("$1"));

	return rows_ids_found(db, a, &q, mechanism_id, ids, n, found);
}

enum ura_status
store_members_among(struct db *db, struct arena *a, int64_t mechanism_id, const int64_t *ids,
		    int n, bool *member)
{
	static struct db_query q = DB_QUERY_BY_ENGINE(
		"SELECT institution_id FROM mechanism_members WHERE mechanism_id = $2 "
		"AND institution_id IN " ROWS_IDS_SQLITE("$1"),
		"SELECT institution_id FROM mechanism_members WHERE mechanism_id = $2 "
		"AND institution_id IN " ROWS_IDS_POSTGRES("$1"));

	return rows_ids_found(db, a, &q, mechanism_id, ids, n, member);
}

/* ---- compliance ---- */

static enum ura_status
compliance_quarters(struct db *db, int64_t mechanism_id, const int64_t q[5],
		    struct compliance *out)
{
	static struct db_query sql = DB_QUERY(
		"SELECT CASE WHEN scheduled_at < $3 THEN 0 WHEN scheduled_at < $4 THEN 1 "
		"WHEN scheduled_at < $5 THEN 2 ELSE 3 END AS quarter, kind, count(*) "
		"FROM meetings WHERE mechanism_id = $1 AND status = 'held' AND scheduled_at >= $2 "
		"AND scheduled_at < $6 GROUP BY 1, 2");
	struct db_stmt *st = db_prepare(db, &sql);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	for (int i = 0; i < 5; i++)
		db_bind_int(db, st, i + 2, q[i]);
	while ((rc = db_step(db, st)) == DB_ROW) {
		int64_t quarter = db_col_int(db, st, 0), count = db_col_int(db, st, 2);
		const char *kind = db_col_text(db, st, 1);
		struct compliance_quarter *cq = &out->quarters[quarter & 3];
		if (strcmp(kind, "regular") == 0)
			cq->regular = count;
		else if (strcmp(kind, "ad_hoc") == 0)
			cq->ad_hoc = count;
		else
			cq->case_conference = count;
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

static enum ura_status
compliance_attendance(struct db *db, struct arena *a, int64_t mechanism_id, const int64_t q[5],
		      struct compliance *out)
{
	enum { MAX = 200 };
	/* Every member institution, against every meeting held in the year. */
	static struct db_query sql = DB_QUERY(
		"SELECT mm.institution_id, count(m.id), "
		"coalesce(sum(CASE WHEN t.present = 1 THEN 1 ELSE 0 END), 0) "
		"FROM mechanism_members mm LEFT JOIN meetings m ON m.mechanism_id = mm.mechanism_id "
		"AND m.status = 'held' AND m.scheduled_at >= $2 AND m.scheduled_at < $3 "
		"LEFT JOIN meeting_attendance t ON t.meeting_id = m.id AND "
		"t.institution_id = mm.institution_id WHERE mm.mechanism_id = $1 "
		"GROUP BY mm.institution_id ORDER BY mm.institution_id LIMIT 200");
	struct db_stmt *st = db_prepare(db, &sql);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	out->attendance = arena_alloc(a, sizeof(*out->attendance) * MAX);
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_int(db, st, 2, q[0]);
	db_bind_int(db, st, 3, q[4]);
	while ((rc = db_step(db, st)) == DB_ROW && out->nattendance < MAX) {
		struct compliance_attendance *x = &out->attendance[out->nattendance++];
		x->institution_id = db_col_int(db, st, 0);
		x->meetings = db_col_int(db, st, 1);
		x->present = db_col_int(db, st, 2);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

static enum ura_status
compliance_decisions(struct db *db, int64_t mechanism_id, const char *today,
		     struct compliance *out)
{
	static struct db_query sql = DB_QUERY(
		"SELECT count(*), coalesce(sum(CASE WHEN d.due_on < $2 THEN 1 ELSE 0 END), 0), "
		"(SELECT min_meetings_per_year FROM mechanisms WHERE id = $1) "
		"FROM meeting_decisions d JOIN meetings m ON m.id = d.meeting_id "
		"LEFT JOIN case_actions a ON a.id = d.action_id WHERE m.mechanism_id = $1 "
		"AND coalesce(a.status, d.status) IN ('open', 'in_progress')");
	struct db_stmt *st = db_prepare(db, &sql);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, mechanism_id);
	db_bind_text(db, st, 2, today);
	if ((rc = db_step(db, st)) == DB_ROW) {
		out->decisions_open = db_col_int(db, st, 0);
		out->decisions_overdue = db_col_int(db, st, 1);
		out->minimum_per_year = row_int_or_zero(db, st, 2);
	}
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_compliance(struct db *db, struct arena *a, int64_t mechanism_id,
		 const int64_t quarter_starts[5], const char *today, struct compliance *out)
{
	enum ura_status st;

	memset(out, 0, sizeof(*out));
	if ((st = compliance_quarters(db, mechanism_id, quarter_starts, out)) != URA_OK ||
	    (st = compliance_attendance(db, a, mechanism_id, quarter_starts, out)) != URA_OK)
		return st;
	return compliance_decisions(db, mechanism_id, today, out);
}
