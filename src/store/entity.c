/*
 * SQL for the directory's entities, derived once at start from their field lists. Column and
 * table names come from the compile-time definitions in domain/directory.c, never from input;
 * values are always bound parameters.
 */
#include "store/store.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "store/db.h"

#define ENTITIES_MAX 16
#define FIELDS_MAX 24
#define SQL_MAX 2048

struct entity_sql {
	const struct entity_def *def;
	char insert_sql[SQL_MAX], update_sql[SQL_MAX], get_sql[SQL_MAX], list_sql[SQL_MAX];
	char ref_sql[FIELDS_MAX][256];
	struct db_query insert, update, get, list;
	struct db_query ref[FIELDS_MAX];
};

static struct entity_sql entity_sqls[ENTITIES_MAX];
static int nentity_sqls;

static const char *
column_of(const struct field_def *f)
{
	return f->column != NULL ? f->column : f->name;
}

static bool
readable(const struct field_def *f)
{
	return !(f->flags & F_WRITE_ONLY);
}

/* Appends to a fixed buffer; the buffers are sized well beyond the longest entity. */
static void
append(char *buf, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + used, SQL_MAX - used, fmt, ap);
	va_end(ap);
}

static void
build_sql(struct entity_sql *e)
{
	const struct entity_def *d = e->def;
	int n = d->nfields;

	append(e->insert_sql, "INSERT INTO %s (", d->table);
	for (int i = 0; i < n; i++)
		append(e->insert_sql, "%s, ", column_of(&d->fields[i]));
	append(e->insert_sql, "created_at, updated_at) VALUES (");
	for (int i = 0; i < n; i++)
		append(e->insert_sql, "$%d, ", i + 1);
	append(e->insert_sql, "$%d, $%d) RETURNING id", n + 1, n + 1);

	/* Each field is written only when its flag parameter says it is present. */
	append(e->update_sql, "UPDATE %s SET ", d->table);
	for (int i = 0; i < n; i++)
		append(e->update_sql, "%s = CASE WHEN $%d = 1 THEN $%d ELSE %s END, ",
		       column_of(&d->fields[i]), n + i + 1, i + 1, column_of(&d->fields[i]));
	append(e->update_sql, "updated_at = $%d WHERE id = $%d", 2 * n + 1, 2 * n + 2);

	append(e->get_sql, "SELECT id, created_at, updated_at");
	for (int i = 0; i < n; i++)
		if (readable(&d->fields[i]))
			append(e->get_sql, ", %s", column_of(&d->fields[i]));
	append(e->get_sql, " FROM %s", d->table);
	memcpy(e->list_sql, e->get_sql, sizeof(e->list_sql));
	append(e->get_sql, " WHERE id = $1");
	append(e->list_sql, " WHERE id > $1");
	/* Each filter is a flag ($k: 0 = off) and a value ($k+1), after $1 and $2. */
	for (int i = 0, k = 3; i < n; i++) {
		if (!(d->fields[i].flags & F_FILTER))
			continue;
		append(e->list_sql, " AND ($%d = 0 OR %s = $%d)", k, column_of(&d->fields[i]),
		       k + 1);
		k += 2;
	}
	append(e->list_sql, " ORDER BY id LIMIT $2");

	e->insert = (struct db_query)DB_QUERY(e->insert_sql);
	e->update = (struct db_query)DB_QUERY(e->update_sql);
	e->get = (struct db_query)DB_QUERY(e->get_sql);
	e->list = (struct db_query)DB_QUERY(e->list_sql);
	for (int i = 0; i < n; i++) {
		const struct field_def *f = &d->fields[i];
		if (f->kind != FIELD_REF)
			continue;
		snprintf(e->ref_sql[i], sizeof(e->ref_sql[i]), "SELECT 1 FROM %s WHERE id = $1%s%s",
			 f->ref_table, f->ref_condition ? " AND " : "",
			 f->ref_condition ? f->ref_condition : "");
		e->ref[i] = (struct db_query)DB_QUERY(e->ref_sql[i]);
	}
}

void
store_entities_init(const struct entity_def *const *defs)
{
	for (; *defs != NULL && nentity_sqls < ENTITIES_MAX; defs++) {
		struct entity_sql *e = &entity_sqls[nentity_sqls];
		bool known = false;

		for (int i = 0; i < nentity_sqls; i++)
			known |= entity_sqls[i].def == *defs;
		if (known || (*defs)->nfields > FIELDS_MAX)
			continue;
		memset(e, 0, sizeof(*e));
		e->def = *defs;
		build_sql(e);
		nentity_sqls++;
	}
}

static struct entity_sql *
sql_of(const struct entity_def *def)
{
	for (int i = 0; i < nentity_sqls; i++)
		if (entity_sqls[i].def == def)
			return &entity_sqls[i];
	return NULL;
}

static void
bind_value(struct db *db, struct db_stmt *st, int i, const struct field_def *f,
	   const struct value *v)
{
	if (!v->present || v->null) {
		db_bind_null(db, st, i);
		return;
	}
	switch (f->kind) {
	case FIELD_INT:
	case FIELD_BOOL:
	case FIELD_REF:
		db_bind_int(db, st, i, v->i);
		break;
	default:
		db_bind_text(db, st, i, v->s);
		break;
	}
}

