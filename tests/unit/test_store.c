/*
 * Unit tests for src/store/ against a temporary SQLite file: opening and migrating; the
 * directory entities (store_entities_init over directory_entities) inserted, read, listed and
 * updated inside store_write; a duplicate unique value answered as URA_EUNPROCESSABLE on the
 * entity's unique field; references to missing rows (or rows failing the reference's
 * condition) answered on the referring field; group commit isolation (many threads write at
 * once, the one that fails after inserting rolls back alone); sessions, API tokens, sign-in
 * failures, users' passwords and active flags, mechanism members, and an online backup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "core/log.h"
#include "crypt/crypt.h"
#include "domain/directory.h"
#include "store/migrate.h"
#include "store/store.h"

#define NOW INT64_C(1795426200)
#define VALS_MAX 16

struct fixture {
	char dir[64];
	char path[128];
	struct store *s;
	struct arena arena;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256] = "";
	int applied = 0;

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ura-test-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/ura.db", f->dir);
	if (store_open(&f->s, f->path, true, err, sizeof(err)) != URA_OK ||
	    store_migrate(f->s, &applied, err, sizeof(err)) != URA_OK || applied < 1) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	store_entities_init(directory_entities);
	arena_init(&f->arena);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	arena_free(&f->arena);
	store_close(f->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* ---- values ---- */

static struct value *
field(const struct entity_def *def, struct value *vals, const char *name)
{
	int i = entity_field_index(def, name);

	if (i < 0)
		fail_msg("%s has no field %s", def->name, name);
	return &vals[i];
}

static void
set_text(const struct entity_def *def, struct value *vals, const char *name, const char *s)
{
	*field(def, vals, name) = (struct value){ .present = true, .s = s };
}

static void
set_int(const struct entity_def *def, struct value *vals, const char *name, int64_t i)
{
	*field(def, vals, name) = (struct value){ .present = true, .i = i };
}

static void
set_null(const struct entity_def *def, struct value *vals, const char *name)
{
	*field(def, vals, name) = (struct value){ .present = true, .null = true };
}

static void
municipality(struct value *vals, const char *name, const char *code)
{
	memset(vals, 0, sizeof(struct value) * VALS_MAX);
	set_text(&entity_municipality, vals, "name", name);
	set_text(&entity_municipality, vals, "code", code);
	set_null(&entity_municipality, vals, "region");
	set_text(&entity_municipality, vals, "country", "AL");
}

static void
institution(struct value *vals, const char *name, const char *type, int64_t municipality_id)
{
	memset(vals, 0, sizeof(struct value) * VALS_MAX);
	set_text(&entity_institution, vals, "name", name);
	set_text(&entity_institution, vals, "type", type);
	set_int(&entity_institution, vals, "municipality_id", municipality_id);
	entity_apply_defaults(&entity_institution, vals);
}

static void
user(struct value *vals, const char *username, const char *role, int64_t institution_id)
{
	memset(vals, 0, sizeof(struct value) * VALS_MAX);
	set_text(&entity_user, vals, "username", username);
	set_text(&entity_user, vals, "display_name", username);
	set_text(&entity_user, vals, "password", "$argon2id$v=19$m=19456,t=2,p=1$not-real");
	set_text(&entity_user, vals, "role", role);
	if (institution_id != 0)
		set_int(&entity_user, vals, "institution_id", institution_id);
	else
		set_null(&entity_user, vals, "institution_id");
	entity_apply_defaults(&entity_user, vals);
}

static void
mechanism(struct value *vals, const char *kind, int64_t municipality_id, int64_t coordinator)
{
	memset(vals, 0, sizeof(struct value) * VALS_MAX);
	set_text(&entity_mechanism, vals, "name", "Mechanism");
	set_text(&entity_mechanism, vals, "kind", kind);
	set_int(&entity_mechanism, vals, "municipality_id", municipality_id);
	if (coordinator != 0)
		set_int(&entity_mechanism, vals, "coordinator_user_id", coordinator);
	entity_apply_defaults(&entity_mechanism, vals);
}

/* ---- writes ---- */

struct entity_write {
	const struct entity_def *def;
	const struct value *vals;
	int64_t id;    /* out on insert, in on update */
	int64_t now;
	bool update;
	enum ura_status then; /* returned after a successful write (to force a rollback) */
	struct field_errors errors;
};

static enum ura_status
entity_write_fn(struct db *db, void *arg)
{
	struct entity_write *w = arg;
	enum ura_status rc;

	rc = w->update ? store_entity_update(db, w->def, w->id, w->vals, w->now, &w->errors)
		       : store_entity_insert(db, w->def, w->vals, w->now, &w->id, &w->errors);
	return rc != URA_OK ? rc : w->then;
}

static enum ura_status
insert(struct fixture *f, const struct entity_def *def, const struct value *vals, int64_t *id,
       struct field_errors *errors)
{
	struct entity_write w = { .def = def, .vals = vals, .now = NOW };
	enum ura_status rc = store_write(f->s, entity_write_fn, &w);

