/*
 * What every handler can reach: the store and the settings. One per process, created by
 * `ura serve`, shared read-only by all workers.
 */
#ifndef URA_API_APP_H
#define URA_API_APP_H

#include <stdatomic.h>

#include "core/config.h"
#include "http/request.h"
#include "http/router.h"
#include "http/server.h"
#include "store/store.h"

struct keys;
struct attachment_files;

struct app {
	struct store *store;
	const struct config *config;
	const struct keys *keys; /* the unwrapped data key, owned by `ura serve` */
	struct attachment_files *files; /* attachments' bytes (store/attachments.h); NULL: none */
	/* Called once, after the first request is answered (`ura serve` then starts its jobs);
	 * NULL: nothing to call. */
	void (*first_answered)(void *ctx);
	void *first_answered_ctx;
	atomic_bool answered;
};

/* The route table (api/routes.c). */
extern const struct route api_routes[];
extern const int api_nroutes;

/* Routing, body checks, authentication and CSRF, then the route's handler (api/dispatch.c). */
void api_dispatch(struct request *r);
/* Matches the route and says where it runs: quick ones on the event thread, those that hash
 * passwords on the hashing workers, the rest on the request workers. */
enum server_lane api_lane(struct request *r);

/*
 * Appends an audit entry for the signed-in caller's request (call inside a store_write
 * function). `fields` is a JSON array of changed field names, or NULL.
 */
enum ura_status api_audit(struct db *db, const struct request *r, const char *action,
			  const char *object_type, int64_t object_id, const char *fields);

/* The same for an event about a case (the audit's case_id is set). */
enum ura_status api_audit_case(struct db *db, const struct request *r, const char *action,
			       const char *object_type, int64_t object_id, int64_t case_id,
			       const char *fields);
/* The same with the entry's detail: a JSON object text of codes, never personal data. */
enum ura_status api_audit_case_detail(struct db *db, const struct request *r, const char *action,
				      const char *object_type, int64_t object_id,
				      int64_t case_id, const char *fields, const char *detail);

/* Records a read in its own write transaction, before the answer leaves (every read of case
 * data is on record with the categories or fields it returned). */
enum ura_status api_audit_read(struct request *r, const char *action, const char *object_type,
			       int64_t object_id, int64_t case_id, const char *fields);

/* Whether the request's body is an HTML form (application/x-www-form-urlencoded). */
bool request_is_form(const struct request *r);

/* The caller's read connection; replies 503 and returns NULL when the database is down. */
struct db *api_reader(struct request *r);

#endif
