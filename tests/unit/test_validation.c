/*
 * Unit tests for src/domain/entity.c over the directory's definitions in
 * src/domain/directory.c: entity_validate (required fields on create, nulls, text lengths in
 * characters, control characters including DEL, shape checks, integer ranges, references,
 * enums, real dates via FIELD_DATE, enum sets with duplicates or unknown members),
 * entity_apply_defaults, entity_merge and entity_check_rules (a caseworker or manager needs an
 * institution), plus the exported shape rules directory_valid_code/email/username and
 * directory_user_change_allowed (an admin cannot disable or demote themself).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/directory.h"
#include "domain/entity.h"

#define VALS_MAX 16

/* ---- building records ---- */

static int
idx(const struct entity_def *def, const char *name)
{
	int i = entity_field_index(def, name);

	if (i < 0)
		fail_msg("%s has no field %s", def->name, name);
	return i;
}

static void
set_text(const struct entity_def *def, struct value *vals, const char *name, const char *s)
{
	struct value *v = &vals[idx(def, name)];

	*v = (struct value){ .present = true, .s = s };
}

static void
set_int(const struct entity_def *def, struct value *vals, const char *name, int64_t i)
{
	struct value *v = &vals[idx(def, name)];

	*v = (struct value){ .present = true, .i = i };
}

static void
set_null(const struct entity_def *def, struct value *vals, const char *name)
{
	struct value *v = &vals[idx(def, name)];

	*v = (struct value){ .present = true, .null = true };
}

/* An enum set given as its members (the JSON text is not what validation reads). */
static void
set_list(const struct entity_def *def, struct value *vals, const char *name,
	 const char **members, int n)
{
	struct value *v = &vals[idx(def, name)];

	*v = (struct value){ .present = true, .s = "[...]", .list = members, .nlist = n };
}

static void
valid_municipality(struct value *vals)
{
	memset(vals, 0, sizeof(struct value) * VALS_MAX);
	set_text(&entity_municipality, vals, "name", "Korçë");
	set_text(&entity_municipality, vals, "code", "KOR");
	set_text(&entity_municipality, vals, "region", "Korçë County");
	set_text(&entity_municipality, vals, "country", "AL");
}

static void
valid_institution(struct value *vals)
{
	memset(vals, 0, sizeof(struct value) * VALS_MAX);
	set_text(&entity_institution, vals, "name", "Police Directorate of Korçë");
	set_text(&entity_institution, vals, "type", "police");
	set_int(&entity_institution, vals, "municipality_id", 1);
	set_text(&entity_institution, vals, "phone", "+355 82 242 222");
	set_text(&entity_institution, vals, "email", "info@police.example.al");
	set_null(&entity_institution, vals, "address");
	set_int(&entity_institution, vals, "capacity", 0);
}

static void
valid_mechanism(struct value *vals)
{
	memset(vals, 0, sizeof(struct value) * VALS_MAX);
	set_text(&entity_mechanism, vals, "name", "Korçë referral mechanism");
	set_text(&entity_mechanism, vals, "kind", "domestic_violence");
	set_int(&entity_mechanism, vals, "municipality_id", 1);
	set_null(&entity_mechanism, vals, "coordinator_user_id");
	set_text(&entity_mechanism, vals, "memorandum_date", "2019-03-08");
	set_text(&entity_mechanism, vals, "memorandum_ref", "Nr. 12/3");
	set_int(&entity_mechanism, vals, "min_meetings_per_year", 4);
}

static void
valid_user(struct value *vals, const char *role)
{
	memset(vals, 0, sizeof(struct value) * VALS_MAX);
	set_text(&entity_user, vals, "username", "a.hoxha");
	set_text(&entity_user, vals, "display_name", "Arta Hoxha");
	set_text(&entity_user, vals, "password", "correct horse battery");
	set_text(&entity_user, vals, "role", role);
	set_int(&entity_user, vals, "institution_id", 3);
	set_text(&entity_user, vals, "locale", "sq");
	set_int(&entity_user, vals, "active", 1);
}

static struct field_errors
validate(const struct entity_def *def, const struct value *vals, bool creating)
{
	struct field_errors e;

	memset(&e, 0, sizeof(e));
	entity_validate(def, vals, creating, &e);
	return e;
}

/* Exactly one error, on `field`, saying `msg`. */
static void
assert_one_error(const struct field_errors *e, const char *field, enum msg msg, const char *what)
{
	if (e->count != 1)
		fail_msg("%s: %d errors, expected 1 on %s", what, e->count, field);
	if (strcmp(e->items[0].field, field) != 0 || e->items[0].message != msg)
		fail_msg("%s: error %s/%d, expected %s/%d", what, e->items[0].field,
			 e->items[0].message, field, msg);
}

