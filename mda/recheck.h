/*
 * recheck.h: `backstop quarantine recheck`, the safety net of issue 11.
 */
#ifndef BACKSTOP_RECHECK_H
#define BACKSTOP_RECHECK_H

#include <stdbool.h>

#include "settings.h"

/*
 * Judges every quarantined message (arrived within since seconds; 0 for
 * all) again, with the classification `check` uses, and lists those
 * that now belong in the inbox; with apply, releases them (release.h:
 * stamped "released; by=recheck", recorded, tagged inbox again).
 * Prints what it did (with quiet, only the releases); returns the exit status (0, or 1 if a release
 * failed).
 */
int quarantine_recheck(const struct settings *s, long since, bool apply, bool quiet);

#endif
