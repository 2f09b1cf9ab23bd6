/* Case rows: references, the plain columns, the encrypted category columns, blind-index
 * look-ups. Encryption itself happens above (crypt/field.c); this file stores bytes. */
#include "store/store.h"

#include <string.h>

#include "store/db.h"

#define CASE_COLUMNS                                                                        \
	"id, reference, kind, mechanism_id, owner_institution_id, status, risk_level, "      \
	"imminent_danger, repeat, survivor_sex, survivor_birth_year, address_confidential, " \
	"outcome, version, created_by, created_at, updated_at, closed_at, identity, contact, " \
	"children, perpetrator, survivor_index, perpetrator_index"

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

static void
bind_optional_text(struct db *db, struct db_stmt *st, int i, const char *s)
{
	db_bind_text(db, st, i, s); /* NULL binds SQL NULL */
}

static void
bind_blob(struct db *db, struct db_stmt *st, int i, const struct blob *b)
{
	if (b->len == 0)
		db_bind_null(db, st, i);
	else
		db_bind_blob(db, st, i, b->p, b->len);
}

enum ura_status
store_case_insert(struct db *db, const struct case_row *c, int64_t *id)
{
	static struct db_query q = DB_QUERY(
		"INSERT INTO cases (reference, kind, mechanism_id, owner_institution_id, status, "
		"risk_level, imminent_danger, repeat, survivor_sex, survivor_birth_year, "
		"address_confidential, created_by, created_at, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id");
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
	bind_optional_text(db, st, 9, c->survivor_sex);
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
		"survivor_index = $5, perpetrator_index = $6 WHERE id = $7");
	struct db_stmt *st = db_prepare(db, &q);

	if (st == NULL)
		return URA_EINTERNAL;
	bind_blob(db, st, 1, &c->identity);
	bind_blob(db, st, 2, &c->contact);
	bind_blob(db, st, 3, &c->children);
	bind_blob(db, st, 4, &c->perpetrator);
	bind_blob(db, st, 5, &c->survivor_index);
	bind_blob(db, st, 6, &c->perpetrator_index);
	db_bind_int(db, st, 7, c->id);
	return db_run(db, st);
}

static const char *
text_copy(struct db *db, struct db_stmt *st, int col, struct arena *a)
{
	const char *s = db_col_text(db, st, col);
	return s != NULL && !db_col_null(db, st, col) ? arena_strdup(a, s) : NULL;
}

static int64_t
int_or_zero(struct db *db, struct db_stmt *st, int col)
{
	return db_col_null(db, st, col) ? 0 : db_col_int(db, st, col);
}

static void
blob_copy(struct db *db, struct db_stmt *st, int col, struct arena *a, struct blob *b)
{
	size_t len = 0;
	const void *p = db_col_null(db, st, col) ? NULL : db_col_blob(db, st, col, &len);
	unsigned char *copy = NULL;

	if (p != NULL && len > 0) {
		copy = arena_alloc(a, len);
		memcpy(copy, p, len);
	}
	b->p = copy;
	b->len = copy ? len : 0;
}

static void
read_case(struct db *db, struct db_stmt *st, struct arena *a, struct case_row *c)
{
	c->id = db_col_int(db, st, 0);
	c->reference = text_copy(db, st, 1, a);
	c->kind = text_copy(db, st, 2, a);
	c->mechanism_id = db_col_int(db, st, 3);
	c->owner_institution_id = db_col_int(db, st, 4);
	c->status = text_copy(db, st, 5, a);
	c->risk_level = text_copy(db, st, 6, a);
	c->imminent_danger = db_col_int(db, st, 7) != 0;
	c->repeat = db_col_int(db, st, 8) != 0;
	c->survivor_sex = text_copy(db, st, 9, a);
	c->survivor_birth_year = int_or_zero(db, st, 10);
	c->address_confidential = db_col_int(db, st, 11) != 0;
	c->outcome = text_copy(db, st, 12, a);
	c->version = db_col_int(db, st, 13);
	c->created_by = int_or_zero(db, st, 14);
	c->created_at = db_col_int(db, st, 15);
	c->updated_at = db_col_int(db, st, 16);
	c->closed_at = int_or_zero(db, st, 17);
	blob_copy(db, st, 18, a, &c->identity);
	blob_copy(db, st, 19, a, &c->contact);
	blob_copy(db, st, 20, a, &c->children);
	blob_copy(db, st, 21, a, &c->perpetrator);
	blob_copy(db, st, 22, a, &c->survivor_index);
	blob_copy(db, st, 23, a, &c->perpetrator_index);
}

enum ura_status
store_case_get(struct db *db, struct arena *a, int64_t id, struct case_row *out)
{
	static struct db_query q = DB_QUERY("SELECT " CASE_COLUMNS " FROM cases WHERE id = $1");
	struct db_stmt *st = db_prepare(db, &q);
	enum db_step rc;

	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		read_case(db, st, a, out);
	db_done(db, st);
	return rc == DB_ROW ? URA_OK : rc == DB_DONE ? URA_ENOTFOUND : db_error(db);
}

enum ura_status
store_cases_matching(struct db *db, struct arena *a, bool perpetrator, const unsigned char *index,
		     size_t len, int64_t except_id, int64_t since, int max, int64_t **ids, int *n)
{
	static struct db_query q_survivor = DB_QUERY(
		"SELECT id FROM cases WHERE survivor_index = $1 AND id <> $2 AND created_at >= $3 "
		"ORDER BY id DESC LIMIT $4");
	static struct db_query q_perpetrator = DB_QUERY(
		"SELECT id FROM cases WHERE perpetrator_index = $1 AND id <> $2 AND created_at >= $3 "
		"ORDER BY id DESC LIMIT $4");
	struct db_stmt *st = db_prepare(db, perpetrator ? &q_perpetrator : &q_survivor);
	enum db_step rc;

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	*ids = arena_alloc(a, sizeof(int64_t) * (size_t)(max > 0 ? max : 1));
	db_bind_blob(db, st, 1, index, len);
	db_bind_int(db, st, 2, except_id);
	db_bind_int(db, st, 3, since);
	db_bind_int(db, st, 4, max);
	while ((rc = db_step(db, st)) == DB_ROW && *n < max)
		(*ids)[(*n)++] = db_col_int(db, st, 0);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}