/* A string of n copies of c, in a static buffer. */
static const char *
repeat(char c, size_t n)
{
	static char buf[4][512];
	static int next;
	char *b = buf[next++ % 4];

	assert_true(n < sizeof(buf[0]));
	memset(b, c, n);
	b[n] = '\0';
	return b;
}

/* ---- municipality ---- */

static void
test_valid_records_have_no_errors(void **state)
{
	struct value vals[VALS_MAX];
	struct field_errors e;

	(void)state;
	valid_municipality(vals);
	e = validate(&entity_municipality, vals, true);
	assert_int_equal(e.count, 0);
	valid_institution(vals);
	e = validate(&entity_institution, vals, true);
	assert_int_equal(e.count, 0);
	valid_mechanism(vals);
	e = validate(&entity_mechanism, vals, true);
	assert_int_equal(e.count, 0);
	valid_user(vals, "caseworker");
	e = validate(&entity_user, vals, true);
	assert_int_equal(e.count, 0);
	entity_check_rules(&entity_user, vals, 0, &e);
	assert_int_equal(e.count, 0);
}

static void
test_create_requires_every_required_field(void **state)
{
	static const struct {
		const struct entity_def *def;
		const char *required[8];
	} cases[] = {
		{ &entity_municipality, { "name", "code", "country", NULL } },
		{ &entity_institution, { "name", "type", "municipality_id", NULL } },
		{ &entity_mechanism, { "name", "kind", "municipality_id", NULL } },
		{ &entity_user, { "username", "display_name", "password", "role", NULL } },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct value vals[VALS_MAX];
		struct field_errors e;
		int n = 0;

		memset(vals, 0, sizeof(vals));
		e = validate(cases[c].def, vals, true);
		for (; cases[c].required[n] != NULL; n++) {
			assert_string_equal(e.items[n].field, cases[c].required[n]);
			assert_int_equal(e.items[n].message, MSG_REQUIRED);
		}
		if (e.count != n)
			fail_msg("%s: %d errors for an empty create, expected %d", cases[c].def->name,
				 e.count, n);
	}
}

static void
test_patch_with_nothing_is_valid(void **state)
{
	const struct entity_def *defs[] = { &entity_municipality, &entity_institution,
					    &entity_mechanism, &entity_user };

	(void)state;
	for (size_t d = 0; d < sizeof(defs) / sizeof(defs[0]); d++) {
		struct value vals[VALS_MAX];
		struct field_errors e;

		memset(vals, 0, sizeof(vals));
		e = validate(defs[d], vals, false);
		assert_int_equal(e.count, 0);
	}
}

static void
test_null_is_allowed_only_for_nullable_fields(void **state)
{
	struct value vals[VALS_MAX];
	struct field_errors e;

	(void)state;
	valid_municipality(vals);
	set_null(&entity_municipality, vals, "region");
	e = validate(&entity_municipality, vals, true);
	assert_int_equal(e.count, 0);

	set_null(&entity_municipality, vals, "name");
	e = validate(&entity_municipality, vals, false);
	assert_one_error(&e, "name", MSG_REQUIRED, "null name on patch");

	valid_institution(vals);
	set_null(&entity_institution, vals, "municipality_id");
	e = validate(&entity_institution, vals, false);
	assert_one_error(&e, "municipality_id", MSG_REQUIRED, "null municipality_id");

	valid_institution(vals);
	set_null(&entity_institution, vals, "capacity");
	set_null(&entity_institution, vals, "email");
	set_null(&entity_institution, vals, "phone");
	e = validate(&entity_institution, vals, true);
	assert_int_equal(e.count, 0);
}

