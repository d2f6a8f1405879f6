/*
 * indexer.c: the notmuch writer, run in a child with a deadline.
 *
 * Protocol with the child over a pipe: 'L' once the database is open
 * read-write (the lock is ours), then "<indexed> <left>\n" at the end.
 * The parent kills a child that sends no 'L' in time; such a child is
 * blocked in fcntl() waiting for the lock and has written nothing, so
 * killing it is safe.  A child that got the lock runs to its commit.
 *
 * Tags follow `notmuch insert`: the database's new.tags, then the
 * configured quarantine operations, then one tag for the class; with
 * maildir.synchronize_flags the file is renamed to match (-unread moves
 * it to cur/ with the S flag).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <notmuch.h>

#include "child.h"
#include "indexer.h"
#include "log.h"
#include "maildir.h"
#include "pending.h"

#define CHILD_HARD_LIMIT_MS	(10 * 60 * 1000)

enum entry_status { ENTRY_INDEXED, ENTRY_DROPPED, ENTRY_RETRY };

/*
 * Called while m is frozen, before the thaw: the rename writes the
 * document once with the new tags and file name, and the thaw then has
 * nothing left to write (the other order writes it twice).
 */
static void
sync_flags(notmuch_database_t *db, notmuch_message_t *m)
{
	notmuch_bool_t sync = FALSE;

	if (notmuch_config_get_bool(db, NOTMUCH_CONFIG_SYNC_MAILDIR_FLAGS, &sync) ==
	    NOTMUCH_STATUS_SUCCESS && sync)
		notmuch_message_tags_to_maildir_flags(m);
}

void
indexer_tag_released(notmuch_database_t *db, notmuch_message_t *m,
    const struct settings *s)
{
	notmuch_message_freeze(m);
	for (char **op = s->quarantine_tags; op && *op; op++) {
		if ((*op)[0] == '+')
			notmuch_message_remove_tag(m, *op + 1);
		else
			notmuch_message_add_tag(m, *op + 1);
	}
	sync_flags(db, m);
	notmuch_message_thaw(m);
}

/* new.tags, then ops ("+tag"/"-tag"), then class_tag. */
static void
tag_quarantined(notmuch_database_t *db, notmuch_message_t *m, char **ops,
    const char *class_tag)
{
	notmuch_config_values_t *v = notmuch_config_get_values(db, NOTMUCH_CONFIG_NEW_TAGS);

	notmuch_message_freeze(m);
	for (; v && notmuch_config_values_valid(v); notmuch_config_values_move_to_next(v))
		notmuch_message_add_tag(m, notmuch_config_values_get(v));
	if (v)
		notmuch_config_values_destroy(v);
	for (char **op = ops; op && *op; op++) {
		if ((*op)[0] == '+')
			notmuch_message_add_tag(m, *op + 1);
		else
			notmuch_message_remove_tag(m, *op + 1);
	}
	notmuch_message_add_tag(m, class_tag);
	sync_flags(db, m);
	notmuch_message_thaw(m);
}

void
indexer_tag_quarantined(notmuch_database_t *db, notmuch_message_t *m,
    const struct settings *s, const char *class_tag)
{
	tag_quarantined(db, m, s->quarantine_tags, class_tag);
}

static enum entry_status
index_entry(notmuch_database_t *db, const struct settings *s,
    const struct pending_entry *e)
{
	char *path = pending_locate(e);
	notmuch_indexopts_t *opts;
	notmuch_message_t *m = NULL;
	notmuch_status_t st;

	if (path == NULL) {
		log_warnx("pending %s: the message is gone from %s; dropped", e->name, e->folder);
		return ENTRY_DROPPED;
	}
	opts = notmuch_database_get_default_indexopts(db);
	st = notmuch_database_index_file(db, path, opts, &m);
	notmuch_indexopts_destroy(opts);
	if (st != NOTMUCH_STATUS_SUCCESS && st != NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID) {
		bool retry = st == NOTMUCH_STATUS_XAPIAN_EXCEPTION ||
		    st == NOTMUCH_STATUS_OUT_OF_MEMORY;
		log_warnx("cannot index %s: %s%s", path, notmuch_status_to_string(st),
		    retry ? "; kept pending" : " (is the quarantine below notmuch's mail root?)");
		g_free(path);
		return retry ? ENTRY_RETRY : ENTRY_DROPPED;
	}
	tag_quarantined(db, m, e->tag_ops != NULL ? e->tag_ops : s->quarantine_tags,
	    e->class_tag);
	notmuch_message_destroy(m);
	g_free(path);
	return ENTRY_INDEXED;
}

