/* The auditor's view: the audit log and its verification. */
#ifndef URA_API_AUDIT_H
#define URA_API_AUDIT_H

#include "http/request.h"

void handle_audit_list(struct request *r);
void handle_audit_verify(struct request *r);

#endif
