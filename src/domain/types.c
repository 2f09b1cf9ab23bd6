/* Role names and the field-error list. */
#include "domain/types.h"

#include <string.h>

static const char *const role_names[] = {
	[ROLE_NONE] = NULL,          [ROLE_ADMIN] = "admin",       [ROLE_COORDINATOR] = "coordinator",
	[ROLE_MANAGER] = "manager",  [ROLE_CASEWORKER] = "caseworker", [ROLE_NATIONAL] = "national",
	[ROLE_AUDITOR] = "auditor",
};

const char *
role_name(enum role r)
{
	return (unsigned)r < sizeof(role_names) / sizeof(role_names[0]) ? role_names[r] : NULL;
}

enum role
role_parse(const char *name)
{
	for (size_t i = 1; name != NULL && i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(role_names[i], name) == 0)
			return (enum role)i;
	return ROLE_NONE;
}

bool
role_list_parse(const char *list, unsigned *mask)
{
	unsigned bits = 0;
	const char *p = list != NULL ? list : "";

	if (strcmp(p, "none") == 0)
		p = "";
	while (*p != '\0') {
		size_t len = strcspn(p, ", \t");
		char name[16];
		enum role r;

		if (len == 0) {
			p++;
			continue;
		}
		if (len >= sizeof(name))
			return false;
		memcpy(name, p, len);
		name[len] = '\0';
		if ((r = role_parse(name)) == ROLE_NONE)
			return false;
		bits |= 1u << r;
		p += len;
	}
	if (mask != NULL)
		*mask = bits;
	return true;
}

bool
role_list_has(const char *list, enum role r)
{
	unsigned mask;

	return r != ROLE_NONE && role_list_parse(list, &mask) && (mask & (1u << r)) != 0;
}

bool
role_needs_institution(enum role r)
{
	return r == ROLE_CASEWORKER || r == ROLE_MANAGER;
}

void
field_errors_add(struct field_errors *e, const char *field, enum msg message)
{
	if (e->count < FIELD_ERRORS_MAX)
		e->items[e->count++] = (struct field_error){ field, message, NULL };
	else
		e->dropped++;
}

void
field_errors_add_choice(struct field_errors *e, const char *field, const char *const *allowed)
{
	if (e->count < FIELD_ERRORS_MAX)
		e->items[e->count++] = (struct field_error){ field, MSG_MUST_BE_ONE_OF, allowed };
	else
		e->dropped++;
}

int
field_errors_seen(const struct field_errors *e)
{
	return e->count + e->dropped;
}

bool
vocabulary_has(const char *const *values, const char *s)
{
	for (; s != NULL && *values != NULL; values++)
		if (strcmp(*values, s) == 0)
			return true;
	return false;
}

int
vocabulary_size(const char *const *values)
{
	int n = 0;

	while (values[n] != NULL)
		n++;
	return n;
}

bool
user_is_staff(const struct user *u)
{
	return role_needs_institution(u->role) && u->institution_id > 0;
}

bool
user_is_staff_of(const struct user *u, int64_t institution_id)
{
	return user_is_staff(u) && institution_id > 0 && u->institution_id == institution_id;
}