static notmuch_database_t *
open_writable(const struct settings *s)
{
	notmuch_database_t *db = NULL;
	char *error = NULL;
	notmuch_status_t st;

	st = notmuch_database_open_with_config(NULL, NOTMUCH_DATABASE_MODE_READ_WRITE,
	    s->notmuch_config, NULL, &db, &error);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		log_warnx("cannot open the notmuch database for writing: %s",
		    error ? g_strchomp(error) : notmuch_status_to_string(st));
		free(error);
		if (db)
			notmuch_database_destroy(db);
		return NULL;
	}
	free(error);
	return db;
}

static void
child_report(int fd, const char *text)
{
	if (write_all(fd, text, strlen(text)) == -1)
		_exit(2);
}

/* The pending list as a job: index up to max entries, drop finished ones after the commit. */
struct drain {
	unsigned max_entries;
	GPtrArray *list, *finished;
};

static int
drain_run(notmuch_database_t *db, const struct settings *s, void *data,
    unsigned *done, unsigned *left)
{
	struct drain *d = data;

	d->list = pending_list(s->state_dir);
	d->finished = g_ptr_array_new();
	for (guint i = 0; i < d->list->len; i++) {
		struct pending_entry *e = g_ptr_array_index(d->list, i);
		if (d->max_entries != 0 && *done >= d->max_entries) {
			(*left)++;
			continue;
		}
		switch (index_entry(db, s, e)) {
		case ENTRY_INDEXED:
			(*done)++;
			/* FALLTHROUGH */
		case ENTRY_DROPPED:
			g_ptr_array_add(d->finished, e);
			break;
		case ENTRY_RETRY:
			(*left)++;
			break;
		}
	}
	return 0;
}

/* Entries go only once the commit is durable; until then they are the record. */
static void
drain_committed(void *data)
{
	struct drain *d = data;

	for (guint i = 0; i < d->finished->len; i++)
		pending_done(g_ptr_array_index(d->finished, i));
}

static G_GNUC_NORETURN void
child_run(int fd, const struct settings *s, const struct index_job *job)
{
	notmuch_database_t *db = open_writable(s);
	unsigned done = 0, left = 0;
	char line[64];

	if (db == NULL)
		_exit(1);
	child_report(fd, "L");
	/* Giving up: _exit without close, so Xapian commits nothing. */
	if (job->run(db, s, job->data, &done, &left) == -1)
		_exit(1);
	if (notmuch_database_close(db) != NOTMUCH_STATUS_SUCCESS)
		_exit(1);
	notmuch_database_destroy(db);
	if (job->committed != NULL)
		job->committed(job->data);
	snprintf(line, sizeof line, "%u %u\n", done, left);
	child_report(fd, line);
	_exit(0);
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads from fd into buf until EOF or the deadline.  Returns bytes read, -1 on timeout. */
static ssize_t
read_until(int fd, char *buf, size_t size, size_t want, long deadline)
{
	size_t have = 0;

	while (have < size - 1) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long wait = deadline - now_ms();
		ssize_t n;

		if (want != 0 && have >= want)
			break;
		if (wait <= 0)
			return -1;
		if (poll(&p, 1, (int)(wait > 1000 ? 1000 : wait)) <= 0)
			continue;
		n = read(fd, buf + have, size - 1 - have);
		if (n == 0)
			break;
		if (n == -1 && errno != EINTR)
			break;
		if (n > 0)
			have += (size_t)n;
	}
	buf[have] = '\0';
	return (ssize_t)have;
}

