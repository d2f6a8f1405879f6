/*
 * maildir.c: folder creation and the publish step.
 *
 * Publishing follows qmail-local: link() the finished file from tmp/
 * into new/, which fails instead of overwriting, then fsync new/ so the
 * name itself is durable before we report success, then unlink the tmp
 * name.  The tmp file must already be complete and fsynced.
 *
 * Nothing here follows a symbolic link at the last step: a folder's
 * tmp/, new/ and cur/ must be real directories (a link there could send
 * mail anywhere, say into another user's files), files are created with
 * O_EXCL|O_NOFOLLOW relative to a tmp/ opened with O_NOFOLLOW, and the
 * publish links into a new/ opened the same way.  A link is reported as
 * ELOOP; maildir_find_symlink names it for the log.
 *
 * Files left in tmp/ by a delivery that was killed are removed by a
 * later delivery once they are 36 hours old, as the Maildir convention
 * says (maildir_clean_tmp).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <glib.h>

#include "maildir.h"

static int
mkdir_one(const char *path)
{
	struct stat st;

	if (mkdir(path, 0700) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	if (lstat(path, &st) == -1)
		return -1;
	if (S_ISLNK(st.st_mode)) {
		errno = ELOOP;
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

int
maildir_ensure(const char *folder)
{
	static const char *subdirs[] = { "cur", "new", "tmp" };

	if (g_mkdir_with_parents(folder, 0700) == -1)
		return -1;
	for (size_t i = 0; i < G_N_ELEMENTS(subdirs); i++) {
		char *sub = g_build_filename(folder, subdirs[i], NULL);
		int rc = mkdir_one(sub);
		int saved = errno;
		g_free(sub);
		if (rc == -1) {
			errno = saved;
			return -1;
		}
	}
	return 0;
}

bool
maildir_is_symlink(const char *path)
{
	struct stat st;
	char *copy = g_strdup(path);
	size_t len = strlen(copy);
	bool link;

	while (len > 1 && copy[len - 1] == '/')
		copy[--len] = '\0';	/* "dir/" would follow the link */
	link = lstat(copy, &st) == 0 && S_ISLNK(st.st_mode);
	g_free(copy);
	return link;
}

char *
maildir_find_symlink(const char *folder, bool folder_too)
{
	static const char *subdirs[] = { "tmp", "new", "cur" };

	int saved = errno;	/* the caller reports the error that led here */
	char *found = NULL;

	if (folder_too && maildir_is_symlink(folder))
		found = g_strdup(folder);
	for (size_t i = 0; found == NULL && i < G_N_ELEMENTS(subdirs); i++) {
		char *sub = g_build_filename(folder, subdirs[i], NULL);
		if (maildir_is_symlink(sub))
			found = sub;
		else
			g_free(sub);
	}
	errno = saved;
	return found;
}

/* Opens <folder>/<sub> as a directory, refusing a symlink (ELOOP). */
static int
open_subdir(const char *folder, const char *sub)
{
	char *path = g_build_filename(folder, sub, NULL);
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int saved = errno;

	if (fd == -1 && saved == ENOTDIR && maildir_is_symlink(path))
		saved = ELOOP;
	g_free(path);
	errno = saved;
	return fd;
}

static char *
escaped_hostname(void)
{
	char host[256] = "localhost";
	GString *out = g_string_new(NULL);

	if (gethostname(host, sizeof host - 1) == -1 || host[0] == '\0')
		strcpy(host, "localhost");
	host[sizeof host - 1] = '\0';
	for (const char *p = host; *p != '\0'; p++) {
		if (*p == '/')
			g_string_append(out, "\\057");
		else if (*p == ':')
			g_string_append(out, "\\072");
		else
			g_string_append_c(out, *p);
	}
	return g_string_free(out, FALSE);
}

char *
maildir_unique_name(void)
{
	static unsigned long counter;
	struct timeval tv;
	char *host = escaped_hostname();
	char *name;

	gettimeofday(&tv, NULL);
	name = g_strdup_printf("%lld.M%06ldP%ldQ%lu.%s", (long long)tv.tv_sec,
	    (long)tv.tv_usec, (long)getpid(), ++counter, host);
	g_free(host);
	return name;
}

int
maildir_create_tmp(const char *folder, char **path_out)
{
	int dirfd = open_subdir(folder, "tmp");
	int saved = errno;

	if (dirfd == -1) {
		errno = saved;
		return -1;
	}
	for (int tries = 0; tries < 100; tries++) {
		char *name = maildir_unique_name();
		int fd = openat(dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0600);

		saved = errno;
		if (fd != -1) {
			*path_out = g_build_filename(folder, "tmp", name, NULL);
			g_free(name);
			close(dirfd);
			return fd;
		}
		g_free(name);
		if (saved != EEXIST)
			break;
	}
	close(dirfd);
	errno = saved;
	return -1;
}

int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc, saved;

	if (fd == -1)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
maildir_publish(const char *tmp_path, const char *folder, char **new_path_out)
{
	int newfd = open_subdir(folder, "new");
	char *name = g_path_get_basename(tmp_path);
	bool linked = false;
	int rc = -1, saved = errno;

	if (newfd == -1)
		goto done;
	for (int tries = 0; tries < 100; tries++) {
		if (linkat(AT_FDCWD, tmp_path, newfd, name, 0) == 0) {
			linked = true;
			break;
		}
		saved = errno;
		if (saved != EEXIST)
			goto done;
		g_free(name);
		name = maildir_unique_name();
	}
	if (!linked)
		goto done;
	if (fsync(newfd) == -1) {
		/* Not durable: take it back so the MTA's retry makes no duplicate. */
		saved = errno;
		unlinkat(newfd, name, 0);
		goto done;
	}
	unlink(tmp_path);
	*new_path_out = g_build_filename(folder, "new", name, NULL);
	rc = 0;
done:
	if (newfd != -1)
		close(newfd);
	g_free(name);
	errno = saved;
	return rc;
}

int
maildir_clean_tmp(const char *folder, time_t now)
{
	int dirfd = open_subdir(folder, "tmp");
	DIR *d;
	struct dirent *de;
	struct stat st;
	int removed = 0;

	if (dirfd == -1 || (d = fdopendir(dirfd)) == NULL) {
		if (dirfd != -1)
			close(dirfd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (st.st_mtime > now - MAILDIR_TMP_MAX_AGE ||
		    st.st_atime > now - MAILDIR_TMP_MAX_AGE)
			continue;
		if (unlinkat(dirfd, de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
copy_rest(int in, int out)
{
	char buf[65536];

	for (;;) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
		if (n == 0)
			return 0;
		if (n > 0)
			continue;
		if (errno == EINTR)
			continue;
		if (errno != EXDEV && errno != ENOSYS && errno != EINVAL &&
		    errno != EOPNOTSUPP)
			return -1;
		break;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n == 0)
			return 0;
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (write_all(out, buf, (size_t)n) == -1)
			return -1;
	}
}
