/*
 * Case transfer (the survivor moves): POST /cases/{id}/transfers by the owner, then
 * /transfers/{id}/accept or /decline by the receiving institution, /cancel by the sender.
 * While pending, the receiver sees the transfer, never the case; once accepted it owns the
 * case, which moves to the receiver's mechanism. domain/transfer.c decides the moves.
 */
#include "api/transfers.h"

#include <string.h>

#include "api/app.h"
#include "api/case_op.h"
#include "api/input.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "core/clock.h"

static json_t *
transfer_json(struct request *r, const struct transfer_row *t, bool *ok)
{
	json_t *doc = json_pack("{s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:s, s:o, s:o}",
		"id", (json_int_t)t->id, "case_id", (json_int_t)t->case_id,
		"case_reference", t->case_reference,
		"from_institution_id", (json_int_t)t->from_institution_id,
		"to_institution_id", (json_int_t)t->to_institution_id,
		"from_mechanism_id", (json_int_t)t->from_mechanism_id,
		"to_mechanism_id", (json_int_t)t->to_mechanism_id, "status", t->status,
		"created_at", json_time(t->created_at), "decided_at", json_time(t->decided_at));

	const struct keys *k = case_keys_of(r, t->case_id, &t->case_key);

	json_object_set_new(doc, "reason", sealed_open_k(r, k, SEALED_TRANSFER_REASON, t->id,
							 &t->reason, ok));
	json_object_set_new(doc, "answer", sealed_open_k(r, k, SEALED_TRANSFER_ANSWER, t->id,
							 &t->answer, ok));
	return doc;
}

static void
reply_transfer(struct request *r, int status, const struct transfer_row *t)
{
	bool ok = true;
	json_t *doc = transfer_json(r, t, &ok);

	if (!ok) {
		json_decref(doc);
		reply_status(r, URA_EINTERNAL);
		return;
	}
	reply_json(r, status, doc);
}

static enum ura_status
notify(struct db *db, struct request *r, int64_t institution_id, const char *kind,
       const struct transfer_row *t)
{
	struct notification n = { .kind = kind, .case_id = t->case_id, .object_type = "transfer",
		.object_id = t->id, .institution_id = institution_id == t->to_institution_id
						      ? t->from_institution_id : t->to_institution_id,
		.dedupe = arena_printf(&r->arena, "%s:%lld", kind, (long long)t->id) };

	return store_notify_institution(db, institution_id, &n, clock_now());
}

/* ---- create ---- */

struct transfer_add {
	const char *reason;
	struct transfer_row row;
};

/* The receiver must belong to the target mechanism, of the case's kind, and not own it. */
static enum ura_status
check_destination(struct db *db, struct case_op_run *run, const struct transfer_row *t)
{
	struct request *r = run->r;
	struct mechanism_facts m;
	enum ura_status st = store_mechanism_facts(db, &r->arena, t->to_mechanism_id,
						   t->to_institution_id, &m);

	if (st == URA_ENOTFOUND) {
		field_errors_add(&r->errors, "to_mechanism_id", MSG_NO_SUCH_OBJECT);
		return URA_EUNPROCESSABLE;
	}
	if (st != URA_OK)
		return st;
	if (strcmp(m.kind, run->f.row.kind) != 0)
		field_errors_add(&r->errors, "to_mechanism_id", MSG_KIND_MISMATCH);
	if (t->to_institution_id == run->f.row.owner_institution_id)
		field_errors_add(&r->errors, "to_institution_id", MSG_SAME_INSTITUTION);
	else if (!m.institution_is_member)
		field_errors_add(&r->errors, "to_institution_id", MSG_NOT_A_MEMBER);
	return r->errors.count > 0 ? URA_EUNPROCESSABLE : URA_OK;
}

