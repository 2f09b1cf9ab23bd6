/* `ura migrate`, `ura audit verify`, `ura backup` and `ura restore`. */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "store/attachments.h"

int
cmd_migrate(struct cli *c)
{
	struct store *s = cli_open_store(&c->config, false);

	if (s == NULL)
		return 1;
	printf("ura: %s is at schema version %d\n", c->config.db, store_schema_version(s));
	store_close(s);
	return 0;
}

int
cmd_audit(struct cli *c)
{
	struct audit_verdict v;
	struct store *s;
	struct db *db;
	enum ura_status st;

	if (c->nargs < 1 || strcmp(c->args[0], "verify") != 0) {
		fprintf(stderr, "ura: audit verify --db FILE\n");
		return 2;
	}
	if ((s = cli_open_store(&c->config, false)) == NULL)
		return 1;
	db = store_reader(s);
	st = db != NULL ? audit_verify(db, &v) : URA_EUNAVAILABLE;
	store_close(s);
	if (st != URA_OK) {
		fprintf(stderr, "ura: cannot read the audit log (%s)\n", ura_status_name(st));
		return 1;
	}
	if (!v.intact) {
		printf("audit chain broken at entry %lld: %s\n", (long long)v.first_bad_id, v.reason);
		return 1;
	}
	printf("audit chain intact: %lld entries\n", (long long)v.entries);
	return 0;
}

int
cmd_backup(struct cli *c)
{
	char err[512];
	struct store *s;
	enum ura_status st;

	if (c->nargs < 1) {
		fprintf(stderr, "ura: backup --db FILE DEST\n");
		return 2;
	}
	if ((s = cli_open_store(&c->config, false)) == NULL)
		return 1;
	st = store_backup(s, c->args[0], err, sizeof(err));
	store_close(s);
	/* Attachments' files after the rows: a file is never changed once named, so every file
	 * a row of the copy names is there to be copied (store/attachments.h). */
	if (st == URA_OK)
		st = attachment_files_copy(c->config.db, c->args[0], err, sizeof(err));
	if (st != URA_OK) {
		fprintf(stderr, "ura: %s\n", err);
		return 1;
	}
	printf("ura: backed up %s to %s\n", c->config.db, c->args[0]);
	return 0;
}

int
cmd_restore(struct cli *c)
{
	char err[512];

	if (c->nargs < 1 || c->config.db[0] == '\0') {
		fprintf(stderr, "ura: restore --db FILE SOURCE\n");
		return 2;
	}
	if (store_restore(c->args[0], c->config.db, err, sizeof(err)) != URA_OK ||
	    attachment_files_copy(c->args[0], c->config.db, err, sizeof(err)) != URA_OK) {
		fprintf(stderr, "ura: %s\n", err);
		return 1;
	}
	printf("ura: restored %s into %s; its master key is not in the backup: put the key "
	       "file beside it as %s.key or pass --key\n", c->args[0], c->config.db, c->config.db);
	return 0;
}
