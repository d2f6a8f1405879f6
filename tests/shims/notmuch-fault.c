/*
 * notmuch-fault.c: an LD_PRELOAD shim that makes libnotmuch fail or
 * block, for the fault tests (tests/e2e/2020-faults.sh).  Built at test
 * time, linked with the real library:
 *
 *   cc -shared -fPIC -o notmuch-fault.so notmuch-fault.c \
 *       -Wl,--no-as-needed -lnotmuch -ldl
 *
 * (--no-as-needed: nothing here calls libnotmuch directly, yet it must be
 * a dependency, see below.)
 *
 * Why it also wraps dlopen(): backstop is not linked with libnotmuch; it
 * dlopen()s libnotmuch.so.5 on first use and looks every function up with
 * dlsym(handle, ...) (filters/notmuch-lazy.c).  Such a lookup searches only
 * that library and its dependencies, never an LD_PRELOADed object, so a
 * preloaded notmuch_database_index_file alone would not be seen.  This
 * shim therefore answers a dlopen() of libnotmuch.so.* with a handle to
 * itself: a lookup through that handle finds the functions defined here
 * first and every other one in the real libnotmuch, which is this
 * shim's own dependency.  The binary under test stays unchanged (no test
 * hook in it), and the same shim would still work if it were ever linked
 * with libnotmuch directly, by plain interposition.  Any other dlopen(),
 * such as backstop's of libgmime-3.0.so.0 (filters/gmime-lazy.c), goes to
 * the real one untouched; GMime is then already loaded, as a dependency
 * of this shim's libnotmuch, and dlopen() only returns its handle.
 *
 * NOTMUCH_FAULT (one word):
 *   noload       the dlopen() of libnotmuch fails
 *   open-fail    opening the database fails (XAPIAN_EXCEPTION)
 *   open-block   opening the database read-write, or reopening it
 *                read-write, blocks for an hour, as with a write lock
 *                that is never released (read-only opens are never
 *                blocked by the lock, nor here)
 *   index-fail   notmuch_database_index_file fails (XAPIAN_EXCEPTION)
 *   index-block  notmuch_database_index_file blocks for an hour
 *   find-fail    notmuch_database_find_message fails (XAPIAN_EXCEPTION),
 *                every call, as a database that stays busy would
 *   find-flaky   it fails on the 1st, 3rd, 5th... call of the process,
 *                so a caller that reopens and retries once gets through
 *                (deterministic, unlike the real DatabaseModifiedError)
 *   count-fail   notmuch_query_count_messages fails (XAPIAN_EXCEPTION)
 *   commit-kill  the process kills itself (SIGKILL) when it closes a
 *                read-write handle, before the commit: as a crash in
 *                the middle of a batch
 *   committed-kill  the same right after that close has committed:
 *                a crash between the commit and what follows it
 * NOTMUCH_FAULT_ONCE=FILE makes the fault happen once: only while FILE
 * does not exist, which the faulting call then creates.
 * Anything else, or unset: everything goes to the real library.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <notmuch.h>

static int
fault_is(const char *what)
{
	const char *f = getenv("NOTMUCH_FAULT");
	const char *once = getenv("NOTMUCH_FAULT_ONCE");

	if (f == NULL || strcmp(f, what) != 0)
		return 0;
	return once == NULL || access(once, F_OK) != 0;
}

/* Marks a NOTMUCH_FAULT_ONCE fault as spent. */
static void
fault_spent(void)
{
	const char *once = getenv("NOTMUCH_FAULT_ONCE");
	int fd;

	if (once != NULL && (fd = open(once, O_WRONLY | O_CREAT, 0600)) != -1)
		close(fd);
}

/* The last handle opened or reopened read-write (one is enough here). */
static notmuch_database_t *writable;

static void
block(void)
{
	for (int i = 0; i < 3600; i++)
		sleep(1);
}

