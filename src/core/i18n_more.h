/*
 * The Turkish and Bosnian catalogues (issue 16), kept apart from i18n.c so that a message
 * added there in sq, en and sr-Latn needs no entry here: a NULL reads in English. Only
 * i18n.c includes this.
 */
#ifndef URA_I18N_MORE_H
#define URA_I18N_MORE_H

#include "core/i18n.h"

extern const char *const i18n_tr[MSG_COUNT];
extern const char *const i18n_bs[MSG_COUNT];

#endif
