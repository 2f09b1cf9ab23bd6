/*
 * ura — the coordinated referral and case-management server.
 * This file reads the command line, layers the settings (flags over URA_* environment over
 * the INI file over defaults), fixes the clock when URA_NOW is set, and runs a command.
 */
#include <getopt.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/log.h"
#include "crypt/crypt.h"

#define URA_VERSION "0.1.0"

static const char usage[] =
	"Usage: ura COMMAND [options]\n"
	"\n"
	"Commands:\n"
	"  init    --db FILE [--key FILE]     create a database, its master key and the first admin\n"
	"                                     (FILE may be a postgresql:// URL; then --key is needed)\n"
	"                                     (URA_ADMIN_USER, URA_ADMIN_PASSWORD, or asked)\n"
	"  demo    --db FILE                  create a demo database (Korçë) and print its accounts\n"
	"  serve   --db FILE [--listen ADDR:PORT] [--config FILE]\n"
	"  migrate --db FILE                  bring the schema up to date\n"
	"  user add|passwd|disable --db FILE --username NAME [--role ROLE] [--institution ID]\n"
	"                                     [--display-name NAME]   (password: URA_PASSWORD or asked)\n"
	"  audit verify --db FILE             check the audit chain; exit 1 naming the first bad entry\n"
	"  backup --db FILE DEST              an online copy of the database (SQLite)\n"
	"  restore --db FILE SOURCE           a backup copied into a new database file (SQLite)\n"
	"  keys rotate --db FILE [--key FILE] a new master key; the old file becomes FILE.key.old\n"
	"  check --db FILE [--key FILE] [--config FILE]\n"
	"                                     the settings are valid (else exit 2); warn (exit 1) about\n"
	"                                     database, key or settings files others may read\n"
	"  settings [--config FILE]           the settings it would run with, as an INI file\n"
	"  retention --dry-run|--apply --db FILE [--config FILE]\n"
	"                                     the closed cases past their retention period / anonymise them\n"
	"  migrate-to --db FILE postgresql://URL\n"
	"                                     copy the (stopped) SQLite database into an empty\n"
	"                                     PostgreSQL one; verify counts and the audit chain\n"
	"  reports rebuild --db FILE          recompute the summary report's rollups from the cases\n"
	"\n"
	"Options: --key FILE (default FILE.key), --threads N, --workers N, --help, --version\n"
	"Environment: URA_DB URA_KEY URA_LISTEN URA_THREADS URA_WORKERS URA_HTTPS URA_CONFIG\n"
	"             URA_LOG_LEVEL URA_NOW (RFC 3339: fixes the clock, for tests)\n";

enum { OPT_DB = 256, OPT_KEY, OPT_LISTEN, OPT_CONFIG, OPT_THREADS, OPT_WORKERS, OPT_USERNAME,
       OPT_ROLE, OPT_INSTITUTION, OPT_DISPLAY_NAME, OPT_DRY_RUN, OPT_APPLY };

