/*
 * The in-process Ura of the database-backed fuzz harnesses (see fuzz_app.h): the demo store
 * in a temporary directory, an API token per demo user, and requests run through
 * api_dispatch exactly as the worker pool of src/http/server.c runs them.
 */
#include "fuzz_app.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/app.h"
#include "cli/cli.h"
#include "core/clock.h"
#include "core/log.h"
#include "crypt/crypt.h"
#include "crypt/field.h"
#include "http/metrics.h"

/* 2026-11-23T09:30:00Z, the API tests' T0. */
#define FUZZ_NOW INT64_C(1795426200)
#define TOKEN_LIFE (30 * 86400)

/* The demo account behind each fuzz_who (src/cli/demo.c). */
static const char *const usernames[FUZZ_NWHO] = {
	[FUZZ_ADMIN] = "admin", [FUZZ_COORDINATOR] = "koordinatorja",
	[FUZZ_MANAGER] = "menaxheri", [FUZZ_CASEWORKER] = "punonjesi",
	[FUZZ_SHELTER] = "strehimi", [FUZZ_SOCIAL] = "sociale", [FUZZ_NATIONAL] = "kombetar",
	[FUZZ_AUDITOR] = "auditori",
};

static struct {
	bool ready;
	char dir[512];
	struct config config;
	struct keys keys;
	struct app app;
	struct fuzz_ids ids;
	char tokens[FUZZ_NWHO][TOKEN_TEXT_LEN + 1];
	struct {
		int64_t id, institution_id;
		enum role role;
	} users[FUZZ_NWHO]; /* the accounts as they were after set-up */
	unsigned long calls;
	bool trace; /* FUZZ_APP_TRACE=1: one line per request on stderr (to check seeds) */
} fx;

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_app: %s\n", what);
	abort();
}

/* The path of `name` in the fixture's directory; a ring of buffers lets two be used at once. */
static const char *
dir_file(const char *name)
{
	static char paths[2][640];
	static int next;
	char *path = paths[next++ % 2];

	snprintf(path, sizeof(paths[0]), "%s/%s", fx.dir, name);
	return path;
}

static void
remove_fixture(void)
{
	static const char *const files[] = { "ura.db", "ura.db-wal", "ura.db-shm", "ura.db.key",
					     "pristine.db" };

	if (fx.app.store != NULL)
		store_close(fx.app.store);
	fx.app.store = NULL;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		unlink(dir_file(files[i]));
	rmdir(fx.dir);
}

static void
copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n;

	if (in < 0 || out < 0)
		die("cannot copy the pristine database");
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			die("cannot copy the pristine database");
	close(in);
	close(out);
}

/* `ura demo`, with its account list (passwords) kept off the fuzzer's output. */
static void
make_demo(void)
{
	struct cli c = { 0 };
	int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);
	int rc;

	c.config = fx.config;
	fflush(stdout);
	dup2(null, STDOUT_FILENO);
	rc = cmd_demo(&c);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	if (rc != 0)
		die("ura demo failed");
}

struct token_job {
	int64_t user_id;
	unsigned char hash[TOKEN_HASH_LEN];
};

static enum ura_status
token_fn(struct db *db, void *ctx)
{
	struct token_job *t = ctx;
	int64_t id;

	return store_token_insert(db, t->user_id, "fuzz", t->hash, clock_now(),
				  clock_now() + TOKEN_LIFE, &id);
}

/* A token for every demo account, the account's row remembered for fixture_intact. */
static void
make_tokens(void)
{
	struct db *db = store_reader(fx.app.store);
	struct arena a;

	arena_init(&a);
	for (int w = FUZZ_ADMIN; w < FUZZ_NWHO; w++) {
		struct token_job t;
		struct user u;
		const char *hash;

		if (db == NULL || store_user_for_sign_in(db, &a, usernames[w], &u, &hash) != URA_OK)
			die("a demo account is missing");
		fx.users[w].id = u.id;
		fx.users[w].institution_id = u.institution_id;
		fx.users[w].role = u.role;
		t.user_id = u.id;
		token_new(fx.tokens[w]);
		token_hash(fx.tokens[w], strlen(fx.tokens[w]), t.hash);
		if (store_write(fx.app.store, token_fn, &t) != URA_OK)
			die("cannot create a token");
	}
	arena_free(&a);
}

