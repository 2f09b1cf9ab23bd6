/*
 * Why a request body is not JSON the server takes, and where. jansson refuses U+0000 inside a
 * string, an integer beyond 64 bits and a key given twice with a message that names no field;
 * a client deserves to hear which field holds it. jansson stops right after the token at
 * fault, so a scan of the body up to there (containers, keys, indexes) names it. Pure: no
 * allocation, nothing kept.
 */
#ifndef URA_HTTP_JSON_FAULT_H
#define URA_HTTP_JSON_FAULT_H

#include <jansson.h>
#include <stddef.h>

enum json_fault {
	JSON_FAULT_SYNTAX,        /* anything else: not JSON */
	JSON_FAULT_NUL,           /* U+0000 in a string (or a key) */
	JSON_FAULT_NUMBER_RANGE,  /* an integer beyond int64, or a number beyond a double */
	JSON_FAULT_DUPLICATE_KEY, /* a key twice in one object */
	JSON_FAULT_TOO_DEEP,      /* nested deeper than jansson parses */
};

/*
 * Classifies the error `err` that json_loadb gave for `body`. For NUL, number and duplicate
 * key faults, writes the path of the value (or key) at fault into `path`
 * ("survivor.given_name", "children[1].sex", "[2].attendees"), or "" when it cannot be told (a
 * NUL in a key, nesting beyond 64 levels, a path longer than `pathlen`); `path` is always
 * NUL-terminated when pathlen > 0.
 */
enum json_fault json_fault_of(const char *body, size_t len, const json_error_t *err, char *path,
			      size_t pathlen);

#endif
