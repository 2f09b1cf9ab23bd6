/*
 * The only way to the database. Callers never see SQL or the engine: they get a read
 * connection for their thread, or hand a function to store_write, which runs it inside a
 * transaction and returns once the commit is durable.
 *
 * On either engine one writer thread per process commits the transactions of concurrent
 * requests together (group commit); each request's function runs inside its own savepoint, so
 * a failing one rolls back alone. Callers cannot tell the engines apart.
 */
#ifndef URA_STORE_H
#define URA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
#include "domain/suppress.h"
#include "domain/entity.h"
#include "domain/types.h"

struct store;
struct db;

/* True when `url` names a PostgreSQL database (postgresql://... or postgres://...). */
bool store_url_is_postgres(const char *url);
/* Opens the database at `url` (a file path, or postgresql://...). Does not migrate.
 * `create` makes a missing SQLite file; a PostgreSQL database must exist already. */
enum ura_status store_open(struct store **out, const char *url, bool create, char *err,
			   size_t errlen);
/* Stops the writer and closes every connection. */
void store_close(struct store *s);
/* Brings the schema to the newest version; *applied counts the migrations run. */
enum ura_status store_migrate(struct store *s, int *applied, char *err, size_t errlen);
/* The schema version, 0 for an empty database. */
int store_schema_version(struct store *s);
/* Answers URA_OK when a query succeeds now (readiness); URA_EFULL after a write found the
 * database full (disk, or the size cap), until a write succeeds again. */
enum ura_status store_ping(struct store *s);
/* SQLite: caps the database at `max_mb` MiB (0: no cap); a write past it fails as on a full
 * disk (URA_EFULL). PostgreSQL: nothing (its disk is the server's). */
enum ura_status store_cap_size(struct store *s, int max_mb);
/* An online, consistent copy of the database into `dest` (SQLite; PostgreSQL: pg_dump). */
enum ura_status store_backup(struct store *s, const char *dest, char *err, size_t errlen);
/* SQLite: copies every page in the write-ahead log into the database and empties the log, so
 * that no earlier version of an overwritten page stays in a file (after anonymising: the
 * database runs with secure_delete, which zeroes what is deleted or overwritten). PostgreSQL:
 * nothing (a dump holds live rows only; see docs/OPERATIONS.md on VACUUM). */
enum ura_status store_checkpoint(struct store *s);
/* Copies the SQLite backup `source` into `dest`, which must not exist yet (PostgreSQL:
 * pg_restore). The source is checked to be a Ura database first. */
enum ura_status store_restore(const char *source, const char *dest, char *err, size_t errlen);

/*
 * Whether this process is the leader, the one of several `ura serve` processes on the same
 * database that runs background jobs (the deadline scanner). Cheap enough to call before each
 * round of a job. SQLite: always true (one process serves a file). PostgreSQL: a
 * session-level advisory lock held on the writer's connection (taken in a write of its own,
 * so a process that writes leads, and no connection is opened for it); when the leader's
 * process stops (or its connection drops) the lock is freed and the next caller elsewhere
 * takes it.
 */
bool store_leader_try(struct store *s);

/* The calling thread's read connection, opened on first use; NULL when unreachable. On
 * PostgreSQL it reconnects a connection broken by a server restart, and inside a write
 * function it is the write's own connection (which sees the batch's writes). */
struct db *store_reader(struct store *s);
/* The calling thread will read no more (the main thread once the server starts): its read
 * connection goes to the idle ones that requests take (store_read_begin), instead of a request
 * opening one. PostgreSQL only (a new connection is a new server process); SQLite: nothing. */
void store_reader_hand_back(struct store *s);
/* SQLite: from here until store_read_end (or this thread's next store_write, after which a new
 * one starts), the calling thread's reads see one snapshot, in one read transaction. A request
 * is read this way (api_dispatch). PostgreSQL: the request takes an idle connection at its
 * first read (or opens one) and leaves it idle at store_read_end, for any thread's next. */
void store_read_begin(struct store *s);
void store_read_end(struct store *s);
/* A background job's round (jobs/): on PostgreSQL its reads and its writes beside the writer
 * use an idle connection from its first read to store_round_end, which leaves it idle again
 * (a start then opens no connection for its jobs). SQLite: the thread keeps its own. */
void store_round_begin(struct store *s);
void store_round_end(struct store *s);

/*
 * Runs fn(db, ctx) inside a transaction. URA_OK from fn commits, anything else rolls fn's work
 * back; the status of fn (or of the commit) is returned. fn must be quick: no hashing, no
 * network; do slow work before calling.
 */
typedef enum ura_status (*store_write_fn)(struct db *db, void *ctx);
enum ura_status store_write(struct store *s, store_write_fn fn, void *ctx);
/*
 * PostgreSQL: runs fn(db, ctx) in a transaction of its own on the calling thread's read
 * connection, beside the writer, and commits it there. For a background job's write that
 * appends nothing to the audit chain: it then holds neither this process's writer nor the
 * chain's lock that orders every process's batches, however slow the server is to answer.
 * SQLite (one writer per file): store_write.
 */
