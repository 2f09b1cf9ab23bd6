/* The `ura` commands. Each returns the process exit status. */
#ifndef URA_CLI_H
#define URA_CLI_H

#include <stdbool.h>

#include "core/config.h"
#include "core/status.h"
#include "store/store.h"

struct cli {
	struct config config;
	const char *username, *role, *display_name;
	long long institution_id;
	const char *config_file; /* --config or URA_CONFIG, when given */
	const char *mode;        /* retention: "dry-run" or "apply" */
	char **args;   /* words after the command */
	int nargs;
};

int cmd_init(struct cli *c);
int cmd_demo(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_migrate(struct cli *c);
int cmd_user(struct cli *c);
int cmd_audit(struct cli *c);
int cmd_backup(struct cli *c);
int cmd_restore(struct cli *c);
int cmd_keys(struct cli *c);
int cmd_settings(struct cli *c);
int cmd_check(struct cli *c);
int cmd_retention(struct cli *c);
int cmd_migrate_to(struct cli *c);
int cmd_reports(struct cli *c);

/* Reports each of the database's files and its key that is open to group or others (or
 * missing), one line each through `report`; returns how many. */
int cli_check_file_modes(const struct config *cfg, void (*report)(const char *line, void *cls),
			 void *cls);

/* Opens and migrates the database named by the settings; prints why on failure. */
struct store *cli_open_store(const struct config *cfg, bool create);
/* The master key file: --key, else "<db>.key" (a PostgreSQL URL needs --key; false then). */
bool cli_key_path(const struct config *cfg, char *buf, size_t len);
/* A password from the environment variable `env`, else asked twice on the terminal. */
bool cli_read_password(const char *env, const char *prompt, char *out, size_t len);
struct keys;
/* The data key: unwrapped with the master key file, or created on first use. */
enum ura_status cli_load_keys(struct store *s, const struct config *cfg, struct keys *out);
/* A new database file and master key (refuses to overwrite), migrated and open. */
struct store *create_database(const struct config *cfg);
void remove_database(const struct config *cfg);
/* Inserts a directory row through the same rules as the API, audited under `request_id`;
 * problems are printed. */
enum ura_status cli_insert_entity(struct store *s, const struct entity_def *def,
				  struct value *vals, const char *request_id, int64_t *id);
/* Creates a user through the same rules as the API (inside init, demo, `ura user add`). */
enum ura_status cli_create_user(struct store *s, const char *username, const char *display_name,
				const char *role, long long institution_id, const char *password,
				int64_t *id);

#endif
