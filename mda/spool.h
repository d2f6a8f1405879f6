/*
 * spool.h: standard input, byte for byte, into <inbox>/tmp/.
 */
#ifndef BACKSTOP_SPOOL_H
#define BACKSTOP_SPOOL_H

#include <stdbool.h>
#include <sys/types.h>

struct spool {
	int fd;			/* read-write, at offset 0 after spool_stdin */
	char *path;		/* <inbox>/tmp/<unique> */
	char *from_sender;	/* sender of a leading mbox "From " line, or NULL */
	bool crlf;		/* the message's first line ends in CRLF */
	off_t size;
};

/*
 * Copies in (standard input) into a new file in <inbox>/tmp/.  A leading
 * mbox "From " line is kept as "X-Envelope-From: " plus the rest of that
 * line: notmuch refuses files that start with "From ".  Everything else
 * is copied unchanged.  Returns 0, or -1/errno with the tmp file removed.
 * The file is not fsynced here: it is a working copy that is never
 * published as such (see deliver), and the MTA keeps the message until
 * we exit 0.
 */
int spool_input(int in, const char *inbox, struct spool *s);

/* Closes and unlinks the tmp file, frees the struct's strings. */
void spool_discard(struct spool *s);

/*
 * The sender named by an mbox "From " line (line points just past
 * "From "): "" for MAILER-DAEMON, else the first word, at most 998
 * bytes.  Returns a new g_malloc'd string.
 */
char *spool_from_line_sender(const char *line, size_t len);

#endif
