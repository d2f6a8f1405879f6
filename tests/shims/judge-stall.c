/*
 * judge-stall.c: an LD_PRELOAD shim that stalls the resident judge in
 * the middle of a request, for tests/e2e/2090-judge.sh: a judge killed
 * mid-request, or one that never answers, must cost the delivery
 * nothing but time.
 *
 * With JUDGE_STALL=DIR and the file DIR/stall present, send(2) in a
 * process whose command line has "--serve" (the judge's answer, once it
 * has judged; deliveries are not stalled) creates DIR/stalled, then
 * sleeps 60 s before sending.  Built at test time:
 * cc -shared -fPIC -o judge-stall.so judge-stall.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int
is_judge(void)
{
	char buf[4096];
	ssize_t n;
	int fd = open("/proc/self/cmdline", O_RDONLY);

	if (fd == -1)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
	return strstr(buf, "--serve") != NULL;
}

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	static ssize_t (*real)(int, const void *, size_t, int);
	const char *dir = getenv("JUDGE_STALL");
	char path[4096];
	int f;

	if (real == NULL)
		real = (ssize_t (*)(int, const void *, size_t, int))dlsym(RTLD_NEXT, "send");
	if (dir == NULL || !is_judge())
		return real(fd, buf, len, flags);
	snprintf(path, sizeof path, "%s/stall", dir);
	if (access(path, F_OK) == 0) {
		snprintf(path, sizeof path, "%s/stalled", dir);
		if ((f = open(path, O_WRONLY | O_CREAT, 0600)) != -1)
			close(f);
		sleep(60);
	}
	return real(fd, buf, len, flags);
}
