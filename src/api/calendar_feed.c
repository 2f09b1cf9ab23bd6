/*
 * A mechanism's meetings as iCalendar: GET /mechanisms/{id}/calendar.ics for a signed-in
 * reader, and for calendar applications, which cannot sign in, a subscription:
 * POST|DELETE /mechanisms/{id}/calendar-subscription makes (or replaces) and ends the
 * caller's, and GET /calendar/{token}.ics is its feed — the token is the credential, shown
 * once and stored as a hash. The feed is read as its subscriber (who must still be active and
 * still read the mechanism's meetings), with event titles in the subscriber's own language,
 * and each read is audited as `calendar.read`. No case data is in any calendar.
 */
#include "api/meetings.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/input.h"
#include "api/session.h"
#include "core/clock.h"
#include "core/labels.h"
#include "crypt/crypt.h"
#include "report/ics.h"
#include "store/meetings.h"

#define CALENDAR_MAX 1000 /* meetings in one feed: 250 years of four a year */
#define FEED_PATH "/api/v1/calendar/"
#define FEED_SUFFIX ".ics"

struct calendar_input {
	struct meeting_row *rows;
	int n;
};

static enum ura_status
calendar_apply(struct db *db, struct meeting_run *run)
{
	struct calendar_input *in = run->data;
	struct meeting_filter f = { .mechanism_id = run->mechanism_id, .to = INT64_MAX,
				    .limit = CALENDAR_MAX };

	return store_mechanism_meetings(db, &run->r->arena, &f, &in->rows, &in->n);
}

static const struct meeting_op calendar_op = {
	.need = GOVERNANCE_READ, .apply = calendar_apply,
};
/* The feed: whoever does not (or no longer) read the meetings finds nothing there. */
static const struct meeting_op feed_op = {
	.need = GOVERNANCE_READ, .hidden = true, .apply = calendar_apply,
};

/* The calendar of the run's meetings, summaries (kind and mechanism) in `lang`. */
static void
reply_calendar(struct request *r, const struct meeting_run *run,
	       const struct calendar_input *in, enum lang lang)
{
	struct ics_event *events = arena_alloc(&r->arena, sizeof(*events) * (size_t)(in->n + 1));
	char *text;

	for (int i = 0; i < in->n; i++) {
		const struct meeting_row *m = &in->rows[i];
		const char *kind = label_text("meeting_kind", m->kind, lang);
		events[i] = (struct ics_event){ .id = m->id, .start = m->scheduled_at,
			.duration_minutes = (int)m->duration_minutes, .location = m->place,
			.summary = arena_printf(&r->arena, "%s — %s", kind, run->m.name),
			.cancelled = strcmp(m->status, "cancelled") == 0,
			.sequence = (int)m->sequence };
	}
	text = ics_calendar(events, in->n, run->m.name, "-//Ura//Mechanism meetings//EN",
			    clock_now());
	if (text == NULL) {
		reply_status(r, URA_EINTERNAL);
		return;
	}
	reply_text(r, 200, "text/calendar; charset=utf-8", text, strlen(text));
	free(text);
}

void
handle_mechanism_calendar(struct request *r)
{
	struct calendar_input in = { 0 };
	struct meeting_run run;

	if (!meeting_op_perform(r, &calendar_op, &in, &run))
		return;
	/* A calendar application rarely says which language it wants: the subscriber's own
	 * language then, as their account has it. */
	reply_calendar(r, &run, &in, req_header(r, "Accept-Language") != NULL
		       ? r->lang : lang_from_accept_language(r->caller.user.locale));
}

/* ---- subscriptions ---- */

static enum ura_status
subscribe_apply(struct db *db, struct meeting_run *run)
{
	run->object_type = "mechanism";
	run->object_id = run->mechanism_id;
	return store_calendar_subscribe(db, run->r->caller.user.id, run->mechanism_id, run->data,
					clock_now());
}

static const struct meeting_op subscribe_op = {
	.action = "calendar.subscribe", .need = GOVERNANCE_READ, .apply = subscribe_apply,
};

void
handle_calendar_subscribe(struct request *r)
{
	static const char *const allowed[] = { NULL };
	unsigned char hash[TOKEN_HASH_LEN];
	char token[TOKEN_TEXT_LEN + 1];
	struct meeting_run run;

	/* A feed's token is a credential: made in a signed-in session only, as API tokens. */
	if (!session_required(r) || !input_done(r, allowed))
		return;
	token_new(token);
	token_hash(token, strlen(token), hash);
	if (meeting_op_perform(r, &subscribe_op, hash, &run))
		reply_json(r, 201, json_pack("{s:s, s:s}", "url", arena_printf(&r->arena,
			   "%s%s%s", FEED_PATH, token, FEED_SUFFIX), "token", token));
	sodium_memzero(token, sizeof(token));
}

static enum ura_status
unsubscribe_apply(struct db *db, struct meeting_run *run)
{
	run->object_type = "mechanism";
	run->object_id = run->mechanism_id;
	return store_calendar_unsubscribe(db, run->r->caller.user.id, run->mechanism_id);
}

static const struct meeting_op unsubscribe_op = {
	.action = "calendar.unsubscribe", .need = GOVERNANCE_READ, .apply = unsubscribe_apply,
};

void
handle_calendar_unsubscribe(struct request *r)
{
	struct meeting_run run;

	if (meeting_op_perform(r, &unsubscribe_op, NULL, &run))
		reply_empty(r, 204);
}

/* ---- the feed ---- */

/* The subscriber of the feed named by the path ("<token>.ics") becomes the caller. */
static enum ura_status
feed_subscriber(struct request *r, int64_t *mechanism_id)
{
	const char *name = r->nparams > 0 ? r->params[0] : "";
	unsigned char hash[TOKEN_HASH_LEN];
	int64_t user_id;
	struct db *db;
	enum ura_status st;

	if (strlen(name) != TOKEN_TEXT_LEN + strlen(FEED_SUFFIX) ||
	    strcmp(name + TOKEN_TEXT_LEN, FEED_SUFFIX) != 0)
		return URA_ENOTFOUND;
	if ((db = store_reader(r->app->store)) == NULL)
		return URA_EUNAVAILABLE;
	token_hash(name, TOKEN_TEXT_LEN, hash);
	if ((st = store_calendar_subscription(db, hash, &user_id, mechanism_id)) != URA_OK ||
	    (st = store_user_by_id(db, &r->arena, user_id, &r->caller.user)) != URA_OK)
		return st;
	return r->caller.user.active ? URA_OK : URA_ENOTFOUND;
}

void
handle_calendar_feed(struct request *r)
{
	struct calendar_input in = { 0 };
	struct meeting_run run;
	int64_t mechanism_id = 0;
	enum ura_status st;

	/* The token is a credential: no log line of this request may carry it. */
	r->path = r->route->pattern;
	if ((st = feed_subscriber(r, &mechanism_id)) != URA_OK) {
		reply_status(r, st);
		return;
	}
	if (!meeting_op_perform_on(r, &feed_op, mechanism_id, &in, &run))
		return;
	if ((st = api_audit_read(r, "calendar.read", "mechanism", mechanism_id, 0, NULL)) != URA_OK)
		reply_status(r, st);
	else
		reply_calendar(r, &run, &in, lang_from_accept_language(r->caller.user.locale));
}
