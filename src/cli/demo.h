/* `ura demo`'s casework (cli/demo_cases.c): who is who among the demo's institutions and
 * users, and the cases they work on. */
#ifndef URA_CLI_DEMO_H
#define URA_CLI_DEMO_H

#include <stdbool.h>
#include <stdint.h>

struct app;

struct demo_people {
	/* institutions */
	int64_t police, court, social, shelter, legal_aid;
	/* users */
	int64_t police_caseworker, police_manager, shelter_caseworker, social_caseworker;
};

/* Three cases with referrals, risk, orders, an action and a note, made through the API's
 * handlers in-process as the demo's users; false (reported on stderr) when a step fails. */
bool demo_cases_create(struct app *app, const struct demo_people *people, int64_t mechanism);

#endif
