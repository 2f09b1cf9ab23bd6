/*
 * Attachments' handlers (api/attachments.h): the parent each one hangs on and what the caller
 * may do with it, the upload's checks and its one write transaction, the list, the download
 * and the soft delete.
 */
#include "api/attachments.h"

#include "api/case_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/app.h"
#include "api/case_facts.h"
#include "api/case_keys.h"
#include "api/upload.h"
#include "core/clock.h"
#include "crypt/attachment.h"
#include "crypt/field.h"
#include "domain/referral.h"
#include "store/attachments.h"
#include "store/meetings.h"

const enum attachment_parent attach_on_case = ATTACH_CASE, attach_on_incident = ATTACH_INCIDENT,
			     attach_on_referral = ATTACH_REFERRAL,
			     attach_on_meeting = ATTACH_MEETING;

/*
 * The key an attachment's own key is wrapped under: the case's own key (api/case_keys.h), so
 * anonymising the case shreds its attachments' keys, names and bytes with it; a meeting's
 * attachment (`case_id` 0) belongs to no case and takes the process data key. parent_load
 * opened the case's keys for this request; NULL when it did not (nothing then opens). The
 * only place that chooses it: wrapping and unwrapping both ask here.
 */
static const unsigned char *
attachment_wrapping_key(const struct request *r, int64_t case_id)
{
	const struct keys *k = case_id == 0 ? r->app->keys : case_keys_known(r, case_id);

	return k != NULL ? k->data : NULL;
}

void
attachments_reply_limit(struct request *r, int status, enum msg message, int64_t limit_mb,
			const char *setting)
{
	const char *text = i18n_text(message, r->lang), *hole = strstr(text, "{limit}");
	char *detail = hole == NULL ? arena_strdup(&r->arena, text)
				    : arena_printf(&r->arena, "%.*s%lld%s", (int)(hole - text), text,
						   (long long)limit_mb, hole + strlen("{limit}"));

	reply_problem_text(r, status, detail,
			   json_pack("{s:I, s:s}", "limit_mb", (json_int_t)limit_mb, "setting",
				     setting));
}

/* ---- the parent and the caller's rights on it ---- */

struct parent {
	enum attachment_parent kind;
	int64_t id, case_id, mechanism_id;
	bool closed; /* a closed case: a record, nothing added or removed (409) */
	struct attachment_rights rights;
};

static enum ura_status
case_parent(struct request *r, struct db *db, struct parent *p)
{
	struct case_facts f;
	struct policy_decision d;
	enum ura_status st = case_facts_load(r, db, p->case_id, &f);

	if (st != URA_OK)
		return st;
	d = case_facts_decide(r, &f);
	/* The rights of an open case: a closed one is refused after them, with 409. */
	p->closed = strcmp(f.row.status, "closed") == 0;
	p->rights = attachment_case_rights(&d, case_facts_permissions(r, &f, &d, false));
	return URA_OK;
}

static enum ura_status
referral_parent(struct request *r, struct db *db, struct parent *p)
{
	const struct user *u = &r->caller.user;
	struct attachment_referral x = { 0 };
	struct referral_row ref;
	struct case_facts f;
	enum ura_status st;
	bool reads_cases = u->role != ROLE_ADMIN && u->role != ROLE_NATIONAL &&
			   u->role != ROLE_AUDITOR && u->institution_id > 0;

	if ((st = store_referral_get(db, &r->arena, p->id, &ref)) != URA_OK ||
	    (st = case_facts_load(r, db, ref.case_id, &f)) != URA_OK)
		return st;
	p->case_id = ref.case_id;
	x.status = (enum referral_status)referral_status_parse(ref.status);
	x.shared = category_set_parse(ref.share);
	x.consented = policy_consented(&f.pc, u->institution_id, f.viewer_type);
	x.emergency_basis = ref.basis != NULL && strcmp(ref.basis, "emergency") == 0;
	x.caller_sends = reads_cases && u->institution_id == ref.from_institution_id;
	x.caller_receives = reads_cases && u->institution_id == ref.to_institution_id;
	x.caller_is_staff = user_is_staff(u);
	p->rights = attachment_referral_rights(&x);
	return URA_OK;
}

