/*
 * spool.c: the first thing a delivery does is get the bytes onto disk.
 *
 * The copy is a plain read/write loop over a 64 KiB buffer, so memory
 * stays bounded whatever the size of the message; only the first buffer
 * is looked at, for the "From " line and the line-end style.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "maildir.h"
#include "spool.h"

#define SPOOL_BUF	65536
#define FROM_PREFIX	"From "
#define ENVELOPE_HDR	"X-Envelope-From: "

char *
spool_from_line_sender(const char *line, size_t len)
{
	size_t n = 0;

	while (n < len && n < 998 && line[n] != ' ' && line[n] != '\t' &&
	    line[n] != '\r' && line[n] != '\n')
		n++;
	if ((n == 14 && g_ascii_strncasecmp(line, "MAILER-DAEMON", 13) == 0) ||
	    (n == 2 && memcmp(line, "<>", 2) == 0))
		return g_strdup("");
	return g_strndup(line, n);
}

/* Reads until buf holds at least want bytes or input ends. */
static ssize_t
read_at_least(int in, char *buf, size_t size, size_t want)
{
	size_t have = 0;

	while (have < want) {
		ssize_t n = read(in, buf + have, size - have);
		if (n == 0)
			break;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		have += (size_t)n;
	}
	return (ssize_t)have;
}

static bool
first_line_crlf(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);

	return nl != NULL && nl > buf && nl[-1] == '\r';
}

/* Handles the first buffer: From line rewrite, CRLF detection. */
static int
spool_head(struct spool *s, const char *buf, size_t len)
{
	size_t skip = strlen(FROM_PREFIX);
	const char *nl;

	if (len < skip || memcmp(buf, FROM_PREFIX, skip) != 0) {
		s->crlf = first_line_crlf(buf, len);
		return write_all(s->fd, buf, len);
	}
	s->from_sender = spool_from_line_sender(buf + skip, len - skip);
	nl = memchr(buf, '\n', len);
	s->crlf = nl != NULL ? first_line_crlf(nl + 1, len - (size_t)(nl + 1 - buf))
	    : false;
	if (write_all(s->fd, ENVELOPE_HDR, strlen(ENVELOPE_HDR)) == -1)
		return -1;
	return write_all(s->fd, buf + skip, len - skip);
}

int
spool_input(int in, const char *inbox, struct spool *s)
{
	char *buf = g_malloc(SPOOL_BUF);
	ssize_t n;
	int saved;

	memset(s, 0, sizeof *s);
	s->fd = maildir_create_tmp(inbox, &s->path);
	if (s->fd == -1)
		goto fail_nofile;
	/* The rewrite needs the whole "From " prefix in the first buffer. */
	n = read_at_least(in, buf, SPOOL_BUF, strlen(FROM_PREFIX));
	if (n == -1 || spool_head(s, buf, (size_t)n) == -1)
		goto fail;
	while ((n = read(in, buf, SPOOL_BUF)) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (write_all(s->fd, buf, (size_t)n) == -1)
			goto fail;
	}
	if ((s->size = lseek(s->fd, 0, SEEK_CUR)) == -1 ||
	    lseek(s->fd, 0, SEEK_SET) == -1)
		goto fail;
	g_free(buf);
	return 0;
fail:
	saved = errno;
	spool_discard(s);
	errno = saved;
	g_free(buf);
	return -1;
fail_nofile:
	saved = errno;
	g_free(buf);
	errno = saved;
	return -1;
}

void
spool_discard(struct spool *s)
{
	if (s->fd >= 0)
		close(s->fd);
	if (s->path != NULL)
		unlink(s->path);
	g_free(s->path);
	g_free(s->from_sender);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}
