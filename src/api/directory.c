/* Directory resources as data, and mechanism membership. */
#include "api/directory.h"

#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "core/clock.h"
#include "crypt/crypt.h"
#include "domain/accounts.h"
#include "domain/directory.h"

/* Passwords are hashed before the write transaction: hashing takes ~20 ms. */
static bool
user_prepare(struct request *r, struct value *vals)
{
	int i = entity_field_index(&entity_user, "password");
	char *hash;

	if (!vals[i].present || vals[i].null)
		return true;
	hash = arena_alloc(&r->arena, PASSWORD_HASH_MAX);
	if (password_hash(vals[i].s, hash) != URA_OK) {
		reply_status(r, URA_EINTERNAL);
		return false;
	}
	vals[i].s = hash;
	return true;
}

static void
user_check_update(struct request *r, const struct record *stored, const struct value *merged)
{
	int role = entity_field_index(&entity_user, "role");
	int active = entity_field_index(&entity_user, "active");
	enum role old_role = role_parse(stored->vals[role].s), new_role = role_parse(merged[role].s);

	if (directory_user_change_allowed(r->caller.user.id, stored->id, old_role, new_role,
					  merged[active].i != 0))
		return;
	/* Name the field the caller changed: the role when demoting, else the active flag. */
	field_errors_add(&r->errors, new_role != old_role ? "role" : "active",
			 MSG_CANNOT_CHANGE_SELF);
}

static struct account_state
account_of(const struct record *rec)
{
	const struct value *v = rec->vals;
	int role = entity_field_index(&entity_user, "role");
	int inst = entity_field_index(&entity_user, "institution_id");
	int active = entity_field_index(&entity_user, "active");

	return (struct account_state){ .role = role_parse(v[role].s),
				       .institution_id = v[inst].null ? 0 : v[inst].i,
				       .active = v[active].i != 0 };
}

/* A reset or a disable ends the user's sessions and tokens; a new staff account of an
 * institution (or one moved into it, or reset) is watched and announced (domain/accounts). */
static enum ura_status
user_after_write(struct db *db, struct request *r, const struct record *before,
		 const struct record *after, const struct value *given)
{
	int pw = entity_field_index(&entity_user, "password");
	struct account_state was, now = account_of(after);
	unsigned effects;

	if (before != NULL)
		was = account_of(before);
	effects = account_change_effects(before != NULL ? &was : NULL, &now,
					 before != NULL && given != NULL && given[pw].present);
	return store_account_effects(db, &r->arena, after->id, now.institution_id, effects,
				     clock_now());
}

/* A shelter's address is for the admin and the shelter's own staff only. */
static void
institution_redact(const struct request *r, struct record *rec, json_t *withheld)
{
	int type = entity_field_index(&entity_institution, "type");
	int address = entity_field_index(&entity_institution, "address");

	if (rec->vals[type].s == NULL || !rec->vals[address].present ||
	    authz_shelter_address_read(&r->caller.user, rec->vals[type].s, rec->id))
		return;
	rec->vals[address].present = false;
	json_array_append_new(withheld, json_string("address"));
}

const struct resource resource_municipalities = {
	.def = &entity_municipality, .kind = DIR_MUNICIPALITY, .can_read = authz_directory_read,
	.create_action = "municipality.create", .update_action = "municipality.update",
};
const struct resource resource_institutions = {
	.def = &entity_institution, .kind = DIR_INSTITUTION, .can_read = authz_directory_read,
	.redact = institution_redact,
	.create_action = "institution.create", .update_action = "institution.update",
};
/* A new mechanism's times are its country's unless the admin names a time zone. */
static bool
mechanism_prepare(struct request *r, struct value *vals)
{
	int tz = entity_field_index(&entity_mechanism, "time_zone");
	int muni = entity_field_index(&entity_mechanism, "municipality_id");
	const char *country = NULL;
	struct db *db;
	enum ura_status st;

	if (r->method != HTTP_POST || input_present(r, "time_zone"))
		return true;
	if ((db = api_reader(r)) == NULL)
		return false;
	st = store_municipality_country(db, &r->arena, vals[muni].i, &country);
	if (st != URA_OK && st != URA_ENOTFOUND) { /* an unknown municipality is the write's 422 */
		reply_status(r, st);
		return false;
	}
	vals[tz] = (struct value){ .present = true, .s = directory_default_time_zone(country) };
	return true;
}