	if (id != NULL)
		*id = w.id;
	if (errors != NULL)
		*errors = w.errors;
	return rc;
}

/* Inserts and insists on success. */
static int64_t
insert_ok(struct fixture *f, const struct entity_def *def, const struct value *vals)
{
	int64_t id = 0;
	struct field_errors e;

	if (insert(f, def, vals, &id, &e) != URA_OK)
		fail_msg("inserting a %s failed (%d errors, first %s)", def->name, e.count,
			 e.count ? e.items[0].field : "-");
	assert_true(id > 0);
	return id;
}

static int
count_rows(struct fixture *f, const struct entity_def *def)
{
	struct record *rows;
	int n = -1;

	assert_int_equal(store_entity_list(store_reader(f->s), &f->arena, def, NULL, 0, 500, &rows, &n),
			 URA_OK);
	return n;
}

/* ---- opening ---- */

/* The newest schema version this build carries. */
static int
newest_version(void)
{
	int v = 0;

	for (const struct migration *m = migrations_sqlite; m->version != 0; m++)
		if (m->version > v)
			v = m->version;
	return v;
}

static void
test_open_migrate_and_reopen(void **state)
{
	struct fixture *f = *state;
	struct store *other = NULL;
	char err[256] = "";
	int applied = -1;

	assert_true(newest_version() >= 1);
	assert_int_equal(store_schema_version(f->s), newest_version());
	assert_int_equal(store_ping(f->s), URA_OK);
	assert_int_equal(store_migrate(f->s, &applied, err, sizeof(err)), URA_OK);
	assert_int_equal(applied, 0); /* already up to date */

	assert_int_equal(store_open(&other, f->path, false, err, sizeof(err)), URA_OK);
	assert_int_equal(store_schema_version(other), newest_version());
	store_close(other);
}

static void
test_open_refuses_missing_file_and_postgres(void **state)
{
	struct fixture *f = *state;
	struct store *s = (struct store *)1;
	char err[256] = "", path[160];
	struct stat st;

	snprintf(path, sizeof(path), "%s/absent.db", f->dir);
	assert_int_equal(store_open(&s, path, false, err, sizeof(err)), URA_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(err, path));
	assert_int_not_equal(stat(path, &st), 0); /* not created */

	s = (struct store *)1;
	assert_int_equal(store_open(&s, "postgresql://ura@localhost/ura", true, err, sizeof(err)),
			 URA_EUNAVAILABLE);
	assert_null(s);
}

/* ---- entities ---- */

static void
test_insert_then_get_municipality(void **state)
{
	struct fixture *f = *state;
	struct value vals[VALS_MAX];
	struct record rec;
	int64_t id;

	municipality(vals, "Korçë", "KOR");
	set_text(&entity_municipality, vals, "region", "Korçë County");
	id = insert_ok(f, &entity_municipality, vals);
	assert_int_equal(store_entity_get(store_reader(f->s), &f->arena, &entity_municipality, id,
					  &rec),
			 URA_OK);
	assert_int_equal(rec.id, id);
	assert_int_equal(rec.created_at, NOW);
	assert_int_equal(rec.updated_at, NOW);
	assert_string_equal(field(&entity_municipality, rec.vals, "name")->s, "Korçë");
	assert_string_equal(field(&entity_municipality, rec.vals, "code")->s, "KOR");
	assert_string_equal(field(&entity_municipality, rec.vals, "region")->s, "Korçë County");
	assert_string_equal(field(&entity_municipality, rec.vals, "country")->s, "AL");
	for (int i = 0; i < entity_municipality.nfields; i++)
		assert_true(rec.vals[i].present);
}

static void
test_null_is_stored_as_null(void **state)
{
	struct fixture *f = *state;
	struct value vals[VALS_MAX];
	struct record rec;
	int64_t id;

	municipality(vals, "Pogradec", "POG");
	id = insert_ok(f, &entity_municipality, vals);
	assert_int_equal(store_entity_get(store_reader(f->s), &f->arena, &entity_municipality, id,
					  &rec),
			 URA_OK);
	assert_true(field(&entity_municipality, rec.vals, "region")->present);
	assert_true(field(&entity_municipality, rec.vals, "region")->null);
	assert_false(field(&entity_municipality, rec.vals, "name")->null);
}

static void
test_get_unknown_id_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct record rec;

	assert_int_equal(store_entity_get(store_reader(f->s), &f->arena, &entity_municipality, 42,
					  &rec),
			 URA_ENOTFOUND);
}

