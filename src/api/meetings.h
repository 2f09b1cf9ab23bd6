/*
 * A mechanism's meetings (api/meetings.c, api/meeting_parts.c) and its compliance and
 * calendar (api/compliance.c). Every handler runs through one frame that loads the mechanism
 * (and the meeting), decides with domain/governance who may do what, and audits writes.
 */
#ifndef URA_API_MEETINGS_H
#define URA_API_MEETINGS_H

#include "domain/governance.h"
#include "http/request.h"
#include "store/store.h"

struct meeting_run;

struct meeting_op {
	const char *action;            /* audited as this; NULL for a read */
	enum governance_access need;   /* the least access the caller needs */
	bool on_meeting;               /* the path's {id} is a meeting, else a mechanism */
	enum meeting_state_need {
		MEETING_ANY_STATE,
		MEETING_NOT_CANCELLED,   /* attendance, minutes, decisions: also after it is held */
		MEETING_SCHEDULED,       /* changes, agenda: only before (409 otherwise) */
	} state;
	bool answer_meeting;           /* the answer is the meeting, read back */
	enum ura_status (*apply)(struct db *db, struct meeting_run *run);
};

struct meeting_run {
	struct request *r;
	int64_t mechanism_id, meeting_id;
	struct mechanism_facts m;
	enum governance_access access;
	struct meeting_row meeting;      /* with on_meeting */
	struct meeting_details details;  /* with answer_meeting, after apply */
	void *data;
	int64_t object_id;               /* for the audit (the meeting by default) */
	const char *object_type, *fields;
};

/* Runs `op`; on failure replies and returns false. Reads run on the reader, writes in one
 * write transaction with their audit entry. */
bool meeting_op_perform(struct request *r, const struct meeting_op *op, void *data,
			struct meeting_run *run);
/* The checks of `op` (the caller's access, the meeting's state) on a reader, for a handler
 * to make before it reads a body whose size the caller chose; replies and returns false when
 * they fail. meeting_op_perform makes them again, in its transaction. */
bool meeting_op_allowed(struct request *r, const struct meeting_op *op);
/* The meeting as JSON (minutes, topics and decision texts decrypted); NULL on tampering. */
json_t *meeting_json(struct request *r, const struct meeting_row *m,
		     const struct meeting_details *d);
void meeting_reply(struct meeting_run *run, int status);
/* A decision as JSON (its text decrypted; *ok cleared on tampering). */
json_t *decision_json(struct request *r, const struct decision_row *x, bool *ok);
/* Puts the cases marked for a meeting on the mechanism's next scheduled meeting, if any. */
enum ura_status meetings_agenda_follow(struct db *db, int64_t mechanism_id, int64_t now);

void handle_mechanism_meetings_list(struct request *r);
void handle_mechanism_meeting_create(struct request *r);
void handle_meeting_get(struct request *r);
void handle_meeting_update(struct request *r);
void handle_meeting_attendance(struct request *r);
void handle_meeting_agenda_add(struct request *r);
void handle_meeting_minutes(struct request *r);
void handle_meeting_decision_add(struct request *r);
void handle_meeting_request(struct request *r);
void handle_mechanism_compliance(struct request *r);
void handle_mechanism_calendar(struct request *r);

#endif
