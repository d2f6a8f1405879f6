/*
 * sent-log.h: the sent log that `backstop sendmail` keeps, as text the
 * evidence stages look things up in.
 *
 * One line per message handed to the real sendmail successfully:
 *     TIME<TAB>MESSAGE-ID<TAB>RCPT[,RCPT...]<LF>
 * TIME in Unix seconds, the Message-ID without <>, recipients
 * lower-case.  Appending and pruning (under a lock) live in
 * mda/sent-record.c; reading needs no lock, since lines are appended
 * whole with O_APPEND and pruning replaces the file by rename.
 */
#ifndef BACKSTOP_SENT_LOG_H
#define BACKSTOP_SENT_LOG_H

#include <stdbool.h>
#include <glib.h>

struct sent_log;

/* A log line for these facts, with LF; NULL if id is unusable.  Unusable
 * recipients (blanks, commas, control bytes) are left out. */
char *sent_log_line(gint64 time, const char *id, char *const *recipients);

/* The time of a line; false if the line is malformed. */
bool sent_log_line_time(const char *line, gint64 *time);

/*
 * Reads the log at path, keeping lines not older than not_before.
 * NULL if the file does not exist (errno ENOENT) or cannot be read.
 */
struct sent_log *sent_log_load(const char *path, gint64 not_before);
/* The same from text (for tests); never NULL. */
struct sent_log *sent_log_from_text(const char *text, gint64 not_before);
void sent_log_free(struct sent_log *l);

/* Lines in the window (messages logged). */
guint sent_log_size(const struct sent_log *l);
/* When id was sent (the latest time), or false. */
bool sent_log_find_id(const struct sent_log *l, const char *id, gint64 *time);
/* The latest time the user wrote to address (any case), or false. */
bool sent_log_find_address(const struct sent_log *l, const char *address, gint64 *time);

/* The IDs of the newest max valid lines, newest first (char *, owned). */
GPtrArray *sent_log_recent_ids(const struct sent_log *l, guint max);

#endif
