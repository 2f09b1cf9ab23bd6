/* The transfer state machine: pending → accepted | declined | cancelled. */
#include "domain/transfer.h"

#include <stddef.h>
#include <string.h>

const char *const transfer_statuses[] = { "pending", "accepted", "declined", "cancelled", NULL };

enum ura_status
transfer_step_allowed(const char *status, enum transfer_action action, enum transfer_party party)
{
	enum transfer_party needed = action == TRANSFER_CANCEL ? TRANSFER_SENDER
							       : TRANSFER_RECEIVER;

	if (party == TRANSFER_STRANGER)
		return URA_ENOTFOUND;
	if (party != needed)
		return URA_EFORBIDDEN;
	return strcmp(status, "pending") == 0 ? URA_OK : URA_ECONFLICT;
}

const char *
transfer_step_result(enum transfer_action action)
{
	switch (action) {
	case TRANSFER_ACCEPT: return "accepted";
	case TRANSFER_DECLINE: return "declined";
	case TRANSFER_CANCEL: return "cancelled";
	}
	return "pending";
}
