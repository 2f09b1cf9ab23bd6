/*
 * Trainings: POST /trainings records one with its participants counted by institution type
 * and sex; GET /trainings?mechanism_id=&from=&to= lists those the caller may see. Who may is
 * domain/plans' decision (training_write_check, training_scope_for); the totals of
 * participants are summed by the database, and a page's participants come in one query.
 */
#include "api/trainings.h"

#include "api/action_plans.h"
#include "api/app.h"
#include "api/input.h"
#include "core/clock.h"
#include "domain/plans.h"

static json_t *
training_json(const struct training_row *t)
{
	json_t *participants = json_array();

	for (int i = 0; i < t->nparticipants; i++)
		json_array_append_new(participants, json_pack("{s:s, s:I, s:I}",
			"institution_type", t->participants[i].institution_type,
			"women", (json_int_t)t->participants[i].women,
			"men", (json_int_t)t->participants[i].men));
	return json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:b, s:o, s:o, s:o, "
			 "s:{s:I, s:I}}",
		"id", (json_int_t)t->id,
		"mechanism_id", t->mechanism_id > 0 ? json_integer(t->mechanism_id) : json_null(),
		"title", t->title, "topic", t->topic, "starts_on", t->starts_on,
		"ends_on", t->ends_on, "place", t->place, "organiser", t->organiser,
		"funder", t->funder, "trainer_of_trainers", t->trainer_of_trainers,
		"follows_training_id", t->follows_training_id > 0
			? json_integer(t->follows_training_id) : json_null(),
		"created_at", json_time(t->created_at), "participants", participants,
		"participants_total", "women", (json_int_t)t->women_total,
		"men", (json_int_t)t->men_total);
}

/* ---- GET /trainings ---- */

/* A date filter of the query, NULL when absent; replies 400 and returns false when bad. */
static bool
query_date(struct request *r, const char *name, const char **out)
{
	int64_t days;

	*out = req_query(r, name);
	if (*out == NULL || clock_parse_date(*out, &days))
		return true;
	reply_field_error(r, 400, name, MSG_INVALID_DATE);
	return false;
}

void
handle_trainings_list(struct request *r)
{
	struct training_query q = { 0 };
	struct training_row *rows;
	struct db *db;
	int limit, n = 0;
	json_t *items;
	enum ura_status st;

	if (!training_scope_for(&r->caller.user, &q.scope)) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (!req_query_id(r, "mechanism_id", &q.mechanism_id) || !query_date(r, "from", &q.from) ||
	    !query_date(r, "to", &q.to) || !req_page(r, &limit, &q.after) ||
	    (db = api_reader(r)) == NULL)
		return;
	q.limit = limit + 1;
	if ((st = store_trainings_list(db, &r->arena, &q, &rows, &n)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, training_json(&rows[i]));
	reply_list(r, items, n > limit ? rows[limit - 1].id : 0);
}

/* ---- POST /trainings ---- */

static const char *const training_fields[] = { "title", "topic", "starts_on", "ends_on",
					       "place", "organiser", "funder",
					       "trainer_of_trainers", "follows_training_id",
					       "mechanism_id", "participants", NULL };

struct training_create {
	struct request *r;
	struct training_row row;
	struct training_participant participants[TRAINING_PARTICIPANTS_MAX];
};

/* Whoever records it may, for that mechanism; the training it follows exists. */
static enum ura_status
training_references_check(struct db *db, struct request *r, const struct training_row *t)
{
	struct mechanism_facts f = { 0 };
	bool mechanism_known = false;
	enum ura_status st;

	if (t->mechanism_id != 0) {
		st = store_mechanism_facts(db, &r->arena, t->mechanism_id, 0, &f);
		if (st != URA_OK && st != URA_ENOTFOUND)
			return st;
		mechanism_known = st == URA_OK;
	}
	st = training_write_check(&r->caller.user, t->mechanism_id, mechanism_known,
				  f.coordinator_user_id, &r->errors);
	if (st != URA_OK || t->follows_training_id == 0)
		return st;
	if ((st = store_training_exists(db, t->follows_training_id)) == URA_ENOTFOUND) {
		field_errors_add(&r->errors, "follows_training_id", MSG_NO_SUCH_OBJECT);
		return URA_EUNPROCESSABLE;
	}
	return st;
}

static enum ura_status
training_create_fn(struct db *db, void *ctx)
{
	struct training_create *c = ctx;
	struct request *r = c->r;
	struct training_query stored = { .scope.everything = true, .limit = 1 };
	struct training_row *rows;
	int n;
	enum ura_status st = training_references_check(db, r, &c->row);

	if (st != URA_OK)
		return st;
	c->row.created_by = r->caller.user.id;
	c->row.created_at = clock_now();
	if ((st = store_training_insert(db, &c->row, &stored.only_id)) != URA_OK ||
	    (st = api_audit(db, r, "training.create", "training", stored.only_id,
			    plans_given_fields(r, training_fields))) != URA_OK ||
	    (st = store_trainings_list(db, &r->arena, &stored, &rows, &n)) != URA_OK)
		return st;
	if (n != 1)
		return URA_EINTERNAL;
	c->row = rows[0];
	return URA_OK;
}

/* "trainer_of_trainers": an optional boolean (false when absent; null is not false). */
static bool
input_flag(struct request *r, const char *name)
{
	json_t *v = json_object_get(r->json, name);

	if (v != NULL && !json_is_boolean(v)) {
		field_errors_add(&r->errors, name, MSG_NOT_BOOLEAN);
		r->errors.malformed = true;
	}
	return json_is_true(v);
}

static void
participants_input(struct request *r, struct training_create *c)
{
	json_t *v = json_object_get(r->json, "participants");

	c->row.participants = c->participants;
	if (v == NULL || json_is_null(v))
		field_errors_add(&r->errors, "participants", MSG_REQUIRED);
	else
		training_participants_read(v, &r->arena, c->participants,
					   &c->row.nparticipants, &r->errors);
}

void
handle_training_create(struct request *r)
{
	struct training_create c = { .r = r };
	struct training_row *t = &c.row;
	enum ura_status st;

	t->title = input_string(r, "title", IN_REQUIRED, 1, 200);
	t->topic = input_string(r, "topic", IN_REQUIRED, 1, 200);
	t->starts_on = input_string(r, "starts_on", IN_REQUIRED, 1, 10);
	t->ends_on = input_string(r, "ends_on", IN_REQUIRED, 1, 10);
	plans_dates_check("starts_on", t->starts_on, "ends_on", t->ends_on, &r->errors);
	t->place = input_string(r, "place", IN_OPTIONAL, 1, 200);
	t->organiser = input_string(r, "organiser", IN_OPTIONAL, 1, 200);
	t->funder = input_string(r, "funder", IN_OPTIONAL, 1, 200);
	t->trainer_of_trainers = input_flag(r, "trainer_of_trainers");
	t->follows_training_id = input_id(r, "follows_training_id", IN_OPTIONAL);
	t->mechanism_id = input_id(r, "mechanism_id", IN_OPTIONAL);
	participants_input(r, &c);
	if (!input_done(r, training_fields))
		return;
	if ((st = store_write(r->app->store, training_create_fn, &c)) != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 201, training_json(t));
}
