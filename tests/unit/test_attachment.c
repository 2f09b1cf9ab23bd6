/* Attachments decided (domain/attachment.c): sniffing each allowed type and refusing the
 * rest, plain text scanned across pieces, file names, the per-case limit, and who may list,
 * open, attach and delete on a case, a referral's packet and a meeting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/attachment.h"

#define SNIFF(lit, text) attachment_sniff((const unsigned char *)(lit), sizeof(lit) - 1, (text))

/* A zip's first local file header with `name`, `method` and then `data`. */
static size_t
zip_head(unsigned char *out, const char *name, unsigned method, const char *data)
{
	size_t n = strlen(name), d = strlen(data);

	memset(out, 0, 30);
	memcpy(out, "PK\x03\x04", 4);
	out[8] = (unsigned char)method;
	out[26] = (unsigned char)n;
	memcpy(out + 30, name, n);
	memcpy(out + 30 + n, data, d);
	return 30 + n + d;
}

static void
signatures(void **state)
{
	(void)state;
	assert_int_equal(SNIFF("%PDF-1.7\n%\xe2\xe3", false), ATTACHMENT_PDF);
	assert_int_equal(SNIFF("\xff\xd8\xff\xe0\x00\x10JFIF", false), ATTACHMENT_JPEG);
	assert_int_equal(SNIFF("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", false), ATTACHMENT_PNG);
	/* A signature wins over text; text only when the whole file scanned as text. */
	assert_int_equal(SNIFF("%PDF-1.4 plain", true), ATTACHMENT_PDF);
	assert_int_equal(SNIFF("Vendim: urdhër mbrojtjeje\n", true), ATTACHMENT_TEXT);
	assert_int_equal(SNIFF("Vendim: urdhër mbrojtjeje\n", false), ATTACHMENT_NONE);
}

static void
refusals(void **state)
{
	(void)state;
	assert_int_equal(SNIFF("MZ\x90\0\x03\0\0\0", false), ATTACHMENT_NONE);     /* PE */
	assert_int_equal(SNIFF("\x7f" "ELF\x02\x01", false), ATTACHMENT_NONE);     /* ELF */
	assert_int_equal(SNIFF("GIF89a\x01\0", false), ATTACHMENT_NONE);
	assert_int_equal(SNIFF("%PD", true), ATTACHMENT_TEXT);  /* too short for PDF: text */
	assert_int_equal(SNIFF("\xff\xd8", false), ATTACHMENT_NONE);
	assert_int_equal(attachment_sniff(NULL, 0, true), ATTACHMENT_NONE);
	assert_int_equal(attachment_sniff((const unsigned char *)"", 0, true), ATTACHMENT_NONE);
}

static void
zips(void **state)
{
	unsigned char buf[256];
	size_t n;

	(void)state;
	n = zip_head(buf, "[Content_Types].xml", 8, "");
	assert_int_equal(attachment_sniff(buf, n, false), ATTACHMENT_DOCX);
	n = zip_head(buf, "mimetype", 0, "application/vnd.oasis.opendocument.textPK");
	assert_int_equal(attachment_sniff(buf, n, false), ATTACHMENT_ODT);
	/* A template, a spreadsheet, a compressed "mimetype", another first entry: no. */
	n = zip_head(buf, "mimetype", 0, "application/vnd.oasis.opendocument.text-templatePK");
	assert_int_equal(attachment_sniff(buf, n, false), ATTACHMENT_NONE);
	n = zip_head(buf, "mimetype", 0, "application/vnd.oasis.opendocument.spreadsheetPK");
	assert_int_equal(attachment_sniff(buf, n, false), ATTACHMENT_NONE);
	n = zip_head(buf, "mimetype", 8, "application/vnd.oasis.opendocument.textPK");
	assert_int_equal(attachment_sniff(buf, n, false), ATTACHMENT_NONE);
	n = zip_head(buf, "payload.exe", 8, "MZ");
	assert_int_equal(attachment_sniff(buf, n, false), ATTACHMENT_NONE);
	/* A header that claims a name longer than the bytes there are. */
	n = zip_head(buf, "[Content_Types].xml", 8, "");
	assert_int_equal(attachment_sniff(buf, n - 3, false), ATTACHMENT_NONE);
	assert_int_equal(attachment_sniff(buf, 20, false), ATTACHMENT_NONE);
}

