/*
 * The demo's casework, so that a caseworker who signs in to `ura demo` finds a caseload, not
 * an empty screen: three cases of fictional survivors, with referrals between the demo's
 * institutions in each state, a risk assessment, protection orders, a case-plan action and
 * a note. Each step is a request to the API's own handlers, run in-process as the demo user
 * who would make it (no HTTP, no session), so the demo's data pass every rule, are encrypted,
 * indexed, audited and notified exactly as a user's would be. The clock is set back for the
 * steps that happened days ago, so deadlines fall where a real caseload has them.
 */
#include <stdio.h>
#include <string.h>

#include "api/app.h"
#include "cli/demo.h"
#include "core/clock.h"
#include "domain/clocks.h"
#include "http/router.h"

#define DAY (24 * 3600)

struct demo_run {
	struct app *app;
	const struct demo_people *people;
	int64_t base; /* "now" when the demo is made */
	bool failed;
};

/* "path?name=value&…": the path, and the pairs as the request's query (no escapes). */
static void
split_query(struct request *r, const char *path)
{
	char *copy = arena_strdup(&r->arena, path), *query = strchr(copy, '?'), *pair;

	r->path = copy;
	if (query == NULL)
		return;
	*query++ = '\0';
	while ((pair = strsep(&query, "&")) != NULL && r->nquery < REQUEST_PAIRS_MAX) {
		char *value = strchr(pair, '=');
		if (value != NULL)
			*value++ = '\0';
		r->query[r->nquery++] = (struct pair){ pair, value ? value : "" };
	}
}

/* Runs one request as `who` at base + `offset` seconds (with If-Match: `etag` unless NULL);
 * returns the answer (the caller decrefs) when its status is `expect`, else NULL (and the
 * demo fails). `body` is consumed. */
static json_t *
call_if(struct demo_run *d, int64_t who, int64_t offset, enum http_method m, const char *path,
	json_t *body, const char *etag, int expect)
{
	struct request r = { .app = d->app, .method = m, .path = path, .lang = LANG_SQ,
			     .route_index = -1, .signed_in = true, .json = body };
	char allow[64];
	json_t *answer = NULL;

	if (d->failed) {
		json_decref(body);
		return NULL;
	}
	arena_init(&r.arena);
	split_query(&r, path);
	snprintf(r.request_id, sizeof(r.request_id), "demo");
	if (etag != NULL)
		r.headers[r.nheaders++] = (struct pair){ "If-Match", etag };
	clock_fix(d->base + offset);
	if (store_user_by_id(store_reader(d->app->store), &r.arena, who, &r.caller.user) == URA_OK &&
	    router_match(api_routes, api_nroutes, &r, allow, sizeof(allow)) == ROUTE_FOUND)
		r.route->handler(&r);
	if (r.replied && r.status == expect)
		answer = json_loadb(r.reply_body, r.reply_len, 0, NULL);
	if (answer == NULL) {
		fprintf(stderr, "ura: demo: %s %s answered %d: %.*s\n", http_method_name(m), path,
			r.status, (int)r.reply_len, r.reply_body ? r.reply_body : "");
		d->failed = true;
	}
	json_decref(r.json);
	arena_free(&r.arena);
	return answer;
}

static json_t *
call(struct demo_run *d, int64_t who, int64_t offset, enum http_method m, const char *path,
     json_t *body, int expect)
{
	return call_if(d, who, offset, m, path, body, NULL, expect);
}

/* PATCH /cases/{id} as its editor would: the version just read in If-Match. */
static void
case_patch(struct demo_run *d, int64_t who, int64_t offset, int64_t case_id, json_t *body)
{
	char path[64], etag[32];
	json_t *current;

	snprintf(path, sizeof(path), "/api/v1/cases/%lld", (long long)case_id);
	current = call(d, who, offset, HTTP_GET, path, NULL, 200);
	snprintf(etag, sizeof(etag), "\"%lld\"",
		 (long long)json_integer_value(json_object_get(current, "version")));
	json_decref(current);
	json_decref(call_if(d, who, offset, HTTP_PATCH, path, body, etag, 200));
}

/* The id in an answer (the answer is released). */
static int64_t
id_of(json_t *answer)
{
	int64_t id = json_integer_value(json_object_get(answer, "id"));

	json_decref(answer);
	return id;
}

static const char *
date_at(struct demo_run *d, int64_t offset, char *buf)
{
	clocks_date_format(d->base + offset, buf, 11);
	return buf;
}

/* Posts to /cases/{id}/<what>; the new object's id. */
static int64_t
post_on_case(struct demo_run *d, int64_t who, int64_t offset, int64_t case_id,
	     const char *what, json_t *body)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/cases/%lld/%s", (long long)case_id, what);
	return id_of(call(d, who, offset, HTTP_POST, path, body, 201));
}

/* Moves a referral (accept, start, complete, decline) as its recipient. */
static void
referral_step(struct demo_run *d, int64_t who, int64_t offset, int64_t referral,
	      const char *step, json_t *body)
{
	char path[96];

	snprintf(path, sizeof(path), "/api/v1/referrals/%lld/%s", (long long)referral, step);
	json_decref(call(d, who, offset, HTTP_POST, path, body, 200));
}

