/*
 * Attachments (issue 16, "Documents"): files on a case, an incident, a referral's packet and a
 * meeting. Upload (the body is the file's bytes, streamed: api/upload.c), list, download and
 * delete (soft), every one audited; who may is domain/attachment.h's decision over the
 * information-sharing protocol (a case's and an incident's by category, a referral's as part
 * of its packet, a meeting's by governance access). docs/CONTRACT.md, "Attachments".
 */
#ifndef URA_API_ATTACHMENTS_H
#define URA_API_ATTACHMENTS_H

#include "core/i18n.h"
#include "domain/attachment.h"
#include "http/request.h"

/* The route argument of the upload and list routes: which parent the path's {id} names. */
extern const enum attachment_parent attach_on_case, attach_on_incident, attach_on_referral,
	attach_on_meeting;

/* POST /{parent}/{id}/attachments?category=, the file name in X-File-Name. */
void handle_attachment_upload(struct request *r);
/* GET /{parent}/{id}/attachments */
void handle_attachments_list(struct request *r);
/* GET /attachments/{id}: the file itself. */
void handle_attachment_download(struct request *r);
/* DELETE /attachments/{id} */
void handle_attachment_delete(struct request *r);

/* A problem (413) whose message names a limit of `limit_mb` MiB and the setting that sets it. */
void attachments_reply_limit(struct request *r, int status, enum msg message, int64_t limit_mb,
			     const char *setting);

#endif
