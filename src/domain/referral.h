/*
 * The referral state machine and its clocks. Pure.
 *
 *   sent ──accept──▶ accepted ──start──▶ in_progress ──complete──▶ completed
 *     │                 │                    │
 *     ├──decline──▶ declined                 │
 *     └──cancel (sender)──▶ cancelled ◀──────┴── (cancel also from accepted, in_progress)
 *
 * Only the recipient accepts, declines, starts and completes; only the sender cancels, and only
 * while the referral is sent, accepted or in progress. A wrong party is URA_EFORBIDDEN (403); a wrong state is
 * URA_ECONFLICT (409).
 */
#ifndef URA_DOMAIN_REFERRAL_H
#define URA_DOMAIN_REFERRAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/status.h"
#include "domain/policy.h"

enum referral_action { REFERRAL_ACCEPT, REFERRAL_DECLINE, REFERRAL_START, REFERRAL_COMPLETE,
		       REFERRAL_CANCEL };
enum urgency { URGENCY_EMERGENCY, URGENCY_URGENT, URGENCY_ROUTINE };

/* The names, by enum and NULL-terminated: statuses, urgencies, and the bases a referral shares
 * on ("consent", "emergency"). */
extern const char *const referral_status_names[];
extern const char *const urgency_names[];
extern const char *const referral_bases[];

const char *referral_status_name(enum referral_status s);
int referral_status_parse(const char *name); /* -1 when unknown */
const char *urgency_name(enum urgency u);
int urgency_parse(const char *name);          /* -1 when unknown */
/* The services a referral asks for are those institutions offer: service_kinds in
 * domain/directory.h (one list, so the two cannot drift apart). A referral asks the recipient
 * only for a service it offers: `services` is its list as a JSON array text. */
bool referral_service_offered(const char *services, const char *service);

/* The next state, when the actor's institution may take `action` from `from`. */
enum ura_status referral_transition(enum referral_status from, enum referral_action action,
				    bool actor_is_sender, bool actor_is_recipient,
				    enum referral_status *to);

/* Seconds to respond, per urgency (defaults: 24 h, 72 h, 10 days). */
struct referral_deadlines {
	int64_t emergency, urgent, routine;
};
extern const struct referral_deadlines referral_deadlines_default;
int64_t referral_respond_by(enum urgency u, int64_t sent_at, const struct referral_deadlines *d);

#endif
