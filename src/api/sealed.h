/*
 * Free texts that may name people (reasons, justifications, note bodies) are stored encrypted,
 * bound to their table, column and row (crypt/field.c). These two helpers are the only way
 * handlers seal and open them.
 */
#ifndef URA_API_SEALED_H
#define URA_API_SEALED_H

#include <jansson.h>

#include "http/request.h"
#include "store/store.h"

struct keys;

/* Each helper comes twice: under the process data key (texts of no case: meetings, public
 * reports, users), and, as name_k, under the keys `k` of the case the text belongs to
 * (api/case_keys.h). A NULL `k` (an anonymised case) seals nothing (sealed_store_k answers
 * URA_ECONFLICT) and opens only empties. */

/* The text encrypted for table.column#id; an empty blob for NULL. */
struct blob sealed_text(struct request *r, const char *table, const char *column, int64_t id,
			const char *text);
/* The decrypted text as JSON (null when there is none); *ok is cleared when it does not
 * decrypt (tampering: the caller answers 500). */
json_t *opened_text(struct request *r, const char *table, const char *column, int64_t id,
		    const struct blob *b, bool *ok);
/* Seals `text` and stores it in a sealed field of row `id` (store_sealed_set). */
enum ura_status sealed_store(struct db *db, struct request *r, enum sealed_field f, int64_t id,
			     const char *text);
/* Opens a sealed field of row `id`. */
json_t *sealed_open(struct request *r, enum sealed_field f, int64_t id, const struct blob *b,
		    bool *ok);

struct blob sealed_text_k(struct request *r, const struct keys *k, const char *table,
			  const char *column, int64_t id, const char *text);
json_t *opened_text_k(struct request *r, const struct keys *k, const char *table,
		      const char *column, int64_t id, const struct blob *b, bool *ok);
enum ura_status sealed_store_k(struct db *db, struct request *r, const struct keys *k,
			       enum sealed_field f, int64_t id, const char *text);
json_t *sealed_open_k(struct request *r, const struct keys *k, enum sealed_field f, int64_t id,
		      const struct blob *b, bool *ok);

#endif
