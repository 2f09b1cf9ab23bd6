/* Files the binary carries (scripts/embed.sh): the risk instruments and the enum labels. */
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

#endif