static void
test_list_pages_by_id(void **state)
{
	static const char *const codes[] = { "AAA", "BBB", "CCC", "DDD", "EEE" };
	struct fixture *f = *state;
	struct record *rows;
	int64_t ids[5];
	int n;

	for (int i = 0; i < 5; i++) {
		struct value vals[VALS_MAX];
		municipality(vals, codes[i], codes[i]);
		ids[i] = insert_ok(f, &entity_municipality, vals);
		if (i > 0)
			assert_true(ids[i] > ids[i - 1]);
	}
	assert_int_equal(store_entity_list(store_reader(f->s), &f->arena, &entity_municipality, NULL, 0, 2,
					   &rows, &n),
			 URA_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, ids[0]);
	assert_int_equal(rows[1].id, ids[1]);
	assert_string_equal(field(&entity_municipality, rows[1].vals, "code")->s, "BBB");

	assert_int_equal(store_entity_list(store_reader(f->s), &f->arena, &entity_municipality, NULL,
					   rows[1].id, 10, &rows, &n),
			 URA_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].id, ids[2]);
	assert_int_equal(rows[2].id, ids[4]);

	assert_int_equal(store_entity_list(store_reader(f->s), &f->arena, &entity_municipality, NULL,
					   ids[4], 10, &rows, &n),
			 URA_OK);
	assert_int_equal(n, 0);
}

static void
test_update_writes_only_present_fields(void **state)
{
	struct fixture *f = *state;
	struct value vals[VALS_MAX], patch[VALS_MAX];
	struct entity_write w = { .def = &entity_municipality, .vals = patch, .update = true,
				  .now = NOW + 60 };
	struct record rec;
	int64_t id;

	municipality(vals, "Korca", "KOR");
	set_text(&entity_municipality, vals, "region", "Korçë County");
	id = insert_ok(f, &entity_municipality, vals);

	memset(patch, 0, sizeof(patch));
	set_text(&entity_municipality, patch, "name", "Korçë");
	w.id = id;
	assert_int_equal(store_write(f->s, entity_write_fn, &w), URA_OK);
	assert_int_equal(store_entity_get(store_reader(f->s), &f->arena, &entity_municipality, id,
					  &rec),
			 URA_OK);
	assert_string_equal(field(&entity_municipality, rec.vals, "name")->s, "Korçë");
	assert_string_equal(field(&entity_municipality, rec.vals, "code")->s, "KOR");
	assert_string_equal(field(&entity_municipality, rec.vals, "region")->s, "Korçë County");
	assert_int_equal(rec.created_at, NOW);
	assert_int_equal(rec.updated_at, NOW + 60);

	/* a present null clears the value */
	memset(patch, 0, sizeof(patch));
	set_null(&entity_municipality, patch, "region");
	w.now = NOW + 120;
	assert_int_equal(store_write(f->s, entity_write_fn, &w), URA_OK);
	assert_int_equal(store_entity_get(store_reader(f->s), &f->arena, &entity_municipality, id,
					  &rec),
			 URA_OK);
	assert_true(field(&entity_municipality, rec.vals, "region")->null);
	assert_string_equal(field(&entity_municipality, rec.vals, "name")->s, "Korçë");
}

static void
test_duplicate_code_is_unprocessable_on_code(void **state)
{
	struct fixture *f = *state;
	struct value vals[VALS_MAX];
	struct field_errors e;
	int64_t id = 0, other;

	municipality(vals, "Korçë", "KOR");
	insert_ok(f, &entity_municipality, vals);
	municipality(vals, "Another", "KOR");
	assert_int_equal(insert(f, &entity_municipality, vals, &id, &e), URA_EUNPROCESSABLE);
	assert_int_equal(e.count, 1);
	assert_string_equal(e.items[0].field, "code");
	assert_int_equal(e.items[0].message, MSG_ALREADY_USED);
	assert_int_equal(count_rows(f, &entity_municipality), 1);

	/* renaming another row's code onto it fails the same way */
	municipality(vals, "Tirana", "TIR");
	other = insert_ok(f, &entity_municipality, vals);
	{
		struct value patch[VALS_MAX];
		struct entity_write w = { .def = &entity_municipality, .vals = patch, .id = other,
					  .update = true, .now = NOW };

		memset(patch, 0, sizeof(patch));
		set_text(&entity_municipality, patch, "code", "KOR");
		assert_int_equal(store_write(f->s, entity_write_fn, &w), URA_EUNPROCESSABLE);
		assert_int_equal(w.errors.count, 1);
		assert_string_equal(w.errors.items[0].field, "code");
		assert_int_equal(w.errors.items[0].message, MSG_ALREADY_USED);
	}
}

