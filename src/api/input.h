/*
 * Reading fields of a JSON request body. Each reader records what is wrong in r->errors (a
 * wrong JSON type marks the request malformed: 400; a broken rule: 422) and returns a value
 * the caller can ignore when errors exist; handlers check once, at the end:
 *
 *     name = input_string(r, "name", IN_REQUIRED, 1, 200);
 *     if (!input_done(r, allowed)) return;   // replies 400/422 with every error at once
 */
#ifndef URA_API_INPUT_H
#define URA_API_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

enum { IN_OPTIONAL = 0, IN_REQUIRED = 1 };

const char *input_string(struct request *r, const char *name, int required, size_t min,
			 size_t max);
/* An RFC 3339 time as epoch seconds (0 when absent). */
int64_t input_time(struct request *r, const char *name, int required);
/* A string that must be one of `values` (NULL-terminated). */
const char *input_enum(struct request *r, const char *name, int required,
		       const char *const *values);
/* An id (a positive integer), 0 when absent. */
int64_t input_id(struct request *r, const char *name, int required);
bool input_present(const struct request *r, const char *name);
/* Rejects fields not in `allowed` (NULL-terminated), then replies if any error was recorded.
 * Returns true when the input is clean. */
bool input_done(struct request *r, const char *const *allowed);

/* Replies with the collected errors, if any; true when there were none. */
bool input_done_errors(struct request *r);


#endif
