/*
 * Unit tests for src/domain/risk.c: the two shipped instruments (data/instruments/, read from
 * the repository root, where the tests run) parse and are worded in every language; a small
 * instrument scored at every threshold boundary, with and without its critical item; the
 * problems of bad answers, each named; the override rule over every role × raise, lower, same
 * × reason or none; and malformed instrument files, each refused with the fault named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/i18n.h"
#include "core/status.h"
#include "domain/directory.h"
#include "domain/risk.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A small instrument, total weight 12: a 1, b 2, c 2, d 4, k 3 (critical), z 0. */
static const char base_json[] =
	"{\"code\":\"t-1\",\"kind\":\"domestic_violence\",\"version\":1,"
	"\"title\":{\"sq\":\"Titulli ë\",\"en\":\"Title\",\"sr-Latn\":\"Naslov\"},"
	"\"thresholds\":{\"medium\":3,\"high\":6,\"extreme\":9},"
	"\"items\":["
	"{\"id\":\"a\",\"text\":{\"sq\":\"Pyetja A ë?\",\"en\":\"Question A?\","
	"\"sr-Latn\":\"Pitanje A?\"},\"weight\":1,\"critical\":false},"
	"{\"id\":\"b\",\"text\":{\"sq\":\"Pyetja B ë?\",\"en\":\"Question B?\","
	"\"sr-Latn\":\"Pitanje B?\"},\"weight\":2,\"critical\":false},"
	"{\"id\":\"c\",\"text\":{\"sq\":\"Pyetja C ë?\",\"en\":\"Question C?\","
	"\"sr-Latn\":\"Pitanje C?\"},\"weight\":2,\"critical\":false},"
	"{\"id\":\"d\",\"text\":{\"sq\":\"Pyetja D ë?\",\"en\":\"Question D?\","
	"\"sr-Latn\":\"Pitanje D?\"},\"weight\":4,\"critical\":false},"
	"{\"id\":\"k\",\"text\":{\"sq\":\"Pyetja K ë?\",\"en\":\"Question K?\","
	"\"sr-Latn\":\"Pitanje K?\"},\"weight\":3,\"critical\":true},"
	"{\"id\":\"z\",\"text\":{\"sq\":\"Pyetja Z ë?\",\"en\":\"Question Z?\","
	"\"sr-Latn\":\"Pitanje Z?\"},\"weight\":0,\"critical\":false}"
	"]}";

/* base_json with the first `from` replaced by `to` (malloc'd); fails when `from` is absent,
 * so a mutation can never silently test the unchanged file. */
static char *
mutate(const char *base, const char *from, const char *to)
{
	const char *at = strstr(base, from);
	size_t pre, n;
	char *out;

	if (at == NULL)
		fail_msg("mutation source not found: %s", from);
	pre = (size_t)(at - base);
	n = strlen(base) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	assert_non_null(out);
	memcpy(out, base, pre);
	memcpy(out + pre, to, strlen(to));
	strcpy(out + pre + strlen(to), at + strlen(from));
	return out;
}

