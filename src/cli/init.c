/* `ura init` (an empty database with its key and first admin) and `ura demo`. */
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "crypt/field.h"
#include "domain/directory.h"

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Undoes a half-made database, so that init can simply be run again. */
void
remove_database(const struct config *cfg)
{
	char path[CONFIG_PATH_MAX + 8];

	if (store_url_is_postgres(cfg->db)) {
		/* The tables stay (migrations run in one transaction, so they are complete or
		 * absent); only the key made for them goes. */
		if (cli_key_path(cfg, path, sizeof(path)))
			unlink(path);
		return;
	}
	unlink(cfg->db);
	snprintf(path, sizeof(path), "%s-wal", cfg->db);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", cfg->db);
	unlink(path);
	unlink(config_key_path(cfg, path, sizeof(path)));
}

/* A PostgreSQL database is made by its administrator; Ura only refuses one already in use. */
static bool
postgres_is_empty(const struct config *cfg)
{
	struct store *s;
	char err[512];
	int version;

	if (store_open(&s, cfg->db, false, err, sizeof(err)) != URA_OK) {
		fprintf(stderr, "ura: %s\n", err);
		return false;
	}
	version = store_schema_version(s);
	store_close(s);
	if (version != 0)
		fprintf(stderr, "ura: %s\n", version < 0 ? "cannot read the database"
			: "the database already holds a Ura schema; refusing to initialise it again");
	return version == 0;
}

/* Creates the database (a file, or the schema in an empty PostgreSQL database) and its master
 * key; refuses to overwrite either. */
struct store *
create_database(const struct config *cfg)
{
	char key[CONFIG_PATH_MAX + 8], err[512];
	bool postgres = store_url_is_postgres(cfg->db);
	struct keys keys = { 0 };
	struct store *s;

	if (cfg->db[0] == '\0') {
		fprintf(stderr, "ura: no database: give --db FILE\n");
		return NULL;
	}
	if (!cli_key_path(cfg, key, sizeof(key)))
		return NULL;
	if ((!postgres && exists(cfg->db)) || exists(key)) {
		fprintf(stderr, "ura: %s already exists; refusing to overwrite it\n",
			exists(key) ? key : cfg->db);
		return NULL;
	}
	if (postgres && !postgres_is_empty(cfg))
		return NULL;
	if (keyfile_create(key, err, sizeof(err)) != URA_OK) {
		fprintf(stderr, "ura: %s\n", err);
		return NULL;
	}
	s = cli_open_store(cfg, true);
	if (s != NULL && cli_load_keys(s, cfg, &keys) != URA_OK) {
		store_close(s);
		s = NULL;
	}
	keys_wipe(&keys);
	if (s == NULL)
		remove_database(cfg);
	return s;
}

int
cmd_init(struct cli *c)
{
	const char *user = getenv("URA_ADMIN_USER");
	char password[257];
	struct store *s;
	enum ura_status st;

	if (user == NULL || *user == '\0')
		user = "admin";
	if (!cli_read_password("URA_ADMIN_PASSWORD", "Password for the first admin: ", password,
			       sizeof(password)))
		return 1;
	if ((s = create_database(&c->config)) == NULL) {
		sodium_memzero(password, sizeof(password));
		return 1;
	}
	st = cli_create_user(s, user, "Administrator", "admin", 0, password, NULL);
	sodium_memzero(password, sizeof(password));
	store_close(s);
	if (st != URA_OK) {
		remove_database(&c->config);
		return 1;
	}
	printf("ura: created %s with admin '%s'\n", c->config.db, user);
	return 0;
}
