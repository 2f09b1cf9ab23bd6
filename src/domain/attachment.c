/* Attachments decided: sniffing, names, limits, and who may (domain/attachment.h). */
#include "domain/attachment.h"

#include <string.h>

#include "core/utf8.h"

const char *const attachment_parent_names[] = { "case", "incident", "referral", "meeting",
						NULL };

/* By enum attachment_type, after ATTACHMENT_NONE. */
const char *const attachment_media_types[] = {
	"application/pdf", "image/jpeg", "image/png", "text/plain",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	"application/vnd.oasis.opendocument.text", NULL,
};

const char *
attachment_media_type(enum attachment_type t)
{
	return t > ATTACHMENT_NONE && t < ATTACHMENT_TYPE_COUNT ? attachment_media_types[t - 1]
								: NULL;
}

enum attachment_type
attachment_type_of(const char *media_type)
{
	for (int t = ATTACHMENT_NONE + 1; media_type != NULL && t < ATTACHMENT_TYPE_COUNT; t++)
		if (strcmp(media_type, attachment_media_types[t - 1]) == 0)
			return (enum attachment_type)t;
	return ATTACHMENT_NONE;
}

/* ---- plain text, scanned as it passes ---- */

void
text_scan_init(struct text_scan *s)
{
	memset(s, 0, sizeof(*s));
}

/* A code point that has been assembled whole: no overlong, no surrogate, not past U+10FFFF. */
static bool
code_point_ok(unsigned cp, unsigned min)
{
	return cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

/* A lead byte: how many continuation bytes follow, its bits and the least value; false when
 * it cannot start a character (a stray continuation byte, 0xF8 and above). */
static bool
lead_byte(unsigned char c, struct text_scan *s)
{
	if (c >= 0xC0 && c < 0xE0) {
		s->need = 1, s->cp = c & 0x1Fu, s->min = 0x80;
	} else if (c >= 0xE0 && c < 0xF0) {
		s->need = 2, s->cp = c & 0x0Fu, s->min = 0x800;
	} else if (c >= 0xF0 && c < 0xF8) {
		s->need = 3, s->cp = c & 0x07u, s->min = 0x10000;
	} else {
		return false;
	}
	return true;
}

void
text_scan_feed(struct text_scan *s, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n && !s->bad; i++) {
		unsigned char c = p[i];

		if (s->need > 0) {
			if ((c & 0xC0) != 0x80) {
				s->bad = true;
			} else {
				s->cp = (s->cp << 6) | (c & 0x3Fu);
				if (--s->need == 0)
					s->bad = !code_point_ok(s->cp, s->min);
			}
		} else if (c < 0x80) {
			/* Control characters make a file binary, but for the layout ones. */
			s->bad = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ||
				 c == 0x7F;
		} else {
			s->bad = !lead_byte(c, s);
		}
	}
}

bool
text_scan_ok(const struct text_scan *s)
{
	return !s->bad && s->need == 0;
}

/* ---- sniffing ---- */

static bool
starts(const unsigned char *p, size_t len, const char *sig, size_t n)
{
	return len >= n && memcmp(p, sig, n) == 0;
}

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

/*
 * A zip's first local file header (PKWARE APPNOTE 4.3.7): the name at 30, its length at 26,
 * the extra field's length at 28, the method at 8 (0: stored). An ODT's first entry is the
 * stored "mimetype" whose content names the type (OpenDocument 1.2, part 3, 3.3); a DOCX's is
 * "[Content_Types].xml" (ECMA-376 part 2, as Word and LibreOffice write it).
 */
static enum attachment_type
sniff_zip(const unsigned char *p, size_t len)
{
	static const char docx[] = "[Content_Types].xml";
	static const char odt_name[] = "mimetype";
	static const char odt_type[] = "application/vnd.oasis.opendocument.text";
	size_t name_len, extra_len, data;

	if (len < 30)
		return ATTACHMENT_NONE;
	name_len = le16(p + 26);
	extra_len = le16(p + 28);
	if (30 + name_len > len)
		return ATTACHMENT_NONE;
	if (name_len == sizeof(docx) - 1 && memcmp(p + 30, docx, name_len) == 0)
		return ATTACHMENT_DOCX;
	data = 30 + name_len + extra_len;
	if (name_len == sizeof(odt_name) - 1 && memcmp(p + 30, odt_name, name_len) == 0 &&
	    le16(p + 8) == 0 && data + sizeof(odt_type) - 1 <= len &&
	    memcmp(p + data, odt_type, sizeof(odt_type) - 1) == 0 &&
	    (data + sizeof(odt_type) - 1 == len || p[data + sizeof(odt_type) - 1] == 'P'))
		return ATTACHMENT_ODT; /* the next header ("PK") follows the type, not "...text-template" */
	return ATTACHMENT_NONE;
}

