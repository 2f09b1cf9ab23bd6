/*
 * Case storage (src/store/cases.c) on both engines: reference numbers per municipality and
 * year, gap-free and unique under concurrent writers; encrypted category columns that
 * decrypt only for their own case; blind-index look-ups for duplicates and repeats; and no
 * personal string stored in clear (on SQLite: anywhere in the files, WAL included).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sodium.h>

#include "core/clock.h"
#include "crypt/field.h"
#include "testdb.h"

#define NAME_IN_CLEAR "Drita Çelaj-Hoxhallari"

static struct keys keys;

struct world {
	struct testdb db;
	int64_t municipality, other_municipality, institution, mechanism;
};

/* ---- set-up: a municipality, an institution, a mechanism ---- */

struct seed {
	const struct entity_def *def;
	struct value vals[16];
	int64_t id;
	struct field_errors errors;
};

static enum ura_status
seed_fn(struct db *db, void *ctx)
{
	struct seed *s = ctx;
	return store_entity_insert(db, s->def, s->vals, clock_now(), &s->id, &s->errors);
}

static int64_t
seed(struct store *st, const struct entity_def *def, const char *const *names,
     const char *const *texts, const int64_t *nums, int n)
{
	struct seed s = { .def = def };

	for (int i = 0; i < n; i++)
		s.vals[entity_field_index(def, names[i])] =
			(struct value){ .present = true, .s = texts[i], .i = nums[i] };
	entity_apply_defaults(def, s.vals);
	assert_int_equal(store_write(st, seed_fn, &s), URA_OK);
	return s.id;
}

static int
setup(void **state)
{
	static struct world w;
	unsigned char master[MASTER_KEY_LEN], wrapped[WRAPPED_KEY_LEN];

	if (!crypt_init(2) || !testdb_open(&w.db))
		return -1;
	randombytes_buf(master, sizeof(master));
	keys_generate(&keys, master, wrapped);
	{
		const char *n[] = { "name", "code", "country" };
		const char *t[] = { "Korçë", "KOR", "AL" }, *t2[] = { "Pogradec", "POG", "AL" };
		const int64_t z[] = { 0, 0, 0 };
		w.municipality = seed(w.db.store, &entity_municipality, n, t, z, 3);
		w.other_municipality = seed(w.db.store, &entity_municipality, n, t2, z, 3);
	}
	{
		const char *n[] = { "name", "type", "municipality_id" };
		const char *t[] = { "Policia", "police", NULL };
		const int64_t v[] = { 0, 0, w.municipality };
		w.institution = seed(w.db.store, &entity_institution, n, t, v, 3);
	}
	{
		const char *n[] = { "name", "kind", "municipality_id" };
		const char *t[] = { "Mekanizmi", "domestic_violence", NULL };
		const int64_t v[] = { 0, 0, w.municipality };
		w.mechanism = seed(w.db.store, &entity_mechanism, n, t, v, 3);
	}
	*state = &w;
	return 0;
}

static int
teardown(void **state)
{
	struct world *w = *state;
	testdb_close(&w->db);
	keys_wipe(&keys);
	return 0;
}

/* ---- reference numbers ---- */

struct next_ref {
	int64_t municipality, year, number;
};

static enum ura_status
next_ref_fn(struct db *db, void *ctx)
{
	struct next_ref *r = ctx;
	return store_case_reference_next(db, r->municipality, r->year, &r->number);
}

static int64_t
next_ref(struct store *s, int64_t municipality, int64_t year)
{
	struct next_ref r = { municipality, year, 0 };
	assert_int_equal(store_write(s, next_ref_fn, &r), URA_OK);
	return r.number;
}

static void
test_reference_numbers_count_per_municipality_and_year(void **state)
{
	struct world *w = *state;

	assert_int_equal(next_ref(w->db.store, w->municipality, 2030), 1);
	assert_int_equal(next_ref(w->db.store, w->municipality, 2030), 2);
	assert_int_equal(next_ref(w->db.store, w->other_municipality, 2030), 1);
	assert_int_equal(next_ref(w->db.store, w->municipality, 2031), 1);
	assert_int_equal(next_ref(w->db.store, w->municipality, 2030), 3);
}

#define THREADS 8
#define PER_THREAD 25

struct racer {
	struct world *w;
	int64_t got[PER_THREAD];
};

static void *
race(void *arg)
{
	struct racer *r = arg;

	for (int i = 0; i < PER_THREAD; i++) {
		struct next_ref n = { r->w->municipality, 2040, 0 };
		if (store_write(r->w->db.store, next_ref_fn, &n) != URA_OK)
			n.number = -1;
		r->got[i] = n.number;
	}
	return NULL;
}

