/*
 * child.h: a child process that reports to its parent over a pipe.
 * Used where libraries may block or crash (notmuch's write lock, the
 * classifier in filter mode) and the parent must keep its promise.
 */
#ifndef BACKSTOP_CHILD_H
#define BACKSTOP_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * Forks with a pipe from child to parent.  In the parent returns the
 * child's pid and sets *fd to the read end; in the child returns 0 and
 * sets *fd to the write end; -1/errno if the pipe or fork failed.
 * Buffered output is flushed first, so neither process writes it twice.
 */
pid_t child_fork_piped(int *fd);

/* Waits for pid (killing it first with SIGKILL if kill_it); returns its wait status. */
int child_reap(pid_t pid, bool kill_it);

#endif
