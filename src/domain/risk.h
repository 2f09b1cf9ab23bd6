/*
 * Risk instruments as data, and scoring against them. Pure: the caller reads the instrument
 * file and the answers; this validates, scores and decides overrides.
 *
 * An instrument (a JSON file in data/instruments/) is a list of yes/no items, each worded
 * in sq, en and sr-Latn (and optionally tr and bs; English where not), with a weight and a
 * `critical` flag, and three thresholds. The score is the sum of the weights of the items answered true; the
 * level is extreme, high or medium from the first threshold the score reaches, else standard.
 * A critical item answered true makes the level at least high on its own.
 *
 * A caseworker, manager or coordinator may raise the computed level, giving a reason; only the
 * coordinator may lower it, and also with a reason (risk_override_check).
 */
#ifndef URA_DOMAIN_RISK_H
#define URA_DOMAIN_RISK_H

#include <stdbool.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/i18n.h"
#include "core/status.h"
#include "domain/policy.h"
#include "domain/types.h"

#define RISK_ITEMS_MAX 64      /* items in one instrument */
#define RISK_WEIGHT_MAX 10     /* an item's weight is 0..RISK_WEIGHT_MAX */
#define RISK_ID_MAX 32         /* an item id: 1..32 of [a-z0-9_], starting with a letter */
#define RISK_TEXT_MAX 500      /* characters in one wording */

struct risk_item {
	const char *id;
	const char *text[LANG_COUNT]; /* by enum lang */
	int weight;
	bool critical;
};

struct risk_instrument {
	const char *code;              /* "dv-ura-1" */
	const char *kind;              /* one of mechanism_kinds (domain/directory.h) */
	int version;
	const char *title[LANG_COUNT];
	int medium, high, extreme;     /* 0 < medium < high < extreme <= the sum of all weights */
	const struct risk_item *items; /* in the file's order */
	int nitems;
};

/*
 * Parses and validates an instrument file (NUL-terminated JSON). Everything in *out, strings
 * included, lives in `a`; nothing of jansson's is kept. On failure returns URA_EINVAL and
 * *error says in English, for the operator, where and what is wrong (it too lives in `a`).
 * Unknown keys are rejected, so a misspelt "critical" cannot silently drop the flag.
 */
enum ura_status risk_instrument_parse(struct arena *a, const char *json_text,
				      struct risk_instrument *out, const char **error);

/* The item with this id, or NULL. */
const struct risk_item *risk_instrument_item(const struct risk_instrument *ins, const char *id);

struct risk_result {
	int score;
	enum risk_level level; /* computed: RISK_STANDARD..RISK_EXTREME */
	bool critical_hit;     /* a critical item was answered true */
	int answered_true;
	int unanswered;        /* items without an answer (they count as not present) */
};

enum risk_answer_error {
	RISK_ANSWER_NOT_OBJECT,   /* the answers are not a JSON object; item is NULL */
	RISK_ANSWER_UNKNOWN_ITEM, /* no item has this id */
	RISK_ANSWER_NOT_BOOLEAN,  /* the value is not true or false (null included) */
};

struct risk_answer_problem {
	const char *item; /* borrowed from the answers' key or the instrument's id */
	enum risk_answer_error error;
};

/* The level of a score (with or without a critical item answered true). */
enum risk_level risk_level_for(const struct risk_instrument *ins, int score, bool critical_hit);

/*
 * Scores `answers`, a JSON object of item id → true/false (read, never changed or freed;
 * jansson's iteration needs a non-const pointer). Every unknown id and non-boolean value is a
 * problem: the first max_problems are written to `problems` (which may be NULL when
 * max_problems is 0), *nproblems says how many were written, and the result is
 * URA_EUNPROCESSABLE with *out zeroed. The problems' strings are valid while both `answers`
 * and `ins` are.
 */
enum ura_status risk_score(const struct risk_instrument *ins, json_t *answers,
			   struct risk_result *out, struct risk_answer_problem *problems,
			   int max_problems, int *nproblems);

/*
 * May `role` set the level to `requested` when the instrument computed `computed`?
 * - Same level: no override; URA_OK for the roles that assess (caseworker, manager,
 *   coordinator), reason or not.
 * - Raise: those roles, with a reason.
 * - Lower: the coordinator only, with a reason. The caller checks that the coordinator is the
 *   case's mechanism's own (policy_case_access).
 * Any other role: URA_EFORBIDDEN. The role is checked before the reason, so a 422 is only ever
 * told to someone allowed to override. A missing reason is URA_EUNPROCESSABLE with *field =
 * "override_reason"; a requested level outside standard..extreme is URA_EUNPROCESSABLE with
 * *field = "override_level". A computed level outside standard..extreme is URA_EINVAL (a bug).
 */
enum ura_status risk_override_check(enum role role, enum risk_level computed,
				    enum risk_level requested, bool has_reason,
				    const char **field);

#endif
