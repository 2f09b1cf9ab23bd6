/* The settings table and the three loaders that feed it. */
#include "core/config.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "crypt/crypt.h"
#include "domain/public_report.h"
#include "domain/types.h"
#include "http/forwarded.h"
#include "http/limits.h"

enum setting_type { SET_PATH, SET_STRING, SET_INT, SET_BOOL, SET_LOG_LEVEL, SET_PROXIES, SET_ROLES,
		   SET_URL };

struct setting {
	const char *name;    /* flag and key name */
	const char *section; /* INI section */
	const char *ini_key;
	const char *env;
	enum setting_type type;
	size_t offset, size;
	int min, max;
};

#define FIELD(f) offsetof(struct config, f), sizeof(((struct config *)0)->f)
static const struct setting settings[] = {
	{ "db", "database", "path", "URA_DB", SET_PATH, FIELD(db), 0, 0 },
	{ "key", "database", "key", "URA_KEY", SET_PATH, FIELD(key), 0, 0 },
	{ "listen", "server", "listen", "URA_LISTEN", SET_STRING, FIELD(listen), 0, 0 },
	{ "threads", "server", "threads", "URA_THREADS", SET_INT, FIELD(threads), 0, 256 },
	{ "workers", "server", "workers", "URA_WORKERS", SET_INT, FIELD(workers), 1, 1024 },
	{ "connection_limit", "server", "connection_limit", "URA_CONNECTION_LIMIT", SET_INT,
	  FIELD(connection_limit), 1, 1000000 },
	{ "connection_timeout", "server", "connection_timeout", "URA_CONNECTION_TIMEOUT", SET_INT,
	  FIELD(connection_timeout), 1, 3600 },
	{ "connections_per_address", "server", "connections_per_address",
	  "URA_CONNECTIONS_PER_ADDRESS", SET_INT, FIELD(connections_per_address), 0, 1000000 },
	{ "request_timeout", "server", "request_timeout", "URA_REQUEST_TIMEOUT", SET_INT,
	  FIELD(request_timeout), 1, 3600 },
	{ "hash_workers", "server", "hash_workers", "URA_HASH_WORKERS", SET_INT,
	  FIELD(hash_workers), 1, 64 },
	{ "hash_queue", "server", "hash_queue", "URA_HASH_QUEUE", SET_INT, FIELD(hash_queue), 1,
	  100000 },
	{ "jobs_nice", "server", "jobs_nice", "URA_JOBS_NICE", SET_INT, FIELD(jobs_nice), 0, 19 },
	{ "db_max_size_mb", "database", "max_size_mb", "URA_DB_MAX_SIZE_MB", SET_INT,
	  FIELD(db_max_size_mb), 0, 16777216 },
	{ "https", "server", "https", "URA_HTTPS", SET_BOOL, FIELD(https), 0, 0 },
	{ "log_level", "server", "log_level", "URA_LOG_LEVEL", SET_LOG_LEVEL, FIELD(log_level), 0, 0 },
	{ "trusted_proxies", "security", "trusted_proxies", "URA_TRUSTED_PROXIES", SET_PROXIES,
	  FIELD(trusted_proxies), 0, 0 },
	{ "totp_required_roles", "security", "totp_required_roles", "URA_TOTP_REQUIRED_ROLES",
	  SET_ROLES, FIELD(totp_required_roles), 0, 0 },
	{ "token_max_days", "security", "token_max_days", "URA_TOKEN_MAX_DAYS", SET_INT,
	  FIELD(token_max_days), 1, 366 },
	{ "break_glass_per_hour", "security", "break_glass_per_hour", "URA_BREAK_GLASS_PER_HOUR",
	  SET_INT, FIELD(break_glass_per_hour), 1, 1000 },
	{ "new_staff_flag_days", "security", "new_staff_flag_days", "URA_NEW_STAFF_FLAG_DAYS",
	  SET_INT, FIELD(new_staff_flag_days), 0, 365 },
	{ "password_hash_memory_kib", "security", "password_hash_memory_kib",
	  "URA_PASSWORD_HASH_MEMORY_KIB", SET_INT, FIELD(password_hash_memory_kib), 1024, 1048576 },
	{ "password_hash_passes", "security", "password_hash_passes", "URA_PASSWORD_HASH_PASSES",
	  SET_INT, FIELD(password_hash_passes), 1, 10 },
	{ "ui_idle_lock_minutes", "security", "ui_idle_lock_minutes", "URA_UI_IDLE_LOCK_MINUTES",
	  SET_INT, FIELD(ui_idle_lock_minutes), 1, 1440 },
	{ "report_title", "public", "report_title", "URA_REPORT_TITLE", SET_STRING,
	  FIELD(report_title), 0, 0 },
	{ "report_exit_url", "public", "report_exit_url", "URA_REPORT_EXIT_URL", SET_URL,
	  FIELD(report_exit_url), 0, 0 },
	{ "public_reports_per_hour", "public", "reports_per_hour", "URA_PUBLIC_REPORTS_PER_HOUR",
	  SET_INT, FIELD(public_reports_per_hour), 1, 10000 },
	{ "intake_triage_working_days", "public", "intake_triage_working_days",
	  "URA_INTAKE_TRIAGE_WORKING_DAYS", SET_INT, FIELD(intake_triage_working_days), 1, 60 },
	{ "public_url", "server", "public_url", "URA_PUBLIC_URL", SET_URL, FIELD(public_url), 0, 0 },
	{ "smtp_host", "smtp", "host", "URA_SMTP_HOST", SET_STRING, FIELD(smtp_host), 0, 0 },
	{ "smtp_port", "smtp", "port", "URA_SMTP_PORT", SET_INT, FIELD(smtp_port), 1, 65535 },
	{ "smtp_starttls", "smtp", "starttls", "URA_SMTP_STARTTLS", SET_BOOL, FIELD(smtp_starttls),
	  0, 0 },
	{ "smtp_username", "smtp", "username", "URA_SMTP_USERNAME", SET_STRING,
	  FIELD(smtp_username), 0, 0 },
	{ "smtp_password", "smtp", "password", "URA_SMTP_PASSWORD", SET_STRING,
	  FIELD(smtp_password), 0, 0 },
	{ "smtp_from", "smtp", "from", "URA_SMTP_FROM", SET_STRING, FIELD(smtp_from), 0, 0 },
	{ "smtp_ca_file", "smtp", "ca_file", "URA_SMTP_CA_FILE", SET_PATH, FIELD(smtp_ca_file), 0,
	  0 },
	{ "smtp_poll_seconds", "smtp", "poll_seconds", "URA_SMTP_POLL_SECONDS", SET_INT,
	  FIELD(smtp_poll_seconds), 1, 3600 },
	{ "reintegration_lead_months", "reintegration", "lead_months",
	  "URA_REINTEGRATION_LEAD_MONTHS", SET_INT, FIELD(reintegration_lead_months), 1, 24 },
	{ "attachment_max_file_mb", "attachments", "max_file_mb", "URA_ATTACHMENT_MAX_FILE_MB",
	  SET_INT, FIELD(attachment_max_file_mb), 1, 100 },
	{ "attachment_max_case_mb", "attachments", "max_case_mb", "URA_ATTACHMENT_MAX_CASE_MB",
	  SET_INT, FIELD(attachment_max_case_mb), 1, 100000 },
	{ "retention_domestic_violence_years", "retention", "domestic_violence_years",
	  "URA_RETENTION_DOMESTIC_VIOLENCE_YEARS", SET_INT,
	  FIELD(retention_years[0]), 1, 100 },
	{ "retention_gbv_years", "retention", "gbv_years", "URA_RETENTION_GBV_YEARS", SET_INT,
	  FIELD(retention_years[1]), 1, 100 },
	{ "retention_hate_crime_years", "retention", "hate_crime_years",
	  "URA_RETENTION_HATE_CRIME_YEARS", SET_INT, FIELD(retention_years[2]), 1, 100 },
	{ "retention_reintegration_years", "retention", "reintegration_years",
	  "URA_RETENTION_REINTEGRATION_YEARS", SET_INT, FIELD(retention_years[3]), 1, 100 },
	{ "retention_auto_apply", "retention", "auto_apply", "URA_RETENTION_AUTO_APPLY", SET_BOOL,
	  FIELD(retention_auto_apply), 0, 0 },
};
#undef FIELD

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen, sizeof(c->listen), "127.0.0.1:8080");
	snprintf(c->log_level, sizeof(c->log_level), "info");
	c->threads = 0;
	c->workers = 16;
	c->connection_limit = LIMIT_CONNECTIONS_DEFAULT;
	c->connections_per_address = LIMIT_CONNECTIONS_PER_ADDRESS_DEFAULT;
	c->connection_timeout = LIMIT_IDLE_SECONDS_DEFAULT;
	c->request_timeout = LIMIT_REQUEST_SECONDS_DEFAULT;
	c->hash_workers = LIMIT_HASH_WORKERS_DEFAULT;
	c->hash_queue = LIMIT_HASH_QUEUE_DEFAULT;
	c->jobs_nice = 19;
	snprintf(c->totp_required_roles, sizeof(c->totp_required_roles), "admin,auditor");
	c->token_max_days = 90;
	c->break_glass_per_hour = 3;
	c->new_staff_flag_days = 7;
	c->ui_idle_lock_minutes = 15;
	c->password_hash_memory_kib = CRYPT_PASSWORD_MEMORY_KIB_DEFAULT;
	c->password_hash_passes = CRYPT_PASSWORD_PASSES_DEFAULT;
	snprintf(c->report_title, sizeof(c->report_title), "Report");
	snprintf(c->report_exit_url, sizeof(c->report_exit_url), "https://www.yr.no/");
	c->public_reports_per_hour = 10;
	c->intake_triage_working_days = 2;
	snprintf(c->public_url, sizeof(c->public_url), "http://127.0.0.1:8080");
	c->smtp_port = 587;
	c->smtp_starttls = true;
	snprintf(c->smtp_from, sizeof(c->smtp_from), "ura@localhost");
	c->smtp_poll_seconds = 15;
	c->reintegration_lead_months = 6;
	c->attachment_max_file_mb = 20;
	c->attachment_max_case_mb = 200;
	for (int i = 0; i < RETENTION_KINDS; i++)
		c->retention_years[i] = retention_years_default[i];
	c->retention_auto_apply = false;
}

