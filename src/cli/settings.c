/*
 * `ura settings`: the settings Ura would run with — defaults, then the settings file, the
 * environment and the flags — written as the INI file would say them, one section after
 * another, each line naming its environment variable (a password only as set or not). For an operator asking "what is it
 * running with?", and for the test that keeps dist/ura.conf.example true to the defaults.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#define SECTIONS_MAX 16

struct sections {
	const char *names[SECTIONS_MAX];
	int n;
};

static void
collect_section(const char *section, const char *key, const char *env, const char *value,
		void *ctx)
{
	struct sections *s = ctx;

	(void)key, (void)env, (void)value;
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->names[i], section) == 0)
			return;
	if (s->n < SECTIONS_MAX)
		s->names[s->n++] = section;
}

static void
print_setting(const char *section, const char *key, const char *env, const char *value,
	      void *ctx)
{
	const char *const *wanted = ctx;

	if (strcmp(section, *wanted) != 0)
		return;
	/* A password is never printed: only whether one is set. */
	if (strstr(key, "password") != NULL && strstr(key, "password_hash") == NULL &&
	    value[0] != '\0')
		printf("%s = ******** ; %s (set, not shown)\n", key, env);
	else
		printf("%s = %s ; %s\n", key, value, env);
}

int
cmd_settings(struct cli *c)
{
	struct sections sections = { 0 };

	config_each(&c->config, collect_section, &sections);
	for (int i = 0; i < sections.n; i++) {
		printf("%s[%s]\n", i ? "\n" : "", sections.names[i]);
		config_each(&c->config, print_setting, &sections.names[i]);
	}
	return 0;
}
