/* Name-based UUIDs (see uuid.h): BLAKE2b of namespace, NUL, name, cut to 128 bits. */
#include "crypt/uuid.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void
uuid_derive(const char *namespace_uuid, const char *name, char out[UUID_TEXT])
{
	crypto_generichash_state state;
	unsigned char b[16];

	crypto_generichash_init(&state, NULL, 0, sizeof(b));
	crypto_generichash_update(&state, (const unsigned char *)namespace_uuid,
				  strlen(namespace_uuid) + 1); /* with the NUL: "a"+"bc" ≠ "ab"+"c" */
	crypto_generichash_update(&state, (const unsigned char *)name, strlen(name));
	crypto_generichash_final(&state, b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x80); /* version 8: custom, name-based */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant: RFC 9562 */
	snprintf(out, UUID_TEXT,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
		 b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
		 b[15]);
}
