/* Trainings of professionals, by mechanism or national (api/trainings.c). */
#ifndef URA_API_TRAININGS_H
#define URA_API_TRAININGS_H

#include "http/request.h"

void handle_trainings_list(struct request *r);
void handle_training_create(struct request *r);
/* GET /trainings/totals?year=&mechanism_id=: a year by institution type and sex. */
void handle_trainings_totals(struct request *r);

#endif
