/*
 * The data-protection answers (issue 16): a person's own copy of what Ura holds on them
 * (GET /subject-access, found by case or through POST /subject-access/search), and the
 * record of processing activities (GET /processing-record). Each answers JSON, or the same
 * document as a printable page (`format=html`) in the language `lang` names: server-rendered,
 * no script, A4 print styles (/print/print.css). Who may ask, and what each sees, is
 * domain/data_protection's decision.
 */
#ifndef URA_API_DATA_PROTECTION_H
#define URA_API_DATA_PROTECTION_H

#include <jansson.h>

#include "core/i18n.h"
#include "http/request.h"

void handle_subject_access(struct request *r);
void handle_subject_access_search(struct request *r);
void handle_processing_record(struct request *r);

/* The printable pages (api/data_protection_page.c), built from the JSON documents above, so
 * the page shows exactly what the JSON holds. A NUL-terminated page; the caller frees it. */
char *subject_access_page(const json_t *doc, enum lang lang);
char *processing_record_page(const json_t *doc, enum lang lang);

#endif
