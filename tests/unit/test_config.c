/*
 * Unit tests for src/core/config.c: the built-in defaults; config_set's validation of every
 * kind of setting (bounded integers, booleans, log levels, lengths, unknown names) and that a
 * rejected value leaves the setting as it was; the INI loader ([server], [database], unknown
 * keys, syntax errors); the URA_* environment loader through a fake lookup; the precedence
 * defaults < INI < environment < flags applied in main.c's order; config_listen_parts and
 * config_key_path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/config.h"

/* ---- a fake environment ---- */

static const char *const *fake_env; /* NAME, VALUE, NAME, VALUE, ..., NULL */

static const char *
fake_lookup(const char *name)
{
	for (const char *const *p = fake_env; p != NULL && *p != NULL; p += 2)
		if (strcmp(p[0], name) == 0)
			return p[1];
	return NULL;
}

static void
test_defaults(void **state)
{
	struct config c;

	(void)state;
	memset(&c, 0x5a, sizeof(c));
	config_defaults(&c);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_string_equal(c.log_level, "info");
	assert_string_equal(c.db, "");
	assert_string_equal(c.key, "");
	assert_int_equal(c.threads, 0);
	assert_int_equal(c.workers, 16);
	assert_int_equal(c.connection_limit, 4096);
	assert_int_equal(c.connection_timeout, 30);
	assert_false(c.https);
}

/* Integer settings: the accepted bounds and what lies just outside them. */
static void
test_set_int_bounds(void **state)
{
	static const struct {
		const char *name, *value;
		enum ura_status st;
		int expect; /* when accepted */
	} cases[] = {
		{ "threads", "0", URA_OK, 0 },
		{ "threads", "256", URA_OK, 256 },
		{ "threads", "257", URA_EINVAL, 0 },
		{ "threads", "-1", URA_EINVAL, 0 },
		{ "workers", "1", URA_OK, 1 },
		{ "workers", "1024", URA_OK, 1024 },
		{ "workers", "0", URA_EINVAL, 0 },
		{ "workers", "1025", URA_EINVAL, 0 },
		{ "connection_limit", "1", URA_OK, 1 },
		{ "connection_limit", "1000000", URA_OK, 1000000 },
		{ "connection_limit", "1000001", URA_EINVAL, 0 },
		{ "connection_limit", "0", URA_EINVAL, 0 },
		{ "connection_timeout", "1", URA_OK, 1 },
		{ "connection_timeout", "3600", URA_OK, 3600 },
		{ "connection_timeout", "3601", URA_EINVAL, 0 },
		{ "connection_timeout", "0", URA_EINVAL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config c;
		char err[128] = "";
		enum ura_status st;
		int got;

		config_defaults(&c);
		st = config_set(&c, cases[i].name, cases[i].value, err, sizeof(err));
		if (st != cases[i].st)
			fail_msg("%s=%s: status %d, expected %d", cases[i].name, cases[i].value, st,
				 cases[i].st);
		if (st != URA_OK) {
			assert_non_null(strstr(err, cases[i].name));
			continue;
		}
		got = strcmp(cases[i].name, "threads") == 0 ? c.threads
		      : strcmp(cases[i].name, "workers") == 0 ? c.workers
		      : strcmp(cases[i].name, "connection_limit") == 0 ? c.connection_limit
		      : c.connection_timeout;
		assert_int_equal(got, cases[i].expect);
	}
}

static void
test_set_int_rejects_non_numbers(void **state)
{
	static const char *const values[] = {
		"", "abc", "12abc", "4.5", "0x10", "1e3", "99999999999999999999", "4 ",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct config c;
		char err[128] = "";

		config_defaults(&c);
		if (config_set(&c, "workers", values[i], err, sizeof(err)) != URA_EINVAL)
			fail_msg("workers='%s' was accepted", values[i]);
		assert_int_equal(c.workers, 16);
		assert_string_equal(err, "workers must be a whole number from 1 to 1024");
	}
}

static void
test_set_bool_accepts_the_usual_spellings(void **state)
{
	static const struct {
		const char *value;
		bool expect;
	} cases[] = {
		{ "1", true }, { "true", true }, { "TRUE", true }, { "yes", true }, { "On", true },
		{ "0", false }, { "false", false }, { "False", false }, { "no", false },
		{ "OFF", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config c;
		char err[128];

		config_defaults(&c);
		c.https = !cases[i].expect;
		assert_int_equal(config_set(&c, "https", cases[i].value, err, sizeof(err)), URA_OK);
		if (c.https != cases[i].expect)
			fail_msg("https='%s' gave %d", cases[i].value, c.https);
	}
}

static void
test_set_bool_rejects_other_words(void **state)
{
	static const char *const values[] = { "", "2", "maybe", "y", "n", "truee", " true" };

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		struct config c;
		char err[128] = "";

		config_defaults(&c);
		c.https = true;
		if (config_set(&c, "https", values[i], err, sizeof(err)) != URA_EINVAL)
			fail_msg("https='%s' was accepted", values[i]);
		assert_true(c.https);
		assert_string_equal(err, "https must be true or false");
	}
}

static void
test_set_log_level(void **state)
{
	static const char *const good[] = { "debug", "info", "warn", "error" };
	static const char *const bad[] = { "", "trace", "warning", "fatal", "verbose" };

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct config c;
		char err[128];

		config_defaults(&c);
		assert_int_equal(config_set(&c, "log_level", good[i], err, sizeof(err)), URA_OK);
		assert_string_equal(c.log_level, good[i]);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct config c;
		char err[128] = "";

		config_defaults(&c);
		if (config_set(&c, "log_level", bad[i], err, sizeof(err)) != URA_EINVAL)
			fail_msg("log_level='%s' was accepted", bad[i]);
		assert_string_equal(c.log_level, "info");
		assert_non_null(strstr(err, "log_level"));
	}
}

