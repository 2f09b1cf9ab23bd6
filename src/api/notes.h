/* Case notes (api/notes.c). */
#ifndef URA_API_NOTES_H
#define URA_API_NOTES_H

#include "http/request.h"

void handle_case_note_add(struct request *r);
void handle_case_notes_list(struct request *r);

#endif
