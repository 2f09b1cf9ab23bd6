/*
 * `ura demo`: a Korçë domestic-violence mechanism with its member institutions, one user of
 * every role and a few cases in progress (cli/demo_cases.c), so that a newcomer can sign in
 * and look around. Passwords are random and printed once, each account beside its
 * institution. The database says it is a demo (the settings row "demo"), which lets the
 * sign-in page list its accounts (GET /demo-accounts).
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "api/caseload.h"
#include "audit/audit.h"
#include "cli/cli.h"
#include "cli/demo.h"
#include "core/clock.h"
#include "crypt/field.h"
#include "domain/directory.h"

struct demo_field {
	const char *name;
	const char *text; /* NULL: use num */
	long long num;
};

/* Inserts one row through the same rules as the API; 0 on failure (reported). */
static int64_t
demo_insert(struct store *s, const struct entity_def *def, const struct demo_field *fields,
	    int n)
{
	struct value vals[24] = { 0 };
	int64_t id = 0;

	for (int i = 0; i < n; i++)
		vals[entity_field_index(def, fields[i].name)] =
			(struct value){ .present = true, .s = fields[i].text, .i = fields[i].num };
	return cli_insert_entity(s, def, vals, "demo", &id) == URA_OK ? id : 0;
}

struct demo_member {
	int64_t mechanism_id, institution_id;
};

static enum ura_status
demo_member_fn(struct db *db, void *ctx)
{
	struct demo_member *m = ctx;
	enum ura_status st = store_member_add(db, m->mechanism_id, m->institution_id, "2018-05-09",
					      clock_now());
	if (st != URA_OK)
		return st;
	return audit_append(db, &(struct audit_event){ .action = "member.add",
		.object_type = "mechanism", .object_id = m->mechanism_id, .request_id = "demo",
		.fields = "[\"institution_id\"]" }, clock_now());
}

static const struct {
	const char *name, *type, *services;
	long long capacity;
} demo_institutions[] = {
	{ "Drejtoria Vendore e Policisë Korçë", "police", "[\"police_protection\"]", 0 },
	{ "Prokuroria e Rrethit Gjyqësor Korçë", "prosecution", "[\"protection_order\"]", 0 },
	{ "Gjykata e Rrethit Gjyqësor Korçë", "court", "[\"protection_order\"]", 0 },
	{ "Shërbimi Social Shtetëror, Korçë", "social_services",
	  "[\"economic_aid\",\"child_protection\",\"housing\"]", 0 },
	{ "Spitali Rajonal Korçë", "health", "[\"medical\",\"psychosocial\"]", 0 },
	{ "Drejtoria Rajonale e Arsimit Korçë", "education", "[\"education\"]", 0 },
	{ "Qendra e Strehimit për Viktimat e Dhunës", "shelter", "[\"shelter\",\"psychosocial\"]",
	  12 },
	{ "Zyra e Ndihmës Juridike Falas Korçë", "legal_aid", "[\"legal_aid\"]", 0 },
	{ "Zyra e Punësimit Korçë", "employment", "[\"employment\"]", 0 },
	{ "Bashkia Korçë", "municipality", "[\"housing\"]", 0 },
	{ "Qendra e Këshillimit për Gra dhe Vajza", "cso", "[\"psychosocial\",\"legal_aid\"]", 0 },
};
#define NINSTITUTIONS (int)(sizeof(demo_institutions) / sizeof(demo_institutions[0]))

/* Every institution of the list, members of the mechanism, listed in the public directory
 * with office hours (the police and the shelter around the clock); ids in `ids`. */
static bool
demo_institutions_create(struct store *s, int64_t municipality, int64_t *ids)
{
	for (int i = 0; i < NINSTITUTIONS; i++) {
		bool always_open = strcmp(demo_institutions[i].type, "police") == 0 ||
				   strcmp(demo_institutions[i].type, "shelter") == 0;
		bool shelter = strcmp(demo_institutions[i].type, "shelter") == 0;
		char phone[32], address[64];
		struct demo_field f[] = {
			{ "name", demo_institutions[i].name, 0 },
			{ "type", demo_institutions[i].type, 0 },
			{ "municipality_id", NULL, municipality },
			{ "phone", phone, 0 },
			{ "services", demo_institutions[i].services, 0 },
			{ "languages", "[\"sq\",\"en\"]", 0 },
			{ "listed", NULL, 1 },
			{ "opening_hours", always_open ? "24/7" : "Mo-Fr 08:00-16:00", 0 },
			{ "postal_code", "7001", 0 },
			{ "address", address, 0 },
			{ "capacity", NULL, demo_institutions[i].capacity },
		};
		int n = demo_institutions[i].capacity ? 11 : 10;

		snprintf(phone, sizeof(phone), "+355 82 000 1%02d", i);
		/* A shelter's address is confidential: the public directory never shows it. */
		snprintf(address, sizeof(address), shelter ? "Rruga e Fshehtë %d" :
			 "Bulevardi Republika %d", 10 + i);
		if ((ids[i] = demo_insert(s, &entity_institution, f, n)) == 0)
			return false;
	}
	return true;
}

