/*
 * bench-flood.c: a flood of deliveries, and what it costs in all.
 *
 *   bench-flood N INPUT-PATTERN PARALLEL CMD [ARGS...]
 *
 * Runs CMD once for each input file (INPUT-PATTERN with one %d, 1..N)
 * on its standard input, PARALLEL at a time, with no shell in between,
 * and prints "wall_us settle_us cpu_us failures":
 *   wall_us    from the first start until the last CMD exited (what the
 *              MTA sees);
 *   settle_us  with BENCH_WAIT_EMPTY=DIR, until DIR (the pending list)
 *              is empty too: everything is indexed then; else wall_us;
 *   cpu_us     user + system time of all of them and of every process
 *              they left behind (a detached batch indexer), once all
 *              have exited.
 * It is a child subreaper (PR_SET_CHILD_SUBREAPER), so detached
 * processes come back to it and are counted.  With BENCH_STOP set, that
 * shell command runs once everything is indexed, to end what would
 * otherwise linger (the resident judge waits for more mail a while).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Starts argv with stdin from path; returns its pid, or -1. */
static pid_t
start(char **argv, const char *path)
{
	int fd = open(path, O_RDONLY);
	pid_t pid;

	if (fd == -1)
		return -1;
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
	return pid;
}

int
main(int argc, char **argv)
{
	int n, par, running = 0, next = 1, failures = 0, status;
	pid_t *pids;
	long t0, wall = 0, settle;
	char path[4096];
	struct rusage ru;

	if (argc < 5 || (n = atoi(argv[1])) < 1 || (par = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: bench-flood N INPUT-PATTERN PARALLEL CMD [ARGS...]\n");
		return 2;
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pids = calloc((size_t)n + 1, sizeof *pids);
	t0 = now_us();
	while (next <= n || running > 0) {
		pid_t pid;
		while (next <= n && running < par) {
			snprintf(path, sizeof path, argv[2], next);
			if ((pids[next] = start(argv + 4, path)) == -1)
				failures++;
			else
				running++;
			next++;
		}
		if ((pid = wait(&status)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 1; i <= n; i++) {
			if (pids[i] != pid)
				continue;
			pids[i] = 0;
			running--;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				failures++;
			if (running == 0 && next > n)
				wall = now_us() - t0;
			break;
		}
	}
	wait_empty(getenv("BENCH_WAIT_EMPTY"));
	settle = now_us() - t0;
	if (getenv("BENCH_STOP") != NULL && system(getenv("BENCH_STOP")) != 0)
		fprintf(stderr, "bench-flood: BENCH_STOP failed\n");
	while (wait(NULL) != -1 || errno == EINTR)
		;
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("%ld %ld %ld %d\n", wall, settle,
	    (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L + ru.ru_utime.tv_usec +
	    ru.ru_stime.tv_usec, failures);
	free(pids);
	return 0;
}
