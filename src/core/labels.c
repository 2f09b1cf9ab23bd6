/* data/labels.json, parsed once and looked up by group, code and language. */
#include "core/labels.h"

#include <jansson.h>
#include <pthread.h>

#include "core/embedded.h"

static json_t *labels;
static pthread_once_t labels_once = PTHREAD_ONCE_INIT;

static void
labels_parse(void)
{
	json_t *doc = json_loads(labels_json, JSON_REJECT_DUPLICATES, NULL);

	if (json_is_object(doc))
		labels = doc;
	else
		json_decref(doc);
}

static json_t *
labels_doc(void)
{
	pthread_once(&labels_once, labels_parse);
	return labels;
}

static const char *
lookup(const char *group, const char *code, enum lang lang)
{
	json_t *entry = json_object_get(json_object_get(labels_doc(), group), code);
	const char *text = json_string_value(json_object_get(entry, lang_tag(lang)));

	return text != NULL && *text != '\0' ? text : NULL;
}

const char *
label_text(const char *group, const char *code, enum lang lang)
{
	const char *text = group != NULL && code != NULL ? lookup(group, code, lang) : NULL;

	/* tr and bs (issue 16) label what is translated; the rest reads in English. */
	if (text == NULL && group != NULL && code != NULL && lang >= LANG_COMPLETE)
		text = lookup(group, code, LANG_EN);
	return text != NULL ? text : code;
}

bool
label_has(const char *group, const char *code, enum lang lang)
{
	return group != NULL && code != NULL && lookup(group, code, lang) != NULL;
}

bool
labels_each(void (*fn)(const char *group, const char *code, void *ctx), void *ctx)
{
	json_t *doc = labels_doc(), *codes, *entry;
	const char *group, *code;

	if (doc == NULL)
		return false;
	json_object_foreach(doc, group, codes) {
		if (!json_is_object(codes))
			return false;
		json_object_foreach(codes, code, entry)
			fn(group, code, ctx);
	}
	return true;
}
