/* Notification rows. A notification names a kind, a case and an object, never personal
 * data; its text is made in the reader's language when it is read. Each is unique per user
 * and `dedupe` key, so a deadline seen by several processes or after a restart is told once. */
#include "store/store.h"

#include "store/db.h"
#include "store/rows.h"

static void
bind_notification(struct db *db, struct db_stmt *st, const struct notification *n, int64_t now)
{
	db_bind_text(db, st, 2, n->kind);
	bind_int_or_null(db, st, 3, n->case_id);
	db_bind_text(db, st, 4, n->object_type);
	bind_int_or_null(db, st, 5, n->object_id);
	db_bind_text(db, st, 6, n->dedupe);
	db_bind_int(db, st, 7, now);
	bind_int_or_null(db, st, 8, n->institution_id);
}

enum ura_status
store_notify_institution(struct db *db, int64_t institution_id, const struct notification *n,
			 int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO notifications (user_id, kind, case_id, object_type, object_id, dedupe, "
		"created_at, institution_id) SELECT u.id, $2, CAST($3 AS BIGINT), $4, "
		"CAST($5 AS BIGINT), $6, $7, CAST($8 AS BIGINT) FROM users u "
		"WHERE u.institution_id = $1 AND u.active = 1 "
		"AND u.role IN ('caseworker', 'manager') ON CONFLICT DO NOTHING");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, institution_id);
	bind_notification(db, st, n, now);
	return db_run(db, st);
}

enum ura_status
store_notify_role(struct db *db, enum role role, int64_t institution_id, int64_t except_user_id,
		  const struct notification *n, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO notifications (user_id, kind, case_id, object_type, object_id, dedupe, "
		"created_at, institution_id) SELECT u.id, $2, CAST($3 AS BIGINT), $4, "
		"CAST($5 AS BIGINT), $6, $7, CAST($8 AS BIGINT) FROM users u "
		"WHERE u.role = $1 AND ($9 = 0 OR u.institution_id = $9) AND u.id <> $10 "
		"AND u.active = 1 ON CONFLICT DO NOTHING");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_text(db, st, 1, role_name(role));
	bind_notification(db, st, n, now);
	db_bind_int(db, st, 9, institution_id);
	db_bind_int(db, st, 10, except_user_id);
	return db_run(db, st);
}

enum ura_status
store_notify_user(struct db *db, int64_t user_id, const struct notification *n, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO notifications (user_id, kind, case_id, object_type, object_id, dedupe, "
		"created_at, institution_id) SELECT u.id, $2, CAST($3 AS BIGINT), $4, "
		"CAST($5 AS BIGINT), $6, $7, CAST($8 AS BIGINT) FROM users u "
		"WHERE u.id = $1 AND u.active = 1 ON CONFLICT DO NOTHING");
	struct db_stmt *st = db_prepare(db, &q);

	if (user_id <= 0)
		return URA_OK;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, user_id);
	bind_notification(db, st, n, now);
	return db_run(db, st);
}

#define NOTIFICATION_COLUMNS                                                                \
	"n.id, n.kind, n.case_id, c.reference, n.object_type, n.object_id, n.created_at, "    \
	"n.read_at, n.institution_id, i.name FROM notifications n "                            \
	"LEFT JOIN cases c ON c.id = n.case_id LEFT JOIN institutions i ON i.id = n.institution_id "

static void
read_notification(struct db *db, struct db_stmt *st, struct arena *a, struct notification_row *n)
{
	n->id = db_col_int(db, st, 0);
	n->kind = row_text(db, st, 1, a);
	n->case_id = row_int_or_zero(db, st, 2);
	n->case_reference = row_text(db, st, 3, a);
	n->object_type = row_text(db, st, 4, a);
	n->object_id = row_int_or_zero(db, st, 5);
	n->created_at = db_col_int(db, st, 6);
	n->read_at = row_int_or_zero(db, st, 7);
	n->institution_id = row_int_or_zero(db, st, 8);
	n->institution_name = row_text(db, st, 9, a);
}

enum ura_status
store_notification_list(struct db *db, struct arena *a, int64_t user_id, bool unread_only,
			int64_t before, int limit, struct notification_row **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT " NOTIFICATION_COLUMNS "WHERE n.user_id = $1 AND ($2 = 0 OR n.read_at IS NULL) "
		"AND ($3 = 0 OR n.id < $3) ORDER BY n.id DESC LIMIT $4");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(**out) * (size_t)(limit > 0 ? limit : 1));
	db_bind_int(db, st, 1, user_id);
	db_bind_int(db, st, 2, unread_only);
	db_bind_int(db, st, 3, before);
	db_bind_int(db, st, 4, limit);
	while ((rc = db_step(db, st)) == DB_ROW && *n < limit)
		read_notification(db, st, a, &(*out)[(*n)++]);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}

enum ura_status
store_notification_read(struct db *db, struct arena *a, int64_t id, int64_t user_id,
			int64_t now, struct notification_row *out)
{
	static struct db_query mark = DB_QUERY(
		"UPDATE notifications SET read_at = coalesce(read_at, $1) "
		"WHERE id = $2 AND user_id = $3 RETURNING id");
	static struct db_query get = DB_QUERY("SELECT " NOTIFICATION_COLUMNS "WHERE n.id = $1");
	struct db_stmt *st = db_prepare(db, &mark);
	enum ura_status status;
	enum db_step rc;
	int64_t found;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, now);
	db_bind_int(db, st, 2, id);
	db_bind_int(db, st, 3, user_id);
	if ((status = row_returning_int(db, st, &found)) != URA_OK)
		return status;
	if ((st = db_prepare(db, &get)) == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	if ((rc = db_step(db, st)) == DB_ROW)
		read_notification(db, st, a, out);
	db_done(db, st);
	return db_row_status(db, rc);
}
