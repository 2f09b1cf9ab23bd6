/*
 * The e-mail outbox (migration 019): the messages due, read with what composing them needs
 * (the address, the language, the notification's kind and case reference: nothing else), and
 * the outcome of each try.
 */
#ifndef URA_STORE_EMAIL_OUTBOX_H
#define URA_STORE_EMAIL_OUTBOX_H

#include <stdbool.h>

#include "store/store.h"

struct email_due {
	int64_t id;
	int attempts;
	bool wanted;            /* the user still wants e-mails and has an address */
	const char *email, *locale, *kind, *reference; /* reference: NULL without a case */
};

/* At most `limit` messages due at `now`, oldest first. */
enum ura_status store_email_due(struct db *db, struct arena *a, int64_t now, int limit,
				struct email_due **out, int *n);

struct email_outcome {
	int64_t id;
	int attempts;           /* after this try */
	bool sent, give_up;
	int64_t next_attempt_at;
	const char *error;      /* the server's answer; NULL when sent */
};

/* Records the outcome of each try, in one transaction (store_write). */
enum ura_status store_email_outcomes(struct db *db, const struct email_outcome *o, int n,
				     int64_t now);

#endif
