/* Validation of records against their entity's field rules. Pure. */
#include "domain/entity.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/utf8.h"

int
entity_field_index(const struct entity_def *def, const char *name)
{
	for (int i = 0; i < def->nfields; i++)
		if (strcmp(def->fields[i].name, name) == 0)
			return i;
	return -1;
}

void
entity_apply_defaults(const struct entity_def *def, struct value *vals)
{
	for (int i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];

		if (vals[i].present || !f->has_default || (f->flags & F_READ_ONLY))
			continue;
		vals[i].present = true;
		vals[i].i = f->default_int;
		vals[i].s = f->default_text;
		vals[i].null = false;
	}
}

static bool
in_values(const char *const *values, const char *s)
{
	for (; values != NULL && *values != NULL; values++)
		if (strcmp(*values, s) == 0)
			return true;
	return false;
}

/* Control characters other than tab and newline have no place in directory text. */
static bool
has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n') || *s == 0x7f)
			return true;
	return false;
}

static void
validate_text(const struct field_def *f, const struct value *v, struct field_errors *e)
{
	size_t len = utf8_length(v->s);

	if ((int64_t)len < f->min && f->kind == FIELD_SECRET)
		field_errors_add(e, f->name, MSG_PASSWORD_TOO_SHORT);
	else if ((int64_t)len < f->min)
		field_errors_add(e, f->name, f->min > 1 ? MSG_TOO_SHORT : MSG_REQUIRED);
	else if ((int64_t)len > f->max)
		field_errors_add(e, f->name, MSG_TOO_LONG);
	else if (has_control(v->s))
		field_errors_add(e, f->name, MSG_INVALID_CHARACTERS);
	else if (f->check != NULL && !f->check(v->s))
		field_errors_add(e, f->name, f->check_message);
}

static void
validate_set(const struct field_def *f, const struct value *v, struct field_errors *e)
{
	if (v->nlist > f->max) {
		field_errors_add(e, f->name, MSG_TOO_MANY_ITEMS);
		return;
	}
	for (int j = 0; j < v->nlist; j++) {
		if (!in_values(f->values, v->list[j])) {
			field_errors_add_choice(e, f->name, f->values);
			return;
		}
		for (int k = 0; k < j; k++) {
			if (strcmp(v->list[k], v->list[j]) == 0) {
				field_errors_add(e, f->name, MSG_DUPLICATE_ITEM);
				return;
			}
		}
	}
}

static void
validate_value(const struct field_def *f, const struct value *v, struct field_errors *e)
{
	switch (f->kind) {
	case FIELD_TEXT:
	case FIELD_SECRET:
		validate_text(f, v, e);
		break;
	case FIELD_INT:
		if (v->i < f->min || v->i > f->max)
			field_errors_add(e, f->name, MSG_OUT_OF_RANGE);
		break;
	case FIELD_REF:
		if (v->i <= 0)
			field_errors_add(e, f->name, MSG_INVALID_ID);
		break;
	case FIELD_DATE:
		if (!clock_parse_date(v->s, NULL))
			field_errors_add(e, f->name, MSG_INVALID_DATE);
		break;
	case FIELD_ENUM:
		if (!in_values(f->values, v->s))
			field_errors_add_choice(e, f->name, f->values);
		break;
	case FIELD_ENUM_SET:
		validate_set(f, v, e);
		break;
	case FIELD_BOOL:
		break;
	}
}

void
entity_validate(const struct entity_def *def, const struct value *vals, bool creating,
		struct field_errors *errors)
{
	for (int i = 0; i < def->nfields; i++) {
		const struct field_def *f = &def->fields[i];
		const struct value *v = &vals[i];

		if (!v->present) {
			if (creating && (f->flags & F_REQUIRED))
				field_errors_add(errors, f->name, MSG_REQUIRED);
			continue;
		}
		if (v->null) {
			if (!(f->flags & F_NULLABLE))
				field_errors_add(errors, f->name, MSG_REQUIRED);
			continue;
		}
		validate_value(f, v, errors);
	}
}

void
entity_check_rules(const struct entity_def *def, const struct value *vals, int64_t id,
		   struct field_errors *errors)
{
	if (def->rule != NULL && errors->count == 0)
		def->rule(def, vals, id, errors);
}

void
entity_merge(const struct entity_def *def, struct value *vals, const struct record *stored)
{
	for (int i = 0; i < def->nfields; i++)
		if (!vals[i].present && stored->vals[i].present)
			vals[i] = stored->vals[i];
}

void
entity_field_list(const struct entity_def *def, const struct value *vals, char *buf,
		  size_t len)
{
	size_t used = 0;

	snprintf(buf, len, "[");
	used = strlen(buf);
	for (int i = 0; i < def->nfields && used < len; i++) {
		if (!vals[i].present)
			continue;
		snprintf(buf + used, len - used, "%s\"%s\"", used > 1 ? "," : "",
			 def->fields[i].name);
		used = strlen(buf);
	}
	if (used + 2 <= len)
		snprintf(buf + used, len - used, "]");
}
