/* The SQLite driver for db.h. Internal to src/store/. */
#ifndef URA_STORE_SQLITE_H
#define URA_STORE_SQLITE_H

#include "store/db.h"

/* Opens a connection with Ura's pragmas. `readonly` connections refuse writes. */
struct db *sqlite_db_open(const char *path, bool readonly, bool create, char *err, size_t errlen);
/* Opens the database for a reader that must be its only user (`ura migrate-to`): in a
 * transaction holding the file's exclusive lock until the connection closes, taken at once or
 * refused (err says the database is in use). It only reads; nothing else may open the file
 * meanwhile. */
struct db *sqlite_db_open_alone(const char *path, char *err, size_t errlen);
/* Online backup of the database to `dest` (consistent while others write). */
/* Caps the database at max_bytes (PRAGMA max_page_count): a write past it fails as a full
 * disk would, with URA_EFULL. 0 removes the cap. */
enum ura_status sqlite_db_cap_size(struct db *db, int64_t max_bytes);
/* True while the connection is inside a transaction (SQLite may end one by itself, rolling it
 * back, after a full disk or an I/O error). */
bool sqlite_db_in_transaction(struct db *db);
enum ura_status sqlite_db_backup(struct db *db, const char *dest, char *err, size_t errlen);

#endif
