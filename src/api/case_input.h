/*
 * The body of POST /cases, read and checked. Every problem is recorded in r->errors under
 * the field's path ("survivor.date_of_birth", "children[1].given_name"); nothing is written
 * until the whole body is clean.
 */
#ifndef URA_API_CASE_INPUT_H
#define URA_API_CASE_INPUT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http/request.h"

/* A consent record as given (lists as JSON text). */
struct consent_input {
	bool given;
	const char *method, *institution_types, *institution_ids, *categories;
};

struct case_input {
	const char *kind;
	int64_t mechanism_id;
	bool imminent_danger;
	struct {
		const char *given_name, *family_name, *sex, *date_of_birth, *phone, *address;
		const char *personal_number; /* upper case, NULL when not given */
		bool address_confidential;
		int64_t municipality_id; /* 0 when not given */
	} survivor;
	json_t *children;                  /* a checked array (borrowed from r->json), or NULL */
	bool has_perpetrator;
	struct {
		const char *given_name, *family_name, *relationship, *date_of_birth;
	} perpetrator;
	bool has_incident;
	struct {
		const char *occurred_on, *forms, *place, *narrative, *bias; /* forms, bias: JSON */
	} incident;
	bool has_consent;
	struct consent_input consent;
	const char *parts; /* JSON array of the parts given, for the audit log */
};

/* PATCH /cases/{id}: the fields given, checked as in POST /cases (any subset of the survivor;
 * `children` replaces the list, `perpetrator` the object; null erases phone, address,
 * children and perpetrator). */
struct case_patch {
	struct case_input in;    /* the values read */
	bool has_imminent_danger, has_children, has_perpetrator, has_assignee;
	int64_t assignee;        /* assigned_user_id: a user id, 0 for null (nobody) */
	const char *status;      /* "active" or NULL */
	json_t *survivor;        /* the survivor object as given (borrowed), or NULL */
};
bool case_patch_read(struct request *r, struct case_patch *p);
/* POST /cases/{id}/incidents: the body is one incident (into in->incident). */
bool incident_input_read(struct request *r, struct case_input *in);

/* POST /cases/search: the survivor's names (both), with her birth date or not; or her personal
 * number alone. `keys` lists the fields given, as a JSON array text (for the audit). */
struct case_search_input {
	const char *given_name, *family_name, *date_of_birth, *personal_number;
	const char *keys;
};
bool case_search_read(struct request *r, struct case_search_input *in);

/* Reads r->json; on any problem replies (400 or 422, every error at once) and returns false. */
bool case_input_read(struct request *r, struct case_input *in);
/* The same for a body that is one consent record (POST /cases/{id}/consents). */
bool consent_input_read(struct request *r, struct consent_input *in);

#endif
