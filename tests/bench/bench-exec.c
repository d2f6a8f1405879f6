/*
 * bench-exec.c: run a command N times, each with its own input file on
 * standard input, and print the median and 90th percentile wall time.
 *
 * Timing from fork to wait in C, so no shell start-up is measured on
 * either side of a comparison.  Usage:
 *   bench-exec RUNS INPUT-PATTERN CMD [ARGS...]
 * INPUT-PATTERN has one %d, replaced by the run number (1..RUNS).
 * Prints "median_us p90_us failures".
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Runs argv once with stdin from path; returns its wall time, or -1 on failure. */
static long
run_once(char **argv, const char *path)
{
	int fd = open(path, O_RDONLY);
	long t0;
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
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return now_us() - t0;
}

int
main(int argc, char **argv)
{
	int runs, failures = 0, n = 0;
	long *times;
	char path[4096];

	if (argc < 4 || (runs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: bench-exec RUNS INPUT-PATTERN CMD [ARGS...]\n");
		return 2;
	}
	times = calloc((size_t)runs, sizeof *times);
	for (int i = 1; i <= runs; i++) {
		long t;
		snprintf(path, sizeof path, argv[2], i);
		if ((t = run_once(argv + 3, path)) < 0)
			failures++;
		else
			times[n++] = t;
	}
	if (n == 0) {
		printf("0 0 %d\n", failures);
		return 1;
	}
	qsort(times, (size_t)n, sizeof *times, compare_long);
	printf("%ld %ld %d\n", times[(n - 1) / 2], times[(n * 9 - 1) / 10], failures);
	free(times);
	return 0;
}
