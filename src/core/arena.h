/*
 * A bump allocator: one per request, freed in one go when the response has been sent, so
 * handlers never free individual strings. arena_alloc aborts on out-of-memory (sizes here are
 * bounded by the request limits checked at the door).
 */
#ifndef URA_ARENA_H
#define URA_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct arena_block;
struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
/* Frees every block. The arena may be used again afterwards. */
void arena_free(struct arena *a);
/* Zeroed memory aligned for any type, valid until arena_free. */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A list of integers as a JSON array text, "[3,8,21]". */
char *arena_ids_json(struct arena *a, const int64_t *ids, int n);

/* Allocation that aborts with a log line on out-of-memory, for sizes the server controls. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
