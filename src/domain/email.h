/*
 * Notifications by e-mail: what a message says, and when a failed one is tried again. Pure.
 *
 * A message says only that there is something to see: the kind of notification (its label
 * in the user's language, given by the caller), the case reference (KOR-2026-0042: a
 * reference, not a person), and a link to the notifications screen. Never a name, an
 * address, or any text written about a case: the message crosses mail servers Ura does not
 * control.
 */
#ifndef URA_DOMAIN_EMAIL_H
#define URA_DOMAIN_EMAIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"

#define EMAIL_SUBJECT_MAX 200
#define EMAIL_BODY_MAX 1200

/* Writes the subject and the plain-text body. `reference` may be NULL (a notification about
 * no case); `link` is the address of the notifications screen. */
void email_compose(enum lang lang, const char *kind_label, const char *reference,
		   const char *link, char subject[EMAIL_SUBJECT_MAX], char body[EMAIL_BODY_MAX]);

/* A message is tried this many times, then given up (and stays visible in the outbox). */
#define EMAIL_ATTEMPTS_MAX 8
/* When to try again after `attempts` failed tries (1, 2, …): 1, 2, 4, … minutes, at most 4
 * hours between tries. */
int64_t email_retry_at(int attempts, int64_t now);

#endif