static void
random_password(char *out, size_t len)
{
	unsigned char raw[12];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, len, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static const struct {
	const char *username, *display_name, *role;
	int institution; /* index into demo_institutions, -1 for none */
} demo_users[] = {
	{ "admin", "Administratori i sistemit", "admin", -1 },
	{ "koordinatorja", "Koordinatorja vendore", "coordinator", 9 },
	{ "menaxheri", "Shefi i seksionit, Policia", "manager", 0 },
	{ "punonjesi", "Oficere e policisë", "caseworker", 0 },
	{ "strehimi", "Punonjëse e strehëzës", "caseworker", 6 },
	{ "sociale", "Punonjëse sociale", "caseworker", 3 },
	{ "kombetar", "Koordinatori kombëtar", "national", -1 },
	{ "auditori", "Zyrtari i mbrojtjes së të dhënave", "auditor", -1 },
};

#define NUSERS (int)(sizeof(demo_users) / sizeof(demo_users[0]))

static bool
demo_users_create(struct store *s, const struct config *cfg, const int64_t *inst_ids,
		  int64_t *user_ids)
{
	printf("Demo accounts (passwords are shown only now):\n");
	for (int i = 0; i < NUSERS; i++) {
		char password[32];
		int in = demo_users[i].institution;

		random_password(password, sizeof(password));
		if (cli_create_user(s, demo_users[i].username, demo_users[i].display_name,
				    demo_users[i].role, in >= 0 ? inst_ids[in] : 0, password,
				    &user_ids[i]) != URA_OK)
			return false;
		/* Roles that need a second factor enrol at their first sign-in. */
		printf("  %-14s %-12s %-24s %s%s\n", demo_users[i].username, demo_users[i].role,
		       password, in >= 0 ? demo_institutions[in].name : "",
		       role_list_has(cfg->totp_required_roles, role_parse(demo_users[i].role))
			       ? "(set up two-step sign-in at first sign-in)" : "");
		sodium_memzero(password, sizeof(password));
	}
	return true;
}

/* The settings row that lets the sign-in page list the accounts, audited like any write. */
static enum ura_status
demo_mark_fn(struct db *db, void *ctx)
{
	enum ura_status st = store_setting_put(db, DEMO_SETTING, "true");

	(void)ctx;
	if (st != URA_OK)
		return st;
	return audit_append(db, &(struct audit_event){ .action = "setting.update",
		.object_type = "setting", .request_id = "demo", .fields = "[\"demo\"]" },
		clock_now());
}

/* Who the casework's steps are done by, from the lists above. */
static void
demo_people_of(const int64_t *inst_ids, const int64_t *user_ids, struct demo_people *p)
{
	*p = (struct demo_people){ .police = inst_ids[0], .court = inst_ids[2],
		.social = inst_ids[3], .shelter = inst_ids[6], .legal_aid = inst_ids[7],
		.police_manager = user_ids[2], .police_caseworker = user_ids[3],
		.shelter_caseworker = user_ids[4], .social_caseworker = user_ids[5] };
}

/* The cases, made by the API's handlers with the database's data key. */
static bool
demo_casework(struct store *s, const struct config *cfg, const struct demo_people *people,
	      int64_t mechanism)
{
	struct keys keys;
	struct app app = { .store = s, .config = cfg, .keys = &keys };
	bool ok;

	if (cli_load_keys(s, cfg, &keys) != URA_OK)
		return false;
	ok = demo_cases_create(&app, people, mechanism);
	keys_wipe(&keys);
	return ok;
}

static bool
demo_populate(struct store *s, const struct config *cfg)
{
	struct demo_field muni[] = { { "name", "Korçë", 0 }, { "code", "KOR", 0 },
				     { "region", "Korçë", 0 }, { "country", "AL", 0 } };
	int64_t municipality, mechanism, inst_ids[NINSTITUTIONS], user_ids[NUSERS];
	struct demo_people people;

	if ((municipality = demo_insert(s, &entity_municipality, muni, 4)) == 0 ||
	    !demo_institutions_create(s, municipality, inst_ids) ||
	    !demo_users_create(s, cfg, inst_ids, user_ids))
		return false;
	struct demo_field mech[] = {
		{ "name", "Mekanizmi i Referimit kundër Dhunës në Familje, Korçë", 0 },
		{ "kind", "domestic_violence", 0 }, { "municipality_id", NULL, municipality },
		{ "coordinator_user_id", NULL, user_ids[1] }, { "memorandum_date", "2018-05-09", 0 },
		{ "memorandum_ref", "Nr. 1/2018", 0 },
		{ "time_zone", directory_default_time_zone("AL"), 0 },
	};
	if ((mechanism = demo_insert(s, &entity_mechanism, mech, 7)) == 0)
		return false;
	for (int i = 0; i < NINSTITUTIONS; i++) {
		struct demo_member m = { mechanism, inst_ids[i] };
		if (store_write(s, demo_member_fn, &m) != URA_OK)
			return false;
	}
	demo_people_of(inst_ids, user_ids, &people);
	return store_write(s, demo_mark_fn, NULL) == URA_OK &&
	       demo_casework(s, cfg, &people, mechanism);
}

int
cmd_demo(struct cli *c)
{
	struct store *s = create_database(&c->config);
	bool ok;

	if (s == NULL)
		return 1;
	ok = demo_populate(s, &c->config);
	store_close(s);
	if (!ok) {
		remove_database(&c->config);
		return 1;
	}
	printf("ura: demo database %s is ready\n", c->config.db);
	return 0;
}
