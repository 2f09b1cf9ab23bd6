/*
 * Rows of the hate-crime statistics (store/hate_crimes.c): a case's outcome (reported to the
 * police, investigated, prosecuted), the report's tables, and the CSO's feedback on the
 * police with its quarterly aggregate. Every figure is aggregated in SQL.
 */
#ifndef URA_STORE_HATE_CRIMES_H
#define URA_STORE_HATE_CRIMES_H

#include "domain/hate_crime.h"
#include "store/store.h"

struct hate_outcome_row {
	int64_t case_id, updated_at;
	bool value[HATE_OUTCOME_COUNT];
	const char *on[HATE_OUTCOME_COUNT]; /* NULL while no */
};
/* The case's outcome; URA_ENOTFOUND when none was ever recorded (all no). */
enum ura_status store_hate_outcome_get(struct db *db, struct arena *a, int64_t case_id,
				       struct hate_outcome_row *out);
/* Records a checked change (domain/hate_crime.h): the outcomes given, the others kept. */
enum ura_status store_hate_outcome_put(struct db *db, int64_t case_id,
				       const struct hate_outcome_change *c, int64_t user_id,
				       int64_t now);

/* The report's tables over a scope (store/store.h's report_scope): incidents are the hate-
 * crime cases created in the period and the hate-crime reports without an account received
 * in it that did not become a case. */
enum hate_table { HATE_BY_BIAS, HATE_BY_OUTCOME, HATE_TOTAL, HATE_TABLE_COUNT };
enum ura_status store_hate_table(struct db *db, enum hate_table which,
				 const struct report_scope *s, struct report_table *t);
/* The incidents by municipality: id, name and count, by name. */
struct hate_place {
	int64_t municipality_id, incidents;
	const char *name;
};
#define HATE_PLACES_MAX 1000
enum ura_status store_hate_by_municipality(struct db *db, struct arena *a,
					   const struct report_scope *s, struct hate_place **out,
					   int *n);

struct police_feedback_row {
	int64_t id, mechanism_id, police_institution_id, cso_institution_id, created_by, case_id;
	const char *occurred_on, *informed_of_rights, *treated_respectfully, *referred_to_support;
	int64_t hours_to_first_contact; /* -1: not given */
};
enum ura_status store_police_feedback_insert(struct db *db, const struct police_feedback_row *f,
					     int64_t now, int64_t *id);

/* One line of the aggregate: a quarter (police_institution_id 0) or a police institution in
 * it. answers[question][answer]: informed_of_rights and treated_respectfully yes partly no,
 * referred_to_support yes no. median_x2: twice the median hours (-1 without any). */
struct feedback_line {
	int quarter;
	int64_t police_institution_id, count, answers[3][3], median_x2;
	const char *police_name;
};
#define FEEDBACK_LINES_MAX 2000
enum ura_status store_police_feedback_aggregate(struct db *db, struct arena *a,
						int64_t mechanism_id, int year,
						struct feedback_line **out, int *n);

#endif