enum ura_status store_write_beside(struct store *s, store_write_fn fn, void *ctx);
/* True when store_write_beside runs beside the writer (PostgreSQL), for the logs. */
bool store_writes_beside(const struct store *s);
/* The writer's counters since store_open (for /metrics): writes done and the batches (one
 * transaction each) they were committed in, and writes waiting or running now. */
struct store_write_stats {
	int64_t writes, batches, pending;
};
void store_write_stats(struct store *s, struct store_write_stats *out);
/* Inside a store_write function on `db`: the writer batch's audit entries, which audit_append
 * adds to and the batch writes just before its commit (audit/audit.h). NULL on any other
 * connection, or outside a batch. */
struct audit_batch;
struct audit_batch *store_batch_audit(struct db *db);

/* ---- directory entities (store/entity.c) ---- */

/* Prepares the SQL of each entity (once, at start). */
void store_entities_init(const struct entity_def *const *defs);
/* Inserts; checks FIELD_REF values (adding to `errors`, returning URA_EUNPROCESSABLE). */
enum ura_status store_entity_insert(struct db *db, const struct entity_def *def,
				    const struct value *vals, int64_t now, int64_t *id,
				    struct field_errors *errors);
/* Writes every present value of `vals` to row `id`. */
enum ura_status store_entity_update(struct db *db, const struct entity_def *def, int64_t id,
				    const struct value *vals, int64_t now,
				    struct field_errors *errors);
/* Reads row `id` (write-only fields are left absent). URA_ENOTFOUND when there is none. */
enum ura_status store_entity_get(struct db *db, struct arena *a, const struct entity_def *def,
				 int64_t id, struct record *out);
/* Rows with id > after, by id, at most `limit`; *n is the count. `filters` (NULL: none) holds
 * a value per field: the present ones of fields marked F_FILTER must equal the row's. */
enum ura_status store_entity_list(struct db *db, struct arena *a, const struct entity_def *def,
				  const struct value *filters, int64_t after, int limit,
				  struct record **out, int *n);

/* ---- users and sign-in (store/auth.c) ---- */

/* The user and their password hash, for sign-in. URA_ENOTFOUND when unknown. */
enum ura_status store_user_for_sign_in(struct db *db, struct arena *a, const char *username,
				       struct user *out, const char **password_hash);
enum ura_status store_user_by_id(struct db *db, struct arena *a, int64_t id, struct user *out);
enum ura_status store_user_set_password(struct db *db, const char *username, const char *hash,
					int64_t now, int64_t *user_id);
enum ura_status store_user_set_active(struct db *db, const char *username, bool active,
				      int64_t now, int64_t *user_id);

enum ura_status store_session_insert(struct db *db, const unsigned char *token_hash,
				     const unsigned char *csrf_hash, int64_t user_id, int64_t now,
				     int64_t expires_at, int64_t *id);
/* The session's user and CSRF hash, when the session exists. */
struct session_row {
	int64_t id, last_seen_at, expires_at;
	unsigned char csrf_hash[32];
	struct user user;
};
enum ura_status store_session_find(struct db *db, struct arena *a,
				   const unsigned char *token_hash, struct session_row *out);
enum ura_status store_session_touch(struct db *db, int64_t id, int64_t now);
/* The session generation: bumped (by triggers, migration 026) in every transaction that ends
 * a session or changes a user; a session row read after it was is current while it holds. */
enum ura_status store_session_generation(struct db *db, int64_t *out);
enum ura_status store_session_delete(struct db *db, int64_t id);

struct token_row {
	int64_t id, user_id, created_at, expires_at, revoked_at;
	const char *name;
};
enum ura_status store_token_insert(struct db *db, int64_t user_id, const char *name,
				   const unsigned char *token_hash, int64_t now,
				   int64_t expires_at, int64_t *id);
/* An unrevoked, unexpired token's owner. */
enum ura_status store_token_find(struct db *db, struct arena *a, const unsigned char *token_hash,
				 int64_t now, int64_t *token_id, struct user *out);
/* The user's newest STORE_TOKENS_LISTED tokens, revoked ones included. */
#define STORE_TOKENS_LISTED 200
enum ura_status store_token_list(struct db *db, struct arena *a, int64_t user_id,
				 struct token_row **out, int *n);
/* Revokes the user's own token; URA_ENOTFOUND when it is not theirs or already revoked. */
enum ura_status store_token_revoke(struct db *db, int64_t user_id, int64_t token_id,
				   int64_t now);

enum ura_status store_sign_in_failure_add(struct db *db, const char *subject, int64_t now);
/* Failures of `subject` since `since`, and when the oldest of them happened. */
enum ura_status store_sign_in_failures(struct db *db, const char *subject, int64_t since,
				       int *count, int64_t *oldest);
enum ura_status store_sign_in_failures_clear(struct db *db, const char *subject);


/* ---- mechanism members (store/members.c) ---- */

struct member_row {
	int64_t institution_id;
	const char *name, *type, *joined_on;
	int64_t added_at;
};
/* The mechanism's coordinator user id (0 when none). URA_ENOTFOUND without the mechanism. */
enum ura_status store_mechanism_coordinator(struct db *db, int64_t mechanism_id,
					    int64_t *user_id);
