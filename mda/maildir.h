/*
 * maildir.h: Maildir folders and the durable, never-overwriting publish
 * of a finished file into <folder>/new/.
 */
#ifndef BACKSTOP_MAILDIR_H
#define BACKSTOP_MAILDIR_H

#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

/*
 * Creates folder and its cur/ new/ tmp/ (mode 0700) as needed.  0, or
 * -1/errno: ELOOP when one of cur/ new/ tmp/ is a symbolic link (the
 * folder itself may be one; see maildir_find_symlink), ENOTDIR when one
 * is not a directory.
 */
int maildir_ensure(const char *folder);

/* True if path itself (not what it points to) is a symbolic link. */
bool maildir_is_symlink(const char *path);

/*
 * The first of <folder>/tmp, new, cur (and folder itself if folder_too)
 * that is a symbolic link, as a new g_malloc'd path; NULL if none.
 * errno is left as it was: callers use it after a failure.
 */
char *maildir_find_symlink(const char *folder, bool folder_too);

/* tmp/ files older than this (mtime and atime) are debris: 36 hours. */
#define MAILDIR_TMP_MAX_AGE	(36 * 60 * 60)

/*
 * Removes the regular files in <folder>/tmp/ whose mtime and atime are
 * both more than MAILDIR_TMP_MAX_AGE seconds before now (left by a
 * delivery that was killed).  Returns how many, or -1/errno.
 */
int maildir_clean_tmp(const char *folder, time_t now);

/*
 * A unique file name "<sec>.M<usec>P<pid>Q<n>.<host>" (Maildir
 * convention; '/' and ':' in the host name escaped as \057 and \072).
 * Returns a new g_malloc'd string.
 */
char *maildir_unique_name(void);

/*
 * Creates <folder>/tmp/<unique> with O_EXCL|O_NOFOLLOW and mode 0600,
 * retrying on EEXIST; tmp/ itself must not be a symbolic link (ELOOP).
 * Returns the fd and sets *path_out (g_malloc'd), or -1/errno with
 * *path_out untouched.
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
