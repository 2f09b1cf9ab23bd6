/* QR codes by libqrencode, as module rows and as SVG. */
#include "report/qr.h"

#include <qrencode.h>
#include <stdio.h>
#include <string.h>

#define QUIET_ZONE 4

/* One path of horizontal runs of dark modules: "M x y h n v 1 h -n z" each. */
static const char *
svg_of(struct arena *a, const QRcode *code)
{
	int w = code->width, side = w + 2 * QUIET_ZONE;
	/* A run costs at most ~40 characters and there are at most w*w/2 runs. */
	size_t cap = (size_t)w * (size_t)w * 20 + 512, len = 0;
	char *out = arena_alloc(a, cap);

	len += (size_t)snprintf(out + len, cap - len,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
				"shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
				"fill=\"#fff\"/><path fill=\"#000\" d=\"", side, side, side, side);
	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w;) {
			int run = 0;
			while (x + run < w && (code->data[y * w + x + run] & 1))
				run++;
			if (run > 0 && len < cap)
				len += (size_t)snprintf(out + len, cap - len, "M%d %dh%dv1h-%dz",
							x + QUIET_ZONE, y + QUIET_ZONE, run, run);
			x += run > 0 ? run : 1;
		}
	}
	if (len < cap)
		snprintf(out + len, cap - len, "\"/></svg>");
	return out;
}

bool
qr_encode(struct arena *a, const char *text, struct qr *out)
{
	QRcode *code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	const char **rows;

	if (code == NULL)
		return false;
	out->size = code->width;
	rows = arena_alloc(a, sizeof(char *) * (size_t)code->width);
	for (int y = 0; y < code->width; y++) {
		char *row = arena_alloc(a, (size_t)code->width + 1);
		for (int x = 0; x < code->width; x++)
			row[x] = (code->data[y * code->width + x] & 1) ? '1' : '0';
		rows[y] = row;
	}
	out->rows = rows;
	out->svg = svg_of(a, code);
	QRcode_free(code);
	return true;
}
