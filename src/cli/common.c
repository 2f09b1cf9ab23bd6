/* What the commands share: opening the store, reading passwords, creating users. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "crypt/crypt.h"
#include "core/embedded.h"
#include "domain/accounts.h"
#include "domain/directory.h"
#include "domain/risk.h"

/* Loads the shipped risk instruments (checked by domain/risk) into the database. */
static enum ura_status
sync_fn(struct db *db, void *ctx)
{
	struct arena *a = ctx;
	int64_t now = clock_now();

	for (const struct embedded_file *f = instrument_files; f->name != NULL; f++) {
		struct risk_instrument ins;
		const char *error = NULL;
		enum ura_status st;

		if (risk_instrument_parse(a, f->text, &ins, &error) != URA_OK) {
			fprintf(stderr, "ura: instrument %s: %s\n", f->name, error ? error : "invalid");
			return URA_EINVAL;
		}
		st = store_instrument_upsert(db, &(struct instrument_row){ .code = ins.code,
			.kind = ins.kind, .version = ins.version, .definition = f->text }, now);
		if (st != URA_OK)
			return st;
	}
	return URA_OK;
}

/* True when the upsert of sync_fn would change nothing: every shipped instrument is in the
 * database, the same or older than what is there. A start then writes nothing (issue 15). */
static bool
instruments_loaded(struct store *s, struct arena *a)
{
	struct db *db = store_reader(s);

	for (const struct embedded_file *f = instrument_files; db != NULL && f->name != NULL; f++) {
		struct risk_instrument ins;
		struct instrument_row row;
		const char *error = NULL;

		if (risk_instrument_parse(a, f->text, &ins, &error) != URA_OK ||
		    store_instrument_by_code(db, a, ins.code, &row) != URA_OK)
			return false; /* sync_fn says why, or loads it */
		if (ins.version >= row.version && strcmp(row.definition, f->text) != 0)
			return false;
	}
	return db != NULL;
}

static bool
sync_instruments(struct store *s)
{
	struct arena a;
	enum ura_status st = URA_OK;

	arena_init(&a);
	if (!instruments_loaded(s, &a))
		st = store_write(s, sync_fn, &a);
	arena_free(&a);
	if (st != URA_OK)
		fprintf(stderr, "ura: could not load the risk instruments (%s)\n", ura_status_name(st));
	return st == URA_OK;
}

struct store *
cli_open_store(const struct config *cfg, bool create)
{
	struct store *s;
	char err[512];
	int applied = 0;

	if (cfg->db[0] == '\0') {
		fprintf(stderr, "ura: no database: give --db FILE or set URA_DB\n");
		return NULL;
	}
	if (store_open(&s, cfg->db, create, err, sizeof(err)) != URA_OK) {
		fprintf(stderr, "ura: %s\n", err);
		return NULL;
	}
	if (store_migrate(s, &applied, err, sizeof(err)) != URA_OK) {
		fprintf(stderr, "ura: %s\n", err);
		store_close(s);
		return NULL;
	}
	if (!sync_instruments(s)) {
		store_close(s);
		return NULL;
	}
	store_entities_init(directory_entities);
	return s;
}

bool
cli_key_path(const struct config *cfg, char *buf, size_t len)
{
	if (cfg->key[0] == '\0' && store_url_is_postgres(cfg->db)) {
		fprintf(stderr, "ura: a PostgreSQL database needs its master key file: give --key FILE "
			"or set URA_KEY\n");
		return false;
	}
	config_key_path(cfg, buf, len);
	return true;
}

static bool
prompt_once(const char *prompt, char *out, size_t len)
{
	struct termios old, quiet;
	bool ok;

	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	ok = fgets(out, (int)len, stdin) != NULL;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fprintf(stderr, "\n");
	if (ok)
		out[strcspn(out, "\r\n")] = '\0';
	return ok;
}

bool
cli_read_password(const char *env, const char *prompt, char *out, size_t len)
{
	const char *v = getenv(env);
	char again[257];
	bool same;

	if (v != NULL && *v != '\0') {
		snprintf(out, len, "%s", v);
		return true;
	}
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "ura: set %s, or run on a terminal to be asked\n", env);
		return false;
	}
	if (!prompt_once(prompt, out, len) || !prompt_once("Again: ", again, sizeof(again)))
		return false;
	same = strcmp(out, again) == 0;
	sodium_memzero(again, sizeof(again));
	if (!same)
		fprintf(stderr, "ura: the two passwords differ\n");
	return same;
}

