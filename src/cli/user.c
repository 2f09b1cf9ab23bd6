/* `ura user add|passwd|disable`: accounts from the command line (the admin's own rescue). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "crypt/crypt.h"
#include "domain/accounts.h"

struct user_change {
	const char *username, *hash;
	bool disable;
	int64_t id;
};

/* A reset or a disable from here ends every session and token of the user, and a staff
 * account's reset is watched and announced, as through the API (domain/accounts). */
static enum ura_status
account_effects(struct db *db, struct user_change *u, int64_t now)
{
	struct arena a;
	struct user found;
	struct account_state before, after;
	enum ura_status st;

	arena_init(&a);
	if ((st = store_user_by_id(db, &a, u->id, &found)) == URA_OK) {
		before = (struct account_state){ found.role, found.institution_id, true };
		after = before;
		after.active = !u->disable;
		st = store_account_effects(db, &a, u->id, found.institution_id,
					   account_change_effects(&before, &after, !u->disable),
					   now);
	}
	arena_free(&a);
	return st;
}

static enum ura_status
user_change_fn(struct db *db, void *ctx)
{
	struct user_change *u = ctx;
	int64_t now = clock_now();
	enum ura_status st = u->disable ? store_user_set_active(db, u->username, false, now, &u->id)
					: store_user_set_password(db, u->username, u->hash, now,
								  &u->id);
	if (st != URA_OK || (st = account_effects(db, u, now)) != URA_OK)
		return st;
	return audit_append(db, &(struct audit_event){ .action = "user.update",
		.object_type = "user", .object_id = u->id, .request_id = "cli",
		.fields = u->disable ? "[\"active\"]" : "[\"password\"]" }, now);
}

static int
user_change(struct cli *c, struct store *s, bool disable)
{
	struct user_change u = { .username = c->username, .disable = disable };
	char password[257], hash[PASSWORD_HASH_MAX];
	enum ura_status st;

	if (!disable) {
		if (!cli_read_password("URA_PASSWORD", "New password: ", password, sizeof(password)))
			return 1;
		if (strlen(password) < 12) {
			fprintf(stderr, "ura: the password needs at least 12 characters\n");
			return 1;
		}
		st = password_hash(password, hash);
		sodium_memzero(password, sizeof(password));
		if (st != URA_OK)
			return 1;
		u.hash = hash;
	}
	st = store_write(s, user_change_fn, &u);
	sodium_memzero(hash, sizeof(hash));
	if (st == URA_ENOTFOUND)
		fprintf(stderr, "ura: no user '%s'\n", c->username);
	else if (st == URA_OK)
		printf("ura: %s %s\n", c->username, disable ? "disabled" : "has a new password");
	return st == URA_OK ? 0 : 1;
}

/* What `user add` can check without the database or a password, checked before either. */
static int
user_add_check(const struct cli *c)
{
	enum role role = c->role != NULL ? role_parse(c->role) : ROLE_NONE;

	if (role == ROLE_NONE) {
		fprintf(stderr, "ura: user add needs --role, one of: admin, coordinator, manager, "
			"caseworker, national, auditor\n");
		return 2;
	}
	if (role_needs_institution(role) && c->institution_id <= 0) {
		fprintf(stderr, "ura: a %s belongs to an institution: give --institution ID\n",
			c->role);
		return 2;
	}
	return 0;
}

static int
user_add(struct cli *c, struct store *s)
{
	char password[257];
	enum ura_status st;

	if (!cli_read_password("URA_PASSWORD", "Password: ", password, sizeof(password)))
		return 1;
	st = cli_create_user(s, c->username, c->display_name ? c->display_name : c->username,
			     c->role, c->institution_id, password, NULL);
	sodium_memzero(password, sizeof(password));
	if (st == URA_OK)
		printf("ura: added %s (%s)\n", c->username, c->role);
	return st == URA_OK ? 0 : 1;
}

int
cmd_user(struct cli *c)
{
	const char *verb = c->nargs > 0 ? c->args[0] : "";
	struct store *s;
	int rc;

	if (strcmp(verb, "add") && strcmp(verb, "passwd") && strcmp(verb, "disable")) {
		fprintf(stderr, "ura: user add|passwd|disable --username NAME\n");
		return 2;
	}
	if (c->username == NULL) {
		fprintf(stderr, "ura: user %s needs --username\n", verb);
		return 2;
	}
	if (strcmp(verb, "add") == 0 && (rc = user_add_check(c)) != 0)
		return rc;
	if ((s = cli_open_store(&c->config, false)) == NULL)
		return 1;
	if (strcmp(verb, "add") == 0)
		rc = user_add(c, s);
	else
		rc = user_change(c, s, strcmp(verb, "disable") == 0);
	store_close(s);
	return rc;
}
