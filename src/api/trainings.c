/*
 * Trainings: POST /trainings records one with its participants counted by institution type
 * and sex; GET /trainings?mechanism_id=&from=&to= lists those the caller may see, and
 * GET /trainings/totals?year=&mechanism_id= sums a year of them by institution type and sex.
 * Who may is domain/plans' decision (training_write_check, training_scope_for); the totals
 * of participants are summed by the database, and a page's participants come in one query.
 */
#include "api/trainings.h"

#include <stdio.h>
#include <string.h>

#include "api/action_plans.h"
#include "api/app.h"
#include "api/input.h"
#include "api/meetings.h"
#include "core/clock.h"
#include "domain/directory.h"
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

/* ---- GET /trainings/totals ---- */

static json_t *
type_totals_json(const struct training_type_totals *x)
{
	json_t *o = json_pack("{s:I, s:I, s:I}", "trainings", (json_int_t)x->trainings,
			      "women", (json_int_t)x->women, "men", (json_int_t)x->men);

	if (x->institution_type != NULL)
		json_object_set_new(o, "institution_type", json_string(x->institution_type));
	return o;
}

void
handle_trainings_totals(struct request *r)
{
	struct training_query q = { 0 };
	struct training_totals t;
	char from[24], to[24];
	struct db *db;
	json_t *types;
	int year;
	enum ura_status st;

	if (!training_scope_for(&r->caller.user, &q.scope)) {
		reply_status(r, URA_EFORBIDDEN);
		return;
	}
	if (!governance_query_year(r, &year) || !req_query_id(r, "mechanism_id", &q.mechanism_id) ||
	    (db = api_reader(r)) == NULL)
		return;
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-01-01", year + 1);
	q.from = from;
	q.to = to;
	if ((st = store_training_totals(db, &r->arena, &q, &t)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	types = json_array();
	for (int i = 0; i < t.ntypes; i++)
		json_array_append_new(types, type_totals_json(&t.by_type[i]));
	reply_json(r, 200, json_pack("{s:i, s:o, s:o, s:I, s:I}", "year", year,
		"by_institution_type", types, "total", type_totals_json(&t.all),
		"trainer_of_trainers", (json_int_t)t.trainer_of_trainers,
		"follow_on", (json_int_t)t.follow_on));
}

/* ---- POST /trainings ---- */

static const char *const training_fields[] = { "title", "topic", "starts_on", "ends_on",
					       "place", "organiser", "funder",
					       "trainer_of_trainers", "follows_training_id",
					       "mechanism_id", "participants", NULL };

struct training_create {
	struct request *r;
	struct training_row row;
	struct training_participant participants[LIMIT_TRAINING_PARTICIPANTS];
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

/* One line of "participants"; false when it is not clean. */
static bool
participant_read(const struct in_obj *row, struct training_participant *out)
{
	static const char *const allowed[] = { "institution_type", "women", "men", NULL };
	int before = field_errors_seen(&row->r->errors);

	out->institution_type = in_enum(row, "institution_type", IN_REQUIRED, institution_types);
	in_int(row, "women", IN_REQUIRED, 0, PLANS_COUNT_MAX, &out->women);
	in_int(row, "men", IN_REQUIRED, 0, PLANS_COUNT_MAX, &out->men);
	in_unknown(row, allowed);
	/* The type is tested itself: once the list of errors is full, its count stays put. */
	return out->institution_type != NULL && field_errors_seen(&row->r->errors) == before;
}

/* "participants": at most LIMIT_TRAINING_PARTICIPANTS lines, one per institution type. */
static void
participants_input(struct request *r, struct training_create *c)
{
	struct in_obj body = input_root(r), row;
	json_t *list = in_array(&body, "participants", IN_REQUIRED, LIMIT_TRAINING_PARTICIPANTS);
	json_t *item;
	size_t i;

	c->row.participants = c->participants;
	json_array_foreach(list, i, item) {
		struct training_participant p = { 0 };
		bool listed = false;
		if (!in_row(&body, "participants", i, item, &row) || !participant_read(&row, &p))
			continue;
		for (int k = 0; k < c->row.nparticipants && !listed; k++)
			listed = !strcmp(c->participants[k].institution_type, p.institution_type);
		if (listed)
			in_error(&row, "institution_type", MSG_DUPLICATE_ITEM, false);
		else
			c->participants[c->row.nparticipants++] = p;
	}
}

void
handle_training_create(struct request *r)
{
	struct training_create c = { .r = r };
	struct training_row *t = &c.row;
	enum ura_status st;

	t->title = input_string(r, "title", IN_REQUIRED, 1, LIMIT_NAME_CHARS);
	t->topic = input_string(r, "topic", IN_REQUIRED, 1, LIMIT_NAME_CHARS);
	t->starts_on = input_string(r, "starts_on", IN_REQUIRED, 1, LIMIT_DATE_CHARS);
	t->ends_on = input_string(r, "ends_on", IN_REQUIRED, 1, LIMIT_DATE_CHARS);
	plans_dates_check("starts_on", t->starts_on, "ends_on", t->ends_on, &r->errors);
	t->place = input_string(r, "place", IN_NULLABLE, 1, LIMIT_NAME_CHARS);
	t->organiser = input_string(r, "organiser", IN_NULLABLE, 1, LIMIT_NAME_CHARS);
	t->funder = input_string(r, "funder", IN_NULLABLE, 1, LIMIT_NAME_CHARS);
	t->trainer_of_trainers = input_bool(r, "trainer_of_trainers", IN_OPTIONAL, NULL);
	t->follows_training_id = input_id(r, "follows_training_id", IN_NULLABLE);
	t->mechanism_id = input_id(r, "mechanism_id", IN_NULLABLE);
	participants_input(r, &c);
	if (!input_done(r, training_fields))
		return;
	if ((st = store_write(r->app->store, training_create_fn, &c)) != URA_OK)
		reply_status(r, st);
	else
		reply_json(r, 201, training_json(t));
}