static char *
read_text_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		fail_msg("cannot open %s (run the tests from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
parse_ok(struct arena *a, const char *json, struct risk_instrument *ins)
{
	const char *error = NULL;
	enum ura_status st = risk_instrument_parse(a, json, ins, &error);

	if (st != URA_OK)
		fail_msg("parse: %s: %s", ura_status_name(st), error ? error : "(no error)");
}

/* ---- the shipped instruments ---- */

static void
check_shipped(const char *path, const char *code, const char *kind, int min_items,
	      int max_items)
{
	struct arena a;
	struct risk_instrument ins;
	char *text = read_text_file(path);
	int total = 0, ncritical = 0;

	arena_init(&a);
	parse_ok(&a, text, &ins);
	free(text);
	assert_string_equal(ins.code, code);
	assert_string_equal(ins.kind, kind);
	assert_true(ins.version >= 1);
	if (ins.nitems < min_items || ins.nitems > max_items)
		fail_msg("%s: %d items, expected %d..%d", path, ins.nitems, min_items, max_items);
	for (int l = 0; l < LANG_COUNT; l++)
		assert_true(ins.title[l] != NULL && ins.title[l][0] != '\0');
	/* Real Albanian has ë; an English text pasted into sq would not. */
	assert_non_null(strstr(ins.title[LANG_SQ], "ë"));
	for (int i = 0; i < ins.nitems; i++) {
		const struct risk_item *it = &ins.items[i];

		for (int l = 0; l < LANG_COUNT; l++)
			if (it->text[l] == NULL || it->text[l][0] == '\0')
				fail_msg("%s: %s has no %s text", path, it->id,
					 lang_tag((enum lang)l));
		/* Each language is its own wording, never a copy of another. */
		if (strcmp(it->text[LANG_SQ], it->text[LANG_EN]) == 0 ||
		    strcmp(it->text[LANG_SR_LATN], it->text[LANG_EN]) == 0 ||
		    strcmp(it->text[LANG_SQ], it->text[LANG_SR_LATN]) == 0)
			fail_msg("%s: %s repeats a wording across languages", path, it->id);
		for (int j = 0; j < i; j++)
			if (strcmp(ins.items[j].id, it->id) == 0)
				fail_msg("%s: %s twice", path, it->id);
		assert_ptr_equal(risk_instrument_item(&ins, it->id), it);
		total += it->weight;
		ncritical += it->critical;
	}
	assert_true(ncritical >= 1);
	assert_true(0 < ins.medium && ins.medium < ins.high && ins.high < ins.extreme &&
		    ins.extreme <= total);
	arena_free(&a);
}

static void
test_shipped_domestic_violence(void **state)
{
	(void)state;
	check_shipped("data/instruments/domestic_violence.json", "dv-ura-1", "domestic_violence",
		      18, 24);
}

static void
test_shipped_reintegration(void **state)
{
	(void)state;
	check_shipped("data/instruments/reintegration.json", "reint-ura-1", "reintegration", 12,
		      16);
}

/* On the real DV instrument: strangulation alone is high; with enough else, extreme. */
static void
test_shipped_critical_item(void **state)
{
	struct arena a;
	struct risk_instrument ins;
	struct risk_result r;
	char *text = read_text_file("data/instruments/domestic_violence.json");
	json_t *answers = json_object();
	int n = 0;

	(void)state;
	arena_init(&a);
	parse_ok(&a, text, &ins);
	free(text);
	assert_non_null(risk_instrument_item(&ins, "strangulation"));
	assert_true(risk_instrument_item(&ins, "strangulation")->critical);
	json_object_set_new(answers, "strangulation", json_true());
	assert_int_equal(risk_score(&ins, answers, &r, NULL, 0, &n), URA_OK);
	assert_int_equal(r.level, RISK_HIGH);
	assert_true(r.critical_hit);
	assert_true(r.score < ins.high); /* high because critical, not because of the score */
	for (int i = 0; i < ins.nitems; i++)
		json_object_set_new(answers, ins.items[i].id, json_true());
	assert_int_equal(risk_score(&ins, answers, &r, NULL, 0, &n), URA_OK);
	assert_int_equal(r.level, RISK_EXTREME);
	assert_int_equal(r.unanswered, 0);
	assert_int_equal(r.answered_true, ins.nitems);
	json_decref(answers);
	arena_free(&a);
}

/* ---- the small instrument ---- */

static void
test_parse_base(void **state)
{
	static const struct {
		const char *id;
		int weight;
		bool critical;
	} want[] = { { "a", 1, false }, { "b", 2, false }, { "c", 2, false },
		     { "d", 4, false }, { "k", 3, true },  { "z", 0, false } };
	struct arena a;
	struct risk_instrument ins;

	(void)state;
	arena_init(&a);
	parse_ok(&a, base_json, &ins);
	assert_string_equal(ins.code, "t-1");
	assert_string_equal(ins.kind, "domestic_violence");
	assert_int_equal(ins.version, 1);
	assert_string_equal(ins.title[LANG_SQ], "Titulli ë");
	assert_string_equal(ins.title[LANG_EN], "Title");
	assert_string_equal(ins.title[LANG_SR_LATN], "Naslov");
	assert_int_equal(ins.medium, 3);
	assert_int_equal(ins.high, 6);
	assert_int_equal(ins.extreme, 9);
	assert_int_equal(ins.nitems, (int)NELEM(want));
	for (size_t i = 0; i < NELEM(want); i++) {
		assert_string_equal(ins.items[i].id, want[i].id);
		assert_int_equal(ins.items[i].weight, want[i].weight);
		assert_int_equal(ins.items[i].critical, want[i].critical);
	}
	assert_string_equal(ins.items[1].text[LANG_SQ], "Pyetja B ë?");
	assert_string_equal(ins.items[1].text[LANG_EN], "Question B?");
	assert_string_equal(ins.items[1].text[LANG_SR_LATN], "Pitanje B?");
	assert_ptr_equal(risk_instrument_item(&ins, "k"), &ins.items[4]);
	assert_null(risk_instrument_item(&ins, "q"));
	assert_null(risk_instrument_item(&ins, NULL));
	arena_free(&a);
}

/* tr and bs (issue 16) are optional: given, they are read; left out, the English reads. */
static void
test_turkish_and_bosnian_texts(void **state)
{
	struct arena a;
	struct risk_instrument ins;
	char *json = mutate(base_json, "\"sr-Latn\":\"Pitanje B?\"",
			    "\"sr-Latn\":\"Pitanje B?\",\"tr\":\"Soru B?\",\"bs\":\"Pitanje B?\"");

	(void)state;
	arena_init(&a);
	parse_ok(&a, json, &ins);
	assert_string_equal(ins.items[1].text[LANG_TR], "Soru B?");
	assert_string_equal(ins.items[1].text[LANG_BS], "Pitanje B?");
	assert_string_equal(ins.items[0].text[LANG_TR], "Question A?");
	assert_string_equal(ins.items[0].text[LANG_BS], "Question A?");
	assert_string_equal(ins.title[LANG_TR], "Title");
	arena_free(&a);
	free(json);
}

static void
test_score_table(void **state)
{
	static const struct {
		int line;
		const char *answers;
		int score;
		enum risk_level level;
		bool critical;
		int answered_true, unanswered;
	} rows[] = {
		{ __LINE__, "{}", 0, RISK_STANDARD, false, 0, 6 },
		{ __LINE__, "{\"a\":false,\"b\":false,\"c\":false,\"d\":false,\"k\":false,"
			    "\"z\":false}", 0, RISK_STANDARD, false, 0, 0 },
		{ __LINE__, "{\"z\":true}", 0, RISK_STANDARD, false, 1, 5 },
		{ __LINE__, "{\"b\":true}", 2, RISK_STANDARD, false, 1, 5 },    /* medium - 1 */
		{ __LINE__, "{\"a\":true,\"b\":true}", 3, RISK_MEDIUM, false, 2, 4 }, /* = medium */
		{ __LINE__, "{\"a\":true,\"b\":true,\"c\":true}", 5, RISK_MEDIUM, false, 3, 3 },
		{ __LINE__, "{\"b\":true,\"d\":true}", 6, RISK_HIGH, false, 2, 4 },   /* = high */
		{ __LINE__, "{\"b\":true,\"c\":true,\"d\":true,\"a\":false}", 8, RISK_HIGH, false,
		  3, 2 },                                                           /* extreme - 1 */
		{ __LINE__, "{\"a\":true,\"b\":true,\"c\":true,\"d\":true}", 9, RISK_EXTREME, false,
		  4, 2 },                                                           /* = extreme */
		/* the critical item alone: its score is medium, its level high */
		{ __LINE__, "{\"k\":true}", 3, RISK_HIGH, true, 1, 5 },
		{ __LINE__, "{\"k\":false,\"b\":true,\"a\":true}", 3, RISK_MEDIUM, false, 2, 3 },
		{ __LINE__, "{\"k\":true,\"b\":true}", 5, RISK_HIGH, true, 2, 4 },
		/* critical with a score past extreme stays extreme */
		{ __LINE__, "{\"k\":true,\"d\":true,\"a\":true,\"b\":true}", 10, RISK_EXTREME, true,
		  4, 2 },
		{ __LINE__, "{\"a\":true,\"b\":true,\"c\":true,\"d\":true,\"k\":true,\"z\":true}", 12,
		  RISK_EXTREME, true, 6, 0 },
	};
	struct arena a;
	struct risk_instrument ins;

	(void)state;
	arena_init(&a);
	parse_ok(&a, base_json, &ins);
	for (size_t i = 0; i < NELEM(rows); i++) {
		json_t *answers = json_loads(rows[i].answers, 0, NULL);
		struct risk_result r;
		int n = -1;
		enum ura_status st;

		assert_non_null(answers);
		st = risk_score(&ins, answers, &r, NULL, 0, &n);
		json_decref(answers);
		if (st != URA_OK || n != 0)
			fail_msg("line %d: %s, %d problems", rows[i].line, ura_status_name(st), n);
		if (r.score != rows[i].score || r.level != rows[i].level ||
		    r.critical_hit != rows[i].critical || r.answered_true != rows[i].answered_true ||
		    r.unanswered != rows[i].unanswered)
			fail_msg("line %d: score %d level %s critical %d true %d unanswered %d",
				 rows[i].line, r.score, risk_level_names[r.level], r.critical_hit,
				 r.answered_true, r.unanswered);
	}
	arena_free(&a);
}

/* risk_level_for over every score of the small instrument, with and without a critical. */
static void
test_level_for_every_score(void **state)
{
	struct arena a;
	struct risk_instrument ins;

	(void)state;
	arena_init(&a);
	parse_ok(&a, base_json, &ins);
	for (int s = 0; s <= 12; s++) {
		enum risk_level plain = s >= 9 ? RISK_EXTREME : s >= 6 ? RISK_HIGH
						: s >= 3 ? RISK_MEDIUM : RISK_STANDARD;
		enum risk_level crit = plain < RISK_HIGH ? RISK_HIGH : plain;

		if (risk_level_for(&ins, s, false) != plain)
			fail_msg("score %d: %d, expected %d", s, risk_level_for(&ins, s, false), plain);
		if (risk_level_for(&ins, s, true) != crit)
			fail_msg("score %d critical: %d, expected %d", s,
				 risk_level_for(&ins, s, true), crit);
	}
	arena_free(&a);
}

/* ---- bad answers ---- */

static void
test_answer_problems(void **state)
{
	struct arena a;
	struct risk_instrument ins;
	struct risk_answer_problem p[8];
	struct risk_result r = { .score = 99 };
	json_t *answers = json_loads("{\"a\":true,\"nope\":true,\"b\":\"yes\",\"c\":null,"
				     "\"zz\":1,\"d\":false,\"k\":0}", 0, NULL);
	int n = -1;

	(void)state;
	arena_init(&a);
	parse_ok(&a, base_json, &ins);
	assert_non_null(answers);
	assert_int_equal(risk_score(&ins, answers, &r, p, (int)NELEM(p), &n), URA_EUNPROCESSABLE);
	assert_int_equal(n, 5);
	assert_string_equal(p[0].item, "nope");
	assert_int_equal(p[0].error, RISK_ANSWER_UNKNOWN_ITEM);
	assert_string_equal(p[1].item, "b");
	assert_int_equal(p[1].error, RISK_ANSWER_NOT_BOOLEAN);
	assert_string_equal(p[2].item, "c");
	assert_int_equal(p[2].error, RISK_ANSWER_NOT_BOOLEAN);
	assert_string_equal(p[3].item, "zz");
	assert_int_equal(p[3].error, RISK_ANSWER_UNKNOWN_ITEM);
	assert_string_equal(p[4].item, "k");
	assert_int_equal(p[4].error, RISK_ANSWER_NOT_BOOLEAN);
	assert_int_equal(r.score, 0); /* *out zeroed on failure */
	assert_int_equal(r.level, RISK_UNASSESSED);

	/* Room for two: two kept, still unprocessable. */
	n = -1;
	assert_int_equal(risk_score(&ins, answers, &r, p, 2, &n), URA_EUNPROCESSABLE);
	assert_int_equal(n, 2);
	assert_string_equal(p[1].item, "b");
	/* No room at all. */
	assert_int_equal(risk_score(&ins, answers, &r, NULL, 0, &n), URA_EUNPROCESSABLE);
	assert_int_equal(n, 0);
	assert_int_equal(risk_score(&ins, answers, &r, NULL, 0, NULL), URA_EUNPROCESSABLE);
	json_decref(answers);
	arena_free(&a);
}

static void
test_answers_not_an_object(void **state)
{
	const char *const bad[] = { "[]", "[true]", "true", "\"a\"", "null", "3" };
	struct arena a;
	struct risk_instrument ins;

	(void)state;
	arena_init(&a);
	parse_ok(&a, base_json, &ins);
	for (size_t i = 0; i < NELEM(bad); i++) {
		json_t *answers = json_loads(bad[i], JSON_DECODE_ANY, NULL);
		struct risk_answer_problem p[2] = { { "x", RISK_ANSWER_UNKNOWN_ITEM } };
		struct risk_result r;
		int n = -1;

		assert_non_null(answers);
		if (risk_score(&ins, answers, &r, p, 2, &n) != URA_EUNPROCESSABLE || n != 1 ||
		    p[0].item != NULL || p[0].error != RISK_ANSWER_NOT_OBJECT)
			fail_msg("%s: not refused as a non-object", bad[i]);
		json_decref(answers);
	}
	{
		struct risk_answer_problem p[1];
		struct risk_result r;
		int n = -1;

		assert_int_equal(risk_score(&ins, NULL, &r, p, 1, &n), URA_EUNPROCESSABLE);
		assert_int_equal(n, 1);
		assert_int_equal(p[0].error, RISK_ANSWER_NOT_OBJECT);
	}
	arena_free(&a);
}

/* A key with a NUL inside ("a\0x") is not item "a". */
static void
test_answer_key_with_nul(void **state)
{
	struct arena a;
	struct risk_instrument ins;
	struct risk_answer_problem p[2];
	struct risk_result r;
	json_t *answers = json_object();
	int n = -1;

	(void)state;
	arena_init(&a);
	parse_ok(&a, base_json, &ins);
	assert_int_equal(json_object_setn_new(answers, "a\0x", 3, json_true()), 0);
	assert_int_equal(risk_score(&ins, answers, &r, p, 2, &n), URA_EUNPROCESSABLE);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].error, RISK_ANSWER_UNKNOWN_ITEM);
	json_decref(answers);
	arena_free(&a);
}

