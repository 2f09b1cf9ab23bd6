/*
 * The rows of the service directory's Open Referral export (api/hsds.c): each institution
 * with its municipality's name, region and country, in one statement. Only what the
 * directory publishes is read; a shelter's address is read (the export decides to leave it
 * out, in one place) but never leaves api/hsds.c.
 */
#ifndef URA_STORE_DIRECTORY_EXPORT_H
#define URA_STORE_DIRECTORY_EXPORT_H

#include <stdbool.h>

#include "store/store.h"

struct directory_entry {
	int64_t id, updated_at;
	const char *uuid, *name, *type, *phone, *email, *address, *postal_code;
	const char *services, *languages, *opening_hours; /* JSON lists; text or NULL */
	const char *city, *region, *country;               /* the municipality's */
};

/* At most this many institutions in one export (a country has a few thousand). */
#define DIRECTORY_EXPORT_MAX 20000

/* Institutions by name: only those listed in the public directory when `listed_only`. */
enum ura_status store_directory_entries(struct db *db, struct arena *a, bool listed_only,
					struct directory_entry **out, int *n);

#endif
