/*
 * Fuzz target: a whole request as the server hands it over — the router (src/http/router.c),
 * path, query and paging parameters (src/http/request.c), the body and JSON intake, the
 * caller and CSRF checks (src/api/dispatch.c) and whichever handler the route names — on the
 * temporary SQLite store of fuzz_app.c, opened once per process.
 *
 * The input is text in the shape of an HTTP request, with the sender first:
 *
 *     caseworker POST /api/v1/cases/1/notes?limit=5
 *     Accept-Language: en
 *
 *     {"body":"…","visibility":"institution"}
 *
 * The sender is one of anonymous admin coordinator manager caseworker shelter social national
 * auditor (anything else: anonymous) and signs in with a bearer token unless the input gives
 * its own Authorization header. The query is split at & and = and not percent-decoded (the
 * fuzzer writes the decoded bytes). POST /api/v1/session is left out: each sign-in spends an
 * Argon2 hash (tens of milliseconds), and its input is two strings read by api/input.c.
 * Half of the mutations change the JSON body as a tree (fuzz_json.c).
 */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "fuzz_app.h"
#include "fuzz_json.h"

#define HEADERS_MAX (REQUEST_PAIRS_MAX + 4)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Structural JSON changes go to the body, after the blank line. */
size_t
LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	const uint8_t *lf = memmem(data, size, "\n\n", 2), *crlf = memmem(data, size, "\n\r\n", 3);
	size_t body = lf != NULL ? (size_t)(lf - data) + 2
		    : crlf != NULL ? (size_t)(crlf - data) + 3 : size + 1;

	return fuzz_json_mutate(data, size, max_size, seed, body);
}

static const char *const senders[FUZZ_NWHO] = {
	[FUZZ_ANONYMOUS] = "anonymous", [FUZZ_ADMIN] = "admin",
	[FUZZ_COORDINATOR] = "coordinator", [FUZZ_MANAGER] = "manager",
	[FUZZ_CASEWORKER] = "caseworker", [FUZZ_SHELTER] = "shelter", [FUZZ_SOCIAL] = "social",
	[FUZZ_NATIONAL] = "national", [FUZZ_AUDITOR] = "auditor",
};

/* The next line of [*p, end) (without its LF, and a CR before it), copied into the arena. */
static char *
next_line(struct arena *a, const char **p, const char *end)
{
	const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
	size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);

	*p = nl ? nl + 1 : end;
	if (len > 0 && s[len - 1] == '\r')
		len--;
	return arena_strndup(a, s, len);
}

/* The next space-separated word of *s ("" at the end). */
static char *
next_word(char **s)
{
	char *w = *s, *sp = strchr(w, ' ');

	if (sp != NULL) {
		*sp = '\0';
		*s = sp + 1;
	} else {
		*s = w + strlen(w);
	}
	return w;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct fuzz_header headers[HEADERS_MAX];
	enum fuzz_who who = FUZZ_ANONYMOUS;
	char *line, *name, *method, *target, *query;
	struct arena a;
	int n = 0;

	fuzz_app_init();
	arena_init(&a);
	line = next_line(&a, &p, end);
	name = next_word(&line);
	method = next_word(&line);
	target = next_word(&line);
	for (int w = 0; w < FUZZ_NWHO; w++)
		if (strcmp(name, senders[w]) == 0)
			who = (enum fuzz_who)w;
	if ((query = strchr(target, '?')) != NULL)
		*query++ = '\0';
	while (p < end && *(line = next_line(&a, &p, end)) != '\0') {
		char *colon = strchr(line, ':');

		if (colon == NULL || n == HEADERS_MAX)
			continue;
		*colon++ = '\0';
		headers[n++] = (struct fuzz_header){ line, colon + (*colon == ' ') };
	}
	if (!(strcmp(method, "POST") == 0 && strcmp(target, "/api/v1/session") == 0))
		fuzz_app_call(who, method, target, query, headers, n, p, (size_t)(end - p));
	arena_free(&a);
	return 0;
}
