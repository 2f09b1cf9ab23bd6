/*
 * Fuzz target: scoring risk answers (risk_score, risk_level_for and risk_override_check in
 * src/domain/risk.c). Pure: no store; the instruments are the ones the binary ships
 * (data/instruments/, embedded), parsed once.
 *
 * The input is JSON: the "answers" of POST /cases/{id}/assessments (an object of item id →
 * true/false), or a whole assessment body holding "answers". Every instrument scores it, and
 * the result must agree with the instrument: a score within the weights, the level that
 * risk_level_for gives, counts within the items; a refusal names at most the problems asked
 * for and zeroes the result. Then every role asks for every level, with and without a reason.
 *
 * Half of the mutations change the JSON as a tree (fuzz_json.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/embedded.h"
#include "domain/risk.h"
#include "fuzz_json.h"

#define INSTRUMENTS_MAX 16
#define PROBLEMS 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_JSON_MUTATOR

static struct arena arena;
static struct risk_instrument instruments[INSTRUMENTS_MAX];
static int ninstruments;

static void
load_instruments(void)
{
	arena_init(&arena);
	for (const struct embedded_file *f = instrument_files; f->name != NULL; f++) {
		const char *error = NULL;

		if (ninstruments == INSTRUMENTS_MAX ||
		    risk_instrument_parse(&arena, f->text, &instruments[ninstruments++], &error) !=
			    URA_OK)
			abort(); /* a shipped instrument must parse */
	}
}

static void
check_score(const struct risk_instrument *ins, json_t *answers)
{
	struct risk_answer_problem problems[PROBLEMS];
	struct risk_result res, again;
	int n = -1, total = 0, m = -1;
	enum ura_status st = risk_score(ins, answers, &res, problems, PROBLEMS, &n);

	for (int i = 0; i < ins->nitems; i++)
		total += ins->items[i].weight;
	if (st == URA_OK) {
		if (n != 0 || res.score < 0 || res.score > total ||
		    res.level != risk_level_for(ins, res.score, res.critical_hit) ||
		    res.answered_true < 0 || res.unanswered < 0 ||
		    res.answered_true + res.unanswered > ins->nitems)
			abort();
	} else {
		if (st != URA_EUNPROCESSABLE || n < 1 || n > PROBLEMS || res.score != 0)
			abort();
		for (int i = 0; i < n; i++)
			if (problems[i].item == NULL &&
			    problems[i].error != RISK_ANSWER_NOT_OBJECT)
				abort();
	}
	/* Asking for no problems at all must give the same verdict. */
	if (risk_score(ins, answers, &again, NULL, 0, &m) != st || m != 0)
		abort();
	for (int role = ROLE_NONE; role <= ROLE_AUDITOR; role++)
		for (int want = RISK_UNASSESSED; want <= RISK_EXTREME + 1; want++)
			for (int reason = 0; reason < 2; reason++) {
				const char *field = NULL;
				risk_override_check((enum role)role, res.level,
						    (enum risk_level)want, reason, &field);
			}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *body, *answers;

	if (ninstruments == 0)
		load_instruments();
	body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (body == NULL)
		return 0;
	answers = json_is_object(body) && json_object_get(body, "answers")
		  ? json_object_get(body, "answers") : body;
	for (int i = 0; i < ninstruments; i++)
		check_score(&instruments[i], answers);
	json_decref(body);
	return 0;
}
