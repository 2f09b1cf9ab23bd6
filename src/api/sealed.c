/* Sealing and opening free texts for the handlers. */
#include "api/sealed.h"

#include <string.h>

#include "api/app.h"
#include "core/log.h"
#include "crypt/field.h"

struct blob
sealed_text(struct request *r, const char *table, const char *column, int64_t id,
	    const char *text)
{
	size_t len = 0;
	unsigned char *p = text ? field_encrypt(&r->arena, r->app->keys, table, column, id, text,
						strlen(text), &len) : NULL;
	return (struct blob){ p, p ? len : 0 };
}

json_t *
opened_text(struct request *r, const char *table, const char *column, int64_t id,
	    const struct blob *b, bool *ok)
{
	char *s;

	if (b->len == 0)
		return json_null();
	s = field_decrypt(&r->arena, r->app->keys, table, column, id, b->p, b->len);
	if (s == NULL) {
		log_event(LOG_ERROR, "decrypt_failed", "table=%s column=%s id=%lld", table, column,
			  (long long)id);
		*ok = false;
		return json_null();
	}
	return json_string(s);
}

enum ura_status
sealed_store(struct db *db, struct request *r, enum sealed_field f, int64_t id, const char *text)
{
	const char *table, *column;
	struct blob b;

	sealed_field_name(f, &table, &column);
	b = sealed_text(r, table, column, id, text);
	return store_sealed_set(db, f, id, &b);
}

json_t *
sealed_open(struct request *r, enum sealed_field f, int64_t id, const struct blob *b, bool *ok)
{
	const char *table, *column;

	sealed_field_name(f, &table, &column);
	return opened_text(r, table, column, id, b, ok);
}