static void
test_municipality_field_rules(void **state)
{
	static const struct {
		const char *field, *value;
		const char *error_field; /* NULL: valid */
		enum msg msg;
	} cases[] = {
		{ "name", "", "name", MSG_REQUIRED },
		{ "name", "K", NULL, 0 },
		{ "name", NULL /* 200 */, NULL, 0 },
		{ "code", "KO", "code", MSG_TOO_SHORT },
		{ "code", "KORC", "code", MSG_TOO_LONG },
		{ "code", "K0R", "code", MSG_INVALID_CODE },
		{ "code", "K-R", "code", MSG_INVALID_CODE },
		{ "code", "kor", NULL, 0 }, /* letters; the API upper-cases */
		{ "code", "", "code", MSG_TOO_SHORT },
		{ "country", "XK", NULL, 0 },
		{ "country", "DE", "country", MSG_MUST_BE_ONE_OF },
		{ "country", "al", "country", MSG_MUST_BE_ONE_OF },
		{ "country", "", "country", MSG_MUST_BE_ONE_OF },
		{ "region", "", NULL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct value vals[VALS_MAX];
		struct field_errors e;

		valid_municipality(vals);
		set_text(&entity_municipality, vals, cases[i].field,
			 cases[i].value != NULL ? cases[i].value : repeat('n', 200));
		e = validate(&entity_municipality, vals, true);
		if (cases[i].error_field == NULL) {
			if (e.count != 0)
				fail_msg("%s='%s' should be valid", cases[i].field, cases[i].value);
		} else {
			assert_one_error(&e, cases[i].error_field, cases[i].msg, cases[i].value);
		}
	}
}

static void
test_text_lengths_are_bounded(void **state)
{
	static const struct {
		const struct entity_def *def;
		const char *field;
		size_t max;
	} cases[] = {
		{ &entity_municipality, "name", 200 },
		{ &entity_municipality, "region", 200 },
		{ &entity_institution, "name", 200 },
		{ &entity_institution, "phone", 40 },
		{ &entity_institution, "address", 400 },
		{ &entity_mechanism, "memorandum_ref", 100 },
		{ &entity_user, "display_name", 200 },
		{ &entity_user, "password", 256 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct value vals[VALS_MAX];
		struct field_errors e;

		memset(vals, 0, sizeof(vals));
		set_text(cases[i].def, vals, cases[i].field, repeat('x', cases[i].max));
		e = validate(cases[i].def, vals, false);
		if (e.count != 0)
			fail_msg("%s.%s of %zu bytes refused", cases[i].def->name, cases[i].field,
				 cases[i].max);
		set_text(cases[i].def, vals, cases[i].field, repeat('x', cases[i].max + 1));
		e = validate(cases[i].def, vals, false);
		assert_one_error(&e, cases[i].field, MSG_TOO_LONG, cases[i].field);
	}
}

static void
test_lengths_count_characters_not_bytes(void **state)
{
	/* "ë" is one character in two bytes: 200 of them fit a 200-character name, 201 do not. */
	char name[512] = "";
	char password[64] = "";
	struct value vals[VALS_MAX];
	struct field_errors e;

	(void)state;
	for (int i = 0; i < 200; i++)
		strcat(name, "ë");
	valid_municipality(vals);
	set_text(&entity_municipality, vals, "name", name);
	e = validate(&entity_municipality, vals, true);
	assert_int_equal(e.count, 0);
	strcat(name, "ë");
	e = validate(&entity_municipality, vals, true);
	assert_one_error(&e, "name", MSG_TOO_LONG, "201 x ë");

	/* Eleven two-byte characters are 22 bytes but still a too-short password. */
	for (int i = 0; i < 11; i++)
		strcat(password, "ç");
	valid_user(vals, "admin");
	set_text(&entity_user, vals, "password", password);
	e = validate(&entity_user, vals, true);
	assert_one_error(&e, "password", MSG_PASSWORD_TOO_SHORT, "11 x ç");
	strcat(password, "ç");
	e = validate(&entity_user, vals, true);
	assert_int_equal(e.count, 0);
}

static void
test_control_characters_are_refused_but_tab_and_newline_pass(void **state)
{
	static const struct {
		const char *text;
		bool ok;
	} cases[] = {
		{ "Rruga\t1", true },
		{ "Rruga 1\nKati 2", true },
		{ "Rruga\r\n1", false },
		{ "Rruga\x01", false },
		{ "\x1b[31mred", false },
		{ "\x1f", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct value vals[VALS_MAX];
		struct field_errors e;

		valid_institution(vals);
		set_text(&entity_institution, vals, "address", cases[i].text);
		e = validate(&entity_institution, vals, true);
		if (cases[i].ok)
			assert_int_equal(e.count, 0);
		else
			assert_one_error(&e, "address", MSG_INVALID_CHARACTERS, "control character");
	}
}

static void
test_delete_character_is_a_control_character_too(void **state)
{
	/* DEL (0x7F) is a control character like the C0 set: it has no place in directory text. */
	struct value vals[VALS_MAX];
	struct field_errors e;

	(void)state;
	valid_institution(vals);
	set_text(&entity_institution, vals, "address", "Rruga\x7f 1");
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "address", MSG_INVALID_CHARACTERS, "DEL");
}

/* ---- institution ---- */

static void
test_institution_field_rules(void **state)
{
	struct value vals[VALS_MAX];
	struct field_errors e;

	(void)state;
	valid_institution(vals);
	set_text(&entity_institution, vals, "type", "hospital");
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "type", MSG_MUST_BE_ONE_OF, "type hospital");

	for (size_t i = 0; institution_types[i] != NULL; i++) {
		valid_institution(vals);
		set_text(&entity_institution, vals, "type", institution_types[i]);
		e = validate(&entity_institution, vals, true);
		assert_int_equal(e.count, 0);
	}

	valid_institution(vals);
	set_int(&entity_institution, vals, "municipality_id", 0);
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "municipality_id", MSG_INVALID_ID, "municipality_id 0");
	set_int(&entity_institution, vals, "municipality_id", -4);
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "municipality_id", MSG_INVALID_ID, "municipality_id -4");

	valid_institution(vals);
	set_int(&entity_institution, vals, "capacity", -1);
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "capacity", MSG_OUT_OF_RANGE, "capacity -1");
	set_int(&entity_institution, vals, "capacity", 100001);
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "capacity", MSG_OUT_OF_RANGE, "capacity 100001");
	set_int(&entity_institution, vals, "capacity", 100000);
	e = validate(&entity_institution, vals, true);
	assert_int_equal(e.count, 0);

	valid_institution(vals);
	set_text(&entity_institution, vals, "email", "not-an-address");
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "email", MSG_INVALID_EMAIL, "email");
	set_text(&entity_institution, vals, "email", "a@");
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "email", MSG_TOO_SHORT, "email a@");
}

