/* Reports made without an account: the rules (see public_report.h). */
#include "domain/public_report.h"

#include <ctype.h>
#include <string.h>

const char *const public_report_kinds[] = { "domestic_violence", "gbv", "hate_crime", NULL };
const char *const public_reporters[] = { "victim", "witness", "organisation", NULL };
const char *const public_report_statuses[] = { "received", "in_progress", "referred", "closed",
					       NULL };
const char public_receipt_alphabet[33] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

bool
public_form_token_fresh(int64_t issued_at, int64_t now)
{
	return issued_at > 0 && issued_at <= now + PUBLIC_FORM_TOKEN_SKEW &&
	       now - issued_at <= PUBLIC_FORM_TOKEN_SECONDS;
}

int
public_report_retry_after(int64_t now, int count, int64_t oldest, int per_hour)
{
	int64_t wait;

	if (per_hour <= 0 || count < per_hour)
		return 0;
	/* The oldest report in the window leaves it first; then one more may be made. */
	wait = oldest + PUBLIC_REPORT_WINDOW_SECONDS - now;
	return wait > 0 ? (int)wait : 1;
}

void
receipt_format(const unsigned char symbols[PUBLIC_RECEIPT_CHARS], char out[PUBLIC_RECEIPT_TEXT])
{
	size_t o = 0;

	for (int i = 0; i < PUBLIC_RECEIPT_CHARS; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = public_receipt_alphabet[symbols[i] & 31];
	}
	out[o] = '\0';
}

bool
receipt_normalize(const char *in, char out[PUBLIC_RECEIPT_CHARS + 1])
{
	size_t n = 0;

	if (in == NULL)
		return false;
	for (const char *p = in; *p != '\0'; p++) {
		char c = (char)toupper((unsigned char)*p);

		if (c == ' ' || c == '-' || c == '\t')
			continue;
		if ((unsigned char)c > 0x7f || strchr(public_receipt_alphabet, c) == NULL ||
		    c == '\0' || n == PUBLIC_RECEIPT_CHARS)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == PUBLIC_RECEIPT_CHARS;
}

bool
public_exit_url_valid(const char *url)
{
	size_t scheme = strncmp(url, "https://", 8) == 0 ? 8 : strncmp(url, "http://", 7) == 0 ? 7 : 0;

	if (scheme == 0 || url[scheme] == '\0' || url[scheme] == '/')
		return false;
	for (const char *p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || strchr("\"'<>\\`", *p))
			return false;
	return true;
}

bool
public_report_wants_contact(const struct public_report_input *in)
{
	return in->wants_contact_given ? in->wants_contact : in->contact != NULL;
}

bool
public_report_check(const struct public_report_input *in, struct field_errors *errors)
{
	int before = field_errors_seen(errors);
	bool hate = in->kind != NULL && strcmp(in->kind, "hate_crime") == 0;
	bool wants = public_report_wants_contact(in);

	if (!hate && in->bias != NULL && strcmp(in->bias, "[]") != 0)
		field_errors_add(errors, "bias", MSG_BIAS_ONLY_HATE);
	if (wants && in->contact == NULL)
		field_errors_add(errors, "contact", MSG_REQUIRED);
	if (!wants && in->contact != NULL)
		field_errors_add(errors, "contact", MSG_CONTACT_NOT_WANTED);
	return field_errors_seen(errors) == before;
}
