/* A reintegration case's release timeline and its needs checklist (see the header). */
#include "domain/reintegration.h"

#include <stdio.h>
#include <string.h>

#include "domain/clocks.h"
#include "domain/directory.h"

const char *const release_variants[] = { "standard", "violent_extremism", NULL };
const char *const needs_answers[] = { "yes", "no", "unknown", NULL };
const char *const reintegration_task_statuses[] = { "open", "done", NULL };
const char *const task_states[] = { "done", "open", "due_soon", "overdue", NULL };

static int
index_of(const char *const *names, const char *name)
{
	for (int i = 0; name != NULL && names[i] != NULL; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
release_variant_parse(const char *name)
{
	return index_of(release_variants, name);
}

/* 1..32 of [a-z0-9_], starting with a letter. */
static bool
valid_code(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n == 0 || n > 32 || s[0] < 'a' || s[0] > 'z')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static bool
read_task(json_t *t, struct reintegration_task_template *out)
{
	json_t *offset = json_object_get(t, "offset_days");
	const char *variant = json_string_value(json_object_get(t, "variant"));

	out->code = json_string_value(json_object_get(t, "code"));
	out->institution_type = json_string_value(json_object_get(t, "institution_type"));
	if (!valid_code(out->code) || index_of(institution_types, out->institution_type) < 0 ||
	    !json_is_integer(offset) || json_integer_value(offset) < -366 ||
	    json_integer_value(offset) > 366 || variant == NULL)
		return false;
	out->offset_days = (int)json_integer_value(offset);
	if (strcmp(variant, "all") != 0 && strcmp(variant, "violent_extremism") != 0)
		return false;
	out->variant_only = strcmp(variant, "violent_extremism") == 0;
	return true;
}

static bool
repeated(const char *const *seen, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(seen[i], s) == 0)
			return true;
	return false;
}

enum ura_status
reintegration_plan_read(json_t *doc, struct reintegration_plan *out,
			const char **error)
{
	json_t *tasks = json_object_get(doc, "tasks"), *item;
	json_t *items = json_object_get(json_object_get(doc, "instrument"), "items");
	const char *seen[REINTEGRATION_TASKS_MAX];
	size_t i;

	memset(out, 0, sizeof(*out));
	*error = NULL;
	if (!json_is_array(tasks) || json_array_size(tasks) == 0 ||
	    json_array_size(tasks) > REINTEGRATION_TASKS_MAX)
		*error = "tasks: must be a list of 1 to 32 tasks";
	else if (!json_is_array(items) || json_array_size(items) == 0 ||
		 json_array_size(items) > REINTEGRATION_ITEMS_MAX)
		*error = "instrument.items: must be a list of 1 to 32 items";
	json_array_foreach(*error == NULL ? tasks : NULL, i, item) {
		struct reintegration_task_template *t = &out->tasks[out->ntasks];

		if (!read_task(item, t) || repeated(seen, out->ntasks, t->code)) {
			*error = "tasks: a task needs a new code, an institution type, an offset "
				 "within a year and a variant (all or violent_extremism)";
			break;
		}
		seen[out->ntasks++] = t->code;
	}
	json_array_foreach(*error == NULL ? items : NULL, i, item) {
		const char *id = json_string_value(json_object_get(item, "id"));

		if (!valid_code(id) || repeated(out->items, out->nitems, id)) {
			*error = "instrument.items: an item needs a new id of [a-z0-9_]";
			break;
		}
		out->items[out->nitems++] = id;
	}
	return *error == NULL ? URA_OK : URA_EINVAL;
}

bool
reintegration_task_in(const struct reintegration_task_template *t, enum release_variant variant)
{
	return !t->variant_only || variant == VARIANT_VIOLENT_EXTREMISM;
}

bool
reintegration_item_known(const struct reintegration_plan *p, const char *id)
{
	return id != NULL && repeated(p->items, p->nitems, id);
}

bool
reintegration_release_ok(const char *release_on, int64_t now)
{
	int64_t t, days;

	if (!clocks_date_parse(release_on, &t))
		return false;
	days = clocks_day(t) - clocks_day(now);
	return days >= -REINTEGRATION_PAST_DAYS && days <= REINTEGRATION_AHEAD_DAYS;
}

static int
days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

bool
reintegration_plan_start(const char *release_on, int lead_months, char *out, size_t len)
{
	int64_t t;
	int year, month, day, months;

	if (!clocks_date_parse(release_on, &t) ||
	    sscanf(release_on, "%4d-%2d-%2d", &year, &month, &day) != 3)
		return false;
	months = year * 12 + (month - 1) - lead_months;
	year = months / 12;
	month = months % 12 + 1;
	if (day > days_in_month(year, month))
		day = days_in_month(year, month);
	snprintf(out, len, "%04d-%02d-%02d", year, month, day);
	return true;
}

bool
reintegration_task_due(const char *release_on, int offset_days, const char *plan_starts_on,
		       char *out, size_t len)
{
	int64_t release, start, due;

	if (!clocks_date_parse(release_on, &release) || !clocks_date_parse(plan_starts_on, &start))
		return false;
	/* By days, not seconds: a day with a summer-time change is 23 or 25 hours long. */
	due = clocks_day(release) + offset_days;
	clocks_day_format(due < clocks_day(start) ? clocks_day(start) : due, out, len);
	return true;
}

int64_t
reintegration_days_left(const char *due_on, int64_t now)
{
	int64_t due;

	if (!clocks_date_parse(due_on, &due))
		return 0;
	return clocks_day(due) - clocks_day(now);
}

enum task_state
reintegration_task_state(bool done, const char *due_on, int64_t now)
{
	int64_t left = reintegration_days_left(due_on, now);

	if (done)
		return TASK_DONE;
	return left < 0 ? TASK_OVERDUE : left <= REINTEGRATION_DUE_SOON_DAYS ? TASK_DUE_SOON
									  : TASK_OPEN;
}

enum ura_status
reintegration_task_move(const char *from, const char *to)
{
	if (index_of(reintegration_task_statuses, to) < 0)
		return URA_EINVAL;
	return from != NULL && strcmp(from, "open") == 0 && strcmp(to, "done") == 0
	       ? URA_OK : URA_ECONFLICT;
}