static enum ura_status
meeting_parent(struct request *r, struct db *db, struct parent *p)
{
	struct meeting_row m;
	struct mechanism_facts mf;
	enum ura_status st;

	if ((st = store_meeting_get(db, &r->arena, p->id, &m)) != URA_OK ||
	    (st = store_mechanism_facts(db, &r->arena, m.mechanism_id,
					r->caller.user.institution_id, &mf)) != URA_OK)
		return st;
	p->mechanism_id = m.mechanism_id;
	p->rights = attachment_meeting_rights(governance_access(&r->caller.user,
								mf.coordinator_user_id,
								mf.institution_is_member));
	return URA_OK;
}

/* Loads the parent on `db` and the caller's rights; URA_ENOTFOUND when it may not see it. */
static enum ura_status
parent_load(struct request *r, struct db *db, enum attachment_parent kind, int64_t id,
	    struct parent *p)
{
	enum ura_status st = URA_OK;

	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->id = id;
	switch (kind) {
	case ATTACH_CASE:
		p->case_id = id;
		st = case_parent(r, db, p);
		break;
	case ATTACH_INCIDENT:
		if ((st = store_incident_case(db, id, &p->case_id)) == URA_OK)
			st = case_parent(r, db, p);
		break;
	case ATTACH_REFERRAL:
		st = referral_parent(r, db, p);
		break;
	default:
		st = meeting_parent(r, db, p);
		break;
	}
	if (st == URA_OK && !p->rights.visible)
		st = URA_ENOTFOUND;
	/* The case's keys, for the attachments' own (an anonymised case: 409). */
	if (st == URA_OK && p->case_id != 0) {
		const struct keys *k;
		st = case_key_for(r, db, p->case_id, &k);
	}
	return st;
}

static int
parent_kind_of(const char *name)
{
	for (int k = 0; attachment_parent_names[k] != NULL; k++)
		if (strcmp(attachment_parent_names[k], name) == 0)
			return k;
	return -1;
}

/* An attachment's category as the domain counts it: -1 for a meeting's (none). */
static int
category_of(const struct attachment_row *a)
{
	return a->category == NULL ? -1 : category_parse(a->category);
}

/* ---- an attachment as JSON ---- */

static json_t *
attachment_json(struct request *r, const struct attachment_row *a, bool *ok)
{
	unsigned char key[ATTACH_KEY_LEN];
	const char *name = NULL;
	json_t *o;

	if (attach_key_unwrap(attachment_wrapping_key(r, a->case_id), a->file_id,
			      a->key_wrapped.p, a->key_wrapped.len, key))
		name = attach_name_open(&r->arena, key, a->file_id, a->name.p, a->name.len);
	sodium_memzero(key, sizeof(key));
	if (name == NULL)
		*ok = false;
	o = json_pack("{s:I, s:s, s:I, s:s?, s:s, s:I, s:I, s:s?}", "id", (json_int_t)a->id,
		      "parent_type", a->parent_type, "parent_id", (json_int_t)a->parent_id,
		      "category", a->category, "content_type", a->content_type, "size",
		      (json_int_t)a->size, "uploaded_by", (json_int_t)a->uploaded_by,
		      "uploaded_by_name", a->uploader_name);
	json_object_set_new(o, "institution_id", a->institution_id ? json_integer(a->institution_id)
								   : json_null());
	json_object_set_new(o, "name", name ? json_string(name) : json_null());
	json_object_set_new(o, "case_id", a->case_id ? json_integer(a->case_id) : json_null());
	if (a->category == NULL)
		json_object_set_new(o, "category", json_null());
	if (a->uploader_name == NULL)
		json_object_set_new(o, "uploaded_by_name", json_null());
	json_object_set_new(o, "created_at", json_time(a->created_at));
	return o;
}

/* ---- upload ---- */

/* X-File-Name: the name as encodeURIComponent writes it (percent-encoded UTF-8). NULL when
 * an escape is broken. */