static int64_t
refer(struct demo_run *d, int64_t who, int64_t offset, int64_t case_id, int64_t to,
      const char *service, const char *urgency, const char *share, const char *reason)
{
	return post_on_case(d, who, offset, case_id, "referrals",
		json_pack("{s:I, s:s, s:s, s:o, s:s}", "to_institution_id", (json_int_t)to,
			  "service", service, "urgency", urgency, "share", json_loads(share, 0, NULL),
			  "reason", reason));
}

static int64_t
instrument_id(struct demo_run *d, int64_t who)
{
	json_t *list = call(d, who, 0, HTTP_GET, "/api/v1/instruments?kind=domestic_violence",
			    NULL, 200);
	int64_t id = json_integer_value(json_object_get(json_array_get(
		json_object_get(list, "items"), 0), "id"));

	json_decref(list);
	return id;
}

/* Elira: beaten at home in front of her daughter, high risk, in the shelter with an
 * immediate protection order; social services asked for economic aid yesterday. */
static void
case_elira(struct demo_run *d, int64_t mechanism)
{
	const struct demo_people *p = d->people;
	char day[4][11], path[64];
	int64_t id, referral, order, instrument = instrument_id(d, p->police_caseworker);

	id = id_of(call(d, p->police_caseworker, -6 * DAY, HTTP_POST, "/api/v1/cases", json_pack(
		"{s:s, s:I, s:b, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s},"
		" s:[{s:s, s:s, s:s}], s:{s:s, s:s, s:s, s:s},"
		" s:{s:s, s:[s, s], s:s, s:s}, s:{s:b, s:s, s:[s, s, s, s], s:[s, s, s, s]}}",
		"kind", "domestic_violence", "mechanism_id", (json_int_t)mechanism,
		"imminent_danger", true,
		"survivor", "given_name", "Elira", "family_name", "Dervishi", "sex", "female",
		"date_of_birth", "1991-03-14", "personal_number", "I15314077K",
		"phone", "+355 69 555 0142", "address", "Lagjja 5, Rruga Fan Noli 12, Korçë",
		"children", "given_name", "Sara", "date_of_birth", "2016-09-02", "sex", "female",
		"perpetrator", "given_name", "Artan", "family_name", "Dervishi",
		"relationship", "spouse", "date_of_birth", "1987-11-20",
		"incident", "occurred_on", date_at(d, -7 * DAY, day[0]), "forms", "physical",
		"psychological", "place", "home", "narrative",
		"Pas një grindjeje për para, bashkëshorti e goditi disa herë para vajzës dhe e "
		"kërcënoi se do ta vriste nëse largohej. Fqinjët njoftuan policinë.",
		"consent", "given", true, "method", "written", "institution_types", "shelter",
		"social_services", "health", "legal_aid", "categories", "identity", "contact",
		"incident", "children"), 201));
	post_on_case(d, p->police_caseworker, -6 * DAY + 3600, id, "assessments", json_pack(
		"{s:I, s:{s:b, s:b, s:b, s:b, s:b, s:b}}", "instrument", (json_int_t)instrument,
		"answers", "escalation", true, "threat_to_kill", true, "victim_fear", true,
		"separation", true, "jealousy_control", true, "substance_misuse", true));
	referral = refer(d, p->police_caseworker, -6 * DAY + 2 * 3600, id, p->shelter, "shelter",
			 "emergency", "[\"identity\",\"contact\",\"incident\",\"children\"]",
			 "Ka nevojë për strehim të sigurt sonte për vete dhe për vajzën.");
	referral_step(d, p->shelter_caseworker, -6 * DAY + 4 * 3600, referral, "accept", NULL);
	referral_step(d, p->shelter_caseworker, -5 * DAY, referral, "start", NULL);
	order = post_on_case(d, p->police_caseworker, -6 * DAY + 5 * 3600, id,
			     "protection-orders", json_pack("{s:s, s:s, s:I}", "type", "immediate",
			     "requested_on", date_at(d, -6 * DAY, day[1]),
			     "court_institution_id", (json_int_t)p->court));
	snprintf(path, sizeof(path), "/api/v1/protection-orders/%lld", (long long)order);
	date_at(d, -5 * DAY, day[2]);
	json_decref(call(d, p->police_caseworker, -5 * DAY, HTTP_PATCH, path, json_pack(
		"{s:s, s:s, s:s, s:s}", "decision", "granted", "decided_on", day[2],
		"valid_from", day[2], "valid_to", date_at(d, 25 * DAY, day[3])), 200));
	post_on_case(d, p->police_caseworker, -5 * DAY + 3600, id, "notes", json_pack(
		"{s:s, s:s}", "visibility", "involved", "body",
		"E shoqëruam në strehëz me patrullë. Kontakti me të vetëm përmes punonjëses së "
		"strehëzës; bashkëshorti nuk duhet të mësojë ku ndodhet."));
	refer(d, p->police_caseworker, -DAY, id, p->social, "economic_aid", "routine",
	      "[\"identity\",\"contact\"]",
	      "Pa të ardhura pas largimit nga shtëpia; kërkohet ndihmë ekonomike.");
	case_patch(d, p->police_manager, -DAY + 3600, id,
		   json_pack("{s:I}", "assigned_user_id", (json_int_t)p->police_caseworker));
}