static void
test_set_strings_and_their_length_limits(void **state)
{
	struct config c;
	char err[128];
	char path[CONFIG_PATH_MAX + 1], listen[130];

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_set(&c, "db", "/var/lib/ura/ura.db", err, sizeof(err)), URA_OK);
	assert_string_equal(c.db, "/var/lib/ura/ura.db");
	assert_int_equal(config_set(&c, "key", "/etc/ura/master.key", err, sizeof(err)), URA_OK);
	assert_string_equal(c.key, "/etc/ura/master.key");
	assert_int_equal(config_set(&c, "listen", "0.0.0.0:9000", err, sizeof(err)), URA_OK);
	assert_string_equal(c.listen, "0.0.0.0:9000");

	/* The longest path that fits (CONFIG_PATH_MAX - 1 bytes) is kept whole. */
	memset(path, 'a', CONFIG_PATH_MAX - 1);
	path[CONFIG_PATH_MAX - 1] = '\0';
	assert_int_equal(config_set(&c, "db", path, err, sizeof(err)), URA_OK);
	assert_int_equal(strlen(c.db), CONFIG_PATH_MAX - 1);

	/* One more byte is refused, and the old value stays. */
	memset(path, 'b', CONFIG_PATH_MAX);
	path[CONFIG_PATH_MAX] = '\0';
	assert_int_equal(config_set(&c, "key", path, err, sizeof(err)), URA_EINVAL);
	assert_string_equal(c.key, "/etc/ura/master.key");
	assert_string_equal(err, "key is too long");

	memset(listen, '1', sizeof(listen) - 1);
	listen[sizeof(listen) - 1] = '\0';
	assert_int_equal(config_set(&c, "listen", listen, err, sizeof(err)), URA_EINVAL);
	assert_string_equal(c.listen, "0.0.0.0:9000");
}