static int
hex_value(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static char *
percent_decode(struct arena *a, const char *s, size_t *len)
{
	char *out = arena_alloc(a, strlen(s) + 1);
	size_t n = 0;

	for (const char *p = s; *p; p++) {
		int hi, lo;
		if (*p != '%') {
			out[n++] = *p;
			continue;
		}
		if ((hi = hex_value(p[1])) < 0 || (lo = hex_value(p[2])) < 0)
			return NULL;
		out[n++] = (char)(hi << 4 | lo);
		p += 2;
	}
	out[n] = '\0';
	*len = n;
	return out;
}

/* The body must be the file's bytes, not a form that wraps them. */
static bool
body_type_acceptable(const struct request *r)
{
	const char *ct = req_header(r, "Content-Type");
	size_t n;

	if (ct == NULL || *ct == '\0')
		return true;
	n = strcspn(ct, "; ");
	if (n == strlen("application/octet-stream") &&
	    strncasecmp(ct, "application/octet-stream", n) == 0)
		return true;
	for (int i = 0; attachment_media_types[i] != NULL; i++)
		if (n == strlen(attachment_media_types[i]) &&
		    strncasecmp(ct, attachment_media_types[i], n) == 0)
			return true;
	return false;
}

struct upload_call {
	struct request *r;
	struct upload *u;
	struct parent parent;
	int category; /* -1: none (a meeting's) */
	struct attachment_row row;
	bool case_full;
};

/* The rights of the caller to attach `category` to the parent: 403 naming it, 409 closed. */
static enum ura_status
may_attach(struct request *r, const struct parent *p, int category)
{
	bool allowed = category < 0 ? p->rights.writable != 0
				    : (p->rights.writable & (1u << category)) != 0;

	if (!allowed) {
		field_errors_add(&r->errors, "category", MSG_ATTACHMENT_CATEGORY_NOT_ALLOWED);
		return URA_EFORBIDDEN;
	}
	if (p->closed) {
		field_errors_add(&r->errors, "status", MSG_CASE_CLOSED);
		return URA_ECONFLICT;
	}
	return URA_OK;
}

static enum ura_status
upload_fn(struct db *db, void *ctx)
{
	struct upload_call *c = ctx;
	struct request *r = c->r;
	int64_t total = 0;
	enum ura_status st;

	/* Decided again inside the transaction: the referral or the consent may have moved. */
	if (c->parent.case_id != 0 && (st = store_case_lock(db, c->parent.case_id)) != URA_OK)
		return st;
	if ((st = parent_load(r, db, c->parent.kind, c->parent.id, &c->parent)) != URA_OK ||
	    (st = may_attach(r, &c->parent, c->category)) != URA_OK)
		return st;
	if (c->parent.case_id != 0 &&
	    (st = store_case_attachment_bytes(db, c->parent.case_id, &total)) != URA_OK)
		return st;
	if (c->parent.case_id != 0 &&
	    !attachment_fits_case(c->row.size, total,
				  (int64_t)r->app->config->attachment_max_case_mb << 20)) {
		c->case_full = true;
		return URA_EUNPROCESSABLE;
	}
	c->row.case_id = c->parent.case_id;
	c->row.mechanism_id = c->parent.mechanism_id;
	if ((st = store_attachment_insert(db, &c->row, &c->row.id)) != URA_OK ||
	    (st = upload_store_bytes(db, c->u)) != URA_OK)
		return st;
	return api_audit_case(db, r, "attachment.create", "attachment", c->row.id,
			      c->parent.case_id, "[\"name\",\"category\",\"content\"]");
}

/* The query's category for a parent of `kind`; replies 422 and returns false when wrong. */
static bool
read_category(struct request *r, enum attachment_parent kind, int *category)
{
	const char *name = req_query(r, "category");

	*category = -1;
	if (kind == ATTACH_MEETING) /* a meeting's have none (the route takes no category) */
		return true;
	if ((name == NULL || *name == '\0') && kind == ATTACH_INCIDENT)
		name = category_name(CAT_INCIDENT);
	if (name == NULL || *name == '\0') {
		reply_field_error(r, 422, "category", MSG_REQUIRED);
		return false;
	}
	if ((*category = category_parse(name)) < 0) {
		reply_field_error(r, 422, "category", MSG_NOT_ALLOWED_VALUE);
		return false;
	}
	return true;
}

/* The request's file name, checked; replies 422 naming X-File-Name when it is wrong. */
static const char *
read_file_name(struct request *r)
{
	const char *raw = req_header(r, "X-File-Name");
	size_t len = 0;
	char *name = raw != NULL ? percent_decode(&r->arena, raw, &len) : NULL;
	enum msg why = raw == NULL ? MSG_REQUIRED
				   : name == NULL ? MSG_INVALID_CHARACTERS
						  : attachment_name_check(name, len);

	if (why != MSG_COUNT || strlen(name) != len) { /* a NUL inside the name */
		reply_field_error(r, 422, "X-File-Name", why != MSG_COUNT ? why
									  : MSG_INVALID_CHARACTERS);
		return NULL;
	}
	return name;
}

/* The file's own checks, before anything is decided about the parent. */
static bool
upload_checks(struct request *r, struct upload *u, enum attachment_type *type)
{
	if (upload_size(u) == 0) {
		reply_field_error(r, 422, "body", MSG_ATTACHMENT_EMPTY);
		return false;
	}
	if ((*type = upload_sniff(u)) == ATTACHMENT_NONE) {
		reply_problem(r, 415, MSG_ATTACHMENT_TYPE);
		return false;
	}
	return true;
}

/* The refusal of an upload's transaction, saying why. */
static void
reply_upload_refused(struct request *r, const struct upload_call *c, enum ura_status st)
{
	if (c->case_full)
		attachments_reply_limit(r, 413, MSG_ATTACHMENT_CASE_FULL,
					r->app->config->attachment_max_case_mb,
					ATTACHMENT_MAX_CASE_SETTING);
	else if ((st == URA_EFORBIDDEN || st == URA_ECONFLICT) && r->errors.count > 0)
		reply_problem(r, ura_status_http(st), r->errors.items[0].message);
	else
		reply_status(r, st);
}

void
handle_attachment_upload(struct request *r)
{
	struct upload_call c = { .r = r };
	enum attachment_parent kind = *(const enum attachment_parent *)r->route->arg;
	unsigned char wrapped[ATTACH_WRAPPED_KEY_LEN];
	const char *name;
	enum attachment_type type;
	struct db *db;
	enum ura_status st;
	int64_t id;
	bool ok = true;

	if (!req_param_id(r, 0, "id", &id) || !read_category(r, kind, &c.category) ||
	    (name = read_file_name(r)) == NULL)
		return;
	if (!body_type_acceptable(r)) {
		reply_problem(r, 415, MSG_ATTACHMENT_BODY_TYPE);
		return;
	}
	if ((c.u = upload_take(r)) == NULL || !upload_checks(r, c.u, &type) ||
	    (db = api_reader(r)) == NULL)
		return;
	/* Checked once on the reader before the file is made durable, and again in the write. */
	if ((st = parent_load(r, db, kind, id, &c.parent)) != URA_OK ||
	    (st = may_attach(r, &c.parent, c.category)) != URA_OK ||
	    (st = upload_commit(c.u)) != URA_OK) {
		reply_upload_refused(r, &c, st);
		return;
	}
	c.row = (struct attachment_row){
		.parent_type = attachment_parent_names[kind], .parent_id = id,
		.category = c.category >= 0 ? category_name((enum category)c.category) : NULL,
		.institution_id = r->caller.user.institution_id, .uploaded_by = r->caller.user.id,
		.content_type = attachment_media_type(type), .size = upload_size(c.u),
		.file_id = upload_file_id(c.u), .created_at = clock_now(),
		.uploader_name = r->caller.user.display_name,
	};
	attach_key_wrap(attachment_wrapping_key(r, c.parent.case_id), c.row.file_id,
			upload_key(c.u), wrapped);
	c.row.key_wrapped = (struct blob){ wrapped, sizeof(wrapped) };
	c.row.name.p = attach_name_seal(&r->arena, upload_key(c.u), c.row.file_id, name,
					&c.row.name.len);
	if ((st = store_write(r->app->store, upload_fn, &c)) != URA_OK) {
		reply_upload_refused(r, &c, st);
		return;
	}
	upload_keep(c.u);
	reply_json(r, 201, attachment_json(r, &c.row, &ok));
}

/* ---- list ---- */

void
handle_attachments_list(struct request *r)
{
	enum attachment_parent kind = *(const enum attachment_parent *)r->route->arg;
	struct attachment_row *rows;
	struct parent p;
	struct db *db;
	int64_t id, after, last = 0;
	int limit, n = 0;
	bool ok = true, more;
	json_t *items;
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &id) || !req_page(r, &limit, &after) ||
	    (db = api_reader(r)) == NULL)
		return;
	if ((st = parent_load(r, db, kind, id, &p)) == URA_OK)
		st = store_attachments_of(db, &r->arena, attachment_parent_names[kind], id, after,
					  limit + 1, &rows, &n);
	if (st == URA_OK)
		st = api_audit_read(r, "attachment.list", attachment_parent_names[kind], id,
				    p.case_id, NULL);
	if (st != URA_OK) {
		reply_status(r, st);
		return;
	}
	/* Those of categories the caller may not read are not listed, nor counted. */
	more = n > limit;
	items = json_array();
	for (int i = 0; i < n && i < limit; i++) {
		last = rows[i].id;
		if (attachment_readable(&p.rights, category_of(&rows[i])))
			json_array_append_new(items, attachment_json(r, &rows[i], &ok));
	}
	if (!ok) {
		json_decref(items);
		reply_status(r, URA_EINTERNAL);
		return;
	}
	reply_list(r, items, more ? last : 0);
}

