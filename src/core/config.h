/*
 * Settings of a running Ura. Four layers, later ones winning: built-in defaults, the INI file,
 * URA_* environment variables, command-line flags. Every layer goes through config_set, so a
 * value is validated the same way wherever it comes from.
 */
#ifndef URA_CONFIG_H
#define URA_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "domain/retention.h"

#define CONFIG_PATH_MAX 1024

struct config {
	char db[CONFIG_PATH_MAX];        /* database file, or a postgresql:// URL */
	char key[CONFIG_PATH_MAX];       /* master key file; "" means "<db>.key" */
	char listen[128];                /* ADDR:PORT */
	int threads;                     /* HTTP event threads; 0 = one per core */
	int workers;                     /* request workers (each holds a database connection) */
	int connection_limit;
	int connections_per_address;     /* connections one client address may hold; 0: any */
	int connection_timeout;          /* seconds of inactivity before a connection is closed */
	int request_timeout;             /* seconds a connection has to deliver a whole request */
	int hash_workers;                /* threads that hash passwords (sign-in, users) */
	int hash_queue;                  /* requests waiting for them at most (then 503) */
	int jobs_nice;                   /* the background jobs' threads' nice value (jobs/periodic.h) */
	int db_max_size_mb;              /* SQLite: the database's largest size; 0: no cap */
	bool https;                      /* served over TLS, directly or behind a proxy */
	char log_level[16];              /* debug, info, warn, error */

	/* [security]: accounts and sign-in (README "Accounts and sign-in") */
	char trusted_proxies[1024];      /* addresses and CIDR blocks whose X-Forwarded-For counts */
	char totp_required_roles[128];   /* roles that must use a second factor ("none": none) */
	int token_max_days;              /* the longest life of an API token */
	int password_hash_memory_kib;    /* argon2id memory of a new password hash */
	int password_hash_passes;        /* argon2id passes of a new password hash */
	int break_glass_per_hour;        /* emergency accesses one user may open in an hour */
	int new_staff_flag_days;         /* days a new staff account's case reads are flagged */
	int ui_idle_lock_minutes;        /* the browser locks an idle screen after this */

	/* [public]: reports without an account (README "Reporting without an account") */
	char report_title[64];           /* the public pages' neutral title */
	char report_exit_url[512];       /* where quick exit goes: a neutral site */
	int public_reports_per_hour;     /* reports one client address may make in an hour */
	int intake_triage_working_days;  /* a report waiting longer for triage is overdue */

	/* [smtp]: notifications by e-mail, without personal data (README "Notifications by
	 * e-mail"); off while host is empty */
	char smtp_host[256];
	int smtp_port;
	bool smtp_starttls;              /* STARTTLS required (the server's certificate checked) */
	char smtp_username[256];         /* empty: no authentication */
	char smtp_password[256];
	char smtp_from[256];             /* the sender's address */
	char smtp_ca_file[CONFIG_PATH_MAX]; /* certificates to trust besides the system's */
	int smtp_poll_seconds;           /* how often the outbox is looked at */
	char public_url[512];            /* Ura's address as users reach it, for the links */

	/* [reintegration]: a reintegration case's pre-release plan (domain/reintegration.h) */
	int reintegration_lead_months;   /* the plan starts this many months before release */

	/* [attachments]: documents on cases, incidents, referrals and meetings (issue 16) */
	int attachment_max_file_mb;      /* the largest file, in MiB */
	int attachment_max_case_mb;      /* a case's attachments together, in MiB */
	/* [retention]: when closed cases are anonymised (domain/retention.h) */
	int retention_years[RETENTION_KINDS]; /* by kind, in retention_kinds' order */
	bool retention_auto_apply;       /* the daily job anonymises without a confirmation */
};

void config_defaults(struct config *c);
/* Sets one setting by its name ("listen", "db", ...). On a bad value writes a message to err. */
enum ura_status config_set(struct config *c, const char *name, const char *value, char *err,
			   size_t errlen);
/* Applies an INI file ([server] listen threads workers https ..., [database] path key,
 * [security] trusted_proxies totp_required_roles ...). */
enum ura_status config_load_ini_file(struct config *c, const char *path, char *err, size_t errlen);
enum ura_status config_load_ini_string(struct config *c, const char *text, char *err, size_t errlen);
/* Applies URA_DB, URA_KEY, URA_LISTEN, ... from `getenv`-like lookup (tests pass their own). */
enum ura_status config_load_env(struct config *c, const char *(*lookup)(const char *name),
				char *err, size_t errlen);
/* The key file in use: c->key, or "<db>.key" when unset. */
/* Every setting in the order of its table (sections together): its INI section and key, its
 * environment variable, and its value in `c` as the INI file would write it. */
void config_each(const struct config *c,
		 void (*fn)(const char *section, const char *key, const char *env,
			    const char *value, void *ctx),
		 void *ctx);
const char *config_key_path(const struct config *c, char *buf, size_t len);
/* Splits c->listen into address and port. */
bool config_listen_parts(const struct config *c, char *addr, size_t addrlen, unsigned *port);

#endif
