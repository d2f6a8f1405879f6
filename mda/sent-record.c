/*
 * sent-record.c: append a line to the sent log, and prune it.
 *
 * Writers (several `backstop sendmail` at once) take an flock on a
 * separate path.lock, because pruning replaces the log by rename and a
 * lock on the old inode would protect nothing.  Readers (deliveries)
 * take no lock: a line is one O_APPEND write, and a pruned log appears
 * whole by rename.  Pruning is checked on every append but costs one
 * short read unless the oldest line is due.  Waiting for the lock is
 * bounded: the caller sends the mail anyway and logs why.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "maildir.h"
#include "sent-log.h"
#include "sent-record.h"

#define DAY 86400
#define LOCK_POLL_MS 20

static int
lock_log(const char *path, char **error)
{
	char *lockpath = g_strconcat(path, ".lock", NULL);
	int fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd == -1)
		*error = g_strdup_printf("%s: %s", lockpath, g_strerror(errno));
	for (int waited = 0; fd != -1 && flock(fd, LOCK_EX | LOCK_NB) == -1; waited += LOCK_POLL_MS) {
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= SENT_LOCK_WAIT_MS) {
			*error = g_strdup_printf("%s: %s", lockpath, errno == EWOULDBLOCK ?
			    "still locked by another process after 2 s" : g_strerror(errno));
			close(fd);
			fd = -1;
		} else
			g_usleep(LOCK_POLL_MS * 1000);
	}
	g_free(lockpath);
	return fd;
}

static bool
oldest_is_due(const char *path, gint64 cutoff)
{
	char buf[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd == -1 ? -1 : read(fd, buf, sizeof buf - 1);
	gint64 t;

	if (fd != -1)
		close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return !sent_log_line_time(buf, &t) || t < cutoff;
}

/* Rewrites the log without lines older than cutoff (or malformed). */
static int
prune(const char *path, gint64 cutoff, char **error)
{
	GString *kept = g_string_new(NULL);
	char *text = NULL;
	GError *err = NULL;
	int rc = -1;

	if (g_file_get_contents(path, &text, NULL, &err)) {
		char **lines = g_strsplit(text, "\n", -1);
		gint64 t;
		for (char **l = lines; *l != NULL; l++)
			if (sent_log_line_time(*l, &t) && t >= cutoff)
				g_string_append_printf(kept, "%s\n", *l);
		g_strfreev(lines);
		/* g_file_set_contents writes a temporary file, fsyncs and renames. */
		if (g_file_set_contents_full(path, kept->str, (gssize)kept->len,
		    G_FILE_SET_CONTENTS_CONSISTENT, 0600, &err))
			rc = 0;
	}
	if (rc == -1) {
		*error = g_strdup_printf("cannot prune %s: %s", path, err->message);
		g_error_free(err);
	}
	g_free(text);
	g_string_free(kept, TRUE);
	return rc;
}

int
sent_record(const char *path, gint64 now, const char *id, char *const *recipients,
    int keep_days, char **error)
{
	char *line = sent_log_line(now, id, recipients), *dir = g_path_get_dirname(path);
	int lock = -1, fd = -1, rc = -1;

	if (line == NULL)
		*error = g_strdup_printf("unusable Message-ID, not logged");
	else if (g_mkdir_with_parents(dir, 0700) == -1)
		*error = g_strdup_printf("%s: %s", dir, g_strerror(errno));
	else if ((lock = lock_log(path, error)) == -1)
		;
	else if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) == -1 ||
	    write_all(fd, line, strlen(line)) == -1 || fsync(fd) == -1)
		*error = g_strdup_printf("%s: %s", path, g_strerror(errno));
	else
		rc = 0;
	if (fd != -1 && close(fd) == -1 && rc == 0) {
		*error = g_strdup_printf("%s: %s", path, g_strerror(errno));
		rc = -1;
	}
	if (rc == 0 && oldest_is_due(path, now - (gint64)keep_days * DAY) &&
	    prune(path, now - (gint64)keep_days * DAY, error) == -1)
		rc = 1;
	if (lock != -1)
		close(lock);
	g_free(line);
	g_free(dir);
	return rc;
}