enum ura_status store_member_add(struct db *db, int64_t mechanism_id, int64_t institution_id,
				 const char *joined_on, int64_t now);
enum ura_status store_member_remove(struct db *db, int64_t mechanism_id, int64_t institution_id);
enum ura_status store_member_list(struct db *db, struct arena *a, int64_t mechanism_id,
				  struct member_row **out, int *n);
/* The mechanisms an institution is a member of, by mechanism id, a page at a time. */
struct membership_row {
	int64_t mechanism_id;
	const char *joined_on;
};
enum ura_status store_memberships_of(struct db *db, struct arena *a, int64_t institution_id,
				     int64_t after, int limit, struct membership_row **out,
				     int *n);
enum ura_status store_institution_exists(struct db *db, int64_t id);
/* Marks known[i] for each ids[i] that names an institution, in one query. */
enum ura_status store_institutions_known(struct db *db, struct arena *a, const int64_t *ids,
					 int n, bool *known);
enum ura_status store_municipality_exists(struct db *db, int64_t id);

/* ---- cases (store/cases.c) ---- */

/* Ciphertext as stored (crypt/field.c); len 0 means none. */
struct blob {
	const unsigned char *p;
	size_t len;
};

/* The key of a case's encrypted columns (migration 021), read with the case's rows and with
 * rows of other tables that hold its texts: source "case" with `wrapped` its own data key
 * (crypt/field.h), "process" (a case made before 021: the process data key), or "erased"
 * (anonymised: no key, and no ciphertext left). */
struct case_key_cols {
	const char *source;
	struct blob wrapped;
};

/* A case row. Personal data only in the encrypted blobs; the rest reveals no one. */
struct case_row {
	int64_t id, mechanism_id, owner_institution_id, survivor_birth_year, version;
	int64_t created_by, created_at, updated_at, closed_at;
	const char *reference, *kind, *status, *risk_level, *survivor_sex, *outcome;
	const char *next_review_on;                    /* NULL before any assessment */
	bool imminent_danger, repeat, address_confidential;
	bool needs_meeting;                            /* high risk: for the next meeting */
	struct {                                       /* what is late, now */
		int64_t referrals, actions, orders;    /* unanswered, not done, undecided */
		bool review;                           /* the risk review date has passed */
	} overdue;
	int64_t assigned_user_id;                      /* the worker on it, 0: nobody */
	struct blob identity, contact, children, perpetrator;
	struct blob survivor_index, perpetrator_index; /* BLIND_INDEX_LEN bytes, or none */
	struct blob survivor_name_index;               /* names without the birth date */
	struct blob personal_number_index;             /* or none */
	int64_t mechanism_coordinator_id;              /* read by store_case_get, 0 if none */
	struct case_key_cols key;
	int64_t anonymised_at; /* when retention anonymised it (key.source "erased"), or 0 */
};

/* The next number of a municipality's case references in `year` (1, 2, ...). */
enum ura_status store_case_reference_next(struct db *db, int64_t municipality_id, int64_t year,
					  int64_t *number);
/* Inserts the plain columns of `c` (its reference included); the personal columns follow in
 * store_case_set_personal once the id, which their encryption binds to, is known. */
enum ura_status store_case_insert(struct db *db, const struct case_row *c, int64_t *id);
enum ura_status store_case_set_personal(struct db *db, const struct case_row *c);
/* Stores a new case's own wrapped data key (key_source becomes "case"). */
enum ura_status store_case_set_key(struct db *db, int64_t id, const struct blob *wrapped);
/* A case's key columns alone (for writes that hold only the case id); URA_ENOTFOUND. */
enum ura_status store_case_key(struct db *db, struct arena *a, int64_t id,
			       struct case_key_cols *out);
enum ura_status store_case_get(struct db *db, struct arena *a, int64_t id, struct case_row *out);
/* Other cases whose blind index equals `index` (survivor or perpetrator) — for a survivor, or
 * whose personal-number index equals `number_index` — newest first, created at or after
 * `since` (0: any time); at most `max`. */
struct case_match_query {
	bool perpetrator;
	const unsigned char *index;
	size_t len;
	const unsigned char *number_index; /* `len` bytes too, or NULL */
	int64_t except_id, since;
	int64_t viewer_institution_id; /* whose `visible` is computed */
	int64_t mechanism_id;          /* of the case looked from (jurisdiction) */
	int max;
};
struct case_match {
	int64_t id, owner_institution_id, created_at;
	bool visible; /* owned by the viewer's institution, or read by it through a referral
		       * accepted, in progress or completed */
	const char *country, *own_country;  /* of the two mechanisms' municipalities: AL, XK */
	bool cross_border, own_cross_border; /* the two mechanisms' cross_border_sharing */
};
enum ura_status store_cases_matching(struct db *db, struct arena *a,
				     const struct case_match_query *q, struct case_match **out,
				     int *n);

/* What creating a case in a mechanism needs to know, in one query. */
struct mechanism_facts {
	const char *kind, *municipality_code, *name;
	int64_t municipality_id, coordinator_user_id;
	int review_days[4]; /* extreme, high, medium, standard */
	bool institution_is_member; /* of the institution asked about */
};
enum ura_status store_mechanism_facts(struct db *db, struct arena *a, int64_t mechanism_id,
				      int64_t institution_id, struct mechanism_facts *out);

