/* The log sink: whole lines written with one call so concurrent threads never interleave. */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"

static enum log_level log_threshold = LOG_INFO;

void
log_set_level(enum log_level level)
{
	log_threshold = level;
}

void
log_event(enum log_level level, const char *event, const char *fmt, ...)
{
	static const char *names[] = { "debug", "info", "warn", "error" };
	char line[1024], ts[32];
	va_list ap;
	int n;

	if (level < log_threshold)
		return;
	clock_format_rfc3339(clock_now(), ts, sizeof(ts));
	n = snprintf(line, sizeof(line), "time=%s level=%s event=%s ", ts, names[level], event);
	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap); /* room left for '\n' */
	va_end(ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}
