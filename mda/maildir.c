/*
 * maildir.c: folder creation and the publish step.
 *
 * Publishing follows qmail-local: link() the finished file from tmp/
 * into new/, which fails instead of overwriting, then fsync new/ so the
 * name itself is durable before we report success, then unlink the tmp
 * name.  The tmp file must already be complete and fsynced.
 */
#include "config.h"

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
	if (stat(path, &st) == -1)
		return -1;
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
	for (int tries = 0; tries < 100; tries++) {
		char *name = maildir_unique_name();
		char *path = g_build_filename(folder, "tmp", name, NULL);
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		int saved = errno;

		g_free(name);
		if (fd != -1) {
			*path_out = path;
			return fd;
		}
		g_free(path);
		if (saved != EEXIST) {
			errno = saved;
			return -1;
		}
	}
	errno = EEXIST;
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
	char *newdir = g_build_filename(folder, "new", NULL);
	char *name = g_path_get_basename(tmp_path);
	char *target = NULL;
	int rc = -1, saved = 0;

	for (int tries = 0; tries < 100; tries++) {
		target = g_build_filename(newdir, name, NULL);
		if (link(tmp_path, target) == 0)
			break;
		saved = errno;
		g_clear_pointer(&target, g_free);
		if (saved != EEXIST)
			goto done;
		g_free(name);
		name = maildir_unique_name();
	}
	if (target == NULL) {
		saved = EEXIST;
		goto done;
	}
	if (sync_dir(newdir) == -1) {
		/* Not durable: take it back so the MTA's retry makes no duplicate. */
		saved = errno;
		unlink(target);
		g_clear_pointer(&target, g_free);
		goto done;
	}
	unlink(tmp_path);
	*new_path_out = target;
	rc = 0;
done:
	g_free(name);
	g_free(newdir);
	errno = saved;
	return rc;
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
