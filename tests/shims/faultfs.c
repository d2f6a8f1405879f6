/*
 * faultfs.c: an LD_PRELOAD shim that makes file-system calls fail, for
 * the fault tests (tests/e2e/2020-faults.sh).  Built at test time:
 *
 *   cc -shared -fPIC -o faultfs.so faultfs.c -ldl
 *
 * Environment:
 *   FAULT_OPS    comma list of: write (write, pwrite, writev,
 *                copy_file_range), fsync (fsync, fdatasync), link (link,
 *                linkat, rename, renameat, renameat2)
 *   FAULT_ERRNO  ENOSPC (default), EIO, EDQUOT or EFBIG
 *   FAULT_MATCH  only calls on paths containing this string fail (for an
 *                fd, the path /proc/self/fd/N names); default: all files
 *   FAULT_AFTER  writes succeed for this many bytes in total, then fail
 *                (a disk that fills up in the middle of a message)
 *
 * Every failure is counted on standard error as "faultfs: <op> <path>:
 * <error>" so a test can see that the fault was really hit.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

static long long written;


static int
op_on(const char *op)
{
	const char *ops = getenv("FAULT_OPS");
	size_t n = strlen(op);

	for (const char *p = ops; p != NULL && *p != '\0'; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (strncmp(p, op, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

static int
fault_errno(void)
{
	const char *e = getenv("FAULT_ERRNO");

	if (e == NULL || strcmp(e, "ENOSPC") == 0)
		return ENOSPC;
	if (strcmp(e, "EIO") == 0)
		return EIO;
	if (strcmp(e, "EDQUOT") == 0)
		return EDQUOT;
	if (strcmp(e, "EFBIG") == 0)
		return EFBIG;
	return ENOSPC;
}

static int
path_matches(const char *path)
{
	const char *m = getenv("FAULT_MATCH");

	return m == NULL || *m == '\0' || (path != NULL && strstr(path, m) != NULL);
}

static int
fd_matches(int fd, char *path, size_t size)
{
	char proc[64];
	ssize_t n;

	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	n = readlink(proc, path, size - 1);
	path[n < 0 ? 0 : n] = '\0';
	if (n <= 0 || path[0] != '/')
		return 0;	/* pipes, sockets, terminals: never */
	return path_matches(path);
}

static int
fail(const char *op, const char *path)
{
	int e = fault_errno();
	char line[4200];
	int n = snprintf(line, sizeof line, "faultfs: %s %s: %s\n", op, path, strerror(e));
	ssize_t (*real_write)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");

	if (n > 0)
		(void)!real_write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
	errno = e;
	return -1;
}

/* Whether a write of len bytes to fd fails. */
static int
write_fails(int fd, size_t len, char *path, size_t size)
{
	const char *after = getenv("FAULT_AFTER");

	if (!op_on("write") || !fd_matches(fd, path, size))
		return 0;
	if (after != NULL && written + (long long)len <= atoll(after)) {
		written += (long long)len;
		return 0;
	}
	return 1;
}

#define REAL(ret, name, ...) \
	static ret (*real)(__VA_ARGS__); \
	if (real == NULL) real = (ret (*)(__VA_ARGS__))dlsym(RTLD_NEXT, name)

ssize_t
write(int fd, const void *buf, size_t len)
{
	char path[4096];
	REAL(ssize_t, "write", int, const void *, size_t);

	if (write_fails(fd, len, path, sizeof path))
		return fail("write", path);
	return real(fd, buf, len);
}

ssize_t
pwrite(int fd, const void *buf, size_t len, off_t off)
{
	char path[4096];
	REAL(ssize_t, "pwrite", int, const void *, size_t, off_t);

	if (write_fails(fd, len, path, sizeof path))
		return fail("pwrite", path);
	return real(fd, buf, len, off);
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	char path[4096];
	size_t len = 0;
	REAL(ssize_t, "writev", int, const struct iovec *, int);

	for (int i = 0; i < cnt; i++)
		len += iov[i].iov_len;
	if (write_fails(fd, len, path, sizeof path))
		return fail("writev", path);
	return real(fd, iov, cnt);
}

ssize_t
copy_file_range(int in, off_t *inoff, int out, off_t *outoff, size_t len, unsigned flags)
{
	char path[4096];
	REAL(ssize_t, "copy_file_range", int, off_t *, int, off_t *, size_t, unsigned);

	/* Copy at most 64 KiB at a time so FAULT_AFTER can cut in between. */
	if (len > 65536)
		len = 65536;
	if (write_fails(out, len, path, sizeof path))
		return fail("copy_file_range", path);
	return real(in, inoff, out, outoff, len, flags);
}

int
fsync(int fd)
{
	char path[4096];
	REAL(int, "fsync", int);

	if (op_on("fsync") && fd_matches(fd, path, sizeof path))
		return fail("fsync", path);
	return real(fd);
}

int
fdatasync(int fd)
{
	char path[4096];
	REAL(int, "fdatasync", int);

	if (op_on("fsync") && fd_matches(fd, path, sizeof path))
		return fail("fdatasync", path);
	return real(fd);
}

/* The target of a *at() call, as a path for FAULT_MATCH. */
static const char *
at_path(int dirfd, const char *name, char *buf, size_t size)
{
	char dir[4096];

	if (name[0] == '/' || dirfd == AT_FDCWD || !fd_matches(dirfd, dir, sizeof dir))
		return name;
	snprintf(buf, size, "%s/%s", dir, name);
	return buf;
}

int
link(const char *from, const char *to)
{
	REAL(int, "link", const char *, const char *);

	if (op_on("link") && path_matches(to))
		return fail("link", to);
	return real(from, to);
}

int
linkat(int fd1, const char *from, int fd2, const char *to, int flags)
{
	char buf[8200];
	const char *target;
	REAL(int, "linkat", int, const char *, int, const char *, int);

	target = at_path(fd2, to, buf, sizeof buf);
	if (op_on("link") && path_matches(target))
		return fail("linkat", target);
	return real(fd1, from, fd2, to, flags);
}

int
rename(const char *from, const char *to)
{
	REAL(int, "rename", const char *, const char *);

	if (op_on("link") && path_matches(to))
		return fail("rename", to);
	return real(from, to);
}

int
renameat(int fd1, const char *from, int fd2, const char *to)
{
	char buf[8200];
	const char *target;
	REAL(int, "renameat", int, const char *, int, const char *);

	target = at_path(fd2, to, buf, sizeof buf);
	if (op_on("link") && path_matches(target))
		return fail("renameat", target);
	return real(fd1, from, fd2, to);
}

int
renameat2(int fd1, const char *from, int fd2, const char *to, unsigned flags)
{
	char buf[8200];
	const char *target;
	REAL(int, "renameat2", int, const char *, int, const char *, unsigned);

	target = at_path(fd2, to, buf, sizeof buf);
	if (op_on("link") && path_matches(target))
		return fail("renameat2", target);
	return real(fd1, from, fd2, to, flags);
}
