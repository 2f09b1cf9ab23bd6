/* The service directory's export rows (see directory_export.h). */
#include "store/directory_export.h"

#include "store/rows.h"

static void
read_entry(struct db *db, struct db_stmt *st, struct arena *a, void *row)
{
	struct directory_entry *e = row;

	e->id = db_col_int(db, st, 0);
	e->uuid = row_text(db, st, 1, a);
	e->name = row_text(db, st, 2, a);
	e->type = row_text(db, st, 3, a);
	e->phone = row_text(db, st, 4, a);
	e->email = row_text(db, st, 5, a);
	e->address = row_text(db, st, 6, a);
	e->postal_code = row_text(db, st, 7, a);
	e->services = row_text(db, st, 8, a);
	e->languages = row_text(db, st, 9, a);
	e->opening_hours = row_text(db, st, 10, a);
	e->updated_at = db_col_int(db, st, 11);
	e->city = row_text(db, st, 12, a);
	e->region = row_text(db, st, 13, a);
	e->country = row_text(db, st, 14, a);
}

enum ura_status
store_directory_entries(struct db *db, struct arena *a, bool listed_only,
			struct directory_entry **out, int *n)
{
	static struct db_query q = DB_QUERY(
		"SELECT i.id, i.directory_uuid, i.name, i.type, i.phone, i.email, i.address, "
		"i.postal_code, i.services, i.languages, i.opening_hours, i.updated_at, m.name, "
		"m.region, m.country FROM institutions i JOIN municipalities m ON m.id = "
		"i.municipality_id WHERE i.listed = 1 OR $1 = 0 ORDER BY i.name, i.id LIMIT $2");
	struct db_stmt *st = db_prepare(db, &q);

	*n = 0;
	if (st == NULL)
		return URA_EINTERNAL;
	db_bind_int(db, st, 1, listed_only ? 1 : 0);
	db_bind_int(db, st, 2, DIRECTORY_EXPORT_MAX);
	return rows_read(db, st, a, DIRECTORY_EXPORT_MAX, sizeof(**out), read_entry, (void **)out,
			 n);
}
