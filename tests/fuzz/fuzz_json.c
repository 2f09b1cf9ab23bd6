/*
 * A mutation that knows JSON, for the harnesses whose input is (or ends in) a JSON body.
 *
 * libFuzzer's byte mutations seldom turn "basis":"consent" into "basis":null, or a list of
 * one institution into the same one forty times: the changes that reach a handler's type and
 * size assumptions. Half of the time this parses the body and changes one value of it — a
 * value of another JSON type, a copy of another value, the value removed, wrapped in a list
 * or an object, a list's item repeated, a key the reader does not expect — and writes it
 * back; the other half (and whenever the body is not JSON) libFuzzer mutates the bytes. All
 * choices come from the seed libFuzzer gives, so a mutation can be replayed.
 */
#include "fuzz_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS_MAX 256
#define REPEAT_MAX 40

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

/* Where a value sits: a member of an object or an item of an array (NULL parent: the root). */
struct slot {
	json_t *parent;
	const char *key;
	size_t index;
	json_t *value;
};

struct walk {
	struct slot slots[SLOTS_MAX];
	int n;
};

static unsigned int
next(unsigned int *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static void
collect(struct walk *w, json_t *parent, const char *key, size_t index, json_t *v)
{
	const char *k;
	json_t *item;
	size_t i;

	if (w->n == SLOTS_MAX)
		return;
	w->slots[w->n++] = (struct slot){ parent, key, index, v };
	if (json_is_object(v))
		json_object_foreach(v, k, item)
			collect(w, v, k, 0, item);
	else if (json_is_array(v))
		json_array_foreach(v, i, item)
			collect(w, v, NULL, i, item);
}

/* Keys that readers of the API know, and one that none does. */
static const char *const keys[] = { "id", "name", "institution_id", "case_ids", "basis",
	"share", "answers", "survivor", "given", "present", "unexpected" };
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

/* A value of some JSON type, often one a reader does not expect. */
static json_t *
any_value(unsigned int *rng)
{
	char text[160];

	switch (next(rng) % 14) {
	case 0: return json_null();
	case 1: return json_true();
	case 2: return json_false();
	case 3: return json_integer(0);
	case 4: return json_integer(-1);
	case 5: return json_integer(INT64_MAX);
	case 6: return json_integer(INT64_MIN);
	case 7: return json_real(0.5);
	case 8: return json_string("");
	case 9: return json_stringn("a\0b", 3);
	case 10:
		memset(text, 'x', sizeof(text) - 1);
		text[sizeof(text) - 1] = '\0';
		return json_string(text);
	case 11: return json_array();
	case 12: return json_object();
	default: return json_string(keys[next(rng) % NKEYS]);
	}
}

/* Puts `v` (a new reference, consumed) where slot s is. */
static void
place(json_t **root, const struct slot *s, json_t *v)
{
	if (s->parent == NULL) {
		json_decref(*root);
		*root = v;
	} else if (json_is_object(s->parent)) {
		json_object_set_new(s->parent, s->key, v);
	} else {
		json_array_set_new(s->parent, s->index, v);
	}
}

static void
mutate_tree(json_t **root, unsigned int *rng)
{
	struct walk w = { .n = 0 };
	const struct slot *s;
	json_t *wrap;

	collect(&w, NULL, NULL, 0, *root);
	s = &w.slots[next(rng) % (unsigned)w.n];
	switch (next(rng) % 6) {
	case 0: /* another type */
		place(root, s, any_value(rng));
		break;
	case 1: /* a copy of another value of the body */
		place(root, s, json_deep_copy(w.slots[next(rng) % (unsigned)w.n].value));
		break;
	case 2: /* gone */
		if (s->parent != NULL && json_is_object(s->parent))
			json_object_del(s->parent, s->key);
		else if (s->parent != NULL)
			json_array_remove(s->parent, s->index);
		break;
	case 3: /* wrapped */
		wrap = next(rng) % 2 ? json_array() : json_object();
		if (json_is_array(wrap))
			json_array_append(wrap, s->value);
		else
			json_object_set(wrap, "value", s->value);
		place(root, s, wrap);
		break;
	case 4: /* a list's item repeated, or a value in a list of copies */
		if (json_is_array(s->value) && json_array_size(s->value) > 0) {
			json_t *item = json_array_get(s->value, next(rng) % json_array_size(s->value));
			for (unsigned k = next(rng) % REPEAT_MAX; k > 0; k--)
				json_array_append(s->value, item);
		} else {
			wrap = json_array();
			for (unsigned k = 1 + next(rng) % REPEAT_MAX; k > 0; k--)
				json_array_append(wrap, s->value);
			place(root, s, wrap);
		}
		break;
	default: /* a key the reader knows, or one nobody reads, added to an object */
		if (json_is_object(s->value))
			json_object_set_new(s->value, keys[next(rng) % NKEYS], any_value(rng));
		else
			place(root, s, any_value(rng));
		break;
	}
}

size_t
fuzz_json_mutate(uint8_t *data, size_t size, size_t max_size, unsigned int seed,
		 size_t offset)
{
	unsigned int rng = seed | 1;
	json_t *root;
	char *text;
	size_t len;

	if (offset > size || next(&rng) % 2 == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	root = json_loadb((const char *)data + offset, size - offset, JSON_DECODE_ANY, NULL);
	if (root == NULL)
		return LLVMFuzzerMutate(data, size, max_size);
	mutate_tree(&root, &rng);
	text = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(root);
	len = text != NULL ? strlen(text) : 0;
	if (text == NULL || offset + len > max_size) {
		free(text);
		return LLVMFuzzerMutate(data, size, max_size);
	}
	memcpy(data + offset, text, len);
	free(text);
	return offset + len;
}
