/*
 * Risk instruments: the strict reader of instrument files, scoring, and the override rule.
 * Pure.
 *
 * Choices the header leaves open, made here:
 * - The reader stops at the first fault and names it by JSON path ("items[3].text.en"), so an
 *   operator can fix the file without guessing. Duplicate keys in the file are faults too
 *   (jansson would otherwise keep the last silently).
 * - Wordings must be non-blank; an all-space text would show the assessor an empty question.
 * - The extreme threshold must be reachable (at most the sum of all weights): an instrument
 *   that can never say "extreme" is a mistake in the file, not a policy.
 * - Scoring reports every problem of the answers at once, in the order the answers came, so
 *   the form can mark them all in one round trip.
 */
#include "domain/risk.h"

#include <ctype.h>
#include <string.h>

#include "core/utf8.h"
#include "domain/directory.h"


static const char *const top_keys[] = { "code", "kind", "version", "title", "thresholds",
					"items", NULL };
static const char *const threshold_keys[] = { "medium", "high", "extreme", NULL };
static const char *const item_keys[] = { "id", "text", "weight", "critical", NULL };

static bool
in_list(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* The first key of `o` not in `allowed`, or NULL. */
static const char *
unknown_key(json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v)
		if (!in_list(allowed, key))
			return key;
	return NULL;
}

static enum ura_status
fail(struct arena *a, const char **error, const char *where, const char *what)
{
	*error = arena_printf(a, "%s: %s", where, what);
	return URA_EINVAL;
}

/* 1..max of [a-z0-9_] (and '-' when dash), starting with a letter. */
static bool
valid_ident(const char *s, size_t max, bool dash)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		      (dash && s[i] == '-')))
			return false;
	return true;
}

static bool
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* One wording: a non-blank string of at most RISK_TEXT_MAX characters. */
static enum ura_status
parse_text(struct arena *a, json_t *t, const char *at, const char **out, const char **error)
{
	if (!json_is_string(t) || blank(json_string_value(t)))
		return fail(a, error, at, "must be a non-empty string");
	/* jansson refuses \u0000 without JSON_ALLOW_NUL: the C string is the whole text. */
	if (utf8_length(json_string_value(t)) > RISK_TEXT_MAX)
		return fail(a, error, at, arena_printf(a, "must be at most %d characters",
						      RISK_TEXT_MAX));
	*out = arena_strdup(a, json_string_value(t));
	return URA_OK;
}

/* An object with a non-blank wording in sq, en and sr-Latn, optionally in tr and bs (issue 16;
 * English where one is left out), and nothing else. */
static enum ura_status
parse_texts(struct arena *a, json_t *o, const char *where, const char *out[LANG_COUNT],
	    const char **error)
{
	const char *key;
	json_t *t;

	if (!json_is_object(o))
		return fail(a, error, where, "must be an object of sq, en and sr-Latn wordings");
	for (int l = 0; l < LANG_COMPLETE; l++)
		if (json_object_get(o, lang_tag((enum lang)l)) == NULL)
			return fail(a, error, arena_printf(a, "%s.%s", where,
							   lang_tag((enum lang)l)),
				    "missing");
	json_object_foreach(o, key, t) {
		int l = lang_of_tag(key);
		const char *at = arena_printf(a, "%s.%s", where, key);

		if (l < 0)
			return fail(a, error, where,
				    "holds a language other than sq, en, sr-Latn, tr and bs");
		if (parse_text(a, t, at, &out[l], error) != URA_OK)
			return URA_EINVAL;
	}
	for (int l = LANG_COMPLETE; l < LANG_COUNT; l++)
		if (json_object_get(o, lang_tag((enum lang)l)) == NULL)
			out[l] = out[LANG_EN];
	return URA_OK;
}

/* An integer member of `o` within lo..hi. */
static enum ura_status
parse_int(struct arena *a, json_t *o, const char *key, const char *where, int lo, int hi,
	  int *out, const char **error)
{
	json_t *v = json_object_get(o, key);
	const char *at = arena_printf(a, "%s%s", where, key);

	if (v == NULL)
		return fail(a, error, at, "missing");
	if (!json_is_integer(v))
		return fail(a, error, at, "must be an integer");
	if (json_integer_value(v) < lo || json_integer_value(v) > hi)
		return fail(a, error, at, arena_printf(a, "must be within %d..%d", lo, hi));
	*out = (int)json_integer_value(v);
	return URA_OK;
}