static void
test_enum_sets(void **state)
{
	static const char *ok[] = { "shelter", "legal_aid", "medical" };
	static const char *dup[] = { "shelter", "medical", "shelter" };
	static const char *unknown[] = { "shelter", "spa" };
	static const char *langs_all[] = { "sq", "en", "sr", "tr", "bs", "rom" };
	static const char *langs_bad[] = { "sr-Latn" };
	struct value vals[VALS_MAX];
	struct field_errors e;
	const char *every_service[16];
	int nservices = 0;

	(void)state;
	valid_institution(vals);
	set_list(&entity_institution, vals, "services", ok, 3);
	e = validate(&entity_institution, vals, true);
	assert_int_equal(e.count, 0);

	set_list(&entity_institution, vals, "services", ok, 0);
	e = validate(&entity_institution, vals, true);
	assert_int_equal(e.count, 0);

	set_list(&entity_institution, vals, "services", dup, 3);
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "services", MSG_DUPLICATE_ITEM, "duplicate service");

	set_list(&entity_institution, vals, "services", unknown, 2);
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "services", MSG_MUST_BE_ONE_OF, "unknown service");

	for (; service_kinds[nservices] != NULL; nservices++)
		every_service[nservices] = service_kinds[nservices];
	assert_int_equal(nservices, 12);
	set_list(&entity_institution, vals, "services", every_service, nservices);
	e = validate(&entity_institution, vals, true);
	assert_int_equal(e.count, 0);

	valid_institution(vals);
	set_list(&entity_institution, vals, "languages", langs_all, 6);
	e = validate(&entity_institution, vals, true);
	assert_int_equal(e.count, 0);
	set_list(&entity_institution, vals, "languages", langs_bad, 1);
	e = validate(&entity_institution, vals, true);
	assert_one_error(&e, "languages", MSG_MUST_BE_ONE_OF, "language sr-Latn");
}

/* ---- mechanism ---- */

