/*
 * HTML forms (application/x-www-form-urlencoded) read as the JSON object the same route
 * takes, so one set of checks (api/input.h) serves the page that works without JavaScript
 * and the JSON API. A form says a field's type by its name only; the caller's schema says
 * which fields are lists (checkboxes that repeat), integers (a select of ids) and booleans
 * (a ticked checkbox). A field left empty is absent, as the browser means it.
 */
#ifndef URA_API_FORM_H
#define URA_API_FORM_H

#include <jansson.h>
#include <stdbool.h>

#include "http/request.h"

enum form_type { FORM_TEXT, FORM_INT, FORM_BOOL, FORM_LIST };

struct form_field {
	const char *name;
	enum form_type type;
};

/*
 * The form body of `r` as a JSON object (owned by the caller), fields typed by `schema`
 * (NULL-terminated by name; others are text). NULL when the body is not a well-formed form:
 * a bad %-escape, invalid UTF-8 or a NUL in a value, a field given twice that is not a list,
 * more than REQUEST_PAIRS_MAX fields; the reason is in r->errors (malformed).
 */
json_t *form_parse(struct request *r, const struct form_field *schema);

/* The value of text field `name` of a parsed form (NULL when absent or not text). */
const char *form_text(json_t *form, const char *name);

#endif