/* One item; `seen` holds the ids before it, to refuse a duplicate. */
static enum ura_status
parse_item(struct arena *a, json_t *o, int i, struct risk_item *seen, struct risk_item *out,
	   const char **error)
{
	const char *where = arena_printf(a, "items[%d]", i);
	const char *bad;
	json_t *id = json_object_get(o, "id"), *crit = json_object_get(o, "critical");
	enum ura_status st;

	if (!json_is_object(o))
		return fail(a, error, where, "must be an object");
	if ((bad = unknown_key(o, item_keys)) != NULL)
		return fail(a, error, where, arena_printf(a, "unknown key \"%s\"", bad));
	if (!json_is_string(id) || !valid_ident(json_string_value(id), RISK_ID_MAX, false))
		return fail(a, error, arena_printf(a, "%s.id", where),
			    "must be 1..32 of a-z, 0-9 and _, starting with a letter");
	for (int j = 0; j < i; j++)
		if (strcmp(seen[j].id, json_string_value(id)) == 0)
			return fail(a, error, arena_printf(a, "%s.id", where),
				    arena_printf(a, "\"%s\" repeats items[%d]", seen[j].id, j));
	out->id = arena_strdup(a, json_string_value(id));
	where = arena_printf(a, "items[%d] (\"%s\")", i, out->id);
	st = parse_texts(a, json_object_get(o, "text"), arena_printf(a, "%s.text", where),
			 out->text, error);
	if (st == URA_OK)
		st = parse_int(a, o, "weight", arena_printf(a, "%s.", where), 0, RISK_WEIGHT_MAX,
			       &out->weight, error);
	if (st != URA_OK)
		return st;
	if (!json_is_boolean(crit))
		return fail(a, error, arena_printf(a, "%s.critical", where),
			    "must be true or false");
	out->critical = json_is_true(crit);
	return URA_OK;
}

static enum ura_status
parse_items(struct arena *a, json_t *arr, struct risk_instrument *out, const char **error)
{
	struct risk_item *items;
	int n;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > RISK_ITEMS_MAX)
		return fail(a, error, "items", "must be an array of 1..64 items");
	n = (int)json_array_size(arr);
	items = arena_alloc(a, (size_t)n * sizeof(*items));
	for (int i = 0; i < n; i++) {
		enum ura_status st = parse_item(a, json_array_get(arr, (size_t)i), i, items,
						&items[i], error);
		if (st != URA_OK)
			return st;
	}
	out->items = items;
	out->nitems = n;
	return URA_OK;
}

/* 0 < medium < high < extreme <= the highest possible score. */
static enum ura_status
parse_thresholds(struct arena *a, json_t *o, struct risk_instrument *out, const char **error)
{
	const char *bad;
	int total = 0;
	enum ura_status st;

	if (!json_is_object(o))
		return fail(a, error, "thresholds", "must be an object of medium, high, extreme");
	if ((bad = unknown_key(o, threshold_keys)) != NULL)
		return fail(a, error, "thresholds", arena_printf(a, "unknown key \"%s\"", bad));
	for (int i = 0; i < out->nitems; i++)
		total += out->items[i].weight;
	st = parse_int(a, o, "medium", "thresholds.", 1, total, &out->medium, error);
	if (st == URA_OK)
		st = parse_int(a, o, "high", "thresholds.", 1, total, &out->high, error);
	if (st == URA_OK)
		st = parse_int(a, o, "extreme", "thresholds.", 1, total, &out->extreme, error);
	if (st != URA_OK)
		return st;
	if (out->high <= out->medium)
		return fail(a, error, "thresholds.high", "must be above medium");
	if (out->extreme <= out->high)
		return fail(a, error, "thresholds.extreme", "must be above high");
	return URA_OK;
}

/* code, kind, version and title. */
static enum ura_status
parse_header(struct arena *a, json_t *root, struct risk_instrument *out, const char **error)
{
	json_t *code = json_object_get(root, "code"), *kind = json_object_get(root, "kind");

	if (!json_is_string(code) || !valid_ident(json_string_value(code), RISK_ID_MAX, true))
		return fail(a, error, "code",
			    "must be 1..32 of a-z, 0-9, _ and -, starting with a letter");
	if (!json_is_string(kind) || !in_list(mechanism_kinds, json_string_value(kind)))
		return fail(a, error, "kind", "must be one of the mechanism kinds");
	out->code = arena_strdup(a, json_string_value(code));
	out->kind = arena_strdup(a, json_string_value(kind));
	if (parse_int(a, root, "version", "", 1, 1000000, &out->version, error) != URA_OK)
		return URA_EINVAL;
	return parse_texts(a, json_object_get(root, "title"), "title", out->title, error);
}

