/*
 * sent-record.h: appending to the sent log (format: filters/sent-log.h).
 */
#ifndef BACKSTOP_SENT_RECORD_H
#define BACKSTOP_SENT_RECORD_H

#include <glib.h>

#define SENT_LOCK_WAIT_MS	2000	/* how long to wait for the log's lock */

/*
 * Appends one line for (now, id, recipients) to the log at path, under
 * an exclusive lock on path.lock held at most SENT_LOCK_WAIT_MS, then
 * drops lines older than keep_days if the first line is.  Returns 0;
 * 1 if the line was added but pruning failed; -1 if it was not added.
 * *error is set (a new string) unless 0; nothing is half-written.
 */
int sent_record(const char *path, gint64 now, const char *id, char *const *recipients,
    int keep_days, char **error);

#endif
