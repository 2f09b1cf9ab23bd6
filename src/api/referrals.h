/* Referrals: sending a case to another institution for a service, and its answers. */
#ifndef URA_API_REFERRALS_H
#define URA_API_REFERRALS_H

#include "domain/referral.h"
#include <jansson.h>

#include "http/request.h"
#include "store/store.h"

/* The referral packet, its texts decrypted; NULL when a text is tampered. */
json_t *referral_json(struct request *r, const struct referral_row *f);

/* A transition route's argument. */
struct referral_step {
	enum referral_action action;
	const char *audit_action; /* "referral.accept": every audit action is a literal */
	bool reason_required;    /* decline, cancel */
	bool outcome_allowed;    /* complete */
};
extern const struct referral_step referral_accept_step, referral_decline_step,
	referral_start_step, referral_complete_step, referral_cancel_step;

void handle_referral_create(struct request *r);
void handle_referrals_list(struct request *r);
/* GET /cases/{id}/referrals: the case's packets its reader's institution is a party to. */
void handle_case_referrals_list(struct request *r);
void handle_referral_get(struct request *r);
/* The route's argument says which transition. */
void handle_referral_step(struct request *r);

#endif
