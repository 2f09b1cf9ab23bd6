/* Retention's scan, anonymisation and daily job (see retention.h). */
#include "jobs/retention.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/clock.h"
#include "core/log.h"
#include "domain/clocks.h"
#include "jobs/periodic.h"

/* The job looks every hour whether the day has changed. */
#define ROUND_SECONDS 3600

struct retention_rules
retention_rules_of(const struct config *c)
{
	struct retention_rules r;

	memcpy(r.years, c->retention_years, sizeof(r.years));
	return r;
}

enum ura_status
retention_scan(struct store *s, const struct retention_rules *rules, int64_t now,
	       int64_t after, int max_rows, retention_visit fn, void *ctx, int64_t *next)
{
	int64_t cutoffs[RETENTION_KINDS];
	struct db *db = store_reader(s);
	int read = 0, n = 0, limit = RETENTION_CHUNK;
	enum ura_status st = URA_OK;
	bool go_on = true, end = false;

	if (db == NULL)
		return URA_EUNAVAILABLE;
	retention_closed_cutoffs(rules, now, cutoffs);
	/* Chunk by chunk until the end (n < limit), the budget, or the visitor says stop. */
	while (st == URA_OK && go_on && !end && (max_rows == 0 || read < max_rows)) {
		struct arena a;
		struct retention_row *rows;

		if (max_rows > 0 && max_rows - read < RETENTION_CHUNK)
			limit = max_rows - read;
		arena_init(&a);
		st = store_retention_candidates(db, &a, cutoffs, after, limit, &rows, &n);
		for (int i = 0; st == URA_OK && go_on && i < n; i++) {
			struct retention_facts f = { rows[i].kind, rows[i].status, rows[i].closed_at,
						     rows[i].outcome_at, rows[i].held, false };
			struct retention_decision d = retention_decide(rules, &f, now);
			after = rows[i].id;
			if (d.verdict == RETENTION_DUE || d.verdict == RETENTION_HELD)
				go_on = fn(ctx, &rows[i], &d);
		}
		arena_free(&a);
		read += n;
		end = n < limit;
	}
	*next = go_on && end ? 0 : after;
	return st;
}

struct anonymise_run {
	const struct retention_rules *rules;
	int64_t case_id;
	const struct retention_actor *who;
	enum retention_verdict verdict;
};

static enum ura_status
anonymise_fn(struct db *db, void *ctx)
{
	struct anonymise_run *run = ctx;
	int64_t now = clock_now();
	struct retention_row c;
	struct retention_decision d;
	struct arena a;
	char detail[160];
	enum ura_status st;

	arena_init(&a);
	if ((st = store_retention_case(db, &a, run->case_id, &c)) != URA_OK) {
		arena_free(&a);
		return st;
	}
	d = retention_decide(run->rules, &(struct retention_facts){ c.kind, c.status,
			     c.closed_at, c.outcome_at, c.held, c.anonymised }, now);
	run->verdict = d.verdict;
	if (d.verdict == RETENTION_DUE) {
		snprintf(detail, sizeof(detail), "{\"rule\":\"%s\",\"years\":%d}", d.rule, d.years);
		if ((st = store_case_anonymise(db, &c, now)) == URA_OK)
			st = audit_append(db, &(struct audit_event){
				.actor_user_id = run->who->user_id,
				.institution_id = run->who->institution_id, .action = "case.anonymise",
				.object_type = "case", .object_id = c.id, .case_id = c.id,
				.request_id = run->who->request_id,
				.fields = "[\"identity\",\"contact\",\"children\",\"perpetrator\","
					  "\"incident\",\"notes\",\"legal\",\"risk\",\"attachments\"]",
				.detail = detail }, now);
	}
	arena_free(&a);
	return st;
}

enum ura_status
retention_anonymise(struct store *s, const struct attachment_files *files,
		    const struct retention_rules *rules, int64_t case_id,
		    const struct retention_actor *who, enum retention_verdict *verdict)
{
	struct anonymise_run run = { rules, case_id, who, RETENTION_OPEN };
	enum ura_status st = store_write(s, anonymise_fn, &run);

	*verdict = run.verdict;
	if (st != URA_OK || run.verdict != RETENTION_DUE)
		return st;
	log_event(LOG_INFO, "case_anonymised", "case=%lld", (long long)case_id);
	/* Committed: the case is anonymised whatever happens to its files now. */
	if (attachment_files_remove_case(s, files, case_id) != URA_OK)
		log_event(LOG_WARN, "case_files_left", "case=%lld", (long long)case_id);
	return URA_OK;
}

/* The ids of one chunk of due cases, then each anonymised in its own write. */
struct due_ids {
	int64_t ids[RETENTION_CHUNK];
	int n;
	int64_t held;
};

static bool
collect_due(void *ctx, const struct retention_row *c, const struct retention_decision *d)
{
	struct due_ids *due = ctx;

	if (d->verdict == RETENTION_HELD)
		due->held++;
	else
		due->ids[due->n++] = c->id;
	return true;
}

