/* Subject access and the record of processing activities: the decisions (see the header). */
#include "domain/data_protection.h"

#include <stdio.h>
#include <string.h>

#include "domain/session.h"

const char *const sar_scope_names[] = { "none", "register", "full", NULL };
const char *const sar_access_names[] = { "read", "write", "emergency", "export", NULL };

bool
sar_may_export(const struct user *u)
{
	return u->active && ((u->role == ROLE_MANAGER && u->institution_id > 0) ||
			     u->role == ROLE_AUDITOR);
}

enum sar_scope
sar_case_scope(const struct user *u, int64_t owner_institution_id)
{
	if (!sar_may_export(u))
		return SAR_SCOPE_NONE;
	if (u->role == ROLE_AUDITOR)
		return SAR_SCOPE_REGISTER;
	/* A manager answers for the institution that leads the case, not for one it referred
	 * the case to: that institution's own records are its own controller's answer. */
	return owner_institution_id > 0 && u->institution_id == owner_institution_id
		       ? SAR_SCOPE_FULL : SAR_SCOPE_NONE;
}

category_set
sar_categories(enum sar_scope scope, category_set readable)
{
	/* Children and the alleged perpetrator are other people: a copy for the survivor must
	 * not adversely affect their rights (art. 15(4)). */
	category_set others = (1u << CAT_CHILDREN) | (1u << CAT_PERPETRATOR);

	return scope == SAR_SCOPE_FULL ? readable & ~others : 0;
}

bool
sar_shows_content(enum sar_scope scope)
{
	return scope == SAR_SCOPE_FULL;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

enum sar_access
sar_access_of(const char *action)
{
	if (action == NULL)
		return SAR_ACCESS_READ;
	if (strcmp(action, "case.read_emergency") == 0 ||
	    strcmp(action, "case.emergency_access") == 0)
		return SAR_ACCESS_EMERGENCY;
	if (strncmp(action, "subject_access.", strlen("subject_access.")) == 0)
		return SAR_ACCESS_EXPORT;
	if (ends_with(action, ".read") || ends_with(action, ".list") ||
	    ends_with(action, ".search") || ends_with(action, "_read"))
		return SAR_ACCESS_READ;
	return SAR_ACCESS_WRITE;
}

bool
processing_record_read(const struct user *u)
{
	return u->active && (u->role == ROLE_AUDITOR || u->role == ROLE_ADMIN);
}

const struct processing_channel processing_channels[] = {
	/* The institution that opens a case does so under its own legal duty to protect. */
	{ "owner", "public_task", "GDPR 6(1)(c), 6(1)(e), 9(2)(g)", NULL },
	{ "referral_consent", "consent", "GDPR 6(1)(a), 9(2)(a)", "consent" },
	{ "referral_emergency", "vital_interests", "GDPR 6(1)(d), 9(2)(c)", "emergency" },
	{ "break_glass", "vital_interests", "GDPR 6(1)(d), 9(2)(c)", NULL },
	{ "coordinator_summary", "public_task", "GDPR 6(1)(e)", NULL },
	{ "transfer", "public_task", "GDPR 6(1)(e), 9(2)(g)", NULL },
	{ "statistics", "anonymised", "GDPR recital 26, 89(1)", NULL },
	{ NULL, NULL, NULL, NULL },
};

/* Adds a measure whose value is a constant or the settings' (already written into it). */
static void
measure(struct processing_measure *out, int max, int *n, const char *code, const char *value)
{
	if (*n >= max)
		return;
	out[*n].code = code;
	snprintf(out[*n].value, sizeof(out[*n].value), "%s", value);
	(*n)++;
}

int
processing_measures(const struct config *c, struct processing_measure *out, int max)
{
	char v[PROCESSING_VALUE_LEN];
	int n = 0;

	measure(out, max, &n, "encryption_at_rest", "XChaCha20-Poly1305");
	measure(out, max, &n, "blind_index", "BLAKE2b (keyed)");
	snprintf(v, sizeof(v), "argon2id %d KiB, %d", c->password_hash_memory_kib,
		 c->password_hash_passes);
	measure(out, max, &n, "password_hashing", v);
	measure(out, max, &n, "second_factor", c->totp_required_roles);
	snprintf(v, sizeof(v), "%d min / %d h", SESSION_IDLE_SECONDS / 60,
		 SESSION_ABSOLUTE_SECONDS / 3600);
	measure(out, max, &n, "sessions", v);
	snprintf(v, sizeof(v), "%d min", c->ui_idle_lock_minutes);
	measure(out, max, &n, "idle_lock", v);
	measure(out, max, &n, "transport", c->https ? "HTTPS" : "HTTP");
	measure(out, max, &n, "audit_chain", "BLAKE2b");
	snprintf(v, sizeof(v), "%d / h", c->break_glass_per_hour);
	measure(out, max, &n, "break_glass_limit", v);
	snprintf(v, sizeof(v), "%d d", c->new_staff_flag_days);
	measure(out, max, &n, "new_staff_watch", v);
	return n;
}

int
processing_retention(const struct config *c, struct retention_rule *out, int max)
{
	const struct retention_rule all[] = {
		{ "case_data", 0, NULL, NULL },
		{ "audit_log", 0, NULL, NULL },
		{ "session_idle", SESSION_IDLE_SECONDS / 60, "minutes", NULL },
		{ "session_absolute", SESSION_ABSOLUTE_SECONDS / 3600, "hours", NULL },
		{ "api_token", c->token_max_days, "days", "token_max_days" },
		{ "sign_in_failures", THROTTLE_WINDOW_SECONDS / 60, "minutes", NULL },
	};
	int n = 0;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]) && n < max; i++)
		out[n++] = all[i];
	return n;
}

const char *const processing_data_subjects[] = { "survivor", "child", "perpetrator",
						 "released_person", "reporter", "staff", NULL };

const char *
processing_category_special(enum category c)
{
	switch (c) {
	case CAT_HEALTH:
	case CAT_INCIDENT:
		return "GDPR 9";
	case CAT_PERPETRATOR:
	case CAT_LEGAL:
		return "GDPR 10";
	default:
		return NULL;
	}
}

void
data_protection_vocabulary_each(void (*fn)(const char *group, const char *code, void *ctx),
				void *ctx)
{
	struct config c;
	struct processing_measure m[PROCESSING_ITEMS_MAX];
	struct retention_rule rr[PROCESSING_ITEMS_MAX];
	int n;

	for (int i = 0; i < SAR_ACCESS_COUNT; i++)
		fn("sar_access", sar_access_names[i], ctx);
	fn("sar_scope", sar_scope_names[SAR_SCOPE_REGISTER], ctx);
	fn("sar_scope", sar_scope_names[SAR_SCOPE_FULL], ctx);
	for (const struct processing_channel *p = processing_channels; p->code != NULL; p++) {
		fn("processing_channel", p->code, ctx);
		fn("legal_basis", p->basis, ctx);
	}
	for (const char *const *s = processing_data_subjects; *s != NULL; s++)
		fn("data_subject", *s, ctx);
	config_defaults(&c);
	n = processing_measures(&c, m, PROCESSING_ITEMS_MAX);
	for (int i = 0; i < n; i++)
		fn("security_measure", m[i].code, ctx);
	n = processing_retention(&c, rr, PROCESSING_ITEMS_MAX);
	for (int i = 0; i < n; i++)
		fn("retention_item", rr[i].code, ctx);
}
