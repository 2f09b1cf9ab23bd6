/*
 * The durable-write ceiling bench/cases.sh measures POST /cases against: bare SQLite, one
 * 800-byte row per transaction, WAL with synchronous=FULL (one fsync per commit, as Ura's
 * writer pays per batch). Built by the bench; never part of `ura`.
 * Usage: sqlite_insert DB SECONDS   (prints the commits per second)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	unsigned char row[800] = { 0 };
	double secs = argc > 2 ? atof(argv[2]) : 5, t0, t;
	long n = 0;

	if (argc < 2 || sqlite3_open(argv[1], &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			     "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, b BLOB)",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t (b) VALUES (?)", -1, &st, NULL) != SQLITE_OK)
		return 1;
	t0 = now();
	do {
		row[n % sizeof(row)]++;
		sqlite3_bind_blob(st, 1, row, sizeof(row), SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return 1;
		sqlite3_reset(st);
		n++;
	} while ((t = now()) - t0 < secs);
	printf("%.0f\n", (double)n / (t - t0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
