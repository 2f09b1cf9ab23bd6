/*
 * Directory resources described as data. One `entity_def` says which fields a resource has,
 * their types and rules; domain/entity.c validates records against it, store/entity.c derives
 * its SQL from the same list (column names are compile-time constants, never input), and
 * api/resource.c maps it to JSON. Adding a field is one line in domain/directory.c.
 */
#ifndef URA_DOMAIN_ENTITY_H
#define URA_DOMAIN_ENTITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/types.h"

enum field_kind {
	FIELD_TEXT,     /* a string with length bounds */
	FIELD_INT,      /* an integer with value bounds */
	FIELD_BOOL,
	FIELD_DATE,     /* "YYYY-MM-DD", a date that exists */
	FIELD_ENUM,     /* one of `values` */
	FIELD_ENUM_SET, /* a list of distinct members of `values`, stored as a JSON array */
	FIELD_REF,      /* the id of a row of `ref_table` (optionally meeting `ref_condition`) */
	FIELD_SECRET,   /* write-only text (a password); the API turns it into a hash */
};

enum {
	F_REQUIRED = 1 << 0,  /* must be given on create */
	F_NULLABLE = 1 << 1,  /* may be null */
	F_UPPER = 1 << 2,     /* upper-cased (ASCII) by the API when parsed */
	F_WRITE_ONLY = 1 << 3,/* never read back */
	F_IMMUTABLE = 1 << 4, /* set on create, not by PATCH */
	F_READ_ONLY = 1 << 5, /* read back, never written through the API (created as default) */
	F_FILTER = 1 << 6,    /* lists filter on it: ?name=value (an enum's member, a ref's id) */
};

struct field_def {
	const char *name;        /* JSON name */
	const char *column;      /* column; NULL means the same as name */
	enum field_kind kind;
	unsigned flags;
	int64_t min, max;        /* text: length in characters; set: members; int: value */
	const char *const *values;       /* enum members, NULL-terminated */
	const char *ref_table;           /* FIELD_REF */
	const char *ref_condition;       /* FIELD_REF: extra SQL condition, a constant */
	enum msg ref_message;            /* FIELD_REF: message when the condition fails */
	bool (*check)(const char *text); /* FIELD_TEXT: extra shape rule */
	enum msg check_message;
	bool has_default;
	int64_t default_int;
	const char *default_text;
};

/* One field's value. `present` means the request named it (PATCH) or the row had it. */
struct value {
	bool present, null;
	int64_t i;            /* INT, BOOL, REF */
	const char *s;        /* TEXT, DATE, ENUM, SECRET; ENUM_SET as its JSON array text */
	const char **list;    /* ENUM_SET members */
	int nlist;
};

struct entity_def {
	const char *name;         /* "municipality": audit object type, log name */
	const char *table;        /* "municipalities" */
	const struct field_def *fields;
	int nfields;
	const char *unique_field; /* the field named when a unique constraint fails */
	/* Rules across fields (may be NULL); `id` is 0 on create. */
	void (*rule)(const struct entity_def *def, const struct value *vals, int64_t id,
		     struct field_errors *errors);
};

/* A record: one value per field of its entity, in field order, plus the row's id and times. */
struct record {
	int64_t id;
	int64_t created_at, updated_at;
	struct value *vals;
};

/* Index of a field by name, or -1. */
int entity_field_index(const struct entity_def *def, const char *name);
/* Fills absent fields with defaults (on create). */
void entity_apply_defaults(const struct entity_def *def, struct value *vals);
/* Checks every present value against its field's rules; `creating` also demands the required. */
void entity_validate(const struct entity_def *def, const struct value *vals, bool creating,
		     struct field_errors *errors);
/* The rules across fields, on a whole record (after a PATCH is merged onto the stored row). */
void entity_check_rules(const struct entity_def *def, const struct value *vals, int64_t id,
			struct field_errors *errors);
/* The names of the present fields as a JSON array ("[\"name\",\"code\"]") into buf, for the
 * audit log (names are identifiers: nothing to escape). */
void entity_field_list(const struct entity_def *def, const struct value *vals, char *buf,
		       size_t len);
/* Fills the values a PATCH did not name with the stored ones. */
void entity_merge(const struct entity_def *def, struct value *vals, const struct record *stored);

#endif