/* ---- one attachment: download, delete ---- */

/* The attachment of the path and its parent, when the caller may read it (else 404). */
static enum ura_status
attachment_load(struct request *r, struct db *db, int64_t id, struct attachment_row *a,
		struct parent *p)
{
	enum ura_status st = store_attachment_get(db, &r->arena, id, a);
	int kind = st == URA_OK ? parent_kind_of(a->parent_type) : -1;

	if (st != URA_OK)
		return st;
	if (a->deleted_at != 0 || kind < 0)
		return URA_ENOTFOUND;
	if ((st = parent_load(r, db, (enum attachment_parent)kind, a->parent_id, p)) != URA_OK)
		return st;
	return attachment_readable(&p->rights, category_of(a)) ? URA_OK : URA_ENOTFOUND;
}

/*
 * A download, decrypted chunk by chunk as it is sent (reply_streamed): at most one sealed
 * segment (SQLite) or one batch of them (PostgreSQL) and one plain chunk in memory, whatever
 * the file's size. The header and the first chunk are opened before the answer is chosen, so
 * a file that does not open at all is a 500; a chunk that fails later (tampered, missing,
 * the bytes purged meanwhile) aborts the answer short of its Content-Length, and so does a
 * stream that does not end with its final chunk exactly at the size the row records: the last
 * bytes go out only once the whole stream has authenticated, so a download that completes is
 * the file as it was uploaded, and one that does not is never taken for it.
 */
