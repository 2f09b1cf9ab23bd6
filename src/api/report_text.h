/*
 * The wording of the public report pages in Albanian, English and Serbian (Latin). The
 * words a frightened person reads first are plain and neutral; no text names violence in
 * the page title or the headings a passer-by might glance at.
 */
#ifndef URA_API_REPORT_TEXT_H
#define URA_API_REPORT_TEXT_H

#include "core/i18n.h"

enum report_text {
	RT_EXIT, RT_EXIT_HINT, RT_HEADING, RT_INTRO, RT_DANGER, RT_HISTORY, RT_LANGUAGE,
	RT_KIND, RT_KIND_DV, RT_KIND_GBV, RT_KIND_HATE, RT_FORMS, RT_BIAS, RT_WHEN,
	RT_MUNICIPALITY, RT_CHOOSE, RT_PLACE, RT_DESCRIPTION, RT_REPORTER, RT_REPORTER_VICTIM,
	RT_REPORTER_WITNESS, RT_REPORTER_ORGANISATION, RT_REPORTER_NONE, RT_NAME,
	RT_WANTS_CONTACT, RT_CONTACT, RT_CONTACT_HINT, RT_HONEYPOT, RT_SUBMIT, RT_ERRORS,
	RT_SENT_HEADING, RT_RECEIPT_INTRO, RT_STATUS_LINK, RT_STATUS_HEADING, RT_RECEIPT_LABEL,
	RT_STATUS_SUBMIT, RT_STATUS_LABEL, RT_MESSAGE_LABEL, RT_NO_MESSAGE, RT_STATUS_RECEIVED,
	RT_STATUS_IN_PROGRESS, RT_STATUS_REFERRED, RT_STATUS_CLOSED, RT_NEW_REPORT, RT_OPTIONAL,
	RT_COUNT
};

const char *report_text(enum report_text t, enum lang lang);

#endif
