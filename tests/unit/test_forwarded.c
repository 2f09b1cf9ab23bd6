/*
 * Unit tests for src/http/forwarded.c: which lists of trusted proxies are valid settings, and
 * the client address forwarded_client resolves from a peer and X-Forwarded-For: the peer
 * itself unless it is trusted, then the rightmost untrusted hop, IPv4 and IPv6 blocks,
 * spelling normalised, ports and brackets dropped, garbage stopping the walk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "http/forwarded.h"

static void
test_proxy_lists(void **state)
{
	static const char *const good[] = {
		"", "127.0.0.1", "10.0.0.0/8", "10.0.0.1, 192.168.0.0/24", "::1", "fd00::/8",
		"10.0.0.1 10.0.0.2", "0.0.0.0/0", "::/0", "172.16.0.0/12,::1/128",
	};
	static const char *const bad[] = {
		"localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/x", "300.1.1.1",
		"10.0.0.1, nginx", "1.2.3", "10.0.0.0/8/8", "/8",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!forwarded_proxies_valid(good[i]))
			fail_msg("refused '%s'", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (forwarded_proxies_valid(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	assert_true(forwarded_proxies_valid(NULL));
}

struct resolution {
	const char *proxies, *peer, *xff, *client;
};

static void
check(const struct resolution *cases, size_t n)
{
	char out[FORWARDED_ADDRESS_MAX];

	for (size_t i = 0; i < n; i++) {
		forwarded_client(cases[i].proxies, cases[i].peer, cases[i].xff, out, sizeof(out));
		if (strcmp(out, cases[i].client) != 0)
			fail_msg("proxies '%s' peer %s xff '%s': got %s, want %s", cases[i].proxies,
				 cases[i].peer, cases[i].xff ? cases[i].xff : "(none)", out,
				 cases[i].client);
	}
}

static void
test_untrusted_peers_are_the_client(void **state)
{
	static const struct resolution cases[] = {
		/* nobody trusted (the default): the header is ignored */
		{ "", "127.0.0.1", "203.0.113.5", "127.0.0.1" },
		{ "", "198.51.100.7", NULL, "198.51.100.7" },
		/* a peer outside the list may not speak for anyone */
		{ "10.0.0.1", "198.51.100.7", "203.0.113.5", "198.51.100.7" },
		{ "10.0.0.0/24", "10.0.1.1", "203.0.113.5", "10.0.1.1" },
		/* a trusted proxy without the header: the proxy is all we know */
		{ "10.0.0.1", "10.0.0.1", NULL, "10.0.0.1" },
		{ "10.0.0.1", "10.0.0.1", "", "10.0.0.1" },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_the_rightmost_untrusted_hop_is_the_client(void **state)
{
	static const struct resolution cases[] = {
		{ "10.0.0.1", "10.0.0.1", "203.0.113.5", "203.0.113.5" },
		/* what the client wrote itself (left) does not count */
		{ "10.0.0.1", "10.0.0.1", "1.1.1.1, 203.0.113.5", "203.0.113.5" },
		{ "10.0.0.1", "10.0.0.1", "1.1.1.1,2.2.2.2,203.0.113.5", "203.0.113.5" },
		/* two trusted proxies in a row */
		{ "10.0.0.0/8", "10.0.0.1", "1.1.1.1, 203.0.113.5, 10.9.9.9", "203.0.113.5" },
		{ "10.0.0.1 10.0.0.2", "10.0.0.1", "203.0.113.5, 10.0.0.2", "203.0.113.5" },
		/* every hop trusted: the leftmost is the client */
		{ "10.0.0.0/8", "10.0.0.1", "10.1.1.1, 10.2.2.2", "10.1.1.1" },
		/* several headers joined */
		{ "10.0.0.1", "10.0.0.1", "9.9.9.9, 8.8.8.8,203.0.113.9", "203.0.113.9" },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_spelling_ports_and_ipv6(void **state)
{
	static const struct resolution cases[] = {
		{ "::1", "::1", "2001:db8::0:1", "2001:db8::1" },
		{ "fd00::/8", "fd12::1", "[2001:db8::7]:4711", "2001:db8::7" },
		{ "127.0.0.1", "127.0.0.1", "203.0.113.5:51000", "203.0.113.5" },
		{ "127.0.0.1", "::ffff:127.0.0.1", "203.0.113.5", "203.0.113.5" },
		{ "::ffff:10.0.0.0/104", "10.0.0.3", "203.0.113.5", "203.0.113.5" },
		{ "127.0.0.1", "127.0.0.1", " 203.0.113.5 ", "203.0.113.5" },
		/* a block's host bits do not matter */
		{ "192.168.1.77/24", "192.168.1.3", "203.0.113.5", "203.0.113.5" },
		{ "192.168.1.0/23", "192.168.0.250", "203.0.113.5", "203.0.113.5" },
		{ "192.168.1.0/24", "192.168.0.250", "203.0.113.5", "192.168.0.250" },
		{ "0.0.0.0/0", "8.8.8.8", "203.0.113.5", "203.0.113.5" },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_garbage_stops_at_the_hop_that_wrote_it(void **state)
{
	static const struct resolution cases[] = {
		{ "10.0.0.1", "10.0.0.1", "unknown", "10.0.0.1" },
		{ "10.0.0.1", "10.0.0.1", "203.0.113.5, ", "10.0.0.1" },
		{ "10.0.0.0/8", "10.0.0.1", "203.0.113.5, junk, 10.0.0.2", "10.0.0.2" },
		{ "10.0.0.1", "10.0.0.1", "[::1", "10.0.0.1" },
		{ "", "not-an-address", NULL, "not-an-address" },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_a_long_trusted_chain_stops(void **state)
{
	char xff[100 * 10 + 16] = "203.0.113.5";
	char out[FORWARDED_ADDRESS_MAX];

	(void)state;
	for (int i = 0; i < 100; i++)
		strcat(xff, ", 10.0.0.1");
	forwarded_client("10.0.0.0/8", "10.0.0.1", xff, out, sizeof(out));
	assert_string_equal(out, "10.0.0.1"); /* gave up inside the chain, never the forger */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proxy_lists),
		cmocka_unit_test(test_untrusted_peers_are_the_client),
		cmocka_unit_test(test_the_rightmost_untrusted_hop_is_the_client),
		cmocka_unit_test(test_spelling_ports_and_ipv6),
		cmocka_unit_test(test_garbage_stops_at_the_hop_that_wrote_it),
		cmocka_unit_test(test_a_long_trusted_chain_stops),
	};

	return cmocka_run_group_tests_name("forwarded", tests, NULL, NULL);
}
