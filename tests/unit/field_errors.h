/* For unit tests of rules that report field errors: whether `e` holds `field` with `m`. */
#ifndef URA_TESTS_FIELD_ERRORS_H
#define URA_TESTS_FIELD_ERRORS_H

#include <stdbool.h>
#include <string.h>

#include "domain/types.h"

static inline bool
has_error(const struct field_errors *e, const char *field, enum msg m)
{
	for (int i = 0; i < e->count; i++)
		if (strcmp(e->items[i].field, field) == 0 && e->items[i].message == m)
			return true;
	return false;
}

#endif
