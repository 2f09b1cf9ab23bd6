/* The case-transfer state machine: every action × party × status. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/transfer.h"

static const char *const statuses[] = { "pending", "accepted", "declined", "cancelled" };

static enum ura_status
expected(const char *status, enum transfer_action a, enum transfer_party p)
{
	if (p == TRANSFER_STRANGER)
		return URA_ENOTFOUND;
	if ((a == TRANSFER_CANCEL) != (p == TRANSFER_SENDER))
		return URA_EFORBIDDEN;
	return strcmp(status, "pending") == 0 ? URA_OK : URA_ECONFLICT;
}

static void
every_combination(void **state)
{
	(void)state;
	int ok = 0;

	for (size_t s = 0; s < 4; s++)
		for (int a = TRANSFER_ACCEPT; a <= TRANSFER_CANCEL; a++)
			for (int p = TRANSFER_SENDER; p <= TRANSFER_STRANGER; p++) {
				enum ura_status got = transfer_step_allowed(statuses[s],
					(enum transfer_action)a, (enum transfer_party)p);
				assert_int_equal(got, expected(statuses[s], (enum transfer_action)a,
							       (enum transfer_party)p));
				ok += got == URA_OK;
			}
	/* From pending: the receiver accepts or declines, the sender cancels. */
	assert_int_equal(ok, 3);
}

static void
results(void **state)
{
	(void)state;
	assert_string_equal(transfer_step_result(TRANSFER_ACCEPT), "accepted");
	assert_string_equal(transfer_step_result(TRANSFER_DECLINE), "declined");
	assert_string_equal(transfer_step_result(TRANSFER_CANCEL), "cancelled");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_combination),
		cmocka_unit_test(results),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