static void
test_reference_to_missing_municipality_is_unprocessable(void **state)
{
	struct fixture *f = *state;
	struct value vals[VALS_MAX];
	struct field_errors e;
	int64_t id = 0, m;

	institution(vals, "Police", "police", 999);
	assert_int_equal(insert(f, &entity_institution, vals, &id, &e), URA_EUNPROCESSABLE);
	assert_int_equal(e.count, 1);
	assert_string_equal(e.items[0].field, "municipality_id");
	assert_int_equal(e.items[0].message, MSG_NO_SUCH_OBJECT);
	assert_int_equal(count_rows(f, &entity_institution), 0);

	municipality(vals, "Korçë", "KOR");
	m = insert_ok(f, &entity_municipality, vals);
	institution(vals, "Police", "police", m);
	id = insert_ok(f, &entity_institution, vals);
	{
		struct record rec;
		assert_int_equal(store_entity_get(store_reader(f->s), &f->arena, &entity_institution,
						  id, &rec),
				 URA_OK);
		assert_int_equal(field(&entity_institution, rec.vals, "municipality_id")->i, m);
		assert_string_equal(field(&entity_institution, rec.vals, "services")->s, "[]");
		assert_true(field(&entity_institution, rec.vals, "capacity")->null);
	}
}

static void
test_reference_condition_coordinator_must_be_a_coordinator(void **state)
{
	struct fixture *f = *state;
	struct value vals[VALS_MAX];
	struct field_errors e;
	int64_t m, caseworker, coordinator, inst, id = 0;

	municipality(vals, "Korçë", "KOR");
	m = insert_ok(f, &entity_municipality, vals);
	institution(vals, "Social services", "social_services", m);
	inst = insert_ok(f, &entity_institution, vals);
	user(vals, "case.worker", "caseworker", inst);
	caseworker = insert_ok(f, &entity_user, vals);
	user(vals, "co.ordinator", "coordinator", 0);
	coordinator = insert_ok(f, &entity_user, vals);

	mechanism(vals, "domestic_violence", m, caseworker);
	assert_int_equal(insert(f, &entity_mechanism, vals, &id, &e), URA_EUNPROCESSABLE);
	assert_int_equal(e.count, 1);
	assert_string_equal(e.items[0].field, "coordinator_user_id");
	assert_int_equal(e.items[0].message, MSG_NOT_A_COORDINATOR);

	mechanism(vals, "domestic_violence", 77, coordinator);
	assert_int_equal(insert(f, &entity_mechanism, vals, &id, &e), URA_EUNPROCESSABLE);
	assert_string_equal(e.items[0].field, "municipality_id");

	mechanism(vals, "domestic_violence", m, coordinator);
	insert_ok(f, &entity_mechanism, vals);

	/* one mechanism per municipality and kind: reported on "kind" */
	mechanism(vals, "domestic_violence", m, 0);
	assert_int_equal(insert(f, &entity_mechanism, vals, &id, &e), URA_EUNPROCESSABLE);
	assert_string_equal(e.items[0].field, "kind");
	assert_int_equal(e.items[0].message, MSG_ALREADY_USED);
	mechanism(vals, "gbv", m, 0);
	insert_ok(f, &entity_mechanism, vals);
}

static void
test_user_password_is_never_read_back(void **state)
{
	struct fixture *f = *state;
	struct value vals[VALS_MAX];
	struct record rec;
	struct user u;
	const char *hash = NULL;
	int64_t id;

	user(vals, "admin", "admin", 0);
	id = insert_ok(f, &entity_user, vals);
	assert_int_equal(store_entity_get(store_reader(f->s), &f->arena, &entity_user, id, &rec),
			 URA_OK);
	assert_false(field(&entity_user, rec.vals, "password")->present);
	assert_null(field(&entity_user, rec.vals, "password")->s);
	assert_string_equal(field(&entity_user, rec.vals, "role")->s, "admin");
	assert_string_equal(field(&entity_user, rec.vals, "locale")->s, "sq");
	assert_int_equal(field(&entity_user, rec.vals, "active")->i, 1);
	assert_true(field(&entity_user, rec.vals, "institution_id")->null);

	/* only sign-in sees the hash */
	assert_int_equal(store_user_for_sign_in(store_reader(f->s), &f->arena, "admin", &u, &hash),
			 URA_OK);
	assert_int_equal(u.id, id);
	assert_int_equal(u.role, ROLE_ADMIN);
	assert_true(u.active);
	assert_string_equal(hash, "$argon2id$v=19$m=19456,t=2,p=1$not-real");
	assert_int_equal(store_user_for_sign_in(store_reader(f->s), &f->arena, "nobody", &u, &hash),
			 URA_ENOTFOUND);
}

/* ---- group commit ---- */

#define WRITERS 16

struct writer {
	struct fixture *f;
	pthread_barrier_t *start;
	char code[8];
	char name[32];
	struct value vals[VALS_MAX];
	struct entity_write w;
	enum ura_status rc;
	int pending; /* rows of earlier writes in the same, not yet committed, batch */
};

/* Rows visible to `db`: the writer sees its open transaction, a reader only commits. */
static int
visible_rows(struct db *db)
{
	struct arena a;
	struct record *rows;
	int n = -1;

	arena_init(&a);
	if (store_entity_list(db, &a, &entity_municipality, NULL, 0, 500, &rows, &n) != URA_OK)
		n = -1;
	arena_free(&a);
	return n;
}

/*
 * Runs on the writer thread. Notes how many uncommitted rows of other writes it can see (proof
 * that writes share a batch), and is a little slow so that the threads' writes pile up.
 */
