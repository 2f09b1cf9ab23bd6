/*
 * List, read, create and update for any directory entity, driven by its entity_def. Routes
 * point at these handlers with a `struct resource` as their argument, so the four directory
 * resources share one implementation instead of sixteen copies.
 */
#ifndef URA_API_RESOURCE_H
#define URA_API_RESOURCE_H

#include "domain/authz.h"
#include "domain/entity.h"
#include "http/request.h"
#include "store/store.h"

struct resource {
	const struct entity_def *def;
	enum directory_resource kind;
	const char *create_action, *update_action; /* audited as these ("user.create") */
	bool (*can_read)(const struct user *u);
	/* Before the write, outside the transaction (e.g. hash a password). False: replied. */
	bool (*prepare)(struct request *r, struct value *vals);
	/* Before a record is shown: hides what this caller may not see (may be NULL). */
	void (*redact)(const struct request *r, struct record *rec, json_t *withheld);
	/* Inside the PATCH transaction, with the stored row and the merged values. */
	void (*check_update)(struct request *r, const struct record *stored,
			     const struct value *merged);
	/* Inside the write, once the row is stored: `before` is the row as it was (NULL on
	 * create), `after` as it is now, `given` the values of the request (may be NULL). */
	enum ura_status (*after_write)(struct db *db, struct request *r,
				       const struct record *before, const struct record *after,
				       const struct value *given);
};

void resource_list(struct request *r);
void resource_get(struct request *r);
void resource_create(struct request *r);
void resource_update(struct request *r);

/* The record as JSON (shared with exports). */
json_t *record_json(const struct entity_def *def, const struct record *rec);
/* The record as this caller may see it, with "withheld" naming hidden fields, if any. */
json_t *record_json_for(const struct request *r, const struct resource *res, struct record *rec);

#endif