static void
test_set_unknown_setting(void **state)
{
	struct config c, before;
	char err[128] = "";

	(void)state;
	config_defaults(&c);
	before = c;
	assert_int_equal(config_set(&c, "port", "80", err, sizeof(err)), URA_EINVAL);
	assert_string_equal(err, "unknown setting 'port'");
	/* INI key names are not flag names: "path" is [database] path, the flag is "db". */
	assert_int_equal(config_set(&c, "path", "/x", err, sizeof(err)), URA_EINVAL);
	assert_int_equal(config_set(&c, "", "1", err, sizeof(err)), URA_EINVAL);
	assert_memory_equal(&c, &before, sizeof(c));
}

/* ---- INI ---- */

static void
test_ini_sets_server_and_database_sections(void **state)
{
	static const char ini[] =
		"; a comment\n"
		"[server]\n"
		"listen = 0.0.0.0:9090\n"
		"threads = 4\n"
		"workers = 8\n"
		"connection_limit = 100\n"
		"connection_timeout = 60\n"
		"https = true\n"
		"log_level = debug\n"
		"\n"
		"[database]\n"
		"path = /srv/ura.db\n"
		"key = /etc/ura/master.key\n";
	struct config c;
	char err[128] = "";

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_load_ini_string(&c, ini, err, sizeof(err)), URA_OK);
	assert_string_equal(c.listen, "0.0.0.0:9090");
	assert_int_equal(c.threads, 4);
	assert_int_equal(c.workers, 8);
	assert_int_equal(c.connection_limit, 100);
	assert_int_equal(c.connection_timeout, 60);
	assert_true(c.https);
	assert_string_equal(c.log_level, "debug");
	assert_string_equal(c.db, "/srv/ura.db");
	assert_string_equal(c.key, "/etc/ura/master.key");
}

static void
test_ini_leaves_unnamed_settings_alone(void **state)
{
	struct config c;
	char err[128];

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_load_ini_string(&c, "[server]\nworkers = 3\n", err, sizeof(err)),
			 URA_OK);
	assert_int_equal(c.workers, 3);
	assert_string_equal(c.listen, "127.0.0.1:8080");
	assert_string_equal(c.log_level, "info");
	assert_int_equal(c.threads, 0);
	assert_string_equal(c.db, "");
	assert_int_equal(config_load_ini_string(&c, "", err, sizeof(err)), URA_OK);
	assert_int_equal(c.workers, 3);
}

static void
test_ini_rejects_keys_in_the_wrong_section_or_unknown(void **state)
{
	static const struct {
		const char *ini, *err;
	} cases[] = {
		{ "[server]\nport = 80\n", "unknown setting [server] port" },
		{ "[database]\nlisten = 1.2.3.4:5\n", "unknown setting [database] listen" },
		{ "[server]\npath = /x.db\n", "unknown setting [server] path" },
		{ "[web]\nlisten = 1.2.3.4:5\n", "unknown setting [web] listen" },
		{ "listen = 1.2.3.4:5\n", "unknown setting [] listen" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config c;
		char err[128] = "";

		config_defaults(&c);
		assert_int_equal(config_load_ini_string(&c, cases[i].ini, err, sizeof(err)),
				 URA_EINVAL);
		assert_string_equal(err, cases[i].err);
		assert_string_equal(c.listen, "127.0.0.1:8080");
		assert_string_equal(c.db, "");
	}
}

static void
test_ini_bad_value_reports_the_value_error(void **state)
{
	struct config c;
	char err[128] = "";

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_load_ini_string(&c, "[server]\nworkers = 0\n", err, sizeof(err)),
			 URA_EINVAL);
	assert_string_equal(err, "workers must be a whole number from 1 to 1024");
	assert_int_equal(c.workers, 16);
}

static void
test_ini_bad_value_followed_by_good_lines_still_reports_the_value_error(void **state)
{
	/*
	 * The operator must be told which value is wrong, wherever it sits in the file. A later,
	 * valid line must neither hide the error nor turn it into a "syntax error".
	 */
	struct config c;
	char err[128] = "";

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_load_ini_string(&c,
						"[server]\n"
						"workers = 0\n"
						"threads = 2\n",
						err, sizeof(err)),
			 URA_EINVAL);
	assert_string_equal(err, "workers must be a whole number from 1 to 1024");
}

