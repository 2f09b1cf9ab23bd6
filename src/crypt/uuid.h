/*
 * Name-based UUIDs (RFC 9562, version 8 layout): the same namespace UUID and name always give
 * the same UUID, and different names practically never the same one. The public directory
 * derives the ids of an institution's services, phones, location and schedules from the
 * institution's own random UUID this way, so they stay stable between exports without a
 * table of ids.
 */
#ifndef URA_CRYPT_UUID_H
#define URA_CRYPT_UUID_H

#define UUID_TEXT 37 /* 36 characters and the NUL */

/* The UUID of `name` within `namespace_uuid` (any text; normally a UUID), lower case. */
void uuid_derive(const char *namespace_uuid, const char *name, char out[UUID_TEXT]);

#endif
