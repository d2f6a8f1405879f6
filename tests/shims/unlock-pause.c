/*
 * unlock-pause.c: an LD_PRELOAD shim that holds a process at the moment
 * it lets an flock(2) go, for tests/e2e/2070-indexer-crash.sh: the batch
 * indexer's exit race, made deterministic.
 *
 * With UNLOCK_PAUSE=DIR, flock(fd, LOCK_UN) first creates DIR/releasing,
 * then waits (at most 30 s) until DIR/go exists, then unlocks.  Built at
 * test time: cc -shared -fPIC -o unlock-pause.so unlock-pause.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

int
flock(int fd, int op)
{
	static int (*real)(int, int);
	const char *dir = getenv("UNLOCK_PAUSE");
	char path[4096];
	int f;

	if (real == NULL)
		real = (int (*)(int, int))dlsym(RTLD_NEXT, "flock");
	if (dir != NULL && (op & ~LOCK_NB) == LOCK_UN) {
		snprintf(path, sizeof path, "%s/releasing", dir);
		if ((f = open(path, O_WRONLY | O_CREAT, 0600)) != -1)
			close(f);
		snprintf(path, sizeof path, "%s/go", dir);
		for (int i = 0; i < 3000 && access(path, F_OK) != 0; i++)
			usleep(10000);
	}
	return real(fd, op);
}
