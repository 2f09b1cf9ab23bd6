/*
 * `ura check`: the files that hold survivors' data, and the key that opens them, must be
 * readable by their owner only (the attachments' directory too). Ura creates them so (its
 * umask is 077); this finds files made before, copied with other modes, or loosened by hand. `ura serve` logs the same findings.
 * The settings file (which may name a database with its password) may be read by the
 * service's group (root:ura 0640), never by others. The settings themselves were read before
 * the command ran: a wrong one has already stopped it with exit 2, naming it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/log.h"

/* One file: a problem when it is missing (and `required`) or has a bit of `open` set. */
static int
check_mode(const char *path, bool required, mode_t open,
	   void (*report)(const char *line, void *cls), void *cls)
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
	if ((st.st_mode & open) == 0)
		return 0;
	snprintf(line, sizeof(line), "%s has mode %04o: others may read it; chmod %s %s", path,
		 (unsigned)(st.st_mode & 07777), S_ISDIR(st.st_mode) ? "700" : "600", path);
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
		problems += check_mode(cfg->db, true, 077, report, cls);
		/* The attachments' directory (store/attachments.h): its files are ciphertext, but
		 * who may list them learns how many documents there are, and when. */
		snprintf(path, sizeof(path), "%s.files", cfg->db);
		problems += check_mode(path, false, 077, report, cls);
		for (size_t i = 0; i < sizeof(companions) / sizeof(companions[0]); i++) {
			snprintf(path, sizeof(path), "%s%s", cfg->db, companions[i]);
			problems += check_mode(path, false, 077, report, cls);
		}
	}
	if (cfg->key[0] != '\0' || !store_url_is_postgres(cfg->db))
		problems += check_mode(config_key_path(cfg, path, sizeof(path)), true, 077, report,
				       cls);
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
	int problems;

	if (c->config.db[0] == '\0') {
		fprintf(stderr, "ura: check --db FILE [--key FILE] [--config FILE]\n");
		return 2;
	}
	problems = cli_check_file_modes(&c->config, print_line, NULL);
	if (c->config_file != NULL)
		problems += check_mode(c->config_file, true, 007, print_line, NULL);
	if (problems > 0)
		return 1;
	printf("ura: the settings are valid; the database, its companion files and the key are "
	       "private\n");
	return 0;
}
