/*
 * An in-process Ura for the fuzz harnesses that need the database: the real route table,
 * dispatch, handlers and store, without libmicrohttpd. A request is built the way
 * src/http/server.c builds it (arena, headers, body) and handed to api_dispatch.
 *
 * The store is a temporary SQLite file made once per process by `ura demo` (the Korçë
 * mechanism, eleven member institutions, one user of every role), in a private directory under
 * $TMPDIR (or /tmp) that is removed at exit. On top of the demo, each user gets an API token
 * and the fixture adds one case (owned by the police), one referral of it to the shelter and
 * one meeting of the mechanism, all through the API. The clock is fixed at 2026-11-23T09:30Z.
 *
 * Fuzzed writes change the database. Two things keep the fixture usable: after any accepted
 * write the harness checks that every fixture token still signs its user in, with the same
 * role and institution (an admin PATCH could disable the caseworker), and every
 * FUZZ_APP_RESET_EVERY requests the pristine copy taken after set-up is put back.
 *
 * FUZZ_APP_TRACE=1 in the environment prints each request and its reply (to check seeds).
 */
#ifndef URA_FUZZ_APP_H
#define URA_FUZZ_APP_H

#include <stddef.h>
#include <stdint.h>

#include "http/request.h"

#define FUZZ_APP_RESET_EVERY 5000

/* Who sends a request; the demo account behind each is named in fuzz_app.c. */
enum fuzz_who {
	FUZZ_ANONYMOUS,
	FUZZ_ADMIN,
	FUZZ_COORDINATOR,
	FUZZ_MANAGER,      /* police */
	FUZZ_CASEWORKER,   /* police: owns the fixture case */
	FUZZ_SHELTER,      /* a caseworker of the shelter: receives the fixture referral */
	FUZZ_SOCIAL,       /* a caseworker of social services: no access to the case */
	FUZZ_NATIONAL,
	FUZZ_AUDITOR,
	FUZZ_NWHO
};

/* Ids of the fixture's objects. */
struct fuzz_ids {
	int64_t mechanism, police, shelter, social, court, case_id, referral, meeting;
};

/* Builds the fixture once (later calls return the same ids); aborts when it cannot. */
const struct fuzz_ids *fuzz_app_init(void);

/* One request header given by a harness. */
struct fuzz_header {
	const char *name, *value;
};

/*
 * Runs one request to completion as `who` (a bearer token; none for FUZZ_ANONYMOUS), with a
 * JSON Content-Type unless `headers` gives one. `query` is the text after '?' (may be NULL).
 * Checks what every reply must be (a reply was set, a known status, a JSON body that parses)
 * and aborts otherwise, so that the fuzzer records the input. Returns the HTTP status.
 */
int fuzz_app_call(enum fuzz_who who, const char *method, const char *path, const char *query,
		  const struct fuzz_header *headers, int nheaders, const char *body,
		  size_t body_len);

/* The case's current version (for If-Match), read from the store; 0 when there is no case. */
int64_t fuzz_app_case_version(int64_t case_id);

/* A path such as "/api/v1/cases/7/referrals", in a static buffer (valid until the next call). */
const char *fuzz_path(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
