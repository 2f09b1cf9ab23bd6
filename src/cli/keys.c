/*
 * The data key at start (created on first use, then unwrapped with the master key file) and
 * `ura keys rotate`, which re-wraps it under a new master key. The rotation never leaves the
 * database without a key file that opens it: the new key is written first, then the database
 * row, and only then are the files renamed.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "crypt/field.h"

struct key_write {
	unsigned char wrapped[WRAPPED_KEY_LEN];
	const char *action;
};

static enum ura_status
key_write_fn(struct db *db, void *ctx)
{
	struct key_write *w = ctx;
	int64_t now = clock_now();
	enum ura_status st = store_data_key_put(db, w->wrapped, sizeof(w->wrapped), now);

	if (st != URA_OK)
		return st;
	return audit_append(db, &(struct audit_event){ .action = w->action,
		.object_type = "data_key", .object_id = 1, .request_id = "cli" }, now);
}

static enum ura_status
read_master(const struct config *cfg, unsigned char master[MASTER_KEY_LEN])
{
	char path[CONFIG_PATH_MAX + 8], err[512];
	enum ura_status st;

	if (!cli_key_path(cfg, path, sizeof(path)))
		return URA_EINVAL;
	st = keyfile_load(path, master, err, sizeof(err));
	if (st != URA_OK)
		fprintf(stderr, "ura: %s\n", err);
	return st;
}

enum ura_status
cli_load_keys(struct store *s, const struct config *cfg, struct keys *out)
{
	unsigned char master[MASTER_KEY_LEN];
	struct key_write w = { .action = "data_key.create" };
	struct db *db = store_reader(s);
	enum ura_status st;

	if (db == NULL || read_master(cfg, master) != URA_OK)
		return URA_EUNAVAILABLE;
	st = store_data_key_get(db, w.wrapped, sizeof(w.wrapped));
	if (st == URA_ENOTFOUND) {
		keys_generate(out, master, w.wrapped);
		st = store_write(s, key_write_fn, &w);
	} else if (st == URA_OK && (st = keys_unwrap(out, master, w.wrapped)) != URA_OK) {
		fprintf(stderr, "ura: the key file does not open this database's data key\n");
	}
	sodium_memzero(master, sizeof(master));
	if (st != URA_OK)
		keys_wipe(out);
	return st;
}

/* Writes the new master key file, re-wraps the data key under it, then swaps the files. */
static int
rotate(struct store *s, const struct config *cfg, struct keys *k)
{
	char path[CONFIG_PATH_MAX + 8], next[CONFIG_PATH_MAX + 16], old[CONFIG_PATH_MAX + 16];
	char err[512];
	unsigned char master[MASTER_KEY_LEN];
	struct key_write w = { .action = "data_key.rotate" };

	if (!cli_key_path(cfg, path, sizeof(path)))
		return 2;
	snprintf(next, sizeof(next), "%s.new", path);
	snprintf(old, sizeof(old), "%s.old", path);
	if (keyfile_create(next, err, sizeof(err)) != URA_OK ||
	    keyfile_load(next, master, err, sizeof(err)) != URA_OK) {
		fprintf(stderr, "ura: %s\n", err);
		return 1;
	}
	keys_wrap(k, master, w.wrapped);
	sodium_memzero(master, sizeof(master));
	if (store_write(s, key_write_fn, &w) != URA_OK) {
		unlink(next);
		fprintf(stderr, "ura: could not store the re-wrapped key; nothing changed\n");
		return 1;
	}
	if (rename(path, old) != 0 || rename(next, path) != 0) {
		fprintf(stderr, "ura: the database now opens with %s; move it to %s by hand\n",
			next, path);
		return 1;
	}
	printf("ura: rotated: %s is the new master key; %s opens nothing any more and may be "
	       "destroyed once backups made with it are retired\n", path, old);
	return 0;
}

int
cmd_keys(struct cli *c)
{
	struct store *s;
	struct keys k;
	int rc = 1;

	if (c->nargs < 1 || strcmp(c->args[0], "rotate") != 0) {
		fprintf(stderr, "ura: keys rotate --db FILE [--key FILE]\n");
		return 2;
	}
	if ((s = cli_open_store(&c->config, false)) == NULL)
		return 1;
	if (cli_load_keys(s, &c->config, &k) == URA_OK) {
		rc = rotate(s, &c->config, &k);
		keys_wipe(&k);
	}
	store_close(s);
	return rc;
}
