/*
 * The key of each case's personal fields and free texts (crypto-shredding, issue 16): the
 * case's own random data key, unwrapped from its row under the process data key, or the
 * process key itself for a case made before migration 021. Anonymising a case destroys its
 * key and overwrites its ciphertext (store_case_anonymise); nothing of it opens afterwards.
 * Every handler that seals or opens a text tied to a case takes the keys from here. Keys
 * unwrapped once are kept for the rest of the request (its arena).
 */
#ifndef URA_API_CASE_KEYS_H
#define URA_API_CASE_KEYS_H

#include "crypt/field.h"
#include "http/request.h"
#include "store/store.h"

/* The keys for a case whose key columns were read with it (store_case_get, referral and
 * transfer rows); NULL when it was anonymised, or its key does not unwrap (logged). */
const struct keys *case_keys_of(struct request *r, int64_t case_id,
				const struct case_key_cols *k);
/* The same for a case row. */
const struct keys *case_row_keys(struct request *r, const struct case_row *row);
/*
 * The keys of case `case_id`, reading its key columns on `db` unless this request already
 * did: URA_ENOTFOUND without the case, URA_ECONFLICT when it was anonymised, URA_EINTERNAL
 * when its key does not unwrap. For attachments and any other data tied to a case.
 */
enum ura_status case_key_for(struct request *r, struct db *db, int64_t case_id,
			     const struct keys **out);
/* The keys this request already opened for the case (case_facts_load opens them), or NULL. */
const struct keys *case_keys_known(const struct request *r, int64_t case_id);
/* A new case's own key (the request keeps it for the case's first texts), wrapped into
 * `wrapped` for store_case_set_key. */
const struct keys *case_key_new(struct request *r, int64_t case_id,
				unsigned char wrapped[WRAPPED_KEY_LEN]);

#endif