enum attachment_type
attachment_sniff(const unsigned char *head, size_t len, bool whole_is_text)
{
	if (len > ATTACHMENT_SNIFF_BYTES)
		len = ATTACHMENT_SNIFF_BYTES;
	if (head == NULL || len == 0)
		return ATTACHMENT_NONE;
	if (starts(head, len, "%PDF-", 5))
		return ATTACHMENT_PDF;
	if (starts(head, len, "\xFF\xD8\xFF", 3))
		return ATTACHMENT_JPEG;
	if (starts(head, len, "\x89PNG\r\n\x1A\n", 8))
		return ATTACHMENT_PNG;
	if (starts(head, len, "PK\x03\x04", 4))
		return sniff_zip(head, len);
	return whole_is_text ? ATTACHMENT_TEXT : ATTACHMENT_NONE;
}

/* ---- names and sizes ---- */

enum msg
attachment_name_check(const char *name, size_t len)
{
	if (name == NULL || len == 0)
		return MSG_REQUIRED;
	if (len > ATTACHMENT_NAME_MAX_BYTES)
		return MSG_TOO_LONG;
	if (!utf8_valid(name, len))
		return MSG_INVALID_UTF8;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c == 0x7F || c == '/' || c == '\\')
			return MSG_INVALID_CHARACTERS;
	}
	/* "." and ".." name directories, never a document. */
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return MSG_INVALID_CHARACTERS;
	return MSG_COUNT;
}

bool
attachment_fits_case(int64_t size, int64_t case_total, int64_t max_case_bytes)
{
	return size >= 0 && case_total >= 0 && size <= max_case_bytes - case_total;
}

/* ---- who may ---- */

struct attachment_rights
attachment_case_rights(const struct policy_decision *d, permission_set p)
{
	struct attachment_rights r = { 0 };

	if (d->access != ACCESS_READ && d->access != ACCESS_OWNER)
		return r; /* a summary or a packet shows no attachment, nor that there are any */
	r.visible = true;
	r.readable = d->readable;
	if (p & (1u << PERM_NOTE))
		r.writable = d->readable;
	r.manage = d->access == ACCESS_OWNER;
	return r;
}

struct attachment_rights
attachment_referral_rights(const struct attachment_referral *f)
{
	struct attachment_rights r = { 0 };
	bool live = f->status == REFERRAL_SENT || f->status == REFERRAL_ACCEPTED ||
		    f->status == REFERRAL_IN_PROGRESS;

	if (!f->caller_sends && !f->caller_receives)
		return r;
	r.visible = true;
	if (f->caller_sends) {
		r.readable = f->shared;
		r.writable = live && f->caller_is_staff ? f->shared : 0;
		r.manage = f->caller_is_staff;
	} else if (f->status != REFERRAL_DECLINED && f->status != REFERRAL_CANCELLED) {
		r.readable = f->shared & (f->emergency_basis ? CATEGORIES_ALL : f->consented);
	}
	return r;
}

struct attachment_rights
attachment_meeting_rights(enum governance_access a)
{
	struct attachment_rights r = { 0 };

	if (a == GOVERNANCE_NONE)
		return r;
	r.visible = true;
	r.readable = CATEGORIES_ALL;
	if (a == GOVERNANCE_MANAGE) {
		r.writable = CATEGORIES_ALL;
		r.manage = true;
	}
	return r;
}

static bool
in_set(category_set set, int category)
{
	if (category < 0) /* a meeting's: any set that is not empty */
		return set != 0;
	return category < CAT_COUNT && (set & (1u << category)) != 0;
}

bool
attachment_readable(const struct attachment_rights *r, int category)
{
	return r->visible && in_set(r->readable, category);
}

bool
attachment_may_delete(const struct attachment_rights *r, int category,
		      int64_t caller_institution_id, int64_t uploader_institution_id)
{
	if (!attachment_readable(r, category))
		return false;
	if (r->manage)
		return true;
	return caller_institution_id > 0 && caller_institution_id == uploader_institution_id &&
	       in_set(r->writable, category);
}

bool
attachment_file_sweepable(enum attachment_file_state state, int64_t modified_at, int64_t now)
{
	switch (state) {
	case FILE_PURGED:
		return true;
	case FILE_UNNAMED:
		return modified_at <= now - ATTACHMENT_ORPHAN_GRACE_SECONDS;
	default:
		return false;
	}
}
