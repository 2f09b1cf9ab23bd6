/* What a case may contain, and how its reference reads. Pure. */
#ifndef URA_DOMAIN_CASES_H
#define URA_DOMAIN_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* NULL-terminated lists of allowed values. */
extern const char *const case_sexes[];
extern const char *const case_relationships[];
extern const char *const violence_forms[];
extern const char *const incident_places[];
extern const char *const bias_motivations[];
extern const char *const consent_methods[];
extern const char *const case_statuses[];   /* open active closed archived */
extern const char *const case_outcomes[];   /* why a case was closed */
extern const char *const note_visibilities[]; /* institution involved */

/* A survivor's personal number (the Albanian NID or Kosovo personal number): 1..20 ASCII
 * letters or digits, kept upper-case. Writes the upper-case form into `out` (at least
 * CASE_PERSONAL_NUMBER_MAX + 1 bytes); false when `in` is not one. */
#define CASE_PERSONAL_NUMBER_MAX 20
bool case_personal_number_normalize(const char *in, char *out, size_t len);

/* A case's status moves open → active → closed, or open → closed; a closed case stays. */
bool case_status_may_move(const char *from, const char *to);

/* A new case for a survivor with another case this recent is a repeat case. */
#define CASE_REPEAT_WINDOW_SECONDS (365 * 24 * 3600)

/* "KOR-2026-0042". Numbers past 9999 keep their digits ("KOR-2026-10000"). */
void case_reference_format(const char *municipality_code, int64_t year, int64_t number,
			   char *out, size_t len);
/* The calendar year of a time's local day (domain/clocks.h). */
int64_t case_year_of(int64_t t);

#endif