struct incident_row {
	int64_t id, case_id, created_at;
	bool repeat;
	const char *occurred_on, *forms, *place, *bias; /* forms and bias: JSON arrays */
	struct blob narrative;
};
enum ura_status store_incident_insert(struct db *db, const struct incident_row *i, int64_t by,
				      int64_t *id);
enum ura_status store_incident_set_narrative(struct db *db, int64_t id, const struct blob *b);

struct consent_row {
	int64_t id, case_id, recorded_at, withdrawn_at;
	bool given;
	const char *method, *institution_types, *institution_ids, *categories; /* JSON arrays */
};
enum ura_status store_consent_insert(struct db *db, const struct consent_row *c, int64_t by,
				     int64_t *id);
/* The case a consent record belongs to. */
enum ura_status store_consent_case(struct db *db, int64_t id, int64_t *case_id);
/* Marks a consent withdrawn; URA_ECONFLICT when it already was. */
enum ura_status store_consent_withdraw(struct db *db, int64_t id, int64_t now);
/* A case's incidents and consents, oldest first (at most 200 of each). */
enum ura_status store_case_details(struct db *db, struct arena *a, int64_t case_id,
				   struct incident_row **incidents, int *nincidents,
				   struct consent_row **consents, int *nconsents);
enum ura_status store_case_consents(struct db *db, struct arena *a, int64_t case_id,
				    struct consent_row **consents, int *n);
enum ura_status store_case_incidents(struct db *db, struct arena *a, int64_t case_id,
				     struct incident_row **incidents, int *n);

/* ---- referrals (store/referrals.c) ---- */

struct referral_row {
	int64_t id, case_id, from_institution_id, to_institution_id, respond_by;
	int64_t created_by, created_at, updated_at;
	const char *case_reference, *service, *urgency, *status, *share, *basis; /* share: JSON */
	bool address_disclosed;
	struct blob reason, justification, answer, outcome, address_reason; /* case's key */
	struct case_key_cols case_key;
};
/* Inserts the plain columns; the encrypted texts follow once the id is known. */
enum ura_status store_referral_insert(struct db *db, const struct referral_row *r, int64_t *id);
enum ura_status store_referral_set_texts(struct db *db, const struct referral_row *r);
enum ura_status store_referral_get(struct db *db, struct arena *a, int64_t id,
				   struct referral_row *out);
/* Moves a referral from `from` to `to` (with the answer or outcome, if any); URA_ECONFLICT
 * when it is no longer in `from` (someone else moved it first). */
enum ura_status store_referral_move(struct db *db, int64_t id, const char *from, const char *to,
				    const struct blob *answer, const struct blob *outcome,
				    int64_t now);
/* Referrals of a case (for the protocol), at most 200. */
enum ura_status store_case_referrals(struct db *db, struct arena *a, int64_t case_id,
				     struct referral_row **out, int *n);
/* Sent to (incoming) or by an institution, newest first, ids below `before` (0: newest). */
struct referral_filter {
	int64_t institution_id, before;
	bool incoming;
	const char *status; /* NULL: any */
	int limit;
};
enum ura_status store_referral_list(struct db *db, struct arena *a,
				    const struct referral_filter *f, struct referral_row **out,
				    int *n);
/* An institution's type ("shelter"); URA_ENOTFOUND when there is none. */
enum ura_status store_institution_type(struct db *db, struct arena *a, int64_t id,
				       const char **type);

/* The cases a caller may list: owned by `institution_id`, or in a mechanism coordinated by
 * `coordinator_user_id` (0 for either: none). Plain columns only, by id, after `after`. */
enum case_late_filter {
	LATE_FILTER_ANY, LATE_FILTER_SOME, LATE_FILTER_NONE, /* overdue= (absent) true false */
	LATE_FILTER_REFERRALS, LATE_FILTER_ACTIONS, LATE_FILTER_ORDERS, LATE_FILTER_REVIEW,
};
/* Statuses as a set of bits (case_filter.statuses). */
enum { CASE_STATUS_OPEN = 1, CASE_STATUS_ACTIVE = 2, CASE_STATUS_CLOSED = 4,
       CASE_STATUS_ARCHIVED = 8 };
struct case_filter {
	int64_t institution_id, coordinator_user_id, after;
	unsigned statuses;                          /* CASE_STATUS_* bits; 0: any */
	const char *risk_level, *kind, *reference_prefix; /* NULL: any */
	int64_t assigned; /* 0: any; a user id: assigned to them; -1: to nobody */
	enum case_late_filter overdue;
	int64_t mechanism_id; /* 0: any */
	bool expiring_order;  /* only cases with a granted order ending within the warning */
	int limit;
};
enum ura_status store_case_list(struct db *db, struct arena *a, const struct case_filter *f,
				struct case_row **out, int *n);

/* Cases whose survivor matches a blind index (POST /cases/search): those the caller may see
 * (visible, as store_case_list decides) and those it may not within its own country (that
 * of its institution or of the mechanisms it coordinates), newest first, at most `max`. */