static void
test_concurrent_writers_get_distinct_gap_free_numbers(void **state)
{
	static struct racer racers[THREADS];
	bool seen[THREADS * PER_THREAD + 1] = { false };
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++) {
		racers[i].w = *state;
		pthread_create(&t[i], NULL, race, &racers[i]);
	}
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < THREADS; i++) {
		for (int j = 0; j < PER_THREAD; j++) {
			int64_t n = racers[i].got[j];
			assert_in_range(n, 1, THREADS * PER_THREAD);
			assert_false(seen[n]); /* no number handed out twice */
			seen[n] = true;
		}
	}
}

/* ---- cases with encrypted categories ---- */

struct new_case {
	struct world *w;
	struct case_row row;
	const char *identity_json;
	unsigned char index[BLIND_INDEX_LEN];
	struct arena arena;
};

static enum ura_status
new_case_fn(struct db *db, void *ctx)
{
	struct new_case *c = ctx;
	enum ura_status st = store_case_insert(db, &c->row, &c->row.id);
	size_t len;

	if (st != URA_OK)
		return st;
	c->row.identity.p = field_encrypt(&c->arena, &keys, "cases", "identity", c->row.id,
					  c->identity_json, strlen(c->identity_json), &len);
	c->row.identity.len = len;
	c->row.survivor_index = (struct blob){ c->index, sizeof(c->index) };
	return store_case_set_personal(db, &c->row);
}

static int64_t
create_case(struct world *w, const char *reference, const char *given, const char *family,
	    const char *born)
{
	struct new_case c = { .w = w };
	char json[256];

	arena_init(&c.arena);
	snprintf(json, sizeof(json), "{\"given_name\":\"%s\",\"family_name\":\"%s\","
		 "\"date_of_birth\":\"%s\"}", given, family, born);
	c.identity_json = json;
	blind_index(&keys, given, family, born, c.index);
	c.row = (struct case_row){ .reference = reference, .kind = "domestic_violence",
				   .mechanism_id = w->mechanism,
				   .owner_institution_id = w->institution,
				   .survivor_sex = "female", .survivor_birth_year = 1990,
				   .created_at = clock_now() };
	assert_int_equal(store_write(w->db.store, new_case_fn, &c), URA_OK);
	arena_free(&c.arena);
	return c.row.id;
}

static void
test_case_round_trip_decrypts_only_for_its_own_row(void **state)
{
	struct world *w = *state;
	int64_t id = create_case(w, "KOR-2026-0001", "Drita", "Çelaj-Hoxhallari", "1990-04-02");
	struct case_row row;
	struct arena a;
	char *plain;

	arena_init(&a);
	assert_int_equal(store_case_get(store_reader(w->db.store), &a, id, &row), URA_OK);
	assert_string_equal(row.reference, "KOR-2026-0001");
	assert_string_equal(row.status, "open");
	assert_string_equal(row.risk_level, "unassessed");
	assert_int_equal(row.survivor_birth_year, 1990);
	assert_int_equal(row.contact.len, 0);
	plain = field_decrypt(&a, &keys, "cases", "identity", id, row.identity.p,
			      row.identity.len);
	assert_non_null(plain);
	assert_non_null(strstr(plain, "Çelaj-Hoxhallari"));
	assert_null(field_decrypt(&a, &keys, "cases", "identity", id + 1, row.identity.p,
				  row.identity.len));
	assert_int_equal(store_case_get(store_reader(w->db.store), &a, id + 1000, &row),
			 URA_ENOTFOUND);
	arena_free(&a);
}

static void
test_duplicate_reference_is_refused(void **state)
{
	struct world *w = *state;
	struct new_case c = { .w = w, .identity_json = "{}" };

	create_case(w, "KOR-2026-0777", "A", "B", "2000-01-01");
	arena_init(&c.arena);
	c.row = (struct case_row){ .reference = "KOR-2026-0777", .kind = "gbv",
				   .mechanism_id = w->mechanism,
				   .owner_institution_id = w->institution, .created_at = 1 };
	assert_int_equal(store_write(w->db.store, new_case_fn, &c), URA_EEXISTS);
	arena_free(&c.arena);
}