/* ---- overrides ---- */

struct override_want {
	enum ura_status status;
	const char *field;
};

#define OK_ { URA_OK, NULL }
#define FORBID { URA_EFORBIDDEN, NULL }
#define NO_REASON { URA_EUNPROCESSABLE, "override_reason" }

enum direction { RAISE, LOWER, SAME };

static void
test_override_matrix(void **state)
{
	static const struct {
		int line;
		enum role role;
		enum direction dir;
		struct override_want with_reason, without_reason;
	} rows[] = {
#define ROW(role, dir, r, nr) { __LINE__, ROLE_##role, dir, r, nr }
		ROW(NONE, RAISE, FORBID, FORBID),
		ROW(NONE, LOWER, FORBID, FORBID),
		ROW(NONE, SAME, FORBID, FORBID),
		ROW(ADMIN, RAISE, FORBID, FORBID),
		ROW(ADMIN, LOWER, FORBID, FORBID),
		ROW(ADMIN, SAME, FORBID, FORBID),
		ROW(COORDINATOR, RAISE, OK_, NO_REASON),
		ROW(COORDINATOR, LOWER, OK_, NO_REASON),
		ROW(COORDINATOR, SAME, OK_, OK_),
		ROW(MANAGER, RAISE, OK_, NO_REASON),
		ROW(MANAGER, LOWER, FORBID, FORBID),
		ROW(MANAGER, SAME, OK_, OK_),
		ROW(CASEWORKER, RAISE, OK_, NO_REASON),
		ROW(CASEWORKER, LOWER, FORBID, FORBID),
		ROW(CASEWORKER, SAME, OK_, OK_),
		ROW(NATIONAL, RAISE, FORBID, FORBID),
		ROW(NATIONAL, LOWER, FORBID, FORBID),
		ROW(NATIONAL, SAME, FORBID, FORBID),
		ROW(AUDITOR, RAISE, FORBID, FORBID),
		ROW(AUDITOR, LOWER, FORBID, FORBID),
		ROW(AUDITOR, SAME, FORBID, FORBID),
#undef ROW
	};
	/* Each direction from a middle level, and at the ends of the scale. */
	static const enum risk_level from[][3] = {
		/* computed, raised, lowered */
		{ RISK_MEDIUM, RISK_HIGH, RISK_STANDARD },
		{ RISK_STANDARD, RISK_EXTREME, RISK_STANDARD },
		{ RISK_EXTREME, RISK_EXTREME, RISK_STANDARD },
		{ RISK_HIGH, RISK_EXTREME, RISK_MEDIUM },
	};
	int checked = 0;

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		for (size_t f = 0; f < NELEM(from); f++) {
			enum risk_level computed = from[f][0];
			enum risk_level requested = rows[i].dir == RAISE ? from[f][1]
						    : rows[i].dir == LOWER ? from[f][2] : computed;

			if (requested == computed && rows[i].dir != SAME)
				continue; /* no room to move that way from here */
			for (int reason = 0; reason < 2; reason++) {
				const struct override_want *w = reason ? &rows[i].with_reason
									: &rows[i].without_reason;
				const char *field = NULL;
				enum ura_status st = risk_override_check(rows[i].role, computed,
									 requested, reason, &field);

				if (st != w->status)
					fail_msg("line %d, %d→%d, reason %d: %s, expected %s",
						 rows[i].line, computed, requested, reason,
						 ura_status_name(st), ura_status_name(w->status));
				if ((w->field == NULL) != (field == NULL) ||
				    (w->field != NULL && strcmp(w->field, field) != 0))
					fail_msg("line %d, reason %d: field %s, expected %s",
						 rows[i].line, reason, field ? field : "(none)",
						 w->field ? w->field : "(none)");
				checked++;
			}
		}
	}
	assert_int_equal(checked, 7 * 3 * 2 * 4 - 7 * 2 * 2);
}

