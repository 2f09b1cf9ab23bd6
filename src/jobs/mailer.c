/* The mailer's rounds (see mailer.h). */
#include "jobs/mailer.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/arena.h"
#include "core/clock.h"
#include "core/labels.h"
#include "core/log.h"
#include "domain/email.h"
#include "jobs/periodic.h"
#include "mail/smtp.h"
#include "store/email_outbox.h"

/* Messages one round sends at most: a round stays short, the next takes the rest. */
#define MAILER_BATCH 20

struct mailer {
	struct store *store;
	const struct config *cfg;
};

/* Tries one message; fills its outcome. */
static void
send_one(const struct config *cfg, const struct email_due *e, int64_t now, struct arena *a,
	 struct email_outcome *out)
{
	enum lang lang = lang_from_accept_language(e->locale);
	char subject[EMAIL_SUBJECT_MAX], body[EMAIL_BODY_MAX], link[600], err[256] = "";

	*out = (struct email_outcome){ .id = e->id, .attempts = e->attempts + 1,
				       .next_attempt_at = now };
	if (!e->wanted) { /* opted out, disabled or no address since it was queued */
		out->give_up = true;
		out->error = "not wanted";
		return;
	}
	snprintf(link, sizeof(link), "%s/#/notifications", cfg->public_url);
	email_compose(lang, label_text("notification_kind", e->kind, lang), e->reference, link,
		      subject, body);
	out->sent = smtp_send(cfg, e->email, subject, body, err, sizeof(err));
	if (out->sent)
		return;
	out->error = arena_strdup(a, err);
	out->give_up = out->attempts >= EMAIL_ATTEMPTS_MAX;
	out->next_attempt_at = email_retry_at(out->attempts, now);
	log_event(LOG_WARN, "email_failed", "outbox_id=%lld attempts=%d", (long long)e->id,
		  out->attempts);
}

struct outcomes {
	struct email_outcome *items;
	int n;
	int64_t now;
};

static enum ura_status
outcomes_fn(struct db *db, void *ctx)
{
	const struct outcomes *o = ctx;

	return store_email_outcomes(db, o->items, o->n, o->now);
}

enum ura_status
mailer_round(struct store *s, const struct config *cfg)
{
	struct outcomes done = { .now = clock_now() };
	struct email_due *due;
	struct arena a;
	struct db *db;
	enum ura_status st;

	if (!store_leader_try(s) || (db = store_reader(s)) == NULL)
		return URA_OK;
	arena_init(&a);
	st = store_email_due(db, &a, done.now, MAILER_BATCH, &due, &done.n);
	if (st == URA_OK && done.n > 0) {
		done.items = arena_alloc(&a, sizeof(*done.items) * (size_t)done.n);
		for (int i = 0; i < done.n; i++)
			send_one(cfg, &due[i], done.now, &a, &done.items[i]);
		st = store_write(s, outcomes_fn, &done);
	}
	if (st != URA_OK)
		log_event(LOG_ERROR, "mailer_round_failed", "status=%s", ura_status_name(st));
	arena_free(&a);
	return st;
}

static void
mailer_tick(void *ctx)
{
	struct mailer *m = ctx;

	store_round_begin(m->store);
	mailer_round(m->store, m->cfg);
	store_round_end(m->store);
}

static struct mailer the_mailer; /* one per process */

struct periodic *
mailer_start(struct store *s, const struct config *cfg, bool *failed)
{
	struct periodic *p;

	*failed = false;
	if (cfg->smtp_host[0] == '\0')
		return NULL;
	if (!smtp_global_init()) {
		*failed = true;
		return NULL;
	}
	the_mailer = (struct mailer){ .store = s, .cfg = cfg };
	if ((p = periodic_start("ura-mailer", cfg->smtp_poll_seconds, mailer_tick,
				&the_mailer)) == NULL)
		*failed = true;
	return p;
}

void
mailer_stop(struct periodic *m)
{
	if (m == NULL)
		return;
	periodic_stop(m);
	smtp_global_cleanup();
}