struct download {
	struct attachment_reader *reader;
	struct attach_pull pull;
	unsigned char key[ATTACH_KEY_LEN];
	unsigned char plain[ATTACH_CHUNK];
	size_t plain_len, plain_off;
	uint64_t size, sent;
};

static void
download_release(void *cls)
{
	struct download *d = cls;

	attachment_reader_close(d->reader);
	sodium_memzero(d, sizeof(*d));
	free(d);
}

/* The next segment opened into d->plain (replacing what it held); false when it does not
 * open or the stream ended before its final chunk. */
static bool
download_next(struct download *d)
{
	const unsigned char *seg;
	size_t len;

	d->plain_len = d->plain_off = 0;
	return attachment_reader_next(d->reader, &seg, &len) && len > 0 &&
	       attach_pull_segment(&d->pull, d->key, seg, len, d->plain, sizeof(d->plain),
				   &d->plain_len);
}

/* At the file's last byte: no plain byte left over, nothing after the final chunk but its
 * end (a final empty chunk may follow a full one). */
static bool
download_ends_well(struct download *d)
{
	const unsigned char *seg;
	size_t len;

	if (d->plain_off != d->plain_len)
		return false;
	while (!d->pull.final)
		if (!download_next(d) || d->plain_len != 0)
			return false;
	return attachment_reader_next(d->reader, &seg, &len) && len == 0;
}

static long
download_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct download *d = cls;
	size_t n;

	if (pos != d->sent || d->sent >= d->size)
		return -1;
	while (d->plain_off == d->plain_len)
		if (d->pull.final || !download_next(d))
			return -1;
	n = d->plain_len - d->plain_off;
	n = n < max ? n : max;
	n = (uint64_t)n < d->size - d->sent ? n : (size_t)(d->size - d->sent);
	memcpy(buf, d->plain + d->plain_off, n);
	d->plain_off += n;
	d->sent += n;
	if (d->sent == d->size && !download_ends_well(d))
		return -1;
	return (long)n;
}

