/*
 * `ura check`: the files that hold survivors' data, and the key that opens them, must be
 * readable by their owner only. Ura creates them so (its umask is 077); this finds files made
 * before, copied with other modes, or loosened by hand. `ura serve` logs the same findings.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/log.h"

/* One file: a problem when it is missing (and `required`) or open to group or others. */
static int
check_file(const char *path, bool required, void (*report)(const char *line, void *cls),
	   void *cls)
{
	struct stat st;
	char line[CONFIG_PATH_MAX + 128];

	if (stat(path, &st) != 0) {
		if (errno == ENOENT && !required)
			return 0;
		snprintf(line, sizeof(line), "%s: %s", path, strerror(errno));
		report(line, cls);
		return 1;
	}
	if ((st.st_mode & 077) == 0)
		return 0;
	snprintf(line, sizeof(line), "%s has mode %04o: others may read it; chmod 600 %s", path,
		 (unsigned)(st.st_mode & 07777), path);
	report(line, cls);
	return 1;
}

int
cli_check_file_modes(const struct config *cfg, void (*report)(const char *line, void *cls),
		     void *cls)
{
	static const char *const companions[] = { "-wal", "-shm", "-journal" };
	char path[CONFIG_PATH_MAX + 16];
	int problems = 0;

	if (!store_url_is_postgres(cfg->db)) {
		problems += check_file(cfg->db, true, report, cls);
		for (size_t i = 0; i < sizeof(companions) / sizeof(companions[0]); i++) {
			snprintf(path, sizeof(path), "%s%s", cfg->db, companions[i]);
			problems += check_file(path, false, report, cls);
		}
	}
	if (cfg->key[0] != '\0' || !store_url_is_postgres(cfg->db))
		problems += check_file(config_key_path(cfg, path, sizeof(path)), true, report, cls);
	return problems;
}

static void
print_line(const char *line, void *cls)
{
	(void)cls;
	printf("ura: %s\n", line);
}

int
cmd_check(struct cli *c)
{
	if (c->config.db[0] == '\0') {
		fprintf(stderr, "ura: check --db FILE [--key FILE]\n");
		return 2;
	}
	if (cli_check_file_modes(&c->config, print_line, NULL) > 0)
		return 1;
	printf("ura: the database, its companion files and the key are private\n");
	return 0;
}