static enum ura_status
transfer_apply(struct db *db, struct case_op_run *run)
{
	struct transfer_add *a = run->data;
	struct transfer_row *t = &a->row;
	struct request *r = run->r;
	enum ura_status st;

	t->case_id = run->case_id;
	t->case_reference = run->f.row.reference;
	t->from_institution_id = run->f.row.owner_institution_id;
	t->from_mechanism_id = run->f.row.mechanism_id;
	t->created_by = r->caller.user.id;
	t->created_at = clock_now();
	t->status = "pending";
	if ((st = check_destination(db, run, t)) != URA_OK)
		return st;
	if ((st = store_transfer_insert(db, t, &t->id)) == URA_EEXISTS) {
		field_errors_add(&r->errors, "case_id", MSG_ALREADY_PENDING);
		return URA_ECONFLICT;
	}
	t->case_key = run->f.row.key;
	if (st != URA_OK || (st = sealed_store_k(db, r, case_row_keys(r, &run->f.row),
						 SEALED_TRANSFER_REASON, t->id,
						 a->reason)) != URA_OK)
		return st;
	t->reason = sealed_text_k(r, case_row_keys(r, &run->f.row), "case_transfers", "reason",
				  t->id, a->reason);
	run->object_id = t->id;
	run->fields = "[\"to_institution_id\",\"to_mechanism_id\",\"reason\"]";
	return notify(db, r, t->to_institution_id, "transfer_requested", t);
}

static const struct case_op transfer_op = {
	.action = "transfer.create", .object_type = "transfer", .need = PERM_TRANSFER,
	.apply = transfer_apply,
};

void
handle_case_transfer(struct request *r)
{
	static const char *const allowed[] = { "to_institution_id", "to_mechanism_id", "reason",
					       NULL };
	struct transfer_add a = { 0 };
	struct case_op_run run;

	a.row.to_institution_id = input_id(r, "to_institution_id", IN_REQUIRED);
	a.row.to_mechanism_id = input_id(r, "to_mechanism_id", IN_REQUIRED);
	a.reason = input_string(r, "reason", IN_REQUIRED, 1, LIMIT_REASON_CHARS);
	if (input_done(r, allowed) && case_op_perform(r, &transfer_op, &a, &run))
		reply_transfer(r, 201, &a.row);
}

/* ---- read ---- */

static enum transfer_party
party_of(const struct user *u, const struct transfer_row *t)
{
	if (!user_is_staff(u))
		return TRANSFER_STRANGER;
	if (u->institution_id == t->from_institution_id)
		return TRANSFER_SENDER;
	return u->institution_id == t->to_institution_id ? TRANSFER_RECEIVER : TRANSFER_STRANGER;
}

void
handle_transfer_get(struct request *r)
{
	struct transfer_row t;
	struct db *db;
	int64_t id;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || (db = api_reader(r)) == NULL)
		return;
	st = store_transfer_get(db, &r->arena, id, &t);
	if (st == URA_OK && party_of(&r->caller.user, &t) == TRANSFER_STRANGER)
		st = URA_ENOTFOUND;
	if (st == URA_OK)
		st = api_audit_read(r, "transfer.read", "transfer", id, t.case_id, NULL);
	if (st != URA_OK)
		reply_status(r, st);
	else
		reply_transfer(r, 200, &t);
}

void
handle_transfers_list(struct request *r)
{
	static const char *const boxes[] = { "incoming", "outgoing", NULL };
	struct transfer_filter f = { .institution_id = r->caller.user.institution_id };
	const char *box = req_query(r, "box");
	struct transfer_row *rows;
	struct db *db;
	json_t *items;
	bool ok = true, known_box = box == NULL || vocabulary_has(boxes, box), known_status;
	int n;
	enum ura_status st;

	f.status = req_query(r, "status");
	known_status = f.status == NULL || vocabulary_has(transfer_statuses, f.status);
	if (!known_box || !known_status) {
		reply_field_choice(r, 400, known_box ? "status" : "box",
				   known_box ? transfer_statuses : boxes);
		return;
	}
	f.outgoing = box != NULL && strcmp(box, "outgoing") == 0;
	if (!req_page(r, &f.limit, &f.after) || (db = api_reader(r)) == NULL)
		return;
	f.limit++;
	if ((st = store_transfer_list(db, &r->arena, &f, &rows, &n)) == URA_OK)
		st = api_audit_read(r, "transfer.list", "transfer", 0, 0, NULL);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < f.limit - 1; i++)
		json_array_append_new(items, transfer_json(r, &rows[i], &ok));
	if (!ok) {
		json_decref(items);
		reply_status(r, URA_EINTERNAL);
		return;
	}
	reply_list(r, items, n > f.limit - 1 ? rows[f.limit - 2].id : 0);
}

