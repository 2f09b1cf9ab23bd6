/* UTF-8: validation at the door, and lengths in characters (limits are in characters). */
#ifndef URA_UTF8_H
#define URA_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF). */
bool utf8_valid(const char *s, size_t len);
/* Code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
