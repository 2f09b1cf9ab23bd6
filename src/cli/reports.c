/*
 * `ura reports rebuild`: the summary report's facts and rollups recomputed from the cases and
 * referrals (store/report_rollups.c), in transactions of bounded size; safe while the server
 * runs. Nothing personal is read: the rollups hold only plaintext columns.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void
print_step(const char *step, int64_t done, void *ctx)
{
	(void)ctx;
	printf("%s: %lld steps\n", step, (long long)done);
}

int
cmd_reports(struct cli *c)
{
	struct store *s;
	enum ura_status st;

	if (c->nargs < 1 || strcmp(c->args[0], "rebuild") != 0) {
		fprintf(stderr, "ura: reports rebuild --db FILE\n");
		return 2;
	}
	if ((s = cli_open_store(&c->config, false)) == NULL)
		return 1;
	st = store_report_rebuild(s, print_step, NULL);
	store_close(s);
	if (st != URA_OK) {
		fprintf(stderr, "ura: reports rebuild failed (%s)\n", ura_status_name(st));
		return 1;
	}
	printf("report rollups rebuilt\n");
	return 0;
}
