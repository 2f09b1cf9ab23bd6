/* Session lifetimes and sign-in throttling. Pure. */
#include "domain/session.h"

bool
session_is_live(int64_t now, int64_t last_seen_at, int64_t expires_at)
{
	return now < expires_at && now - last_seen_at < SESSION_IDLE_SECONDS;
}

bool
session_needs_touch(int64_t now, int64_t last_seen_at)
{
	return now - last_seen_at >= SESSION_TOUCH_SECONDS;
}

/* Seconds until the oldest failure leaves the window (at least 1). */
static int
wait_for(int64_t now, int64_t oldest)
{
	int64_t w = oldest + THROTTLE_WINDOW_SECONDS - now;
	return w > 0 ? (int)w : 1;
}

int
throttle_retry_after(int64_t now, int account_failures, int64_t account_oldest,
		     int address_failures, int64_t address_oldest)
{
	int wait = 0, w;

	if (account_failures >= THROTTLE_MAX_PER_ACCOUNT)
		wait = wait_for(now, account_oldest);
	if (address_failures >= THROTTLE_MAX_PER_ADDRESS) {
		w = wait_for(now, address_oldest);
		wait = w > wait ? w : wait;
	}
	return wait;
}
