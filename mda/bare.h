/*
 * bare.h: messages notmuch would not index.
 *
 * notmuch new skips ("Ignoring non-mail file") any file whose header
 * block has none of From, To and Subject: empty input, whitespace,
 * binary data, text without headers, a header block of Date and
 * Message-ID only.  The MTA delivered it and we exit 0, so it must be
 * visible: delivery adds a Subject line (and, when the input does not
 * begin with a header block, an empty line, so the input becomes the
 * body).  The input's bytes follow unchanged.
 */
#ifndef BACKSTOP_BARE_H
#define BACKSTOP_BARE_H

#include <stdbool.h>

/* The Subject line that is added; the one fact tests look for. */
#define BARE_SUBJECT	"Subject: (backstop: delivered without From, To or Subject)"

/*
 * Reads the header block of the message in fd (from offset 0, at most
 * BARE_SCAN bytes; the offset is not used, pread).  Returns NULL when it
 * has From, To or Subject (or is too long to tell: left as it is), else
 * the lines to put before it (g_malloc'd), ending in "\r\n" if crlf.
 */
#define BARE_SCAN	(64 * 1024)
char *bare_lines(int fd, bool crlf);

#endif