static void
test_dates_must_exist(void **state)
{
	static const struct {
		const char *date;
		bool ok;
	} cases[] = {
		{ "2019-03-08", true },
		{ "1992-02-29", true },  /* leap year */
		{ "2000-02-29", true },  /* divisible by 400 */
		{ "1991-02-31", false }, /* no such day */
		{ "1991-02-29", false }, /* not a leap year */
		{ "1900-02-29", false }, /* divisible by 100 */
		{ "2019-04-31", false },
		{ "2019-13-01", false },
		{ "2019-00-10", false },
		{ "2019-01-00", false },
		{ "2019-3-8", false },
		{ "08.03.2019", false },
		{ "2019-03-08T00:00:00Z", false },
		{ "", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct value vals[VALS_MAX];
		struct field_errors e;

		valid_mechanism(vals);
		set_text(&entity_mechanism, vals, "memorandum_date", cases[i].date);
		e = validate(&entity_mechanism, vals, true);
		if (cases[i].ok) {
			if (e.count != 0)
				fail_msg("'%s' refused", cases[i].date);
		} else {
			assert_one_error(&e, "memorandum_date", MSG_INVALID_DATE, cases[i].date);
		}
	}
}

static void
test_mechanism_kind_and_meeting_bounds(void **state)
{
	struct value vals[VALS_MAX];
	struct field_errors e;

	(void)state;
	for (size_t i = 0; mechanism_kinds[i] != NULL; i++) {
		valid_mechanism(vals);
		set_text(&entity_mechanism, vals, "kind", mechanism_kinds[i]);
		e = validate(&entity_mechanism, vals, true);
		assert_int_equal(e.count, 0);
	}
	valid_mechanism(vals);
	set_text(&entity_mechanism, vals, "kind", "Domestic_Violence");
	e = validate(&entity_mechanism, vals, true);
	assert_one_error(&e, "kind", MSG_MUST_BE_ONE_OF, "kind case");

	valid_mechanism(vals);
	set_int(&entity_mechanism, vals, "min_meetings_per_year", 0);
	e = validate(&entity_mechanism, vals, true);
	assert_one_error(&e, "min_meetings_per_year", MSG_OUT_OF_RANGE, "0 meetings");
	set_int(&entity_mechanism, vals, "min_meetings_per_year", 53);
	e = validate(&entity_mechanism, vals, true);
	assert_one_error(&e, "min_meetings_per_year", MSG_OUT_OF_RANGE, "53 meetings");
	set_int(&entity_mechanism, vals, "min_meetings_per_year", 52);
	e = validate(&entity_mechanism, vals, true);
	assert_int_equal(e.count, 0);
	set_null(&entity_mechanism, vals, "min_meetings_per_year");
	e = validate(&entity_mechanism, vals, false);
	assert_one_error(&e, "min_meetings_per_year", MSG_REQUIRED, "null meetings");
}

static void
test_every_broken_field_is_reported_at_once(void **state)
{
	struct value vals[VALS_MAX];
	struct field_errors e;

	(void)state;
	valid_mechanism(vals);
	set_text(&entity_mechanism, vals, "name", "");
	set_text(&entity_mechanism, vals, "kind", "other");
	set_text(&entity_mechanism, vals, "memorandum_date", "1991-02-31");
	set_int(&entity_mechanism, vals, "min_meetings_per_year", 99);
	e = validate(&entity_mechanism, vals, true);
	assert_int_equal(e.count, 4);
	assert_string_equal(e.items[0].field, "name");
	assert_string_equal(e.items[1].field, "kind");
	assert_string_equal(e.items[2].field, "memorandum_date");
	assert_string_equal(e.items[3].field, "min_meetings_per_year");
	assert_int_equal(e.items[2].message, MSG_INVALID_DATE);
}

/* ---- user ---- */

static void
test_user_field_rules(void **state)
{
	static const struct {
		const char *field, *value;
		enum msg msg; /* 0 (MSG_TITLE_400) never occurs here: valid */
	} cases[] = {
		{ "password", "elevenchars", MSG_PASSWORD_TOO_SHORT },
		{ "password", "twelve chars", 0 },
		{ "password", "", MSG_PASSWORD_TOO_SHORT },
		{ "username", "ab", MSG_TOO_SHORT },
		{ "username", "abc", 0 },
		{ "username", "A.Hoxha", MSG_INVALID_USERNAME },
		{ "username", "a hoxha", MSG_INVALID_USERNAME },
		{ "username", "arta@ura", MSG_INVALID_USERNAME },
		{ "username", "artë", MSG_INVALID_USERNAME },
		{ "role", "superuser", MSG_MUST_BE_ONE_OF },
		{ "role", "Admin", MSG_MUST_BE_ONE_OF },
		{ "locale", "sr", MSG_MUST_BE_ONE_OF },
		{ "locale", "sr-Latn", 0 },
		{ "locale", "en", 0 },
		{ "display_name", "", MSG_REQUIRED },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct value vals[VALS_MAX];
		struct field_errors e;

		valid_user(vals, "coordinator");
		set_text(&entity_user, vals, cases[i].field, cases[i].value);
		e = validate(&entity_user, vals, true);
		if (cases[i].msg == 0) {
			if (e.count != 0)
				fail_msg("%s='%s' refused", cases[i].field, cases[i].value);
		} else {
			assert_one_error(&e, cases[i].field, cases[i].msg, cases[i].value);
		}
	}
}

static void
test_every_role_name_is_accepted(void **state)
{
	static const char *const roles[] = { "admin", "coordinator", "manager", "caseworker",
					     "national", "auditor" };

	(void)state;
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++) {
		struct value vals[VALS_MAX];
		struct field_errors e;

		valid_user(vals, roles[i]);
		e = validate(&entity_user, vals, true);
		assert_int_equal(e.count, 0);
	}
}

