/* Filling in the name-only blind index of cases registered before it existed. */
#include "jobs/reindex.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

#include "core/log.h"

#define BATCH 200

struct reindex_batch {
	const struct keys *k;
	struct arena arena;
	int64_t after, done;
	int n;
};

/* The keys of the case's identity: its own (crypt/field.h), or the process's for a case made
 * before per-case keys; false when its key does not unwrap. */
static bool
keys_of(const struct reindex_batch *b, const struct case_identity_row *row, struct keys *out)
{
	if (row->key.source != NULL && strcmp(row->key.source, "case") == 0)
		return case_key_unwrap(b->k, row->id, row->key.wrapped.p, row->key.wrapped.len,
				       out) == URA_OK;
	*out = *b->k;
	return true;
}

/* The name index of one case, from its decrypted identity; false when it does not open. */
static bool
name_index_of(struct reindex_batch *b, const struct case_identity_row *row,
	      unsigned char *index)
{
	struct keys k;
	char *plain = keys_of(b, row, &k) ? field_decrypt(&b->arena, &k, "cases", "identity",
							   row->id, row->identity.p,
							   row->identity.len) : NULL;
	json_t *identity = plain != NULL ? json_loads(plain, 0, NULL) : NULL;
	bool ok = identity != NULL;

	if (ok)
		blind_index(b->k, json_string_value(json_object_get(identity, "given_name")),
			    json_string_value(json_object_get(identity, "family_name")), NULL,
			    index);
	json_decref(identity);
	if (plain != NULL)
		sodium_memzero(plain, strlen(plain));
	keys_wipe(&k);
	return ok;
}

/* One batch, in one transaction: the next cases without the index, indexed. */
static enum ura_status
batch_fn(struct db *db, void *ctx)
{
	struct reindex_batch *b = ctx;
	struct case_identity_row *rows;
	unsigned char index[BLIND_INDEX_LEN];
	enum ura_status st = store_cases_unindexed(db, &b->arena, b->after, BATCH, &rows, &b->n);

	for (int i = 0; st == URA_OK && i < b->n; i++) {
		b->after = rows[i].id;
		if (!name_index_of(b, &rows[i], index)) {
			log_event(LOG_ERROR, "reindex_decrypt_failed", "case=%lld",
				  (long long)rows[i].id);
			continue;
		}
		st = store_case_set_name_index(db, rows[i].id,
					       &(struct blob){ index, BLIND_INDEX_LEN });
		b->done += st == URA_OK;
	}
	return st;
}

enum ura_status
reindex_cases(struct store *s, const struct keys *k, int64_t *done)
{
	struct reindex_batch b = { .k = k };
	struct case_identity_row *first;
	struct db *db = store_reader(s);
	enum ura_status st;
	int left;

	/* Read first: once every case has the index (every start after the first), nothing is
	 * written; new cases get it when they are made. */
	arena_init(&b.arena);
	st = db != NULL ? store_cases_unindexed(db, &b.arena, 0, 1, &first, &left) : URA_EUNAVAILABLE;
	arena_free(&b.arena);
	if (st == URA_OK && left == 0) {
		*done = 0;
		return URA_OK;
	}
	do {
		arena_init(&b.arena);
		st = store_write(s, batch_fn, &b);
		arena_free(&b.arena);
	} while (st == URA_OK && b.n == BATCH);
	*done = b.done;
	if (b.done > 0)
		log_event(LOG_INFO, "reindex", "cases=%lld", (long long)b.done);
	return st;
}
