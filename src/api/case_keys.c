/* Per-case data keys for the handlers, kept for the request once unwrapped. */
#include "api/case_keys.h"

#include <string.h>

#include "api/app.h"
#include "core/log.h"

/* The keys this request has unwrapped, newest first. */
struct case_key_cache {
	int64_t case_id;
	const struct keys *keys; /* &own, or the process keys */
	struct keys own;
	struct case_key_cache *next;
};

static const struct keys *
cached(const struct request *r, int64_t case_id)
{
	for (const struct case_key_cache *c = r->case_keys; c != NULL; c = c->next)
		if (c->case_id == case_id)
			return c->keys;
	return NULL;
}

static struct case_key_cache *
remember(struct request *r, int64_t case_id)
{
	struct case_key_cache *c = arena_alloc(&r->arena, sizeof(*c));

	c->case_id = case_id;
	c->keys = &c->own;
	c->next = r->case_keys;
	r->case_keys = c;
	return c;
}

const struct keys *
case_keys_known(const struct request *r, int64_t case_id)
{
	return cached(r, case_id);
}

const struct keys *
case_keys_of(struct request *r, int64_t case_id, const struct case_key_cols *cols)
{
	const struct keys *k = cached(r, case_id);
	struct case_key_cache *slot;

	if (k != NULL)
		return k;
	if (cols->source == NULL || strcmp(cols->source, "erased") == 0)
		return NULL;
	slot = remember(r, case_id);
	if (strcmp(cols->source, "process") == 0)
		return slot->keys = r->app->keys;
	if (case_key_unwrap(r->app->keys, case_id, cols->wrapped.p, cols->wrapped.len,
			    &slot->own) != URA_OK) {
		log_event(LOG_ERROR, "case_key_unwrap_failed", "case=%lld", (long long)case_id);
		r->case_keys = r->case_keys->next;
		return NULL;
	}
	return slot->keys;
}

const struct keys *
case_row_keys(struct request *r, const struct case_row *row)
{
	return case_keys_of(r, row->id, &row->key);
}

enum ura_status
case_key_for(struct request *r, struct db *db, int64_t case_id, const struct keys **out)
{
	struct case_key_cols cols = { 0 };
	enum ura_status st;

	if ((*out = cached(r, case_id)) != NULL)
		return URA_OK;
	if ((st = store_case_key(db, &r->arena, case_id, &cols)) != URA_OK)
		return st;
	if (cols.source != NULL && strcmp(cols.source, "erased") == 0)
		return URA_ECONFLICT;
	return (*out = case_keys_of(r, case_id, &cols)) != NULL ? URA_OK : URA_EINTERNAL;
}

const struct keys *
case_key_new(struct request *r, int64_t case_id, unsigned char wrapped[WRAPPED_KEY_LEN])
{
	struct case_key_cache *slot = remember(r, case_id);

	case_key_generate(r->app->keys, case_id, &slot->own, wrapped);
	return slot->keys;
}
