/* Session lifetimes and sign-in throttling: the rules, without storage. */
#ifndef URA_DOMAIN_SESSION_H
#define URA_DOMAIN_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#define SESSION_IDLE_SECONDS (30 * 60)
#define SESSION_ABSOLUTE_SECONDS (12 * 60 * 60)
/* last_seen_at is refreshed at most this often, so reads do not each cost a write. */
#define SESSION_TOUCH_SECONDS 60

#define THROTTLE_WINDOW_SECONDS (15 * 60)
#define THROTTLE_MAX_PER_ACCOUNT 5
#define THROTTLE_MAX_PER_ADDRESS 20

/* A session is live until its absolute expiry and while used within the idle limit. */
bool session_is_live(int64_t now, int64_t last_seen_at, int64_t expires_at);
bool session_needs_touch(int64_t now, int64_t last_seen_at);

/*
 * Failures within the window, per account and per client address, with the time of the
 * oldest of each. Returns the seconds to wait (0 when sign-in may be tried).
 */
int throttle_retry_after(int64_t now, int account_failures, int64_t account_oldest,
			 int address_failures, int64_t address_oldest);

#endif