static void
test_ini_syntax_error_names_the_line(void **state)
{
	struct config c;
	char err[128] = "";

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_load_ini_string(&c, "[server]\nthis line has no equals sign\n",
						err, sizeof(err)),
			 URA_EINVAL);
	assert_string_equal(err, "configuration: syntax error on line 2");
}

static void
test_ini_file_that_cannot_be_read(void **state)
{
	struct config c;
	char err[256] = "";

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_load_ini_file(&c, "/nonexistent/ura/ura.ini", err, sizeof(err)),
			 URA_EINVAL);
	assert_string_equal(err, "cannot read /nonexistent/ura/ura.ini");
}

/* ---- environment ---- */

static void
test_env_sets_every_ura_variable(void **state)
{
	static const char *const env[] = {
		"URA_DB", "/env/ura.db",
		"URA_KEY", "/env/ura.key",
		"URA_LISTEN", "10.0.0.1:81",
		"URA_THREADS", "2",
		"URA_WORKERS", "5",
		"URA_CONNECTION_LIMIT", "77",
		"URA_CONNECTION_TIMEOUT", "9",
		"URA_HTTPS", "1",
		"URA_LOG_LEVEL", "warn",
		NULL,
	};
	struct config c;
	char err[128] = "";

	(void)state;
	fake_env = env;
	config_defaults(&c);
	assert_int_equal(config_load_env(&c, fake_lookup, err, sizeof(err)), URA_OK);
	assert_string_equal(c.db, "/env/ura.db");
	assert_string_equal(c.key, "/env/ura.key");
	assert_string_equal(c.listen, "10.0.0.1:81");
	assert_int_equal(c.threads, 2);
	assert_int_equal(c.workers, 5);
	assert_int_equal(c.connection_limit, 77);
	assert_int_equal(c.connection_timeout, 9);
	assert_true(c.https);
	assert_string_equal(c.log_level, "warn");
}

static void
test_env_ignores_unset_and_empty_variables(void **state)
{
	static const char *const env[] = {
		"URA_WORKERS", "",
		"URA_LISTEN", "",
		"DB", "/not/ours.db",      /* not a URA_ name */
		"ura_db", "/lower/case.db", /* names are exact */
		NULL,
	};
	struct config c, before;
	char err[128] = "";

	(void)state;
	fake_env = env;
	config_defaults(&c);
	before = c;
	assert_int_equal(config_load_env(&c, fake_lookup, err, sizeof(err)), URA_OK);
	assert_memory_equal(&c, &before, sizeof(c));
}

static void
test_env_bad_value_is_an_error(void **state)
{
	static const char *const env[] = { "URA_THREADS", "many", NULL };
	static const char *const env2[] = { "URA_HTTPS", "perhaps", NULL };
	struct config c;
	char err[128] = "";

	(void)state;
	fake_env = env;
	config_defaults(&c);
	assert_int_equal(config_load_env(&c, fake_lookup, err, sizeof(err)), URA_EINVAL);
	assert_string_equal(err, "threads must be a whole number from 0 to 256");
	assert_int_equal(c.threads, 0);

	fake_env = env2;
	assert_int_equal(config_load_env(&c, fake_lookup, err, sizeof(err)), URA_EINVAL);
	assert_string_equal(err, "https must be true or false");
	assert_false(c.https);
}

/* ---- precedence ---- */

/* The layering of main.c's load_settings: defaults, INI, environment, then the flags. */
static enum ura_status
load_layers(struct config *c, const char *ini, const char *const *env, const char *const *flags,
	    char *err, size_t errlen)
{
	enum ura_status st;

	config_defaults(c);
	if (ini != NULL && (st = config_load_ini_string(c, ini, err, errlen)) != URA_OK)
		return st;
	fake_env = env;
	if ((st = config_load_env(c, fake_lookup, err, errlen)) != URA_OK)
		return st;
	for (const char *const *f = flags; f != NULL && *f != NULL; f += 2)
		if ((st = config_set(c, f[0], f[1], err, errlen)) != URA_OK)
			return st;
	return URA_OK;
}

