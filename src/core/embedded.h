/*
 * Files the binary carries: the risk instruments and the enum labels (scripts/embed.sh), and
 * the bundled browser UI (scripts/embed-web.sh).
 */
#ifndef URA_CORE_EMBEDDED_H
#define URA_CORE_EMBEDDED_H

struct embedded_file {
	const char *name; /* the file's base name; NULL ends a list */
	const char *text;
};

/* The JSON files of data/instruments/. */
extern const struct embedded_file instrument_files[];
/* data/labels.json (core/labels.h). */
extern const char labels_json[];
/* data/reintegration.json (api/reintegration.c). */
extern const char reintegration_json[];

#include <stdbool.h>
#include <stddef.h>

/* One file of the browser UI, as built by web/build.mjs, with its gzip twin. */
struct web_asset {
	const char *path; /* the URL path: "/index.html", "/assets/main-HASH.js"; NULL ends */
	const char *content_type;
	const unsigned char *data;
	size_t len;
	const unsigned char *gz;
	size_t gz_len;
	bool immutable; /* named by content hash: browsers may keep it for good */
};

extern const struct web_asset web_assets[];

#endif
