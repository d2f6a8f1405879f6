/*
 * indexer.h: index quarantined messages into notmuch without ever
 * waiting longer than index_timeout for the write lock.
 */
#ifndef BACKSTOP_INDEXER_H
#define BACKSTOP_INDEXER_H

#include <notmuch.h>

#include "settings.h"

enum index_result {
	INDEX_DONE,		/* every pending entry handled */
	INDEX_LOCKED,		/* the write lock was not had in time: entries remain */
	INDEX_FAILED,		/* the database could not be opened or written */
};

/*
 * Indexes the pending entries (at most max_entries, 0 for all) with
 * their tags, in a child process: libnotmuch blocks without limit on a
 * held write lock and offers no timeout, so the child is killed if it
 * has not got the lock after s->index_timeout seconds.  Once it has the
 * lock it is left to finish, within a generous hard limit.  *indexed is
 * set to the number of entries indexed, *left to those still pending.
 */
enum index_result indexer_drain(const struct settings *s, unsigned max_entries,
    unsigned *indexed, unsigned *left);

/*
 * The same in this process for the batch indexer (background.c), which
 * may wait for notmuch's write lock as long as it is held: nobody waits
 * for it.  One commit; entries are removed only once it is durable.
 */
enum index_result indexer_drain_waiting(const struct settings *s, unsigned max_entries,
    unsigned *indexed, unsigned *left);

/*
 * The same for a delivery, without a child when notmuch's write lock is
 * free (see indexer.c); may end the process with status 0 if the lock
 * is taken in the instant between looking and taking it.  db is a
 * read-only handle to reopen read-write (the one the lookup used,
 * nm_session_take_db), or NULL to open one; it is always used up:
 * closed, destroyed or left for the process exit.
 */
enum index_result indexer_drain_here(const struct settings *s, unsigned max_entries,
    notmuch_database_t *db, unsigned *indexed, unsigned *left);

/*
 * Work for the writer child.  run() is called with the database open
 * read-write (the lock held); it counts what it did in *done and what
 * it left in *left, and returns 0, or -1 to give up without a commit.
 * committed(), if set, runs after the commit is durable.
 */
struct index_job {
	int (*run)(notmuch_database_t *db, const struct settings *s, void *data,
	    unsigned *done, unsigned *left);
	void (*committed)(void *data);
	void *data;
};

/*
 * Runs job in a child that must get the write lock within
 * s->index_timeout (INDEX_LOCKED if not; nothing was written then).
 * The child gets a copy of the parent's memory, so data is only read
 * there; results come back as *done and *left.
 */
enum index_result indexer_run(const struct settings *s, const struct index_job *job,
    unsigned *done, unsigned *left);

/* indexer_run in this process, through db as for indexer_drain_here. */
enum index_result indexer_run_here(const struct settings *s, const struct index_job *job,
    notmuch_database_t *db, unsigned *done, unsigned *left);

/*
 * The pending list in batches by one writer at a time: takes the lock
 * file <state_dir>/batch.lock without waiting; whoever holds it drains
 * everything pending (one commit per round) until the list is empty
 * after the lock is released.  A delivery that does not get the lock
 * has already added its entry, and the holder's check after releasing
 * sees it, so nothing is left behind.  Returns the number indexed by
 * this process (0 if another is the writer).
 */
unsigned indexer_batch(const struct settings *s);

/*
 * Tags m as a quarantined message: new.tags, the quarantine_tags
 * operations, class_tag; then renames the file to match if notmuch
 * synchronizes maildir flags.
 */
void indexer_tag_quarantined(notmuch_database_t *db, notmuch_message_t *m,
    const struct settings *s, const char *class_tag);

/* Undoes the quarantine operations (+x becomes -x and -x +x), syncs flags. */
void indexer_tag_released(notmuch_database_t *db, notmuch_message_t *m,
    const struct settings *s);

#endif
