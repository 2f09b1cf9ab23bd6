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

/* Appends inside the caller's write transaction (call it from a store_write function). */
enum ura_status audit_append(struct db *db, const struct audit_event *e, int64_t now);

/* The hash of an entry given its prev_hash and fields (pure). */
void audit_entry_hash(const struct audit_row *row, unsigned char out[32]);

struct audit_verdict {
	bool intact;
	int64_t entries;
	int64_t first_bad_id; /* 0 when intact */
	const char *reason;   /* a constant English phrase for the operator */
};
/* Walks the whole chain. */
enum ura_status audit_verify(struct db *db, struct audit_verdict *out);

#endif
