/*
 * Fuzz target: the attendance JSON of the API (src/api/meeting_parts.c), through its real
 * handler on the temporary SQLite store of fuzz_app.c, opened once per process.
 *
 * The input is one request body, a JSON array of {institution_id, present, attendees}, sent
 * by the mechanism's coordinator as the attendance of the fixture meeting
 * (PUT /meetings/{id}/attendance).
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

	fuzz_app_call(FUZZ_COORDINATOR, "PUT", fuzz_path("/api/v1/meetings/%lld/attendance",
		      (long long)ids->meeting), NULL, NULL, 0, (const char *)data, size);
	return 0;
}
