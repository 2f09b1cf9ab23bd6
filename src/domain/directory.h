/* The directory's resources: municipalities, institutions, mechanisms and users. */
#ifndef URA_DOMAIN_DIRECTORY_H
#define URA_DOMAIN_DIRECTORY_H

#include "domain/entity.h"

extern const struct entity_def entity_municipality;
extern const struct entity_def entity_institution;
extern const struct entity_def entity_mechanism;
extern const struct entity_def entity_user;
/* Every entity above, NULL-terminated (the store prepares SQL for each at start). */
extern const struct entity_def *const directory_entities[];

extern const char *const institution_types[];
extern const char *const mechanism_kinds[];
extern const char *const service_kinds[];
extern const char *const institution_languages[]; /* sq en sr tr bs rom */
extern const char *const country_codes[];         /* AL XK */
extern const char *const role_names_list[];       /* as users' `role` takes them */
extern const char *const time_zones[];            /* Europe/Tirane Europe/Belgrade */

/* A mechanism's time zone unless the admin sets another: Europe/Belgrade in Kosovo (XK),
 * Europe/Tirane in Albania (and for an unknown country). */
const char *directory_default_time_zone(const char *country);
extern const char *const directory_locales[]; /* a user's language: sq, en, sr-Latn, tr, bs */

/* Shape rules, exported for their unit tests. */
bool directory_valid_code(const char *s);      /* three ASCII letters */
bool directory_valid_email(const char *s);
bool directory_valid_postal_code(const char *s);
bool directory_phone_plain(const char *s);
bool directory_valid_username(const char *s);  /* 3..64 of [a-z0-9._-] */

/*
 * An admin may not lock themself out: no disabling or demoting their own account.
 * `new_role`/`new_active` are the values after the change.
 */
bool directory_user_change_allowed(int64_t caller_id, int64_t target_id, enum role old_role,
				   enum role new_role, bool new_active);

#endif