static void
test_override_out_of_range(void **state)
{
	const char *field = NULL;

	(void)state;
	assert_int_equal(risk_override_check(ROLE_COORDINATOR, RISK_MEDIUM, RISK_UNASSESSED, true,
					     &field), URA_EUNPROCESSABLE);
	assert_string_equal(field, "override_level");
	field = NULL;
	assert_int_equal(risk_override_check(ROLE_CASEWORKER, RISK_MEDIUM, (enum risk_level)5,
					     true, &field), URA_EUNPROCESSABLE);
	assert_string_equal(field, "override_level");
	/* who may not override at all hears nothing about the value */
	field = NULL;
	assert_int_equal(risk_override_check(ROLE_AUDITOR, RISK_MEDIUM, (enum risk_level)5, true,
					     &field), URA_EFORBIDDEN);
	assert_null(field);
	assert_int_equal(risk_override_check(ROLE_COORDINATOR, RISK_UNASSESSED, RISK_HIGH, true,
					     &field), URA_EINVAL);
	assert_int_equal(risk_override_check(ROLE_COORDINATOR, (enum risk_level)-1, RISK_HIGH,
					     true, &field), URA_EINVAL);
}

/* ---- malformed files ---- */

static void
expect_refused(int line, const char *json, const char *in_error)
{
	struct arena a;
	struct risk_instrument ins = { .code = "untouched" };
	const char *error = NULL;
	enum ura_status st;

	arena_init(&a);
	st = risk_instrument_parse(&a, json, &ins, &error);
	if (st != URA_EINVAL)
		fail_msg("line %d: %s, expected EINVAL", line, ura_status_name(st));
	if (error == NULL || strstr(error, in_error) == NULL)
		fail_msg("line %d: error \"%s\" lacks \"%s\"", line, error ? error : "(none)",
			 in_error);
	if (strcmp(ins.code, "untouched") != 0)
		fail_msg("line %d: *out written on failure", line);
	arena_free(&a);
}