const struct resource resource_mechanisms = {
	.def = &entity_mechanism, .kind = DIR_MECHANISM, .can_read = authz_directory_read,
	.prepare = mechanism_prepare,
	.create_action = "mechanism.create", .update_action = "mechanism.update",
};
const struct resource resource_users = {
	.def = &entity_user, .kind = DIR_USER, .can_read = authz_users_read,
	.prepare = user_prepare, .check_update = user_check_update,
	.after_write = user_after_write,
	.create_action = "user.create", .update_action = "user.update",
};

/* ---- members ---- */

static json_t *
member_json(const struct member_row *m)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o}", "institution_id",
			 (json_int_t)m->institution_id, "name", m->name, "type", m->type,
			 "joined_on", m->joined_on ? json_string(m->joined_on) : json_null(),
			 "added_at", json_time(m->added_at));
}

void
handle_members_list(struct request *r)
{
	struct member_row *rows;
	struct db *db;
	int64_t id, coordinator, after;
	int n, limit;
	json_t *items;
	enum ura_status st;

	/* One page holds every member; limit and cursor are checked, as on any list. */
	if (!req_param_id(r, 0, "id", &id) || !req_page(r, &limit, &after) ||
	    (db = api_reader(r)) == NULL)
		return;
	st = store_mechanism_coordinator(db, id, &coordinator);
	if (st == URA_OK)
		st = store_member_list(db, &r->arena, id, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, member_json(&rows[i]));
	reply_list(r, items, 0);
}

/* The mechanisms an institution belongs to (directory data: any signed-in user may read it). */
void
handle_memberships_list(struct request *r)
{
	struct membership_row *rows;
	struct db *db;
	int64_t id, after;
	int limit, n;
	json_t *items;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || !req_page(r, &limit, &after) ||
	    (db = api_reader(r)) == NULL)
		return;
	st = store_institution_exists(db, id);
	if (st == URA_OK)
		st = store_memberships_of(db, &r->arena, id, after, limit + 1, &rows, &n);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, json_pack("{s:I, s:o}", "mechanism_id",
						       (json_int_t)rows[i].mechanism_id, "joined_on",
						       rows[i].joined_on ? json_string(rows[i].joined_on)
									 : json_null()));
	reply_list(r, items, n > limit ? rows[limit - 1].mechanism_id : 0);
}

struct member_write {
	struct request *r;
	int64_t mechanism_id, institution_id;
	const char *joined_on;
	bool adding;
};

static enum ura_status
member_fn(struct db *db, void *ctx)
{
	struct member_write *w = ctx;
	int64_t coordinator;
	enum ura_status st = store_mechanism_coordinator(db, w->mechanism_id, &coordinator);

	if (st != URA_OK)
		return st;
	if (!authz_members_write(&w->r->caller.user, coordinator))
		return URA_EFORBIDDEN;
	if (w->adding) {
		st = store_institution_exists(db, w->institution_id);
		if (st == URA_ENOTFOUND) {
			field_errors_add(&w->r->errors, "institution_id", MSG_NO_SUCH_OBJECT);
			return URA_EUNPROCESSABLE;
		}
		if (st == URA_OK)
			st = store_member_add(db, w->mechanism_id, w->institution_id, w->joined_on,
					      clock_now());
		if (st == URA_EEXISTS) {
			field_errors_add(&w->r->errors, "institution_id", MSG_ALREADY_USED);
			return URA_EUNPROCESSABLE;
		}
	} else {
		st = store_member_remove(db, w->mechanism_id, w->institution_id);
	}
	if (st != URA_OK)
		return st;
	return api_audit(db, w->r, w->adding ? "member.add" : "member.remove", "mechanism",
			 w->mechanism_id, "[\"institution_id\"]");
}

void
handle_members_add(struct request *r)
{
	static const char *const allowed[] = { "institution_id", "joined_on", NULL };
	struct member_write w = { .r = r, .adding = true };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &w.mechanism_id))
		return;
	w.institution_id = input_id(r, "institution_id", IN_REQUIRED);
	w.joined_on = input_date(r, "joined_on", IN_OPTIONAL, false);
	if (!input_done(r, allowed))
		return;
	st = store_write(r->app->store, member_fn, &w);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	reply_json(r, 201, json_pack("{s:I, s:I, s:o}", "mechanism_id", (json_int_t)w.mechanism_id,
				     "institution_id", (json_int_t)w.institution_id, "joined_on",
				     w.joined_on ? json_string(w.joined_on) : json_null()));
}

void
handle_members_remove(struct request *r)
{
	struct member_write w = { .r = r, .adding = false };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &w.mechanism_id) ||
	    !req_param_id(r, 1, "institution_id", &w.institution_id))
		return;
	st = store_write(r->app->store, member_fn, &w);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_empty(r, 204);
}
