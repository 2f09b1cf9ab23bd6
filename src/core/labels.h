/*
 * The labels of the API's enum values in Albanian, English and Serbian (Latin), and where
 * translated in Turkish and Bosnian (issue 16; the rest reads in English): data/labels.json,
 * embedded in the binary, `{group: {code: {"sq", "en", "sr-Latn", "tr"?, "bs"?}}}`. The
 * browser UI imports the same file; the server's exports (CSV, XLSX, iCalendar) show labels
 * from it instead of codes. Parsed once, on first use, and kept for the life of the process
 * (read-only after that, so any thread may look up).
 */
#ifndef URA_CORE_LABELS_H
#define URA_CORE_LABELS_H

#include <stdbool.h>

#include "core/i18n.h"

/* The label of `code` in `group` ("service", "economic_aid") in `lang` (for tr and bs, the
 * English one where that language has none); `code` itself when the file has none (never NULL
 * for a non-NULL code). */
const char *label_text(const char *group, const char *code, enum lang lang);
/* Whether the file labels (group, code) in `lang` with a non-empty text. */
bool label_has(const char *group, const char *code, enum lang lang);
/* Calls fn for every (group, code) of the file, in its order; false when the file does not
 * parse as the shape above. */
bool labels_each(void (*fn)(const char *group, const char *code, void *ctx), void *ctx);

#endif