static void
test_malformed_mutations(void **state)
{
	static const struct {
		int line;
		const char *from, *to, *in_error;
	} rows[] = {
#define M(from, to, err) { __LINE__, from, to, err }
		/* ids */
		M("\"id\":\"b\"", "\"id\":\"a\"", "items[1].id: \"a\" repeats items[0]"),
		M("\"id\":\"z\"", "\"id\":\"k\"", "items[5].id: \"k\" repeats items[4]"),
		M("\"id\":\"a\"", "\"id\":\"A\"", "items[0].id"),
		M("\"id\":\"a\"", "\"id\":\"\"", "items[0].id"),
		M("\"id\":\"a\"", "\"id\":\"1a\"", "items[0].id"),
		M("\"id\":\"a\"", "\"id\":\"a b\"", "items[0].id"),
		M("\"id\":\"a\"", "\"id\":\"a-b\"", "items[0].id"),
		M("\"id\":\"a\"", "\"id\":\"abcdefghijabcdefghijabcdefghijabc\"", "items[0].id"),
		M("\"id\":\"a\"", "\"id\":7", "items[0].id"),
		M("\"id\":\"a\",", "", "items[0].id"),
		/* languages */
		M(",\"sr-Latn\":\"Pitanje C?\"", "", "items[2] (\"c\").text.sr-Latn: missing"),
		M("\"sq\":\"Pyetja A ë?\",", "", "items[0] (\"a\").text.sq: missing"),
		M("\"sr-Latn\":\"Pitanje C?\"", "\"sr\":\"Pitanje C?\"",
		  "items[2] (\"c\").text.sr-Latn: missing"),
		M("\"sr-Latn\":\"Pitanje C?\"", "\"sr-Latn\":\"Pitanje C?\",\"de\":\"Frage C?\"",
		  "items[2] (\"c\").text: holds a language other than"),
		M("\"sr-Latn\":\"Pitanje C?\"", "\"sr-Latn\":\"Pitanje C?\",\"bs\":\"\"",
		  "items[2] (\"c\").text.bs: must be a non-empty string"),
		M("\"sr-Latn\":\"Pitanje C?\"", "\"sr-Latn\":\"Pitanje C?\",\"tr-TR\":\"Soru C?\"",
		  "items[2] (\"c\").text: holds a language other than"),
		M("\"en\":\"Question B?\"", "\"en\":\"\"", "items[1] (\"b\").text.en"),
		M("\"en\":\"Question B?\"", "\"en\":\" \\t \"", "items[1] (\"b\").text.en"),
		M("\"en\":\"Question B?\"", "\"en\":null", "items[1] (\"b\").text.en"),
		M("\"en\":\"Question B?\"", "\"en\":\"Quest\\u0000ion B?\"", "line 1"),
		M("\"text\":{\"sq\":\"Pyetja D ë?\",\"en\":\"Question D?\",\"sr-Latn\":\"Pitanje D?\"}",
		  "\"text\":\"Question D?\"", "items[3] (\"d\").text: must be an object"),
		M("\"en\":\"Title\",", "", "title.en: missing"),
		M("\"title\":{", "\"title\":[],\"x\":{", "unknown key \"x\""),
		M("\"sr-Latn\":\"Naslov\"", "\"sr-Latn\":\"\"", "title.sr-Latn"),
		/* weights and flags */
		M("\"weight\":1", "\"weight\":-1", "items[0] (\"a\").weight: must be within 0..10"),
		M("\"weight\":1", "\"weight\":11", "items[0] (\"a\").weight: must be within 0..10"),
		M("\"weight\":1", "\"weight\":1.5", "items[0] (\"a\").weight: must be an integer"),
		M("\"weight\":1", "\"weight\":\"1\"", "items[0] (\"a\").weight: must be an integer"),
		M(",\"weight\":1", "", "items[0] (\"a\").weight: missing"),
		M("\"critical\":true", "\"critical\":1", "items[4] (\"k\").critical"),
		M("\"critical\":true", "\"critical\":\"true\"", "items[4] (\"k\").critical"),
		M(",\"critical\":true", "", "items[4] (\"k\").critical"),
		M("\"critical\":true", "\"critcal\":true", "items[4]: unknown key \"critcal\""),
		M("{\"id\":\"z\"", "42,{\"id\":\"z\"", "items[5]: must be an object"),
		/* thresholds */
		M("\"high\":6", "\"high\":3", "thresholds.high: must be above medium"),
		M("\"high\":6", "\"high\":2", "thresholds.high: must be above medium"),
		M("\"extreme\":9", "\"extreme\":6", "thresholds.extreme: must be above high"),
		M("\"extreme\":9", "\"extreme\":5", "thresholds.extreme: must be above high"),
		M("\"medium\":3", "\"medium\":0", "thresholds.medium: must be within 1..12"),
		M("\"medium\":3", "\"medium\":-1", "thresholds.medium"),
		M("\"extreme\":9", "\"extreme\":13", "thresholds.extreme: must be within 1..12"),
		M("\"extreme\":9", "\"extreme\":9.0", "thresholds.extreme: must be an integer"),
		M(",\"extreme\":9", "", "thresholds.extreme: missing"),
		M("\"extreme\":9", "\"extreme\":9,\"severe\":11", "unknown key \"severe\""),
		M("\"thresholds\":{\"medium\":3,\"high\":6,\"extreme\":9}", "\"thresholds\":[3,6,9]",
		  "thresholds: must be an object"),
		/* the header */
		M("\"kind\":\"domestic_violence\"", "\"kind\":\"burglary\"", "kind"),
		M("\"kind\":\"domestic_violence\",", "", "kind"),
		M("\"code\":\"t-1\"", "\"code\":\"T 1\"", "code"),
		M("\"code\":\"t-1\"", "\"code\":\"\"", "code"),
		M("\"version\":1", "\"version\":0", "version: must be within"),
		M("\"version\":1", "\"version\":\"1\"", "version: must be an integer"),
		M("\"version\":1", "\"version\":1,\"version\":2", "duplicate"),
		M("\"version\":1", "\"version\":1,\"notes\":\"x\"", "unknown key \"notes\""),
		M("]}", "]", "line"), /* not JSON at all */
#undef M
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++) {
		char *json = mutate(base_json, rows[i].from, rows[i].to);

		expect_refused(rows[i].line, json, rows[i].in_error);
		free(json);
	}
}