enum case_search_by { CASE_SEARCH_NAMES, CASE_SEARCH_NAMES_AND_BIRTH, CASE_SEARCH_NUMBER };
struct case_search_query {
	enum case_search_by by;
	const unsigned char *index; /* names only, names and birth date, or personal number */
	size_t len;
	int64_t institution_id, coordinator_user_id; /* 0: none */
	int max;
};
struct case_search_row {
	struct case_row row; /* plain columns only */
	bool visible;
};
enum ura_status store_case_search(struct db *db, struct arena *a,
				  const struct case_search_query *q, struct case_search_row **out,
				  int *n);
/* Cases registered before the name-only index existed (jobs/reindex.c): ids after `after`
 * whose identity is stored but whose name index is not, by id, at most `limit`. */
struct case_identity_row {
	int64_t id;
	struct blob identity;
	struct case_key_cols key; /* the key it is under */
};
enum ura_status store_cases_unindexed(struct db *db, struct arena *a, int64_t after, int limit,
				      struct case_identity_row **out, int *n);
/* Sets the name index of a case that has none yet. */
enum ura_status store_case_set_name_index(struct db *db, int64_t id, const struct blob *index);
/* The case with this reference; URA_ENOTFOUND when there is none. */
enum ura_status store_case_by_reference(struct db *db, const char *reference, int64_t *id);

/* ---- the wrapped data key (store/keys.c) ---- */

/* The wrapped data key; URA_ENOTFOUND before the first one is stored. */
enum ura_status store_data_key_get(struct db *db, unsigned char *wrapped, size_t len);
/* Stores the first wrapped key, or replaces it (rotation). */
enum ura_status store_data_key_put(struct db *db, const unsigned char *wrapped, size_t len,
				   int64_t now);

/* ---- work on a case (store/case_work.c) ---- */

/* Writes the case's changeable columns (status, flags, sex, birth year, outcome, closed_at, the
 * assigned worker, the encrypted categories and blind indexes) from `c`, if its version is
 * still `expected`; the version grows by one. URA_ESTALE when someone changed the case first. */
enum ura_status store_case_update(struct db *db, const struct case_row *c, int64_t expected,
				  int64_t now, int64_t *new_version);
/* Locks the case's row until the transaction ends, so concurrent writers to one case (several
 * processes on PostgreSQL) take turns and each decides on what the one before committed.
 * URA_ENOTFOUND when there is no such case. */
enum ura_status store_case_lock(struct db *db, int64_t id);
/* A change that is not in the case row itself (a new incident): version + 1, `repeat` or-ed. */
enum ura_status store_case_touch(struct db *db, int64_t id, bool repeat, int64_t now);
/* A transfer accepted: new owner and mechanism, nobody assigned, version + 1. */
enum ura_status store_case_move(struct db *db, int64_t id, int64_t owner_institution_id,
				int64_t mechanism_id, int64_t now);
/* Whether the case has an incident that occurred on or after the date `since` (YYYY-MM-DD). */
enum ura_status store_case_has_incident_since(struct db *db, int64_t case_id, const char *since,
					      bool *out);
enum ura_status store_institution_is_member(struct db *db, int64_t mechanism_id,
					    int64_t institution_id, bool *out);
/* A case reader's institution in one look-up: its type, and whether it is a member of the
 * case's mechanism. URA_ENOTFOUND when there is no such institution. */
enum ura_status store_viewer_facts(struct db *db, struct arena *a, int64_t institution_id,
				   int64_t mechanism_id, const char **type, bool *member);

/* Free texts stored encrypted after their row exists (the row id is in the associated data). */
enum sealed_field {
	SEALED_NOTE_BODY, SEALED_GRANT_JUSTIFICATION, SEALED_TRANSFER_REASON,
	SEALED_TRANSFER_ANSWER, SEALED_ASSESSMENT_ANSWERS, SEALED_ASSESSMENT_REASON,
	SEALED_ACTION_TITLE, SEALED_MEETING_MINUTES, SEALED_AGENDA_TOPIC, SEALED_DECISION_TEXT,
	SEALED_REQUEST_REASON, SEALED_PUBLIC_REPORT_DETAILS, SEALED_PUBLIC_REPORT_MESSAGE,
	SEALED_PUBLIC_REPORT_CLOSE_REASON, SEALED_FIELD_COUNT
};
/* "case_notes", "body" ... as bound into the field's encryption. */
void sealed_field_name(enum sealed_field f, const char **table, const char **column);
enum ura_status store_sealed_set(struct db *db, enum sealed_field f, int64_t id,
				 const struct blob *b);

struct note_row {
	int64_t id, case_id, institution_id, author_user_id, created_at;
	const char *visibility;
	struct blob body;
};
enum ura_status store_note_insert(struct db *db, const struct note_row *n, int64_t *id);
/* Notes of a case the caller's institution may read: its own, and `involved` ones when
 * `reads_involved`; oldest first, after id `after`, at most `limit`. */
enum ura_status store_case_notes(struct db *db, struct arena *a, int64_t case_id,
				 int64_t institution_id, bool reads_involved, int64_t after,
				 int limit, struct note_row **out, int *n);