struct entity_insert {
	const struct entity_def *def;
	struct value *vals;
	const char *request_id;
	int64_t id;
	struct field_errors errors;
};

/* A user made here is watched and announced like one made through the API (domain/accounts). */
static enum ura_status
user_created(struct db *db, const struct value *vals, int64_t id, int64_t now)
{
	const struct value *inst = &vals[entity_field_index(&entity_user, "institution_id")];
	struct account_state a = {
		.role = role_parse(vals[entity_field_index(&entity_user, "role")].s),
		.institution_id = inst->present && !inst->null ? inst->i : 0, .active = true };
	struct arena arena;
	enum ura_status st;

	arena_init(&arena);
	st = store_account_effects(db, &arena, id, a.institution_id,
				   account_change_effects(NULL, &a, false), now);
	arena_free(&arena);
	return st;
}

static enum ura_status
entity_insert_fn(struct db *db, void *ctx)
{
	struct entity_insert *e = ctx;
	int64_t now = clock_now();
	char action[64], fields[1024];
	enum ura_status st = store_entity_insert(db, e->def, e->vals, now, &e->id, &e->errors);

	if (st == URA_OK && e->def == &entity_user)
		st = user_created(db, e->vals, e->id, now);
	if (st != URA_OK)
		return st;
	snprintf(action, sizeof(action), "%s.create", e->def->name);
	entity_field_list(e->def, e->vals, fields, sizeof(fields));
	return audit_append(db, &(struct audit_event){ .action = action,
		.object_type = e->def->name, .object_id = e->id, .request_id = e->request_id,
		.fields = fields }, now);
}

static void
print_errors(const struct field_errors *errors, const char *what)
{
	for (int i = 0; i < errors->count; i++)
		fprintf(stderr, "ura: %s %s: %s\n", what, errors->items[i].field,
			i18n_text(errors->items[i].message, LANG_EN));
}

enum ura_status
cli_insert_entity(struct store *s, const struct entity_def *def, struct value *vals,
		  const char *request_id, int64_t *id)
{
	struct entity_insert e = { .def = def, .vals = vals, .request_id = request_id };
	enum ura_status st;

	entity_apply_defaults(def, vals);
	entity_validate(def, vals, true, &e.errors);
	entity_check_rules(def, vals, 0, &e.errors);
	if (e.errors.count > 0) {
		print_errors(&e.errors, def->name);
		return URA_EUNPROCESSABLE;
	}
	st = store_write(s, entity_insert_fn, &e);
	print_errors(&e.errors, def->name);
	if (id != NULL)
		*id = e.id;
	return st;
}

/* Sets a user field by name: text when `text` is given, else the id (0 meaning null). */
static void
set_value(struct value *vals, const char *field, const char *text, long long id)
{
	struct value *v = &vals[entity_field_index(&entity_user, field)];

	*v = (struct value){ .present = true, .s = text, .i = id,
			     .null = text == NULL && id == 0 };
}

enum ura_status
cli_create_user(struct store *s, const char *username, const char *display_name,
		const char *role, long long institution_id, const char *password, int64_t *id)
{
	struct value vals[16] = { 0 };
	struct field_errors errors = { 0 };
	char hash[PASSWORD_HASH_MAX];
	const int pw = entity_field_index(&entity_user, "password");
	enum ura_status st;

	set_value(vals, "username", username, 0);
	set_value(vals, "display_name", display_name, 0);
	set_value(vals, "password", password, 0);
	set_value(vals, "role", role, 0);
	set_value(vals, "institution_id", NULL, institution_id);
	/* The password's rules are checked on the text itself, before it becomes a hash. */
	entity_validate(&entity_user, vals, true, &errors);
	if (errors.count > 0) {
		print_errors(&errors, "user");
		return URA_EUNPROCESSABLE;
	}
	if ((st = password_hash(password, hash)) != URA_OK)
		return st;
	vals[pw].s = hash;
	st = cli_insert_entity(s, &entity_user, vals, "cli", id);
	sodium_memzero(hash, sizeof(hash));
	return st;
}