static void
test_malformed_whole_files(void **state)
{
	static const struct {
		int line;
		const char *json, *in_error;
	} rows[] = {
		{ __LINE__, "", "line" },
		{ __LINE__, "[]", "one JSON object" },
		{ __LINE__, "{}", "code" },
		{ __LINE__, "{\"code\":\"x\",\"kind\":\"gbv\",\"version\":1,\"title\":{\"sq\":\"ë\","
			    "\"en\":\"t\",\"sr-Latn\":\"n\"},\"thresholds\":{\"medium\":1,\"high\":2,"
			    "\"extreme\":3},\"items\":[]}", "items: must be an array of 1..64" },
		{ __LINE__, "{\"code\":\"x\",\"kind\":\"gbv\",\"version\":1,\"title\":{\"sq\":\"ë\","
			    "\"en\":\"t\",\"sr-Latn\":\"n\"},\"thresholds\":{\"medium\":1,\"high\":2,"
			    "\"extreme\":3}}", "items: must be an array" },
		{ __LINE__, "{\"code\":\"x\",\"kind\":\"gbv\",\"version\":1,\"title\":{\"sq\":\"ë\","
			    "\"en\":\"t\",\"sr-Latn\":\"n\"},\"thresholds\":{\"medium\":1,\"high\":2,"
			    "\"extreme\":3},\"items\":{\"q1\":1}}", "items: must be an array" },
	};

	(void)state;
	for (size_t i = 0; i < NELEM(rows); i++)
		expect_refused(rows[i].line, rows[i].json, rows[i].in_error);
}