enum ura_status
risk_instrument_parse(struct arena *a, const char *json_text, struct risk_instrument *out,
		      const char **error)
{
	struct risk_instrument ins = { 0 };
	json_error_t jerr;
	json_t *root = json_loads(json_text, JSON_REJECT_DUPLICATES, &jerr);
	const char *bad;
	enum ura_status st;

	if (root == NULL)
		return fail(a, error, arena_printf(a, "line %d, column %d", jerr.line,
						   jerr.column), jerr.text);
	if (!json_is_object(root)) {
		st = fail(a, error, "the file", "must hold one JSON object");
	} else if ((bad = unknown_key(root, top_keys)) != NULL) {
		st = fail(a, error, "the file", arena_printf(a, "unknown key \"%s\"", bad));
	} else {
		st = parse_header(a, root, &ins, error);
		if (st == URA_OK)
			st = parse_items(a, json_object_get(root, "items"), &ins, error);
		if (st == URA_OK)
			st = parse_thresholds(a, json_object_get(root, "thresholds"), &ins, error);
	}
	json_decref(root);
	if (st == URA_OK)
		*out = ins;
	return st;
}

const struct risk_item *
risk_instrument_item(const struct risk_instrument *ins, const char *id)
{
	for (int i = 0; id != NULL && i < ins->nitems; i++)
		if (strcmp(ins->items[i].id, id) == 0)
			return &ins->items[i];
	return NULL;
}

enum risk_level
risk_level_for(const struct risk_instrument *ins, int score, bool critical_hit)
{
	enum risk_level level = RISK_STANDARD;

	if (score >= ins->extreme)
		level = RISK_EXTREME;
	else if (score >= ins->high)
		level = RISK_HIGH;
	else if (score >= ins->medium)
		level = RISK_MEDIUM;
	/* One critical answer is enough for high: these items predict serious harm alone. */
	if (critical_hit && level < RISK_HIGH)
		level = RISK_HIGH;
	return level;
}

static void
add_problem(struct risk_answer_problem *problems, int max, int *n, const char *item,
	    enum risk_answer_error error)
{
	if (*n < max)
		problems[(*n)++] = (struct risk_answer_problem){ item, error };
}

/* Every unknown id and non-boolean value, the first `max` kept; returns how many there were. */
static int
answer_problems(const struct risk_instrument *ins, json_t *answers,
		struct risk_answer_problem *problems, int max, int *nkept)
{
	const char *key;
	size_t len;
	json_t *v;
	int total = 0;

	json_object_keylen_foreach(answers, key, len, v) {
		const struct risk_item *it = risk_instrument_item(ins, key);

		/* A key with a NUL inside only looks like an item's id. */
		if (it == NULL || len != strlen(key)) {
			add_problem(problems, max, nkept, key, RISK_ANSWER_UNKNOWN_ITEM);
			total++;
		} else if (!json_is_boolean(v)) {
			add_problem(problems, max, nkept, it->id, RISK_ANSWER_NOT_BOOLEAN);
			total++;
		}
	}
	return total;
}

enum ura_status
risk_score(const struct risk_instrument *ins, json_t *answers, struct risk_result *out,
	   struct risk_answer_problem *problems, int max_problems, int *nproblems)
{
	struct risk_result r = { 0 };
	int kept = 0;

	*out = r;
	if (!json_is_object(answers)) {
		add_problem(problems, max_problems, &kept, NULL, RISK_ANSWER_NOT_OBJECT);
		if (nproblems != NULL)
			*nproblems = kept;
		return URA_EUNPROCESSABLE;
	}
	if (answer_problems(ins, answers, problems, max_problems, &kept) > 0) {
		if (nproblems != NULL)
			*nproblems = kept;
		return URA_EUNPROCESSABLE;
	}
	for (int i = 0; i < ins->nitems; i++) {
		json_t *v = json_object_get(answers, ins->items[i].id);

		if (v == NULL) {
			r.unanswered++;
		} else if (json_is_true(v)) {
			r.score += ins->items[i].weight;
			r.answered_true++;
			r.critical_hit = r.critical_hit || ins->items[i].critical;
		}
	}
	r.level = risk_level_for(ins, r.score, r.critical_hit);
	*out = r;
	if (nproblems != NULL)
		*nproblems = 0;
	return URA_OK;
}

static bool
assessed(enum risk_level l)
{
	return l >= RISK_STANDARD && l <= RISK_EXTREME;
}

enum ura_status
risk_override_check(enum role role, enum risk_level computed, enum risk_level requested,
		    bool has_reason, const char **field)
{
	bool assessor = role == ROLE_CASEWORKER || role == ROLE_MANAGER ||
			role == ROLE_COORDINATOR;

	if (!assessed(computed))
		return URA_EINVAL;
	if (!assessor)
		return URA_EFORBIDDEN;
	if (!assessed(requested)) {
		*field = "override_level";
		return URA_EUNPROCESSABLE;
	}
	if (requested == computed)
		return URA_OK;
	/* Lowering a level takes protection away: the mechanism's coordinator answers for it. */
	if (requested < computed && role != ROLE_COORDINATOR)
		return URA_EFORBIDDEN;
	if (!has_reason) {
		*field = "override_reason";
		return URA_EUNPROCESSABLE;
	}
	return URA_OK;
}
