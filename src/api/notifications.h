/* Notifications (api/notifications.c). */
#ifndef URA_API_NOTIFICATIONS_H
#define URA_API_NOTIFICATIONS_H

#include "http/request.h"

void handle_notifications_list(struct request *r);
void handle_notification_read(struct request *r);

#endif
