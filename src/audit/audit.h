/*
 * The append-only, hash-chained audit log. Each entry's hash covers the previous entry's hash
 * and every field of the entry, so editing, deleting or reordering any entry breaks the chain
 * from there on, and `ura audit verify` names the first entry that no longer fits.
 * Entries never carry personal data: ids, action names and the names of changed fields.
 */
#ifndef URA_AUDIT_H
#define URA_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "store/store.h"

struct audit_event {
	int64_t actor_user_id, institution_id; /* 0 when none */
	const char *action;                     /* "municipality.create" */
	const char *object_type;                /* "municipality" */
	int64_t object_id, case_id;             /* 0 when none */
	const char *request_id;
	const char *fields;                     /* JSON array of field names, or NULL for [] */
	bool flagged;                           /* for the auditor's attention */
	const char *detail;                     /* a JSON object of codes, or NULL */
};

/*
 * Appends inside the caller's write transaction (call it from a store_write function). In a
 * writer batch (store_batch_audit) the entry waits in the batch's list: the batch numbers,
 * links and writes its entries at once before it commits, and drops those of a job that
 * rolls back. On any other connection it is written at once.
 */
enum ura_status audit_append(struct db *db, const struct audit_event *e, int64_t now);

/* The hash of an entry given its prev_hash and fields (pure). */
void audit_entry_hash(const struct audit_row *row, unsigned char out[32]);
/* Numbers rows first_id, first_id + 1, ... and links each to the one before, the first to
 * prev_hash: sets their id, prev_hash and hash (pure). */
void audit_chain_link(struct audit_row *rows, int n, int64_t first_id,
		      const unsigned char prev_hash[32]);

/* The entries a writer batch appended, in order, with copies of their strings. */
struct audit_batch {
	struct audit_row *rows;
	int n, room;
	struct arena strings;
};
void audit_batch_init(struct audit_batch *b);
/* Adds a copy of `row` (its id and hashes are set when the batch is written). */
void audit_batch_add(struct audit_batch *b, const struct audit_row *row);
/* Keeps the first n entries only: those of a job that rolled back go. */
void audit_batch_truncate(struct audit_batch *b, int n);
/* Writes the entries on the batch's connection: reserves their ids, links them and inserts
 * them, then moves the chain's head; the list is left as it was (clear it after). */
enum ura_status audit_batch_write(struct db *db, struct audit_batch *b);
/* Empties the list for the next batch (it keeps its room). */
void audit_batch_clear(struct audit_batch *b);
void audit_batch_free(struct audit_batch *b);

struct audit_verdict {
	bool intact;
	int64_t entries;
	int64_t first_bad_id; /* 0 when intact */
	const char *reason;   /* a constant English phrase for the operator */
};
/* Walks the whole chain. */
enum ura_status audit_verify(struct db *db, struct audit_verdict *out);

#endif
