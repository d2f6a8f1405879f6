/*
 * background.c: the batch indexer.
 *
 * Why: indexing one message the way `notmuch insert` does costs a
 * read-write open, the indexing, and a commit with five fdatasyncs,
 * and most of that is per commit and per process, not per message.  So
 * a quarantine delivery only stores the message durably and writes its
 * pending entry (pending.c), and one process indexes everything pending
 * in batches, one commit per batch, then exits when nothing is left.
 *
 * One indexer: it holds the flock(2) of <state_dir>/batch.lock for as
 * long as it runs.  A delivery adds its entry first and then tries the
 * lock without waiting.  If it gets it, no indexer runs, and it starts
 * one and hands the locked descriptor over (the child shares the open
 * file description, so the lock never has no owner).  If it does not,
 * the running indexer sees the entry: an indexer exits only after it
 * has let the lock go and then found no new entry, so an entry added
 * while it held the lock is found by that last look, and one added after
 * the release belongs to a delivery whose try succeeded.
 *
 * Detached: the indexer is this program again (`backstop index
 * --background`, started with posix_spawn) in its
 * own session, with /dev/null as standard input, output and error and
 * no other descriptor of the MTA's, so no MTA waits for its pipes or
 * signals its process group; an exec'd process also shares no library
 * state with the delivery, and the preloaded shims and sanitizers of
 * the tests apply to it as to any run of the program.  posix_spawn
 * (vfork semantics) costs the delivery well under a millisecond.  A
 * held notmuch write lock makes the indexer wait, never a delivery.
 *
 * Crashes: entries are removed only once their commit is durable, and
 * indexing is idempotent (a message indexed before comes back as
 * DUPLICATE_MESSAGE_ID with the same file name; its tags are set
 * again), so a kill at any point leaves work to redo and nothing lost:
 * the next delivery's indexer or `backstop index` does it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "background.h"
#include "flood.h"
#include "indexer.h"
#include "log.h"
#include "pending.h"

#define LOCK_FD		3	/* where a delivery hands the locked descriptor over */
#define BATCH_MAX	1000	/* entries per commit */
#define WAIT_LIMIT	600	/* seconds for notmuch's write lock plus one batch */
#define GATHER_MS	250	/* in a flood, before a batch: let more entries gather */
#define LINGER_MS	1000	/* with nothing left: wait this long for more before exiting */
#define STEP_MS		20

extern char **environ;

static char *
lock_path(const struct settings *s)
{
	return g_build_filename(s->state_dir, "batch.lock", NULL);
}

static int
lock_open(const struct settings *s)
{
	char *path = lock_path(s);
	int fd;

	g_mkdir_with_parents(s->state_dir, 0700);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	g_free(path);
	return fd;
}

/* The holder's pid in the lock file, for `backstop index` and the tests. */
static void
lock_note_pid(int fd)
{
	char line[32];
	int n = snprintf(line, sizeof line, "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) == -1 || pwrite(fd, line, (size_t)n, 0) != n)
		log_debug("cannot write the batch indexer's pid");
}

/* Signals the indexer starts with at their defaults (a delivery may ignore some). */
static void
default_signals(sigset_t *set)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGALRM, SIGPIPE,
	    SIGCHLD, SIGUSR1, SIGUSR2, SIGXFSZ };

	sigemptyset(set);
	for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
		sigaddset(set, sigs[i]);
}

/*
 * This program's path.  Its name rather than /proc/self/exe itself, so
 * that a run under valgrind, which reports the client's name here,
 * starts the program and not the tool; /proc/self/exe when the file has
 * been replaced since (an upgrade) or cannot be named.
 */
static void
self_path(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	if (n <= 0 || (size_t)n >= size - 1 || buf[0] != '/' ||
	    (n > 10 && memcmp(buf + n - 10, " (deleted)", 10) == 0)) {
		snprintf(buf, size, "/proc/self/exe");
		return;
	}
	buf[n] = '\0';
}