enum ura_status
retention_apply_all(struct store *s, const struct attachment_files *files,
		    const struct retention_rules *rules, const atomic_bool *stop, int64_t *done,
		    int64_t *held)
{
	static const struct retention_actor nobody = { 0, 0, "retention" };
	int64_t after = 0, now = clock_now();
	enum retention_verdict verdict;
	enum ura_status st;

	*done = *held = 0;
	do {
		struct due_ids due = { .n = 0 };
		st = retention_scan(s, rules, now, after, RETENTION_CHUNK, collect_due, &due,
				    &after);
		for (int i = 0; st == URA_OK && i < due.n; i++) {
			st = retention_anonymise(s, files, rules, due.ids[i], &nobody, &verdict);
			*done += st == URA_OK && verdict == RETENTION_DUE;
		}
		*held += due.held;
	} while (st == URA_OK && after != 0 && !(stop != NULL && atomic_load(stop)));
	if (*done > 0 && store_checkpoint(s) != URA_OK)
		log_event(LOG_WARN, "retention_checkpoint_failed", "cases=%lld", (long long)*done);
	return st;
}

/* ---- the daily job ---- */

struct retention_job {
	struct store *store;
	const struct attachment_files *files;
	struct retention_rules rules;
	bool auto_apply;
	char last_day[CLOCKS_DATE_LEN]; /* the day of the last round that succeeded */
	struct periodic *thread;
	atomic_bool stop; /* a round under way ends at its next chunk */
};

static bool
count_due(void *ctx, const struct retention_row *c, const struct retention_decision *d)
{
	(void)c;
	*(int64_t *)ctx += d->verdict == RETENTION_DUE;
	return true;
}

struct tell_admins {
	const char *day;
};

static enum ura_status
tell_admins_fn(struct db *db, void *ctx)
{
	const struct tell_admins *t = ctx;
	char dedupe[48];

	snprintf(dedupe, sizeof(dedupe), "retention_due:%s", t->day);
	return store_notify_role(db, ROLE_ADMIN, 0, 0, &(struct notification){
		.kind = "retention_due", .object_type = "retention", .dedupe = dedupe }, clock_now());
}

/* The due cases counted chunk by chunk, to the end or until a stop. */
static enum ura_status
count_all_due(struct retention_job *j, int64_t now, int64_t *due)
{
	int64_t after = 0;
	enum ura_status st;

	do
		st = retention_scan(j->store, &j->rules, now, after, RETENTION_CHUNK, count_due,
				    due, &after);
	while (st == URA_OK && after != 0 && !atomic_load(&j->stop));
	return st;
}

static void
retention_round(struct retention_job *j)
{
	char today[CLOCKS_DATE_LEN];
	int64_t due = 0, held = 0;
	enum ura_status st;

	clocks_date_format(clock_now(), today, sizeof(today));
	if (strcmp(today, j->last_day) == 0 || !store_leader_try(j->store))
		return;
	if (j->auto_apply)
		st = retention_apply_all(j->store, j->files, &j->rules, &j->stop, &due, &held);
	else if ((st = count_all_due(j, clock_now(), &due)) == URA_OK && due > 0 &&
		 !atomic_load(&j->stop))
		st = store_write(j->store, tell_admins_fn, &(struct tell_admins){ today });
	if (st != URA_OK) {
		log_event(LOG_ERROR, "retention_round_failed", "status=%s", ura_status_name(st));
		return;
	}
	/* Cut short by the server's stop (the round runs at nice 19, periodic.h, and would hold
	 * the stop for as long as it reads): the next start does it again. */
	if (atomic_load(&j->stop))
		return;
	snprintf(j->last_day, sizeof(j->last_day), "%s", today);
	log_event(LOG_INFO, "retention_round", "mode=%s due=%lld held=%lld",
		  j->auto_apply ? "apply" : "dry_run", (long long)due, (long long)held);
}

static void
job_round(void *ctx)
{
	struct retention_job *j = ctx;

	store_round_begin(j->store);
	retention_round(j);
	store_round_end(j->store);
}

struct retention_job *
retention_job_start(struct store *s, const struct attachment_files *files,
		    const struct config *c, void (*first_round_done)(void *ctx), void *ctx)
{
	struct retention_job *j = calloc(1, sizeof(*j));

	if (j == NULL)
		return NULL;
	*j = (struct retention_job){ .store = s, .files = files, .rules = retention_rules_of(c),
				     .auto_apply = c->retention_auto_apply };
	atomic_init(&j->stop, false);
	/* The first round on the job's thread: it reads every closed case, and the time to
	 * ready must not grow with them. */
	if ((j->thread = periodic_start_now("ura-retention", ROUND_SECONDS, job_round, j,
					    first_round_done, ctx, true)) == NULL) {
		free(j);
		return NULL;
	}
	return j;
}

void
retention_job_stop(struct retention_job *j)
{
	if (j == NULL)
		return;
	atomic_store(&j->stop, true);
	periodic_stop(j->thread);
	free(j);
}