/* ---- decisions ---- */

const struct transfer_step transfer_accept_step = { TRANSFER_ACCEPT, "transfer.accept", false };
const struct transfer_step transfer_decline_step = { TRANSFER_DECLINE, "transfer.decline", true };
const struct transfer_step transfer_cancel_step = { TRANSFER_CANCEL, "transfer.cancel", false };

struct transfer_move {
	struct request *r;
	const struct transfer_step *step;
	int64_t id;
	const char *reason;
	struct transfer_row row;
};

/* Accepting hands the case over: new owner, new mechanism. */
static enum ura_status
hand_over(struct db *db, struct transfer_move *m, int64_t now)
{
	const struct transfer_row *t = &m->row;
	bool member;
	enum ura_status st = store_institution_is_member(db, t->to_mechanism_id,
							 t->to_institution_id, &member);

	if (st != URA_OK)
		return st;
	if (!member) /* it left the mechanism since the transfer was asked */
		return URA_ECONFLICT;
	return store_case_move(db, t->case_id, t->to_institution_id, t->to_mechanism_id, now);
}

static enum ura_status
move_fn(struct db *db, void *ctx)
{
	struct transfer_move *m = ctx;
	struct request *r = m->r;
	const struct transfer_step *s = m->step;
	int64_t now = clock_now();
	enum ura_status st = store_transfer_get(db, &r->arena, m->id, &m->row);

	if (st != URA_OK || (st = transfer_step_allowed(m->row.status, s->action,
			party_of(&r->caller.user, &m->row))) != URA_OK ||
	    (st = store_transfer_decide(db, m->id, transfer_step_result(s->action), now)) != URA_OK)
		return st;
	if (s->action == TRANSFER_ACCEPT && (st = hand_over(db, m, now)) != URA_OK)
		return st;
	if (m->reason != NULL &&
	    (st = sealed_store_k(db, r, case_keys_of(r, m->row.case_id, &m->row.case_key),
				 SEALED_TRANSFER_ANSWER, m->id, m->reason)) != URA_OK)
		return st;
	if (s->action != TRANSFER_CANCEL &&
	    (st = notify(db, r, m->row.from_institution_id, s->action == TRANSFER_ACCEPT
			 ? "transfer_accepted" : "transfer_declined", &m->row)) != URA_OK)
		return st;
	if ((st = api_audit_case(db, r, s->audit_action, "transfer", m->id, m->row.case_id,
				 m->reason ? "[\"reason\"]" : NULL)) != URA_OK)
		return st;
	return store_transfer_get(db, &r->arena, m->id, &m->row);
}

void
handle_transfer_step(struct request *r)
{
	static const char *const allowed[] = { "reason", NULL };
	struct transfer_move m = { .r = r, .step = r->route->arg };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &m.id))
		return;
	m.reason = input_string(r, "reason", m.step->reason_required ? IN_REQUIRED : IN_OPTIONAL, 1,
				LIMIT_REASON_CHARS);
	if (!input_done(r, allowed))
		return;
	if ((st = store_write(r->app->store, move_fn, &m)) != URA_OK)
		reply_status(r, st);
	else
		reply_transfer(r, 200, &m.row);
}