void *
dlopen(const char *file, int flags)
{
	static void *(*real)(const char *, int);
	Dl_info self;

	if (real == NULL)
		real = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
	if (file != NULL && strncmp(file, "libnotmuch.so", 13) == 0) {
		if (fault_is("noload"))
			return NULL;
		/* A function of this file, not dlopen (an ASan runtime preloaded first defines that one too). */
		if (dladdr((void *)fault_is, &self) != 0 && self.dli_fname != NULL)
			return real(self.dli_fname, flags);
	}
	return real(file, flags);
}

notmuch_status_t
notmuch_database_open_with_config(const char *path, notmuch_database_mode_t mode,
    const char *config, const char *profile, notmuch_database_t **db, char **error)
{
	static __typeof__(&notmuch_database_open_with_config) real;
	notmuch_status_t st;

	if (real == NULL)
		real = (__typeof__(real))dlsym(RTLD_NEXT, "notmuch_database_open_with_config");
	if (fault_is("open-block") && mode == NOTMUCH_DATABASE_MODE_READ_WRITE)
		block();
	if (fault_is("open-fail")) {
		if (error != NULL)
			*error = strdup("notmuch-fault: injected failure");
		return NOTMUCH_STATUS_XAPIAN_EXCEPTION;
	}
	st = real(path, mode, config, profile, db, error);
	if (st == NOTMUCH_STATUS_SUCCESS && mode == NOTMUCH_DATABASE_MODE_READ_WRITE)
		writable = *db;
	return st;
}

notmuch_status_t
notmuch_database_reopen(notmuch_database_t *db, notmuch_database_mode_t mode)
{
	static __typeof__(&notmuch_database_reopen) real;

	if (real == NULL)
		real = (__typeof__(real))dlsym(RTLD_NEXT, "notmuch_database_reopen");
	if (fault_is("open-block") && mode == NOTMUCH_DATABASE_MODE_READ_WRITE)
		block();
	if (mode == NOTMUCH_DATABASE_MODE_READ_WRITE)
		writable = db;
	return real(db, mode);
}

notmuch_status_t
notmuch_database_close(notmuch_database_t *db)
{
	static __typeof__(&notmuch_database_close) real;
	notmuch_status_t st;

	if (real == NULL)
		real = (__typeof__(real))dlsym(RTLD_NEXT, "notmuch_database_close");
	if (db != writable)
		return real(db);
	if (fault_is("commit-kill")) {
		fault_spent();
		raise(SIGKILL);
	}
	st = real(db);
	writable = NULL;
	if (fault_is("committed-kill")) {
		fault_spent();
		raise(SIGKILL);
	}
	return st;
}

notmuch_status_t
notmuch_database_index_file(notmuch_database_t *db, const char *file,
    notmuch_indexopts_t *opts, notmuch_message_t **msg)
{
	static __typeof__(&notmuch_database_index_file) real;

	if (real == NULL)
		real = (__typeof__(real))dlsym(RTLD_NEXT, "notmuch_database_index_file");
	if (fault_is("index-block"))
		block();
	if (fault_is("index-fail")) {
		fault_spent();
		return NOTMUCH_STATUS_XAPIAN_EXCEPTION;
	}
	return real(db, file, opts, msg);
}

notmuch_status_t
notmuch_database_find_message(notmuch_database_t *db, const char *id, notmuch_message_t **msg)
{
	static __typeof__(&notmuch_database_find_message) real;
	static unsigned long calls;

	if (real == NULL)
		real = (__typeof__(real))dlsym(RTLD_NEXT, "notmuch_database_find_message");
	calls++;
	if (fault_is("find-fail") || (fault_is("find-flaky") && calls % 2 == 1)) {
		if (msg != NULL)
			*msg = NULL;
		return NOTMUCH_STATUS_XAPIAN_EXCEPTION;
	}
	return real(db, id, msg);
}

notmuch_status_t
notmuch_query_count_messages(notmuch_query_t *query, unsigned int *count)
{
	static __typeof__(&notmuch_query_count_messages) real;

	if (real == NULL)
		real = (__typeof__(real))dlsym(RTLD_NEXT, "notmuch_query_count_messages");
	if (fault_is("count-fail"))
		return NOTMUCH_STATUS_XAPIAN_EXCEPTION;
	return real(query, count);
}
