/*
 * Fuzz target: the risk instrument definitions loader (risk_instrument_parse in
 * src/domain/risk.c), which reads the JSON files of data/instruments/ whenever a database is opened. Pure:
 * no store.
 *
 * The input is an instrument file. A file that parses must keep the header's promises: items
 * within RISK_ITEMS_MAX, each with an id the instrument finds again, a wording in every
 * language and a weight within 0..RISK_WEIGHT_MAX; thresholds 0 < medium < high < extreme <=
 * the sum of the weights; and every item answered true scores the sum of the weights at the
 * level extreme. A file that does not parse must say where and why.
 *
 * Half of the mutations change the JSON as a tree (fuzz_json.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "domain/risk.h"
#include "fuzz_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_JSON_MUTATOR

static void
check_instrument(const struct risk_instrument *ins)
{
	json_t *all = json_object();
	struct risk_result res;
	int total = 0, n;

	if (ins->code == NULL || ins->kind == NULL || ins->nitems < 1 ||
	    ins->nitems > RISK_ITEMS_MAX)
		abort();
	for (int l = 0; l < LANG_COUNT; l++)
		if (ins->title[l] == NULL)
			abort();
	for (int i = 0; i < ins->nitems; i++) {
		const struct risk_item *it = &ins->items[i];

		if (it->id == NULL || risk_instrument_item(ins, it->id) != it ||
		    it->weight < 0 || it->weight > RISK_WEIGHT_MAX)
			abort();
		for (int l = 0; l < LANG_COUNT; l++)
			if (it->text[l] == NULL)
				abort();
		total += it->weight;
		json_object_set_new(all, it->id, json_true());
	}
	if (!(0 < ins->medium && ins->medium < ins->high && ins->high < ins->extreme &&
	      ins->extreme <= total))
		abort();
	if (risk_score(ins, all, &res, NULL, 0, &n) != URA_OK || res.score != total ||
	    res.level != RISK_EXTREME || res.unanswered != 0)
		abort();
	json_decref(all);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct risk_instrument ins;
	const char *error = NULL;
	struct arena a;

	memcpy(text, data, size);
	text[size] = '\0';
	arena_init(&a);
	if (risk_instrument_parse(&a, text, &ins, &error) == URA_OK)
		check_instrument(&ins);
	else if (error == NULL || *error == '\0')
		abort();
	arena_free(&a);
	free(text);
	return 0;
}