struct grant_row {
	int64_t id, case_id, institution_id, user_id, created_at, expires_at;
	struct blob justification;
};
enum ura_status store_grant_insert(struct db *db, const struct grant_row *g, int64_t *id);
/* How many emergency accesses the user opened after `since`, and when the oldest of them. */
enum ura_status store_user_grants_since(struct db *db, int64_t user_id, int64_t since,
					int *count, int64_t *oldest);
/* A case's break-glass grants, newest first (at most 50). */
enum ura_status store_case_grants(struct db *db, struct arena *a, int64_t case_id,
				  struct grant_row **out, int *n);

struct transfer_row {
	int64_t id, case_id, from_institution_id, to_institution_id, from_mechanism_id;
	int64_t to_mechanism_id, created_by, created_at, decided_at;
	const char *status, *case_reference;
	struct blob reason, answer;            /* under the case's key */
	struct case_key_cols case_key;
};
/* URA_EEXISTS when the case already has a pending transfer. */
enum ura_status store_transfer_insert(struct db *db, const struct transfer_row *t, int64_t *id);
enum ura_status store_transfer_get(struct db *db, struct arena *a, int64_t id,
				   struct transfer_row *out);
/* pending → `to`; URA_ECONFLICT when it is no longer pending. */
enum ura_status store_transfer_decide(struct db *db, int64_t id, const char *to, int64_t now);
struct transfer_filter {
	int64_t institution_id;
	bool outgoing;
	const char *status; /* NULL: any */
	int64_t after;      /* ids below this one (newest first); 0: from the newest */
	int limit;
};
enum ura_status store_transfer_list(struct db *db, struct arena *a,
				    const struct transfer_filter *f, struct transfer_row **out,
				    int *n);

/* ---- risk, protection orders, case plan (store/case_plan.c) ---- */

struct instrument_row {
	int64_t id, version;
	const char *code, *kind, *definition; /* definition: the JSON file */
};
/* Inserts or replaces (when `version` is not older) the instrument with this code. */
enum ura_status store_instrument_upsert(struct db *db, const struct instrument_row *i,
					int64_t now);
enum ura_status store_instrument_get(struct db *db, struct arena *a, int64_t id,
				     struct instrument_row *out);
/* The instrument with this code ("dv-ura-1"); URA_ENOTFOUND when there is none. */
enum ura_status store_instrument_by_code(struct db *db, struct arena *a, const char *code,
					 struct instrument_row *out);
/* Instruments (of `kind`, NULL: any) by id, after `after`, at most `limit`. */
enum ura_status store_instrument_list(struct db *db, struct arena *a, const char *kind,
				      int64_t after, int limit, struct instrument_row **out,
				      int *n);

struct assessment_row {
	int64_t id, case_id, instrument_id, score, unanswered, assessed_by, assessed_at;
	const char *computed_level, *level, *next_review_on;
	bool critical, overridden;
	struct blob answers, override_reason; /* encrypted */
};
enum ura_status store_assessment_insert(struct db *db, const struct assessment_row *x,
					int64_t *id);
/* The case's latest risk: level, review date, and the meeting mark (or-ed); version + 1. */
enum ura_status store_case_set_risk(struct db *db, int64_t case_id, const char *level,
				    const char *next_review_on, bool needs_meeting, int64_t now);
/* A breach: the review is due on `today` (unless already earlier); version + 1. */
enum ura_status store_case_review_due(struct db *db, int64_t case_id, const char *today,
				      int64_t now);
/* A case's lists, a page at a time: ids after `after`, at most `limit`. */
enum ura_status store_case_assessments(struct db *db, struct arena *a, int64_t case_id,
				       int64_t after, int limit, struct assessment_row **out,
				       int *n);

struct order_row {
	int64_t id, case_id, court_institution_id, decision_due_at, breaches;
	int64_t created_by, created_at, updated_at;
	const char *type, *status, *requested_on, *decided_on, *valid_from, *valid_to;
};
enum ura_status store_order_insert(struct db *db, const struct order_row *o, int64_t *id);
enum ura_status store_order_get(struct db *db, struct arena *a, int64_t id,
				struct order_row *out);
/* pending → granted | denied with the dates; URA_ECONFLICT when no longer pending. */
enum ura_status store_order_decide(struct db *db, const struct order_row *o, int64_t now);
enum ura_status store_order_breach(struct db *db, int64_t order_id, const char *occurred_on,
				   int64_t by, int64_t now);
enum ura_status store_case_orders(struct db *db, struct arena *a, int64_t case_id,
				  int64_t after, int limit, struct order_row **out, int *n);

struct action_row {
	int64_t id, case_id, responsible_institution_id, created_by, created_at, updated_at;
	const char *kind, *due_on, *status;
	struct blob title; /* encrypted */
};
enum ura_status store_action_insert(struct db *db, const struct action_row *x, int64_t *id);
enum ura_status store_action_get(struct db *db, struct arena *a, int64_t id,
				 struct action_row *out);
/* from → to; URA_ECONFLICT when it is no longer `from`. */
enum ura_status store_action_move(struct db *db, int64_t id, const char *from, const char *to,
				  int64_t now);
