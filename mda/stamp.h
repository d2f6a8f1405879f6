/*
 * stamp.h: the X-Backstop header line we add to every delivered message.
 */
#ifndef BACKSTOP_STAMP_H
#define BACKSTOP_STAMP_H

#include <stdbool.h>

#include "classify.h"

#define STAMP_MAX	998	/* RFC 5322 line limit, without the line end */
#define STAMP_REF_MAX	200	/* bytes of the reference shown */
#define STAMP_FAILED_MAX 200	/* bytes of the failed recipient shown */

/*
 * "X-Backstop: backscatter; class=bounce; ref=<id>; evidence=notmuch:not-sent"
 * plus "\n" or "\r\n".  A genuine bounce or delay warning has
 * "; failed=<first failed recipient>; status=5.1.1[; others=N]" before
 * the evidence.  Every byte that comes from the message is
 * printable ASCII without ';', '<', '>', '"' or '\\' (others become
 * '?'), so the line cannot be split or extended with fields of the
 * sender's choosing.  New g_malloc'd string.
 */
char *stamp_line(const struct outcome *o, bool crlf);

/* The line for a message delivered without classification (broken config). */
char *stamp_unchecked_line(const char *why, bool crlf);

/*
 * The summary used in the log and by `check`:
 * "backscatter class=bounce [folder=quarantine ]ref=x evidence=notmuch:not-sent by=dsn".
 * folder may be NULL.
 */
char *stamp_summary(const struct outcome *o, const char *folder);

/* The leading words of stamp_summary: "backscatter class=bounce [folder=F ]ref=x". */
char *stamp_verdict_words(const struct outcome *o, const char *folder);

#endif