static void
test_precedence_defaults_ini_env_flags(void **state)
{
	static const char ini[] =
		"[server]\n"
		"listen = 10.1.1.1:1000\n"  /* INI only */
		"threads = 3\n"              /* INI, env, flag */
		"workers = 4\n"              /* INI, env */
		"https = true\n"             /* INI, flag */
		"[database]\n"
		"path = /ini/ura.db\n";     /* INI, env */
	static const char *const env[] = {
		"URA_THREADS", "5",
		"URA_WORKERS", "6",
		"URA_DB", "/env/ura.db",
		"URA_LOG_LEVEL", "error",    /* env only */
		NULL,
	};
	static const char *const flags[] = {
		"threads", "7",
		"https", "false",
		"key", "/flag/ura.key",     /* flag only */
		NULL,
	};
	struct config c;
	char err[128] = "";

	(void)state;
	assert_int_equal(load_layers(&c, ini, env, flags, err, sizeof(err)), URA_OK);
	assert_string_equal(c.listen, "10.1.1.1:1000");
	assert_int_equal(c.threads, 7);
	assert_int_equal(c.workers, 6);
	assert_false(c.https);
	assert_string_equal(c.db, "/env/ura.db");
	assert_string_equal(c.log_level, "error");
	assert_string_equal(c.key, "/flag/ura.key");
	/* never named by any layer: the default */
	assert_int_equal(c.connection_limit, 4096);
	assert_int_equal(c.connection_timeout, 30);
}

static void
test_precedence_without_ini_or_env_flags_beat_defaults(void **state)
{
	static const char *const env[] = { NULL };
	static const char *const flags[] = { "workers", "2", "listen", "127.0.0.1:0", NULL };
	struct config c;
	char err[128] = "";

	(void)state;
	assert_int_equal(load_layers(&c, NULL, env, flags, err, sizeof(err)), URA_OK);
	assert_int_equal(c.workers, 2);
	assert_string_equal(c.listen, "127.0.0.1:0");
	assert_string_equal(c.log_level, "info");
}

/* ---- helpers ---- */

