/*
 * Reports made without an account (the public form, POST /public/reports): their
 * vocabularies, the rules a report must keep, the anti-forgery token's lifetime, the limits
 * on one client address, and the receipt's alphabet. Pure: no I/O, no clock, no keys.
 */
#ifndef URA_DOMAIN_PUBLIC_REPORT_H
#define URA_DOMAIN_PUBLIC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/types.h"

/* What happened: violence in the family, gender-based violence, or a hate incident. */
extern const char *const public_report_kinds[];
/* Who reports: the victim, a witness, or an organisation on the victim's behalf. */
extern const char *const public_reporters[];
/* What the reporter reads with the receipt. */
extern const char *const public_report_statuses[];

#define PUBLIC_DESCRIPTION_CHARS 5000
#define PUBLIC_PLACE_CHARS 200
#define PUBLIC_CONTACT_CHARS 400
#define PUBLIC_NAME_CHARS 100
#define PUBLIC_MESSAGE_CHARS 2000

/* The form's anti-forgery token: valid this long after the page was served (a frightened
 * person may take a while), and never from the future beyond a little clock skew. */
#define PUBLIC_FORM_TOKEN_SECONDS (6 * 60 * 60)
#define PUBLIC_FORM_TOKEN_SKEW 300
bool public_form_token_fresh(int64_t issued_at, int64_t now);

/* Reports one client address may make: at most `per_hour` in any hour. Returns the seconds
 * to wait (0: may report) given the count in the last hour and the oldest of them. */
#define PUBLIC_REPORT_WINDOW_SECONDS 3600
int public_report_retry_after(int64_t now, int count, int64_t oldest, int per_hour);

/*
 * The receipt: PUBLIC_RECEIPT_CHARS symbols of a 32-letter alphabet without 0, O, 1 and I
 * (5 bits each: 80 bits), shown in groups of four ("K7QM-3XWD-…"). receipt_normalize
 * accepts what a person may type back: any case, spaces and hyphens anywhere; false when
 * what remains is not a receipt.
 */
#define PUBLIC_RECEIPT_CHARS 16
#define PUBLIC_RECEIPT_TEXT (PUBLIC_RECEIPT_CHARS + PUBLIC_RECEIPT_CHARS / 4) /* with hyphens + NUL */
extern const char public_receipt_alphabet[33];
/* Formats 16 symbol indexes (0..31) as "XXXX-XXXX-XXXX-XXXX". */
void receipt_format(const unsigned char symbols[PUBLIC_RECEIPT_CHARS],
		    char out[PUBLIC_RECEIPT_TEXT]);
bool receipt_normalize(const char *in, char out[PUBLIC_RECEIPT_CHARS + 1]);

/* Whether `url` may be the quick exit's target: http:// or https://, a host, and no
 * character that would need escaping in HTML or JavaScript (quotes, <, >, \, spaces). */
bool public_exit_url_valid(const char *url);

/* A report as given, before it is stored. */
struct public_report_input {
	int64_t municipality_id;
	const char *kind;        /* required */
	const char *bias;        /* JSON list text, or NULL */
	bool wants_contact, wants_contact_given;
	const char *contact;     /* NULL when not given */
};
/*
 * The rules between fields: bias motivations belong to a hate incident only; a reporter who
 * wants contact says how it is safe (contact), and contact details are not kept from one
 * who does not. Adds the errors to `errors`; true when there were none.
 */
bool public_report_check(const struct public_report_input *in, struct field_errors *errors);
/* Whether the reporter wants contact: as said, or (not said) whether they gave a way. */
bool public_report_wants_contact(const struct public_report_input *in);

#endif
