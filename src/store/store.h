/*
 * The only way to the database. Callers never see SQL or the engine: they get a read
 * connection for their thread, or hand a function to store_write, which runs it inside a
 * transaction and returns once the commit is durable.
 *
 * SQLite: one writer thread commits the transactions of concurrent requests together (group
 * commit); each request's function runs inside its own savepoint, so a failing one rolls back
 * alone. PostgreSQL: each worker runs its own transaction. Callers cannot tell the difference.
 */
#ifndef URA_STORE_H
#define URA_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/status.h"
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
/* Answers URA_OK when a query succeeds now (readiness). */
enum ura_status store_ping(struct store *s);
/* An online, consistent copy of the database into `dest` (SQLite; PostgreSQL: pg_dump). */
enum ura_status store_backup(struct store *s, const char *dest, char *err, size_t errlen);
/* Copies the SQLite backup `source` into `dest`, which must not exist yet (PostgreSQL:
 * pg_restore). The source is checked to be a Ura database first. */
enum ura_status store_restore(const char *source, const char *dest, char *err, size_t errlen);

/*
 * Whether this process is the leader, the one of several `ura serve` processes on the same
 * database that runs background jobs (the deadline scanner). Cheap enough to call before each
 * round of a job. SQLite: always true (one process serves a file). PostgreSQL: a
 * session-level advisory lock held on a connection of its own; when the leader's process
 * stops (or its connection drops) the lock is freed and the next caller elsewhere takes it.
 */
bool store_leader_try(struct store *s);

/* The calling thread's read connection, opened on first use; NULL when unreachable. On
 * PostgreSQL it reconnects a connection broken by a server restart, and store_write uses the
 * same connection. */
struct db *store_reader(struct store *s);

/*
 * Runs fn(db, ctx) inside a transaction. URA_OK from fn commits, anything else rolls fn's work
 * back; the status of fn (or of the commit) is returned. fn must be quick: no hashing, no
 * network; do slow work before calling.
 */
typedef enum ura_status (*store_write_fn)(struct db *db, void *ctx);
enum ura_status store_write(struct store *s, store_write_fn fn, void *ctx);

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
/* Rows with id > after, by id, at most `limit`; *n is the count. */
enum ura_status store_entity_list(struct db *db, struct arena *a, const struct entity_def *def,
				  int64_t after, int limit, struct record **out, int *n);

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
enum ura_status store_institution_exists(struct db *db, int64_t id);
enum ura_status store_municipality_exists(struct db *db, int64_t id);

/* ---- cases (store/cases.c) ---- */

/* Ciphertext as stored (crypt/field.c); len 0 means none. */
struct blob {
	const unsigned char *p;
	size_t len;
};

/* A case row. Personal data only in the encrypted blobs; the rest reveals no one. */
struct case_row {
	int64_t id, mechanism_id, owner_institution_id, survivor_birth_year, version;
	int64_t created_by, created_at, updated_at, closed_at;
	const char *reference, *kind, *status, *risk_level, *survivor_sex, *outcome;
	bool imminent_danger, repeat, address_confidential;
	struct blob identity, contact, children, perpetrator;
	struct blob survivor_index, perpetrator_index; /* BLIND_INDEX_LEN bytes, or none */
	int64_t mechanism_coordinator_id;              /* read by store_case_get, 0 if none */
};

/* The next number of a municipality's case references in `year` (1, 2, ...). */
enum ura_status store_case_reference_next(struct db *db, int64_t municipality_id, int64_t year,
					  int64_t *number);
/* Inserts the plain columns of `c` (its reference included); the personal columns follow in
 * store_case_set_personal once the id, which their encryption binds to, is known. */
enum ura_status store_case_insert(struct db *db, const struct case_row *c, int64_t *id);
enum ura_status store_case_set_personal(struct db *db, const struct case_row *c);
enum ura_status store_case_get(struct db *db, struct arena *a, int64_t id, struct case_row *out);
/* Other cases whose blind index equals `index` (survivor or perpetrator), newest first,
 * created at or after `since` (0: any time); at most `max`. */
struct case_match {
	int64_t id, owner_institution_id, created_at;
};
enum ura_status store_cases_matching(struct db *db, struct arena *a, bool perpetrator,
				     const unsigned char *index, size_t len, int64_t except_id,
				     int64_t since, int max, struct case_match **out, int *n);

/* What creating a case in a mechanism needs to know, in one query. */
struct mechanism_facts {
	const char *kind, *municipality_code;
	int64_t municipality_id, coordinator_user_id;
	bool institution_is_member; /* of the institution asked about */
};
enum ura_status store_mechanism_facts(struct db *db, struct arena *a, int64_t mechanism_id,
				      int64_t institution_id, struct mechanism_facts *out);

struct incident_row {
	int64_t id, case_id, created_at;
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
	struct blob reason, justification, answer, outcome, address_reason; /* encrypted */
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
struct case_filter {
	int64_t institution_id, coordinator_user_id, after;
	const char *status, *risk_level, *kind, *reference_prefix; /* NULL: any */
	int limit;
};
enum ura_status store_case_list(struct db *db, struct arena *a, const struct case_filter *f,
				struct case_row **out, int *n);

/* ---- the wrapped data key (store/keys.c) ---- */

/* The wrapped data key; URA_ENOTFOUND before the first one is stored. */
enum ura_status store_data_key_get(struct db *db, unsigned char *wrapped, size_t len);
/* Stores the first wrapped key, or replaces it (rotation). */
enum ura_status store_data_key_put(struct db *db, const unsigned char *wrapped, size_t len,
				   int64_t now);

/* ---- audit (store/audit.c) ---- */

struct audit_row {
	int64_t id, at, actor_user_id, institution_id, object_id, case_id;
	const char *action, *object_type, *request_id, *fields;
	unsigned char prev_hash[32], hash[32];
};
/* Takes the next sequence number and the chain's head hash (locks the head until commit). */
enum ura_status store_audit_advance(struct db *db, int64_t *seq, unsigned char prev_hash[32]);
/* Inserts the entry (its id is the sequence number) and moves the head to its hash. */
enum ura_status store_audit_insert(struct db *db, const struct audit_row *row);
struct audit_filter {
	int64_t user_id, case_id, from, to; /* 0: no filter */
	int64_t before;                     /* cursor: ids below this; 0: from the newest */
	int limit;
};
enum ura_status store_audit_list(struct db *db, struct arena *a, const struct audit_filter *f,
				 struct audit_row **out, int *n);
/* Calls fn for every entry in id order (stops early when fn returns false). */
enum ura_status store_audit_each(struct db *db, bool (*fn)(const struct audit_row *row, void *ctx),
				 void *ctx);
enum ura_status store_audit_head(struct db *db, int64_t *seq, unsigned char hash[32]);

#endif