static const struct option options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "key", required_argument, NULL, OPT_KEY },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "workers", required_argument, NULL, OPT_WORKERS },
	{ "username", required_argument, NULL, OPT_USERNAME },
	{ "role", required_argument, NULL, OPT_ROLE },
	{ "institution", required_argument, NULL, OPT_INSTITUTION },
	{ "display-name", required_argument, NULL, OPT_DISPLAY_NAME },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "apply", no_argument, NULL, OPT_APPLY },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Each command with its own usage, which `ura COMMAND --help` prints (a command with verbs:
 * `ura user add --help` prints the verb's). */
struct command {
	const char *name, *verb; /* verb: NULL for the command as a whole */
	int (*run)(struct cli *c);
	const char *usage;
};

#define DB_HELP "  --db FILE        the database (or a postgresql:// URL)\n"
#define KEY_HELP "  --key FILE       the master key file (default FILE.key)\n"

static const struct command commands[] = {
	{ "init", NULL, cmd_init, "Usage: ura init --db FILE [--key FILE]\n"
	  "Creates a database, its master key and the first admin account.\n"
	  DB_HELP KEY_HELP "  (a postgresql:// URL needs --key)\n"
	  "The admin: URA_ADMIN_USER and URA_ADMIN_PASSWORD, or asked.\n" },
	{ "demo", NULL, cmd_demo, "Usage: ura demo --db FILE\n"
	  "Creates a demo database (the Korçë mechanism) and prints its accounts.\n" DB_HELP },
	{ "serve", NULL, cmd_serve,
	  "Usage: ura serve --db FILE [--listen ADDR:PORT] [--config FILE] [--threads N]\n"
	  "                 [--workers N]\n"
	  "Serves the API and the browser UI.\n" DB_HELP KEY_HELP
	  "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080)\n"
	  "  --config FILE    settings (INI); `ura settings` prints them\n" },
	{ "migrate", NULL, cmd_migrate, "Usage: ura migrate --db FILE\n"
	  "Brings the schema up to date.\n" DB_HELP },
	{ "user", NULL, cmd_user,
	  "Usage: ura user add|passwd|disable --db FILE --username NAME [options]\n"
	  "Accounts from the command line (the admin's own rescue).\n"
	  "  add       a new account (--role, --institution, --display-name)\n"
	  "  passwd    a new password; ends the user's sessions\n"
	  "  disable   no more sign-in; ends the user's sessions\n"
	  "`ura user VERB --help` for a verb's options.\n" },
	{ "user", "add", cmd_user,
	  "Usage: ura user add --db FILE --username NAME --role ROLE [--institution ID]\n"
	  "                    [--display-name NAME]\n"
	  "Adds an account. The password: URA_PASSWORD, or asked (at least 12 characters).\n"
	  DB_HELP "  --role ROLE      admin, coordinator, manager, caseworker, national, auditor\n"
	  "  --institution ID the institution (required for manager and caseworker)\n" },
	{ "user", "passwd", cmd_user, "Usage: ura user passwd --db FILE --username NAME\n"
	  "Sets a new password (URA_PASSWORD, or asked) and ends the user's sessions.\n" DB_HELP },
	{ "user", "disable", cmd_user, "Usage: ura user disable --db FILE --username NAME\n"
	  "Disables the account and ends its sessions.\n" DB_HELP },
	{ "audit", NULL, cmd_audit, "Usage: ura audit verify --db FILE\n"
	  "Checks the audit chain; exits 1 naming the first entry that does not verify.\n"
	  DB_HELP },
	{ "backup", NULL, cmd_backup, "Usage: ura backup --db FILE DEST\n"
	  "An online copy of the database (SQLite) into DEST, taken while it serves.\n" DB_HELP },
	{ "restore", NULL, cmd_restore, "Usage: ura restore --db FILE SOURCE\n"
	  "A backup copied into a new database file (SQLite).\n" DB_HELP },
	{ "keys", NULL, cmd_keys, "Usage: ura keys rotate --db FILE [--key FILE]\n"
	  "A new master key; the old key file is kept as FILE.key.old.\n" DB_HELP KEY_HELP },
	{ "check", NULL, cmd_check, "Usage: ura check --db FILE [--key FILE] [--config FILE]\n"
	  "The settings are valid (else exit 2); warns (exit 1) about database, key or settings\n"
	  "files others may read.\n" DB_HELP KEY_HELP },
	{ "settings", NULL, cmd_settings, "Usage: ura settings [--config FILE]\n"
	  "The settings it would run with, as an INI file (passwords shown only as set).\n" },
	{ "retention", NULL, cmd_retention,
	  "Usage: ura retention --dry-run|--apply --db FILE [--config FILE]\n"
	  "The closed cases past their retention period (--dry-run), or anonymise them\n"
	  "(--apply): their keys and personal data destroyed, their counts kept.\n" DB_HELP },
	{ "migrate-to", NULL, cmd_migrate_to, "Usage: ura migrate-to --db FILE postgresql://URL\n"
	  "Copies the SQLite database FILE (with its attachments' files) into the PostgreSQL\n"
	  "database at URL, which must hold no Ura data: migrates it, copies every table in one\n"
	  "transaction, and commits only when each table's row count matches and the audit\n"
	  "chain verifies there; else nothing changes. Stop the server first (a database in use\n"
	  "is refused). Sessions are not copied. The master key stays FILE.key: give it as\n"
	  "--key (or `key =`) to the server on the target.\n"
	  "  --db FILE        the SQLite database to copy\n" },
	{ "reports", NULL, cmd_reports, "Usage: ura reports rebuild --db FILE\n"
	  "Recomputes the summary report's facts and rollups from the cases and referrals, in\n"
	  "transactions of bounded size (safe while the server runs).\n" DB_HELP },
};

/* Whether `arg` is a long option whose value is the next argument ("--db", not "--db=F"). */
static bool
takes_value(const char *arg)
{
	if (strncmp(arg, "--", 2) != 0 || strchr(arg, '=') != NULL)
		return false;
	for (const struct option *o = options; o->name != NULL; o++)
		if (strcmp(o->name, arg + 2) == 0)
			return o->has_arg == required_argument;
	return false;
}

/* The usage for `ura COMMAND [VERB] --help`: the verb's when it has one, else the command's. */
static const char *
command_usage(const char *command, int argc, char **argv)
{
	const char *verb = NULL, *found = NULL;

	for (int i = 2; i < argc && verb == NULL; i++) {
		if (argv[i][0] != '-')
			verb = argv[i];
		else if (takes_value(argv[i]))
			i++; /* `--db FILE`: FILE is not the verb */
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, command) != 0)
			continue;
		if (commands[i].verb == NULL && found == NULL)
			found = commands[i].usage;
		if (commands[i].verb != NULL && verb != NULL && strcmp(commands[i].verb, verb) == 0)
			return commands[i].usage;
	}
	return found != NULL ? found : usage;
}

struct flag {
	const char *name, *value;
};

/* Setting flags kept for load_settings; more on one command line is refused. */
#define FLAGS_MAX 16

