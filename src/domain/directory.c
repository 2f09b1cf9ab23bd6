/* The directory's field rules, as data (see domain/entity.h). */
#include "domain/directory.h"

#include <ctype.h>
#include <string.h>

#include "domain/opening_hours.h"

const char *const institution_types[] = {
	"police", "prosecution", "court", "social_services", "health", "education", "shelter",
	"legal_aid", "employment", "municipality", "cso", "probation", "prison", "victim_advocate",
	NULL,
};
const char *const mechanism_kinds[] = { "domestic_violence", "gbv", "hate_crime", "reintegration",
					NULL };
const char *const service_kinds[] = {
	"shelter", "legal_aid", "medical", "psychosocial", "police_protection", "protection_order",
	"housing", "economic_aid", "employment", "education", "child_protection",
	"post_release_support", NULL,
};
const char *const institution_languages[] = { "sq", "en", "sr", "tr", "bs", "rom", NULL };
const char *const country_codes[] = { "AL", "XK", NULL };
const char *const directory_locales[] = { "sq", "en", "sr-Latn", "tr", "bs", NULL };
const char *const role_names_list[] = { "admin", "coordinator", "manager", "caseworker",
					"national", "auditor", NULL };
const char *const time_zones[] = { "Europe/Tirane", "Europe/Belgrade", NULL };

const char *
directory_default_time_zone(const char *country)
{
	return country != NULL && strcmp(country, "XK") == 0 ? "Europe/Belgrade" : "Europe/Tirane";
}

bool
directory_valid_code(const char *s)
{
	return strlen(s) == 3 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
	       isalpha((unsigned char)s[2]);
}

bool
directory_valid_email(const char *s)
{
	const char *at = strchr(s, '@');

	return at != NULL && at != s && strchr(at + 1, '@') == NULL && strchr(at, '.') != NULL &&
	       at[1] != '.' && s[strlen(s) - 1] != '.' && strpbrk(s, " \t\n<>,;\"") == NULL;
}

bool
directory_valid_postal_code(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != ' ' && *s != '-')
			return false;
	return true;
}

/* A phone number as staff type one: digits, spaces, and + ( ) - . / only. Such a value can
 * never read as a spreadsheet formula (the public directory's CSV keeps it verbatim). */
bool
directory_phone_plain(const char *s)
{
	if (*s == '-')
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s) && strchr(" +()-./", *s) == NULL)
			return false;
	return true;
}

bool
directory_valid_username(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > 64)
		return false;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '.' ||
		      *s == '_' || *s == '-'))
			return false;
	return true;
}

bool
directory_user_change_allowed(int64_t caller_id, int64_t target_id, enum role old_role,
			      enum role new_role, bool new_active)
{
	if (caller_id != target_id)
		return true;
	return new_active && !(old_role == ROLE_ADMIN && new_role != ROLE_ADMIN);
}

#define TEXT(n, lo, hi, fl) { .name = n, .kind = FIELD_TEXT, .flags = fl, .min = lo, .max = hi }

static const struct field_def municipality_fields[] = {
	TEXT("name", 1, 200, F_REQUIRED),
	{ .name = "code", .kind = FIELD_TEXT, .flags = F_REQUIRED | F_UPPER, .min = 3, .max = 3,
	  .check = directory_valid_code, .check_message = MSG_INVALID_CODE },
	TEXT("region", 0, 200, F_NULLABLE),
	{ .name = "country", .kind = FIELD_ENUM, .flags = F_REQUIRED, .values = country_codes },
};

const struct entity_def entity_municipality = {
	.name = "municipality", .table = "municipalities", .fields = municipality_fields,
	.nfields = 4, .unique_field = "code",
};

static const struct field_def institution_fields[] = {
	TEXT("name", 1, 200, F_REQUIRED),
	{ .name = "type", .kind = FIELD_ENUM, .flags = F_REQUIRED, .values = institution_types },
	{ .name = "municipality_id", .kind = FIELD_REF, .flags = F_REQUIRED,
	  .ref_table = "municipalities", .ref_message = MSG_NO_SUCH_OBJECT },
	TEXT("phone", 0, 40, F_NULLABLE),
	{ .name = "email", .kind = FIELD_TEXT, .flags = F_NULLABLE, .min = 3, .max = 200,
	  .check = directory_valid_email, .check_message = MSG_INVALID_EMAIL },
	TEXT("address", 0, 400, F_NULLABLE),
	{ .name = "services", .kind = FIELD_ENUM_SET, .values = service_kinds, .max = 12,
	  .has_default = true, .default_text = "[]" },
	{ .name = "languages", .kind = FIELD_ENUM_SET, .values = institution_languages, .max = 6,
	  .has_default = true, .default_text = "[]" },
	{ .name = "capacity", .kind = FIELD_INT, .flags = F_NULLABLE, .min = 0, .max = 100000 },
	/* The public directory (GET /public/directory) lists only institutions that choose it. */
	{ .name = "listed", .kind = FIELD_BOOL, .has_default = true, .default_int = 0 },
	{ .name = "opening_hours", .kind = FIELD_TEXT, .flags = F_NULLABLE, .min = 4, .max = 200,
	  .check = opening_hours_valid, .check_message = MSG_INVALID_OPENING_HOURS },
	{ .name = "postal_code", .kind = FIELD_TEXT, .flags = F_NULLABLE, .min = 3, .max = 12,
	  .check = directory_valid_postal_code, .check_message = MSG_INVALID_POSTAL_CODE },
};

const struct entity_def entity_institution = {
	.name = "institution", .table = "institutions", .fields = institution_fields,
	.nfields = (int)(sizeof(institution_fields) / sizeof(institution_fields[0])),
};

