/* The client's address behind trusted reverse proxies (X-Forwarded-For). Pure. */
#include "http/forwarded.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A trusted chain longer than this is not a deployment but an attempt to make us walk. */
#define HOPS_MAX 64

struct net {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	int prefix; /* bits that must match */
};

/* An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address it maps. */
static void
unmap(struct net *n)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	if (n->family == AF_INET6 && memcmp(n->addr, mapped, 12) == 0) {
		memmove(n->addr, n->addr + 12, 4);
		n->family = AF_INET;
		n->prefix = n->prefix >= 96 ? n->prefix - 96 : 0;
	}
}

/* One address of `len` characters, without brackets or a port ("[::1]:443", "10.0.0.1:80"),
 * as written (an IPv4-mapped address stays IPv6). */
static bool
parse_raw(const char *text, size_t len, struct net *out)
{
	char buf[FORWARDED_ADDRESS_MAX];
	const char *colon;

	while (len > 0 && (*text == ' ' || *text == '\t')) {
		text++;
		len--;
	}
	while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len > 0 && *text == '[') {
		const char *close = memchr(text, ']', len);
		if (close == NULL)
			return false;
		len = (size_t)(close - text - 1);
		text++;
	} else if ((colon = memchr(text, ':', len)) != NULL &&
		   memchr(colon + 1, ':', len - (size_t)(colon + 1 - text)) == NULL) {
		len = (size_t)(colon - text); /* one colon: an IPv4 address and a port */
	}
	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = AF_INET;
		out->prefix = 32;
	} else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		out->family = AF_INET6;
		out->prefix = 128;
	} else {
		return false;
	}
	return true;
}

static bool
parse_address(const char *text, size_t len, struct net *out)
{
	if (!parse_raw(text, len, out))
		return false;
	unmap(out);
	return true;
}

/* An address or a CIDR block ("10.0.0.0/8"). */
static bool
parse_block(const char *text, size_t len, struct net *out)
{
	const char *slash = memchr(text, '/', len);
	char digits[8];
	char *end;
	long bits;
	int max;

	if (slash == NULL)
		return parse_address(text, len, out);
	if (!parse_raw(text, (size_t)(slash - text), out))
		return false;
	len -= (size_t)(slash + 1 - text);
	if (len == 0 || len >= sizeof(digits))
		return false;
	memcpy(digits, slash + 1, len);
	digits[len] = '\0';
	bits = strtol(digits, &end, 10);
	max = out->family == AF_INET ? 32 : 128;
	if (*end != '\0' || bits < 0 || bits > max)
		return false;
	out->prefix = (int)bits;
	unmap(out);
	return true;
}

static bool
block_contains(const struct net *block, const struct net *a)
{
	int full = block->prefix / 8, rest = block->prefix % 8;

	if (block->family != a->family || memcmp(block->addr, a->addr, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (block->addr[full] & mask) == (a->addr[full] & mask);
}

/* Calls fn for each entry of a comma- or space-separated list; stops at the first false. */
static bool
each_entry(const char *list, bool (*fn)(const char *entry, size_t len, void *ctx), void *ctx)
{
	const char *p = list != NULL ? list : "";

	while (*p != '\0') {
		size_t len = strcspn(p, ", \t");
		if (len > 0 && !fn(p, len, ctx))
			return false;
		p += len + (p[len] != '\0');
	}
	return true;
}

static bool
entry_valid(const char *entry, size_t len, void *ctx)
{
	struct net n;

	(void)ctx;
	return parse_block(entry, len, &n);
}

bool
forwarded_proxies_valid(const char *list)
{
	return each_entry(list, entry_valid, NULL);
}

/* each_entry callback: false (stop) at the block holding the address. */
static bool
entry_misses(const char *entry, size_t len, void *ctx)
{
	struct net block;

	return !parse_block(entry, len, &block) || !block_contains(&block, ctx);
}

static bool
is_trusted(const char *proxies, const struct net *a)
{
	return !each_entry(proxies, entry_misses, (void *)(uintptr_t)a);
}

static void
format_address(const struct net *a, char *out, size_t len)
{
	char buf[INET6_ADDRSTRLEN];

	if (inet_ntop(a->family, a->addr, buf, sizeof(buf)) == NULL)
		snprintf(buf, sizeof(buf), "unknown");
	snprintf(out, len, "%s", buf);
}

void
forwarded_client(const char *proxies, const char *peer, const char *xff, char *out, size_t len)
{
	struct net current, hop;
	size_t end = xff != NULL ? strlen(xff) : 0;

	if (peer == NULL || !parse_address(peer, strlen(peer), &current)) {
		snprintf(out, len, "%s", peer != NULL ? peer : "unknown");
		return;
	}
	/* Right to left: each hop we trust vouches for the one before it. */
	for (int hops = 0; hops < HOPS_MAX && end > 0 && is_trusted(proxies, &current); hops++) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		if (!parse_address(xff + start, end - start, &hop))
			break;
		current = hop;
		end = start > 0 ? start - 1 : 0;
	}
	format_address(&current, out, len);
}