static const struct setting *
setting_find(const char *name)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	return NULL;
}

static enum ura_status
set_int(const struct setting *s, int *dst, const char *value, char *err, size_t errlen)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (errno != 0 || end == value || *end != '\0' || v < s->min || v > s->max) {
		snprintf(err, errlen, "%s must be a whole number from %d to %d", s->name, s->min,
			 s->max);
		return URA_EINVAL;
	}
	*dst = (int)v;
	return URA_OK;
}

enum ura_status
config_set(struct config *c, const char *name, const char *value, char *err, size_t errlen)
{
	const struct setting *s = setting_find(name);
	char *dst;

	if (s == NULL) {
		snprintf(err, errlen, "unknown setting '%s'", name);
		return URA_EINVAL;
	}
	dst = (char *)c + s->offset;
	switch (s->type) {
	case SET_INT:
		return set_int(s, (int *)(void *)dst, value, err, errlen);
	case SET_BOOL:
		if (strcmp(value, "1") == 0 || strcasecmp(value, "true") == 0 ||
		    strcasecmp(value, "yes") == 0 || strcasecmp(value, "on") == 0)
			*(bool *)dst = true;
		else if (strcmp(value, "0") == 0 || strcasecmp(value, "false") == 0 ||
			 strcasecmp(value, "no") == 0 || strcasecmp(value, "off") == 0)
			*(bool *)dst = false;
		else {
			snprintf(err, errlen, "%s must be true or false", name);
			return URA_EINVAL;
		}
		return URA_OK;
	case SET_LOG_LEVEL:
		if (strcmp(value, "debug") && strcmp(value, "info") && strcmp(value, "warn") &&
		    strcmp(value, "error")) {
			snprintf(err, errlen, "log_level must be debug, info, warn or error");
			return URA_EINVAL;
		}
		/* fallthrough */
	case SET_URL:
		if (s->type == SET_URL && !public_exit_url_valid(value)) {
			snprintf(err, errlen, "%s must be an http:// or https:// address", name);
			return URA_EINVAL;
		}
		/* fallthrough */
	case SET_PROXIES:
	case SET_ROLES:
		if (s->type == SET_PROXIES && !forwarded_proxies_valid(value)) {
			snprintf(err, errlen, "%s must list IP addresses or CIDR blocks "
				 "(10.0.0.1, 192.168.0.0/24, ::1)", name);
			return URA_EINVAL;
		}
		if (s->type == SET_ROLES && !role_list_parse(value, NULL)) {
			snprintf(err, errlen, "%s must list roles (admin, coordinator, manager, "
				 "caseworker, national, auditor) or be none", name);
			return URA_EINVAL;
		}
		/* fallthrough */
	case SET_PATH:
	case SET_STRING:
		if (strlen(value) >= s->size) {
			snprintf(err, errlen, "%s is too long", name);
			return URA_EINVAL;
		}
		snprintf(dst, s->size, "%s", value);
		return URA_OK;
	}
	return URA_EINVAL;
}

