/*
 * The client's address behind reverse proxies. A request's peer is the last hop; when that
 * hop is a proxy the operator trusts (the `trusted_proxies` setting: addresses and CIDR
 * blocks), the client is the rightmost address of X-Forwarded-For that is not itself a trusted
 * proxy: every address to its right was written by a proxy we trust, every one to its left
 * by whoever sent the request, who may write anything. From any other peer X-Forwarded-For is
 * ignored. Pure: strings in, a string out, no sockets.
 */
#ifndef URA_HTTP_FORWARDED_H
#define URA_HTTP_FORWARDED_H

#include <stdbool.h>
#include <stddef.h>

#define FORWARDED_ADDRESS_MAX 64 /* an IPv6 address as text, with room to spare */

/*
 * Whether `list` is a valid setting: IPv4 or IPv6 addresses and CIDR blocks separated by
 * commas or spaces ("127.0.0.1, 10.0.0.0/8, ::1"); an empty list is valid (trust nobody).
 */
bool forwarded_proxies_valid(const char *list);

/*
 * The client address of a request from `peer` (an address as text) that carried the
 * X-Forwarded-For value `xff` (NULL when absent; several headers joined with commas), under
 * the trusted `proxies` list. Written to `out` in its canonical text form (inet_ntop), so
 * that one client is one address whatever its spelling. When every forwarded address is a
 * trusted proxy the leftmost is the client; an entry that is not an address stops the walk at
 * the hop that wrote it.
 */
void forwarded_client(const char *proxies, const char *peer, const char *xff, char *out,
		      size_t len);

#endif
