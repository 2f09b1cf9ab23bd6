/* `ura serve`: open the store, start the HTTP server, run until SIGINT or SIGTERM. */
#include <errno.h>
#include <malloc.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/app.h"
#include "api/session_cache.h"
#include "api/upload.h"
#include "cli/cli.h"
#include "jobs/attachment_sweep.h"
#include "jobs/deadlines.h"
#include "jobs/mailer.h"
#include "jobs/periodic.h"
#include "jobs/reindex.h"
#include "jobs/retention.h"
#include "core/log.h"
#include "crypt/field.h"
#include "http/limits.h"
#include "http/metrics.h"
#include "http/server.h"
#include "store/attachments.h"

static void
warn_file_mode(const char *line, void *cls)
{
	(void)cls;
	log_event(LOG_WARN, "file_mode", "problem=\"%s\"", line);
}

/*
 * Opens the store and makes it ready to serve: capped in size, its key checked (a misplaced
 * key file fails now, not at a case read), file modes and the password cost warned about,
 * old cases indexed for search. 0, or 1 with the store closed and the keys wiped.
 */
static int
serve_open(struct cli *c, struct app *app, struct keys *keys)
{
	char err[512];
	int64_t reindexed;

	if ((app->store = cli_open_store(&c->config, false)) == NULL)
		return 1;
	if (c->config.db_max_size_mb > 0 &&
	    store_cap_size(app->store, c->config.db_max_size_mb) != URA_OK) {
		fprintf(stderr, "ura: could not cap the database at %d MiB\n",
			c->config.db_max_size_mb);
		store_close(app->store);
		return 1;
	}
	if (cli_load_keys(app->store, &c->config, keys) != URA_OK) {
		store_close(app->store);
		return 1;
	}
	app->keys = keys;
	/* Attachments' bytes: SQLite's directory beside the database (store/attachments.h). */
	if ((app->files = attachment_files_open(c->config.db, err, sizeof(err))) == NULL) {
		fprintf(stderr, "ura: %s\n", err);
		store_close(app->store);
		keys_wipe(keys);
		return 1;
	}
	cli_check_file_modes(&c->config, warn_file_mode, NULL);
	if ((unsigned)c->config.password_hash_memory_kib < CRYPT_PASSWORD_MEMORY_KIB_DEFAULT ||
	    (unsigned)c->config.password_hash_passes < CRYPT_PASSWORD_PASSES_DEFAULT)
		log_event(LOG_WARN, "password_hash_cost", "memory_kib=%d passes=%d below=%s",
			  c->config.password_hash_memory_kib, c->config.password_hash_passes,
			  "owasp_minimum");
	/* Cases older than the name-only blind index get it before anyone searches. */
	if (reindex_cases(app->store, keys, &reindexed) != URA_OK) {
		fprintf(stderr, "ura: could not index the cases for search\n");
		attachment_files_close(app->files);
		store_close(app->store);
		keys_wipe(keys);
		return 1;
	}
	return 0;
}

struct jobs {
	struct deadline_scanner *scanner;
	struct attachment_sweep *sweep;
	struct periodic *mailer;
	struct retention_job *retention;
	atomic_int first_rounds; /* of the scanner, the sweep and retention, still running */
};

/* The second line on stdout, after the listening one (the jobs start once it is out): what
 * was due at start has been notified and the attachments' files swept (the first rounds of
 * the scanner, of the sweep and of retention have all ended; tests that move the clock wait
 * for it, nothing else needs to). */
static void
first_round_done(void *ctx)
{
	struct jobs *j = ctx;

	if (atomic_fetch_sub(&j->first_rounds, 1) != 1)
		return;
	printf("ura: deadlines scanned\n");
	fflush(stdout);
}

/* How long the jobs wait for the first answer before they start anyway (no probe asks). */
#define JOBS_WAIT_MS 1000

static void
post_first_answer(void *ctx)
{
	sem_post(ctx);
}

/*
 * Until the server has answered its first request (a readiness probe's, as a rule), or for
 * JOBS_WAIT_MS at most. The jobs' first rounds open their own database connections, each a
 * new server process on PostgreSQL, at once: started with the listening line, they took the
 * CPU from the first /readyz (35 ms of its 110 ms at 200,000 cases; issue 15). Nothing a
 * request needs waits for them.
 */
static void
await_first_answer(sem_t *answered)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += (long)JOBS_WAIT_MS % 1000 * 1000000;
	until.tv_sec += JOBS_WAIT_MS / 1000 + until.tv_nsec / 1000000000;
	until.tv_nsec %= 1000000000;
	while (sem_timedwait(answered, &until) != 0 && errno == EINTR)
		;
}

/* The background jobs; false (none left running) when one cannot start. */
static bool
jobs_start(struct store *s, const struct attachment_files *files, const struct config *cfg,
	   struct jobs *j)
{
	bool mailer_failed;

