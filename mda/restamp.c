/*
 * restamp.c: the X-Backstop line for a message scan moved (restamp.h).
 *
 * Delivery writes the line as it files the message; scan moves mail
 * that arrived before backstop judged it (or was judged differently
 * then), so `stats`, `quarantine list` and the user's own filters would
 * otherwise see no verdict, or an old one.  The move itself stays a
 * link and unlink (quarantine.c), which a rerun completes without a
 * duplicate; this rewrite comes after it and is a rename over the
 * moved file, so an interruption leaves either version, whole.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "maildir.h"
#include "restamp.h"
#include "stamp.h"

#define HEAD_MAX	(STAMP_MAX + 8)

/*
 * Reads the file's start: sets *skip to the length of an X-Backstop
 * line that is first (0 if none) and *crlf to the line-end style.
 */
static int
inspect(int fd, off_t *skip, bool *crlf)
{
	char buf[HEAD_MAX + 1];
	ssize_t n = pread(fd, buf, HEAD_MAX, 0);
	const char *nl, *rest;

	if (n == -1)
		return -1;
	buf[n] = '\0';
	*skip = 0;
	nl = memchr(buf, '\n', (size_t)n);
	if (nl != NULL && g_ascii_strncasecmp(buf, "X-Backstop:", 11) == 0)
		*skip = nl + 1 - buf;
	rest = buf + *skip;
	nl = memchr(rest, '\n', (size_t)(n - *skip));
	*crlf = nl != NULL && nl > rest && nl[-1] == '\r';
	return 0;
}

/* Writes line and fd's bytes from skip into a new tmp file of folder. */
static char *
write_copy(int fd, off_t skip, const char *folder, const char *line)
{
	char *tmp = NULL;
	int out = maildir_create_tmp(folder, &tmp), saved;

	if (out == -1)
		return NULL;
	if (write_all(out, line, strlen(line)) == -1 || lseek(fd, skip, SEEK_SET) == -1 ||
	    copy_rest(fd, out) == -1 || fsync(out) == -1) {
		saved = errno;
		close(out);
		goto fail;
	}
	if (close(out) == -1) {
		saved = errno;
		goto fail;
	}
	return tmp;
fail:
	unlink(tmp);
	g_free(tmp);
	errno = saved;
	return NULL;
}

int
restamp(const char *path, const char *folder, const struct outcome *o)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), saved, rc = -1;
	char *line = NULL, *tmp = NULL, *dir;
	off_t skip;
	bool crlf;

	if (fd == -1)
		return -1;
	if (inspect(fd, &skip, &crlf) == -1)
		goto done;
	line = stamp_line(o, crlf);
	if ((tmp = write_copy(fd, skip, folder, line)) == NULL)
		goto done;
	if (rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		goto done;
	}
	dir = g_path_get_dirname(path);
	rc = sync_dir(dir);
	g_free(dir);
done:
	saved = errno;
	close(fd);
	g_free(line);
	g_free(tmp);
	errno = saved;
	return rc;
}