/* An instrument of n items, weight 1 each, thresholds 1, 2, 3; text of `chars` × "ë". */
static char *
generated(int n, int chars)
{
	size_t cap = 4096 + (size_t)n * (200 + (size_t)chars * 2);
	char *s = malloc(cap), *p = s;

	assert_non_null(s);
	p += sprintf(p, "{\"code\":\"g\",\"kind\":\"other_kind\",\"version\":1,"
			"\"title\":{\"sq\":\"ë\",\"en\":\"t\",\"sr-Latn\":\"n\"},"
			"\"thresholds\":{\"medium\":1,\"high\":2,\"extreme\":3},\"items\":[");
	for (int i = 0; i < n; i++) {
		p += sprintf(p, "%s{\"id\":\"q%d\",\"text\":{\"sq\":\"", i ? "," : "", i);
		for (int c = 0; c < chars; c++)
			p += sprintf(p, "ë");
		p += sprintf(p, "\",\"en\":\"e\",\"sr-Latn\":\"s\"},\"weight\":1,"
				"\"critical\":false}");
	}
	strcpy(p, "]}");
	return s;
}

/* The limits: 64 items and 500 characters pass, 65 and 501 do not. */
static void
test_limits(void **state)
{
	struct arena a;
	struct risk_instrument ins;
	char *json;
	char *fixed;

	(void)state;
	arena_init(&a);
	json = generated(RISK_ITEMS_MAX, RISK_TEXT_MAX);
	fixed = mutate(json, "other_kind", "reintegration");
	parse_ok(&a, fixed, &ins);
	assert_int_equal(ins.nitems, RISK_ITEMS_MAX);
	assert_int_equal(strlen(ins.items[0].text[LANG_SQ]), 2 * RISK_TEXT_MAX);
	free(fixed);
	expect_refused(__LINE__, json, "kind"); /* other_kind is no mechanism kind */
	free(json);

	json = generated(RISK_ITEMS_MAX + 1, 1);
	fixed = mutate(json, "other_kind", "reintegration");
	expect_refused(__LINE__, fixed, "items: must be an array of 1..64");
	free(fixed);
	free(json);

	json = generated(3, RISK_TEXT_MAX + 1);
	fixed = mutate(json, "other_kind", "reintegration");
	expect_refused(__LINE__, fixed, "items[0] (\"q0\").text.sq: must be at most 500");
	free(fixed);
	free(json);

	/* a 32-character id is the longest */
	json = mutate(base_json, "\"id\":\"a\"", "\"id\":\"abcdefghijabcdefghijabcdefghij_99\"");
	fixed = mutate(json, "\"id\":\"abcdefghijabcdefghijabcdefghij_99\"",
		       "\"id\":\"abcdefghijabcdefghijabcdefghij_9\"");
	expect_refused(__LINE__, json, "items[0].id");
	parse_ok(&a, fixed, &ins);
	assert_string_equal(ins.items[0].id, "abcdefghijabcdefghijabcdefghij_9");
	assert_int_equal(strlen(ins.items[0].id), RISK_ID_MAX);
	free(fixed);
	free(json);
	arena_free(&a);
}

