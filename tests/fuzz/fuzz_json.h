/*
 * The JSON-aware mutation of fuzz_json.c. A harness whose whole input is a JSON body uses it
 * by writing FUZZ_JSON_MUTATOR at file level; one whose body starts later in the input (the
 * request harness) calls fuzz_json_mutate from its own LLVMFuzzerCustomMutator.
 */
#ifndef URA_FUZZ_JSON_H
#define URA_FUZZ_JSON_H

#include <stddef.h>
#include <stdint.h>

/*
 * libFuzzer's custom mutation for data[0, size) whose JSON starts at `offset`: a structural
 * change of the JSON half of the time, else (and when it is not JSON, or would outgrow
 * max_size) libFuzzer's own byte mutation. Returns the new size.
 */
size_t fuzz_json_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed,
			size_t offset);

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,
			       unsigned int seed);

#define FUZZ_JSON_MUTATOR                                                                  \
	size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size,        \
				       unsigned int seed)                                  \
	{                                                                                  \
		return fuzz_json_mutate(data, size, max_size, seed, 0);                    \
	}

#endif
