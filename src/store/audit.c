/* The audit log's rows and its head. The hashing is audit/audit.c's; this file only stores. */
#include "store/store.h"

#include <pthread.h>
#include <string.h>

#include "store/db.h"
#include "store/rows.h"

#define AUDIT_COLUMNS "id, at, actor_user_id, institution_id, action, object_type, object_id, " \
		      "case_id, request_id, fields, prev_hash, hash, flagged, detail"
#define AUDIT_NCOLUMNS 14
/* Rows per INSERT: 64 x 14 = 896 parameters, well within both engines' limits (SQLite's
 * 32,766, PostgreSQL's 65,535). */
#define AUDIT_ROWS_PER_INSERT 64

static bool
copy_hash(struct db *db, struct db_stmt *st, int col, unsigned char out[32])
{
	size_t len = 0;
	const void *p = db_col_blob(db, st, col, &len);

	if (len != 32) {
		memset(out, 0, 32);
		return false;
	}
	memcpy(out, p, 32);
	return true;
}

enum ura_status
store_audit_advance(struct db *db, int64_t count, int64_t *first_id, unsigned char prev_hash[32])
{
	/* The UPDATE takes the row lock on PostgreSQL, ordering concurrent appenders. */
	static struct db_query q = DB_QUERY(
		"UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;
	bool ok = false;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, count);
	rc = db_step(db, st);
	if (rc == DB_ROW) {
		*first_id = db_col_int(db, st, 0) - count + 1;
		ok = copy_hash(db, st, 1, prev_hash);
	}
	db_done(db, st);
	if (rc == DB_FAIL)
		return db_error(db);
	return ok ? URA_OK : URA_EINTERNAL;
}

static void
bind_optional(struct db *db, struct db_stmt *st, int i, int64_t v)
{
	if (v != 0)
		db_bind_int(db, st, i, v);
	else
		db_bind_null(db, st, i);
}

/* Binds row r as parameters $(at + 1) to $(at + AUDIT_NCOLUMNS). */
static void
bind_audit_row(struct db *db, struct db_stmt *st, int at, const struct audit_row *r)
{
	db_bind_int(db, st, at + 1, r->id);
	db_bind_int(db, st, at + 2, r->at);
	bind_optional(db, st, at + 3, r->actor_user_id);
	bind_optional(db, st, at + 4, r->institution_id);
	db_bind_text(db, st, at + 5, r->action);
	db_bind_text(db, st, at + 6, r->object_type);
	bind_optional(db, st, at + 7, r->object_id);
	bind_optional(db, st, at + 8, r->case_id);
	db_bind_text(db, st, at + 9, r->request_id);
	db_bind_text(db, st, at + 10, r->fields);
	db_bind_blob(db, st, at + 11, r->prev_hash, 32);
	db_bind_blob(db, st, at + 12, r->hash, 32);
	db_bind_int(db, st, at + 13, r->flagged ? 1 : 0);
	if (r->detail != NULL && r->detail[0] != '\0')
		db_bind_text(db, st, at + 14, r->detail);
	else
		db_bind_null(db, st, at + 14);
}

/*
 * The INSERT of n rows (1 <= n <= AUDIT_ROWS_PER_INSERT): one query per n, its text made on
 * first use, so that each connection prepares each size once. Writer threads of several
 * stores may ask at once, hence the lock.
 */
static struct db_query *
insert_query(int n)
{
	static struct db_query queries[AUDIT_ROWS_PER_INSERT];
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static const char head[] = "INSERT INTO audit_log (" AUDIT_COLUMNS ") VALUES ";
	struct db_query *q = &queries[n - 1];

	pthread_mutex_lock(&lock);
	if (q->sql == NULL)
		*q = (struct db_query)DB_QUERY(
			sql_parameter_rows(head, 1, n, AUDIT_NCOLUMNS, NULL, ""));
	pthread_mutex_unlock(&lock);
	return q;
}

enum ura_status
store_audit_insert(struct db *db, const struct audit_row *rows, int n)
{
	for (int done = 0; done < n;) {
		int chunk = n - done < AUDIT_ROWS_PER_INSERT ? n - done : AUDIT_ROWS_PER_INSERT;
		struct db_stmt *st = db_prepare(db, insert_query(chunk));
		enum ura_status rc;

		if (st == NULL)
			return URA_EINTERNAL;
		for (int i = 0; i < chunk; i++)
			bind_audit_row(db, st, i * AUDIT_NCOLUMNS, &rows[done + i]);
		if ((rc = db_run(db, st)) != URA_OK)
			return rc;
		done += chunk;
	}
	return URA_OK;
}

enum ura_status
store_audit_set_head(struct db *db, const unsigned char hash[32])
{
	static struct db_query q = DB_QUERY("UPDATE audit_head SET hash = $1 WHERE id = 1");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_blob(db, st, 1, hash, 32);
	return db_run(db, st);
}

static int64_t
col_optional(struct db *db, struct db_stmt *st, int col)
{
	return db_col_null(db, st, col) ? 0 : db_col_int(db, st, col);
}

static const char *
col_text_or_empty(struct db *db, struct db_stmt *st, int col)
{
	const char *s = db_col_text(db, st, col);
	return s != NULL ? s : "";
}