static enum ura_status
batched_write_fn(struct db *db, void *arg)
{
	struct writer *wr = arg;

	wr->pending = visible_rows(db) - visible_rows(store_reader(wr->f->s));
	usleep(2000);
	return entity_write_fn(db, &wr->w);
}

static void *
writer_main(void *arg)
{
	struct writer *wr = arg;

	pthread_barrier_wait(wr->start);
	wr->rc = store_write(wr->f->s, batched_write_fn, wr);
	return NULL;
}

static bool
code_present(struct fixture *f, const char *code)
{
	struct record *rows;
	int n = 0;

	assert_int_equal(store_entity_list(store_reader(f->s), &f->arena, &entity_municipality, NULL, 0,
					   500, &rows, &n),
			 URA_OK);
	for (int i = 0; i < n; i++)
		if (strcmp(field(&entity_municipality, rows[i].vals, "code")->s, code) == 0)
			return true;
	return false;
}

static void
test_failing_write_rolls_back_alone_among_concurrent_writes(void **state)
{
	struct fixture *f = *state;
	int most_pending = 0;

	for (int round = 0; round < 3; round++) {
		int failing = (round * 5 + 3) % WRITERS, duplicate = (failing + 7) % WRITERS;
		pthread_barrier_t start;
		pthread_t threads[WRITERS];
		struct writer *ws = calloc(WRITERS, sizeof(*ws));
		int before = count_rows(f, &entity_municipality);

		assert_non_null(ws);
		pthread_barrier_init(&start, NULL, WRITERS);
		for (int i = 0; i < WRITERS; i++) {
			struct writer *wr = &ws[i];

			wr->f = f;
			wr->start = &start;
			snprintf(wr->code, sizeof(wr->code), "%c%c%c", 'A' + round, 'A' + i / 26,
				 'A' + i % 26);
			snprintf(wr->name, sizeof(wr->name), "Writer %d", i);
			/* one thread reuses an existing code: a failing SQL statement mid-batch */
			municipality(wr->vals, wr->name, i == duplicate ? "KOR" : wr->code);
			wr->w = (struct entity_write){ .def = &entity_municipality, .vals = wr->vals,
						       .now = NOW,
						       .then = i == failing ? URA_ECONFLICT : URA_OK };
		}
		if (round == 0) {
			struct value vals[VALS_MAX];
			municipality(vals, "Korçë", "KOR");
			insert_ok(f, &entity_municipality, vals);
			before++;
		}
		for (int i = 0; i < WRITERS; i++)
			assert_int_equal(pthread_create(&threads[i], NULL, writer_main, &ws[i]), 0);
		for (int i = 0; i < WRITERS; i++)
			pthread_join(threads[i], NULL);
		pthread_barrier_destroy(&start);

		for (int i = 0; i < WRITERS; i++) {
			enum ura_status want = i == failing     ? URA_ECONFLICT
					       : i == duplicate ? URA_EUNPROCESSABLE
								: URA_OK;
			if (ws[i].rc != want)
				fail_msg("round %d writer %d: status %d, expected %d", round, i,
					 ws[i].rc, want);
			if (code_present(f, ws[i].code) != (want == URA_OK))
				fail_msg("round %d writer %d: row %s", round, i,
					 want == URA_OK ? "missing" : "present");
			assert_true(ws[i].pending >= 0);
			if (ws[i].pending > most_pending)
				most_pending = ws[i].pending;
		}
		assert_int_equal(count_rows(f, &entity_municipality), before + WRITERS - 2);
		free(ws);
	}
	/* Some write saw others' uncommitted rows: the failures above happened mid-batch. */
	assert_true(most_pending > 0);
}

struct two_inserts {
	struct value a[VALS_MAX], b[VALS_MAX];
	struct field_errors errors;
};

static enum ura_status
two_inserts_fn(struct db *db, void *arg)
{
	struct two_inserts *t = arg;
	int64_t id;
	enum ura_status rc = store_entity_insert(db, &entity_municipality, t->a, NOW, &id,
						 &t->errors);

	if (rc != URA_OK)
		return rc;
	return store_entity_insert(db, &entity_municipality, t->b, NOW, &id, &t->errors);
}

static void
test_write_is_all_or_nothing(void **state)
{
	/* The first insert succeeds, the second breaks the unique code: neither stays. */
	struct fixture *f = *state;
	struct two_inserts t;

	memset(&t, 0, sizeof(t));
	municipality(t.a, "First", "FST");
	municipality(t.b, "Second", "FST");
	assert_int_equal(store_write(f->s, two_inserts_fn, &t), URA_EUNPROCESSABLE);
	assert_int_equal(count_rows(f, &entity_municipality), 0);

	municipality(t.b, "Second", "SND");
	memset(&t.errors, 0, sizeof(t.errors));
	assert_int_equal(store_write(f->s, two_inserts_fn, &t), URA_OK);
	assert_int_equal(count_rows(f, &entity_municipality), 2);
}

