/*
 * The mailer: every `smtp_poll_seconds`, the leader process sends the e-mails due from the
 * outbox (store/email_outbox.h), each composed from the notification's kind and case
 * reference only (domain/email.h), and records each outcome: sent, or tried again later
 * (domain/email.h's backoff), or given up after EMAIL_ATTEMPTS_MAX tries. Sending happens on
 * the mailer's own thread, outside any transaction; a request never waits for it.
 */
#ifndef URA_JOBS_MAILER_H
#define URA_JOBS_MAILER_H

#include "core/config.h"
#include "core/status.h"
#include "store/store.h"

struct periodic;

/* One round now, if this process leads. */
enum ura_status mailer_round(struct store *s, const struct config *cfg);
/* The mailer's thread; NULL (and nothing to stop) while no SMTP host is set, or when the
 * thread cannot start (*failed set). */
struct periodic *mailer_start(struct store *s, const struct config *cfg, bool *failed);
void mailer_stop(struct periodic *m);

#endif
