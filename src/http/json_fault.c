/* Naming what is wrong with a body jansson refused (see json_fault.h). */
#include "http/json_fault.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/*
 * Where the scan of the body stands: the containers open around it, innermost last. For an
 * object, the key of the member being read; for an array, the index of the item.
 */
#define FRAMES_MAX 64
#define KEY_MAX 64

struct frame {
	bool object;
	size_t index;
	char key[KEY_MAX];
};

struct scan {
	struct frame frames[FRAMES_MAX];
	int depth;        /* frames open; beyond FRAMES_MAX they are counted, not kept */
	bool expect_key;  /* in an object, the next string is a key */
};

/* Copies the string starting at body[*at] (its opening quote) into key, escapes as written,
 * and leaves *at after its closing quote (or at end). */
static void
read_string(const char *body, size_t end, size_t *at, char *key, size_t keylen)
{
	size_t n = 0, i = *at + 1;

	for (; i < end && body[i] != '"'; i++) {
		if (body[i] == '\\' && i + 1 < end) {
			if (key != NULL && n + 1 < keylen)
				key[n++] = body[i];
			i++;
		}
		if (key != NULL && n + 1 < keylen)
			key[n++] = body[i];
	}
	if (key != NULL)
		key[n] = '\0';
	*at = i < end ? i + 1 : end;
}

static struct frame *
top(struct scan *s)
{
	return s->depth > 0 && s->depth <= FRAMES_MAX ? &s->frames[s->depth - 1] : NULL;
}

static void
open_container(struct scan *s, bool object)
{
	if (s->depth < FRAMES_MAX)
		s->frames[s->depth] = (struct frame){ .object = object };
	s->depth++;
	s->expect_key = object;
}

/* Reads body[0..end): the containers and keys open at its end. */
static void
scan_to(const char *body, size_t end, struct scan *s)
{
	size_t at = 0;
	struct frame *f;

	while (at < end) {
		char c = body[at];
		f = top(s);
		if (c == '"') {
			bool is_key = s->expect_key && f != NULL && f->object;
			read_string(body, end, &at, is_key ? f->key : NULL, KEY_MAX);
			continue;
		}
		if (c == '{' || c == '[') {
			open_container(s, c == '{');
		} else if (c == '}' || c == ']') {
			s->depth = s->depth > 0 ? s->depth - 1 : 0;
			s->expect_key = false;
		} else if (c == ',') {
			if (f != NULL && !f->object)
				f->index++;
			s->expect_key = f != NULL && f->object;
		} else if (c == ':') {
			s->expect_key = false;
		}
		at++;
	}
}

/* The path of the value being read where the scan stopped: "a.b[2].c". */
static void
path_of(const struct scan *s, char *path, size_t pathlen)
{
	size_t used = 0;
	int n;

	path[0] = '\0';
	if (s->depth > FRAMES_MAX)
		return;
	for (int i = 0; i < s->depth; i++) {
		const struct frame *f = &s->frames[i];
		n = f->object ? snprintf(path + used, pathlen - used, "%s%s", used ? "." : "", f->key)
			      : snprintf(path + used, pathlen - used, "[%zu]", f->index);
		if (n < 0 || (size_t)n >= pathlen - used) {
			path[0] = '\0'; /* a path cut short would name another field */
			return;
		}
		used += (size_t)n;
	}
}

enum json_fault
json_fault_of(const char *body, size_t len, const json_error_t *err, char *path, size_t pathlen)
{
	enum json_fault fault;
	struct scan s = { .depth = 0 };

	if (pathlen > 0)
		path[0] = '\0';
	switch (json_error_code(err)) {
	case json_error_null_character: fault = JSON_FAULT_NUL; break;
	case json_error_null_byte_in_key: return JSON_FAULT_NUL;
	case json_error_numeric_overflow: fault = JSON_FAULT_NUMBER_RANGE; break;
	case json_error_duplicate_key: fault = JSON_FAULT_DUPLICATE_KEY; break;
	case json_error_stack_overflow: return JSON_FAULT_TOO_DEEP;
	default: return JSON_FAULT_SYNTAX;
	}
	/* jansson stops right after the token at fault: the scan up to there stands in it. */
	if (pathlen == 0 || err->position <= 0 || (size_t)err->position > len)
		return fault;
	scan_to(body, (size_t)err->position, &s);
	path_of(&s, path, pathlen);
	return fault;
}
