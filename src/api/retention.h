/*
 * Retention, erasure and legal hold (issue 16). The administrator's dry run and its
 * confirmation (GET /retention, POST /retention/apply), and a case's legal hold, placed and
 * lifted by a manager of its owner institution or the auditor (GET/POST
 * /cases/{id}/legal-hold, POST /cases/{id}/legal-hold/lift). Decisions: domain/retention.h;
 * the work: jobs/retention.h.
 */
#ifndef URA_API_RETENTION_H
#define URA_API_RETENTION_H

#include "http/request.h"

void handle_retention_dry_run(struct request *r);
void handle_retention_apply(struct request *r);
void handle_legal_hold_get(struct request *r);
void handle_legal_hold_place(struct request *r);
void handle_legal_hold_lift(struct request *r);

#endif
