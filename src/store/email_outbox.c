/* The e-mail outbox (see email_outbox.h). */
#include "store/email_outbox.h"

#include "store/rows.h"

static void
read_due(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct email_due *e = row;

	e->id = db_col_int(db, st, 0);
	e->attempts = (int)db_col_int(db, st, 1);
	e->email = row_text(db, st, 2, a);
	e->wanted = db_col_int(db, st, 3) != 0 && e->email != NULL;
	e->locale = row_text(db, st, 4, a);
	e->kind = row_text(db, st, 5, a);
	e->reference = row_text(db, st, 6, a);
}

enum ura_status
store_email_due(struct db *db, struct arena *a, int64_t now, int limit, struct email_due **out,
		int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT o.id, o.attempts, u.email, u.email_notifications * u.active, u.locale, "
		"n.kind, c.reference FROM email_outbox o JOIN users u ON u.id = o.user_id "
		"JOIN notifications n ON n.id = o.notification_id LEFT JOIN cases c ON c.id = "
		"n.case_id WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.next_attempt_at "
		"<= $1 ORDER BY o.next_attempt_at, o.id LIMIT $2");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, now);
	db_bind_int(db, st, 2, limit);
	return rows_read(db, st, a, limit, sizeof(**out), read_due, (void **)out, n);
}

enum ura_status
store_email_outcomes(struct db *db, const struct email_outcome *o, int n, int64_t now)
{
	static struct db_query q = DB_QUERY(
		"UPDATE email_outbox SET attempts = $2, next_attempt_at = $3, last_error = $4, "
		"sent_at = CASE WHEN $5 = 1 THEN $6 END, failed_at = CASE WHEN $7 = 1 THEN $6 END "
		"WHERE id = $1");
	enum ura_status st = URA_OK;

	for (int i = 0; i < n && st == URA_OK; i++) {
		struct db_stmt *s = db_prepare(db, &q);
		if (s == NULL)
			return URA_EINTERNAL;
		db_bind_int(db, s, 1, o[i].id);
		db_bind_int(db, s, 2, o[i].attempts);
		db_bind_int(db, s, 3, o[i].next_attempt_at);
		if (o[i].error != NULL)
			db_bind_text(db, s, 4, o[i].error);
		else
			db_bind_null(db, s, 4);
		db_bind_int(db, s, 5, o[i].sent);
		db_bind_int(db, s, 6, now);
		db_bind_int(db, s, 7, o[i].give_up);
		st = db_run(db, s);
	}
	return st;
}
