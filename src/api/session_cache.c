/* The in-memory session cache: a slot per token hash, behind one mutex (api/session_cache.h). */
#include "api/session_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "domain/session.h"

struct slot {
	bool used;
	unsigned char token_hash[32];
	int64_t generation;
	struct session_row row; /* its user's texts point into the three below */
	char *username, *display_name, *locale;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[SESSION_CACHE_SLOTS];

/* Token hashes are uniform: their first two bytes pick the slot. */
static struct slot *
slot_of(const unsigned char token_hash[32])
{
	return &slots[((unsigned)token_hash[0] << 8 | token_hash[1]) % SESSION_CACHE_SLOTS];
}

static void
slot_empty(struct slot *s)
{
	free(s->username);
	free(s->display_name);
	free(s->locale);
	memset(s, 0, sizeof(*s));
}

static const char *
copy_or_null(struct arena *a, const char *s)
{
	return s != NULL ? arena_strdup(a, s) : NULL;
}

bool
session_cache_get(const unsigned char token_hash[32], int64_t generation, int64_t now,
		  struct arena *a, struct session_row *out)
{
	struct slot *s = slot_of(token_hash);
	bool hit;

	pthread_mutex_lock(&lock);
	hit = s->used && s->generation == generation &&
	      memcmp(s->token_hash, token_hash, sizeof(s->token_hash)) == 0 &&
	      s->row.user.active &&
	      session_is_live(now, s->row.last_seen_at, s->row.expires_at) &&
	      !session_needs_touch(now, s->row.last_seen_at);
	if (hit) {
		*out = s->row;
		out->user.username = copy_or_null(a, s->row.user.username);
		out->user.display_name = copy_or_null(a, s->row.user.display_name);
		out->user.locale = copy_or_null(a, s->row.user.locale);
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

static char *
own(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void
session_cache_put(const unsigned char token_hash[32], int64_t generation,
		  const struct session_row *row)
{
	struct slot *s = slot_of(token_hash);

	pthread_mutex_lock(&lock);
	slot_empty(s);
	s->used = true;
	memcpy(s->token_hash, token_hash, sizeof(s->token_hash));
	s->generation = generation;
	s->row = *row;
	s->row.user.username = s->username = own(row->user.username);
	s->row.user.display_name = s->display_name = own(row->user.display_name);
	s->row.user.locale = s->locale = own(row->user.locale);
	pthread_mutex_unlock(&lock);
}

void
session_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (int i = 0; i < SESSION_CACHE_SLOTS; i++)
		slot_empty(&slots[i]);
	pthread_mutex_unlock(&lock);
}
