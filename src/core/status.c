/* Names of the status codes, for log lines. */
#include "core/status.h"

const char *
ura_status_name(enum ura_status st)
{
	switch (st) {
	case URA_OK: return "OK";
	case URA_EINVAL: return "EINVAL";
	case URA_EUNPROCESSABLE: return "EUNPROCESSABLE";
	case URA_EAUTH: return "EAUTH";
	case URA_EFORBIDDEN: return "EFORBIDDEN";
	case URA_ENOTFOUND: return "ENOTFOUND";
	case URA_ECONFLICT: return "ECONFLICT";
	case URA_EEXISTS: return "EEXISTS";
	case URA_ESTALE: return "ESTALE";
	case URA_EPRECONDITION: return "EPRECONDITION";
	case URA_ETHROTTLED: return "ETHROTTLED";
	case URA_EUNAVAILABLE: return "EUNAVAILABLE";
	case URA_EFULL: return "EFULL";
	case URA_EINTERNAL: return "EINTERNAL";
	}
	return "?";
}
