/* Versioned schema migrations, embedded in the binary from src/store/migrations/<engine>/. */
#ifndef URA_STORE_MIGRATE_H
#define URA_STORE_MIGRATE_H

struct migration {
	int version;      /* NNN of NNN_name.sql; 0 ends the list */
	const char *name;
	const char *sql;
};

extern const struct migration migrations_sqlite[];
extern const struct migration migrations_postgres[];

#endif
