/* `ura serve`: open the store, start the HTTP server, run until SIGINT or SIGTERM. */
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "cli/cli.h"
#include "jobs/deadlines.h"
#include "jobs/mailer.h"
#include "jobs/reindex.h"
#include "core/log.h"
#include "crypt/field.h"
#include "http/limits.h"
#include "http/metrics.h"
#include "http/server.h"

static void
warn_file_mode(const char *line, void *cls)
{
	(void)cls;
	log_event(LOG_WARN, "file_mode", "problem=\"%s\"", line);
}

int
cmd_serve(struct cli *c)
{
	struct server_options o = { .workers = c->config.workers, .threads = c->config.threads,
				    .connection_limit = c->config.connection_limit,
				    .per_address_limit = c->config.connections_per_address,
				    .connection_timeout = c->config.connection_timeout,
				    .request_timeout = c->config.request_timeout,
				    .hash_workers = c->config.hash_workers,
				    .hash_queue = c->config.hash_queue,
				    .hash_gate = getenv("URA_TEST_HASH_GATE"),
				    .body_limit = LIMIT_BODY_BYTES };
	struct app app = { .config = &c->config };
	struct keys keys;
	char address[128], err[512];
	struct server *srv;
	struct periodic *scanner, *mailer;
	bool mailer_failed;
	unsigned port;
	int64_t reindexed;
	sigset_t stop;
	int sig;

	if (!config_listen_parts(&c->config, address, sizeof(address), &o.port)) {
		fprintf(stderr, "ura: --listen wants ADDRESS:PORT, not '%s'\n", c->config.listen);
		return 2;
	}
	o.address = address;
	if ((app.store = cli_open_store(&c->config, false)) == NULL)
		return 1;
	if (c->config.db_max_size_mb > 0 &&
	    store_cap_size(app.store, c->config.db_max_size_mb) != URA_OK) {
		fprintf(stderr, "ura: could not cap the database at %d MiB\n",
			c->config.db_max_size_mb);
		store_close(app.store);
		return 1;
	}
	/* The key is checked at start, so a misplaced key file fails now, not at a case read. */
	if (cli_load_keys(app.store, &c->config, &keys) != URA_OK) {
		store_close(app.store);
		return 1;
	}
	app.keys = &keys;
	cli_check_file_modes(&c->config, warn_file_mode, NULL);
	if ((unsigned)c->config.password_hash_memory_kib < CRYPT_PASSWORD_MEMORY_KIB_DEFAULT ||
	    (unsigned)c->config.password_hash_passes < CRYPT_PASSWORD_PASSES_DEFAULT)
		log_event(LOG_WARN, "password_hash_cost", "memory_kib=%d passes=%d below=%s",
			  c->config.password_hash_memory_kib, c->config.password_hash_passes,
			  "owasp_minimum");
	/* Cases older than the name-only blind index get it before anyone searches. */
	if (reindex_cases(app.store, &keys, &reindexed) != URA_OK) {
		fprintf(stderr, "ura: could not index the cases for search\n");
		store_close(app.store);
		keys_wipe(&keys);
		return 1;
	}
	/* Deadlines are scanned before the server answers, so it never shows a stale state. */
	if ((scanner = deadline_scanner_start(app.store)) == NULL) {
		fprintf(stderr, "ura: could not start the deadline scanner\n");
		store_close(app.store);
		keys_wipe(&keys);
		return 1;
	}
	/* E-mails go out from their own thread, only when an SMTP host is set. */
	mailer = mailer_start(app.store, &c->config, &mailer_failed);
	if (mailer_failed) {
		fprintf(stderr, "ura: could not start the mailer\n");
		deadline_scanner_stop(scanner);
		store_close(app.store);
		keys_wipe(&keys);
		return 1;
	}
	metrics_init(api_nroutes);
	static const struct server_handlers handlers = { api_lane, api_dispatch };

	srv = server_start(&o, &handlers, &app, &port, err, sizeof(err));
	if (srv == NULL) {
		fprintf(stderr, "ura: %s\n", err);
		mailer_stop(mailer);
		deadline_scanner_stop(scanner);
		store_close(app.store);
		keys_wipe(&keys);
		metrics_free();
		return 1;
	}
	printf(strchr(address, ':') ? "ura: listening on http://[%s]:%u\n" : "ura: listening on http://%s:%u\n", address, port);
	fflush(stdout);
	log_event(LOG_INFO, "serve", "address=%s port=%u workers=%d", address, port, o.workers);

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigwait(&stop, &sig);
	log_event(LOG_INFO, "shutdown", "signal=%d", sig);
	server_stop(srv);
	mailer_stop(mailer);
	deadline_scanner_stop(scanner);
	store_close(app.store);
	keys_wipe(&keys);
	metrics_free();
	return 0;
}
