/*
 * Recently seen cookie sessions, kept in memory so that a request does not read its session
 * and user again (issue 15). An entry is stamped with the session generation read before its
 * row was (store_session_generation); it is used only while the generation still has that
 * value, so a session signed out, revoked, or whose user changed is never served from here.
 */
#ifndef URA_API_SESSION_CACHE_H
#define URA_API_SESSION_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "store/store.h"

#define SESSION_CACHE_SLOTS 256

/* True, with the row (its texts copied into `a`), when the session with this token hash is
 * cached under `generation`, its user active and the session live without needing a touch at
 * `now`; false sends the caller to the database. */
bool session_cache_get(const unsigned char token_hash[32], int64_t generation, int64_t now,
		       struct arena *a, struct session_row *out);
/* Keeps `row`, read after `generation` was, for the token hash (replacing what its slot held). */
void session_cache_put(const unsigned char token_hash[32], int64_t generation,
		       const struct session_row *row);
/* Empties the cache (at shutdown, and between unit tests). */
void session_cache_clear(void);

#endif
