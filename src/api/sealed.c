/* Sealing and opening free texts for the handlers. */
#include "api/sealed.h"

#include <string.h>

#include "api/app.h"
#include "core/log.h"
#include "crypt/field.h"

struct blob
sealed_text_k(struct request *r, const struct keys *k, const char *table, const char *column,
	      int64_t id, const char *text)
{
	size_t len = 0;
	unsigned char *p = text && k ? field_encrypt(&r->arena, k, table, column, id, text,
						     strlen(text), &len) : NULL;
	return (struct blob){ p, p ? len : 0 };
}

struct blob
sealed_text(struct request *r, const char *table, const char *column, int64_t id,
	    const char *text)
{
	return sealed_text_k(r, r->app->keys, table, column, id, text);
}

json_t *
opened_text_k(struct request *r, const struct keys *k, const char *table, const char *column,
	      int64_t id, const struct blob *b, bool *ok)
{
	char *s;

	if (b->len == 0)
		return json_null();
	s = k ? field_decrypt(&r->arena, k, table, column, id, b->p, b->len) : NULL;
	if (s == NULL) {
		log_event(LOG_ERROR, "decrypt_failed", "table=%s column=%s id=%lld", table, column,
			  (long long)id);
		*ok = false;
		return json_null();
	}
	return json_string(s);
}

json_t *
opened_text(struct request *r, const char *table, const char *column, int64_t id,
	    const struct blob *b, bool *ok)
{
	return opened_text_k(r, r->app->keys, table, column, id, b, ok);
}

enum ura_status
sealed_store_k(struct db *db, struct request *r, const struct keys *k, enum sealed_field f,
	       int64_t id, const char *text)
{
	const char *table, *column;
	struct blob b;

	if (k == NULL && text != NULL)
		return URA_ECONFLICT; /* an anonymised case takes no new text */
	sealed_field_name(f, &table, &column);
	b = sealed_text_k(r, k, table, column, id, text);
	return store_sealed_set(db, f, id, &b);
}

enum ura_status
sealed_store(struct db *db, struct request *r, enum sealed_field f, int64_t id, const char *text)
{
	return sealed_store_k(db, r, r->app->keys, f, id, text);
}

json_t *
sealed_open_k(struct request *r, const struct keys *k, enum sealed_field f, int64_t id,
	      const struct blob *b, bool *ok)
{
	const char *table, *column;

	sealed_field_name(f, &table, &column);
	return opened_text_k(r, k, table, column, id, b, ok);
}

json_t *
sealed_open(struct request *r, enum sealed_field f, int64_t id, const struct blob *b, bool *ok)
{
	return sealed_open_k(r, r->app->keys, f, id, b, ok);
}
