/*
 * The one error vocabulary of Ura. Every layer returns these; only http/problem.c maps them to
 * HTTP status codes, and only domain code decides which one applies.
 */
#ifndef URA_STATUS_H
#define URA_STATUS_H

enum ura_status {
	URA_OK = 0,
	URA_EINVAL,        /* malformed input (bad JSON, wrong type): 400 */
	URA_EUNPROCESSABLE,/* well-formed input that breaks a rule: 422 */
	URA_EAUTH,         /* not signed in: 401 */
	URA_EFORBIDDEN,    /* signed in but not allowed: 403 */
	URA_ENOTFOUND,     /* absent or not visible to the caller: 404 */
	URA_ECONFLICT,     /* transition not allowed from the current state: 409 */
	URA_EEXISTS,       /* a unique value already in use (mapped to 422 on its field) */
	URA_ESTALE,        /* changed since the caller read it (If-Match): 412 */
	URA_EPRECONDITION, /* a conditional request is required (If-Match): 428 */
	URA_ETHROTTLED,    /* too many attempts: 429 */
	URA_EUNAVAILABLE,  /* the database cannot be reached: 503 */
	URA_EFULL,         /* the database cannot grow (disk full, or its size cap): 503 */
	URA_EINTERNAL,     /* a bug or an I/O failure: 500 */
};

/* A short English name for logs ("EINVAL"); never shown to users. */
const char *ura_status_name(enum ura_status st);

#endif
