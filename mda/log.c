/*
 * log.c: syslog always, stderr on request, and a file when [log] file
 * names one (for users without syslog, like procmail's LOGFILE).
 *
 * Each delivery writes exactly one info line with its verdict; warnings
 * name the path and, where there is one, the fix.  The file gets the
 * lines syslog gets, each with a time stamp, appended with O_APPEND in
 * one write() so that concurrent deliveries do not interleave; a
 * failure to open or write it never fails a delivery.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "lazy.h"
#include "log.h"

static bool log_to_stderr;
static bool log_debugging;
static int log_file_fd = -1;
static bool stderr_for_mta;

void
log_init(bool to_stderr, bool debug)
{
	log_to_stderr = to_stderr;
	log_debugging = debug;
	openlog("backstop", LOG_PID, LOG_MAIL);
}

void
log_open_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600);

	if (fd == -1) {
		log_warn("[log] file %s cannot be opened, logging to syslog only", path);
		return;
	}
	if (log_file_fd != -1)
		close(log_file_fd);
	log_file_fd = fd;
}

void
log_stderr_is_mta(void)
{
	stderr_for_mta = true;
}

void
log_warnx_user(const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	log_warnx("%s", line);
	if (!log_to_stderr && !stderr_for_mta)
		fprintf(stderr, "backstop: %s\n", line);
}

/* "2026-12-03T04:30:00+0000 backstop[PID]: LINE\n" in one write; errors ignored. */
static void
log_file_write(const char *line, const char *suffix)
{
	char stamp[64], *text;
	time_t now = time(NULL);
	struct tm tm;
	ssize_t n;

	if (log_file_fd == -1)
		return;
	if (localtime_r(&now, &tm) == NULL || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S%z",
	    &tm) == 0)
		stamp[0] = '\0';
	text = g_strdup_printf("%s backstop[%ld]: %s%s%s\n", stamp, (long)getpid(), line,
	    suffix ? ": " : "", suffix ? suffix : "");
	n = write(log_file_fd, text, strlen(text));
	(void)n;		/* a full disk must not fail the delivery */
	g_free(text);
}

static void
log_emit(int priority, const char *fmt, va_list ap, const char *suffix)
{
	char line[2048];

	vsnprintf(line, sizeof line, fmt, ap);
	if (priority == LOG_DEBUG && !log_debugging)
		return;
	syslog(priority, "%s%s%s", line, suffix ? ": " : "", suffix ? suffix : "");
	log_file_write(line, suffix);
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
log_tempfail(const char *fmt, ...)
{
	int saved = errno;
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	log_warnx("%s", line);
	if (!log_to_stderr)
		fprintf(stderr, "backstop: %s\n", line);
	errno = saved;
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

/*
 * The libraries' chatter is debug; the loaders' own complaints
 * (filters/lazy.h) say why a delivery is about to give up.
 */
static void
glib_emit(const char *domain, GLogLevelFlags level, const char *message)
{
	bool ours = domain != NULL && strcmp(domain, LAZY_LOG_DOMAIN) == 0;

	if (ours && (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)))
		log_warnx("%s", message);
	else
		log_debug("%s: %s", domain ? domain : "glib", message);
}

static void
glib_to_debug(const gchar *domain, GLogLevelFlags level, const gchar *message,
    gpointer data)
{
	glib_emit(domain, level, message);
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
	glib_emit(domain, level, message ? message : "?");
	return G_LOG_WRITER_HANDLED;
}

void
log_capture_glib(void)
{
	static const char *domains[] = { NULL, "GLib", "GLib-GObject", "GLib-GIO",
	    "gmime", "GMime", "notmuch", LAZY_LOG_DOMAIN };
	GLogLevelFlags all = G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION;

	for (size_t i = 0; i < G_N_ELEMENTS(domains); i++)
		g_log_set_handler(domains[i], all, glib_to_debug, NULL);
	g_log_set_default_handler(glib_to_debug, NULL);
	g_log_set_writer_func(glib_writer_to_debug, NULL, NULL);
}
