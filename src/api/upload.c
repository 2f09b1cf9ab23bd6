/* Uploads streamed to a sealed spool file as they arrive (api/upload.h). */
#include "api/upload.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "api/app.h"
#include "api/attachments.h"
#include "core/log.h"

struct upload {
	const struct attachment_files *files;
	int fd;                    /* the spool; -1 when none could be made */
	char file_id[ATTACH_FILE_ID_LEN + 1];
	unsigned char key[ATTACH_KEY_LEN];
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char head[ATTACHMENT_SNIFF_BYTES];
	size_t head_len;
	struct text_scan text;
	int64_t size;
	unsigned char chunk[ATTACH_CHUNK];         /* plain bytes waiting to be sealed */
	size_t chunk_len;
	unsigned char sealed[ATTACH_CHUNK_SEALED];
	enum ura_status failed;    /* URA_OK while every write succeeded */
	bool committed, kept;
	int64_t limit_mb;          /* for the 413's message */
};

static atomic_int uploads_open;

/* Writes all of p[0..n) to the spool; the first failure is remembered. */
static void
spool_write(struct upload *u, const unsigned char *p, size_t n)
{
	while (n > 0 && u->failed == URA_OK) {
		ssize_t w = write(u->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			u->failed = errno == ENOSPC || errno == EDQUOT ? URA_EFULL : URA_EINTERNAL;
			log_event(LOG_ERROR, "upload_write", "errno=%d", errno);
			return;
		}
		p += w;
		n -= (size_t)w;
	}
}

static void
seal_chunk(struct upload *u, unsigned char tag)
{
	unsigned long long n;

	crypto_secretstream_xchacha20poly1305_push(&u->st, u->sealed, &n, u->chunk, u->chunk_len,
						   NULL, 0, tag);
	spool_write(u, u->sealed, (size_t)n);
	sodium_memzero(u->chunk, u->chunk_len);
	u->chunk_len = 0;
}

static void
sink_write(void *cls, const char *data, size_t n)
{
	struct upload *u = cls;
	const unsigned char *p = (const unsigned char *)data;

	if (u->fd < 0 || u->failed != URA_OK)
		return;
	if (u->head_len < sizeof(u->head)) {
		size_t take = n < sizeof(u->head) - u->head_len ? n : sizeof(u->head) - u->head_len;
		memcpy(u->head + u->head_len, p, take);
		u->head_len += take;
	}
	text_scan_feed(&u->text, p, n);
	u->size += (int64_t)n;
	while (n > 0) {
		size_t take = n < ATTACH_CHUNK - u->chunk_len ? n : ATTACH_CHUNK - u->chunk_len;
		memcpy(u->chunk + u->chunk_len, p, take);
		u->chunk_len += take;
		p += take;
		n -= take;
		if (u->chunk_len == ATTACH_CHUNK)
			seal_chunk(u, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
	}
}

static void
sink_too_large(struct request *r, void *cls)
{
	struct upload *u = cls;

	upload_settle(u); /* nothing of it stays, before the answer says so */
	attachments_reply_limit(r, 413, MSG_ATTACHMENT_FILE_TOO_LARGE, u->limit_mb,
				ATTACHMENT_MAX_FILE_SETTING);
}

void
upload_settle(struct upload *u)
{
	if (u->fd < 0)
		return;
	if (u->kept)
		close(u->fd);
	else
		attachment_spool_discard(u->files, u->fd, u->file_id, u->committed);
	u->fd = -1;
	atomic_fetch_sub(&uploads_open, 1);
}

static void
sink_release(void *cls)
{
	struct upload *u = cls;

	upload_settle(u);
	sodium_memzero(u, sizeof(*u));
	free(u);
}

/* Whether the request carries a credential at all (dispatch decides whether it is valid). */
static bool
has_credential(const struct request *r)
{
	const char *cookie = req_header(r, "Cookie"), *auth = req_header(r, "Authorization");

	return (cookie != NULL && strstr(cookie, "ura_session=") != NULL) ||
	       (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0);
}

/* A new spool with its stream's header written; fd -1 when the server is busy or the disk
 * refused (the handler answers 503). */
static struct upload *
upload_open(struct request *r)
{
	struct upload *u = calloc(1, sizeof(*u));
	unsigned char header[ATTACH_HEADER_LEN];

	if (u == NULL)
		abort();
	u->files = r->app->files;
	u->fd = -1;
	u->limit_mb = r->app->config->attachment_max_file_mb;
	text_scan_init(&u->text);
	attach_key_new(u->key, u->file_id);
	if (atomic_fetch_add(&uploads_open, 1) >= UPLOADS_AT_ONCE) {
		atomic_fetch_sub(&uploads_open, 1);
		u->failed = URA_EUNAVAILABLE;
		return u;
	}
	if ((u->fd = attachment_spool_open(u->files, u->file_id)) < 0) {
		log_event(LOG_ERROR, "upload_spool", "errno=%d", errno);
		u->failed = errno == ENOSPC || errno == EDQUOT ? URA_EFULL : URA_EINTERNAL;
		atomic_fetch_sub(&uploads_open, 1);
		return u;
	}
	crypto_secretstream_xchacha20poly1305_init_push(&u->st, header, u->key);
	spool_write(u, header, sizeof(header));
	return u;
}

bool
api_body_sink(struct request *r, struct body_sink *sink)
{
	char allow[64];

	if (router_match(api_routes, api_nroutes, r, allow, sizeof(allow)) != ROUTE_FOUND ||
	    r->route->body != BODY_UPLOAD || !has_credential(r) || r->app->files == NULL)
		return false;
	*sink = (struct body_sink){
		.limit = (size_t)r->app->config->attachment_max_file_mb * 1024 * 1024,
		.cls = upload_open(r),
		.write = sink_write,
		.too_large = sink_too_large,
		.release = sink_release,
	};
	return true;
}

struct upload *
upload_take(struct request *r)
{
	struct upload *u = r->upload;

	if (u == NULL || u->failed == URA_EUNAVAILABLE) {
		reply_header_add(r, "Retry-After", "1");
		reply_problem(r, 503, MSG_BUSY);
		return NULL;
	}
	if (u->failed != URA_OK) {
		reply_status(r, u->failed);
		return NULL;
	}
	return u;
}

int64_t
upload_size(const struct upload *u)
{
	return u->size;
}

enum attachment_type
upload_sniff(const struct upload *u)
{
	return attachment_sniff(u->head, u->head_len, text_scan_ok(&u->text));
}

const char *
upload_file_id(const struct upload *u)
{
	return u->file_id;
}

const unsigned char *
upload_key(const struct upload *u)
{
	return u->key;
}

enum ura_status
upload_commit(struct upload *u)
{
	enum ura_status st;

	seal_chunk(u, crypto_secretstream_xchacha20poly1305_TAG_FINAL);
	if (u->failed != URA_OK)
		return u->failed;
	st = attachment_spool_commit(u->files, u->fd, u->file_id);
	u->committed = st == URA_OK;
	return st;
}

enum ura_status
upload_store_bytes(struct db *db, struct upload *u)
{
	return store_attachment_bytes_insert(db, u->files, u->fd, u->file_id);
}

void
upload_keep(struct upload *u)
{
	u->kept = true;
}