static bool
scan(const char *s, size_t len, size_t piece)
{
	struct text_scan t;

	text_scan_init(&t);
	for (size_t i = 0; i < len; i += piece)
		text_scan_feed(&t, (const unsigned char *)s + i, len - i < piece ? len - i : piece);
	return text_scan_ok(&t);
}

static void
text_across_pieces(void **state)
{
	static const char good[] = "Rešenje ë ç — 𝄞\tok\r\n\f";
	(void)state;
	/* The verdict does not depend on where the pieces break a character. */
	for (size_t piece = 1; piece <= sizeof(good); piece++)
		assert_true(scan(good, sizeof(good) - 1, piece));
	assert_false(scan("a\0b", 3, 1));                 /* NUL */
	assert_false(scan("a\x01", 2, 2));                /* a control character */
	assert_false(scan("a\x7f", 2, 2));                /* DEL */
	assert_false(scan("\xc3", 1, 1));                 /* cut short at the end */
	assert_false(scan("\xc0\xaf", 2, 1));             /* overlong */
	assert_false(scan("\xed\xa0\x80", 3, 1));         /* a surrogate */
	assert_false(scan("\xf4\x90\x80\x80", 4, 2));     /* past U+10FFFF */
	assert_false(scan("\x80", 1, 1));                 /* a stray continuation */
	assert_false(scan("\xff", 1, 1));
	assert_true(scan("", 0, 1));
}

static void
names(void **state)
{
	char long_name[300];

	(void)state;
	assert_int_equal(attachment_name_check("Urdhër mbrojtjeje.pdf", 22), MSG_COUNT);
	assert_int_equal(attachment_name_check("", 0), MSG_REQUIRED);
	assert_int_equal(attachment_name_check(NULL, 0), MSG_REQUIRED);
	assert_int_equal(attachment_name_check("../x.pdf", 8), MSG_INVALID_CHARACTERS);
	assert_int_equal(attachment_name_check("a\\b", 3), MSG_INVALID_CHARACTERS);
	assert_int_equal(attachment_name_check("a\nb", 3), MSG_INVALID_CHARACTERS);
	assert_int_equal(attachment_name_check("..", 2), MSG_INVALID_CHARACTERS);
	assert_int_equal(attachment_name_check("\xff.pdf", 5), MSG_INVALID_UTF8);
	memset(long_name, 'a', sizeof(long_name));
	assert_int_equal(attachment_name_check(long_name, 255), MSG_COUNT);
	assert_int_equal(attachment_name_check(long_name, 256), MSG_TOO_LONG);
}

static void
media_types(void **state)
{
	(void)state;
	for (int t = ATTACHMENT_NONE + 1; t < ATTACHMENT_TYPE_COUNT; t++)
		assert_int_equal(attachment_type_of(attachment_media_type((enum attachment_type)t)),
				 t);
	assert_null(attachment_media_type(ATTACHMENT_NONE));
	assert_int_equal(attachment_type_of("application/x-msdownload"), ATTACHMENT_NONE);
	assert_int_equal(attachment_type_of(NULL), ATTACHMENT_NONE);
}

static void
case_limit(void **state)
{
	(void)state;
	assert_true(attachment_fits_case(100, 0, 100));
	assert_true(attachment_fits_case(40, 60, 100));
	assert_false(attachment_fits_case(41, 60, 100));
	assert_false(attachment_fits_case(1, 100, 100));
	assert_false(attachment_fits_case(INT64_MAX, 1, INT64_MAX)); /* no overflow */
}

#define CAT(c) (1u << (c))

