/* `ura migrate-to postgresql://…`: the SQLite database named by --db copied into PostgreSQL
 * (store/copy.h), checked by its row counts and its audit chain on the target, with a table of
 * the counts. */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "store/copy.h"

/* The audit chain verifies on the target, inside the copy's transaction. */
static enum ura_status
audit_check(struct db *target, void *ctx, char *err, size_t errlen)
{
	struct audit_verdict v;
	enum ura_status st = audit_verify(target, &v);
	long long *entries = ctx;

	if (st != URA_OK) {
		snprintf(err, errlen, "cannot read the target's audit log (%s)", ura_status_name(st));
		return st;
	}
	if (!v.intact) {
		snprintf(err, errlen, "the audit chain does not verify on the target at entry %lld: "
			 "%s", (long long)v.first_bad_id, v.reason);
		return URA_EINTERNAL;
	}
	*entries = (long long)v.entries;
	return URA_OK;
}

static void
print_counts(const struct copy_report *r)
{
	if (r->ncounts == 0)
		return;
	printf("%-28s %12s %12s\n", "table", "sqlite", "postgresql");
	for (int i = 0; i < r->ncounts; i++) {
		const struct copy_count *c = &r->counts[i];
		printf("%-28s %12lld %12lld%s\n", c->table, (long long)c->source,
		       (long long)c->target, c->not_copied != NULL ? c->not_copied
			: c->source != c->target ? "  MISMATCH" : "");
	}
}

int
cmd_migrate_to(struct cli *c)
{
	static struct copy_report report;
	char err[1024];
	long long entries = 0;
	enum ura_status st;

	if (c->nargs < 1 || !store_url_is_postgres(c->args[0])) {
		fprintf(stderr, "ura: migrate-to --db FILE postgresql://…\n");
		return 2;
	}
	if (c->config.db[0] == '\0' || store_url_is_postgres(c->config.db)) {
		fprintf(stderr, "ura: --db must name the SQLite database file to copy\n");
		return 2;
	}
	st = store_copy_to_postgres(c->config.db, c->args[0], audit_check, &entries, &report,
				    err, sizeof(err));
	print_counts(&report);
	if (st != URA_OK) {
		fprintf(stderr, "ura: migrate-to failed, the target is unchanged: %s\n", err);
		return 1;
	}
	printf("ura: copied %lld rows (%lld attachment files) in %.2f s (%.0f rows/s); "
	       "audit chain intact on the target: %lld entries\n",
	       (long long)report.rows, (long long)report.files, report.seconds,
	       report.seconds > 0 ? (double)report.rows / report.seconds : 0.0, entries);
	printf("ura: sessions were not copied: everyone signs in again. Point the settings at the "
	       "target (db = the URL, key = %s.key) and start the server\n", c->config.db);
	return 0;
}
