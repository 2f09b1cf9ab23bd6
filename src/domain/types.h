/*
 * The nouns every layer shares: roles, users, the signed-in caller, field errors. Plain data;
 * strings point into the request arena of whoever filled them.
 */
#ifndef URA_DOMAIN_TYPES_H
#define URA_DOMAIN_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/i18n.h"

enum role {
	ROLE_NONE = 0, /* not signed in */
	ROLE_ADMIN,
	ROLE_COORDINATOR,
	ROLE_MANAGER,
	ROLE_CASEWORKER,
	ROLE_NATIONAL,
	ROLE_AUDITOR,
};

/* "admin" ... ; NULL for ROLE_NONE. role_parse returns ROLE_NONE for an unknown name. */
/* Whether `s` is one of the NULL-terminated `values` (false for NULL). */
bool vocabulary_has(const char *const *values, const char *s);
/* How many values the NULL-terminated list holds. */
int vocabulary_size(const char *const *values);

const char *role_name(enum role r);
enum role role_parse(const char *name);
/*
 * A list of roles as settings write it: names separated by commas or spaces ("admin,auditor"),
 * or "none" / "" for none. False when a name is unknown; otherwise *mask (when not NULL) has
 * bit (1u << role) set for each role named.
 */
bool role_list_parse(const char *list, unsigned *mask);
/* Whether `r` is named in such a list (false for a list that does not parse). */
bool role_list_has(const char *list, enum role r);
/* Caseworkers and managers act for an institution and cannot exist without one. */
bool role_needs_institution(enum role r);

struct user;
/* A caseworker or manager acting for an institution: the people who work on cases. */
bool user_is_staff(const struct user *u);
/* ... of that institution (false for institution_id 0). */
bool user_is_staff_of(const struct user *u, int64_t institution_id);

struct user {
	int64_t id;
	const char *username;
	const char *display_name;
	enum role role;
	int64_t institution_id; /* 0 when none */
	const char *locale;
	bool active;
	bool totp_enabled;     /* signs in with a second factor */
	int64_t watched_since; /* case reads flagged for the auditor from then (0: never) */
};

/* Who is calling: the user, and how they proved it. */
struct caller {
	struct user user;
	int64_t session_id;   /* 0 for bearer tokens */
	int64_t token_id;     /* 0 for sessions */
	bool via_cookie;      /* cookie sessions must present the CSRF token on writes */
	unsigned char csrf_hash[32];
};

/* One invalid field: its JSON path and what is wrong, as a catalogue message. */
struct field_error {
	const char *field;
	enum msg message;
	const char *const *allowed; /* a value outside a vocabulary: the values it has */
};

#define FIELD_ERRORS_MAX 32
struct field_errors {
	struct field_error items[FIELD_ERRORS_MAX];
	int count;      /* items kept: at most FIELD_ERRORS_MAX */
	int dropped;    /* errors added once the list was full */
	bool malformed; /* a wrong JSON type: the whole request is a 400, not a 422 */
};

void field_errors_add(struct field_errors *e, const char *field, enum msg message);
/* A value outside the vocabulary `allowed` (NULL-terminated, static): the answer lists it. */
void field_errors_add_choice(struct field_errors *e, const char *field,
			     const char *const *allowed);
/*
 * Every error added so far, the dropped ones too. A check that asks "did this part add an
 * error?" compares this before and after, never `count`, which stops growing at
 * FIELD_ERRORS_MAX (a long list of bad items would otherwise look clean from then on).
 */
int field_errors_seen(const struct field_errors *e);

#endif