static void
open_store(void)
{
	if ((fx.app.store = cli_open_store(&fx.config, false)) == NULL)
		die("cannot open the fixture database");
}

/* ---- requests ---- */

static void
add_pair(struct request *r, struct pair *pairs, int *n, const char *name, size_t nlen,
	 const char *value, size_t vlen)
{
	if (*n == REQUEST_PAIRS_MAX) {
		r->too_many_pairs = true; /* as src/http/server.c's collect_pair */
		return;
	}
	pairs[*n].name = arena_strndup(&r->arena, name, nlen);
	pairs[*n].value = arena_strndup(&r->arena, value, vlen);
	(*n)++;
}

/* "a=1&b=2" into r->query (no percent-decoding: the fuzzer gives the decoded bytes). */
static void
add_query(struct request *r, const char *query)
{
	while (query != NULL && *query != '\0') {
		const char *amp = strchr(query, '&'), *eq;
		size_t len = amp ? (size_t)(amp - query) : strlen(query);

		eq = memchr(query, '=', len);
		if (eq != NULL)
			add_pair(r, r->query, &r->nquery, query, (size_t)(eq - query), eq + 1,
				 len - (size_t)(eq - query) - 1);
		else
			add_pair(r, r->query, &r->nquery, query, len, "", 0);
		query = amp ? amp + 1 : NULL;
	}
}

/* Aborts (so the fuzzer keeps the input) when a reply breaks what every reply must be. */
static void
check_reply(const struct request *r, const char *method)
{
	const char *why = NULL;

	if (!r->replied)
		why = "no reply";
	else if (r->status < 200 || r->status > 599)
		why = "a status out of range";
	else if (r->status == 500)
		why = "500: an internal error on a request the fuzzer made";
	else if (r->content_type != NULL && strstr(r->content_type, "json") != NULL &&
		 r->reply_len > 0) {
		json_t *v = json_loadb(r->reply_body, r->reply_len, 0, NULL);
		if (v == NULL)
			why = "a JSON reply that does not parse";
		json_decref(v);
	}
	if (why == NULL)
		return;
	fprintf(stderr, "fuzz_app: %s %s -> %d: %s\n%.*s\n", method, r->path, r->status, why,
		(int)(r->reply_len < 2000 ? r->reply_len : 2000),
		r->reply_body ? r->reply_body : "");
	abort();
}

/* Runs one request; *reply (when not NULL) gets the parsed JSON reply, or NULL. */
static int
run(enum fuzz_who who, const char *method, const char *path, const char *query,
    const struct fuzz_header *headers, int nheaders, const char *body, size_t len,
    json_t **reply)
{
	struct request r = { 0 };
	const char *bearer;
	int status;

	arena_init(&r.arena);
	r.app = &fx.app;
	r.method = http_method_parse(method);
	r.path = arena_strdup(&r.arena, path);
	r.route_index = -1;
	snprintf(r.request_id, sizeof(r.request_id), "fuzz%lu", fx.calls);
	snprintf(r.client_addr, sizeof(r.client_addr), "127.0.0.1");
	/* The harness's headers first: req_header finds the first of a name. */
	for (int i = 0; i < nheaders; i++)
		add_pair(&r, r.headers, &r.nheaders, headers[i].name, strlen(headers[i].name),
			 headers[i].value, strlen(headers[i].value));
	add_pair(&r, r.headers, &r.nheaders, "Content-Type", 12, "application/json", 16);
	if (who != FUZZ_ANONYMOUS) {
		bearer = arena_printf(&r.arena, "Bearer %s", fx.tokens[who]);
		add_pair(&r, r.headers, &r.nheaders, "Authorization", 13, bearer, strlen(bearer));
	}
	add_query(&r, query);
	r.lang = lang_from_accept_language(req_header(&r, "Accept-Language"));
	if (len > 0) {
		r.body = xmalloc(len + 1);
		memcpy(r.body, body, len);
		r.body[len] = '\0';
		r.body_len = len;
		r.body_cap = len + 1;
	}
	(void)api_lane(&r); /* the event thread asks first where it runs, then the dispatch */
	api_dispatch(&r);
	check_reply(&r, method);
	status = r.status;
	if (fx.trace)
		fprintf(stderr, "fuzz_app: %s %s -> %d %.*s\n", method, r.path, status,
			(int)(r.reply_len < 300 ? r.reply_len : 300),
			r.reply_body ? r.reply_body : "");
	if (reply != NULL)
		*reply = r.reply_len > 0 ? json_loadb(r.reply_body, r.reply_len, 0, NULL) : NULL;
	json_decref(r.json);
	free(r.body);
	arena_free(&r.arena);
	return status;
}