static enum index_result
drain(const struct settings *s, unsigned max_entries, notmuch_database_t *db,
    unsigned *indexed, unsigned *left, bool here)
{
	struct drain d = { .max_entries = max_entries };
	struct index_job job = { drain_run, drain_committed, &d };
	GPtrArray *list = pending_list(s->state_dir);
	enum index_result r;

	*indexed = 0;
	*left = list->len;
	g_ptr_array_unref(list);
	if (*left == 0) {
		if (db != NULL)
			notmuch_database_destroy(db);	/* read-only: writes nothing */
		return INDEX_DONE;
	}
	r = here ? indexer_run_here(s, &job, db, indexed, left) :
	    indexer_run(s, &job, indexed, left);
	if (d.list != NULL)
		g_ptr_array_unref(d.list);
	if (d.finished != NULL)
		g_ptr_array_unref(d.finished);
	return r;
}

enum index_result
indexer_drain_waiting(const struct settings *s, unsigned max_entries,
    unsigned *indexed, unsigned *left)
{
	struct drain d = { .max_entries = max_entries };
	notmuch_database_t *db;
	enum index_result r = INDEX_DONE;

	*indexed = *left = 0;
	if ((db = open_writable(s)) == NULL)
		return INDEX_FAILED;
	drain_run(db, s, &d, indexed, left);
	if (notmuch_database_close(db) != NOTMUCH_STATUS_SUCCESS) {
		log_warnx("cannot commit to the notmuch database; the entries stay pending");
		r = INDEX_FAILED;
	}
	notmuch_database_destroy(db);
	if (r == INDEX_DONE)
		drain_committed(&d);
	g_ptr_array_unref(d.list);
	g_ptr_array_unref(d.finished);
	return r;
}

enum index_result
indexer_drain(const struct settings *s, unsigned max_entries,
    unsigned *indexed, unsigned *left)
{
	return drain(s, max_entries, NULL, indexed, left, false);
}

enum index_result
indexer_drain_here(const struct settings *s, unsigned max_entries,
    notmuch_database_t *db, unsigned *indexed, unsigned *left)
{
	return drain(s, max_entries, db, indexed, left, true);
}

/*
 * In this process, for a delivery: no fork, and one database handle
 * that goes from read-only to read-write (notmuch_database_reopen)
 * instead of a second open in a child; the handle is the one the
 * evidence lookup opened, when there was one (nm_session_take_db).  That is only safe when the
 * write lock is free, because reopen waits for it without limit; so
 * the lock is looked at first (F_OFD_GETLK on Xapian's flintlock, as
 * notes/libraries.md describes) and a held one sends the work to the
 * child path, which waits with a deadline.  For the small race between
 * look and reopen, an alarm ends the process after index_timeout with
 * status 0: the message is already durable and its entry pending, and
 * nothing has been written while the lock is awaited.
 */
static void
here_timeout(int sig)
{
	_exit(0);
}

/* 1 free, 0 held, -1 cannot tell (no flintlock where we look). */
static int
write_lock_free(notmuch_database_t *db)
{
	static const char *const places[] = { ".notmuch/xapian/flintlock", "xapian/flintlock" };
	const char *root = notmuch_database_get_path(db);
	int result = -1;

	for (size_t i = 0; root != NULL && result == -1 && i < G_N_ELEMENTS(places); i++) {
		char *path = g_build_filename(root, places[i], NULL);
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		g_free(path);
		if (fd == -1)
			continue;
		if (fcntl(fd, F_OFD_GETLK, &fl) == 0)
			result = fl.l_type == F_UNLCK;
		close(fd);
	}
	return result;
}

static notmuch_database_t *
open_readonly(const struct settings *s)
{
	notmuch_database_t *db = NULL;
	char *error = NULL;

	if (notmuch_database_open_with_config(NULL, NOTMUCH_DATABASE_MODE_READ_ONLY,
	    s->notmuch_config, NULL, &db, &error) != NOTMUCH_STATUS_SUCCESS) {
		free(error);
		if (db != NULL)
			notmuch_database_destroy(db);
		return NULL;
	}
	free(error);
	return db;
}

