/*
 * Fuzz target: the consent JSON of the API (consent_input_read in src/api/case_input.c, and
 * src/api/consents.c), through its real handler on the temporary SQLite store of fuzz_app.c,
 * opened once per process.
 *
 * The input is one request body, sent by the police caseworker as a consent record of the
 * fixture case (POST /cases/{id}/consents: given, method, institution types and ids,
 * categories).
 *
 * Half of the mutations change the JSON as a tree (fuzz_json.c).
 */
#include <stdint.h>

#include "fuzz_app.h"
#include "fuzz_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_JSON_MUTATOR

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fuzz_ids *ids = fuzz_app_init();

	fuzz_app_call(FUZZ_CASEWORKER, "POST", fuzz_path("/api/v1/cases/%lld/consents",
		      (long long)ids->case_id), NULL, NULL, 0, (const char *)data, size);
	return 0;
}
