/*
 * Case transfer when the survivor moves: the owner institution hands the case to an
 * institution of another mechanism, which accepts or declines; the sender may cancel while
 * it waits. Pure.
 */
#ifndef URA_DOMAIN_TRANSFER_H
#define URA_DOMAIN_TRANSFER_H

#include "core/status.h"

enum transfer_action { TRANSFER_ACCEPT, TRANSFER_DECLINE, TRANSFER_CANCEL };
enum transfer_party { TRANSFER_SENDER, TRANSFER_RECEIVER, TRANSFER_STRANGER };

/*
 * May `party` take `action` on a transfer in `status`? URA_ENOTFOUND for a stranger (the
 * transfer is not theirs to know of), URA_EFORBIDDEN for the wrong party (only the receiver
 * accepts or declines, only the sender cancels), URA_ECONFLICT when it is no longer pending.
 */
enum ura_status transfer_step_allowed(const char *status, enum transfer_action action,
				      enum transfer_party party);
/* A transfer's statuses, NULL-terminated: pending accepted declined cancelled. */
extern const char *const transfer_statuses[];
/* The status an action leads to: "accepted", "declined", "cancelled". */
const char *transfer_step_result(enum transfer_action action);

#endif