/* ---- sessions and tokens ---- */

struct auth_write {
	int64_t user_id, id, now, expires_at;
	unsigned char token[32], csrf[32];
	const char *name, *subject, *username;
	bool active;
	int op;
	enum ura_status rc;
};

enum { OP_SESSION_INSERT, OP_SESSION_TOUCH, OP_SESSION_DELETE, OP_TOKEN_INSERT,
       OP_TOKEN_REVOKE, OP_FAILURE_ADD, OP_FAILURE_CLEAR, OP_SET_ACTIVE, OP_SET_PASSWORD };

static enum ura_status
auth_write_fn(struct db *db, void *arg)
{
	struct auth_write *a = arg;

	switch (a->op) {
	case OP_SESSION_INSERT:
		return store_session_insert(db, a->token, a->csrf, a->user_id, a->now, a->expires_at,
					    &a->id);
	case OP_SESSION_TOUCH: return store_session_touch(db, a->id, a->now);
	case OP_SESSION_DELETE: return store_session_delete(db, a->id);
	case OP_TOKEN_INSERT:
		return store_token_insert(db, a->user_id, a->name, a->token, a->now, a->expires_at,
					  &a->id);
	case OP_TOKEN_REVOKE: return store_token_revoke(db, a->user_id, a->id, a->now);
	case OP_FAILURE_ADD: return store_sign_in_failure_add(db, a->subject, a->now);
	case OP_FAILURE_CLEAR: return store_sign_in_failures_clear(db, a->subject);
	case OP_SET_ACTIVE:
		return store_user_set_active(db, a->username, a->active, a->now, &a->user_id);
	case OP_SET_PASSWORD:
		return store_user_set_password(db, a->username, a->name, a->now, &a->user_id);
	}
	return URA_EINTERNAL;
}

static enum ura_status
auth(struct fixture *f, struct auth_write *a)
{
	return store_write(f->s, auth_write_fn, a);
}

static int64_t
a_user(struct fixture *f, const char *username, const char *role)
{
	struct value vals[VALS_MAX];

	user(vals, username, role, 0);
	return insert_ok(f, &entity_user, vals);
}

static void
test_sessions_insert_find_touch_delete(void **state)
{
	struct fixture *f = *state;
	int64_t uid = a_user(f, "coord", "coordinator");
	struct auth_write a = { .op = OP_SESSION_INSERT, .user_id = uid, .now = NOW,
				.expires_at = NOW + 43200 };
	struct session_row row;
	char tok[TOKEN_TEXT_LEN + 1], csrf[TOKEN_TEXT_LEN + 1];
	unsigned char other[32];

	assert_true(crypt_init(1));
	token_new(tok);
	token_new(csrf);
	token_hash(tok, strlen(tok), a.token);
	token_hash(csrf, strlen(csrf), a.csrf);
	assert_int_equal(auth(f, &a), URA_OK);
	assert_true(a.id > 0);

	memset(&row, 0, sizeof(row));
	assert_int_equal(store_session_find(store_reader(f->s), &f->arena, a.token, &row), URA_OK);
	assert_int_equal(row.id, a.id);
	assert_int_equal(row.last_seen_at, NOW);
	assert_int_equal(row.expires_at, NOW + 43200);
	assert_memory_equal(row.csrf_hash, a.csrf, 32);
	assert_int_equal(row.user.id, uid);
	assert_string_equal(row.user.username, "coord");
	assert_int_equal(row.user.role, ROLE_COORDINATOR);
	assert_int_equal(row.user.institution_id, 0);
	assert_true(row.user.active);

	/* an unknown token finds nothing */
	token_hash("not a token", 11, other);
	assert_int_equal(store_session_find(store_reader(f->s), &f->arena, other, &row),
			 URA_ENOTFOUND);

	a.op = OP_SESSION_TOUCH;
	a.now = NOW + 120;
	assert_int_equal(auth(f, &a), URA_OK);
	assert_int_equal(store_session_find(store_reader(f->s), &f->arena, a.token, &row), URA_OK);
	assert_int_equal(row.last_seen_at, NOW + 120);
	assert_int_equal(row.expires_at, NOW + 43200);

	/* the same token cannot open a second session */
	{
		struct auth_write dup = a;
		dup.op = OP_SESSION_INSERT;
		assert_int_equal(auth(f, &dup), URA_EEXISTS);
	}

	a.op = OP_SESSION_DELETE;
	assert_int_equal(auth(f, &a), URA_OK);
	assert_int_equal(store_session_find(store_reader(f->s), &f->arena, a.token, &row),
			 URA_ENOTFOUND);
}