enum ura_status store_case_actions(struct db *db, struct arena *a, int64_t case_id,
				   int64_t after, int limit, struct action_row **out, int *n);

/* ---- reports (store/reports.c) ---- */

/* One scope and period of the summary report. */
struct report_scope {
	int64_t mechanism_id, municipality_id; /* 0: any */
	int64_t from, to;                      /* [from, to) epoch seconds */
	const char *from_date, *to_date;       /* the same as dates */
	int64_t age_year;                      /* survivors' ages are counted at this year */
	int64_t now;
};
enum report_query {
	REPORT_CASES_BY_KIND, REPORT_CASES_BY_FORM, REPORT_CASES_BY_RISK,
	REPORT_CASES_BY_SEX_AND_AGE, REPORT_REPEAT_CASES, REPORT_REFERRALS_BY_SERVICE,
	REPORT_REFERRALS_BY_INSTITUTION, REPORT_PROTECTION_ORDERS, REPORT_MEETINGS_HELD, REPORT_TRAININGS, REPORT_QUERY_COUNT
};
/* Adds the query's counts to the table's cells, matching rows by label: the tables the
 * rollups do not hold (protection orders, meetings, trainings). */
enum ura_status store_report_table(struct db *db, enum report_query q,
				   const struct report_scope *s, struct report_table *t);
struct report_timings {
	int64_t referrals, accepted, overdue;
	double median_hours, p90_hours; /* of the time from sending to acceptance */
};
/* The tables of cases and referrals (`tables` by query; NULL: not asked for) and the
 * referral timings, from the rollups of migration 024. */
enum ura_status store_report_rollups(struct db *db, const struct report_scope *s,
				     struct report_table *const tables[REPORT_QUERY_COUNT],
				     struct report_timings *out);
/* Whether the query's table comes from store_report_rollups. */
bool store_report_rolled_up(enum report_query q);
/* `ura reports rebuild`: the report rollups recomputed from the source tables, in
 * transactions of bounded size (store/report_rollups.c); `progress` (may be NULL) is told
 * of each step. */
enum ura_status store_report_rebuild(struct store *s,
				     void (*progress)(const char *step, int64_t done, void *ctx),
				     void *ctx);

/* ---- deadlines: store/deadlines.h ---- */

/* ---- notifications (store/notifications.c) ---- */

struct notification {
	const char *kind, *object_type, *dedupe;
	int64_t case_id, object_id;
	int64_t institution_id; /* the institution the event names (0: none) */
};
/* One notification for each active caseworker and manager of the institution, or for one
 * user; a notification whose (user, dedupe) exists already is not made again. */
enum ura_status store_notify_institution(struct db *db, int64_t institution_id,
					 const struct notification *n, int64_t now);
enum ura_status store_notify_user(struct db *db, int64_t user_id, const struct notification *n,
				  int64_t now);
/* One notification for each active user of `role` (of `institution_id` when not 0) other than
 * `except_user_id`. */
enum ura_status store_notify_role(struct db *db, enum role role, int64_t institution_id,
				  int64_t except_user_id, const struct notification *n,
				  int64_t now);

struct notification_row {
	int64_t id, case_id, object_id, institution_id, created_at, read_at;
	const char *kind, *object_type, *case_reference, *institution_name;
};
/* The user's notifications, newest first, with ids below `before` (0: from the newest). */
enum ura_status store_notification_list(struct db *db, struct arena *a, int64_t user_id,
					bool unread_only, int64_t before, int limit,
					struct notification_row **out, int *n);
/* Marks it read (keeping the first time) and returns it; URA_ENOTFOUND when it is not the
 * user's. */
enum ura_status store_notification_read(struct db *db, struct arena *a, int64_t id,
					int64_t user_id, int64_t now, struct notification_row *out);

/* ---- audit (store/audit.c) ---- */

struct audit_row {
	int64_t id, at, actor_user_id, institution_id, object_id, case_id;
	const char *action, *object_type, *request_id, *fields;
	bool flagged; /* for the auditor's attention (a watched account's read) */
	const char *detail; /* a JSON object of codes (referral.create: basis, share), or NULL */
	unsigned char prev_hash[32], hash[32];
	/* Read by store_audit_list only, from the rows the entry names: the case's reference
	 * (NULL without a case), and for referral.create the referral's basis and its sealed
	 * justification (referrals.justification#object_id; empty without one). */
	const char *case_reference, *referral_basis;
	struct blob justification; /* under the case's key: none once it is anonymised */
	struct case_key_cols case_key;
};
/* Reserves the next `count` sequence numbers, the first of them in first_id, and gives the
 * chain's head hash, the one the first new entry links to (locks the head until commit). */
enum ura_status store_audit_advance(struct db *db, int64_t count, int64_t *first_id,
				    unsigned char prev_hash[32]);
/* Inserts the entries (each row's id is its sequence number), several rows per statement. */
enum ura_status store_audit_insert(struct db *db, const struct audit_row *rows, int n);
/* Moves the chain's head to the hash of the last entry inserted. */
enum ura_status store_audit_set_head(struct db *db, const unsigned char hash[32]);
struct audit_filter {
	int64_t user_id, case_id, from, to; /* 0: no filter */
	int64_t institution_id;             /* the actor's institution; 0: no filter */
	const char *action;                 /* an action, or a prefix ending in "."; NULL: any */
	int flagged;                        /* 0: any; 1: flagged only; -1: not flagged */
	const char *basis;                  /* referral.create entries of this basis; NULL: any */
	int64_t before;                     /* cursor: ids below this; 0: from the newest */
	int limit;
};
enum ura_status store_audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
				 struct audit_row **out, int *n);