/* Mirela: controlled and kept without money for years; social services found her housing,
 * free legal aid has not answered the referral in time, a safety-plan meeting is late. */
static void
case_mirela(struct demo_run *d, int64_t mechanism)
{
	const struct demo_people *p = d->people;
	char day[2][11];
	int64_t id, referral;

	id = id_of(call(d, p->police_caseworker, -20 * DAY, HTTP_POST, "/api/v1/cases", json_pack(
		"{s:s, s:I, s:{s:s, s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s},"
		" s:{s:s, s:[s, s], s:s, s:s}, s:{s:b, s:s, s:[s, s], s:[s, s, s]}}",
		"kind", "domestic_violence", "mechanism_id", (json_int_t)mechanism,
		"survivor", "given_name", "Mirela", "family_name", "Koçi", "sex", "female",
		"date_of_birth", "1985-06-30", "phone", "+355 68 555 0371",
		"perpetrator", "given_name", "Ilir", "family_name", "Koçi",
		"relationship", "former_spouse",
		"incident", "occurred_on", date_at(d, -21 * DAY, day[0]), "forms",
		"psychological", "economic", "place", "home", "narrative",
		"Ish-bashkëshorti i mban pagën dhe dokumentet, e ndjek dhe e fyen para fëmijëve.",
		"consent", "given", true, "method", "verbal", "institution_types",
		"social_services", "legal_aid", "categories", "identity", "contact", "incident"),
		201));
	refer(d, p->police_caseworker, -20 * DAY + 3600, id, p->legal_aid, "legal_aid",
	      "routine", "[\"identity\",\"incident\"]",
	      "Kërkon ndihmë për padinë e shkurorëzimit dhe kthimin e dokumenteve.");
	referral = refer(d, p->police_caseworker, -20 * DAY + 2 * 3600, id, p->social, "housing",
			 "urgent", "[\"identity\",\"contact\"]",
			 "Nuk ka ku të banojë me dy fëmijët pas largimit.");
	referral_step(d, p->social_caseworker, -19 * DAY, referral, "accept", NULL);
	referral_step(d, p->social_caseworker, -18 * DAY, referral, "start", NULL);
	referral_step(d, p->social_caseworker, -8 * DAY, referral, "complete",
		      json_pack("{s:s}", "outcome", "U sigurua banim social për 12 muaj."));
	post_on_case(d, p->police_caseworker, -15 * DAY, id, "actions", json_pack(
		"{s:s, s:I, s:s, s:s}", "title", "Takim me familjen për planin e sigurisë",
		"responsible_institution_id", (json_int_t)p->social, "kind", "safety_plan",
		"due_on", date_at(d, -3 * DAY, day[1])));
}

/* Drita: stalked online by a former partner; the shelter, where she came first, asked the
 * police for protection three days ago and is still waiting for an answer. */
static void
case_drita(struct demo_run *d, int64_t mechanism)
{
	const struct demo_people *p = d->people;
	char day[11];
	int64_t id;

	id = id_of(call(d, p->shelter_caseworker, -3 * DAY - 3 * 3600, HTTP_POST, "/api/v1/cases",
		json_pack("{s:s, s:I, s:{s:s, s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s},"
			  " s:{s:s, s:[s, s], s:s, s:s}, s:{s:b, s:s, s:[s], s:[s, s, s]}}",
		"kind", "domestic_violence", "mechanism_id", (json_int_t)mechanism,
		"survivor", "given_name", "Drita", "family_name", "Hoxha", "sex", "female",
		"date_of_birth", "1978-01-09", "phone", "+355 67 555 0918",
		"perpetrator", "given_name", "Gentian", "family_name", "Mema",
		"relationship", "former_partner",
		"incident", "occurred_on", date_at(d, -4 * DAY, day), "forms", "stalking",
		"psychological", "place", "online", "narrative",
		"Ish-partneri i dërgon dhjetëra mesazhe në ditë dhe e pret jashtë punës.",
		"consent", "given", true, "method", "written", "institution_types", "police",
		"categories", "identity", "contact", "incident"), 201));
	refer(d, p->shelter_caseworker, -3 * DAY - 2 * 3600, id, p->police, "police_protection",
	      "urgent",
	      "[\"identity\",\"contact\",\"incident\"]",
	      "Kërkohet masë mbrojtjeje: ish-partneri e pret çdo mbrëmje jashtë punës.");
}

bool
demo_cases_create(struct app *app, const struct demo_people *people, int64_t mechanism)
{
	struct demo_run d = { .app = app, .people = people, .base = clock_now() };

	case_mirela(&d, mechanism);
	case_elira(&d, mechanism);
	case_drita(&d, mechanism);
	clock_fix(d.base);
	return !d.failed;
}