/* The attachment's stream opened up to its first plain bytes; NULL when it does not open. */
static struct download *
download_open(struct request *r, const struct attachment_row *a)
{
	struct download *d = xcalloc(1, sizeof(*d));

	d->size = (uint64_t)a->size;
	if (!attach_key_unwrap(attachment_wrapping_key(r, a->case_id), a->file_id,
			       a->key_wrapped.p, a->key_wrapped.len, d->key) ||
	    (d->reader = attachment_reader_open(r->app->store, r->app->files, a->file_id)) ==
		    NULL ||
	    !download_next(d)) { /* the header */
		download_release(d);
		return NULL;
	}
	while (d->plain_len == 0)
		if (d->pull.final || !download_next(d)) {
			download_release(d);
			return NULL;
		}
	return d;
}

/* RFC 6266 and RFC 8187: the name percent-encoded as UTF-8, outside attr-char. */
static const char *
content_disposition(struct request *r, const char *name)
{
	static const char attr[] = "!#$&+-.^_`|~";
	size_t len = strlen(name);
	char *out = arena_alloc(&r->arena, strlen("attachment; filename*=UTF-8''") + 3 * len + 1);
	char *p = out + sprintf(out, "attachment; filename*=UTF-8''");

	for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= '0' && *s <= '9') || strchr(attr, *s) != NULL)
			*p++ = (char)*s;
		else
			p += sprintf(p, "%%%02X", *s);
	}
	*p = '\0';
	return out;
}

void
handle_attachment_download(struct request *r)
{
	struct attachment_row a;
	struct parent p;
	struct db *db;
	int64_t id;
	enum ura_status st;
	bool ok = true;
	struct download *d = NULL;
	json_t *meta;
	const char *name;

	if (!req_param_id(r, 0, "id", &id) || (db = api_reader(r)) == NULL)
		return;
	if ((st = attachment_load(r, db, id, &a, &p)) == URA_OK &&
	    (d = download_open(r, &a)) == NULL)
		st = URA_EINTERNAL;
	if (st == URA_OK)
		st = api_audit_read(r, "attachment.read", "attachment", a.id, p.case_id,
				    a.category ? arena_printf(&r->arena, "[\"%s\"]", a.category)
					       : NULL);
	meta = st == URA_OK ? attachment_json(r, &a, &ok) : NULL;
	name = meta != NULL ? json_string_value(json_object_get(meta, "name")) : NULL;
	if (st == URA_OK && name == NULL)
		st = URA_EINTERNAL;
	if (st != URA_OK) {
		json_decref(meta);
		if (d != NULL)
			download_release(d);
		reply_status(r, st);
		return;
	}
	/* Never shown inline: a document is saved, and nothing in it runs or is sniffed. */
	reply_header_add(r, "Content-Disposition", content_disposition(r, name));
	reply_header_add(r, "Content-Security-Policy", "sandbox");
	json_decref(meta);
	reply_streamed(r, 200,
		       strcmp(a.content_type, "text/plain") == 0 ? "text/plain; charset=utf-8"
								 : a.content_type,
		       &(struct reply_stream){ (uint64_t)a.size, download_read, download_release,
					       d });
}

struct delete_call {
	struct request *r;
	int64_t id;
	struct attachment_row a;
	struct parent p;
};

static enum ura_status
delete_fn(struct db *db, void *ctx)
{
	struct delete_call *c = ctx;
	struct request *r = c->r;
	enum ura_status st = attachment_load(r, db, c->id, &c->a, &c->p);

	if (st != URA_OK)
		return st;
	if (!attachment_may_delete(&c->p.rights, category_of(&c->a), r->caller.user.institution_id,
				   c->a.institution_id))
		return URA_EFORBIDDEN;
	if (c->p.closed) {
		field_errors_add(&r->errors, "status", MSG_CASE_CLOSED);
		return URA_ECONFLICT;
	}
	if ((st = store_attachment_delete(db, c->id, r->caller.user.id, clock_now())) != URA_OK)
		return st;
	return api_audit_case(db, r, "attachment.delete", "attachment", c->id, c->p.case_id,
			      NULL);
}

void
handle_attachment_delete(struct request *r)
{
	struct delete_call c = { .r = r };
	enum ura_status st;

	if (!req_param_id(r, 0, "id", &c.id))
		return;
	if ((st = store_write(r->app->store, delete_fn, &c)) != URA_OK) {
		if (st == URA_ECONFLICT && r->errors.count > 0)
			reply_problem(r, 409, r->errors.items[0].message);
		else
			reply_status(r, st);
		return;
	}
	reply_empty(r, 204);
}