static void
case_rights(void **state)
{
	struct policy_decision owner = { .access = ACCESS_OWNER, .readable = CATEGORIES_ALL };
	struct policy_decision reader = { .access = ACCESS_READ,
					  .readable = CAT(CAT_IDENTITY) | CAT(CAT_LEGAL) };
	struct policy_decision summary = { .access = ACCESS_SUMMARY };
	struct policy_decision packet = { .access = ACCESS_PACKET };
	struct attachment_rights r;

	(void)state;
	r = attachment_case_rights(&owner, 1u << PERM_NOTE);
	assert_true(r.visible && r.manage);
	assert_true(attachment_readable(&r, CAT_HEALTH));
	r = attachment_case_rights(&reader, 1u << PERM_NOTE);
	assert_true(attachment_readable(&r, CAT_LEGAL));
	assert_false(attachment_readable(&r, CAT_HEALTH));
	assert_int_equal(r.writable, reader.readable);
	assert_true(attachment_may_delete(&r, CAT_LEGAL, 4, 4));   /* its own */
	assert_false(attachment_may_delete(&r, CAT_LEGAL, 4, 5));  /* another's */
	assert_false(attachment_may_delete(&r, CAT_HEALTH, 4, 4)); /* no longer readable */
	/* Break glass reads but never writes (no PERM_NOTE). */
	r = attachment_case_rights(&reader, 0);
	assert_int_equal(r.writable, 0);
	assert_false(attachment_may_delete(&r, CAT_LEGAL, 4, 4));
	assert_false(attachment_case_rights(&summary, 1u << PERM_NOTE).visible);
	assert_false(attachment_case_rights(&packet, 1u << PERM_NOTE).visible);
}

static void
referral_rights(void **state)
{
	struct attachment_referral f = {
		.status = REFERRAL_SENT, .shared = CAT(CAT_IDENTITY) | CAT(CAT_HEALTH),
		.consented = CAT(CAT_IDENTITY), .caller_sends = true, .caller_is_staff = true,
	};
	struct attachment_rights r;

	(void)state;
	r = attachment_referral_rights(&f);
	assert_true(r.visible && r.manage);
	assert_int_equal(r.writable, f.shared);
	f.status = REFERRAL_COMPLETED; /* no longer live: nothing added */
	assert_int_equal(attachment_referral_rights(&f).writable, 0);

	f.caller_sends = false;
	f.caller_receives = true;
	for (int s = REFERRAL_SENT; s <= REFERRAL_CANCELLED; s++) {
		f.status = (enum referral_status)s;
		r = attachment_referral_rights(&f);
		assert_true(r.visible);
		assert_int_equal(r.writable, 0);
		assert_false(r.manage);
		/* Shared and consented, until declined or cancelled. */
		assert_int_equal(r.readable, s == REFERRAL_DECLINED || s == REFERRAL_CANCELLED
					     ? 0 : CAT(CAT_IDENTITY));
	}
	f.status = REFERRAL_ACCEPTED;
	f.emergency_basis = true; /* shared without consent: what it shares */
	assert_int_equal(attachment_referral_rights(&f).readable, f.shared);
	f.caller_receives = false;
	assert_false(attachment_referral_rights(&f).visible);
}

static void
meeting_rights(void **state)
{
	struct attachment_rights r;

	(void)state;
	assert_false(attachment_meeting_rights(GOVERNANCE_NONE).visible);
	r = attachment_meeting_rights(GOVERNANCE_MEMBER);
	assert_true(attachment_readable(&r, -1));
	assert_int_equal(r.writable, 0);
	assert_false(attachment_may_delete(&r, -1, 3, 3));
	r = attachment_meeting_rights(GOVERNANCE_MANAGE);
	assert_true(r.writable != 0 && attachment_may_delete(&r, -1, 0, 3));
}

static void
file_sweep(void **state)
{
	const int64_t now = 1800000000, day = ATTACHMENT_ORPHAN_GRACE_SECONDS;

	(void)state;
	/* A row's bytes are kept however old; a purged row's go however young. */
	assert_false(attachment_file_sweepable(FILE_LIVE, now - 100 * day, now));
	assert_true(attachment_file_sweepable(FILE_PURGED, now, now));
	/* No row: kept for a day (an upload between its rename and its commit), then gone. */
	assert_false(attachment_file_sweepable(FILE_UNNAMED, now - day + 1, now));
	assert_false(attachment_file_sweepable(FILE_UNNAMED, now + 60, now));
	assert_true(attachment_file_sweepable(FILE_UNNAMED, now - day, now));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signatures),
		cmocka_unit_test(refusals),
		cmocka_unit_test(zips),
		cmocka_unit_test(text_across_pieces),
		cmocka_unit_test(names),
		cmocka_unit_test(media_types),
		cmocka_unit_test(case_limit),
		cmocka_unit_test(case_rights),
		cmocka_unit_test(referral_rights),
		cmocka_unit_test(meeting_rights),
		cmocka_unit_test(file_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