static const struct field_def mechanism_fields[] = {
	TEXT("name", 1, 200, F_REQUIRED),
	{ .name = "kind", .kind = FIELD_ENUM, .flags = F_REQUIRED | F_IMMUTABLE,
	  .values = mechanism_kinds },
	{ .name = "municipality_id", .kind = FIELD_REF, .flags = F_REQUIRED | F_IMMUTABLE,
	  .ref_table = "municipalities", .ref_message = MSG_NO_SUCH_OBJECT },
	{ .name = "coordinator_user_id", .kind = FIELD_REF, .flags = F_NULLABLE,
	  .ref_table = "users", .ref_condition = "role = 'coordinator'",
	  .ref_message = MSG_NOT_A_COORDINATOR },
	{ .name = "memorandum_date", .kind = FIELD_DATE, .flags = F_NULLABLE },
	TEXT("memorandum_ref", 0, 100, F_NULLABLE),
	{ .name = "min_meetings_per_year", .kind = FIELD_INT, .min = 1, .max = 52,
	  .has_default = true, .default_int = 4 },
	/* Days to the next risk review after an assessment at each level (domain/clocks.h). */
	{ .name = "review_days_extreme", .kind = FIELD_INT, .min = 1, .max = 30,
	  .has_default = true, .default_int = 3 },
	{ .name = "review_days_high", .kind = FIELD_INT, .min = 1, .max = 60,
	  .has_default = true, .default_int = 7 },
	{ .name = "review_days_medium", .kind = FIELD_INT, .min = 1, .max = 180,
	  .has_default = true, .default_int = 30 },
	{ .name = "review_days_standard", .kind = FIELD_INT, .min = 1, .max = 365,
	  .has_default = true, .default_int = 60 },
	/* Where the mechanism's times are shown: by default its country's, which the API
	 * puts in place of this one on create (directory_default_time_zone). */
	{ .name = "time_zone", .kind = FIELD_ENUM, .values = time_zones, .has_default = true,
	  .default_text = "Europe/Tirane" },
	/* Duplicate and perpetrator counts cross the AL/XK border only between mechanisms that
	 * both set this (a cross-border protocol; domain/policy.h, policy_match_counts). */
	{ .name = "cross_border_sharing", .kind = FIELD_BOOL, .has_default = true,
	  .default_int = 0 },
	/* The police institution that is the mechanism's hate-crime contact point: its staff
	 * triage the hate incidents reported to the mechanism (domain/intake.h). */
	{ .name = "hate_crime_contact_institution_id", .kind = FIELD_REF, .flags = F_NULLABLE,
	  .ref_table = "institutions", .ref_condition = "type = 'police'",
	  .ref_message = MSG_NOT_POLICE },
};

const struct entity_def entity_mechanism = {
	.name = "mechanism", .table = "mechanisms", .fields = mechanism_fields,
	.nfields = (int)(sizeof(mechanism_fields) / sizeof(mechanism_fields[0])),
	/* one mechanism per municipality and kind */
	.unique_field = "kind",
};

static void
user_rule(const struct entity_def *def, const struct value *vals, int64_t id,
	  struct field_errors *errors)
{
	int role = entity_field_index(def, "role"), inst = entity_field_index(def, "institution_id");
	enum role r = vals[role].present ? role_parse(vals[role].s) : ROLE_NONE;

	/* On PATCH the API merges the stored row first, so both values are present here. */
	if (role_needs_institution(r) && (!vals[inst].present || vals[inst].null))
		field_errors_add(errors, "institution_id", MSG_NEEDS_INSTITUTION);
}

static const struct field_def user_fields[] = {
	{ .name = "username", .kind = FIELD_TEXT, .flags = F_REQUIRED | F_IMMUTABLE, .min = 3,
	  .max = 64, .check = directory_valid_username, .check_message = MSG_INVALID_USERNAME },
	TEXT("display_name", 1, 200, F_REQUIRED),
	{ .name = "password", .column = "password_hash", .kind = FIELD_SECRET,
	  .flags = F_REQUIRED | F_WRITE_ONLY, .min = 12, .max = 256 },
	{ .name = "role", .kind = FIELD_ENUM, .flags = F_REQUIRED | F_FILTER,
	  .values = role_names_list },
	{ .name = "institution_id", .kind = FIELD_REF, .flags = F_NULLABLE | F_FILTER,
	  .ref_table = "institutions", .ref_message = MSG_NO_SUCH_OBJECT },
	{ .name = "locale", .kind = FIELD_ENUM, .values = directory_locales, .has_default = true,
	  .default_text = "sq" },
	{ .name = "active", .kind = FIELD_BOOL, .has_default = true, .default_int = 1 },
	/* set by the user's own enrolment (POST /me/totp/confirm), read by the admin's screen */
	{ .name = "totp_enabled", .kind = FIELD_BOOL, .flags = F_READ_ONLY, .has_default = true,
	  .default_int = 0 },
	/* Where notifications go by e-mail (jobs/mailer.h), and whether they do: the person
	 * may turn them off (PATCH /me). */
	{ .name = "email", .kind = FIELD_TEXT, .flags = F_NULLABLE, .min = 3, .max = 200,
	  .check = directory_valid_email, .check_message = MSG_INVALID_EMAIL },
	{ .name = "email_notifications", .kind = FIELD_BOOL, .has_default = true,
	  .default_int = 1 },
};

const struct entity_def entity_user = {
	.name = "user", .table = "users", .fields = user_fields,
	.nfields = (int)(sizeof(user_fields) / sizeof(user_fields[0])),
	.unique_field = "username", .rule = user_rule,
};

const struct entity_def *const directory_entities[] = {
	&entity_municipality, &entity_institution, &entity_mechanism, &entity_user, NULL,
};
