/*
 * Case notes: GET and POST /cases/{id}/notes. A note is written by an institution that reads
 * the case and is read by that institution alone (`institution`), or also by every institution
 * that reads the case's `notes` category (`involved`). Bodies are stored encrypted.
 */
#include "api/notes.h"

#include <string.h>

#include "api/app.h"
#include "api/case_facts.h"
#include "api/case_op.h"
#include "api/input.h"
#include "api/case_keys.h"
#include "api/sealed.h"
#include "core/clock.h"
#include "domain/cases.h"

json_t *
note_json(struct request *r, const struct keys *k, const struct note_row *n, bool *ok)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:s, s:o}", "id", (json_int_t)n->id,
			 "case_id", (json_int_t)n->case_id,
			 "institution_id", (json_int_t)n->institution_id,
			 "author_user_id", (json_int_t)n->author_user_id,
			 "body", sealed_open_k(r, k, SEALED_NOTE_BODY, n->id, &n->body, ok),
			 "visibility", n->visibility, "created_at", json_time(n->created_at));
}

/* ---- write ---- */

struct note_add {
	const char *body;
	struct note_row row;
};

static enum ura_status
note_apply(struct db *db, struct case_op_run *run)
{
	struct note_add *a = run->data;
	struct request *r = run->r;
	enum ura_status st;

	a->row.case_id = run->case_id;
	a->row.institution_id = r->caller.user.institution_id;
	a->row.author_user_id = r->caller.user.id;
	a->row.created_at = clock_now();
	if ((st = store_note_insert(db, &a->row, &a->row.id)) != URA_OK ||
	    (st = sealed_store_k(db, r, case_row_keys(r, &run->f.row), SEALED_NOTE_BODY,
				  a->row.id, a->body)) != URA_OK)
		return st;
	run->object_id = a->row.id;
	run->fields = "[\"body\",\"visibility\"]";
	return URA_OK;
}

static const struct case_op note_add_op = {
	.action = "note.create", .object_type = "note", .need = PERM_NOTE,
	.apply = note_apply,
};

void
handle_case_note_add(struct request *r)
{
	static const char *const allowed[] = { "body", "visibility", NULL };
	struct note_add a = { 0 };
	struct case_op_run run;
	bool ok = true;
	json_t *doc;

	a.body = input_string(r, "body", IN_REQUIRED, 1, LIMIT_NARRATIVE_CHARS);
	a.row.visibility = input_enum(r, "visibility", IN_OPTIONAL, note_visibilities);
	if (a.row.visibility == NULL)
		a.row.visibility = "institution";
	if (!input_done(r, allowed) || !case_op_perform(r, &note_add_op, &a, &run))
		return;
	a.row.body = sealed_text_k(r, case_row_keys(r, &run.f.row), "case_notes", "body",
				   a.row.id, a.body);
	doc = note_json(r, case_row_keys(r, &run.f.row), &a.row, &ok);
	reply_json(r, ok ? 201 : 500, doc);
}

/* ---- read ---- */

void
handle_case_notes_list(struct request *r)
{
	struct case_facts f;
	struct policy_decision d;
	struct note_row *notes;
	struct db *db;
	int64_t case_id, after;
	int limit, n = 0;
	bool ok = true;
	json_t *items;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &case_id) || !req_page(r, &limit, &after) ||
	    (db = api_reader(r)) == NULL)
		return;
	if ((st = case_facts_load(r, db, case_id, &f)) == URA_OK &&
	    ((d = case_facts_decide(r, &f)).access == ACCESS_NONE || d.access == ACCESS_PACKET))
		st = URA_ENOTFOUND;
	/* Notes of other institutions need the notes category; one's own are always one's. */
	if (st == URA_OK)
		st = store_case_notes(db, &r->arena, case_id, r->caller.user.institution_id,
				      (d.readable & (1u << CAT_NOTES)) != 0, after, limit + 1,
				      &notes, &n);
	if (st == URA_OK)
		st = api_audit_read(r, "note.list", "case", case_id, case_id, "[\"notes\"]");
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	items = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(items, note_json(r, case_row_keys(r, &f.row), &notes[i],
						       &ok));
	if (!ok) {
		json_decref(items);
		reply_status(r, URA_EINTERNAL);
		return;
	}
	reply_list(r, items, n > limit ? notes[limit - 1].id : 0);
}
