/*
 * Building an HTML page: a growing buffer that escapes every text it is given (html_text,
 * html_attr) and copies the page's own markup as it is (html_raw). The public pages are
 * built with it; nothing a client sent reaches a page except through html_text/html_attr.
 */
#ifndef URA_API_HTML_H
#define URA_API_HTML_H

#include <stddef.h>

struct html {
	char *p;
	size_t len, cap;
};

void html_raw(struct html *h, const char *markup);
/* Text escaped for an element's content or a quoted attribute (& < > " '). */
void html_text(struct html *h, const char *text);
/* printf for markup; every %s argument must already be safe (escape it first). */
void html_printf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_free(struct html *h);

#endif
