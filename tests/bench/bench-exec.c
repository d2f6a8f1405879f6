/*
 * bench-exec.c: run a command N times, each with its own input file on
 * standard input, and print the median and 90th percentile wall time.
 *
 * Timing from fork to wait in C, so no shell start-up is measured on
 * either side of a comparison.  Usage:
 *   bench-exec RUNS INPUT-PATTERN CMD [ARGS...]
 * INPUT-PATTERN has one %d, replaced by the run number (1..RUNS).
 * Prints "median_us p90_us failures cpu_us settle_us":
 *   median_us, p90_us  fork to the command's exit (what an MTA waits for);
 *   cpu_us     user + system time per run of the command and of every
 *              process it left behind (a detached batch indexer too),
 *              counted once all of them have exited after the last run;
 *   settle_us  with BENCH_WAIT_EMPTY=DIR, the median time from fork
 *              until DIR (the pending list) is empty, i.e. the message
 *              is indexed.  Else as median_us.
 * It is a child subreaper (PR_SET_CHILD_SUBREAPER), so processes that
 * detach (setsid, orphaned) still come back to it.  Each run starts once
 * every process of the previous one has exited (a batch indexer that
 * lingers too), so every run is one delivery on an idle system.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

static int
compare_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* Reaps every descendant left (they are ours as the subreaper); blocking or not. */
static void
reap_all(int flags)
{
	while (waitpid(-1, NULL, flags) > 0 || (errno == EINTR && flags == 0))
		;
}

/*
 * Waits (up to 60 s) until directory dir holds no entry but dot files:
 * the pending list is empty, everything is indexed and committed.
 */
static void
wait_empty(const char *dir)
{
	struct timespec ms = { 0, 1000000L };

	for (int i = 0; dir != NULL && i < 60000; i++) {
		DIR *d = opendir(dir);
		struct dirent *de;
		int any = 0;

		while (d != NULL && !any && (de = readdir(d)) != NULL)
			any = de->d_name[0] != '.';
		if (d != NULL)
			closedir(d);
		if (!any)
			return;
		nanosleep(&ms, NULL);
	}
}

static long
children_cpu_us(void)
{
	struct rusage ru;

	getrusage(RUSAGE_CHILDREN, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L +
	    ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

/*
 * Runs argv once with stdin from path; returns its wall time, or -1 on
 * failure; *settle is the time until its last descendant exited.
 */
static long
run_once(char **argv, const char *path, long *settle)
{
	int fd = open(path, O_RDONLY);
	long t0, t;
	pid_t pid;
	int status;

	if (fd == -1)
		return -1;
	t0 = now_us();
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(fd, 0);
		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd);
	if (pid == -1 || waitpid(pid, &status, 0) == -1)
		return -1;
	t = now_us() - t0;
	wait_empty(getenv("BENCH_WAIT_EMPTY"));
	*settle = now_us() - t0;
	reap_all(0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return t;
}

int
main(int argc, char **argv)
{
	int runs, failures = 0, n = 0;
	long *times, *settles, cpu0;
	char path[4096];

	if (argc < 4 || (runs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: bench-exec RUNS INPUT-PATTERN CMD [ARGS...]\n");
		return 2;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	times = calloc((size_t)runs, sizeof *times);
	settles = calloc((size_t)runs, sizeof *settles);
	cpu0 = children_cpu_us();
	for (int i = 1; i <= runs; i++) {
		long t, settle = 0;
		snprintf(path, sizeof path, argv[2], i);
		if ((t = run_once(argv + 3, path, &settle)) < 0)
			failures++;
		else {
			times[n] = t;
			settles[n++] = settle;
		}
	}
	reap_all(0);
	if (n == 0) {
		printf("0 0 %d 0 0\n", failures);
		return 1;
	}
	qsort(times, (size_t)n, sizeof *times, compare_long);
	qsort(settles, (size_t)n, sizeof *settles, compare_long);
	printf("%ld %ld %d %ld %ld\n", times[(n - 1) / 2], times[(n * 9 - 1) / 10], failures,
	    (children_cpu_us() - cpu0) / runs, settles[(n - 1) / 2]);
	free(times);
	free(settles);
	return 0;
}
