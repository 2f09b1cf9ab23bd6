/*
 * Blind indexes for cases registered before the index existed: the survivor's names without
 * her birth date (searched by POST /cases/search). Run by `ura serve` at start, before it
 * answers, once per case: a case once indexed is not read again.
 */
#ifndef URA_JOBS_REINDEX_H
#define URA_JOBS_REINDEX_H

#include "core/status.h"
#include "crypt/field.h"
#include "store/store.h"

/* Indexes every case that lacks its name index; *done counts them. */
enum ura_status reindex_cases(struct store *s, const struct keys *k, int64_t *done);

#endif
