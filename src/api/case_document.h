/*
 * A case as JSON for one reader: the always-present fields, and each category's part only
 * when policy made it readable (decrypted here, never before). Shared by every answer that
 * shows a case, so no handler can forget to withhold.
 */
#ifndef URA_API_CASE_DOCUMENT_H
#define URA_API_CASE_DOCUMENT_H

#include <jansson.h>

#include "crypt/field.h"
#include "domain/policy.h"
#include "store/store.h"

struct case_view {
	const struct case_row *row;
	const struct incident_row *incidents;
	int nincidents;
	const struct consent_row *consents;
	int nconsents;
	category_set readable;
	bool show_consents; /* the owner sees the consent records */
	bool address_readable; /* false: a confidential address is left out (withheld_fields) */
};

/* A category's JSON document encrypted for cases.<column>#<id> under the case's keys `k`
 * (api/case_keys.h; `doc` is consumed; NULL gives an empty blob: the category is erased). */
struct blob case_part_seal(struct arena *a, const struct keys *k, const char *column,
			   int64_t id, json_t *doc);
/* The same for a document already serialised (`text`, from json_dumps; NULL: erased), so that
 * the serialising can be done before a write and only the sealing in it. */
struct blob case_part_seal_text(struct arena *a, const struct keys *k, const char *column,
				int64_t id, const char *text);
/* Zeroes and frees such a text (NULL: nothing). */
void case_part_text_free(char *text);
/* The decrypted document, NULL when there is none; *ok is cleared when it does not decrypt. */
json_t *case_part_open(struct arena *a, const struct keys *k, const char *column, int64_t id,
		       const struct blob *b, bool *ok);

/* The summary: plain fields only (lists, coordinators). */
json_t *case_summary_json(const struct case_row *row);
/* The document; NULL when a stored value fails to decrypt (tampering: answer 500). `k` are
 * the case's keys, NULL for an anonymised case (which holds no ciphertext). */
json_t *case_document_json(struct arena *a, const struct keys *k, const struct case_view *v);
/* A consent record as JSON. */
json_t *consent_json(const struct consent_row *c);
/* The names of the categories in a set, as a JSON array text (for audit "fields"). */
const char *category_set_text(struct arena *a, category_set set);

#endif