/* Every present, non-null reference must name an existing row (meeting its condition). */
static enum ura_status
check_refs(struct db *db, struct entity_sql *e, const struct value *vals,
	   struct field_errors *errors)
{
	for (int i = 0; i < e->def->nfields; i++) {
		const struct field_def *f = &e->def->fields[i];
		struct db_stmt *st;
		enum db_step rc;

		if (f->kind != FIELD_REF || !vals[i].present || vals[i].null)
			continue;
		if ((st = db_prepare(db, &e->ref[i])) == NULL)
			return URA_EINTERNAL;
		db_bind_int(db, st, 1, vals[i].i);
		rc = db_step(db, st);
		db_done(db, st);
		if (rc == DB_FAIL)
			return db_error(db);
		if (rc == DB_DONE)
			field_errors_add(errors, f->name, f->ref_message);
	}
	return errors->count > 0 ? URA_EUNPROCESSABLE : URA_OK;
}

static enum ura_status
unique_violation(const struct entity_def *def, struct field_errors *errors)
{
	field_errors_add(errors, def->unique_field ? def->unique_field : "id", MSG_ALREADY_USED);
	return URA_EUNPROCESSABLE;
}

enum ura_status
store_entity_insert(struct db *db, const struct entity_def *def, const struct value *vals,
		    int64_t now, int64_t *id, struct field_errors *errors)
{
	struct entity_sql *e = sql_of(def);
	struct db_stmt *st;
	enum ura_status rc;

	if (e == NULL || (rc = check_refs(db, e, vals, errors)) != URA_OK)
		return e == NULL ? URA_EINTERNAL : rc;
	if ((st = db_prepare(db, &e->insert)) == NULL)
		return URA_EINTERNAL;
	for (int i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		/* A read-only field starts at its default, whatever the values say. */
		struct value initial = { .present = true, .i = f->default_int,
					 .s = f->default_text, .null = !f->has_default };
		bind_value(db, st, i + 1, f, (f->flags & F_READ_ONLY) ? &initial : &vals[i]);
	}
	db_bind_int(db, st, def->nfields + 1, now);
	if (db_step(db, st) == DB_ROW) {
		*id = db_col_int(db, st, 0);
		rc = URA_OK;
	} else {
		rc = db_error(db);
	}
	db_done(db, st);
	return rc == URA_EEXISTS ? unique_violation(def, errors) : rc;
}

enum ura_status
store_entity_update(struct db *db, const struct entity_def *def, int64_t id,
		    const struct value *vals, int64_t now, struct field_errors *errors)
{
	struct entity_sql *e = sql_of(def);
	int n = def->nfields;
	struct db_stmt *st;
	enum ura_status rc;

	if (e == NULL || (rc = check_refs(db, e, vals, errors)) != URA_OK)
		return e == NULL ? URA_EINTERNAL : rc;
	if ((st = db_prepare(db, &e->update)) == NULL)
		return URA_EINTERNAL;
	for (int i = 0; i < n; i++) {
		bind_value(db, st, i + 1, &def->fields[i], &vals[i]);
		db_bind_int(db, st, n + i + 1, vals[i].present ? 1 : 0);
	}
	db_bind_int(db, st, 2 * n + 1, now);
	db_bind_int(db, st, 2 * n + 2, id);
	rc = db_run(db, st);
	return rc == URA_EEXISTS ? unique_violation(def, errors) : rc;
}

static void
read_row(struct db *db, struct db_stmt *st, struct arena *a, const struct entity_def *def,
	 struct record *out)
{
	int col = 3;

	out->id = db_col_int(db, st, 0);
	out->created_at = db_col_int(db, st, 1);
	out->updated_at = db_col_int(db, st, 2);
	out->vals = arena_alloc(a, sizeof(struct value) * (size_t)def->nfields);
	for (int i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		struct value *v = &out->vals[i];

		if (!readable(f))
			continue;
		v->present = true;
		v->null = db_col_null(db, st, col);
		if (f->kind == FIELD_INT || f->kind == FIELD_BOOL || f->kind == FIELD_REF)
			v->i = db_col_int(db, st, col);
		else if (!v->null)
			v->s = arena_strdup(a, db_col_text(db, st, col));
		col++;
	}
}

enum ura_status
store_entity_get(struct db *db, struct arena *a, const struct entity_def *def, int64_t id,
		 struct record *out)
{
	struct entity_sql *e = sql_of(def);
	struct db_stmt *st;
	enum db_step rc;

	if (e == NULL || (st = db_prepare(db, &e->get)) == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, id);
	rc = db_step(db, st);
	if (rc == DB_ROW)
		read_row(db, st, a, def, out);
	db_done(db, st);
	return db_row_status(db, rc);
}

enum ura_status
store_entity_list(struct db *db, struct arena *a, const struct entity_def *def,
		  const struct value *filters, int64_t after, int limit, struct record **out,
		  int *n)
{
	struct entity_sql *e = sql_of(def);
	struct db_stmt *st;
	enum db_step rc;

	*n = 0;
	if (e == NULL || (st = db_prepare(db, &e->list)) == NULL)
		return URA_EINTERNAL;
	*out = arena_alloc(a, sizeof(struct record) * (size_t)limit);
	db_bind_int(db, st, 1, after);
	db_bind_int(db, st, 2, limit);
	for (int i = 0, k = 3; i < def->nfields; i++) {
		static const struct value none = { 0 };
		const struct value *v = filters != NULL ? &filters[i] : &none;
		if (!(def->fields[i].flags & F_FILTER))
			continue;
		db_bind_int(db, st, k, v->present ? 1 : 0);
		bind_value(db, st, k + 1, &def->fields[i], v);
		k += 2;
	}
	while ((rc = db_step(db, st)) == DB_ROW && *n < limit)
		read_row(db, st, a, def, &(*out)[(*n)++]);
	db_done(db, st);
	return rc == DB_FAIL ? db_error(db) : URA_OK;
}
