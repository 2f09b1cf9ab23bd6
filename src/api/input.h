/*
 * Reading fields of a JSON request body. Every field goes through one typed accessor,
 * in_field: a handler gets a value of the type it asked for, or NULL with the reason recorded
 * in r->errors, never a value of another type by surprise. What is wrong:
 *
 *   - absent: nothing, or "required" (422) when the field must be given;
 *   - of another JSON type, null included: a wrong type (400) naming the field — unless the
 *     field is documented nullable (IN_NULLABLE), when null means "none" (or "erase");
 *   - breaking a rule (length, range, vocabulary, duplicates, too many items): 422.
 *
 * Readers record and carry on, so one answer lists every problem; handlers check once:
 *
 *     name = input_string(r, "name", IN_REQUIRED, 1, LIMIT_NAME_CHARS);
 *     if (!input_done(r, allowed)) return;   // replies 400/422 with every error at once
 *
 * Nested objects and rows of an array are read through a `struct in_obj`, whose path names
 * their fields in errors[] ("survivor.date_of_birth", "children[1].sex", "[2].present").
 * Arrays are refused when longer than their limit before any item is looked at.
 */
#ifndef URA_API_INPUT_H
#define URA_API_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/limits.h"
#include "http/request.h"

enum { IN_OPTIONAL = 0, IN_REQUIRED = 1 << 0, IN_NULLABLE = 1 << 1 };

/* An object of the body and the prefix that names its fields ("" at the top). */
struct in_obj {
	struct request *r;
	json_t *json;
	const char *path;
};

/* The body itself (an object; for an array body, use in_row on its items). */
struct in_obj input_root(struct request *r);
/* Item `i` of an array field `name` of `o` (path "name[i]."; "[i]." when name is ""), or
 * false after recording that it is not an object. */
bool in_row(const struct in_obj *o, const char *name, size_t i, json_t *item,
	    struct in_obj *row);

/* The typed accessor (see above). With IN_NULLABLE a null comes back as JSON null. */
json_t *in_field(const struct in_obj *o, const char *name, json_type type, unsigned flags);
/* Records a problem with field `name` of `o`; a wrong type makes the request a 400. */
void in_error(const struct in_obj *o, const char *name, enum msg m, bool wrong_type);

/* A string of min..max characters. */
const char *in_text(const struct in_obj *o, const char *name, unsigned flags, size_t min,
		    size_t max);
/* One of `values` (NULL-terminated). */
const char *in_enum(const struct in_obj *o, const char *name, unsigned flags,
		    const char *const *values);
/* A real date YYYY-MM-DD; `not_future` also refuses days after today (server clock). */
const char *in_date(const struct in_obj *o, const char *name, unsigned flags, bool not_future);
/* true or false; `*given` (may be NULL) tells whether the field held a boolean. */
bool in_bool(const struct in_obj *o, const char *name, unsigned flags, bool *given);
/* A positive integer id; 0 when absent or wrong. */
int64_t in_id(const struct in_obj *o, const char *name, unsigned flags);
/* An integer min..max into *out; false when absent or wrong (*out untouched). */
bool in_int(const struct in_obj *o, const char *name, unsigned flags, int64_t min, int64_t max,
	    int64_t *out);
/* A nested object; false when absent or wrong. */
bool in_object(const struct in_obj *o, const char *name, unsigned flags, struct in_obj *child);
/* An array of at most `max` items; NULL when absent or wrong (too long included). */
json_t *in_array(const struct in_obj *o, const char *name, unsigned flags, size_t max);
/* Distinct members of `values` (at most all of them), as JSON text; NULL when absent or
 * wrong. With IN_REQUIRED the list must also hold at least one. */
const char *in_vocabulary_list(const struct in_obj *o, const char *name, unsigned flags,
			       const char *const *values);
/* Distinct positive ids, at most `max`, into ids[] (room for max); the count, or -1 when
 * absent or wrong. A bad item is named "name[i]"; a repeat, found in one pass over a sorted
 * copy, by the place where it comes again. */
int in_id_list(const struct in_obj *o, const char *name, unsigned flags, size_t max,
	       int64_t *ids);
/* The index of an id that repeats an earlier one of ids[0..n) (the later of the two), or -1;
 * found by sorting a copy, in one pass. */
int in_repeated_at(struct arena *a, const int64_t *ids, int n);
/* Records every field of `o` not in `allowed` (NULL-terminated) as unknown. */
void in_unknown(const struct in_obj *o, const char *const *allowed);

/* ---- the same at the top level of the body ---- */

const char *input_string(struct request *r, const char *name, unsigned flags, size_t min,
			 size_t max);
/* An RFC 3339 time as epoch seconds (0 when absent). */
int64_t input_time(struct request *r, const char *name, unsigned flags);
const char *input_enum(struct request *r, const char *name, unsigned flags,
		       const char *const *values);
/* A date YYYY-MM-DD (see in_date). */
const char *input_date(struct request *r, const char *name, unsigned flags, bool not_future);
/* true or false (see in_bool). */
bool input_bool(struct request *r, const char *name, unsigned flags, bool *given);
/* An integer min..max (see in_int). */
bool input_int(struct request *r, const char *name, unsigned flags, int64_t min, int64_t max,
	       int64_t *out);
/* An id (a positive integer), 0 when absent. */
int64_t input_id(struct request *r, const char *name, unsigned flags);
/* True when the body names the field (null included). */
bool input_present(const struct request *r, const char *name);
/* True when the body gives the field as JSON null. */
bool input_null(const struct request *r, const char *name);
/* Rejects fields not in `allowed` (NULL-terminated), then replies if any error was recorded.
 * Returns true when the input is clean. */
bool input_done(struct request *r, const char *const *allowed);
/* Replies with the collected errors, if any; true when there were none. */
bool input_done_errors(struct request *r);

#endif