static void
test_roles_that_need_an_institution(void **state)
{
	static const struct {
		const char *role;
		bool needs;
	} cases[] = {
		{ "caseworker", true }, { "manager", true },   { "admin", false },
		{ "coordinator", false }, { "national", false }, { "auditor", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int variant = 0; variant < 2; variant++) {
			struct value vals[VALS_MAX];
			struct field_errors e;

			valid_user(vals, cases[i].role);
			if (variant == 0) /* absent */
				vals[idx(&entity_user, "institution_id")] = (struct value){ 0 };
			else /* null */
				set_null(&entity_user, vals, "institution_id");
			e = validate(&entity_user, vals, true);
			assert_int_equal(e.count, 0);
			entity_check_rules(&entity_user, vals, 0, &e);
			if (cases[i].needs)
				assert_one_error(&e, "institution_id", MSG_NEEDS_INSTITUTION,
						 cases[i].role);
			else if (e.count != 0)
				fail_msg("%s without an institution refused", cases[i].role);
		}
	}
}

static void
test_rules_wait_until_the_fields_are_valid(void **state)
{
	/* With field errors already collected the cross-field rule adds nothing. */
	struct value vals[VALS_MAX];
	struct field_errors e;

	(void)state;
	valid_user(vals, "caseworker");
	set_null(&entity_user, vals, "institution_id");
	set_text(&entity_user, vals, "username", "X");
	e = validate(&entity_user, vals, true);
	assert_int_equal(e.count, 1);
	entity_check_rules(&entity_user, vals, 0, &e);
	assert_int_equal(e.count, 1);
	assert_string_equal(e.items[0].field, "username");

	/* Entities without a rule are left alone. */
	memset(&e, 0, sizeof(e));
	valid_municipality(vals);
	entity_check_rules(&entity_municipality, vals, 0, &e);
	assert_int_equal(e.count, 0);
}

/* ---- defaults and merge ---- */

static void
test_defaults_fill_only_absent_fields(void **state)
{
	struct value vals[VALS_MAX];
	int locale = idx(&entity_user, "locale"), active = idx(&entity_user, "active");
	int inst = idx(&entity_user, "institution_id");

	(void)state;
	memset(vals, 0, sizeof(vals));
	entity_apply_defaults(&entity_user, vals);
	assert_true(vals[locale].present);
	assert_false(vals[locale].null);
	assert_string_equal(vals[locale].s, "sq");
	assert_true(vals[active].present);
	assert_int_equal(vals[active].i, 1);
	assert_false(vals[inst].present); /* no default */
	assert_false(vals[idx(&entity_user, "username")].present);
	/* read-only: the store starts it at its default; a request never names it */
	assert_false(vals[idx(&entity_user, "totp_enabled")].present);

	memset(vals, 0, sizeof(vals));
	set_text(&entity_user, vals, "locale", "en");
	set_int(&entity_user, vals, "active", 0);
	entity_apply_defaults(&entity_user, vals);
	assert_string_equal(vals[locale].s, "en");
	assert_int_equal(vals[active].i, 0);

	memset(vals, 0, sizeof(vals));
	entity_apply_defaults(&entity_mechanism, vals);
	assert_true(vals[idx(&entity_mechanism, "min_meetings_per_year")].present);
	assert_int_equal(vals[idx(&entity_mechanism, "min_meetings_per_year")].i, 4);

	memset(vals, 0, sizeof(vals));
	entity_apply_defaults(&entity_institution, vals);
	assert_string_equal(vals[idx(&entity_institution, "services")].s, "[]");
	assert_string_equal(vals[idx(&entity_institution, "languages")].s, "[]");
	assert_false(vals[idx(&entity_institution, "capacity")].present);
}

static void
test_merge_keeps_patched_values_and_fills_the_rest(void **state)
{
	struct value stored_vals[VALS_MAX], patch[VALS_MAX];
	struct record stored = { .id = 9, .vals = stored_vals };
	struct field_errors e;
	int name = idx(&entity_municipality, "name"), code = idx(&entity_municipality, "code");
	int region = idx(&entity_municipality, "region");

	(void)state;
	valid_municipality(stored_vals);
	memset(patch, 0, sizeof(patch));
	set_text(&entity_municipality, patch, "name", "Pogradec");
	set_null(&entity_municipality, patch, "region");
	entity_merge(&entity_municipality, patch, &stored);
	assert_string_equal(patch[name].s, "Pogradec");
	assert_true(patch[region].present);
	assert_true(patch[region].null);
	assert_string_equal(patch[code].s, "KOR");
	assert_string_equal(patch[idx(&entity_municipality, "country")].s, "AL");
	memset(&e, 0, sizeof(e));
	entity_validate(&entity_municipality, patch, true, &e);
	assert_int_equal(e.count, 0);
}