/* Every mechanism kind is accepted as an instrument's kind. */
static void
test_every_mechanism_kind(void **state)
{
	(void)state;
	for (size_t i = 0; mechanism_kinds[i] != NULL; i++) {
		struct arena a;
		struct risk_instrument ins;
		char *to = malloc(strlen(mechanism_kinds[i]) + 12);
		char *json;

		assert_non_null(to);
		sprintf(to, "\"kind\":\"%s\"", mechanism_kinds[i]);
		json = mutate(base_json, "\"kind\":\"domestic_violence\"", to);
		arena_init(&a);
		parse_ok(&a, json, &ins);
		assert_string_equal(ins.kind, mechanism_kinds[i]);
		arena_free(&a);
		free(json);
		free(to);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_domestic_violence),
		cmocka_unit_test(test_shipped_reintegration),
		cmocka_unit_test(test_shipped_critical_item),
		cmocka_unit_test(test_parse_base),
		cmocka_unit_test(test_turkish_and_bosnian_texts),
		cmocka_unit_test(test_score_table),
		cmocka_unit_test(test_level_for_every_score),
		cmocka_unit_test(test_answer_problems),
		cmocka_unit_test(test_answers_not_an_object),
		cmocka_unit_test(test_answer_key_with_nul),
		cmocka_unit_test(test_override_matrix),
		cmocka_unit_test(test_override_out_of_range),
		cmocka_unit_test(test_malformed_mutations),
		cmocka_unit_test(test_malformed_whole_files),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_every_mechanism_kind),
	};

	return cmocka_run_group_tests_name("risk", tests, NULL, NULL);
}