/* ---- the fixture ---- */

/* A set-up request that must answer `want`; returns the reply's "id" (0 when none). */
static int64_t
setup_call(enum fuzz_who who, const char *method, const char *path, const char *body, int want,
	   json_t **keep)
{
	json_t *reply = NULL;
	int status = run(who, method, path, NULL, NULL, 0, body, body ? strlen(body) : 0, &reply);
	int64_t id = json_integer_value(json_object_get(reply, "id"));

	if (status != want) {
		char *text = reply ? json_dumps(reply, 0) : NULL;
		fprintf(stderr, "fuzz_app: set-up %s %s -> %d\n%s\n", method, path, status,
			text ? text : "");
		die("the fixture could not be built");
	}
	if (keep != NULL)
		*keep = reply;
	else
		json_decref(reply);
	return id;
}

/* The institution of the fixture of `type`, from GET /institutions. */
static int64_t
institution_of_type(json_t *list, const char *type)
{
	json_t *item;
	size_t i;

	json_array_foreach(json_object_get(list, "items"), i, item)
		if (strcmp(json_string_value(json_object_get(item, "type")), type) == 0)
			return json_integer_value(json_object_get(item, "id"));
	die(type);
	return 0;
}

static void
make_objects(void)
{
	json_t *list = NULL;
	char body[2048];

	setup_call(FUZZ_ADMIN, "GET", "/api/v1/institutions", NULL, 200, &list);
	fx.ids.police = institution_of_type(list, "police");
	fx.ids.shelter = institution_of_type(list, "shelter");
	fx.ids.social = institution_of_type(list, "social_services");
	fx.ids.court = institution_of_type(list, "court");
	json_decref(list);
	fx.ids.mechanism = 1;
	snprintf(body, sizeof(body),
		"{\"kind\":\"domestic_violence\",\"mechanism_id\":%lld,"
		"\"survivor\":{\"given_name\":\"Drita\",\"family_name\":\"Fuzzi\",\"sex\":\"female\","
		"\"date_of_birth\":\"1990-04-02\",\"phone\":\"+355 69 000 0001\","
		"\"address\":\"Rruga e Provës 1\",\"municipality_id\":1},"
		"\"children\":[{\"given_name\":\"Ana\",\"date_of_birth\":\"2018-01-05\","
		"\"sex\":\"female\"}],"
		"\"perpetrator\":{\"given_name\":\"Arben\",\"family_name\":\"Fuzzi\","
		"\"relationship\":\"spouse\"},"
		"\"incident\":{\"occurred_on\":\"2026-11-20\",\"forms\":[\"physical\"],"
		"\"place\":\"home\",\"narrative\":\"A set-up case for the fuzzers.\",\"bias\":[]},"
		"\"consent\":{\"given\":true,\"method\":\"written\","
		"\"institution_types\":[\"police\",\"social_services\",\"shelter\",\"court\"],"
		"\"categories\":[\"identity\",\"contact\",\"incident\",\"risk\",\"children\"]}}",
		(long long)fx.ids.mechanism);
	fx.ids.case_id = setup_call(FUZZ_CASEWORKER, "POST", "/api/v1/cases", body, 201, NULL);
	snprintf(body, sizeof(body),
		"{\"to_institution_id\":%lld,\"service\":\"shelter\",\"urgency\":\"urgent\","
		"\"reason\":\"A safe place tonight\",\"share\":[\"identity\",\"contact\"]}",
		(long long)fx.ids.shelter);
	fx.ids.referral = setup_call(FUZZ_CASEWORKER, "POST",
				     fuzz_path("/api/v1/cases/%lld/referrals", (long long)fx.ids.case_id),
				     body, 201, NULL);
	fx.ids.meeting = setup_call(FUZZ_COORDINATOR, "POST",
		fuzz_path("/api/v1/mechanisms/%lld/meetings", (long long)fx.ids.mechanism),
		"{\"kind\":\"regular\",\"scheduled_at\":\"2026-12-01T09:00:00Z\","
		"\"place\":\"Bashkia Korçë\"}", 201, NULL);
}

