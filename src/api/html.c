/* An HTML page's buffer (see html.h). */
#include "api/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

static void
html_grow(struct html *h, size_t more)
{
	size_t cap = h->cap ? h->cap : 8192;

	while (cap < h->len + more + 1)
		cap *= 2;
	if (cap != h->cap) {
		char *p = xmalloc(cap);

		if (h->len > 0)
			memcpy(p, h->p, h->len);
		free(h->p);
		h->p = p;
		h->cap = cap;
	}
}

static void
html_append(struct html *h, const char *s, size_t n)
{
	html_grow(h, n);
	memcpy(h->p + h->len, s, n);
	h->len += n;
	h->p[h->len] = '\0';
}

void
html_raw(struct html *h, const char *markup)
{
	html_append(h, markup, strlen(markup));
}

void
html_text(struct html *h, const char *text)
{
	for (const char *p = text ? text : ""; *p != '\0'; p++) {
		switch (*p) {
		case '&': html_raw(h, "&amp;"); break;
		case '<': html_raw(h, "&lt;"); break;
		case '>': html_raw(h, "&gt;"); break;
		case '"': html_raw(h, "&quot;"); break;
		case '\'': html_raw(h, "&#39;"); break;
		default: html_append(h, p, 1); break;
		}
	}
}

void
html_printf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	html_grow(h, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(h->p + h->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	h->len += (size_t)n;
}

void
html_free(struct html *h)
{
	free(h->p);
	h->p = NULL;
	h->len = h->cap = 0;
}
