/*
 * Every bound a request meets, in one place: what one client may make the server read, hold,
 * parse or store. The transport bounds are checked where input enters (http/server.c), the
 * body's where it is read (api/input.c and the handlers); none of them is checked after work
 * whose size the client chose. README.md ("Security", "Limits") lists them for operators,
 * and the connection settings an operator tunes (connections, per-address connections,
 * timeouts) are in core/config.c with these defaults.
 *
 * This header holds constants only, so any layer may include it.
 */
#ifndef URA_HTTP_LIMITS_H
#define URA_HTTP_LIMITS_H

/* ---- the request as bytes ---- */

#define LIMIT_BODY_BYTES (1024 * 1024)        /* a larger body: 413 (API.md) */
#define LIMIT_BODY_DISCARD (16 * 1024 * 1024) /* an oversized body read and dropped, then cut */
#define LIMIT_HEADER_BYTES (16 * 1024)        /* request line and headers: 431 past it */
#define LIMIT_HEADER_FIELDS 64                /* header fields: 431 past it */
#define LIMIT_QUERY_FIELDS 64                 /* query arguments: 400 past it */
/*
 * libmicrohttpd's memory per connection. It must hold a request head of LIMIT_HEADER_BYTES
 * with room to spare (it copies the Cookie header while parsing), so that every head up to a
 * few times the limit reaches us and gets our well-formed 431.
 */
#define LIMIT_CONNECTION_MEMORY (256 * 1024)

/* ---- connections (defaults of the settings in core/config.c) ---- */

#define LIMIT_CONNECTIONS_DEFAULT 4096
#define LIMIT_CONNECTIONS_PER_ADDRESS_DEFAULT 128
#define LIMIT_IDLE_SECONDS_DEFAULT 30    /* connection_timeout: no byte for this long */
#define LIMIT_REQUEST_SECONDS_DEFAULT 30 /* request_timeout: the whole request, however slow */
#define LIMIT_HASH_WORKERS_DEFAULT 2     /* threads that hash passwords (argon2id) */
#define LIMIT_HASH_QUEUE_DEFAULT 64      /* requests waiting for them; 503 past it */

/* ---- arrays in a body: more items than this is a 422 naming the field ---- */

#define LIMIT_CHILDREN 20               /* case: children */
#define LIMIT_CONSENT_INSTITUTIONS 100  /* consent: institution_ids */
#define LIMIT_MEETING_REQUEST_CASES 50  /* meeting request: case_ids */
#define LIMIT_ATTENDANCE_ROWS 100       /* PUT /meetings/{id}/attendance: the rows */
#define LIMIT_ACTIVITY_PARTNERS 20      /* activity: partner_institution_ids */
#define LIMIT_TRAINING_PARTICIPANTS 32  /* training: participants */
#define LIMIT_RISK_ANSWERS 64           /* assessment: keys of answers (an instrument's items) */
/*
 * Lists of distinct values from a vocabulary (incident forms and bias, consent categories and
 * institution types, referral share, institution services and languages) hold at most the
 * vocabulary itself: a longer one must repeat a value, and is refused before it is read.
 */

/* ---- strings, in characters ---- */

#define LIMIT_ENUM_CHARS 64          /* any enumerated value */
#define LIMIT_DATE_CHARS 10          /* YYYY-MM-DD */
#define LIMIT_REFERENCE_CHARS 32     /* a case reference as typed in (KOR-2026-0042) */
#define LIMIT_TIME_CHARS 64          /* RFC 3339 */
#define LIMIT_PHONE_CHARS 40
#define LIMIT_PERSON_NAME_CHARS 100  /* survivor, child, perpetrator names */
#define LIMIT_NAME_CHARS 200         /* names, titles, places, topics of a training */
#define LIMIT_ACTIVITY_TITLE_CHARS 300
#define LIMIT_ADDRESS_CHARS 400
#define LIMIT_TITLE_CHARS 500        /* case-plan actions, agenda topics */
#define LIMIT_REASON_CHARS 2000      /* reasons, justifications, decisions, outcomes */
#define LIMIT_NARRATIVE_CHARS 10000  /* incident narratives, notes */
#define LIMIT_MINUTES_CHARS 50000    /* meeting minutes */

#endif
