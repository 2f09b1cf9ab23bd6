/* The SQLite driver for db.h. Internal to src/store/. */
#ifndef URA_STORE_SQLITE_H
#define URA_STORE_SQLITE_H

#include "store/db.h"

/* Opens a connection with Ura's pragmas. `readonly` connections refuse writes. */
struct db *sqlite_db_open(const char *path, bool readonly, bool create, char *err, size_t errlen);
/* Online backup of the database to `dest` (consistent while others write). */
enum ura_status sqlite_db_backup(struct db *db, const char *dest, char *err, size_t errlen);

#endif
