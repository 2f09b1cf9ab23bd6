/*
 * The intake of reports (issue 14): third-party reports filed by CSOs, the triage queue of a
 * mechanism's coordinator, its hate-crime contact point and the police a report was referred
 * to, a report's details as the protocol allows them, and the triage itself.
 */
#ifndef URA_API_INTAKE_H
#define URA_API_INTAKE_H

#include "http/request.h"

void handle_intake_file(struct request *r);    /* POST /intake */
void handle_intake_list(struct request *r);    /* GET /intake */
void handle_intake_get(struct request *r);     /* GET /intake/{id} */
void handle_intake_convert(struct request *r); /* POST /intake/{id}/convert */
void handle_intake_close(struct request *r);   /* POST /intake/{id}/close */
void handle_intake_message(struct request *r); /* PUT /intake/{id}/message */
void handle_intake_pass(struct request *r);    /* POST /intake/{id}/pass */

#endif
