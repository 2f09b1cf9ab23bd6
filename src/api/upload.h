/*
 * Uploads as they arrive (issue 16, attachments): a route whose body is BODY_UPLOAD gets its
 * bytes streamed by the server (http/server.h, struct body_sink) into a spool file, sealed
 * chunk by chunk under a new attachment key as they come, so that no upload is ever held
 * whole in memory or written in plain text. The first bytes are kept to sniff the type, and
 * the whole file is scanned for plain text on the way.
 *
 * A spool is opened only for a request that carries a credential (a session cookie or a
 * bearer token; whether it is valid is decided later, by dispatch) and only while fewer than
 * UPLOADS_AT_ONCE are under way: an anonymous client cannot make the server write to disk.
 * What the handler does not keep (upload_keep) is removed when the request ends.
 */
#ifndef URA_API_UPLOAD_H
#define URA_API_UPLOAD_H

#include "crypt/attachment.h"
#include "domain/attachment.h"
#include "http/request.h"
#include "http/server.h"
#include "store/attachments.h"

#define UPLOADS_AT_ONCE 32

/* The server's body_sink hook (api/routes.c's BODY_UPLOAD routes). */
bool api_body_sink(struct request *r, struct body_sink *sink);

struct upload;
/* The request's upload; replies (503 when none could be spooled, or storage failed) and
 * returns NULL when there is none to use. */
struct upload *upload_take(struct request *r);
int64_t upload_size(const struct upload *u);
/* The type sniffed from the first bytes (domain/attachment.h). */
enum attachment_type upload_sniff(const struct upload *u);
const char *upload_file_id(const struct upload *u);
const unsigned char *upload_key(const struct upload *u);
/* Seals the last chunk and makes the bytes durable (SQLite: fsync and rename into place). */
enum ura_status upload_commit(struct upload *u);
/* Inside the write transaction, after the row: PostgreSQL's chunk rows. */
enum ura_status upload_store_bytes(struct db *db, struct upload *u);
/* The row that names the bytes is committed: they stay when the request ends. */
void upload_keep(struct upload *u);
/* Closes the spool, removing what was not kept; api_dispatch calls it before the answer
 * leaves, so that no refused upload is on disk once its refusal is read. */
void upload_settle(struct upload *u);

#endif
