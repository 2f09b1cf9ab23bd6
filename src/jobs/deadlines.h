/*
 * The deadline scanner: at start and every minute, the leader process (store_leader_try)
 * notifies whatever has fallen due (store_deadlines_scan). Each notification exists once,
 * however many rounds or processes see the same deadline.
 */
#ifndef URA_JOBS_DEADLINES_H
#define URA_JOBS_DEADLINES_H

#include "core/status.h"
#include "store/store.h"

struct periodic;

/* One round now, if this process leads. */
enum ura_status deadlines_scan_once(struct store *s);
/* Runs a first round before returning (so a server that answers has scanned), then one a
 * minute on a thread of its own. NULL when the thread cannot start. */
struct periodic *deadline_scanner_start(struct store *s);
void deadline_scanner_stop(struct periodic *sc);

#endif