static void
test_tokens_expire_and_revoke(void **state)
{
	struct fixture *f = *state;
	int64_t owner = a_user(f, "integration", "national"), stranger = a_user(f, "other", "admin");
	struct auth_write a = { .op = OP_TOKEN_INSERT, .user_id = owner, .name = "nightly export",
				.now = NOW, .expires_at = NOW + 3600 };
	struct token_row *list;
	struct user u;
	int64_t tid = 0;
	int n = 0;

	token_hash("token-one", 9, a.token);
	assert_int_equal(auth(f, &a), URA_OK);
	assert_int_equal(store_token_find(store_reader(f->s), &f->arena, a.token, NOW + 3599, &tid,
					  &u),
			 URA_OK);
	assert_int_equal(tid, a.id);
	assert_int_equal(u.id, owner);
	assert_int_equal(u.role, ROLE_NATIONAL);
	assert_int_equal(store_token_find(store_reader(f->s), &f->arena, a.token, NOW + 3600, &tid,
					  &u),
			 URA_ENOTFOUND);

	/* only the owner revokes, and only once */
	a.op = OP_TOKEN_REVOKE;
	a.user_id = stranger;
	a.now = NOW + 10;
	assert_int_equal(auth(f, &a), URA_ENOTFOUND);
	assert_int_equal(store_token_find(store_reader(f->s), &f->arena, a.token, NOW + 20, &tid,
					  &u),
			 URA_OK);
	a.user_id = owner;
	assert_int_equal(auth(f, &a), URA_OK);
	assert_int_equal(store_token_find(store_reader(f->s), &f->arena, a.token, NOW + 20, &tid,
					  &u),
			 URA_ENOTFOUND);
	assert_int_equal(auth(f, &a), URA_ENOTFOUND);

	assert_int_equal(store_token_list(store_reader(f->s), &f->arena, owner, &list, &n), URA_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "nightly export");
	assert_int_equal(list[0].revoked_at, NOW + 10);
	assert_int_equal(list[0].expires_at, NOW + 3600);
	assert_int_equal(store_token_list(store_reader(f->s), &f->arena, stranger, &list, &n),
			 URA_OK);
	assert_int_equal(n, 0);
}

static void
test_sign_in_failures_count_and_clear(void **state)
{
	struct fixture *f = *state;
	static const int64_t at[] = { 100, 200, 300 };
	struct auth_write a = { .op = OP_FAILURE_ADD, .subject = "user:alice" };
	int count = -1;
	int64_t oldest = -1;

	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		a.now = NOW + at[i];
		assert_int_equal(auth(f, &a), URA_OK);
	}
	a.subject = "addr:192.0.2.7";
	a.now = NOW + 50;
	assert_int_equal(auth(f, &a), URA_OK);

	assert_int_equal(store_sign_in_failures(store_reader(f->s), "user:alice", NOW, &count,
						&oldest),
			 URA_OK);
	assert_int_equal(count, 3);
	assert_int_equal(oldest, NOW + 100);
	/* "since" is exclusive: a failure exactly at it has left the window */
	assert_int_equal(store_sign_in_failures(store_reader(f->s), "user:alice", NOW + 200, &count,
						&oldest),
			 URA_OK);
	assert_int_equal(count, 1);
	assert_int_equal(oldest, NOW + 300);

	a.op = OP_FAILURE_CLEAR;
	a.subject = "user:alice";
	assert_int_equal(auth(f, &a), URA_OK);
	assert_int_equal(store_sign_in_failures(store_reader(f->s), "user:alice", 0, &count,
						&oldest),
			 URA_OK);
	assert_int_equal(count, 0);
	assert_int_equal(oldest, 0);
	/* another subject's failures stay */
	assert_int_equal(store_sign_in_failures(store_reader(f->s), "addr:192.0.2.7", 0, &count,
						&oldest),
			 URA_OK);
	assert_int_equal(count, 1);
	assert_int_equal(oldest, NOW + 50);
}

static void
test_user_set_active_and_password(void **state)
{
	struct fixture *f = *state;
	int64_t uid = a_user(f, "someone", "auditor");
	struct auth_write a = { .op = OP_SET_ACTIVE, .username = "someone", .active = false,
				.now = NOW + 5 };
	struct user u;
	const char *hash;

	assert_int_equal(auth(f, &a), URA_OK);
	assert_int_equal(a.user_id, uid);
	assert_int_equal(store_user_by_id(store_reader(f->s), &f->arena, uid, &u), URA_OK);
	assert_false(u.active);
	assert_string_equal(u.username, "someone");
	assert_int_equal(u.role, ROLE_AUDITOR);

	a.op = OP_SET_PASSWORD;
	a.name = "$argon2id$new";
	assert_int_equal(auth(f, &a), URA_OK);
	assert_int_equal(store_user_for_sign_in(store_reader(f->s), &f->arena, "someone", &u,
						&hash),
			 URA_OK);
	assert_string_equal(hash, "$argon2id$new");

	a.username = "nobody";
	assert_int_equal(auth(f, &a), URA_ENOTFOUND);
	a.op = OP_SET_ACTIVE;
	assert_int_equal(auth(f, &a), URA_ENOTFOUND);
	assert_int_equal(store_user_by_id(store_reader(f->s), &f->arena, 9999, &u), URA_ENOTFOUND);
}

