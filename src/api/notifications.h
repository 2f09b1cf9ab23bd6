/* Notifications (api/notifications.c). */
#ifndef URA_API_NOTIFICATIONS_H
#define URA_API_NOTIFICATIONS_H

#include <stddef.h>

#include "http/request.h"

void handle_notifications_list(struct request *r);
void handle_notification_read(struct request *r);
/* The i-th kind of notification the server makes ("referral_received", ...); NULL past the
 * last (for the labels' unit test). */
const char *notification_kind_name(size_t i);

#endif