static void
test_merge_does_not_invent_write_only_fields(void **state)
{
	/* A stored user row never carries the password: after merge it is still absent. */
	struct value stored_vals[VALS_MAX], patch[VALS_MAX];
	struct record stored = { .id = 2, .vals = stored_vals };
	int pw = idx(&entity_user, "password");

	(void)state;
	valid_user(stored_vals, "admin");
	stored_vals[pw] = (struct value){ 0 };
	memset(patch, 0, sizeof(patch));
	set_text(&entity_user, patch, "display_name", "New Name");
	entity_merge(&entity_user, patch, &stored);
	assert_false(patch[pw].present);
	assert_string_equal(patch[idx(&entity_user, "display_name")].s, "New Name");
	assert_string_equal(patch[idx(&entity_user, "username")].s, "a.hoxha");
}

static void
test_patch_rules_see_the_merged_record(void **state)
{
	struct value stored_vals[VALS_MAX], patch[VALS_MAX];
	struct record stored = { .id = 5, .vals = stored_vals };
	struct field_errors e;

	(void)state;
	/* A caseworker's institution cannot be cleared... */
	valid_user(stored_vals, "caseworker");
	memset(patch, 0, sizeof(patch));
	set_null(&entity_user, patch, "institution_id");
	memset(&e, 0, sizeof(e));
	entity_validate(&entity_user, patch, false, &e);
	assert_int_equal(e.count, 0);
	entity_merge(&entity_user, patch, &stored);
	entity_check_rules(&entity_user, patch, stored.id, &e);
	assert_one_error(&e, "institution_id", MSG_NEEDS_INSTITUTION, "clear institution");

	/* ...and an admin without one cannot become a manager... */
	valid_user(stored_vals, "admin");
	set_null(&entity_user, stored_vals, "institution_id");
	memset(patch, 0, sizeof(patch));
	set_text(&entity_user, patch, "role", "manager");
	memset(&e, 0, sizeof(e));
	entity_merge(&entity_user, patch, &stored);
	entity_check_rules(&entity_user, patch, stored.id, &e);
	assert_one_error(&e, "institution_id", MSG_NEEDS_INSTITUTION, "admin to manager");

	/* ...unless the same patch names an institution. */
	memset(patch, 0, sizeof(patch));
	set_text(&entity_user, patch, "role", "manager");
	set_int(&entity_user, patch, "institution_id", 4);
	memset(&e, 0, sizeof(e));
	entity_merge(&entity_user, patch, &stored);
	entity_check_rules(&entity_user, patch, stored.id, &e);
	assert_int_equal(e.count, 0);
}

static void
test_field_index(void **state)
{
	(void)state;
	assert_int_equal(entity_field_index(&entity_municipality, "name"), 0);
	assert_int_equal(entity_field_index(&entity_municipality, "code"), 1);
	assert_int_equal(entity_field_index(&entity_municipality, "country"), 3);
	assert_int_equal(entity_field_index(&entity_municipality, "id"), -1);
	assert_int_equal(entity_field_index(&entity_municipality, "Name"), -1);
	assert_int_equal(entity_field_index(&entity_user, "password"), 2);
	assert_int_equal(entity_field_index(&entity_user, "password_hash"), -1);
}

static void
test_field_errors_stop_at_the_limit(void **state)
{
	struct field_errors e;

	(void)state;
	memset(&e, 0, sizeof(e));
	for (int i = 0; i < FIELD_ERRORS_MAX + 10; i++)
		field_errors_add(&e, "f", MSG_REQUIRED);
	assert_int_equal(e.count, FIELD_ERRORS_MAX);
	assert_int_equal(field_errors_seen(&e), FIELD_ERRORS_MAX + 10);
}

/* ---- shape rules ---- */

