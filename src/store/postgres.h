/* The PostgreSQL driver for db.h (libpq). Internal to src/store/. */
#ifndef URA_STORE_POSTGRES_H
#define URA_STORE_POSTGRES_H

#include "store/db.h"

/* True for postgresql:// and postgres:// connection URLs. */
bool pg_url(const char *url);
/* Opens a connection to `url`; NULL (with the reason in err) when the server cannot be reached. */
struct db *pg_db_open(const char *url, char *err, size_t errlen);
/* pg_db_open in two halves, so that several connections are made at once: start sends the
 * first packet and returns; finish waits until the connection is made (as pg_db_open
 * answers; the connection is freed when it failed). */
struct db *pg_db_open_start(const char *url);
struct db *pg_db_open_finish(struct db *db, char *err, size_t errlen);
/*
 * Makes a broken connection usable again (after the server restarted): reconnects when libpq
 * says the connection is bad. URA_OK when it is usable, URA_EUNAVAILABLE when the server still
 * cannot be reached. Call it only outside a transaction.
 */
enum ura_status pg_db_revive(struct db *db);
/* True inside a transaction that can go on: not failed, not ended, the connection alive. */
bool pg_db_in_transaction(struct db *db);

/*
 * COPY ... FROM STDIN (`ura migrate-to`): `sql` starts it; each put sends lines in COPY's
 * text format (any split: the server joins them); end finishes it with the number of rows
 * copied, or, with an abort reason, abandons it (URA_EINTERNAL then). Nothing else may run
 * on the connection in between.
 */
enum ura_status pg_db_copy_begin(struct db *db, const char *sql);
enum ura_status pg_db_copy_put(struct db *db, const char *data, size_t len);
enum ura_status pg_db_copy_end(struct db *db, const char *abort_reason, int64_t *rows);

#endif
