/*
 * Fuzz target: the configuration (src/core/config.c): the INI file through inih and
 * config_set, the URA_* environment loader, and the helpers that read the result (the
 * listen address split into host and port, the key file's path). Pure: no store, no file.
 *
 * The input is an INI file. Its lines of the form URA_NAME=value also serve as the
 * environment of config_load_env. Whatever is accepted must leave a config the server can
 * use: NUL-terminated strings, counts within their bounds, a port below 65536.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *input_text;

/* The value of NAME in a line "NAME=value" of the input (copied, so it is NUL-terminated). */
static const char *
lookup(const char *name)
{
	static char value[2048];
	size_t len = strlen(name);

	for (const char *line = input_text; line != NULL && *line != '\0';) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);

		if (n > len && strncmp(line, name, len) == 0 && line[len] == '=') {
			size_t v = n - len - 1 < sizeof(value) - 1 ? n - len - 1 : sizeof(value) - 1;
			memcpy(value, line + len + 1, v);
			value[v] = '\0';
			return value;
		}
		line = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static void
check_config(const struct config *c)
{
	char addr[128], key[CONFIG_PATH_MAX + 8];
	unsigned port = 0;

	if (strnlen(c->db, sizeof(c->db)) == sizeof(c->db) ||
	    strnlen(c->key, sizeof(c->key)) == sizeof(c->key) ||
	    strnlen(c->listen, sizeof(c->listen)) == sizeof(c->listen) ||
	    strnlen(c->log_level, sizeof(c->log_level)) == sizeof(c->log_level) ||
	    c->threads < 0 || c->threads > 256 || c->workers < 1 || c->workers > 1024 ||
	    c->connection_limit < 1 || c->connection_timeout < 1)
		abort();
	if (config_listen_parts(c, addr, sizeof(addr), &port) &&
	    (port > 65535 || strnlen(addr, sizeof(addr)) == sizeof(addr) || addr[0] == '\0'))
		abort();
	config_key_path(c, key, sizeof(key));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[256];
	struct config c;

	memcpy(text, data, size);
	text[size] = '\0';
	input_text = text;
	config_defaults(&c);
	err[0] = '\0';
	if (config_load_ini_string(&c, text, err, sizeof(err)) != URA_OK && err[0] == '\0')
		abort(); /* a refusal says why */
	check_config(&c);
	config_defaults(&c);
	if (config_load_env(&c, lookup, err, sizeof(err)) == URA_OK)
		check_config(&c);
	free(text);
	return 0;
}
