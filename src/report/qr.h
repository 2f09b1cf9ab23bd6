/*
 * A QR code of a short text (an otpauth:// URI) computed by libqrencode, in two shapes a
 * browser can show: rows of modules ('1' dark, '0' light) to draw with its own elements, and
 * a standalone SVG. Everything is allocated in the caller's arena.
 */
#ifndef URA_REPORT_QR_H
#define URA_REPORT_QR_H

#include <stdbool.h>

#include "core/arena.h"

struct qr {
	int size;          /* modules per side, without the quiet zone */
	const char **rows; /* `size` strings of `size` characters */
	const char *svg;   /* the symbol with a four-module quiet zone */
};

/* False when the text cannot be encoded (too long, or out of memory). */
bool qr_encode(struct arena *a, const char *text, struct qr *out);

#endif
