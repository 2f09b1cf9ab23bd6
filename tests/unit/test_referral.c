/*
 * Unit tests for src/domain/referral.c: referral_transition over every state × action × party
 * (neither, sender, recipient, both), each with its outcome written out; out-of-range values;
 * referral_respond_by for each urgency with the default and custom deadlines; the names and
 * parsers of statuses and urgencies, round trip; the list of services.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/status.h"
#include "domain/directory.h"
#include "domain/referral.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-11-23T09:30:00Z */
#define T0 INT64_C(1795426200)

/* One outcome: a status and, on URA_OK, the state reached. */
struct outcome {
	enum ura_status status;
	enum referral_status to;
};

#define FORBID { URA_EFORBIDDEN, 0 }
#define CONFLICT { URA_ECONFLICT, 0 }
#define TO(s) { URA_OK, REFERRAL_##s }

/* The parties, in the order of each row's outcomes. */
enum party { NEITHER, SENDER, RECIPIENT, BOTH, PARTY_COUNT };

static const struct {
	int line;
	enum referral_status from;
	enum referral_action action;
	struct outcome by[PARTY_COUNT]; /* neither, sender, recipient, both */
} transition_rows[] = {
#define ROW(from, action, n, s, r, b) \
	{ __LINE__, REFERRAL_##from, REFERRAL_##action, { n, s, r, b } }
	ROW(SENT, ACCEPT, FORBID, FORBID, TO(ACCEPTED), TO(ACCEPTED)),
	ROW(SENT, DECLINE, FORBID, FORBID, TO(DECLINED), TO(DECLINED)),
	ROW(SENT, START, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(SENT, COMPLETE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(SENT, CANCEL, FORBID, TO(CANCELLED), FORBID, TO(CANCELLED)),

	ROW(ACCEPTED, ACCEPT, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(ACCEPTED, DECLINE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(ACCEPTED, START, FORBID, FORBID, TO(IN_PROGRESS), TO(IN_PROGRESS)),
	ROW(ACCEPTED, COMPLETE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(ACCEPTED, CANCEL, FORBID, TO(CANCELLED), FORBID, TO(CANCELLED)),

	ROW(DECLINED, ACCEPT, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(DECLINED, DECLINE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(DECLINED, START, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(DECLINED, COMPLETE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(DECLINED, CANCEL, FORBID, CONFLICT, FORBID, CONFLICT),

	ROW(IN_PROGRESS, ACCEPT, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(IN_PROGRESS, DECLINE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(IN_PROGRESS, START, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(IN_PROGRESS, COMPLETE, FORBID, FORBID, TO(COMPLETED), TO(COMPLETED)),
	ROW(IN_PROGRESS, CANCEL, FORBID, TO(CANCELLED), FORBID, TO(CANCELLED)),

	ROW(COMPLETED, ACCEPT, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(COMPLETED, DECLINE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(COMPLETED, START, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(COMPLETED, COMPLETE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(COMPLETED, CANCEL, FORBID, CONFLICT, FORBID, CONFLICT),

	ROW(CANCELLED, ACCEPT, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(CANCELLED, DECLINE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(CANCELLED, START, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(CANCELLED, COMPLETE, FORBID, FORBID, CONFLICT, CONFLICT),
	ROW(CANCELLED, CANCEL, FORBID, CONFLICT, FORBID, CONFLICT),
#undef ROW
};

static void
test_transition_table(void **state)
{
	static const bool is_sender[] = { false, true, false, true };
	static const bool is_recipient[] = { false, false, true, true };
	int checked = 0;

	(void)state;
	for (size_t i = 0; i < NELEM(transition_rows); i++) {
		for (int p = 0; p < PARTY_COUNT; p++) {
			const struct outcome *want = &transition_rows[i].by[p];
			enum referral_status to = (enum referral_status)99;
			enum ura_status st;

			st = referral_transition(transition_rows[i].from, transition_rows[i].action,
						 is_sender[p], is_recipient[p], &to);
			if (st != want->status)
				fail_msg("line %d, party %d: %s, expected %s",
					 transition_rows[i].line, p, ura_status_name(st),
					 ura_status_name(want->status));
			if (st == URA_OK && to != want->to)
				fail_msg("line %d, party %d: to %d, expected %d",
					 transition_rows[i].line, p, to, want->to);
			if (st != URA_OK && to != (enum referral_status)99)
				fail_msg("line %d, party %d: *to written on failure",
					 transition_rows[i].line, p);
			checked++;
		}
	}
	assert_int_equal(checked, 6 * 5 * PARTY_COUNT);
}

/* The table holds every (state, action) pair exactly once. */
static void
test_transition_table_is_complete(void **state)
{
	int seen[6][5] = { { 0 } };

	(void)state;
	for (size_t i = 0; i < NELEM(transition_rows); i++)
		seen[transition_rows[i].from][transition_rows[i].action]++;
	for (int s = 0; s < 6; s++)
		for (int a = 0; a < 5; a++)
			if (seen[s][a] != 1)
				fail_msg("state %d action %d: %d rows", s, a, seen[s][a]);
}

/* A walk through the whole life of a referral, and a cancellation from every live state. */
static void
test_transition_paths(void **state)
{
	enum referral_status s = REFERRAL_SENT;

	(void)state;
	assert_int_equal(referral_transition(s, REFERRAL_ACCEPT, false, true, &s), URA_OK);
	assert_int_equal(s, REFERRAL_ACCEPTED);
	assert_int_equal(referral_transition(s, REFERRAL_START, false, true, &s), URA_OK);
	assert_int_equal(s, REFERRAL_IN_PROGRESS);
	assert_int_equal(referral_transition(s, REFERRAL_COMPLETE, false, true, &s), URA_OK);
	assert_int_equal(s, REFERRAL_COMPLETED);
	assert_int_equal(referral_transition(s, REFERRAL_CANCEL, true, false, &s), URA_ECONFLICT);
	assert_int_equal(s, REFERRAL_COMPLETED);
}

static void
test_transition_out_of_range(void **state)
{
	enum referral_status to = REFERRAL_SENT;

	(void)state;
	assert_int_equal(referral_transition(REFERRAL_SENT, (enum referral_action)5, true, true,
					     &to), URA_EINVAL);
	assert_int_equal(referral_transition(REFERRAL_SENT, (enum referral_action)-1, true, true,
					     &to), URA_EINVAL);
	assert_int_equal(referral_transition((enum referral_status)6, REFERRAL_CANCEL, true, true,
					     &to), URA_EINVAL);
	assert_int_equal(referral_transition((enum referral_status)-1, REFERRAL_ACCEPT, true,
					     true, &to), URA_EINVAL);
	assert_int_equal(to, REFERRAL_SENT);
}

static void
test_respond_by(void **state)
{
	static const struct referral_deadlines custom = { .emergency = 3600, .urgent = 7200,
							  .routine = 86400 };
	static const struct {
		int line;
		enum urgency u;
		int64_t sent_at;
		const struct referral_deadlines *d;
		int64_t expected;
	} rows[] = {
		{ __LINE__, URGENCY_EMERGENCY, T0, &referral_deadlines_default, T0 + 86400 },
		{ __LINE__, URGENCY_URGENT, T0, &referral_deadlines_default, T0 + 259200 },
		{ __LINE__, URGENCY_ROUTINE, T0, &referral_deadlines_default, T0 + 864000 },
		{ __LINE__, URGENCY_EMERGENCY, T0, NULL, T0 + 86400 },
		{ __LINE__, URGENCY_URGENT, T0, NULL, T0 + 259200 },
		{ __LINE__, URGENCY_ROUTINE, T0, NULL, T0 + 864000 },
		{ __LINE__, URGENCY_EMERGENCY, T0, &custom, T0 + 3600 },
		{ __LINE__, URGENCY_URGENT, T0, &custom, T0 + 7200 },
		{ __LINE__, URGENCY_ROUTINE, T0, &custom, T0 + 86400 },
		{ __LINE__, URGENCY_ROUTINE, 0, &referral_deadlines_default, 864000 },
		/* out of range: the strictest clock */
		{ __LINE__, (enum urgency)3, T0, &referral_deadlines_default, T0 + 86400 },
		{ __LINE__, (enum urgency)-1, T0, &custom, T0 + 3600 },
	};

	(void)state;
	assert_int_equal(referral_deadlines_default.emergency, 24 * 60 * 60);
	assert_int_equal(referral_deadlines_default.urgent, 72 * 60 * 60);
	assert_int_equal(referral_deadlines_default.routine, 10 * 24 * 60 * 60);
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t got = referral_respond_by(rows[i].u, rows[i].sent_at, rows[i].d);

		if (got != rows[i].expected)
			fail_msg("line %d: %lld, expected %lld", rows[i].line, (long long)got,
				 (long long)rows[i].expected);
	}
}

static void
test_status_names(void **state)
{
	static const char *const names[] = { "sent", "accepted", "declined", "in_progress",
					     "completed", "cancelled" };
	static const char *const bad[] = { "", "Sent", "in-progress", "inprogress", "canceled",
					   "open", "sent " };

	(void)state;
	for (int i = 0; i < (int)NELEM(names); i++) {
		assert_string_equal(referral_status_name((enum referral_status)i), names[i]);
		assert_int_equal(referral_status_parse(names[i]), i);
	}
	assert_int_equal(referral_status_parse("sent"), REFERRAL_SENT);
	assert_int_equal(referral_status_parse("cancelled"), REFERRAL_CANCELLED);
	assert_null(referral_status_name((enum referral_status)6));
	assert_null(referral_status_name((enum referral_status)-1));
	for (size_t i = 0; i < NELEM(bad); i++)
		assert_int_equal(referral_status_parse(bad[i]), -1);
	assert_int_equal(referral_status_parse(NULL), -1);
}

static void
test_urgency_names(void **state)
{
	static const char *const names[] = { "emergency", "urgent", "routine" };
	static const char *const bad[] = { "", "Emergency", "high", "normal", "urgent!" };

	(void)state;
	for (int i = 0; i < (int)NELEM(names); i++) {
		assert_string_equal(urgency_name((enum urgency)i), names[i]);
		assert_int_equal(urgency_parse(names[i]), i);
		assert_int_equal(urgency_parse(urgency_name((enum urgency)i)), i);
	}
	assert_int_equal(urgency_parse("routine"), URGENCY_ROUTINE);
	assert_null(urgency_name((enum urgency)3));
	assert_null(urgency_name((enum urgency)-1));
	for (size_t i = 0; i < NELEM(bad); i++)
		assert_int_equal(urgency_parse(bad[i]), -1);
	assert_int_equal(urgency_parse(NULL), -1);
}

/* The services a referral asks for are exactly those an institution offers. */
static void
test_services(void **state)
{
	static const char *const expected[] = {
		"shelter", "legal_aid", "medical", "psychosocial", "police_protection",
		"protection_order", "housing", "economic_aid", "employment", "education",
		"child_protection", "post_release_support",
	};
	size_t n = 0;

	(void)state;
	while (service_kinds[n] != NULL)
		n++;
	assert_int_equal(n, NELEM(expected));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(service_kinds[i], expected[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transition_table),
		cmocka_unit_test(test_transition_table_is_complete),
		cmocka_unit_test(test_transition_paths),
		cmocka_unit_test(test_transition_out_of_range),
		cmocka_unit_test(test_respond_by),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_urgency_names),
		cmocka_unit_test(test_services),
	};

	return cmocka_run_group_tests_name("referral", tests, NULL, NULL);
}
