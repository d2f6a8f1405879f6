/*
 * background.h: the batch indexer.  A quarantine delivery stores its
 * message, adds it to the pending list and hands the indexing to one
 * detached process, which it starts when none is running; nobody waits
 * for that process.
 */
#ifndef BACKSTOP_BACKGROUND_H
#define BACKSTOP_BACKGROUND_H

#include <stdbool.h>

#include "settings.h"

/*
 * For a delivery, after pending_add: starts the batch indexer unless
 * one holds <state_dir>/batch.lock.  Never waits and never fails the
 * delivery; if the indexer cannot be started the entry stays pending
 * for the next delivery or `backstop index`, and that is logged.
 */
void background_start(const struct settings *s);

/*
 * Starts `backstop COMMAND FLAG [-c CONFIG]` detached (own session,
 * /dev/null stdio, default signals) holding lock_fd (a descriptor above
 * 3) as descriptor 3, the way a delivery starts the batch indexer and
 * the resident judge (judge-client.c).  Returns 0, or -1/errno.
 */
int background_spawn(const struct settings *s, int lock_fd, const char *command,
    const char *flag);

/*
 * For a process background_spawn started, first thing: closes whatever
 * above descriptor 3 it may have inherited where posix_spawn cannot.
 */
void background_close_inherited(void);

/*
 * The batch indexer itself (`backstop index --background`): indexes
 * everything pending, one commit per batch, waiting for notmuch's write
 * lock as long as it is held (up to a hard limit), and exits when
 * nothing is left.  Uses the lock inherited as descriptor 3 when a
 * delivery started it, else takes the lock or exits if another has it.
 * Returns the exit status.
 */
int background_run(const struct settings *s);

/*
 * For `backstop index`: waits up to timeout seconds for the batch
 * indexer to finish and takes its lock.  Returns the locked descriptor
 * (close it to let go); -2 if the indexer still runs but nothing is
 * pending any more (every entry is committed); or -1 with *pid set to
 * the running indexer's pid (0 if unknown) when it did not finish in time.
 */
int background_lock_wait(const struct settings *s, int timeout, long *pid);

#endif