/* ---- members ---- */

struct member_write {
	int64_t mechanism, institution;
	const char *joined_on;
	bool remove;
};

static enum ura_status
member_write_fn(struct db *db, void *arg)
{
	struct member_write *m = arg;

	return m->remove ? store_member_remove(db, m->mechanism, m->institution)
			 : store_member_add(db, m->mechanism, m->institution, m->joined_on, NOW);
}

static void
test_members_add_list_remove(void **state)
{
	struct fixture *f = *state;
	struct value vals[VALS_MAX];
	struct member_row *rows;
	int64_t m, police, shelter, coord, mech, who = -1;
	int n = -1;

	municipality(vals, "Korçë", "KOR");
	m = insert_ok(f, &entity_municipality, vals);
	institution(vals, "Police", "police", m);
	police = insert_ok(f, &entity_institution, vals);
	institution(vals, "Anti-violence shelter", "shelter", m);
	shelter = insert_ok(f, &entity_institution, vals);
	coord = a_user(f, "coord", "coordinator");
	mechanism(vals, "domestic_violence", m, coord);
	mech = insert_ok(f, &entity_mechanism, vals);

	assert_int_equal(store_mechanism_coordinator(store_reader(f->s), mech, &who), URA_OK);
	assert_int_equal(who, coord);
	assert_int_equal(store_mechanism_coordinator(store_reader(f->s), mech + 100, &who),
			 URA_ENOTFOUND);
	assert_int_equal(store_institution_exists(store_reader(f->s), police), URA_OK);
	assert_int_equal(store_institution_exists(store_reader(f->s), 4242), URA_ENOTFOUND);

	{
		struct member_write a = { mech, police, "2019-03-08", false };
		struct member_write b = { mech, shelter, NULL, false };
		assert_int_equal(store_write(f->s, member_write_fn, &a), URA_OK);
		assert_int_equal(store_write(f->s, member_write_fn, &b), URA_OK);
		assert_int_equal(store_write(f->s, member_write_fn, &a), URA_EEXISTS);
	}
	assert_int_equal(store_member_list(store_reader(f->s), &f->arena, mech, &rows, &n), URA_OK);
	assert_int_equal(n, 2);
	/* ordered by name */
	assert_string_equal(rows[0].name, "Anti-violence shelter");
	assert_string_equal(rows[0].type, "shelter");
	assert_null(rows[0].joined_on);
	assert_int_equal(rows[1].institution_id, police);
	assert_string_equal(rows[1].joined_on, "2019-03-08");
	assert_int_equal(rows[1].added_at, NOW);

	{
		struct member_write r = { mech, police, NULL, true };
		assert_int_equal(store_write(f->s, member_write_fn, &r), URA_OK);
		assert_int_equal(store_write(f->s, member_write_fn, &r), URA_ENOTFOUND);
	}
	assert_int_equal(store_member_list(store_reader(f->s), &f->arena, mech, &rows, &n), URA_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].institution_id, shelter);
}

/* ---- backup ---- */

static void
test_backup_is_a_consistent_copy(void **state)
{
	struct fixture *f = *state;
	struct value vals[VALS_MAX];
	char dest[160], err[256] = "";
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	municipality(vals, "Korçë", "KOR");
	insert_ok(f, &entity_municipality, vals);
	municipality(vals, "Tirana", "TIR");
	insert_ok(f, &entity_municipality, vals);
	snprintf(dest, sizeof(dest), "%s/backup.db", f->dir);
	assert_int_equal(store_backup(f->s, dest, err, sizeof(err)), URA_OK);

	assert_int_equal(sqlite3_open_v2(dest, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(code, ',') FROM "
						"(SELECT code FROM municipalities ORDER BY id)",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "KOR,TIR");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_migrate_and_reopen),
		T(test_open_refuses_missing_file_and_postgres),
		T(test_insert_then_get_municipality),
		T(test_null_is_stored_as_null),
		T(test_get_unknown_id_is_not_found),
		T(test_list_pages_by_id),
		T(test_update_writes_only_present_fields),
		T(test_duplicate_code_is_unprocessable_on_code),
		T(test_reference_to_missing_municipality_is_unprocessable),
		T(test_reference_condition_coordinator_must_be_a_coordinator),
		T(test_user_password_is_never_read_back),
		T(test_failing_write_rolls_back_alone_among_concurrent_writes),
		T(test_write_is_all_or_nothing),
		T(test_sessions_insert_find_touch_delete),
		T(test_tokens_expire_and_revoke),
		T(test_sign_in_failures_count_and_clear),
		T(test_user_set_active_and_password),
		T(test_members_add_list_remove),
		T(test_backup_is_a_consistent_copy),
	};

	log_set_level(LOG_WARN); /* no "migrate" line per test */
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
