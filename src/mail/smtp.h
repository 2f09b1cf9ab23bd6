/*
 * One e-mail, sent over SMTP with libcurl: STARTTLS when the settings ask for it (then
 * required, with the server's certificate checked), authentication when a user name is set.
 * Blocking; called by the mailer's thread only, never by a request.
 */
#ifndef URA_MAIL_SMTP_H
#define URA_MAIL_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/config.h"

bool smtp_global_init(void);
void smtp_global_cleanup(void);

/* Sends `subject` and the plain-text `body` (UTF-8) to `to`. false with the server's answer
 * (or curl's reason) in err. */
bool smtp_send(const struct config *cfg, const char *to, const char *subject, const char *body,
	       char *err, size_t errlen);

#endif
