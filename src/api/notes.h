/* Case notes (api/notes.c). */
#ifndef URA_API_NOTES_H
#define URA_API_NOTES_H

#include <jansson.h>

#include "http/request.h"
#include "store/store.h"

struct keys;

/* A note as JSON, its body decrypted under its case's keys `k` (*ok cleared when it does not
 * decrypt). */
json_t *note_json(struct request *r, const struct keys *k, const struct note_row *n, bool *ok);

void handle_case_note_add(struct request *r);
void handle_case_notes_list(struct request *r);

#endif
