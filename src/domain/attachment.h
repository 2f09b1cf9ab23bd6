/*
 * Attachments (issue 16, "Documents"), decided: which kinds of file Ura keeps (a content type
 * sniffed from the first bytes against an allow-list, never taken from the client), the
 * file-name rules, the size limits, and who may list, open, add and delete the attachments of
 * a case, an incident, a referral's packet or a meeting. Pure: the API loads the facts (the
 * protocol's decision on the case, the referral, the caller's governance access) and asks.
 */
#ifndef URA_DOMAIN_ATTACHMENT_H
#define URA_DOMAIN_ATTACHMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/i18n.h"
#include "domain/caseload.h"
#include "domain/governance.h"
#include "domain/policy.h"

/* ---- what the file is ---- */

/* The bytes a sniff looks at: enough for every signature, and the first entry of a zip. */
#define ATTACHMENT_SNIFF_BYTES 4096

enum attachment_type {
	ATTACHMENT_NONE, /* not one Ura keeps: 415 */
	ATTACHMENT_PDF, ATTACHMENT_JPEG, ATTACHMENT_PNG, ATTACHMENT_TEXT, ATTACHMENT_DOCX,
	ATTACHMENT_ODT, ATTACHMENT_TYPE_COUNT
};

/* The media type served for `t` ("application/pdf", ...); NULL for ATTACHMENT_NONE. */
const char *attachment_media_type(enum attachment_type t);
/* The enum for a stored media type; ATTACHMENT_NONE for any other text. */
enum attachment_type attachment_type_of(const char *media_type);
/* Every media type Ura keeps, NULL-terminated (the document's enum). */
extern const char *const attachment_media_types[];

/*
 * Plain text is the whole file's property (valid UTF-8, no control characters but tab, line
 * feed, form feed and carriage return), so it is scanned as the bytes pass: start with
 * text_scan_init, feed every piece in order, ask text_scan_ok at the end.
 */
struct text_scan {
	bool bad;
	unsigned need;     /* continuation bytes still expected */
	unsigned cp;       /* the code point being assembled */
	unsigned min;      /* its least value (overlongs are refused) */
};
void text_scan_init(struct text_scan *s);
void text_scan_feed(struct text_scan *s, const unsigned char *p, size_t n);
bool text_scan_ok(const struct text_scan *s);

/*
 * The type of a file from its first `len` bytes (at most ATTACHMENT_SNIFF_BYTES are looked
 * at) and whether the whole file scanned as text. PDF, JPEG and PNG by their signatures; a
 * zip whose first entry is "[Content_Types].xml" is a DOCX, one whose first entry is the
 * stored "mimetype" naming an OpenDocument text is an ODT; any other zip, executable or
 * binary is ATTACHMENT_NONE. An empty file is none of them.
 */
enum attachment_type attachment_sniff(const unsigned char *head, size_t len, bool whole_is_text);

/* ---- names and sizes ---- */

#define ATTACHMENT_NAME_MAX_BYTES 255

/* A file name as a person gave it: 1..255 bytes of UTF-8 without control characters or path
 * separators. MSG_COUNT when it is acceptable, else the message that says why. */
enum msg attachment_name_check(const char *name, size_t len);

/* The settings that bound attachments, as `ura settings` names them. */
#define ATTACHMENT_MAX_FILE_SETTING "attachments.max_file_mb"
#define ATTACHMENT_MAX_CASE_SETTING "attachments.max_case_mb"

/* Whether a file of `size` bytes fits beside `case_total` bytes already attached to the
 * case, under a case limit of `max_case_bytes`. */
bool attachment_fits_case(int64_t size, int64_t case_total, int64_t max_case_bytes);

/* ---- who may ---- */

enum attachment_parent { ATTACH_CASE, ATTACH_INCIDENT, ATTACH_REFERRAL, ATTACH_MEETING,
			 ATTACH_PARENT_COUNT };
/* "case", "incident", "referral", "meeting", by enum attachment_parent, NULL-terminated. */
extern const char *const attachment_parent_names[];

/* What the caller may do with the attachments of one parent. Attachments of a meeting have
 * no category: the sets are CATEGORIES_ALL or empty. */
struct attachment_rights {
	bool visible;           /* the parent is visible at all (else 404) */
	category_set readable;  /* attachments of these categories are listed and opened */
	category_set writable;  /* the caller may attach files of these (none: 403) */
	bool manage;            /* may delete any attachment, not only its institution's */
};

/*
 * A case's or an incident's: read by whoever reads the case's categories (the owner, a
 * referral's recipient, break glass), within the categories it reads; a summary or a packet
 * shows none (404). Attached by the staff who may write notes on the case (domain/caseload),
 * within the categories they read. The owner manages every attachment of its case.
 */
struct attachment_rights attachment_case_rights(const struct policy_decision *d,
						permission_set p);

/* The facts of a referral that decide its packet's attachments. */
struct attachment_referral {
	enum referral_status status;
	category_set shared;      /* the categories the referral shares */
	category_set consented;   /* those the survivor's consent covers for the recipient */
	bool emergency_basis;     /* shared without consent (policy_referral_allowed) */
	bool caller_sends, caller_receives; /* the caller's institution is a party */
	bool caller_is_staff;     /* a caseworker or manager */
};
/*
 * A referral's packet: its parties see it. The sender's staff attach files of the categories
 * the referral shares while it is live (sent, accepted, in progress) and manage them; the
 * recipient reads them within what the referral shares (and, unless it was made on an
 * emergency basis, what consent still covers) until it declines or the sender cancels, which
 * ends access.
 */
struct attachment_rights attachment_referral_rights(const struct attachment_referral *f);

/* A meeting's: read by whoever reads the mechanism's governance, added and managed by its
 * coordinator. */
struct attachment_rights attachment_meeting_rights(enum governance_access a);

/* May the caller open or list an attachment of `category` (-1: a meeting's, none)? */
bool attachment_readable(const struct attachment_rights *r, int category);
/* May the caller delete an attachment that `uploader_institution_id` added? Those who manage
 * the parent, and the staff of the institution that added it while they may still attach. */
bool attachment_may_delete(const struct attachment_rights *r, int category,
			   int64_t caller_institution_id, int64_t uploader_institution_id);

/* ---- the bytes' life: the files sweep ---- */

/* A file no row names is kept this long (by its modification time against the clock): an
 * upload writes its file, then commits its row. */
#define ATTACHMENT_ORPHAN_GRACE_SECONDS 86400

/* What the row naming a stored file says of it. */
enum attachment_file_state {
	FILE_UNNAMED, /* no row: an upload refused after its rename, or a crash before a commit */
	FILE_LIVE,    /* a row whose bytes are kept (deleted ones too, until purged) */
	FILE_PURGED,  /* a row purged (deleted, or its case anonymised): the bytes must go */
};
/* Does the sweep remove a file in `state` last modified at `modified_at`, at `now`? */
bool attachment_file_sweepable(enum attachment_file_state state, int64_t modified_at,
			       int64_t now);

#endif