/* Reads flags into `c` (settings kept aside in `flags`, FLAGS_MAX of them, to apply last). */
static int
parse_flags(int argc, char **argv, struct cli *c, struct flag *flags, int *nflags,
	    const char **config_file, const char *help)
{
	int opt;

	while ((opt = getopt_long(argc, argv, "hV", options, NULL)) != -1) {
		const char *setting = NULL;

		switch (opt) {
		case 'h': fputs(help, stdout); exit(0);
		case 'V': printf("ura %s\n", URA_VERSION); exit(0);
		case OPT_DB: setting = "db"; break;
		case OPT_KEY: setting = "key"; break;
		case OPT_LISTEN: setting = "listen"; break;
		case OPT_THREADS: setting = "threads"; break;
		case OPT_WORKERS: setting = "workers"; break;
		case OPT_CONFIG: *config_file = optarg; break;
		case OPT_USERNAME: c->username = optarg; break;
		case OPT_ROLE: c->role = optarg; break;
		case OPT_DISPLAY_NAME: c->display_name = optarg; break;
		case OPT_INSTITUTION: c->institution_id = strtoll(optarg, NULL, 10); break;
		case OPT_DRY_RUN: c->mode = "dry-run"; break;
		case OPT_APPLY: c->mode = "apply"; break;
		default: fputs(help, stderr); return 2;
		}
		if (setting != NULL && *nflags == FLAGS_MAX) {
			fprintf(stderr, "ura: too many options (at most %d settings)\n", FLAGS_MAX);
			return 2;
		}
		if (setting != NULL)
			flags[(*nflags)++] = (struct flag){ setting, optarg };
	}
	return 0;
}

static const char *
env_lookup(const char *name)
{
	return getenv(name);
}

/* Defaults, then the INI file, then the environment, then the flags. */
static int
load_settings(struct cli *c, const struct flag *flags, int nflags, const char *config_file)
{
	char err[256];

	config_defaults(&c->config);
	if (config_file == NULL)
		config_file = getenv("URA_CONFIG");
	if (config_file != NULL &&
	    config_load_ini_file(&c->config, config_file, err, sizeof(err)) != URA_OK)
		goto fail;
	if (config_load_env(&c->config, env_lookup, err, sizeof(err)) != URA_OK)
		goto fail;
	for (int i = 0; i < nflags; i++)
		if (config_set(&c->config, flags[i].name, flags[i].value, err, sizeof(err)) != URA_OK)
			goto fail;
	return 0;
fail:
	fprintf(stderr, "ura: %s\n", err);
	return 2;
}

static int
setup_clock(void)
{
	const char *now = getenv("URA_NOW");
	int64_t t;

	if (now == NULL || *now == '\0')
		return 0;
	if (!clock_parse_rfc3339(now, &t)) {
		fprintf(stderr, "ura: URA_NOW must be an RFC 3339 time such as 2026-11-23T09:30:00Z\n");
		return 2;
	}
	clock_fix(t);
	return 0;
}

int
main(int argc, char **argv)
{
	struct cli c = { 0 };
	struct flag flags[FLAGS_MAX];
	int nflags = 0, rc;
	const char *config_file = NULL, *command;
	sigset_t blocked;

	if (argc < 2 || argv[1][0] == '-') {
		if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
			printf("ura %s\n", URA_VERSION);
			return 0;
		}
		fputs(usage, argc >= 2 && strcmp(argv[1], "--help") && strcmp(argv[1], "-h")
			? stderr : stdout);
		return argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
			? 0 : 2;
	}
	/* Every file Ura creates (database, journal, backups, keys) is its owner's alone. */
	umask(077);
	command = argv[1];
	if ((rc = parse_flags(argc - 1, argv + 1, &c, flags, &nflags, &config_file,
			      command_usage(command, argc, argv))) != 0 ||
	    (rc = load_settings(&c, flags, nflags, config_file)) != 0 || (rc = setup_clock()) != 0)
		return rc;
	c.config_file = config_file != NULL ? config_file : getenv("URA_CONFIG");
	c.args = argv + 1 + optind;
	c.nargs = argc - 1 - optind;
	log_set_level(strcmp(c.config.log_level, "debug") == 0 ? LOG_DEBUG
		      : strcmp(c.config.log_level, "warn") == 0 ? LOG_WARN
		      : strcmp(c.config.log_level, "error") == 0 ? LOG_ERROR : LOG_INFO);
	/* Threads inherit this mask: only `serve`'s sigwait sees SIGINT and SIGTERM. */
	sigemptyset(&blocked);
	sigaddset(&blocked, SIGINT);
	sigaddset(&blocked, SIGTERM);
	if (strcmp(command, "serve") == 0)
		pthread_sigmask(SIG_BLOCK, &blocked, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!crypt_init(crypt_hash_slots((int)sysconf(_SC_NPROCESSORS_ONLN),
					 (unsigned)c.config.password_hash_memory_kib)) ||
	    !crypt_password_cost((unsigned)c.config.password_hash_memory_kib,
				 (unsigned)c.config.password_hash_passes)) {
		fprintf(stderr, "ura: libsodium failed to start\n");
		return 1;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, command) == 0 && commands[i].verb == NULL)
			return commands[i].run(&c);
	fprintf(stderr, "ura: unknown command '%s'\n\n%s", command, usage);
	return 2;
}
