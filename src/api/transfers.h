/* Case transfers between institutions (api/transfers.c). */
#ifndef URA_API_TRANSFERS_H
#define URA_API_TRANSFERS_H

#include <stdbool.h>

#include "domain/transfer.h"
#include "http/request.h"

/* A decision route's argument. */
struct transfer_step {
	enum transfer_action action;
	const char *audit_action; /* "transfer.accept" */
	bool reason_required;     /* decline */
};
extern const struct transfer_step transfer_accept_step, transfer_decline_step,
	transfer_cancel_step;

void handle_case_transfer(struct request *r);
void handle_transfers_list(struct request *r);
void handle_transfer_get(struct request *r);
/* The route's argument says which decision. */
void handle_transfer_step(struct request *r);

#endif