struct ini_context {
	struct config *c;
	char *err;
	size_t errlen;
	enum ura_status st;
};

static int
ini_entry(void *user, const char *section, const char *key, const char *value)
{
	struct ini_context *ctx = user;

	if (ctx->st != URA_OK)
		return 0; /* keep the first error; inih goes on reading the file */
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		if (strcmp(settings[i].section, section) == 0 &&
		    strcmp(settings[i].ini_key, key) == 0) {
			ctx->st = config_set(ctx->c, settings[i].name, value, ctx->err, ctx->errlen);
			return ctx->st == URA_OK;
		}
	}
	snprintf(ctx->err, ctx->errlen, "unknown setting [%s] %s", section, key);
	ctx->st = URA_EINVAL;
	return 0;
}

static enum ura_status
ini_result(struct ini_context *ctx, int rc, const char *what)
{
	if (ctx->st != URA_OK)
		return ctx->st;
	if (rc < 0) {
		snprintf(ctx->err, ctx->errlen, "cannot read %s", what);
		return URA_EINVAL;
	}
	if (rc > 0) {
		snprintf(ctx->err, ctx->errlen, "%s: syntax error on line %d", what, rc);
		return URA_EINVAL;
	}
	return URA_OK;
}

enum ura_status
config_load_ini_file(struct config *c, const char *path, char *err, size_t errlen)
{
	struct ini_context ctx = { c, err, errlen, URA_OK };
	return ini_result(&ctx, ini_parse(path, ini_entry, &ctx), path);
}

