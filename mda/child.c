/*
 * child.c: fork with a report pipe, and reaping.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"

pid_t
child_fork_piped(int *fd)
{
	int fds[2], saved;
	pid_t pid;

	if (pipe(fds) == -1)
		return -1;
	fflush(NULL);
	if ((pid = fork()) == -1) {
		saved = errno;
		close(fds[0]);
		close(fds[1]);
		errno = saved;
		return -1;
	}
	close(pid == 0 ? fds[0] : fds[1]);
	*fd = pid == 0 ? fds[1] : fds[0];
	return pid;
}

int
child_reap(pid_t pid, bool kill_it)
{
	int status = 0;

	if (kill_it)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return status;
}