enum index_result
indexer_run_here(const struct settings *s, const struct index_job *job,
    notmuch_database_t *db, unsigned *indexed, unsigned *left)
{
	struct sigaction sa = { .sa_handler = here_timeout }, old;
	notmuch_status_t st;
	int rc;

	if (s->index_timeout == 0) {
		if (db != NULL)
			notmuch_database_destroy(db);
		return INDEX_LOCKED;
	}
	if (db == NULL)
		db = open_readonly(s);
	if (db == NULL || write_lock_free(db) == 0) {
		if (db != NULL)
			notmuch_database_destroy(db);
		return indexer_run(s, job, indexed, left);
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	alarm((unsigned)s->index_timeout);
	st = notmuch_database_reopen(db, NOTMUCH_DATABASE_MODE_READ_WRITE);
	alarm(CHILD_HARD_LIMIT_MS / 1000);	/* the work itself, like the child's limit */
	if (st != NOTMUCH_STATUS_SUCCESS) {
		alarm(0);
		sigaction(SIGALRM, &old, NULL);
		notmuch_database_destroy(db);	/* nothing was written */
		return indexer_run(s, job, indexed, left);
	}
	*indexed = *left = 0;
	rc = job->run(db, s, job->data, indexed, left);
	/*
	 * Giving up must not commit, and destroy would (it closes), so a
	 * job that gives up leaves the handle for the process exit, which
	 * writes nothing: the delivery ends right after this.
	 */
	if (rc == 0 && notmuch_database_close(db) != NOTMUCH_STATUS_SUCCESS)
		rc = -1;
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
	if (rc == -1)
		return INDEX_FAILED;
	notmuch_database_destroy(db);
	if (job->committed != NULL)
		job->committed(job->data);
	return INDEX_DONE;
}

enum index_result
indexer_run(const struct settings *s, const struct index_job *job,
    unsigned *indexed, unsigned *left)
{
	char buf[128];
	int fd;
	pid_t pid;
	ssize_t n;
	int status;

	if (s->index_timeout == 0)
		return INDEX_LOCKED;
	if ((pid = child_fork_piped(&fd)) == -1)
		return INDEX_FAILED;
	if (pid == 0)
		child_run(fd, s, job);
	n = read_until(fd, buf, sizeof buf, 1, now_ms() + s->index_timeout * 1000L);
	if (n <= 0 || buf[0] != 'L') {
		close(fd);
		child_reap(pid, n == -1);
		return n == -1 ? INDEX_LOCKED : INDEX_FAILED;
	}
	n = read_until(fd, buf + 1, sizeof buf - 1, 0, now_ms() + CHILD_HARD_LIMIT_MS);
	close(fd);
	status = child_reap(pid, n == -1);
	if (n <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    sscanf(buf + 1, "%u %u", indexed, left) != 2)
		return INDEX_FAILED;
	return INDEX_DONE;
}

/* Is anything pending?  Cheaper than loading the list. */
static bool
pending_any(const char *state_dir)
{
	GPtrArray *list = pending_list(state_dir);
	bool any = list->len > 0;

	g_ptr_array_unref(list);
	return any;
}

unsigned
indexer_batch(const struct settings *s)
{
	char *path = g_build_filename(s->state_dir, "batch.lock", NULL);
	unsigned total = 0, indexed, left;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	g_free(path);
	if (fd == -1)
		return 0;
	for (int round = 0; round < 1000; round++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == -1)
			break;		/* another delivery is the writer */
		if (indexer_drain(s, 0, &indexed, &left) != INDEX_DONE) {
			flock(fd, LOCK_UN);
			break;		/* busy or failing: the entries stay pending */
		}
		total += indexed;
		flock(fd, LOCK_UN);
		if (indexed == 0 || !pending_any(s->state_dir))
			break;		/* done, or only entries that keep failing */
	}
	close(fd);
	return total;
}