/* Every fixture token still signs in its user, unchanged (role, institution, active). */
static bool
fixture_intact(void)
{
	struct db *db = store_reader(fx.app.store);
	struct arena a;
	bool ok = db != NULL;

	arena_init(&a);
	for (int w = FUZZ_ADMIN; ok && w < FUZZ_NWHO; w++) {
		unsigned char h[TOKEN_HASH_LEN];
		struct user u;
		int64_t token_id;

		token_hash(fx.tokens[w], strlen(fx.tokens[w]), h);
		ok = store_token_find(db, &a, h, clock_now(), &token_id, &u) == URA_OK &&
		     u.id == fx.users[w].id && u.role == fx.users[w].role &&
		     u.institution_id == fx.users[w].institution_id && u.active;
	}
	arena_free(&a);
	return ok;
}

/* Puts the pristine copy back and reopens it. */
static void
fixture_reset(void)
{
	store_close(fx.app.store);
	fx.app.store = NULL;
	unlink(dir_file("ura.db-wal"));
	unlink(dir_file("ura.db-shm"));
	copy_file(dir_file("pristine.db"), dir_file("ura.db"));
	open_store();
}

const struct fuzz_ids *
fuzz_app_init(void)
{
	const char *tmp = getenv("TMPDIR");

	if (fx.ready)
		return &fx.ids;
	log_set_level(LOG_ERROR);
	fx.trace = getenv("FUZZ_APP_TRACE") != NULL;
	clock_fix(FUZZ_NOW);
	if (!crypt_init(1))
		die("libsodium failed to start");
	snprintf(fx.dir, sizeof(fx.dir), "%s/ura-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(fx.dir) == NULL)
		die("cannot make a temporary directory");
	atexit(remove_fixture);
	config_defaults(&fx.config);
	snprintf(fx.config.db, sizeof(fx.config.db), "%s", dir_file("ura.db"));
	/* The fixture's accounts sign in with a password only: the second factor has its own tests. */
	snprintf(fx.config.totp_required_roles, sizeof(fx.config.totp_required_roles), "none");
	/* The cheapest password hash the settings allow (as the API tests use): hashing the demo's
	 * accounts at full cost under ASan took most of a replay's time limit on a busy machine,
	 * and what the harnesses look for is in request handling, not in argon2. */
	fx.config.password_hash_memory_kib = 1024;
	fx.config.password_hash_passes = 1;
	if (!crypt_password_cost(1024, 1))
		die("libsodium failed to start");
	make_demo();
	open_store();
	if (cli_load_keys(fx.app.store, &fx.config, &fx.keys) != URA_OK)
		die("cannot load the data key");
	fx.app.config = &fx.config;
	fx.app.keys = &fx.keys;
	metrics_init(api_nroutes);
	make_tokens();
	make_objects();
	store_close(fx.app.store);
	copy_file(dir_file("ura.db"), dir_file("pristine.db"));
	open_store();
	fx.ready = true;
	return &fx.ids;
}

int
fuzz_app_call(enum fuzz_who who, const char *method, const char *path, const char *query,
	      const struct fuzz_header *headers, int nheaders, const char *body,
	      size_t body_len)
{
	int status;

	fuzz_app_init();
	if (++fx.calls % FUZZ_APP_RESET_EVERY == 0)
		fixture_reset();
	status = run(who, method, path, query, headers, nheaders, body, body_len, NULL);
	if (strcmp(method, "GET") != 0 && status < 300 && !fixture_intact())
		fixture_reset();
	return status;
}

int64_t
fuzz_app_case_version(int64_t case_id)
{
	struct db *db = store_reader(fx.app.store);
	struct case_row row;
	struct arena a;
	int64_t version = 0;

	arena_init(&a);
	if (db != NULL && store_case_get(db, &a, case_id, &row) == URA_OK)
		version = row.version;
	arena_free(&a);
	return version;
}

const char *
fuzz_path(const char *fmt, ...)
{
	static char path[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return path;
}
