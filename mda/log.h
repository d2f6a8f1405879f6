/*
 * log.h: one log module for the whole program.
 *
 * Under the MTA, syslog (LOG_MAIL) is the only sink: whatever an MDA
 * writes to stderr may be copied into a bounce, and a bounce is itself
 * backscatter.  `-v` and the interactive commands add stderr.
 */
#ifndef BACKSTOP_LOG_H
#define BACKSTOP_LOG_H

#include <stdbool.h>
#include <glib.h>

/* Opens syslog; to_stderr also copies every line at or above info to stderr. */
void log_init(bool to_stderr, bool debug);

/*
 * Also appends every line syslog gets to path ([log] file); a file that
 * cannot be opened is a warning, never an error.
 */
void log_open_file(const char *path);

/*
 * Delivery: stderr belongs to the MTA, which may mail it back (Exim's
 * return_output), so log_warnx_user keeps to the log.
 */
void log_stderr_is_mta(void);

/* A warning the user must see: logged, and on stderr unless log_stderr_is_mta. */
void log_warnx_user(const char *fmt, ...) G_GNUC_PRINTF(1, 2);


void log_warn(const char *fmt, ...) G_GNUC_PRINTF(1, 2);	/* appends strerror(errno) */
void log_warnx(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/*
 * The reason for an exit 75, logged and always printed as one line on
 * stderr: Postfix and Exim put a deferring command's output in their
 * log ("Command output: ..."), and a deferral is never a bounce.
 */
void log_tempfail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void log_info(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void log_debug(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/*
 * Routes GLib and GMime messages (g_warning, g_critical, ...) into
 * log_debug so library noise never reaches stderr.
 */
void log_capture_glib(void);

#endif
