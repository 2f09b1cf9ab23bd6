/* Appending to and verifying the audit chain. */
#include "audit/audit.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void
hash_int(crypto_generichash_state *h, int64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	crypto_generichash_update(h, b, sizeof(b));
}

/* Strings are length-prefixed so that ("ab","c") and ("a","bc") hash differently. */
static void
hash_text(crypto_generichash_state *h, const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;

	hash_int(h, (int64_t)len);
	if (len > 0)
		crypto_generichash_update(h, (const unsigned char *)s, len);
}

void
audit_entry_hash(const struct audit_row *r, unsigned char out[32])
{
	static const char domain_tag[] = "ura-audit-v1";
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, (const unsigned char *)domain_tag, sizeof(domain_tag) - 1);
	crypto_generichash_update(&h, r->prev_hash, 32);
	hash_int(&h, r->id);
	hash_int(&h, r->at);
	hash_int(&h, r->actor_user_id);
	hash_int(&h, r->institution_id);
	hash_int(&h, r->object_id);
	hash_int(&h, r->case_id);
	hash_text(&h, r->action);
	hash_text(&h, r->object_type);
	hash_text(&h, r->request_id);
	hash_text(&h, r->fields);
	/* Entries from before the mark existed hash as they always did; a flagged one covers
	 * its mark, so it cannot be cleared quietly. */
	if (r->flagged)
		hash_text(&h, "flagged");
	/* Likewise the detail (migration 017): an entry without one hashes as before. */
	if (r->detail != NULL && r->detail[0] != '\0') {
		hash_text(&h, "detail");
		hash_text(&h, r->detail);
	}
	crypto_generichash_final(&h, out, 32);
}

void
audit_chain_link(struct audit_row *rows, int n, int64_t first_id,
		 const unsigned char prev_hash[32])
{
	for (int i = 0; i < n; i++) {
		rows[i].id = first_id + i;
		memcpy(rows[i].prev_hash, i == 0 ? prev_hash : rows[i - 1].hash, 32);
		audit_entry_hash(&rows[i], rows[i].hash);
	}
}

/* Reserves the rows' ids, links them to the head and inserts them, then moves the head: three
 * statements for up to 64 rows (store_audit_insert takes 64 a statement). */
static enum ura_status
write_rows(struct db *db, struct audit_row *rows, int n)
{
	unsigned char prev_hash[32];
	int64_t first_id;
	enum ura_status rc;

	if (n == 0)
		return URA_OK;
	if ((rc = store_audit_advance(db, n, &first_id, prev_hash)) != URA_OK)
		return rc;
	audit_chain_link(rows, n, first_id, prev_hash);
	if ((rc = store_audit_insert(db, rows, n)) != URA_OK)
		return rc;
	return store_audit_set_head(db, rows[n - 1].hash);
}

enum ura_status
audit_append(struct db *db, const struct audit_event *e, int64_t now)
{
	struct audit_row row = {
		.at = now,
		.actor_user_id = e->actor_user_id,
		.institution_id = e->institution_id,
		.action = e->action,
		.object_type = e->object_type,
		.object_id = e->object_id,
		.case_id = e->case_id,
		.request_id = e->request_id != NULL ? e->request_id : "-",
		.fields = e->fields != NULL ? e->fields : "[]",
		.flagged = e->flagged,
		.detail = e->detail,
	};
	struct audit_batch *batch = store_batch_audit(db);

	/* The columns are NOT NULL: the write that would break that fails alone, now, rather
	 * than its whole batch at the commit. */
	if (row.action == NULL || row.object_type == NULL)
		return URA_EINTERNAL;
	if (batch == NULL)
		return write_rows(db, &row, 1);
	audit_batch_add(batch, &row);
	return URA_OK;
}

/* ---- a writer batch's entries ---- */

void
audit_batch_init(struct audit_batch *b)
{
	memset(b, 0, sizeof(*b));
	arena_init(&b->strings);
}

void
audit_batch_add(struct audit_batch *b, const struct audit_row *row)
{
	struct audit_row *copy;

	if (b->n == b->room) {
		b->room = b->room < 64 ? 64 : 2 * b->room;
		b->rows = xrealloc(b->rows, (size_t)b->room * sizeof(*b->rows));
	}
	copy = &b->rows[b->n++];
	*copy = *row;
	copy->action = arena_strdup(&b->strings, row->action);
	copy->object_type = arena_strdup(&b->strings, row->object_type);
	copy->request_id = arena_strdup(&b->strings, row->request_id);
	copy->fields = arena_strdup(&b->strings, row->fields);
	copy->detail = row->detail != NULL ? arena_strdup(&b->strings, row->detail) : NULL;
}

void
audit_batch_truncate(struct audit_batch *b, int n)
{
	if (n >= 0 && n < b->n)
		b->n = n;
}

enum ura_status
audit_batch_write(struct db *db, struct audit_batch *b)
{
	return write_rows(db, b->rows, b->n);
}

void
audit_batch_clear(struct audit_batch *b)
{
	b->n = 0;
	arena_free(&b->strings);
}

void
audit_batch_free(struct audit_batch *b)
{
	arena_free(&b->strings);
	free(b->rows);
	memset(b, 0, sizeof(*b));
}

struct verify_walk {
	struct audit_verdict *v;
	unsigned char prev[32];
	int64_t expected_id;
};

static bool
verify_row(const struct audit_row *row, void *arg)
{
	struct verify_walk *w = arg;
	unsigned char h[32];

	w->v->entries++;
	if (row->id != w->expected_id) {
		w->v->reason = "an entry is missing before this one";
	} else if (sodium_memcmp(row->prev_hash, w->prev, 32) != 0) {
		w->v->reason = "its link to the previous entry does not match";
	} else {
		audit_entry_hash(row, h);
		if (sodium_memcmp(h, row->hash, 32) != 0)
			w->v->reason = "its content does not match its hash";
	}
	if (w->v->reason != NULL) {
		w->v->intact = false;
		w->v->first_bad_id = row->id;
		return false;
	}
	memcpy(w->prev, row->hash, 32);
	w->expected_id++;
	return true;
}

enum ura_status
audit_verify(struct db *db, struct audit_verdict *out)
{
	struct verify_walk w = { .v = out, .expected_id = 1 };
	unsigned char head_hash[32];
	int64_t head_seq = 0;
	enum ura_status rc;

	memset(out, 0, sizeof(*out));
	out->intact = true;
	if ((rc = store_audit_each(db, verify_row, &w)) != URA_OK)
		return rc;
	if (!out->intact)
		return URA_OK;
	if ((rc = store_audit_head(db, &head_seq, head_hash)) != URA_OK)
		return rc;
	/*
	 * The head must name the last entry: a head past it means entries were cut from the end;
	 * a head short of it means entries were appended without taking the chain's lock.
	 */
	int64_t last = w.expected_id - 1;
	if (head_seq != last || (last > 0 && sodium_memcmp(head_hash, w.prev, 32) != 0)) {
		out->intact = false;
		out->first_bad_id = (head_seq < last ? head_seq : last) + 1;
		out->reason = head_seq > last ? "entries at the end of the log are missing"
			      : head_seq < last ? "entries were added behind the chain's back"
						: "the chain's head does not match its last entry";
	}
	return URA_OK;
}
