/*
 * One line per event on stderr, as key=value pairs: `level=info event=... request=...`.
 * Never log personal data or secrets: ids and references only.
 */
#ifndef URA_LOG_H
#define URA_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* `fmt` continues the line after "level=... event=EVENT"; it is printed as given. */
void log_event(enum log_level level, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
