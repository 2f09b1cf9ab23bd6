/*
 * Meetings of a mechanism, their attendance, agenda and decisions, and the yearly compliance
 * with the memorandum's minimum (store/meetings.c). Split from store.h, the store's door,
 * which it extends.
 */
#ifndef URA_STORE_MEETINGS_H
#define URA_STORE_MEETINGS_H

#include "store/store.h"

struct meeting_row {
	int64_t id, mechanism_id, scheduled_at, duration_minutes, sequence;
	int64_t created_by, created_at, updated_at;
	const char *kind, *status, *place;
	struct blob minutes; /* encrypted */
};
enum ura_status store_meeting_insert(struct db *db, const struct meeting_row *m, int64_t *id);
enum ura_status store_meeting_get(struct db *db, struct arena *a, int64_t id,
				  struct meeting_row *out);
/* Writes kind, status, time, duration and place; sequence + 1. */
enum ura_status store_meeting_update(struct db *db, const struct meeting_row *m, int64_t now);
/* A mechanism's meetings between two times, by time, after the meeting `after` (0: from
 * the first), at most `limit`. */
struct meeting_filter {
	int64_t mechanism_id, from, to, after;
	int limit;
};
enum ura_status store_mechanism_meetings(struct db *db, struct arena *a,
					 const struct meeting_filter *f, struct meeting_row **out,
					 int *n);
/* The next scheduled meeting of the mechanism at or after `now`; URA_ENOTFOUND without. */
enum ura_status store_meeting_next(struct db *db, int64_t mechanism_id, int64_t now,
				   int64_t *id);

struct attendance_row {
	int64_t institution_id, attendees;
	bool present;
};
enum ura_status store_attendance_clear(struct db *db, int64_t meeting_id);
enum ura_status store_attendance_add(struct db *db, int64_t meeting_id,
				     const struct attendance_row *x);

struct agenda_row {
	int64_t id, meeting_id, case_id;
	const char *case_reference, *risk_level;
	bool automatic;
	struct blob topic; /* encrypted */
};
/* URA_EEXISTS when the case is already on the meeting's agenda. */
enum ura_status store_agenda_add(struct db *db, const struct agenda_row *x, int64_t now,
				 int64_t *id);
/* Puts the mechanism's cases marked for a meeting on this meeting's agenda (automatic), and
 * clears their mark. */
enum ura_status store_agenda_fill(struct db *db, int64_t mechanism_id, int64_t meeting_id,
				  int64_t now);

struct decision_row {
	int64_t id, meeting_id, case_id, action_id, responsible_institution_id;
	int64_t created_at, updated_at;
	const char *due_on, *status;
	struct blob text; /* encrypted */
};
enum ura_status store_decision_insert(struct db *db, const struct decision_row *x, int64_t *id);

/* The attendance, agenda and decisions of a meeting (one query each). */
struct meeting_details {
	struct attendance_row *attendance;
	struct agenda_row *agenda;
	struct decision_row *decisions;
	int nattendance, nagenda, ndecisions;
};
enum ura_status store_meeting_details(struct db *db, struct arena *a, int64_t meeting_id,
				      struct meeting_details *out);

enum ura_status store_meeting_request_insert(struct db *db, int64_t mechanism_id,
					     int64_t institution_id, int64_t user_id,
					     const char *case_ids, int64_t now, int64_t *id);
/* Which of ids[0..n) are cases of the mechanism (found[i]), in one indexed statement. */
enum ura_status store_cases_in_mechanism(struct db *db, struct arena *a, int64_t mechanism_id,
					 const int64_t *ids, int n, bool *found);
/* Which of the institutions ids[0..n) are members of the mechanism, in one statement. */
enum ura_status store_members_among(struct db *db, struct arena *a, int64_t mechanism_id,
				    const int64_t *ids, int n, bool *member);

/* Compliance of a year: meetings held per quarter and kind, attendance per member institution,
 * decisions open and overdue. `quarter_starts` are the five boundaries of the year's
 * quarters (epoch seconds). */
struct compliance_quarter {
	int64_t regular, ad_hoc, case_conference;
};
struct compliance_attendance {
	int64_t institution_id, meetings, present;
};
struct compliance {
	struct compliance_quarter quarters[4];
	struct compliance_attendance *attendance;
	int nattendance;
	int64_t decisions_open, decisions_overdue, minimum_per_year;
};
enum ura_status store_compliance(struct db *db, struct arena *a, int64_t mechanism_id,
				 const int64_t quarter_starts[5], const char *today,
				 struct compliance *out);

#endif