	/* The first deadline scan, sweep and retention round run on their threads while the
	 * server answers: their time grows with the data, the time to ready must not. */
	atomic_init(&j->first_rounds, 3);
	periodic_background_nice(cfg->jobs_nice);
	if ((j->scanner = deadline_scanner_start(s, first_round_done, j)) == NULL) {
		fprintf(stderr, "ura: could not start the deadline scanner\n");
		return false;
	}
	if ((j->sweep = attachment_sweep_start(s, files, first_round_done, j)) == NULL) {
		fprintf(stderr, "ura: could not start the attachments' sweep\n");
		deadline_scanner_stop(j->scanner);
		return false;
	}
	/* E-mails go out from their own thread, only when an SMTP host is set. */
	j->mailer = mailer_start(s, cfg, &mailer_failed);
	if (mailer_failed) {
		fprintf(stderr, "ura: could not start the mailer\n");
		attachment_sweep_stop(j->sweep);
		deadline_scanner_stop(j->scanner);
		return false;
	}
	/* Retention looks at start and once a day (jobs/retention.h). */
	if ((j->retention = retention_job_start(s, files, cfg, first_round_done, j)) == NULL) {
		fprintf(stderr, "ura: could not start the retention job\n");
		mailer_stop(j->mailer);
		attachment_sweep_stop(j->sweep);
		deadline_scanner_stop(j->scanner);
		return false;
	}
	return true;
}

/* The scanner first: it ends at its next step. Stopped last, its steps went on (on the writer,
 * at the normal priority) while the stop waited for retention's chunk under way, which they
 * slowed down at nice 19: seconds at 1 M cases. */
static void
jobs_stop(struct jobs *j)
{
	deadline_scanner_stop(j->scanner);
	attachment_sweep_stop(j->sweep);
	mailer_stop(j->mailer);
	retention_job_stop(j->retention);
}

/*
 * glibc gives a thread's heap back to the kernel (madvise) whenever more than 128 KiB is free
 * at its top. SQLite's readers free their whole page cache each time a commit lands (every
 * audited read commits), so each request freed and refaulted hundreds of KiB, and every
 * madvise flushed the TLB on both cores: 40 % of an audited read's CPU (issue 15). A fixed
 * 1 MiB keeps a request's worth of pages in each heap.
 */
static void
heap_keep(void)
{
	mallopt(M_TRIM_THRESHOLD, 1 << 20);
}

/* What serve_open opened, closed; the keys wiped. */
static void
serve_close(struct app *app, struct keys *keys)
{
	attachment_files_close(app->files);
	store_close(app->store);
	keys_wipe(keys);
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
	static const struct server_handlers handlers = { api_lane, api_dispatch, api_body_sink };
	struct app app = { .config = &c->config };
	struct keys keys;
	char address[128], err[512];
	struct server *srv;
	struct jobs jobs;
	sem_t answered;
	unsigned port;
	sigset_t stop;
	int sig;

	if (!config_listen_parts(&c->config, address, sizeof(address), &o.port)) {
		fprintf(stderr, "ura: --listen wants ADDRESS:PORT, not '%s'\n", c->config.listen);
		return 2;
	}
	o.address = address;
	heap_keep();
	if (serve_open(c, &app, &keys) != 0)
		return 1;
	/* The main thread reads no more: its connection serves the first request. */
	store_reader_hand_back(app.store);
	sem_init(&answered, 0, 0);
	app.first_answered = post_first_answer;
	app.first_answered_ctx = &answered;
	metrics_init(api_nroutes);
	if ((srv = server_start(&o, &handlers, &app, &port, err, sizeof(err))) == NULL) {
		fprintf(stderr, "ura: %s\n", err);
		metrics_free();
		serve_close(&app, &keys);
		return 1;
	}
	printf(strchr(address, ':') ? "ura: listening on http://[%s]:%u\n" : "ura: listening on http://%s:%u\n", address, port);
	fflush(stdout);
	log_event(LOG_INFO, "serve", "address=%s port=%u workers=%d", address, port, o.workers);
	/* The jobs once the server answers (issue 15): their threads, starting and first rounds
	 * (which grow with the data) take none of the time to listening or to the first answer,
	 * and run below the requests' priority after it (jobs/periodic.h). */
	await_first_answer(&answered);
	if (!jobs_start(app.store, app.files, &c->config, &jobs)) {
		server_stop(srv);
		sem_destroy(&answered);
		metrics_free();
		serve_close(&app, &keys);
		return 1;
	}

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigwait(&stop, &sig);
	log_event(LOG_INFO, "shutdown", "signal=%d", sig);
	server_stop(srv);
	sem_destroy(&answered);
	jobs_stop(&jobs);
	serve_close(&app, &keys);
	metrics_free();
	session_cache_clear();
	return 0;
}