static void
test_listen_parts(void **state)
{
	static const struct {
		const char *listen;
		bool ok;
		const char *addr;
		unsigned port;
	} cases[] = {
		{ "127.0.0.1:8080", true, "127.0.0.1", 8080 },
		{ "0.0.0.0:0", true, "0.0.0.0", 0 },
		{ "localhost:65535", true, "localhost", 65535 },
		{ "[::1]:443", true, "::1", 443 },        /* brackets of an IPv6 address dropped */
		{ "::1:443", true, "::1", 443 },          /* the last colon separates the port */
		{ "[]:443", false, NULL, 0 },
		{ "127.0.0.1:65536", false, NULL, 0 },
		{ "127.0.0.1:", false, NULL, 0 },
		{ "127.0.0.1:80x", false, NULL, 0 },
		{ "127.0.0.1:http", false, NULL, 0 },
		{ ":8080", false, NULL, 0 },
		{ "127.0.0.1", false, NULL, 0 },
		{ "", false, NULL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct config c;
		char addr[64] = "untouched";
		unsigned port = 12345;
		bool ok;

		config_defaults(&c);
		strcpy(c.listen, cases[i].listen);
		ok = config_listen_parts(&c, addr, sizeof(addr), &port);
		if (ok != cases[i].ok)
			fail_msg("'%s': got %d", cases[i].listen, ok);
		if (!ok)
			continue;
		assert_string_equal(addr, cases[i].addr);
		assert_int_equal(port, cases[i].port);
	}
}

static void
test_listen_parts_address_must_fit(void **state)
{
	struct config c;
	char addr[9]; /* "127.0.0.1" needs 10 bytes */
	unsigned port = 0;

	(void)state;
	config_defaults(&c);
	assert_false(config_listen_parts(&c, addr, sizeof(addr), &port));
	{
		char fits[10];
		assert_true(config_listen_parts(&c, fits, sizeof(fits), &port));
		assert_string_equal(fits, "127.0.0.1");
		assert_int_equal(port, 8080);
	}
}

static void
test_key_path_defaults_to_db_dot_key(void **state)
{
	struct config c;
	char buf[CONFIG_PATH_MAX + 8];
	char err[64];

	(void)state;
	config_defaults(&c);
	assert_int_equal(config_set(&c, "db", "/var/lib/ura/ura.db", err, sizeof(err)), URA_OK);
	assert_string_equal(config_key_path(&c, buf, sizeof(buf)), "/var/lib/ura/ura.db.key");
	assert_ptr_equal(config_key_path(&c, buf, sizeof(buf)), buf);

	assert_int_equal(config_set(&c, "key", "/etc/ura/master.key", err, sizeof(err)), URA_OK);
	assert_string_equal(config_key_path(&c, buf, sizeof(buf)), "/etc/ura/master.key");
}

/* [security]: the accounts and sign-in settings (README "Accounts and sign-in"). */
static void
test_security_settings(void **state)
{
	static const char *const env[] = {
		"URA_TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/24 ::1",
		"URA_TOTP_REQUIRED_ROLES", "none",
		"URA_BREAK_GLASS_PER_HOUR", "5",
		NULL,
	};
	struct config c;
	char err[160] = "";

	(void)state;
	config_defaults(&c);
	assert_string_equal(c.trusted_proxies, "");
	assert_string_equal(c.totp_required_roles, "admin,auditor");
	assert_int_equal(c.token_max_days, 90);
	assert_int_equal(c.break_glass_per_hour, 3);
	assert_int_equal(c.new_staff_flag_days, 7);
	assert_int_equal(c.ui_idle_lock_minutes, 15);
	fake_env = env;
	assert_int_equal(config_load_env(&c, fake_lookup, err, sizeof(err)), URA_OK);
	assert_string_equal(c.trusted_proxies, "10.0.0.1, 192.168.0.0/24 ::1");
	assert_string_equal(c.totp_required_roles, "none");
	assert_int_equal(c.break_glass_per_hour, 5);
	assert_int_equal(config_load_ini_string(&c, "[security]\ntoken_max_days = 30\n"
					       "totp_required_roles = admin\n"
					       "new_staff_flag_days = 0\n", err, sizeof(err)),
			 URA_OK);
	assert_int_equal(c.token_max_days, 30);
	assert_string_equal(c.totp_required_roles, "admin");
	assert_int_equal(c.new_staff_flag_days, 0);
	/* bad values name the setting, and change nothing */
	assert_int_equal(config_set(&c, "trusted_proxies", "nginx.local", err, sizeof(err)),
			 URA_EINVAL);
	assert_non_null(strstr(err, "trusted_proxies"));
	assert_int_equal(config_set(&c, "totp_required_roles", "admin,root", err, sizeof(err)),
			 URA_EINVAL);
	assert_non_null(strstr(err, "totp_required_roles"));
	assert_int_equal(config_set(&c, "token_max_days", "367", err, sizeof(err)), URA_EINVAL);
	assert_int_equal(config_set(&c, "break_glass_per_hour", "0", err, sizeof(err)),
			 URA_EINVAL);
	assert_int_equal(config_set(&c, "ui_idle_lock_minutes", "0", err, sizeof(err)),
			 URA_EINVAL);
	assert_string_equal(c.trusted_proxies, "10.0.0.1, 192.168.0.0/24 ::1");
	assert_string_equal(c.totp_required_roles, "admin");
}

/* The settings of issue 11 (README.md "Limits"): defaults, bounds, INI section, variable. */
static void
test_hardening_settings(void **state)
{
	static const struct {
		const char *name, *section, *ini_key, *env;
		int deflt, lowest, highest;
		size_t offset;
	} settings[] = {
		{ "connections_per_address", "server", "connections_per_address",
		  "URA_CONNECTIONS_PER_ADDRESS", 128, 0, 1000000,
		  offsetof(struct config, connections_per_address) },
		{ "request_timeout", "server", "request_timeout", "URA_REQUEST_TIMEOUT", 30, 1, 3600,
		  offsetof(struct config, request_timeout) },
		{ "hash_workers", "server", "hash_workers", "URA_HASH_WORKERS", 2, 1, 64,
		  offsetof(struct config, hash_workers) },
		{ "hash_queue", "server", "hash_queue", "URA_HASH_QUEUE", 64, 1, 100000,
		  offsetof(struct config, hash_queue) },
		{ "jobs_nice", "server", "jobs_nice", "URA_JOBS_NICE", 19, 0, 19,
		  offsetof(struct config, jobs_nice) },
		{ "db_max_size_mb", "database", "max_size_mb", "URA_DB_MAX_SIZE_MB", 0, 0, 16777216,
		  offsetof(struct config, db_max_size_mb) },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		struct config c;
		char err[128], text[256], below[16], above[16];
		const char *env[3] = { settings[i].env, "7", NULL };
#define VALUE(c) (*(int *)(void *)((char *)&(c) + settings[i].offset))

		config_defaults(&c);
		assert_int_equal(VALUE(c), settings[i].deflt);
		snprintf(below, sizeof(below), "%d", settings[i].lowest - 1);
		snprintf(above, sizeof(above), "%d", settings[i].highest + 1);
		assert_int_equal(config_set(&c, settings[i].name, below, err, sizeof(err)),
				 URA_EINVAL);
		assert_int_equal(config_set(&c, settings[i].name, above, err, sizeof(err)),
				 URA_EINVAL);
		snprintf(text, sizeof(text), "%d", settings[i].highest);
		assert_int_equal(config_set(&c, settings[i].name, text, err, sizeof(err)), URA_OK);
		assert_int_equal(VALUE(c), settings[i].highest);
		snprintf(text, sizeof(text), "[%s]\n%s = %d\n", settings[i].section,
			 settings[i].ini_key, settings[i].lowest);
		assert_int_equal(config_load_ini_string(&c, text, err, sizeof(err)), URA_OK);
		assert_int_equal(VALUE(c), settings[i].lowest);
		fake_env = env;
		assert_int_equal(config_load_env(&c, fake_lookup, err, sizeof(err)), URA_OK);
		assert_int_equal(VALUE(c), 7);
		fake_env = NULL;
#undef VALUE
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_set_int_bounds),
		cmocka_unit_test(test_set_int_rejects_non_numbers),
		cmocka_unit_test(test_set_bool_accepts_the_usual_spellings),
		cmocka_unit_test(test_set_bool_rejects_other_words),
		cmocka_unit_test(test_set_log_level),
		cmocka_unit_test(test_set_strings_and_their_length_limits),
		cmocka_unit_test(test_set_unknown_setting),
		cmocka_unit_test(test_ini_sets_server_and_database_sections),
		cmocka_unit_test(test_ini_leaves_unnamed_settings_alone),
		cmocka_unit_test(test_ini_rejects_keys_in_the_wrong_section_or_unknown),
		cmocka_unit_test(test_ini_bad_value_reports_the_value_error),
		cmocka_unit_test(test_ini_bad_value_followed_by_good_lines_still_reports_the_value_error),
		cmocka_unit_test(test_ini_syntax_error_names_the_line),
		cmocka_unit_test(test_ini_file_that_cannot_be_read),
		cmocka_unit_test(test_env_sets_every_ura_variable),
		cmocka_unit_test(test_env_ignores_unset_and_empty_variables),
		cmocka_unit_test(test_env_bad_value_is_an_error),
		cmocka_unit_test(test_precedence_defaults_ini_env_flags),
		cmocka_unit_test(test_precedence_without_ini_or_env_flags_beat_defaults),
		cmocka_unit_test(test_security_settings),
		cmocka_unit_test(test_hardening_settings),
		cmocka_unit_test(test_listen_parts),
		cmocka_unit_test(test_listen_parts_address_must_fit),
		cmocka_unit_test(test_key_path_defaults_to_db_dot_key),
	};

	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
