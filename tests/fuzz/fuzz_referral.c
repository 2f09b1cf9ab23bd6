/*
 * Fuzz target: the referral JSON of the API (src/api/referrals.c), through its real handlers
 * on the temporary SQLite store of fuzz_app.c, opened once per process.
 *
 * The input is one request body. The police caseworker sends it as a referral of the fixture
 * case (POST /cases/{id}/referrals: recipient, service, urgency, share, basis, reasons), and
 * the shelter's caseworker, its recipient, as the answer to the fixture referral
 * (POST /referrals/{id}/decline, which reads a reason).
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
	const char *body = (const char *)data;

	fuzz_app_call(FUZZ_CASEWORKER, "POST", fuzz_path("/api/v1/cases/%lld/referrals",
		      (long long)ids->case_id), NULL, NULL, 0, body, size);
	fuzz_app_call(FUZZ_SHELTER, "POST", fuzz_path("/api/v1/referrals/%lld/decline",
		      (long long)ids->referral), NULL, NULL, 0, body, size);
	return 0;
}