int
background_spawn(const struct settings *s, int lock_fd, const char *command, const char *flag)
{
	char *argv[] = { (char *)"backstop", (char *)command, (char *)flag,
	    NULL, NULL, NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t mask, dfl;
	char self[PATH_MAX], *config = NULL;
	pid_t pid;
	int rc;

	self_path(self, sizeof self);
	if (s->path != NULL) {
		config = g_canonicalize_filename(s->path, NULL);	/* it runs in / */
		argv[3] = (char *)"-c";
		argv[4] = config;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, lock_fd, LOCK_FD);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
#ifdef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
	posix_spawn_file_actions_addclosefrom_np(&fa, LOCK_FD + 1);
#endif
	posix_spawnattr_init(&attr);
	sigemptyset(&mask);
	default_signals(&dfl);
	posix_spawnattr_setsigmask(&attr, &mask);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(&pid, self, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	g_free(config);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	log_debug("started backstop %s %s, pid %ld", command, flag, (long)pid);
	return 0;
}

void
background_start(const struct settings *s)
{
	int fd = lock_open(s), high = -1;

	if (fd == -1) {
		log_warn("cannot open %s/batch.lock; the message stays pending", s->state_dir);
		return;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno != EWOULDBLOCK)
			log_warn("cannot lock %s/batch.lock; the message stays pending", s->state_dir);
		close(fd);	/* an indexer runs: its last look finds the entry */
		return;
	}
	/* Above LOCK_FD, so that setting up 0 to 3 in the child cannot clobber it. */
	if ((high = fcntl(fd, F_DUPFD_CLOEXEC, LOCK_FD + 1)) == -1 || background_spawn(s, high, "index", "--background") == -1)
		log_warn("cannot start the batch indexer; the message stays pending until"
		    " the next quarantine delivery or 'backstop index'");
	if (high != -1)
		close(high);
	close(fd);		/* the lock stays with the child, if it started */
}

void
background_close_inherited(void)
{
#ifndef HAVE_POSIX_SPAWN_FILE_ACTIONS_ADDCLOSEFROM_NP
	long max = sysconf(_SC_OPEN_MAX);

	for (long fd = LOCK_FD + 1; fd < (max > 0 && max < 65536 ? max : 65536); fd++)
		close((int)fd);
#endif
}

/* The lock: inherited as LOCK_FD from the delivery that started us, or taken here; -1 if held. */
static int
lock_take(const struct settings *s)
{
	char *path = lock_path(s);
	struct stat inherited, file;
	bool ours = fstat(LOCK_FD, &inherited) == 0 && stat(path, &file) == 0 &&
	    inherited.st_dev == file.st_dev && inherited.st_ino == file.st_ino &&
	    flock(LOCK_FD, LOCK_EX | LOCK_NB) == 0;
	int fd = LOCK_FD;

	g_free(path);
	if (ours) {
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		return fd;
	}
	if ((fd = lock_open(s)) != -1 && flock(fd, LOCK_EX | LOCK_NB) == -1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Waiting for the write lock, or a batch, past WAIT_LIMIT: give up (nothing committed). */
static void
give_up(int sig)
{
	(void)sig;
	_exit(0);
}

/*
 * Waits up to ms for more than `have` entries; returns the count.  In a
 * flood, entries arrive every few milliseconds: waiting a little before
 * a batch shares one commit between many, and lingering a little after
 * the list is empty spares the next delivery starting an indexer (an
 * exec, the libraries, an open) for a single message.
 */
static unsigned
wait_for_entries(const struct settings *s, unsigned have, long ms)
{
	struct timespec step = { 0, STEP_MS * 1000000L };
	unsigned n = pending_count(s->state_dir);

	for (long waited = 0; n <= have && waited < ms; waited += STEP_MS) {
		nanosleep(&step, NULL);
		n = pending_count(s->state_dir);
	}
	return n;
}

/*
 * Batches until nothing is pending but entries that keep failing;
 * returns how many of those there are (they stay pending).
 */
static unsigned
drain_all(const struct settings *s, unsigned *total, GHashTable **seen)
{
	unsigned indexed, left;
	enum index_result r;
	bool flood = false;

	for (;;) {
		/* After this batch's removals, before its look: what it can know of. */
		g_hash_table_unref(*seen);
		*seen = pending_names(s->state_dir);
		if (wait_for_entries(s, 0, LINGER_MS) == 0)
			break;
		/* Entries that came during the last batch: a flood, worth a pause. */
		if (flood && pending_count(s->state_dir) < BATCH_MAX)
			wait_for_entries(s, BATCH_MAX, GATHER_MS);
		alarm(WAIT_LIMIT);
		r = indexer_drain_waiting(s, BATCH_MAX, &indexed, &left);
		alarm(0);
		if (r != INDEX_DONE)
			return pending_count(s->state_dir);
		*total += indexed;
		log_debug("batch indexer: %u indexed in one commit, %u left", indexed, left);
		if (indexed > 0)
			flood_refresh_notice(s);
		else if (left > 0)
			return left;
		flood = pending_count(s->state_dir) > left;
	}
	return 0;
}

/*
 * Lets the lock go, then looks again: a delivery that added an entry
 * while the lock was held started no indexer, so the entry is ours
 * unless another indexer has started since.  Returns true with the lock
 * held again when there is new work: an entry whose name the last
 * batch had not seen (its failures stay pending, and a count would miss
 * a new entry that arrives while someone else removes a failed one).
 */
static bool
release_and_look_again(int fd, const struct settings *s, GHashTable *seen)
{
	if (ftruncate(fd, 0) == -1)
		log_debug("cannot clear the batch indexer's pid");
	flock(fd, LOCK_UN);
	if (!pending_any_beyond(s->state_dir, seen))
		return false;
	if (flock(fd, LOCK_EX | LOCK_NB) == -1)
		return false;	/* a delivery started another indexer */
	lock_note_pid(fd);
	return true;
}

int
background_run(const struct settings *s)
{
	struct sigaction sa = { .sa_handler = give_up };
	unsigned total = 0, stuck;
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	int fd = lock_take(s);

	if (fd == -1)
		return 0;	/* another indexer runs */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	lock_note_pid(fd);
	do
		stuck = drain_all(s, &total, &seen);
	while (release_and_look_again(fd, s, seen));
	close(fd);
	g_hash_table_unref(seen);
	if (stuck > 0)
		log_warnx("batch indexer: %u message(s) could not be indexed and stay pending;"
		    " run 'backstop index -v' to see why", stuck);
	log_debug("batch indexer: %u message(s) indexed", total);
	return 0;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static long
holder_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	return strtol(buf, NULL, 10);
}

int
background_lock_wait(const struct settings *s, int timeout, long *pid)
{
	long deadline = now_ms() + timeout * 1000L;
	int fd = lock_open(s);

	*pid = 0;
	if (fd == -1)
		return -1;
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if (errno == EWOULDBLOCK && pending_count(s->state_dir) == 0) {
			close(fd);	/* all committed: the indexer only lingers */
			return -2;
		}
		if (errno != EWOULDBLOCK || now_ms() >= deadline) {
			*pid = holder_pid(fd);
			close(fd);
			return -1;
		}
		usleep(20000);
	}
	return fd;
}
