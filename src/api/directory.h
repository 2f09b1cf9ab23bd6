/* The directory's resources and mechanism members (the HSDS export is api/hsds.h). */
#ifndef URA_API_DIRECTORY_H
#define URA_API_DIRECTORY_H

#include "api/resource.h"

extern const struct resource resource_municipalities;
extern const struct resource resource_institutions;
extern const struct resource resource_mechanisms;
extern const struct resource resource_users;

void handle_members_list(struct request *r);
void handle_memberships_list(struct request *r);
void handle_members_add(struct request *r);
void handle_members_remove(struct request *r);

#endif