static void
test_valid_code(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{ "KOR", true }, { "tir", true }, { "PrZ", true }, { "KO", false }, { "KORC", false },
		{ "K0R", false }, { "K R", false }, { "", false }, { "ÇRK", false }, { "KO-", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (directory_valid_code(cases[i].s) != cases[i].ok)
			fail_msg("code '%s'", cases[i].s);
}

static void
test_valid_email(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{ "info@police.example.al", true },
		{ "a.b+c@sub.example.org", true },
		{ "x@y.z", true },
		{ "no-at.example.al", false },
		{ "@example.al", false },
		{ "a@@example.al", false },
		{ "a@b@example.al", false },
		{ "a@localhost", false },
		{ "a@.example.al", false },
		{ "a@example.al.", false },
		{ "a b@example.al", false },
		{ "a@exa mple.al", false },
		{ "<a@example.al>", false },
		{ "a@example.al,b@example.al", false },
		{ "a;b@example.al", false },
		{ "\"a\"@example.al", false },
		{ "a@example.al\n", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (directory_valid_email(cases[i].s) != cases[i].ok)
			fail_msg("email '%s' should be %s", cases[i].s,
				 cases[i].ok ? "valid" : "invalid");
}

static void
test_valid_username(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{ "abc", true }, { "a.hoxha", true }, { "user_01", true }, { "x-y.z_9", true },
		{ "ab", false }, { "", false }, { "Abc", false }, { "ab c", false },
		{ "abc!", false }, { "arta@ura", false }, { "artë", false }, { "abc/", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (directory_valid_username(cases[i].s) != cases[i].ok)
			fail_msg("username '%s'", cases[i].s);
	assert_true(directory_valid_username(repeat('a', 64)));
	assert_false(directory_valid_username(repeat('a', 65)));
}

static void
test_user_change_allowed(void **state)
{
	static const struct {
		int64_t caller, target;
		enum role old_role, new_role;
		bool active, allowed;
	} cases[] = {
		/* oneself */
		{ 1, 1, ROLE_ADMIN, ROLE_ADMIN, true, true },         /* e.g. a new display name */
		{ 1, 1, ROLE_ADMIN, ROLE_ADMIN, false, false },       /* disabling oneself */
		{ 1, 1, ROLE_ADMIN, ROLE_COORDINATOR, true, false },  /* demoting oneself */
		{ 1, 1, ROLE_ADMIN, ROLE_AUDITOR, true, false },
		{ 1, 1, ROLE_ADMIN, ROLE_CASEWORKER, false, false },
		/* another account, even another admin */
		{ 1, 2, ROLE_ADMIN, ROLE_ADMIN, false, true },
		{ 1, 2, ROLE_ADMIN, ROLE_COORDINATOR, true, true },
		{ 1, 2, ROLE_CASEWORKER, ROLE_MANAGER, false, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (directory_user_change_allowed(cases[i].caller, cases[i].target,
						  cases[i].old_role, cases[i].new_role,
						  cases[i].active) != cases[i].allowed)
			fail_msg("case %zu", i);
}

static void
test_directory_entities_list(void **state)
{
	int n = 0;

	(void)state;
	for (; directory_entities[n] != NULL; n++)
		;
	assert_int_equal(n, 4);
	assert_ptr_equal(directory_entities[0], &entity_municipality);
	assert_ptr_equal(directory_entities[3], &entity_user);
	assert_string_equal(entity_municipality.unique_field, "code");
	assert_string_equal(entity_user.unique_field, "username");
	assert_string_equal(entity_user.fields[idx(&entity_user, "password")].column,
			    "password_hash");
	assert_true(entity_user.fields[idx(&entity_user, "password")].flags & F_WRITE_ONLY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_records_have_no_errors),
		cmocka_unit_test(test_create_requires_every_required_field),
		cmocka_unit_test(test_patch_with_nothing_is_valid),
		cmocka_unit_test(test_null_is_allowed_only_for_nullable_fields),
		cmocka_unit_test(test_municipality_field_rules),
		cmocka_unit_test(test_text_lengths_are_bounded),
		cmocka_unit_test(test_lengths_count_characters_not_bytes),
		cmocka_unit_test(test_control_characters_are_refused_but_tab_and_newline_pass),
		cmocka_unit_test(test_delete_character_is_a_control_character_too),
		cmocka_unit_test(test_institution_field_rules),
		cmocka_unit_test(test_enum_sets),
		cmocka_unit_test(test_dates_must_exist),
		cmocka_unit_test(test_mechanism_kind_and_meeting_bounds),
		cmocka_unit_test(test_every_broken_field_is_reported_at_once),
		cmocka_unit_test(test_user_field_rules),
		cmocka_unit_test(test_every_role_name_is_accepted),
		cmocka_unit_test(test_roles_that_need_an_institution),
		cmocka_unit_test(test_rules_wait_until_the_fields_are_valid),
		cmocka_unit_test(test_defaults_fill_only_absent_fields),
		cmocka_unit_test(test_merge_keeps_patched_values_and_fills_the_rest),
		cmocka_unit_test(test_merge_does_not_invent_write_only_fields),
		cmocka_unit_test(test_patch_rules_see_the_merged_record),
		cmocka_unit_test(test_field_index),
		cmocka_unit_test(test_field_errors_stop_at_the_limit),
		cmocka_unit_test(test_valid_code),
		cmocka_unit_test(test_valid_email),
		cmocka_unit_test(test_valid_username),
		cmocka_unit_test(test_user_change_allowed),
		cmocka_unit_test(test_directory_entities_list),
	};

	return cmocka_run_group_tests_name("validation", tests, NULL, NULL);
}
