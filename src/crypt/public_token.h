/*
 * The secrets of reports made without an account: the receipt's random symbols, and the
 * public form's anti-forgery token, "<issued epoch seconds>.<MAC>", a keyed hash under a key
 * derived from the data key (so every process of a deployment, sharing the master key,
 * accepts the tokens of the others, and no session is needed).
 */
#ifndef URA_CRYPT_PUBLIC_TOKEN_H
#define URA_CRYPT_PUBLIC_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypt/field.h"

/* n symbols, each uniformly random in 0..base-1. */
void random_symbols(unsigned char *out, size_t n, uint32_t base);

#define FORM_TOKEN_TEXT 72 /* 20 digits, a dot, 43 characters of MAC, NUL, spare */
/* A token issued at `issued` (epoch seconds). */
void form_token_make(const struct keys *k, int64_t issued, char out[FORM_TOKEN_TEXT]);
/* The time a token was issued, when its MAC is right; false for anything else. */
bool form_token_read(const struct keys *k, const char *token, int64_t *issued);

#endif
