/*
 * Fuzz target: the case JSON of the API (src/api/case_input.c and the handlers that use it),
 * on the temporary SQLite store of fuzz_app.c, opened once per process.
 *
 * The input is one request body. The police caseworker, who owns the fixture case, sends it
 * three ways: as a new case (POST /cases), as a change of the fixture case (PATCH /cases/{id},
 * with the case's current version in If-Match so that a clean body is applied), and as an
 * incident of it (POST /cases/{id}/incidents).
 *
 * Half of the mutations change the JSON as a tree (fuzz_json.c).
 */
#include <stdint.h>
#include <stdio.h>

#include "fuzz_app.h"
#include "fuzz_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

FUZZ_JSON_MUTATOR

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fuzz_ids *ids = fuzz_app_init();
	const char *body = (const char *)data;
	char version[32];
	struct fuzz_header if_match = { "If-Match", version };

	fuzz_app_call(FUZZ_CASEWORKER, "POST", "/api/v1/cases", NULL, NULL, 0, body, size);
	snprintf(version, sizeof(version), "\"%lld\"",
		 (long long)fuzz_app_case_version(ids->case_id));
	fuzz_app_call(FUZZ_CASEWORKER, "PATCH", fuzz_path("/api/v1/cases/%lld",
		      (long long)ids->case_id), NULL, &if_match, 1, body, size);
	fuzz_app_call(FUZZ_CASEWORKER, "POST", fuzz_path("/api/v1/cases/%lld/incidents",
		      (long long)ids->case_id), NULL, NULL, 0, body, size);
	return 0;
}