static void
test_blind_index_finds_the_same_survivor_across_spellings(void **state)
{
	struct world *w = *state;
	int64_t first = create_case(w, "KOR-2026-0101", "Arta", "Kërçova", "1985-07-09");
	int64_t second = create_case(w, "KOR-2026-0102", " ARTA ", "Kercova", "1985-07-09");
	int64_t other = create_case(w, "KOR-2026-0103", "Arta", "Kërçova", "1985-07-10");
	unsigned char index[BLIND_INDEX_LEN];
	struct case_match *found;
	struct arena a;
	int n;

	(void)other;
	arena_init(&a);
	blind_index(&keys, "arta", "KËRÇOVA", "1985-07-09", index);
	struct case_match_query q = { .index = index, .len = sizeof(index), .except_id = second,
				      .viewer_institution_id = w->institution,
				      .mechanism_id = w->mechanism, .max = 10 };

	assert_int_equal(store_cases_matching(store_reader(w->db.store), &a, &q, &found, &n),
			 URA_OK);
	assert_int_equal(n, 1);
	assert_int_equal(found[0].id, first);
	assert_int_equal(found[0].owner_institution_id, w->institution);
	assert_true(found[0].visible);
	/* the jurisdiction's facts come with each match (both mechanisms: the same one here) */
	assert_string_equal(found[0].country, found[0].own_country);
	assert_false(found[0].cross_border);
	q.viewer_institution_id = w->institution + 1000;
	assert_int_equal(store_cases_matching(store_reader(w->db.store), &a, &q, &found, &n),
			 URA_OK);
	assert_int_equal(n, 1);
	assert_false(found[0].visible);
	/* `since` after both cases were made finds nothing */
	q = (struct case_match_query){ .index = index, .len = sizeof(index),
				       .mechanism_id = w->mechanism, .since = clock_now() + 1,
				       .max = 10 };
	assert_int_equal(store_cases_matching(store_reader(w->db.store), &a, &q, &found, &n),
			 URA_OK);
	assert_int_equal(n, 0);
	arena_free(&a);
}

/* Reads a whole file; NULL when absent. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long size;

	*len = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size);
		*len = fread(buf, 1, (size_t)size, f);
	}
	fclose(f);
	return buf;
}

/* On PostgreSQL: how many rows of `cases` hold `needle` in any column, as stored bytes. */
static long
postgres_rows_holding(const char *url, const char *needle)
{
	const char *sql = "SELECT count(*) FROM cases c WHERE position(convert_to($1, 'UTF8') in "
			  "convert_to(c::text, 'UTF8')) > 0 OR position(convert_to($1, 'UTF8') in "
			  "coalesce(c.identity, ''::bytea)) > 0";
	PGconn *conn = PQconnectdb(url);
	PGresult *r = PQexecParams(conn, sql, 1, NULL, &needle, NULL, NULL, 0);
	long n = PQresultStatus(r) == PGRES_TUPLES_OK ? atol(PQgetvalue(r, 0, 0)) : -1;

	PQclear(r);
	PQfinish(conn);
	return n;
}

/* On SQLite: whether `needle` occurs in the database file or its WAL. */
static bool
sqlite_files_hold(const char *db, const char *needle)
{
	const char *suffixes[] = { "", "-wal" };
	bool found = false;

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char path[1100];
		size_t len;
		unsigned char *bytes;

		snprintf(path, sizeof(path), "%s%s", db, suffixes[i]);
		if ((bytes = slurp(path, &len)) == NULL)
			continue;
		found |= memmem(bytes, len, needle, strlen(needle)) != NULL;
		free(bytes);
	}
	return found;
}

static void
test_no_personal_string_is_stored_in_clear(void **state)
{
	struct world *w = *state;
	const char *personal[] = { "Hoxhallari", "1990-04-02" };

	create_case(w, "KOR-2026-0999", "Drita", "Çelaj-Hoxhallari", "1990-04-02");
	/* The control: the plain reference is found, so the search does look at the data. */
	if (w->db.postgres)
		assert_int_equal(postgres_rows_holding(w->db.url, "KOR-2026-0999"), 1);
	else
		assert_true(sqlite_files_hold(w->db.url, "KOR-2026-0999"));
	for (size_t i = 0; i < sizeof(personal) / sizeof(personal[0]); i++) {
		if (w->db.postgres)
			assert_int_equal(postgres_rows_holding(w->db.url, personal[i]), 0);
		else
			assert_false(sqlite_files_hold(w->db.url, personal[i]));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_numbers_count_per_municipality_and_year),
		cmocka_unit_test(test_concurrent_writers_get_distinct_gap_free_numbers),
		cmocka_unit_test(test_case_round_trip_decrypts_only_for_its_own_row),
		cmocka_unit_test(test_duplicate_reference_is_refused),
		cmocka_unit_test(test_blind_index_finds_the_same_survivor_across_spellings),
		cmocka_unit_test(test_no_personal_string_is_stored_in_clear),
	};
	return cmocka_run_group_tests_name("cases", tests, setup, teardown);
}