/* Calls fn for every entry in id order (stops early when fn returns false). */
enum ura_status store_audit_each(struct db *db, bool (*fn)(const struct audit_row *row, void *ctx),
				 void *ctx);
enum ura_status store_audit_head(struct db *db, int64_t *seq, unsigned char hash[32]);

/* ---- the browser UI's screens (store/caseload.c) ---- */

/* What needs action today for one institution and one of its people (GET /worklist). */
struct worklist_scope {
	int64_t institution_id, user_id, now;
	const char *today, *expiring_until; /* dates: orders ending up to this day are expiring */
};
struct worklist {
	int64_t referrals_new, referrals_overdue, reviews_due, actions_overdue;
	int64_t orders_decision_overdue, orders_expiring, transfers_pending, assigned_to_me;
	int64_t notifications_unread;
};
enum ura_status store_worklist(struct db *db, const struct worklist_scope *s,
			       struct worklist *out);

/* People: an institution's active caseworkers and managers, or (for the demo's sign-in page)
 * every active user; by id, after the id `after`, at most `limit`. */
struct staff_row {
	int64_t id;
	const char *display_name, *role, *username, *institution_name; /* institution: or NULL */
};
enum ura_status store_institution_staff(struct db *db, struct arena *a, int64_t institution_id,
					int64_t after, int limit, struct staff_row **out, int *n);
enum ura_status store_demo_accounts(struct db *db, struct arena *a, int64_t after, int limit,
				    struct staff_row **out, int *n);

/* An institution's type and the services it offers (a JSON array text). */
struct institution_offer {
	const char *type, *services;
};
enum ura_status store_institution_offer(struct db *db, struct arena *a, int64_t id,
					struct institution_offer *out);
/* A municipality's country ("AL", "XK"). */
enum ura_status store_municipality_country(struct db *db, struct arena *a, int64_t id,
					   const char **country);

/* The server's own settings (name → text); URA_ENOTFOUND for one never set. */
enum ura_status store_setting_get(struct db *db, struct arena *a, const char *name,
				  const char **value);
enum ura_status store_setting_put(struct db *db, const char *name, const char *value);
/* ---- accounts after a change, and the second factor (store/accounts.c, store/totp.c) ---- */

/* Ends every session of the user but `keep_session_id` (0: all), revokes every API token and
 * ends every calendar subscription. */
enum ura_status store_user_end_sessions(struct db *db, int64_t user_id, int64_t keep_session_id,
					int64_t now);
/* Takes the user row's lock until commit (orders one user's concurrent writes). */
enum ura_status store_user_lock(struct db *db, int64_t user_id);
/* The person's own preferences: `locale` unless NULL, `email_notifications` (0 or 1) unless
 * negative. */
enum ura_status store_user_set_preferences(struct db *db, int64_t user_id, const char *locale,
					   int email_notifications, int64_t now);
/* Carries out domain/accounts' effects (ACCOUNT_*): ends sessions and tokens, starts the
 * watch, tells the institution's managers (notifications staff_account_added and
 * staff_password_reset, naming the user by id only). */
enum ura_status store_account_effects(struct db *db, struct arena *a, int64_t user_id,
				      int64_t institution_id, unsigned effects, int64_t now);

struct totp_row {
	bool enabled;
	int64_t last_step;
	struct blob secret, pending; /* encrypted as users.totp_secret#<id>; len 0: none */
};
enum ura_status store_totp_get(struct db *db, struct arena *a, int64_t user_id,
			       struct totp_row *out);
/* Stores a pending secret (enrolment begun), replacing any earlier pending one. */
enum ura_status store_totp_set_pending(struct db *db, int64_t user_id, const struct blob *b);
/* The pending secret becomes the secret, with `step` already used; the recovery codes are
 * replaced by these hashes. URA_ECONFLICT when nothing is pending. */
enum ura_status store_totp_enable(struct db *db, int64_t user_id, int64_t step,
				  const unsigned char (*code_hashes)[32], int ncodes, int64_t now);
/* Records `step` as used; URA_ECONFLICT when it (or a later one) already was (a replay). */
enum ura_status store_totp_use_step(struct db *db, int64_t user_id, int64_t step);
/* Uses up an unused recovery code of the user; URA_ENOTFOUND when there is none such. */
enum ura_status store_recovery_code_use(struct db *db, int64_t user_id,
					const unsigned char hash[32], int64_t now);
/* No second factor any more: secret, pending secret and recovery codes gone. */
enum ura_status store_totp_remove(struct db *db, int64_t user_id);

/* Local action plans and trainings (store/action_plans.c). */
#include "store/action_plans.h"
/* Meeting requests answered, calendar subscriptions, dashboard, national view
 * (store/coordination.c). */
#include "store/coordination.h"

#endif
