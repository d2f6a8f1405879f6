/*
 * maildir.h: Maildir folders and the durable, never-overwriting publish
 * of a finished file into <folder>/new/.
 */
#ifndef BACKSTOP_MAILDIR_H
#define BACKSTOP_MAILDIR_H

#include <stdbool.h>
#include <sys/types.h>

/* Creates folder and its cur/ new/ tmp/ (mode 0700) as needed. 0 or -1/errno. */
int maildir_ensure(const char *folder);

/*
 * A unique file name "<sec>.M<usec>P<pid>Q<n>.<host>" (Maildir
 * convention; '/' and ':' in the host name escaped as \057 and \072).
 * Returns a new g_malloc'd string.
 */
char *maildir_unique_name(void);

/*
 * Creates <folder>/tmp/<unique> with O_EXCL and mode 0600, retrying on
 * EEXIST.  Returns the fd and sets *path_out (g_malloc'd), or -1/errno
 * with *path_out untouched.
 */
int maildir_create_tmp(const char *folder, char **path_out);

/*
 * Publishes the complete, fsynced file tmp_path into <folder>/new/ by
 * link(2) so nothing is ever overwritten (a new name on EEXIST), fsyncs
 * new/, then unlinks tmp_path.  Returns 0 and sets *new_path_out
 * (g_malloc'd), or -1/errno (EXDEV when tmp_path is on another file
 * system), in which case nothing was published and tmp_path remains.
 */
int maildir_publish(const char *tmp_path, const char *folder, char **new_path_out);

/* write(2) all of buf, retrying on EINTR and short writes. 0 or -1/errno. */
int write_all(int fd, const void *buf, size_t len);

/* Copies from in (from its current offset) to the end into out. 0 or -1/errno. */
int copy_rest(int in, int out);

/* fsync of a directory by path. 0 or -1/errno. */
int sync_dir(const char *dir);

#endif