enum ura_status
config_load_ini_string(struct config *c, const char *text, char *err, size_t errlen)
{
	struct ini_context ctx = { c, err, errlen, URA_OK };
	return ini_result(&ctx, ini_parse_string(text, ini_entry, &ctx), "configuration");
}

enum ura_status
config_load_env(struct config *c, const char *(*lookup)(const char *name), char *err,
		size_t errlen)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const char *v = lookup(settings[i].env);
		enum ura_status st;

		if (v == NULL || *v == '\0')
			continue;
		st = config_set(c, settings[i].name, v, err, errlen);
		if (st != URA_OK)
			return st;
	}
	return URA_OK;
}

void
config_each(const struct config *c,
	    void (*fn)(const char *section, const char *key, const char *env, const char *value,
		       void *ctx),
	    void *ctx)
{
	char number[24];

	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const struct setting *s = &settings[i];
		const char *at = (const char *)c + s->offset, *value = at;

		if (s->type == SET_INT) {
			snprintf(number, sizeof(number), "%d", *(const int *)(const void *)at);
			value = number;
		} else if (s->type == SET_BOOL) {
			value = *(const bool *)at ? "true" : "false";
		}
		fn(s->section, s->ini_key, s->env, value, ctx);
	}
}

const char *
config_key_path(const struct config *c, char *buf, size_t len)
{
	if (c->key[0] != '\0')
		snprintf(buf, len, "%s", c->key);
	else
		snprintf(buf, len, "%s.key", c->db);
	return buf;
}

bool
config_listen_parts(const struct config *c, char *addr, size_t addrlen, unsigned *port)
{
	const char *colon = strrchr(c->listen, ':'), *host = c->listen;
	size_t hostlen;
	char *end;
	unsigned long p;

	if (colon == NULL || colon == c->listen)
		return false;
	hostlen = (size_t)(colon - host);
	if (host[0] == '[' && colon[-1] == ']') { /* "[::1]:443" */
		host++;
		hostlen -= 2;
	}
	if (hostlen == 0 || hostlen >= addrlen)
		return false;
	p = strtoul(colon + 1, &end, 10);
	if (end == colon + 1 || *end != '\0' || p > 65535)
		return false;
	memcpy(addr, host, hostlen);
	addr[hostlen] = '\0';
	*port = (unsigned)p;
	return true;
}
