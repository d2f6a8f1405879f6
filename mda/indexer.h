/*
 * indexer.h: index quarantined messages into notmuch without ever
 * waiting longer than index_timeout for the write lock.
 */
#ifndef BACKSTOP_INDEXER_H
#define BACKSTOP_INDEXER_H

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

#endif
