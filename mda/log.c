/*
 * log.c: syslog always, stderr on request.
 *
 * Each delivery writes exactly one info line with its verdict; warnings
 * name the path and, where there is one, the fix.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

static bool log_to_stderr;
static bool log_debugging;

void
log_init(bool to_stderr, bool debug)
{
	log_to_stderr = to_stderr;
	log_debugging = debug;
	openlog("backstop", LOG_PID, LOG_MAIL);
}

static void
log_emit(int priority, const char *fmt, va_list ap, const char *suffix)
{
	char line[2048];

	vsnprintf(line, sizeof line, fmt, ap);
	if (priority == LOG_DEBUG && !log_debugging)
		return;
	syslog(priority, "%s%s%s", line, suffix ? ": " : "", suffix ? suffix : "");
	if (log_to_stderr)
		fprintf(stderr, "backstop: %s%s%s\n", line, suffix ? ": " : "",
		    suffix ? suffix : "");
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, fmt, ap, strerror(saved));
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_INFO, fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_DEBUG, fmt, ap, NULL);
	va_end(ap);
}

static void
glib_to_debug(const gchar *domain, GLogLevelFlags level, const gchar *message,
    gpointer data)
{
	log_debug("%s: %s", domain ? domain : "glib", message);
}

static GLogWriterOutput
glib_writer_to_debug(GLogLevelFlags level, const GLogField *fields,
    gsize n_fields, gpointer data)
{
	const char *domain = NULL, *message = NULL;

	for (gsize i = 0; i < n_fields; i++) {
		if (strcmp(fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
			domain = fields[i].value;
		else if (strcmp(fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
			message = fields[i].value;
	}
	log_debug("%s: %s", domain ? domain : "glib", message ? message : "?");
	return G_LOG_WRITER_HANDLED;
}

void
log_capture_glib(void)
{
	static const char *domains[] = { NULL, "GLib", "GLib-GObject", "GLib-GIO",
	    "gmime", "GMime", "notmuch" };
	GLogLevelFlags all = G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION;

	for (size_t i = 0; i < G_N_ELEMENTS(domains); i++)
		g_log_set_handler(domains[i], all, glib_to_debug, NULL);
	g_log_set_default_handler(glib_to_debug, NULL);
	g_log_set_writer_func(glib_writer_to_debug, NULL, NULL);
}