/* Reads a row; strings point into the statement (valid until the next step) unless `a`. */
static void
read_audit(struct db *db, struct db_stmt *st, struct arena *a, struct audit_row *r)
{
	r->id = db_col_int(db, st, 0);
	r->at = db_col_int(db, st, 1);
	r->actor_user_id = col_optional(db, st, 2);
	r->institution_id = col_optional(db, st, 3);
	r->action = col_text_or_empty(db, st, 4);
	r->object_type = col_text_or_empty(db, st, 5);
	r->object_id = col_optional(db, st, 6);
	r->case_id = col_optional(db, st, 7);
	r->request_id = col_text_or_empty(db, st, 8);
	r->fields = col_text_or_empty(db, st, 9);
	copy_hash(db, st, 10, r->prev_hash);
	copy_hash(db, st, 11, r->hash);
	r->flagged = db_col_int(db, st, 12) != 0;
	r->detail = db_col_text(db, st, 13);
	if (a != NULL) {
		r->detail = r->detail != NULL ? arena_strdup(a, r->detail) : NULL;
		r->action = arena_strdup(a, r->action);
		r->object_type = arena_strdup(a, r->object_type);
		r->request_id = arena_strdup(a, r->request_id);
		r->fields = arena_strdup(a, r->fields);
	}
}

enum ura_status
store_audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
		 struct audit_row **out, int *n)
{
	/* A filter of 0 means "any": each condition is written so that 0 disables it. The
	 * flagged entries have a partial index of their own, which a literal condition uses.
	 * The joins only read what the entry names: its case's reference, and a created
	 * referral's basis and justification (?basis= filters on that basis). */
#define AUDIT_LIST(FLAGGED)                                                                 \
	"SELECT a.id, a.at, a.actor_user_id, a.institution_id, a.action, a.object_type, "    \
	"a.object_id, a.case_id, a.request_id, a.fields, a.prev_hash, a.hash, a.flagged, "   \
	"a.detail, c.reference, f.basis, f.justification, " CASE_KEY_COLUMNS                 \
	" FROM audit_log a "                                                                   \
	"LEFT JOIN cases c ON c.id = a.case_id LEFT JOIN referrals f ON "                     \
	"a.action = 'referral.create' AND f.id = a.object_id "                                \
	"WHERE ($1 = 0 OR a.actor_user_id = $1) AND ($2 = 0 OR a.case_id = $2) "             \
	"AND ($3 = 0 OR a.at >= $3) AND ($4 = 0 OR a.at <= $4) AND ($5 = 0 OR a.id < $5) "   \
	FLAGGED "AND ($7 = 0 OR a.institution_id = $7) AND (CAST($8 AS TEXT) IS NULL OR "    \
	"a.action = CAST($8 AS TEXT) OR ($9 = 1 AND substr(a.action, 1, "                    \
	"length(CAST($8 AS TEXT))) = CAST($8 AS TEXT))) AND (CAST($10 AS TEXT) IS NULL OR "  \
	"(a.action = 'referral.create' AND f.basis = CAST($10 AS TEXT))) "                   \
	"ORDER BY a.id DESC LIMIT $6"
	static struct db_query any = DB_QUERY(AUDIT_LIST(""));
	static struct db_query flagged = DB_QUERY(AUDIT_LIST("AND a.flagged = 1 "));
	static struct db_query unflagged = DB_QUERY(AUDIT_LIST("AND a.flagged = 0 "));
#undef AUDIT_LIST
	struct db_stmt *st = db_prepare(db, f->flagged > 0 ? &flagged : f->flagged < 0 ? &unflagged
										       : &any);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(struct audit_row) * (size_t)f->limit);
	db_bind_int(db, st, 1, f->user_id);
	db_bind_int(db, st, 2, f->case_id);
	db_bind_int(db, st, 3, f->from);
	db_bind_int(db, st, 4, f->to);
	db_bind_int(db, st, 5, f->before);
	db_bind_int(db, st, 6, f->limit);
	db_bind_int(db, st, 7, f->institution_id);
	db_bind_text(db, st, 8, f->action);
	/* "case." is every action of cases; "case.read" that action only. */
	db_bind_int(db, st, 9, f->action != NULL && f->action[0] != '\0' &&
			       f->action[strlen(f->action) - 1] == '.');
	db_bind_text(db, st, 10, f->basis);
	while ((rc = db_step(db, st)) == DB_ROW && *n < f->limit) {
		struct audit_row *row = &(*out)[(*n)++];

		read_audit(db, st, a, row);
		row->case_reference = row_text(db, st, 14, a);
		row->referral_basis = row_text(db, st, 15, a);
		row_blob(db, st, 16, a, &row->justification);
		read_case_key_cols(db, st, 17, a, &row->case_key);
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_audit_each(struct db *db, bool (*fn)(const struct audit_row *row, void *ctx), void *ctx)
{
	static struct db_query q = DB_QUERY("SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY id");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;
	struct audit_row row;

	if (st == NULL)
		return URA_EINTERNAL;
	while ((rc = db_step(db, st)) == DB_ROW) {
		read_audit(db, st, NULL, &row);
		if (!fn(&row, ctx))
			break;
	}
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_audit_head(struct db *db, int64_t *seq, unsigned char hash[32])
{
	static struct db_query q = DB_QUERY("SELECT seq, hash FROM audit_head WHERE id = 1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	rc = db_step(db, st);
	if (rc == DB_ROW) {
		*seq = db_col_int(db, st, 0);
		copy_hash(db, st, 1, hash);
	}
	db_done(db, st);
	return db_row_status(db, rc);
}
