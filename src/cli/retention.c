/*
 * `ura retention --dry-run | --apply`: the closed cases past their retention period (one line
 * each: reference, kind, closure date, rule, end of the period, and "held" for those a legal
 * hold keeps), or anonymising every due case, each in a write of its own and audited
 * (jobs/retention.h). Neither needs the key: nothing is decrypted, ciphertext is overwritten.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "domain/clocks.h"
#include "jobs/retention.h"

static bool
print_due(void *ctx, const struct retention_row *c, const struct retention_decision *d)
{
	char closed[CLOCKS_DATE_LEN], expires[CLOCKS_DATE_LEN];
	int64_t *count = ctx;

	clocks_date_format(c->closed_at, closed, sizeof(closed));
	clocks_date_format(d->expires_at, expires, sizeof(expires));
	printf("%s\t%s\tclosed %s\t%s\t%s%s\n", c->reference, c->kind, closed, d->rule, expires,
	       d->verdict == RETENTION_HELD ? "\theld" : "");
	count[d->verdict == RETENTION_HELD]++;
	return true;
}

int
cmd_retention(struct cli *c)
{
	struct retention_rules rules = retention_rules_of(&c->config);
	int64_t counts[2] = { 0, 0 }, next;
	struct attachment_files *files;
	struct store *s;
	enum ura_status st;

	if (c->mode == NULL) {
		fprintf(stderr, "ura: retention --dry-run|--apply --db FILE\n");
		return 2;
	}
	if ((s = cli_open_store(&c->config, false)) == NULL)
		return 1;
	/* SQLite's files of the anonymised cases' attachments, beside a server that may run. */
	files = attachment_files_find(c->config.db);
	if (strcmp(c->mode, "apply") == 0)
		st = retention_apply_all(s, files, &rules, NULL, &counts[0], &counts[1]);
	else
		st = retention_scan(s, &rules, clock_now(), 0, 0, print_due, counts, &next);
	attachment_files_close(files);
	store_close(s);
	if (st != URA_OK) {
		fprintf(stderr, "ura: retention failed (%s)\n", ura_status_name(st));
		return 1;
	}
	printf("%s: %lld cases, %lld kept by a legal hold\n",
	       strcmp(c->mode, "apply") == 0 ? "anonymised" : "due", (long long)counts[0],
	       (long long)counts[1]);
	return 0;
}
